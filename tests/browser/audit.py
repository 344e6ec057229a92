"""One page of the built site in a real Chromium: load it, run every check, weigh it.

`audit_page` loads a page twice, each time in a fresh browser context:

- light, 1280 px wide, nothing cached: the first visit. Every check runs here
  (checks.py), axe with all its rules, and the bytes transferred are weighed;
- dark, 360 px wide, after another page with maths was loaded in the same
  context: a reader moving on, on a phone. The bytes of this second load are
  the repeat-visit weight (theme, font and shared assets already cached); the
  phone checks run (no sideways page scroll; every box that scrolls says so;
  figure labels; code under the copy button; punctuation after inline maths;
  answers as large as the body text) and axe's colour rules, the only ones a
  second scheme can change.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from checks import (
    AXE_COLOUR_RULES,
    MIN_LABEL_PX,
    accessibility_problems,
    answer_size_problems,
    axe_problems,
    code_blocks,
    copy_button_problems,
    diagram_problems,
    js,
    layout_problems,
    line_spacing,
    line_spacing_problems,
    math_problems,
    offscreen_code_problems,
    punctuation_problems,
    reveal_hidden_content,
)
from recorder import Recorder, console_problems, network_problems, transferred
from site_pages import palette_script, palette_value

# Everything a first visit to a page transfers (its HTML, the theme's CSS and JS,
# our stylesheet, script and math font, the search worker, images) may weigh this
# many times what the bare theme's one-paragraph page transfers. The search index
# is held back until the reader reaches for search (overrides/main.html), so it
# is not part of a page load; if it were fetched, it would count.
WEIGHT_BUDGET = 1.6
# A second page, with the theme, the font and the shared assets cached.
REPEAT_BUDGET = 40_000
SEARCH_INDEX = "/search/search_index.json"

# Full-page screenshots cost a fifth of an audit: taken when asked (CI asks).
TAKE_SCREENSHOTS = os.environ.get("SCREENSHOTS", "") not in ("", "0")

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@dataclass
class PageReport:
    """Everything the audit found on one page."""

    url: str
    network: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    diagrams: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)
    phone: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    responses: list[tuple[str, int]] = field(default_factory=list)
    repeat_responses: list[tuple[str, int]] = field(default_factory=list)
    equations: int = 0
    diagram_count: int = 0
    code_blocks: int = 0
    wide_code: list[str] = field(default_factory=list)
    spacing: dict = field(default_factory=dict)
    screenshots: list[Path] = field(default_factory=list)

    @property
    def transferred(self) -> int:
        return sum(size for _, size in self.responses)

    @property
    def repeat_transferred(self) -> int:
        return sum(size for _, size in self.repeat_responses)

    @property
    def html_bytes(self) -> int:
        """The page's own HTML: its text, equations, diagrams and code."""
        return sum(size for url, size in self.responses if url == self.url)

    @property
    def fetched_search_index(self) -> bool:
        urls = self.responses + self.repeat_responses
        return any(urlsplit(url).path == SEARCH_INDEX for url, _ in urls)

    @property
    def problems(self) -> list[str]:
        return (
            self.network
            + self.console
            + self.math
            + self.accessibility
            + self.diagrams
            + self.code
            + self.phone
            + self.axe
        )


def weight_problems(report: PageReport, bare: PageReport, budget: float) -> list[str]:
    """The page's bytes over `budget` times the bare theme page's, with what weighs most."""
    limit = budget * bare.transferred
    if report.transferred <= limit:
        return []
    return [
        f"{report.transferred:,} bytes transferred, over {budget} x the bare "
        f"theme page's {bare.transferred:,} = {limit:,.0f}. Heaviest: "
        + _heaviest(report.responses)
    ]


def repeat_problems(report: PageReport, budget: int = REPEAT_BUDGET) -> list[str]:
    if report.repeat_transferred <= budget:
        return []
    return [
        f"{report.repeat_transferred:,} bytes on a repeat visit, over {budget:,}. "
        "Heaviest: " + _heaviest(report.repeat_responses)
    ]


def _heaviest(responses: list[tuple[str, int]]) -> str:
    heaviest = sorted(responses, key=lambda r: -r[1])[:6]
    return "; ".join(f"{urlsplit(url).path} {size:,}" for url, size in heaviest)


def new_context(browser, config, scheme: str, viewport: dict = DESKTOP):
    """A fresh context (empty cache and storage) showing the site in `scheme`."""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(palette_script(palette_value(config, scheme)))
    return context


# extra.js measures the page once it has loaded (what scrolls, how wide a figure
# may shrink) and marks the document when done; the bare theme page has no extra.js.
_MEASURED = """() => !document.querySelector("script[src*='javascripts/extra.js']")
  || document.documentElement.hasAttribute("data-measured")"""


