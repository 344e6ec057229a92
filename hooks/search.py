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

Material's search plugin still reads an excluded block tag by tag before it
skips it, and a code block is one `<span>` per token: reading the pages was
about a third of a warm build. So the `<pre>` inside each excluded
block is held back while the plugin reads the page (`on_page_context`, run
before the plugin's) and put back into the built page (`on_post_page`). The
index is the same, byte for byte (tests/test_hooks.py), and a warm build
takes 2.8 s instead of 3.2 s.
"""

import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

_EXCLUDED = re.compile(
    r'<div class="(?:(?:language-[\w-]+ )?highlight'  # a chapter's code block
    r'|highlight-ipynb[^"]*|zeroclipboard-container'  # a lab's code cell, its copy button
    r'|[^"]*\bjp-OutputArea-output\b[^"]*)"'  # a lab cell's output
    r'|<details class="success"'  # a self-assessment answer
    r'|<a class="anchor-link"'  # nbconvert's heading anchor, "¶"
)
MARK = " data-search-exclude"

# A <pre> that opens an excluded block: <pre> elements do not nest, so the
# first </pre> closes it.
_HELD = re.compile(rf"(?<={MARK}>)<pre\b.*?</pre>", re.S)
_PLACEHOLDER = re.compile(r"<!-- search: held (\d+) -->")
_held: dict[str, list[str]] = {}


def on_page_content(page_html, page, config, files):
    return _EXCLUDED.sub(lambda m: m[0] + MARK, page_html)


def hold_back(page_html: str) -> tuple[str, list[str]]:
    """The page with each excluded block's <pre> replaced by a placeholder, and
    the <pre> elements in order."""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(match[0])
        return f"<!-- search: held {len(held) - 1} -->"

    return _HELD.sub(hold, page_html), held


def put_back(page_html: str, held: list[str]) -> str:
    """Every placeholder replaced by its <pre>; PluginError if one is missing."""
    restored = _PLACEHOLDER.sub(lambda m: held[int(m[1])], page_html)
    found = len(_PLACEHOLDER.findall(page_html))
    if found != len(held):
        raise PluginError(f"search hook: held back {len(held)} code blocks, found {found}")
    return restored


@event_priority(50)  # before Material's search plugin (priority 0) reads the page
def on_page_context(context, page, config, nav):
    page.content, _held[page.file.src_uri] = hold_back(page.content)
    return context


def on_post_page(output, page, config):
    return put_back(output, _held.pop(page.file.src_uri, []))
