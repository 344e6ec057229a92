"""Remember the slow runs that passed, so a contributor's next `make test` skips them.

The labs (tests/notebooks.py) and the chapters run as printed
(tests/as_printed.py) each take seconds, and an edit changes one or two of
them. A run that passed leaves a marker in `.cache/<kind>/`, named after what
it ran and a key made of every file its result depends on, the versions of
Python and torch, and the CPU kernels torch picks (`ATEN_CPU_CAPABILITY`, which
changes trained numbers). A run whose marker exists is skipped, saying so.
CI (`CI=true`), a fresh clone and `<SWITCH>=off` (`LABS_CACHE`,
`PAGES_CACHE`) run everything; `make clean` forgets.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What every lab and every chapter imports besides torch.
SOURCES = ("rnn_guide", "rnn_guide_site")


def source_files() -> list[Path]:
    """The helper package and the site tooling: what the pages and labs import."""
    return [file for package in SOURCES for file in sorted((ROOT / package).rglob("*.py"))]


def key(files: Iterable[Path]) -> str:
    """Hash the files (names and bytes), Python, torch and the CPU kernels in use."""
    import torch

    digest = hashlib.sha256()
    for file in files:
        digest.update(Path(file).resolve().relative_to(ROOT).as_posix().encode())
        digest.update(Path(file).read_bytes())
    capability = torch.backends.cpu.get_cpu_capability()
    digest.update(f"{sys.version} torch {torch.__version__} cpu {capability}".encode())
    return digest.hexdigest()


def enabled(switch: str) -> bool:
    """On for a contributor's runs; off in CI and when `switch` is set to off."""
    return os.environ.get("CI", "").lower() not in ("1", "true") and (
        os.environ.get(switch, "on").lower() != "off"
    )


class RunCache:
    """Markers of passed runs under `.cache/<kind>/`, one per name."""

    def __init__(self, kind: str, switch: str):
        self.directory = ROOT / ".cache" / kind
        self.switch = switch

    def marker(self, name: str, files: Iterable[Path]) -> Path:
        return self.directory / f"{name}-{key(files)[:16]}"

    def passed_before(self, marker: Path) -> bool:
        return enabled(self.switch) and marker.exists()

    def remember(self, marker: Path) -> None:
        """Keep one marker per name: the newest passing run's."""
        if not enabled(self.switch):
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        name = marker.name.rsplit("-", 1)[0]
        for old in self.directory.glob(f"{name}-*"):
            old.unlink()
        marker.touch()
