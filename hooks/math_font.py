"""The site's one math font: STIX Two Math, cut down to the characters the site uses.

Browsers draw MathML with an OpenType MATH font: its MATH table places scripts,
primes, fraction bars and big operators. Without one Chromium falls back to a
text font and misplaces scripts and primes, so the site serves its own.

The font comes from the npm package @fontsource/stix-two-math, pinned in
package-lock.json and installed by `make` (`npm ci`) into node_modules/. Every
page's MathML (rnn_guide_site/mathml.py) is read as it is built; after the
build the font is subset with fontTools to those characters, plus what the MATH
and GSUB tables reach from them (script-size variants, big operators, stretchy
parts), and written once as fonts/stix-two-math.woff2. Every page links the
same file, so a browser fetches it once for the whole site. The subset is
cached in .cache/math-font/, keyed on the font and the characters. In a
preview the characters only accumulate, so a page rebuilt alone (`make serve`
rebuilds only what changed) never takes glyphs from the pages around it.
"""

from __future__ import annotations

import hashlib
import html
import io
import logging
import re
import shutil
import unicodedata
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.math_font")

PACKAGE = Path("node_modules/@fontsource/stix-two-math")
SOURCE = PACKAGE / "files/stix-two-math-latin-400-normal.woff2"
TARGET = "fonts/stix-two-math.woff2"
CACHE = Path(".cache/math-font")

_MATH = re.compile(r"<math\b.*?</math>", re.S)
_TEXT = re.compile(r">([^<]+)<")

_used: set[str] = set()


# Elements the browser draws with a glyph that is not in the markup's text.
_IMPLIED = {"<msqrt": "\u221a", "<mroot": "\u221a"}


def characters(page_html: str) -> set[str]:
    """Every character inside the page's <math> elements, entities decoded, and
    the radical sign that <msqrt> and <mroot> are drawn with."""
    found: set[str] = set()
    for math in _MATH.findall(page_html):
        for text in _TEXT.findall(math):
            found.update(html.unescape(text))
        found.update(char for tag, char in _IMPLIED.items() if tag in math)
    return found


def with_italics(chars: set[str]) -> set[str]:
    """The characters and, for each letter, its mathematical italic form.

    MathML draws a one-letter <mi> in italic by mapping it to the italic letter's
    own code point (x to U+1D465), so the font must hold that glyph too.
    """
    out = set(chars)
    for char in chars:
        name = unicodedata.name(char, "")
        match = re.fullmatch(r"(?:LATIN|GREEK) (SMALL|CAPITAL) LETTER (\w+)", name)
        if not match:
            continue
        if char == "h":  # the italic h is the Planck constant, outside the block
            out.add("\u210e")
            continue
        try:
            out.add(unicodedata.lookup(f"MATHEMATICAL ITALIC {match[1]} {match[2]}"))
        except KeyError:
            pass
    return out


def subset(source: Path, chars: set[str]) -> bytes:
    """The font cut to `chars` and all the MATH and layout tables reach, as woff2."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # script-style variants (ssty), flattened accents ...
    options.notdef_outline = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep the licence-relevant names
    options.hinting = False
    # The source's own timestamp, not the time of the build: the same input
    # gives the same bytes (fontTools otherwise stamps head.modified on save).
    font = TTFont(source, recalcTimestamp=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    return buffer.getvalue()


def on_startup(command, dirty):
    """Start each process with no characters. A preview (`mkdocs serve`) then
    only adds: a dirty rebuild reads the edited page alone, and the font it
    writes must still hold what the pages it did not rebuild use."""
    _used.clear()


def on_page_content(page_html, page, config, files):
    _used.update(characters(page_html))
    return page_html


def on_post_build(config):
    root = Path(config["config_file_path"]).parent
    source = root / SOURCE
    if not source.is_file():
        log.warning("The math font %s is missing: run `make fonts` (npm ci) to install it", source)
        return
    chars = with_italics(_used) | {" ", "\u00a0"}
    font_bytes = source.read_bytes()
    key = hashlib.sha256(font_bytes + "".join(sorted(chars)).encode()).hexdigest()[:20]
    cached = root / CACHE / f"{key}.woff2"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(subset(source, chars))
    target = Path(config["site_dir"]) / TARGET
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, target)
    licence = root / PACKAGE / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, target.parent / "OFL.txt")
