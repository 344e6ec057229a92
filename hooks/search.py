"""What the search index holds: prose and equations, not code, figures or answers.

Material skips any element marked `data-search-exclude` when it builds the index.

- Code blocks: every page's prose names the functions and arguments its code
  uses, in inline code that stays searchable. The blocks themselves, doctest
  output included, were half of the index and crowded the prose out of results.
- The labs' code cells, their outputs and copy buttons (nbconvert's markup,
  rendered by mkdocs-jupyter), and the "¶" anchor nbconvert puts in each lab
  heading, which would end every lab heading in the results.
- Self-assessment answers (`??? success "Answer"`): a result would print the
  answer under its question.
- Diagrams mark themselves (rnn_guide_site/diagrams.py): their labels are not prose.

Equations stay: their MathML is text (`h_t = tanh(...)` reads "ht=tanh(...)").
"""

import re

_EXCLUDED = re.compile(
    r'<div class="(?:(?:language-[\w-]+ )?highlight'  # a chapter's code block
    r'|highlight-ipynb[^"]*|zeroclipboard-container'  # a lab's code cell, its copy button
    r'|[^"]*\bjp-OutputArea-output\b[^"]*)"'  # a lab cell's output
    r'|<details class="success"'  # a self-assessment answer
    r'|<a class="anchor-link"'  # nbconvert's heading anchor, "¶"
)


def on_page_content(page_html, page, config, files):
    return _EXCLUDED.sub(lambda m: m[0] + " data-search-exclude", page_html)
