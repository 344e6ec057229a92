"""The built site in a real Chromium: "pytest docs proves the code; only a browser
proves the site."

    NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -q
    .venv/bin/python -m pytest tests/browser -q

Pages come from the built `site/sitemap.xml`, so a new chapter is checked without
editing these tests. `RNN_GUIDE_SITE` points the suite at another built site.
One Chromium serves the whole session; each page loads once per colour scheme in a
fresh context, and every check reads that one load (see `audit.py`).
Screenshots go to test-results/screenshots/; figures to test-results/browser.json.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from audit import (
    LAUNCH_ARGS,
    WEIGHT_BUDGET,
    PageReport,
    audit_page,
    build_bare_site,
    on_server,
    read_config,
    serve,
    sitemap_paths,
    slug,
)
from ensure_browser import find_chromium
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("RNN_GUIDE_SITE", ROOT / "site")).resolve()
CONFIG = ROOT / "mkdocs.yml"
RESULTS = ROOT / "test-results"
SCREENSHOTS = RESULTS / "screenshots"
# Material's two schemes, by the name the tests use.
SCHEMES = {"light": "default", "dark": "slate"}

NOT_BUILT = "(site not built)"


def site_pages() -> list[str]:
    """Every page of the built site, by path; a placeholder fails when unbuilt."""
    if not (SITE / "sitemap.xml").is_file():
        return [NOT_BUILT]
    return sitemap_paths(SITE)


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        pages = site_pages()
        metafunc.parametrize("page_path", pages, ids=[slug(p) for p in pages])
    if "scheme" in metafunc.fixturenames:
        metafunc.parametrize("scheme", list(SCHEMES))


@pytest.fixture(scope="session")
def site() -> Path:
    assert (SITE / "sitemap.xml").is_file(), (
        f"no built site at {SITE}: run "
        "`NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict -q` first"
    )
    return SITE


@pytest.fixture(scope="session")
def config() -> dict:
    return read_config(CONFIG)


@pytest.fixture(scope="session")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable, _ = find_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        yield browser
        browser.close()


class Audits:
    """Each (page, scheme) audited once, on first use, and kept for every test."""

    def __init__(self, browser, base_url: str, config: dict):
        self.browser, self.base_url, self.config = browser, base_url, config
        self.reports: dict[tuple[str, str], PageReport] = {}
        self.seconds = 0.0

    def get(self, path: str, scheme: str) -> PageReport:
        key = (path, scheme)
        if key not in self.reports:
            start = time.perf_counter()
            self.reports[key] = audit_page(
                self.browser,
                on_server(self.base_url, path),
                self.config,
                SCHEMES[scheme],
                screenshot=SCREENSHOTS / f"{slug(path)}-{scheme}.png",
            )
            self.seconds += time.perf_counter() - start
        return self.reports[key]


_SESSION: dict = {}


@pytest.fixture(scope="session")
def audits(browser, base_url, config) -> Audits:
    _SESSION["audits"] = Audits(browser, base_url, config)
    return _SESSION["audits"]


@pytest.fixture(scope="session")
def bare_report(browser, config, tmp_path_factory) -> PageReport:
    """The bare Material page, loaded and measured exactly as a chapter is."""
    bare_site = build_bare_site(config, tmp_path_factory.mktemp("bare"))
    with serve(bare_site) as url:
        report = audit_page(browser, url, config, "default")
    _SESSION["bare"] = report
    return report


def pytest_terminal_summary(terminalreporter):
    """Print and save the figures: page weights against the bare theme, problems."""
    audits: Audits | None = _SESSION.get("audits")
    bare: PageReport | None = _SESSION.get("bare")
    if audits is None or not audits.reports:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser audit figures")
    figures = {"pages": [], "bare": None, "budget": WEIGHT_BUDGET}
    if bare is not None:
        write(
            f"bare Material page: {bare.transferred:,} bytes transferred (gzip), "
            f"{bare.html_bytes:,} of them its HTML; budget {WEIGHT_BUDGET} x = "
            f"{WEIGHT_BUDGET * bare.transferred:,.0f}"
        )
        figures["bare"] = {
            "bytes": bare.transferred,
            "html_bytes": bare.html_bytes,
            "responses": bare.responses,
        }
    write(
        f"{'page':28} {'scheme':6} {'bytes':>9} {'x bare':>7} {'html':>7} "
        f"{'eq':>4} {'fig':>4} {'code':>4} {'axe':>4} {'problems':>8}"
    )
    for (path, scheme), r in sorted(audits.reports.items()):
        ratio = r.transferred / bare.transferred if bare else float("nan")
        write(
            f"{path:28} {scheme:6} {r.transferred:>9,} {ratio:>7.2f} "
            f"{r.html_bytes:>7,} "
            f"{r.equations:>4} {r.diagram_count:>4} {r.code_blocks:>4} "
            f"{len(r.axe):>4} {len(r.problems):>8}"
        )
        figures["pages"].append(
            {
                "path": path,
                "scheme": scheme,
                "bytes": r.transferred,
                "ratio_to_bare": round(ratio, 3),
                "html_bytes": r.html_bytes,
                "equations": r.equations,
                "diagrams": r.diagram_count,
                "code_blocks": r.code_blocks,
                "problems": r.problems,
                "responses": r.responses,
                "screenshot": str(r.screenshot),
            }
        )
    load = os.getloadavg()[1]
    write(
        f"{len(audits.reports)} page loads audited in {audits.seconds:.1f} s "
        f"(load average {load:.1f} on {os.cpu_count()} CPUs); "
        f"screenshots in {SCREENSHOTS}"
    )
    figures["audit_seconds"] = round(audits.seconds, 1)
    figures["load_average"] = round(load, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "browser.json").write_text(json.dumps(figures, indent=2))
