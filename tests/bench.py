"""Print the benchmark medians the project tracks (`make bench`).

Targets on a 2-core machine (see CONTRIBUTING.md): `pytest docs` within 3x the
time of `import torch` (aim for 2x); a strict build with nothing changed within
5 s; `make test` after set-up within 2 minutes (time that one with `time make test`).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "5"))
    torch_import = median_seconds([sys.executable, "-c", "import torch"], runs)
    docs = median_seconds([sys.executable, "-m", "pytest", "docs", "-q"], runs)
    median_seconds([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], 1)  # warm caches
    build = median_seconds([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], runs)
    print(f"median of {runs} runs on {os.cpu_count()} cores")
    print(f"  import torch           {torch_import:6.2f} s")
    ratio = docs / torch_import
    print(f"  pytest docs            {docs:6.2f} s  ({ratio:.1f}x import torch; target 3x, aim 2x)")
    print(f"  mkdocs build --strict  {build:6.2f} s  (nothing changed; target 5 s)")


if __name__ == "__main__":
    main()
