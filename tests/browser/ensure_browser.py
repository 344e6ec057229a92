"""Make sure a Chromium is there for the browser tests, and say which one.

    .venv/bin/python tests/browser/ensure_browser.py           # the tests' browser
    .venv/bin/python tests/browser/ensure_browser.py --full    # Lighthouse's

A browser named by `CHROME_PATH` comes first (the GitHub workflows point it at
the runner's Google Chrome; Lighthouse reads the same variable). Then Debian's
Chromium, as its headless shell (`/usr/bin/chromium-headless-shell`, package
`chromium-headless-shell`) or as the whole browser (`/usr/bin/chromium`, or any
`chromium` on PATH); otherwise Playwright's bundled Chromium.

The headless shell is the same Chromium (Debian builds both from one source, at
one version) without the parts a person uses: Playwright itself runs it for
headless Chromium. The page checks find the same things in both, and the
shell spends about a third less time on each page, so the tests take it when
it is there, and installing it is what this script does as root with apt-get.
Lighthouse needs the whole browser (`--full`). With no Chromium at all and no
apt-get as root, it installs Playwright's: `python -m playwright install
chromium`.
Exits 0 and prints the browser the tests will use, or exits 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEBIAN_SHELL = Path("/usr/bin/chromium-headless-shell")
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


def system_chromium(full: bool = False) -> str | None:
    """The browser named by CHROME_PATH, Debian's headless shell (unless `full`),
    Debian's Chromium, or a `chromium` on PATH."""
    named = os.environ.get("CHROME_PATH")
    if named:
        if not (Path(named).is_file() and os.access(named, os.X_OK)):
            raise FileNotFoundError(f"CHROME_PATH={named} is not an executable file")
        return named
    for path in (DEBIAN_CHROMIUM,) if full else (DEBIAN_SHELL, DEBIAN_CHROMIUM):
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
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


def find_chromium(full: bool = False) -> tuple[str | None, str]:
    """(executable_path for Playwright, description); None means Playwright's own."""
    system = system_chromium(full)
    if system:
        return system, f"system Chromium at {system}"
    bundled = bundled_chromium()
    if bundled:
        return None, f"Playwright's bundled Chromium at {bundled}"
    raise FileNotFoundError("no Chromium: run tests/browser/ensure_browser.py")


def can_apt() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None


# Material's text font stack ends in Helvetica and Arial, which fontconfig maps
# to Liberation Sans: the metrics every layout check was made with. Debian's
# Chromium only recommends the font, so it is named.
FONTS = ["fonts-liberation"]


def install(package: str) -> None:
    if can_apt():
        subprocess.run(["apt-get", "update"], check=True)
        command = ["apt-get", "install", "-y", "--no-install-recommends", package, *FONTS]
        subprocess.run(command, check=True)
    else:
        subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=True)


def main(argv: list[str] | None = None) -> int:
    full = "--full" in (sys.argv[1:] if argv is None else argv)
    named = os.environ.get("CHROME_PATH")
    if named and not (Path(named).is_file() and os.access(named, os.X_OK)):
        print(f"CHROME_PATH={named} is not an executable file", file=sys.stderr)
        return 1
    wanted = DEBIAN_CHROMIUM if full else DEBIAN_SHELL
    try:
        if not named and not wanted.is_file() and can_apt():
            raise FileNotFoundError(wanted)
        _, description = find_chromium(full)
    except FileNotFoundError:
        print(f"Installing Debian's {wanted.name}.", flush=True)
        try:
            install(wanted.name)
            _, description = find_chromium(full)
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            print(f"Could not install Chromium: {error}", file=sys.stderr)
            return 1
    print(f"The browser tests will use {description}." if not full else f"Using {description}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
