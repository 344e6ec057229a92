"""The built site in a real Chromium: "pytest docs proves the code; only a browser
proves the site."

    make -o .venv/.installed build browser     # or, by hand:
    make build && .venv/bin/python -m pytest tests/browser -q

The pages are mkdocs.yml's nav, so a new chapter is checked without editing
these tests. `RNN_GUIDE_SITE` points the suite at another built site.
Every page a selected test reads is audited once, all of them on first use,
one per core (at least two at a time; threads.py, `BROWSER_WORKERS`), and every
test reads that audit (audit.py, audits.py): a run narrowed with -k audits
only its own pages. A page unchanged since every one of its tests passed here
is not audited again and its tests are skipped, saying so (audit_cache.py; CI,
`BROWSER_CACHE=off` and `SCREENSHOTS=1` audit every page). With `SCREENSHOTS=1`
(CI sets it) each page's screenshots go to test-results/screenshots/; the
figures, printed as a table at the end, to test-results/browser.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from audit import (
    REPEAT_BUDGET,
    TAKE_SCREENSHOTS,
    WEIGHT_BUDGET,
    PageReport,
    audit_page,
    build_bare_site,
)
from audits import SCREENSHOTS, Audits
from ensure_browser import LAUNCH_ARGS, find_chromium
from playwright.sync_api import sync_playwright
from server import serve
from site_pages import load_config, site_pages, slug

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("RNN_GUIDE_SITE", ROOT / "site")).resolve()
RESULTS = ROOT / "test-results"


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        pages = site_pages(config=load_config())
        metafunc.parametrize("page_path", pages, ids=[slug(p) for p in pages])


def pytest_collection_modifyitems(items):
    """Modules with a Playwright of their own (test_explorer.py) run first.

    Playwright's sync API allows one instance per thread at a time, and the
    session's browser below lives until the end of the run; a module that starts
    its own must be done before the session's starts.
    """
    own = [item for item in items if "browser" in vars(item.module)]
    items[:] = own + [item for item in items if item not in own]


@pytest.fixture(scope="session")
def site() -> Path:
    assert (SITE / "sitemap.xml").is_file(), (
        f"no built site at {SITE}: run `make -o .venv/.installed build` first"
    )
    return SITE


@pytest.fixture(scope="session")
def config():
    return load_config()


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


_SESSION: dict = {}


@pytest.fixture(scope="session")
def audits(base_url, config, site) -> Audits:
    # Collection is over before any fixture runs: the pages are those of the
    # tests this run selected.
    _SESSION["audits"] = Audits(base_url, config, site, selected=set(_PAGE_TESTS))
    return _SESSION["audits"]


@pytest.fixture
def report(audits, page_path) -> PageReport:
    """The page's audit; skipped for a page unchanged since its audit passed here."""
    found = audits.get(page_path)
    if page_path in audits.cached:
        pytest.skip(
            f"{page_path} and everything it loads are unchanged since all its checks "
            "passed here (.cache/browser); CI and BROWSER_CACHE=off audit it"
        )
    return found


# Which page tests ran and how, so that only a page whose every test passed is
# remembered (a run narrowed with -k, or stopped early, remembers none it cut).
_PAGE_TESTS: dict[str, dict[str, str]] = {}
_NARROWED: set[str] = set()


def _page_of(item) -> str | None:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("page_path") if callspec else None


def pytest_deselected(items):
    _NARROWED.update(p for p in map(_page_of, items) if p)


def pytest_collection_finish(session):
    for item in session.items:
        if page := _page_of(item):
            _PAGE_TESTS.setdefault(page, {})[item.nodeid] = "not run"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    result = yield
    page = _page_of(item)
    if page and (result.when == "call" or not result.passed):
        outcomes = _PAGE_TESTS[page]
        if outcomes[item.nodeid] != "failed":
            outcomes[item.nodeid] = result.outcome
    return result


def pytest_sessionfinish(session):
    audits: Audits | None = _SESSION.get("audits")
    if audits is None:
        return
    for page, outcomes in _PAGE_TESTS.items():
        ran = all(outcome in ("passed", "skipped") for outcome in outcomes.values())
        if ran and page not in _NARROWED:
            audits.remember(page)


