"""Each page's audit (audit.py), made once and read by every test of the page.

The first test that asks for an audit starts those of every page the run's
selected tests read, all at once, one per core (threads.py); a run narrowed
with -k audits only the pages it kept. A page no selected test names (the
planted tests' victim) is audited when it is first asked for. A page unchanged
since its audit passed here comes from the cache (audit_cache.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from audit import TAKE_SCREENSHOTS, PageReport, audit_page
from audit_cache import AuditCache, cache_enabled
from ensure_browser import find_chromium
from server import on_server
from site_pages import pages_with_maths, site_pages, slug
from threads import in_threads

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-results" / "screenshots"


class Audits:
    def __init__(self, base_url: str, config, site: Path, selected: Iterable[str]):
        self.base_url, self.config = base_url, config
        self.selected = set(selected)
        self.with_maths = pages_with_maths(site, config)
        self.reports: dict[str, PageReport] = {}
        self.failed: dict[str, Exception] = {}
        self.cache = AuditCache(site, find_chromium()[0]) if cache_enabled() else None
        self.cached: set[str] = set()
        self.seconds = 0.0

    def primer(self, path: str) -> str | None:
        """The page a reader came from: one with maths, so the font is cached."""
        return next((p for p in self.with_maths if p != path), None)

    def get(self, path: str) -> PageReport:
        if path not in self.reports and path not in self.failed:
            wanted = self.selected | {path}
            self._audit_pages([p for p in site_pages(config=self.config) if p in wanted])
        if path in self.failed:  # one broken audit fails every test of the page, at once
            raise self.failed[path]
        return self.reports[path]

    def _audit_pages(self, paths: list[str]) -> None:
        start = time.perf_counter()
        todo = []
        for path in paths:
            if path in self.reports or path in self.failed:
                continue
            stored = self.cache.load(path, self.primer(path)) if self.cache else None
            if stored is None:
                todo.append(path)
            else:
                self.reports[path] = stored
                self.cached.add(path)
        for path, result in in_threads(self._audit, todo).items() if todo else ():
            if isinstance(result, Exception):
                self.failed[path] = result
            else:
                self.reports[path] = result
        self.seconds += time.perf_counter() - start

    def _audit(self, browser, path: str) -> PageReport:
        primer = self.primer(path)
        return audit_page(
            browser,
            on_server(self.base_url, path),
            self.config,
            primer=on_server(self.base_url, primer) if primer else None,
            screenshots=SCREENSHOTS / slug(path) if TAKE_SCREENSHOTS else None,
        )

    def remember(self, path: str) -> None:
        """Store the audit of a page whose every test passed in this run."""
        if self.cache and path in self.reports and path not in self.cached:
            self.cache.store(path, self.primer(path), self.reports[path])
