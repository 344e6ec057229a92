"""`$...$` and `$$...$$` as MathML Core, written when the page is built.

A Python-Markdown extension, so it works wherever Python-Markdown does (MkDocs
today, Zensical tomorrow, a plain `markdown.markdown(...)` in a test):

    markdown_extensions:
      - rnn_guide_site.mathml

The TeX is converted by math-core (a pinned PyPI package). Browsers draw MathML
natively: a reader downloads no math JavaScript, and screen readers read the
equation as maths, not as TeX. The site's one math font is subset and served by
hooks/math_font.py.

Inline maths follows pymdownx.arithmatex's "smart dollar" rule (no space just
inside the dollars, so `$5 and $6` stays text); display maths is a paragraph of
its own between `$$`. A backslash escapes a dollar: `\\$`.

A TeX error is logged as a warning on the `mkdocs` logger, which
`mkdocs build --strict` turns into a failed build; `mkdocs serve` keeps running
and shows the source in red, with the error in its title.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as etree

import math_core
from markdown import Extension
from markdown.blockprocessors import BlockProcessor
from markdown.inlinepatterns import InlineProcessor
from pymdownx import util as pymdownx_util
from pymdownx.arithmatex import RE_DOLLAR_BLOCK, RE_SMART_DOLLAR_INLINE

# A child of the `mkdocs` logger, so strict mode counts its warnings.
log = logging.getLogger("mkdocs.rnn_guide_site.mathml")

_CONVERTER = math_core.LatexToMathML(fancy_error=False)


class TexError(ValueError):
    """TeX that math-core cannot convert."""


# `f'` comes out as a superscript prime, <msup><mi>f</mi><mo>′</mo></msup>, which
# Chromium draws small and high above the letter: U+2032 is already a raised
# mark, and the superscript raises it again. Set after its letter at full size,
# as TeX draws it (tests/browser screenshots compare the two).
_PRIME = re.compile(r"<msup>(<mi>[^<]*</mi>)<mo>([′″‴⁗])</mo></msup>")


# A subscript tucked under its letter. STIX Two Math's italic f, W and r reach
# out over their bottom-right corner (f's advance, 0.577 em, spans its hook),
# and the font's MATH table says by how much a subscript moves in there: a
# bottom-right cut-in (MathKernInfo), the OpenType form of TeX's kern. Chromium's
# MathML uses only the italic correction (0.020 em for f) and ignores cut-ins,
# so f_t read "f  t" (reader review S6). Each such subscript gets a class that
# moves it left by the font's kern at 0.2 em above the baseline, where an
# ordinary subscript's top sits (extra.css; tests/test_hooks.py reads the
# values from the font). MathML and what a screen reader hears are unchanged.
CUT_IN = {"f": 0.148, "W": 0.066, "r": 0.098}  # em of the letter
_CUT_IN = re.compile(r"<(msub|msubsup)><mi>([fWr])</mi><(mi|mn|mrow|mo)\b")


def to_mathml(tex: str, display: bool) -> str:
    """The MathML Core for one equation; TexError if the TeX is wrong."""
    try:
        mathml = _CONVERTER.convert_with_local_state(tex.strip(), displaystyle=display)
    except math_core.LatexError as exc:
        raise TexError(str(exc)) from exc
    mathml = _PRIME.sub(r'<mrow>\1<mo lspace="0" rspace="0">\2</mo></mrow>', mathml)
    return _CUT_IN.sub(r'<\1><mi>\2</mi><\3 class="cut-in-\2"', mathml)


def render(tex: str, display: bool) -> str:
    """The HTML for one equation, or the source marked in red with its error."""
    try:
        mathml = to_mathml(tex, display)
    except TexError as exc:
        log.warning("TeX error: %s in %r", exc, tex)
        title = html.escape(f"TeX error: {exc}", quote=True)
        return f'<code class="math-error" title="{title}">{html.escape(tex)}</code>'
    if display:
        return f'<div class="math-display">{mathml}</div>'
    return mathml


# Punctuation that closes on an inline equation: a browser may break a line
# between an equation and the text after it (it is one box, like an image), and
# the line below would start with ", is". The two are kept together.
_CLOSING = re.compile(r"[.,;:!?)\]…]+")


class _InlineMath(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str):
        escapes = m.group(1)
        if escapes:  # an even run of backslashes before a dollar: not maths
            return escapes.replace("\\\\", _ESCAPED_BACKSLASH), m.start(0), m.end(0)
        html, end = render(m.group(3), display=False), m.end(0)
        closing = _CLOSING.match(data, end)
        if closing:
            html, end = f'<span class="math-nowrap">{html}{closing[0]}</span>', closing.end()
        return self.md.htmlStash.store(html), m.start(0), end


_ESCAPED_BACKSLASH = f"\x02{ord(chr(92))}\x03"


class _DisplayMath(BlockProcessor):
    PATTERN = re.compile(rf"(?s)^(?:{RE_DOLLAR_BLOCK})[ ]*$")

    def test(self, parent: etree.Element, block: str) -> bool:
        return self.PATTERN.match(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        tex = self.PATTERN.match(blocks.pop(0))["math"]
        # A paragraph holding only a placeholder is replaced by the raw HTML.
        paragraph = etree.SubElement(parent, "p")
        paragraph.text = self.parser.md.htmlStash.store(render(tex, display=True))
        return True


class MathExtension(Extension):
    def extendMarkdown(self, md):
        md.registerExtension(self)
        pymdownx_util.escape_chars(md, ["$"])
        # After backticks (190, which run first), so `$` in code stays code:
        # the same priorities as pymdownx.arithmatex.
        md.inlinePatterns.register(
            _InlineMath(f"(?:{RE_SMART_DOLLAR_INLINE})", md), "mathml-inline", 189.9
        )
        md.parser.blockprocessors.register(_DisplayMath(md.parser), "mathml-block", 79.9)


def makeExtension(**kwargs):
    return MathExtension(**kwargs)
