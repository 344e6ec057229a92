"""Typeset TeX at build time, so readers download no math JavaScript or fonts.

`pymdownx.arithmatex` (generic mode) wraps `$...$` and `$$...$$` in
`<span class="arithmatex">\\(...\\)</span>` and
`<div class="arithmatex">\\[...\\]</div>`.
This hook replaces each wrapper with an inline SVG drawn by ziamath, whose glyphs
are paths from the STIX Two Math font shipped inside the ziamath wheel: the
equations look the same on every machine and need no network.

Glyph outlines repeat across equations, so each page gets one hidden sprite of
`<symbol>`s, one per distinct outline and named M0, M1, ... in the order the page
first uses them, and every equation refers to it with `<use>`.

The outlines are most of a page's math bytes, so they are rewritten losslessly.
ziafont writes each outline at 12 pt in absolute coordinates with two decimals,
and starts every contour with a line to the point it has just moved to:
`M 1.94 2.33 L 1.94 2.33 L 1.26 2.33 L 1.26 -8.78 Z`. Every coordinate is a
whole number of hundredths, so we count in hundredths and multiply the symbol's
viewBox by the same 100: its aspect ratio, and with it the mapping onto the
`<use>`'s width and height, stays the same and the drawing lands on exactly the
same points. The path becomes relative moves between integers, with `h` and `v`
for straight lines, `t` where a curve's control point mirrors the previous one,
no zero-length segments and no repeated command letters: `m194 233h-68v-1111h68z`.

A TeX error is logged as a warning, which `strict: true` turns into a failed
build; `mkdocs serve` keeps running and shows the faulty source in red.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import re
import warnings
from decimal import Decimal
from pathlib import Path

import latex2mathml.converter

with warnings.catch_warnings():
    # ziamath 0.13 locates its font with a deprecated importlib.resources call.
    warnings.simplefilter("ignore", DeprecationWarning)
    import ziamath

log = logging.getLogger("mkdocs.hooks.math")

# Body text in Material is 16 px; equations are drawn at that size and scaled in
# em, so they follow the reader's zoom and font-size settings.
FONT_PX = 16.0
# Decimals ziafont writes. Glyph coordinates are counted in units of the last one.
DECIMALS = 2
ziamath.config.precision = DECIMALS

CACHE_DIR = Path(".cache/math")
_CACHE_VERSION = f"5-{ziamath.__version__}-{FONT_PX}"

_WRAPPED = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">'
    r"(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])"
    r"</(?P=tag)>",
    re.DOTALL,
)
# A glyph with no outline, such as a space, is an empty `<symbol ... />`.
_SYMBOL = re.compile(r"<symbol [^>]*/>|<symbol .*?</symbol>", re.DOTALL)
_SYMBOL_ID = re.compile(r'<symbol id="([^"]+)"')
_HREF = re.compile(r'href="#([^"]+)"')
# The symbols ziafont writes: an id, a viewBox and absolute M/L/Q/C/Z paths, grouped
# for a glyph assembled from parts. Anything else is left as it is.
_PLAIN_SYMBOL = re.compile(
    r'<symbol id="[^"]+" viewBox="[-\d. ]+"'
    r'(?: />|>(?:<g>|</g>|<path d="[MLQCZ\d. -]*" />)*</symbol>)'
)
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')
_PATH_D = re.compile(r'<path d="([^"]*)"')
_PATH_TOKEN = re.compile(r"[A-Za-z]|[^\sA-Za-z]+")
_POINTS = {"M": 1, "L": 1, "Q": 2, "C": 3, "Z": 0}  # points each of ziafont's commands takes
_SVG_OPEN = re.compile(
    r'<svg xmlns="http://www.w3.org/2000/svg" width="([\d.]+)" '
    r'height="([\d.]+)" viewBox="([-\d. ]+)"'
)


# TeX sets a minus right after an opening bracket, a comma or a relation as a sign,
# with no space; ziamath spaces it as subtraction, "( − 1, 1)". Braces make it a sign.
_SIGN = re.compile(r"(^|[(\[{,=<>]|\\left[(\[])(\s*)([-+])")


def signs_as_ordinary(tex: str) -> str:
    """Brace every minus or plus that TeX would read as a sign: (-1 becomes ({-}1."""
    return _SIGN.sub(lambda m: f"{m[1]}{m[2]}{{{m[3]}}}", tex)


def hundredths(number: str) -> int:
    """Read one of ziafont's numbers, exactly, as a count of hundredths."""
    scaled = Decimal(number).scaleb(DECIMALS)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{number} has more than {DECIMALS} decimals")
    return int(scaled)


def compact_path(d: str) -> str:
    """Rewrite an absolute M/L/Q/C/Z path as relative integer moves in hundredths."""
    tokens = _PATH_TOKEN.findall(d)
    commands: list[tuple[str, list[int]]] = []
    here = start = (0, 0)
    mirror = None  # the control point a `t` here would imply
    i = 0
    while i < len(tokens):
        letter = tokens[i]
        count = 2 * _POINTS[letter]
        numbers = [hundredths(t) for t in tokens[i + 1 : i + 1 + count]]
        i += 1 + count
        if letter == "Z":
            commands.append(("z", []))
            here, mirror = start, None
            continue
        points = list(zip(numbers[0::2], numbers[1::2], strict=True))
        if letter != "M" and all(p == here for p in points):
            continue  # a segment of length zero draws nothing
        moves = [n - here[k % 2] for k, n in enumerate(numbers)]
        if letter == "L" and moves[0] == 0:
            commands.append(("v", moves[1:]))
        elif letter == "L" and moves[1] == 0:
            commands.append(("h", moves[:1]))
        elif letter == "Q" and points[0] == mirror:
            commands.append(("t", moves[2:]))
        else:
            commands.append((letter.lower(), moves))
        here = points[-1]
        if letter == "M":
            start = here
        # After a curve, a `t` would mirror the curve's control point through its end.
        mirror = (2 * here[0] - points[0][0], 2 * here[1] - points[0][1]) if letter == "Q" else None
    return _join(commands)


def _join(commands: list[tuple[str, list[int]]]) -> str:
    """Write path commands with no letter or space that SVG can do without."""
    text, previous = "", ""
    for letter, numbers in commands:
        # A command after one of its kind, or a line after a move, needs no letter.
        repeated = letter not in "mz" and letter == ("l" if previous == "m" else previous)
        text += "" if repeated else letter
        for k, number in enumerate(numbers):
            text += " " if number >= 0 and (k or repeated) else ""
            text += str(number)
        previous = letter
    return text


def compact_symbol(symbol: str) -> str:
    """Count a glyph symbol's viewBox and outline in hundredths (see the module notes)."""
    if not _PLAIN_SYMBOL.fullmatch(symbol):
        return symbol
    name = _SYMBOL_ID.match(symbol)[1]
    viewbox = " ".join(str(hundredths(n)) for n in _VIEWBOX.search(symbol)[1].split())
    paths = "".join(f'<path d="{compact_path(d)}"/>' for d in _PATH_D.findall(symbol))
    return f'<symbol id="{name}" viewBox="{viewbox}">{paths}</symbol>'


class TexError(ValueError):
    """TeX that cannot be typeset."""


def check_tex(tex: str) -> None:
    """Raise TexError for TeX that latex2mathml would pass through unrendered."""
    try:
        mathml = latex2mathml.converter.convert(tex)
    except Exception as exc:  # latex2mathml raises many unrelated types
        raise TexError(f"{type(exc).__name__} {exc}".strip()) from exc
    unknown = re.findall(r">(\\[A-Za-z]+)<", mathml)
    if unknown:
        raise TexError(f"unknown command {', '.join(sorted(set(unknown)))}")


@functools.cache
def typeset(tex: str, display: bool) -> str:
    """Return the SVG for one equation, sized in em and aligned on the baseline."""
    key = hashlib.sha256(f"{_CACHE_VERSION}|{display}|{tex}".encode()).hexdigest()
    cached = CACHE_DIR / f"{key[:2]}/{key}.json"
    if cached.exists():
        return json.loads(cached.read_text())["svg"]
    check_tex(tex)
    try:
        latex = ziamath.Latex(
            signs_as_ordinary(tex), size=FONT_PX, color="currentColor", inline=not display
        )
        svg = latex.svg()
    except Exception as exc:
        raise TexError(f"{type(exc).__name__} {exc}".strip()) from exc
    width, height, viewbox = _SVG_OPEN.match(svg).groups()
    top = float(viewbox.split()[1])
    depth = float(height) + top  # how far the drawing reaches below the baseline
    style = (
        f"width:{float(width) / FONT_PX:.3f}em;height:{float(height) / FONT_PX:.3f}em;"
        f"vertical-align:{-depth / FONT_PX:.3f}em"
    )
    label = html.escape(tex.strip(), quote=True)
    # Inline in HTML an <svg> needs no xmlns. Every shape ziamath draws in the text
    # colour inherits it from one fill on the <svg>.
    opening = (
        f'<svg viewBox="{viewbox}" style="{style}" role="img" aria-label="{label}" '
        'focusable="false" fill="currentColor"'
    )
    body = _SYMBOL.sub(lambda symbol: compact_symbol(symbol[0]), svg[_SVG_OPEN.match(svg).end() :])
    svg = opening + body.replace(' fill="currentColor"', "").replace(" />", "/>")
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps({"tex": tex, "svg": svg}))
    return svg


def render(tex: str, display: bool, where: str) -> str:
    """Typeset one equation, or log a warning and show the source."""
    try:
        svg = typeset(tex, display)
    except TexError as exc:
        log.warning("TeX error in %s: %s in %r", where, exc, tex)
        return f'<code class="math-error">{html.escape(tex)}</code>'
    if display:
        return f'<div class="math math-display">{svg}</div>'
    return f'<span class="math">{svg}</span>'


def typeset_page(page_html: str, where: str) -> str:
    """Replace every arithmatex wrapper in a page and add the shared glyph sprite.

    Each distinct outline becomes one symbol in the sprite, named M0, M1, ... on
    this page, and the equations' <use>s are renamed to match. The capital keeps
    them apart from the heading ids on the same page, which are all lower case.
    """
    names: dict[str, str] = {}  # a symbol's viewBox and paths -> its id on this page

    def replace(match: re.Match[str]) -> str:
        display = match["display"] is not None
        tex = html.unescape(match["display"] if display else match["inline"])
        out = render(tex, display, where)
        renamed: dict[str, str] = {}  # ziamath's id -> the page's

        def share(symbol: re.Match[str]) -> str:
            old = _SYMBOL_ID.match(symbol[0])[1]
            outline = symbol[0][len(f'<symbol id="{old}"') :]
            renamed[old] = names.setdefault(outline, f"M{len(names)}")
            return ""

        out = _SYMBOL.sub(share, out)
        return _HREF.sub(lambda use: f'href="#{renamed.get(use[1], use[1])}"', out)

    page_html = _WRAPPED.sub(replace, page_html)
    if not names:
        return page_html
    sprite = (
        '<svg class="math-sprite" aria-hidden="true" focusable="false">'
        + "".join(f'<symbol id="{name}"{outline}' for outline, name in names.items())
        + "</svg>"
    )
    return sprite + page_html


def on_page_content(html_text, page, config, files):
    return typeset_page(html_text, page.file.src_uri)