def _open(context, url: str):
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function(_MEASURED, timeout=10_000)
    return page


def audit_page(
    browser,
    url: str,
    config,
    primer: str | None = None,
    screenshots: Path | None = None,
    phone: bool = True,
) -> PageReport:
    """Load `url` as a first visit (light, desktop) and, unless `phone` is False,
    as a repeat visit after `primer` (dark, phone); check it all.

    Screenshots (`<screenshots>-light.png`, `-dark-phone.png`) show the page as
    loaded, before collapsed answers are opened for the checks.
    """
    report = PageReport(url=url)
    context = new_context(browser, config, "default")
    recorder = Recorder()
    recorder.attach(context)
    try:
        page = _open(context, url)
        report.console += _scheme_problems(page, "default")
        if screenshots is not None:
            report.screenshots.append(_screenshot(page, screenshots, "light"))
        report.diagram_count = page.locator("svg.diagram").count()
        reveal_hidden_content(page)
        report.math, report.equations = math_problems(page)
        report.accessibility = accessibility_problems(page, report.equations)
        report.diagrams = diagram_problems(page)
        blocks = code_blocks(page)
        report.code_blocks = len(blocks)
        # A chapter's code, not a lab's cells or the API reference's signatures.
        report.wide_code = [b["id"] for b in blocks if b["scrolls"] and not (b["lab"] or b["api"])]
        report.code = copy_button_problems(page, blocks)
        report.spacing = line_spacing(page)
        report.code += line_spacing_problems(report.spacing)
        report.math += punctuation_problems(page)
        report.axe = axe_problems(page)
        # Read last, so a late console error or request still counts.
        report.responses = transferred(recorder)
        report.network = network_problems(recorder)
        report.console += console_problems(recorder)
    finally:
        context.close()
    if phone:
        _phone_visit(browser, url, config, primer, screenshots, report)
    return report


def _phone_visit(browser, url, config, primer, screenshots, report) -> None:
    context = new_context(browser, config, "slate", PHONE)
    recorder = Recorder()
    recorder.attach(context)
    try:
        if primer:
            _open(context, primer)
        page = _open(context, url)
        report.console += _scheme_problems(page, "slate")
        # Before anything scrolls or draws the whole page (a screenshot does).
        report.phone += offscreen_code_problems(page)
        if screenshots is not None:
            report.screenshots.append(_screenshot(page, screenshots, "dark-phone"))
        report.phone += diagram_problems(page, min_label_px=MIN_LABEL_PX)
        # After revealing: a code block is measured (does it scroll?) only once
        # it has been near the screen (extra.js), and revealing shows them all.
        reveal_hidden_content(page)
        report.phone += layout_problems(page)
        report.phone += [p for p in copy_button_problems(page) if "under" in p]
        report.phone += punctuation_problems(page)
        report.phone += answer_size_problems(page)
        report.axe += [f"dark: {p}" for p in axe_problems(page, rules=AXE_COLOUR_RULES)]
        report.repeat_responses = [tuple(e) for e in page.evaluate(js("transfers"))]
        report.network += [f"dark, phone: {p}" for p in network_problems(recorder)]
        report.console += [f"dark, phone: {p}" for p in console_problems(recorder)]
    finally:
        context.close()


def _scheme_problems(page, scheme: str) -> list[str]:
    shown = page.evaluate("document.body.dataset.mdColorScheme")
    return [] if shown == scheme else [f"page shows scheme {shown!r}, not {scheme!r}"]


def _screenshot(page, stem: Path, suffix: str) -> Path:
    path = stem.with_name(f"{stem.name}-{suffix}.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("document.fonts.ready")
    page.screenshot(path=path, full_page=True)
    return path


# ------------------------------------------------------------------ bare theme


def build_bare_site(config, workdir: Path) -> Path:
    """Build one short page with the project's theme settings and nothing else.

    Same theme, font setting, features and palette, and the search plugin, which
    every Material site has; no extra CSS, hooks, Markdown extensions or icons.
    """
    theme = {
        "name": "material",
        **{k: config["theme"][k] for k in ("font", "features", "palette") if k in config["theme"]},
    }
    bare = {
        "site_name": "Bare",
        "site_url": "http://127.0.0.1:8000/",
        "theme": theme,
        "plugins": ["search"],
        "nav": [{"Home": "index.md"}],
    }
    docs = workdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(
        "# Bare\n\nOne short paragraph of text, the theme and nothing else.\n"
    )
    (workdir / "mkdocs.yml").write_text(yaml.safe_dump(bare, sort_keys=False))
    site = workdir / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=workdir,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bare Material build failed:\n{result.stderr}")
    return site


def copy_site(site: Path, target: Path) -> Path:
    """Copy a built site (without source maps) to plant faults in the copy."""
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("*.map"))
    return target
