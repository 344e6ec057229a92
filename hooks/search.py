"""What the search index holds: prose and equations, not code, figures or answers.

Material's search plugin reads `page.content` in its `on_page_context` and
skips any element marked `data-search-exclude`. This hook hands it a reading
copy of each page (before it reads, priority 50) and puts the page back
(after, priority -50): the marks and cuts below never reach the built page.

- Code blocks: every page's prose names the functions and arguments its code
  uses, in inline code that stays searchable. The blocks themselves, doctest
  output included, were half of the index and crowded the prose out of results.
- Self-assessment answers (`??? success "Answer"`): a result would print the
  answer under its question.
- Diagrams mark themselves (rnn_guide_site/diagrams.py): their labels are not prose.
- A lab (a notebook rendered by mkdocs-jupyter) is read as its Markdown cells
  alone, one after another. Its code cells, their outputs, their copy buttons
  and the hidden second copy of each cell's source that the copy button reads
  (`clipboard-copy-txt`) are not prose: indexed, a lab's code ranked above the
  chapter that teaches it and filled a phone screen as one paragraph. And
  nbconvert nests every heading two divs deep in its cell, so the plugin, which
  ends a section where the heading's parent ends, filed the cells after each
  code cell under the page instead of under their heading. The "¶" anchor
  nbconvert puts in each lab heading is marked too: it would end every title.

Ranking. Material's search (lunr, one index entry a section) weighs a word in
a section's title a thousand times one in its text, and does not weigh text by
its length, so equally good matches often tie to the last digit. Each entry
can carry a boost, a factor on its score; with these, the chapter that
teaches a term comes first:

- the separator (mkdocs.yml) splits at punctuation too: a heading
  "`batch_first=True`" or a mention of `nn.LSTM` is found by "batch_first"
  and "LSTM", as the words a reader types;
- a function in the API reference is titled by its name; its signature stays
  out of the title (its parameters are its text), or the reference would win
  every search for an argument's name;
- a page outside the nav's sections (home, notation, explorer, mistakes, the
  API reference) and a lab count half: they point to the chapters or exercise
  what one teaches. Among the chapters, each counts 0.5% less than the one
  before it in the nav: a tie goes to the chapter that introduces the term.
  A page's own front matter (`search: boost:`) wins over both;
- a mistake (`{#mistake-...}`) counts half: it shows a wrong use of what the
  section before it teaches, and its own words (the error message) find it.

tests/browser/test_browser_search.py types learners' queries into the built
site's search box and checks the first result.

Equations stay: their MathML is text (`h_t = tanh(...)` reads "ht=tanh(...)").

The plugin still reads an excluded block tag by tag before it skips it, and a
code block is one `<span>` per token, so the copy leaves out each excluded
block's `<pre>`: reading the pages was about a third of a warm build. The index
is the same as from the marked page (tests/test_hooks.py).
"""

import json
import re
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

_EXCLUDED = re.compile(
    r'<div class="(?:(?:language-[\w-]+ )?highlight'  # a chapter's code block
    r'|highlight-ipynb[^"]*|zeroclipboard-container'  # a lab's code cell, its copy button
    r"|clipboard-copy-txt"  # the cell's source again, hidden, for the copy button
    r'|[^"]*\bjp-OutputArea-output\b[^"]*)"'  # a lab cell's output
    r'|<details class="success"'  # a self-assessment answer
    r'|<a class="anchor-link"'  # nbconvert's heading anchor, "¶"
)
MARK = " data-search-exclude"

# A <pre> that opens an excluded block: <pre> elements do not nest, so the
# first </pre> closes it.
_HELD = re.compile(rf"(?<={MARK}>)<pre\b.*?</pre>", re.S)

# A lab's Markdown cell, as nbconvert renders it.
_MARKDOWN_CELL = re.compile(r'<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>')
_DIV = re.compile(r"<(/?)div\b")

# A function's heading in mkdocstrings' markup: its name, then its signature.
_SIGNATURE = re.compile(
    r'(<h\d [^>]*class="doc doc-heading"[^>]*>\s*<code[^>]*>[^<]*)'
    r'<span class="p">\(</span>.*?(?=</code>)',
    re.S,
)

ASIDE = 0.5  # a page outside the chapters, a lab, a mistake
STEP = 0.005  # each chapter after the first in the nav
_MISTAKE = "#mistake-"

_pages: dict[str, str] = {}


def mark(page_html: str) -> str:
    """The page with every block the index leaves out marked `data-search-exclude`."""
    return _EXCLUDED.sub(lambda m: m[0] + MARK, page_html)


def markdown_cells(page_html: str) -> str:
    """The inner HTML of each Markdown cell of a rendered notebook, in order."""
    cells = []
    for start in _MARKDOWN_CELL.finditer(page_html):
        depth = 1
        for tag in _DIV.finditer(page_html, start.end()):
            depth += -1 if tag[1] else 1
            if depth == 0:
                cells.append(page_html[start.end() : tag.start()])
                break
    return "\n".join(cells)


def reading_copy(page_html: str, notebook: bool = False) -> str:
    """What the search plugin reads: the page marked, each excluded <pre> left
    out; of a notebook, only its Markdown cells."""
    if notebook:
        page_html = markdown_cells(page_html)
    return _HELD.sub("", mark(_SIGNATURE.sub(r"\1", page_html)))


def page_boost(page, nav) -> float:
    """How much the page's sections count in the ranking (see above)."""
    if page.parent is None or page.file.src_uri.endswith(".ipynb"):
        return ASIDE
    chapters = [p for p in nav.pages if p.parent is not None and p.file.src_uri.endswith(".md")]
    return round(1 - STEP * chapters.index(page), 4) if page in chapters else ASIDE


def boost_mistakes(index: dict) -> dict:
    """The search index with each mistake's section counting ASIDE as much."""
    for entry in index["docs"]:
        if _MISTAKE in entry["location"]:
            entry["boost"] = round(entry.get("boost", 1.0) * ASIDE, 4)
    return index


@event_priority(50)  # before Material's search plugin (priority 0) reads the page
def _lend(context, page, config, nav):
    _pages[page.file.src_uri] = page.content
    search = page.meta.setdefault("search", {})
    if isinstance(search, dict):
        search.setdefault("boost", page_boost(page, nav))
    page.content = reading_copy(page.content, page.file.src_uri.endswith(".ipynb"))
    return context


@event_priority(-50)  # after it: the page is built from its own content
def _give_back(context, page, config, nav):
    page.content = _pages.pop(page.file.src_uri)
    return context


on_page_context = CombinedEvent(_lend, _give_back)


@event_priority(-100)  # after the search plugin has written the index
def on_post_build(config):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if path.is_file():
        index = boost_mistakes(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
