"""Audit several pages at once: one Chromium per worker thread.

Playwright's sync API allows one instance per thread, so each worker starts its
own Playwright and browser, audits pages from a shared queue until none is
left, and closes them. A page's audit runs in a fresh context either way
(audit.py), so which browser audits it changes nothing the checks see.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable

from ensure_browser import LAUNCH_ARGS, find_chromium
from playwright.sync_api import sync_playwright

# One page at a time per core, at least two: on a busy 2-core machine two are a
# little faster than one (one page's renderer runs axe while the other page
# loads). BROWSER_WORKERS sets another number.
WORKERS = int(os.environ.get("BROWSER_WORKERS", max(2, os.cpu_count() or 1)))


def in_threads(work: Callable, items: Iterable, workers: int = WORKERS) -> dict:
    """`work(browser, item)` for every item, `workers` at a time: item -> result,
    or item -> the exception its audit raised."""
    todo: queue.Queue = queue.Queue()
    for item in items:
        todo.put(item)
    results: dict = {}
    executable, _ = find_chromium()

    def worker() -> None:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
            try:
                while True:
                    try:
                        item = todo.get_nowait()
                    except queue.Empty:
                        return
                    try:
                        results[item] = work(browser, item)
                    except Exception as error:  # kept for the item's tests to raise
                        results[item] = error
            finally:
                browser.close()

    threads = [threading.Thread(target=worker) for _ in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
