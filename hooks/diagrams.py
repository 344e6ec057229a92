"""Inline the SVG diagrams under docs/figures/ so they follow the colour scheme.

A chapter writes an ordinary image, `![An RNN unrolled in time](figures/unrolled.svg)`,
so links are validated and the file previews anywhere. An `<img>` cannot see the
page's CSS, so this hook puts the SVG's own markup in its place: the drawing then
uses the theme's colours (see `docs/stylesheets/extra.css`, section "Diagrams") and
switches with the light/dark toggle. The alt text becomes the accessible name.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

_IMG = re.compile(r'<img alt="(?P<alt>[^"]*)" src="(?P<src>[^"]+/figures/[^"]+\.svg)"\s*/?>')
_ID = re.compile(r'\bid="([^"]+)"')


def inline_svg(svg: str, alt: str, prefix: str) -> str:
    """Return the SVG markup ready to sit in a page: ids made unique, name given."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg).strip()
    for name in _ID.findall(svg):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    label = html.escape(html.unescape(alt), quote=True)
    return svg.replace("<svg", f'<svg class="diagram" role="img" aria-label="{label}"', 1)


def on_page_content(page_html, page, config, files):
    docs_dir = Path(config["docs_dir"])

    def replace(match: re.Match[str]) -> str:
        # The src is already relative to the page's URL; resolve it to a docs file.
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), match["src"]))
        path = docs_dir / target.lstrip("/")
        if not path.is_file():
            return match[0]  # mkdocs' own link validation reports the broken image
        return inline_svg(path.read_text(encoding="utf-8"), match["alt"], path.stem)

    return _IMG.sub(replace, page_html)
