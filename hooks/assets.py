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

tests/browser weighs every page against a bare Material page (CONTRIBUTING.md,
"Page weight"); tests/test_hooks.py checks these rewrites.
"""

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


def on_page_content(page_html, page, config, files):
    return line_counts(plain_tokens(page_html))


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
