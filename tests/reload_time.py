"""Seconds from saving a chapter to the preview serving it again: `make bench`.

    .venv/bin/python tests/reload_time.py [--runs 5] [--page gru]

Runs the preview's own targets, each on a free port: `make serve` (mkdocs
serve --dirty: only the pages whose source changed are rebuilt) and `make
serve-full` (the whole site, strictly). Each run adds a line with a new
marker to the chapter's source and times, from the write, until the served
page holds the marker; the browser's own reload (live reload, a long poll
that returns when the build ends) comes on top, a page load. The chapter is
put back as it was at the end, even on an error. Wall clock on a shared
machine: run it on an idle one and read the medians.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Each target and what bench.py says beside its median.
TARGETS = {"serve": "aim about 1 s", "serve-full": "the whole site"}
# Never reinstall the virtual environment while timing (as bench.py).
MAKE = ["make", "--no-print-directory", "-s", "-o", ".venv/.installed"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, timeout: float = 120.0) -> float:
    """Poll `url` every 20 ms until it holds `text`; the time at which it did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter()
        time.sleep(0.02)
    sys.exit(f"{url} did not show {text!r} within {timeout:.0f} s")


@contextmanager
def preview(target: str):
    port = free_port()
    # A session of its own, so that stopping it stops make's mkdocs too.
    process = subprocess.Popen(
        [*MAKE, target, f"HOST=127.0.0.1:{port}"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def reload_seconds(target: str, page: str, runs: int) -> list[float]:
    source = ROOT / "docs" / f"{page}.md"
    original = source.read_bytes()
    seconds = []
    try:
        with preview(target) as url:
            page_url = f"{url}/{page}/"
            wait_for(page_url, "</html>")  # the first build is done
            for run in range(runs):
                marker = f"reload-marker-{os.getpid()}-{run}"
                time.sleep(1.0)  # let the watcher settle after the last build
                start = time.perf_counter()
                source.write_bytes(original + f"\n\n{marker}\n".encode())
                seconds.append(wait_for(page_url, marker) - start)
    finally:
        source.write_bytes(original)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="gru", help="a chapter's slug (docs/<slug>.md)")
    args = parser.parse_args()
    for target in TARGETS:
        seconds = reload_seconds(target, args.page, args.runs)
        each = " ".join(f"{s:.2f}" for s in seconds)
        print(f"  make {target:<16} {statistics.median(seconds):5.2f} s  save to served ({each})")


if __name__ == "__main__":
    main()
