"""The audit cache forgets a page whenever anything its audit depends on changes,
and only then: a tiny built site on disk, no browser."""

import audit_cache
import pytest
from audit import PageReport
from audit_cache import AuditCache


@pytest.fixture
def site(tmp_path, monkeypatch):
    monkeypatch.setattr(audit_cache, "CACHE_DIR", tmp_path / "cache")
    site = tmp_path / "site"
    for page in ("", "notation/", "gru/"):
        (site / page).mkdir(parents=True, exist_ok=True)
        (site / page / "index.html").write_text(f"<h1>{page or 'home'}</h1>")
    (site / "assets").mkdir()
    (site / "assets" / "extra.css").write_text("p { color: black }")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text("{}")
    return site


def report(url="http://127.0.0.1:1/gru/") -> PageReport:
    return PageReport(
        url=url,
        responses=[(url, 1200), ("http://127.0.0.1:1/assets/extra.css", 300)],
        repeat_responses=[(url, 1200)],
        equations=3,
        spacing={"without": 24.0, "withMaths": 24.0, "uneven": []},
    )


def cached(site, path="/gru/", primer="/notation/") -> bool:
    """Whether a fresh cache (as the next run makes one) finds the page."""
    return AuditCache(site, None).load(path, primer) is not None


def test_a_stored_report_comes_back_equal(site):
    AuditCache(site, None).store("/gru/", "/notation/", report())
    assert AuditCache(site, None).load("/gru/", "/notation/") == report()


@pytest.mark.parametrize(
    "changed",
    [
        "gru/index.html",  # the page itself
        "notation/index.html",  # the page loaded before it on the repeat visit
        "assets/extra.css",  # a file every page loads
    ],
    ids=["its HTML", "its primer", "a file pages load"],
)
def test_the_page_is_forgotten_when_what_its_audit_reads_changes(site, changed):
    AuditCache(site, None).store("/gru/", "/notation/", report())
    (site / changed).write_text((site / changed).read_text() + " edited")
    assert not cached(site)


def test_edits_elsewhere_that_no_page_load_fetches_keep_the_page(site):
    AuditCache(site, None).store("/gru/", "/notation/", report())
    (site / "index.html").write_text("<h1>Home, edited</h1>")
    (site / "search" / "search_index.json").write_text('{"docs": []}')
    assert cached(site)


def test_the_page_is_forgotten_when_the_browser_changes(site, tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("version 1")
    AuditCache(site, str(browser)).store("/gru/", "/notation/", report())
    assert AuditCache(site, str(browser)).load("/gru/", "/notation/") is not None
    browser.write_text("version 2, a longer file")
    assert AuditCache(site, str(browser)).load("/gru/", "/notation/") is None


def test_a_page_keeps_one_entry(site):
    AuditCache(site, None).store("/gru/", "/notation/", report())
    (site / "gru" / "index.html").write_text("<h1>GRU, edited</h1>")
    AuditCache(site, None).store("/gru/", "/notation/", report())
    AuditCache(site, None).store("/", "/notation/", report("http://127.0.0.1:1/"))
    names = sorted(p.name.rsplit("-", 1)[0] for p in audit_cache.CACHE_DIR.iterdir())
    assert names == ["gru", "home"]


@pytest.mark.parametrize(
    "variable, value", [("CI", "true"), ("BROWSER_CACHE", "off")], ids=["CI", "off"]
)
def test_ci_and_browser_cache_off_audit_every_page(monkeypatch, variable, value):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BROWSER_CACHE", raising=False)
    monkeypatch.setattr(audit_cache, "TAKE_SCREENSHOTS", False)
    assert audit_cache.cache_enabled()
    monkeypatch.setenv(variable, value)
    assert not audit_cache.cache_enabled()


def test_screenshots_audit_every_page(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("BROWSER_CACHE", raising=False)
    monkeypatch.setattr(audit_cache, "TAKE_SCREENSHOTS", True)
    assert not audit_cache.cache_enabled()
