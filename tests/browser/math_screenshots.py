"""Screenshots of every page's maths, for review (not a test).

    python tests/browser/math_screenshots.py NEW_SITE [OLD_SITE]

Each page with maths is loaded at 1280 and 360 px wide, light and dark, with
everything but the blocks that hold maths hidden, and saved full length as
test-results/math/<page>-<width>-<scheme>-<label>.png. With a second built
site (say, the site before a change to the maths), its pages are saved beside
them as `-old`, in the light scheme, and each block with maths of the old site
is drawn above the same block of the new one in test-results/math/pairs/. Not a test: for
a person to look at.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ensure_browser import LAUNCH_ARGS, find_chromium
from playwright.sync_api import sync_playwright
from server import on_server, serve
from site_pages import load_config, pages_with_maths, palette_script, palette_value, slug

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "test-results" / "math"

# Keep the blocks that hold maths, old (.math: SVG) or new (<math>), and their headings.
ONLY_MATHS = """
.md-typeset > :not(:has(math, .math, .math-display), h1, h2) { display: none !important; }
.md-sidebar, .md-header, .md-footer, .md-tabs { display: none !important; }
"""


def shoot(browser, config, site: Path, label: str, schemes: list[str]) -> list[Path]:
    saved = []
    with serve(site) as base:
        for path in pages_with_maths(site, config):
            for width in (1280, 360):
                for scheme in schemes:
                    context = browser.new_context(viewport={"width": width, "height": 800})
                    context.add_init_script(palette_script(palette_value(config, scheme)))
                    page = context.new_page()
                    page.goto(on_server(base, path), wait_until="networkidle")
                    page.add_style_tag(content=ONLY_MATHS)
                    page.evaluate("document.fonts.ready")
                    name = "light" if scheme == "default" else "dark"
                    file = OUT / f"{slug(path)}-{width}-{name}-{label}.png"
                    page.screenshot(path=file, full_page=True)
                    saved.append(file)
                    context.close()
    return saved


def main() -> None:
    new = Path(sys.argv[1])
    old = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    OUT.mkdir(parents=True, exist_ok=True)
    config = load_config()
    executable, _ = find_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        saved = shoot(browser, config, new, "new", ["default", "slate"])
        if old:
            saved += shoot(browser, config, old, "old", ["default"])
            for width in (1280, 360):
                pairs(browser, config, old, new, width)
        browser.close()
    print(f"{len(saved)} screenshots in {OUT}")


# ------------------------------------------------------------------ side by side

_BLOCKS = {
    # The i-th block with maths, the same on both sites: display equations, and
    # paragraphs, list items and table cells with inline maths.
    "old": ".md-content .math-display, .md-content :is(p, li, td):has(> .math)",
    "new": ".md-content .math-display, .md-content :is(p, li, td):has(> math)",
}


def _data(png: bytes) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(png).decode()


def _shot(block) -> bytes:
    try:
        return block.screenshot(timeout=5_000)
    except Exception:  # a block not shown at this width: an empty cell keeps the pairs aligned
        return b""


def pairs(browser, config, old: Path, new: Path, width: int, scheme: str = "default") -> None:
    """For each page, the old and the new rendering of each block with maths, one
    above the other, in test-results/math/pairs/<page>-<width>-<scheme>-<n>.png."""
    out = OUT / "pairs"
    out.mkdir(parents=True, exist_ok=True)
    shots: dict[str, dict[str, list[bytes]]] = {}
    for label, site in (("old", old), ("new", new)):
        with serve(site) as base:
            for path in pages_with_maths(site, config):
                context = browser.new_context(viewport={"width": width, "height": 900})
                context.add_init_script(palette_script(palette_value(config, scheme)))
                page = context.new_page()
                page.goto(on_server(base, path), wait_until="load")
                page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                page.evaluate("document.fonts.ready")
                blocks = page.locator(_BLOCKS[label])
                shots.setdefault(path, {})[label] = [
                    _shot(blocks.nth(i)) for i in range(blocks.count())
                ]
                context.close()
    name = "light" if scheme == "default" else "dark"
    for path, got in shots.items():
        rows = list(zip(got.get("old", []), got.get("new", []), strict=False))
        for start in range(0, len(rows), 8):
            cells = "".join(
                f'<div class="pair"><img src="{_data(o)}"><img src="{_data(n)}"></div>'
                for o, n in rows[start : start + 8]
            )
            context = browser.new_context(viewport={"width": width + 40, "height": 400})
            page = context.new_page()
            page.set_content(
                "<style>body{margin:8px;font:12px sans-serif}.pair{border-bottom:2px solid #c00;"
                "padding:4px 0}.pair img{display:block;margin:2px 0;outline:1px dotted #999}"
                f"</style><p>{path}: each pair old (SVG) above new (MathML)</p>{cells}"
            )
            page.screenshot(
                path=out / f"{slug(path)}-{width}-{name}-{start // 8 + 1}.png", full_page=True
            )
            context.close()


if __name__ == "__main__":
    main()
