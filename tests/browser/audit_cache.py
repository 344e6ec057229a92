"""Remember each page whose every check passed, so that an unchanged page is not
audited again on a contributor's next run.

Auditing the site's pages is most of `make test`, and a change to one chapter
changes one page. A page's audit depends on the page's built HTML, the HTML of
the page loaded before it on the repeat visit (the primer), the other files of
the built site that a page can load (stylesheets, scripts, fonts, figures: every
file but HTML, the search index and the sitemaps), the browser suite's own code,
and the browser and Playwright. All of them make the key; a page whose key is
unchanged since every one of its tests passed here is not loaded again, and its
tests are skipped with that reason. The figures it stored are still printed.

CI (`CI=true`), `BROWSER_CACHE=off` and `SCREENSHOTS=1` (which needs every page
on screen) audit every page, as does a fresh clone. `make clean` forgets.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

from audit import TAKE_SCREENSHOTS, PageReport

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / ".cache" / "browser"
SUITE = Path(__file__).resolve().parent
# Files of the built site that no page load fetches: they change with any text.
NOT_LOADED = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz"}


def cache_enabled() -> bool:
    """On for a contributor's runs; CI, BROWSER_CACHE=off and screenshots audit all."""
    return (
        os.environ.get("CI", "").lower() not in ("1", "true")
        and os.environ.get("BROWSER_CACHE", "on").lower() != "off"
        and not TAKE_SCREENSHOTS
    )


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _files(directory: Path, keep) -> bytes:
    """Every file under `directory` that `keep(relative path)` accepts: names and bytes."""
    parts = []
    for file in sorted(p for p in directory.rglob("*") if p.is_file()):
        name = file.relative_to(directory).as_posix()
        if keep(name):
            parts += [name.encode(), file.read_bytes()]
    return _digest(*parts).encode()


class AuditCache:
    """The passed audits of one built site, under .cache/browser/."""

    def __init__(self, site: Path, browser_executable: str | None):
        self.site = site
        self.browser = browser_executable or "playwright's own chromium"

    @functools.cached_property
    def shared(self) -> bytes:
        """What every page's audit depends on besides its own HTML and its primer's."""
        stat = os.stat(self.browser) if os.path.isfile(self.browser) else None
        browser = f"{self.browser} {stat.st_size} {stat.st_mtime_ns}" if stat else self.browser
        tools = f"{browser} playwright {version('playwright')} "
        tools += f"axe {version('axe-playwright-python')}"
        assets = _files(self.site, lambda n: not n.endswith(".html") and n not in NOT_LOADED)
        suite = _files(SUITE, lambda n: n.endswith((".py", ".js")))
        return _digest(tools.encode(), assets, suite).encode()

    def _html(self, path: str | None) -> bytes:
        if path is None:
            return b""
        return (self.site / path.lstrip("/") / "index.html").read_bytes()

    def _file(self, path: str, primer: str | None) -> Path:
        key = _digest(self.shared, self._html(path), self._html(primer))[:16]
        slug = path.strip("/").replace("/", "-") or "home"
        return CACHE_DIR / f"{slug}-{key}.json"

    def load(self, path: str, primer: str | None) -> PageReport | None:
        """The report stored when this page, as it is now, last passed; or None."""
        file = self._file(path, primer)
        if not file.is_file():
            return None
        fields = json.loads(file.read_text(encoding="utf-8"))
        for name in ("responses", "repeat_responses"):
            fields[name] = [tuple(pair) for pair in fields[name]]
        return PageReport(**fields)

    def store(self, path: str, primer: str | None, report: PageReport) -> None:
        """Remember a report whose every test passed; forget the page's older ones."""
        file = self._file(path, primer)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        slug = file.name.rsplit("-", 1)[0]
        for old in CACHE_DIR.glob("*.json"):
            if old.name.rsplit("-", 1)[0] == slug:
                old.unlink()
        fields = dataclasses.asdict(report) | {"screenshots": []}
        file.write_text(json.dumps(fields), encoding="utf-8")
