"""Print the benchmark medians the project tracks (`make bench`).

Targets on a 2-core machine (see CONTRIBUTING.md):

- `make test` after set-up within 90 s: a contributor's repeated run, with the
  labs and the page audits that passed before remembered (their caches);
- `make test` with every lab executed and every page audited, as CI and a fresh
  clone run it (no target: printed so the cost of the caches' misses is seen);
- the browser suite (`make browser`, build included) with every page audited;
- `pytest docs` within 2.5x the time of `python -c "import torch"` (aim 2x);
- a strict build with nothing changed within 3 s;
- the preview: from saving a chapter to the page served again, about a second
  under `make serve` (reload_time.py; the whole-site `make serve-full` is
  printed beside it).

The short commands run BENCH_RUNS times (default 5) and report the median; the
long ones run BENCH_LONG_RUNS times (default 1). Timings are whole processes,
wall clock, so run it on an idle machine.
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from reload_time import TARGETS, reload_seconds

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LABS_CACHE": "on", "BROWSER_CACHE": "on"}
# Every lab executed and every page audited, as in CI.
UNCACHED = {"LABS_CACHE": "off", "BROWSER_CACHE": "off"}
# Never reinstall the virtual environment while timing.
MAKE = ["make", "--no-print-directory", "-o", ".venv/.installed"]


def median_seconds(command: list[str], runs: int, env: dict | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            command, cwd=ROOT, env={**ENV, **(env or {})}, check=True, capture_output=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    long_runs = int(os.environ.get("BENCH_LONG_RUNS", "1"))
    torch_import = median_seconds([sys.executable, "-c", "import torch"], runs)
    docs = median_seconds([sys.executable, "-m", "pytest", "docs", "-q"], runs)
    build_command = [*MAKE, "-s", "build"]  # the one build command
    median_seconds(build_command, 1)  # warm caches
    build = median_seconds(build_command, runs)
    # A contributor's repeated run: what passed and has not changed is
    # remembered (the first run fills both caches, if they are empty).
    median_seconds([*MAKE, "test"], 1)
    make_test = median_seconds([*MAKE, "test"], long_runs)
    # Every lab executed and every page audited, as in CI (the caches are not touched).
    make_test_all = median_seconds([*MAKE, "test"], long_runs, UNCACHED)
    browser = median_seconds([*MAKE, "browser"], long_runs, UNCACHED)
    print(f"medians on {os.cpu_count()} cores ({runs} runs; {long_runs} for make)")
    print(f"  make test              {make_test:6.1f} s  (after set-up, caches warm; target 90 s)")
    print(f"  make test, every check {make_test_all:6.1f} s  (every lab run, every page audited)")
    print(f"  make browser           {browser:6.1f} s  (strict build, every page audited)")
    print(f"  import torch           {torch_import:6.2f} s")
    ratio = docs / torch_import
    print(
        f"  pytest docs            {docs:6.2f} s  ({ratio:.1f}x import torch; target 2.5x, aim 2x)"
    )
    print(f"  make build            {build:6.2f} s  (strict, nothing changed; target 3 s)")
    for target, note in TARGETS.items():
        seconds = statistics.median(reload_seconds(target, "gru", runs))
        print(f"  make {target:<16} {seconds:6.2f} s  (save a chapter to page served; {note})")


if __name__ == "__main__":
    main()
