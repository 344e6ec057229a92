"""Keep code blocks out of the search index.

Every page's prose names the functions and arguments its code uses, in inline
code that stays searchable. The blocks themselves, doctest output included, were
half of the index that every page downloads, and their matches crowded the
prose out of the results. Material skips any element marked
`data-search-exclude` when it builds the index.

The labs' code cells and their outputs (nbconvert's markup, rendered by
mkdocs-jupyter) are left out for the same reason; their Markdown cells stay.
Some lab code still reaches each lab's page-level entry: Material's parser loses
track of the exclusion somewhere in nbconvert's nested cell markup.
"""

import re

_CODE_BLOCK = re.compile(
    r'<div class="(?:(?:language-[\w-]+ )?highlight'  # a chapter's code block
    r'|highlight-ipynb[^"]*|zeroclipboard-container'  # a lab's code cell, its copy button
    r'|[^"]*\bjp-OutputArea-output\b[^"]*)"'  # a lab cell's output
)


def on_page_content(page_html, page, config, files):
    return _CODE_BLOCK.sub(lambda m: m[0] + " data-search-exclude", page_html)
