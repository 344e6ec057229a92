"""Make sure a Chromium is there for the browser tests, and say which one.

    .venv/bin/python tests/browser/ensure_browser.py

A browser named by `CHROME_PATH` comes first (the GitHub workflows point it at
the runner's Google Chrome; Lighthouse reads the same variable). Then Debian's
`/usr/bin/chromium` (or any `chromium` on PATH); otherwise Playwright's bundled
Chromium. With neither, it installs one: as root with
`apt-get install chromium`, else with `python -m playwright install chromium`.
Exits 0 and prints the browser the tests will use, or exits 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


# Chromium's flags for this machine: no sandbox (root in a container), and none of
# the background requests (updates, sync, safe browsing) that would be refused.
# Every host name but ours resolves to nothing, so a stray request fails at once
# instead of waiting on DNS; the request is still seen and reported.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def system_chromium() -> str | None:
    """The browser named by CHROME_PATH, Debian's Chromium, or a `chromium` on PATH."""
    named = os.environ.get("CHROME_PATH")
    if named:
        if not (Path(named).is_file() and os.access(named, os.X_OK)):
            raise FileNotFoundError(f"CHROME_PATH={named} is not an executable file")
        return named
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return str(DEBIAN_CHROMIUM)
    return shutil.which("chromium")


def bundled_chromium() -> str | None:
    """Playwright's own Chromium, if it has been downloaded."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as p:
        path = p.chromium.executable_path
    return path if path and Path(path).is_file() else None


def find_chromium() -> tuple[str | None, str]:
    """(executable_path for Playwright, description); None means Playwright's own."""
    system = system_chromium()
    if system:
        return system, f"system Chromium at {system}"
    bundled = bundled_chromium()
    if bundled:
        return None, f"Playwright's bundled Chromium at {bundled}"
    raise FileNotFoundError("no Chromium: run tests/browser/ensure_browser.py")


def install() -> None:
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update"], check=True)
        subprocess.run(["apt-get", "install", "-y", "chromium"], check=True)
    else:
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)


def main() -> int:
    named = os.environ.get("CHROME_PATH")
    if named and not (Path(named).is_file() and os.access(named, os.X_OK)):
        print(f"CHROME_PATH={named} is not an executable file", file=sys.stderr)
        return 1
    try:
        _, description = find_chromium()
    except FileNotFoundError:
        print("No Chromium found; installing one.", flush=True)
        try:
            install()
            _, description = find_chromium()
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            print(f"Could not install Chromium: {error}", file=sys.stderr)
            return 1
    print(f"The browser tests will use {description}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
