"""Diagrams from docs/figures/ inlined into the page, so they follow the colour scheme.

A Python-Markdown extension (`rnn_guide_site.diagrams` in mkdocs.yml). A chapter
writes an ordinary image, `![An RNN unrolled in time](figures/unrolled.svg)`, so
links are validated and the file previews anywhere. An `<img>` cannot see the
page's CSS, so the SVG's own markup takes its place: the drawing then uses the
theme's colours (docs/stylesheets/extra.css, "Diagrams") and switches with the
light/dark toggle. The alt text becomes the accessible name; the labels stay out
of the search index (`data-search-exclude`), where they would read as prose.

Every image whose file is in the figures folder is inlined, wherever the page
sits (`figures/x.svg`, `../figures/x.svg`) and whatever title or attributes it
carries; one that names a missing file is a warning, which fails a strict build.
tests/test_site.py fails on any diagram left as an `<img>` in the built site.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

log = logging.getLogger("mkdocs.rnn_guide_site.diagrams")

_FIGURE = re.compile(r"(?:^|/)figures/(?P<name>[\w.-]+\.svg)$")
_ID = re.compile(r'\bid="([^"]+)"')
_VIEWBOX = re.compile(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"')
_FONT_SIZE = re.compile(r'font-size(?:="|:\s*)([\d.]+)')
_SIZE_ATTR = re.compile(r'\s(?:width|height)="[^"]*"')

# Labels are drawn 14 units high unless a figure says otherwise (extra.css). On a
# phone the figure would shrink with the column and its labels with it; a figure
# never shrinks below the width at which its smallest label is this many pixels
# high, and scrolls sideways inside its own box instead (with a hint, extra.js).
DEFAULT_FONT = 14.0
MIN_LABEL_PX = 11.0


def min_width(svg: str) -> float:
    """The narrowest the figure may be drawn, in px, for labels of MIN_LABEL_PX."""
    box = _VIEWBOX.search(svg)
    if not box:
        return 0.0
    smallest = min([DEFAULT_FONT, *map(float, _FONT_SIZE.findall(svg))])
    return float(box[1]) * MIN_LABEL_PX / smallest


def inline_svg(svg: str, alt: str, prefix: str, extra: dict[str, str] | None = None) -> str:
    """The SVG markup ready to sit in a page: ids made unique, name given."""
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg).strip()
    for name in _ID.findall(svg):
        svg = svg.replace(f'id="{name}"', f'id="{prefix}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{prefix}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{prefix}-{name}"')
    label = html.escape(html.unescape(alt), quote=True)
    extra = dict(extra or {})
    classes = " ".join(["diagram", *extra.pop("class", "").split()])
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in sorted(extra.items()))
    style = f"min-width:{min_width(svg):.0f}px"
    if "width" in extra:  # the page's own size replaces the file's
        head, rest = svg.split(">", 1)
        svg = _SIZE_ATTR.sub("", head) + ">" + rest
    opening = f'<svg class="{classes}" role="img" aria-label="{label}" style="{style}"{attrs}'
    svg = svg.replace("<svg", opening, 1)
    # A span (display: block in CSS), as the figure sits in a paragraph.
    return f'<span class="diagram-scroll" data-search-exclude>{svg}</span>'


class _Inline(Treeprocessor):
    def __init__(self, md, figures: Path):
        super().__init__(md)
        self.figures = figures

    def run(self, root):
        images = [(p, c) for p in root.iter() for c in p if c.tag == "img"]
        for parent, image in images:
            match = _FIGURE.search(image.get("src", ""))
            if not match:
                continue
            path = self.figures / match["name"]
            if not path.is_file():
                log.warning("diagram %s not in %s: not inlined", match["name"], self.figures)
                continue
            keep = {k: v for k, v in image.attrib.items() if k in {"class", "width"}}
            svg = path.read_text(encoding="utf-8")
            svg = inline_svg(svg, image.get("alt", ""), path.stem, keep)
            self._replace(parent, image, self.md.htmlStash.store(svg))

    @staticmethod
    def _replace(parent, child, text):
        """Put `text` where `child` was, keeping the text that followed it."""
        text += child.tail or ""
        items = list(parent)
        position = items.index(child)
        if position == 0:
            parent.text = (parent.text or "") + text
        else:
            before = items[position - 1]
            before.tail = (before.tail or "") + text
        parent.remove(child)


class DiagramExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"figures": ["docs/figures", "The folder of the diagrams to inline"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        # After attr_list (8), which sets the attributes it reads.
        md.treeprocessors.register(_Inline(md, Path(self.getConfig("figures"))), "diagrams", 7)


def makeExtension(**kwargs):
    return DiagramExtension(**kwargs)