@pytest.fixture(scope="session")
def bare_report(browser, config, tmp_path_factory) -> PageReport:
    """The bare Material page, loaded and measured exactly as a chapter's first visit."""
    bare_site = build_bare_site(config, tmp_path_factory.mktemp("bare"))
    with serve(bare_site) as url:
        report = audit_page(browser, url, config, phone=False)
    _SESSION["bare"] = report
    return report


def pytest_terminal_summary(terminalreporter):
    """Print and save the figures: first and repeat visits against the budget."""
    audits: Audits | None = _SESSION.get("audits")
    bare: PageReport | None = _SESSION.get("bare")
    if audits is None or not audits.reports:
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser audit figures")
    figures = {"pages": [], "bare": None, "budget": WEIGHT_BUDGET, "repeat_budget": REPEAT_BUDGET}
    if bare is not None:
        write(
            f"bare Material page: {bare.transferred:,} bytes transferred (gzip), "
            f"{bare.html_bytes:,} of them its HTML. Budget: first visit {WEIGHT_BUDGET} x = "
            f"{WEIGHT_BUDGET * bare.transferred:,.0f}; repeat visit {REPEAT_BUDGET:,}"
        )
        figures["bare"] = {"bytes": bare.transferred, "html_bytes": bare.html_bytes}
    write(
        f"{'page':26} {'first':>8} {'x bare':>6} {'repeat':>7} {'html':>7} "
        f"{'eq':>4} {'fig':>3} {'code':>4} {'wide':>4} {'line px':>11} {'problems':>8}"
    )
    for path, r in sorted(audits.reports.items()):
        ratio = r.transferred / bare.transferred if bare else float("nan")
        spacing = r.spacing or {}
        lines = "/".join(
            f"{spacing.get(k):.1f}" if spacing.get(k) else "-" for k in ("without", "withMaths")
        )
        write(
            f"{path:26} {r.transferred:>8,} {ratio:>6.2f} {r.repeat_transferred:>7,} "
            f"{r.html_bytes:>7,} {r.equations:>4} {r.diagram_count:>3} {r.code_blocks:>4} "
            f"{len(r.wide_code):>4} {lines:>11} {len(r.problems):>8}"
            + ("  (cached)" if path in audits.cached else "")
        )
        figures["pages"].append(
            {
                "path": path,
                "cached": path in audits.cached,
                "first_visit": r.transferred,
                "ratio_to_bare": round(ratio, 3),
                "repeat_visit": r.repeat_transferred,
                "html_bytes": r.html_bytes,
                "equations": r.equations,
                "diagrams": r.diagram_count,
                "code_blocks": r.code_blocks,
                "wide_code_blocks": r.wide_code,
                "line_spacing_px": spacing,
                "problems": r.problems,
                "responses": r.responses,
                "repeat_responses": r.repeat_responses,
                "screenshots": [str(s) for s in r.screenshots],
            }
        )
    load = os.getloadavg()[1]
    write(
        "first: bytes of a first visit (light, 1280 px); repeat: the same page after "
        "another with maths (dark, 360 px); wide: chapter code blocks that scroll at "
        "1280 px; line px: line spacing without / with inline maths"
    )
    audited = len(audits.reports) - len(audits.cached)
    write(
        f"{audited} {'page' if audited == 1 else 'pages'} audited in {audits.seconds:.1f} s "
        f"(load average {load:.1f} on {os.cpu_count()} CPUs), "
        + (
            f"{len(audits.cached)} unchanged since they passed (cached: their figures "
            "are from then; BROWSER_CACHE=off audits them); "
            if audits.cached
            else ""
        )
        + (
            f"screenshots in {SCREENSHOTS}"
            if TAKE_SCREENSHOTS
            else "no screenshots (SCREENSHOTS=1 takes them)"
        )
    )
    figures["audit_seconds"] = round(audits.seconds, 1)
    figures["load_average"] = round(load, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "browser.json").write_text(json.dumps(figures, indent=2))
