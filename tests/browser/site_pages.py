"""The site as MkDocs sees it: its configuration, its pages in nav order, their
URL paths, and the colour schemes of its palette."""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "mkdocs.yml"


@functools.cache
def load_config(path: Path = CONFIG):
    """mkdocs.yml as MkDocs reads it (`!ENV`, INHERIT and defaults included)."""
    from mkdocs.config import load_config as mkdocs_load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    return mkdocs_load_config(config_file=str(path))


def nav_files(nav) -> list[str]:
    """Every docs file the nav names, in nav order."""
    if isinstance(nav, str):
        return [] if "://" in nav else [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in nav_files(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in nav_files(value)]
    return []


def page_path(docs_file: str) -> str:
    """The URL path MkDocs gives a docs file with directory URLs ('a/b.md' -> '/a/b/')."""
    stem = re.sub(r"\.(md|ipynb|py)$", "", docs_file)
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return "/" + (stem + "/" if stem and not stem.endswith("/") else stem)


def site_pages(site: Path | None = None, config=None) -> list[str]:
    """The URL path of every page in the nav, in nav order ('/', '/notation/')."""
    config = config or load_config()
    return [page_path(f) for f in nav_files(config["nav"])]


def pages_with_maths(site: Path, config=None) -> list[str]:
    """The pages of `site` that show maths, in nav order: MathML, or the
    `math` classes of an older build's rendering (math_screenshots.py compares
    the two)."""
    found = []
    for path in site_pages(config=config):
        file = site / path.lstrip("/") / "index.html"
        html = file.read_text(encoding="utf-8") if file.is_file() else ""
        if "<math" in html or 'class="math' in html:
            found.append(path)
    return found


def slug(path: str) -> str:
    """A file name for a page path: '/' -> 'home', '/labs/x/' -> 'labs-x'."""
    return path.strip("/").replace("/", "-") or "home"


def palette_value(config, scheme: str) -> dict:
    """What Material stores in localStorage `__palette` for the named scheme."""
    palette = config["theme"].get("palette") or []
    for index, entry in enumerate(palette):
        if entry.get("scheme", "default") == scheme:
            keys = ("media", "scheme", "primary", "accent")
            return {"index": index, "color": {k: entry.get(k) for k in keys}}
    raise ValueError(f"mkdocs.yml has no palette entry with scheme {scheme!r}")


def palette_script(value: dict, scope: str = "/") -> str:
    """An init script that stores the palette before the page's own scripts run."""
    key = json.dumps(f"{scope}.__palette")
    return f"try {{ localStorage.setItem({key}, {json.dumps(json.dumps(value))}) }} catch (e) {{}}"
