"""Send readers only the bytes a page uses.

- mkdocstrings links its stylesheet from every page; only the API reference has
  anything it styles, so the other pages drop the link.
- A chapter's hidden setup (`<!-- invisible-code-block: python -->`, run by
  the tests) is a comment a reader never sees: it leaves the page.
- Pygments wraps every token of a code block in a `<span>`: thousands per
  chapter, and the DOM size is what Lighthouse's total blocking time grows with.
  Names (`n`) are drawn in the code's own text colour (Material's
  --md-code-hl-name-color is --md-code-fg-color) and whitespace (`w`) is drawn
  not at all, so their spans become plain text; every other token keeps its
  colour.
- Our own stylesheet and script are written for contributors, with a comment on
  every rule. The built copies leave the comments out: half their weight, and
  the sources in docs/ keep them.
- A code block is drawn only when it comes near the screen (extra.css,
  content-visibility), and until then it takes the height CSS reserves for it.
  Each `<pre>` carries its number of lines (`style="--lines:N"`), so the
  reserved height is the drawn one: the page does not move as blocks are
  drawn, and no block's undrawn text reaches past its box (Lighthouse's axe
  measured such text over the footer and failed its contrast).
- The API reference is prose with a thousand inline code elements, and it too
  is drawn only near the screen: each entry's own text is wrapped in a
  `doc-text` div that carries what it holds (characters, paragraphs and list
  items, code blocks and their lines), from which CSS reserves a height no
  less than the text is drawn at.

tests/browser weighs every page against a bare Material page (CONTRIBUTING.md,
"Page weight"); tests/test_hooks.py checks these rewrites.
"""

import html
import re
from pathlib import Path

_MKDOCSTRINGS_CSS = re.compile(r'\s*<link[^>]+href="[^"]*assets/_mkdocstrings\.css"[^>]*>')
_API_MARKUP = 'class="doc doc-'
_HIDDEN_SETUP = re.compile(r"<!-- invisible-code-block:.*?-->\n?", re.S)

# A name or whitespace token: its text holds no markup of its own.
_PLAIN_TOKEN = re.compile(r'<span class="[nw]">([^<]*)</span>')

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# In the script, whole-line comments only: a comment that starts a line cannot
# sit inside a string or a regular expression (CONTRIBUTING.md asks for them).
_JS_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.S | re.M)
_JS_LINE_COMMENT = re.compile(r"^[ \t]*//.*\n", re.M)
_INDENT = re.compile(r"\n\s+")


def strip_css(text: str) -> str:
    """The stylesheet without comments, blank lines or indentation."""
    return _INDENT.sub("\n", _CSS_COMMENT.sub("", text)).strip() + "\n"


def strip_js(text: str) -> str:
    """The script without whole-line comments, blank lines or indentation."""
    text = _JS_LINE_COMMENT.sub("", _JS_BLOCK_COMMENT.sub("", text))
    return _INDENT.sub("\n", text).strip() + "\n"


# Each built file and how to strip it.
STRIPPED = {"stylesheets/extra.css": strip_css, "javascripts/extra.js": strip_js}


def plain_tokens(page_html: str) -> str:
    """Code tokens drawn in the code's own colour, as plain text."""
    return _PLAIN_TOKEN.sub(r"\1", page_html)


_PRE = re.compile(r"<pre\b(?![^>]*\bstyle=)([^>]*)>(.*?)</pre>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _with_lines(match: re.Match) -> str:
    lines = len(_TAG.sub("", match[2]).rstrip("\n").split("\n"))
    return f'<pre{match[1]} style="--lines:{lines}">{match[2]}</pre>'


def line_counts(page_html: str) -> str:
    """Each <pre> (without a style of its own) with its number of lines, --lines."""
    return _PRE.sub(_with_lines, page_html)


_DIV = re.compile(r"<(/?)div\b[^>]*>")
_DOC_CONTENTS = re.compile(r'<div class="doc doc-contents[^"]*">')
_DOC_CHILDREN = '<div class="doc doc-children">'
_BOX = re.compile(r"<(?:p|li|summary)\b")
_PRE_BLOCK = re.compile(r'<pre\b[^>]*style="--lines:(\d+)"[^>]*>.*?</pre>', re.S)
_SPACE = re.compile(r"\s+")


def _texts(page_html: str) -> list[tuple[int, int]]:
    """(start, end) of each API entry's own text, in order.

    mkdocstrings writes an entry's heading, then a `doc-contents` div with the
    entry's text and, for a module or a class, a `doc-children` div of the
    entries inside it, headings and all. An entry's own text is what comes
    before its `doc-children`: it holds no heading.
    """
    stack, texts = [], []
    for tag in _DIV.finditer(page_html):
        if not tag[1]:
            stack.append(tag)
            continue
        opening = stack.pop()
        # The root's own text (`first`) opens the page, on screen at load.
        if _DOC_CONTENTS.fullmatch(opening[0]) and " first" not in opening[0]:
            start, end = opening.end(), tag.start()
            children = page_html.find(_DOC_CHILDREN, start, end)
            end = end if children < 0 else children
            if page_html[start:end].strip():
                texts.append((start, end))
    return sorted(texts)


def _sized(text: str) -> str:
    """The text in a `doc-text` div that says what it holds (extra.css)."""
    code = _PRE_BLOCK.findall(text)
    prose = _PRE_BLOCK.sub("", text)
    chars = len(_SPACE.sub(" ", html.unescape(_TAG.sub("", prose))).strip())
    size = (
        f"--chars:{chars};--boxes:{len(_BOX.findall(prose))};"
        f"--code-blocks:{len(code)};--code-lines:{sum(map(int, code))}"
    )
    return f'<div class="doc-text" style="{size}">{text}</div>'


def api_text_sizes(page_html: str) -> str:
    """Each API entry's own text wrapped with its counts, for its reserved height."""
    out, last = [], 0
    for start, end in _texts(page_html):
        out += [page_html[last:start], _sized(page_html[start:end])]
        last = end
    return "".join(out) + page_html[last:]


def on_page_content(page_html, page, config, files):
    page_html = line_counts(plain_tokens(page_html))
    if _API_MARKUP in page_html:
        page_html = api_text_sizes(page_html)
    return page_html


def on_post_page(output, page, config):
    output = _HIDDEN_SETUP.sub("", output)
    if _API_MARKUP in output:
        return output
    return _MKDOCSTRINGS_CSS.sub("", output, count=1)


def on_post_build(config):
    site = Path(config["site_dir"])
    for name, strip in STRIPPED.items():
        path = site / name
        if path.is_file():
            path.write_text(strip(path.read_text(encoding="utf-8")), encoding="utf-8")
