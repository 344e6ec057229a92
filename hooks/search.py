"""Keep code blocks out of the search index.

Every page's prose names the functions and arguments its code uses, in inline
code that stays searchable. The blocks themselves, doctest output included, were
half of the index that every page downloads, and their matches crowded the
prose out of the results. Material skips any element marked
`data-search-exclude` when it builds the index.
"""

import re

_CODE_BLOCK = re.compile(r'<div class="(language-[\w-]+ )?highlight"')


def on_page_content(page_html, page, config, files):
    return _CODE_BLOCK.sub(lambda m: m[0] + " data-search-exclude", page_html)
