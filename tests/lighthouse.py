"""Lighthouse mobile scores of four pages, served with compression: `make lighthouse`.

    .venv/bin/python tests/lighthouse.py [SITE_DIR] [--runs 3] [--pages /x/ /y/]

npm's `lighthouse` (pinned in package-lock.json, installed by `make lighthouse`)
drives the system's Chromium. Each page is measured `--runs` times and the
median of every category is printed, with the limits of issue 12: performance
at least 90, accessibility, best practices and SEO 100. Exits 1 when a page
misses one. Slow (about 20 s a run) and sensitive to a busy machine, so it is
not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from server import on_server, serve  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["/", "/equations/", "/labs/rebuild-rnn/", "/api/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIMITS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}


def chromium() -> str:
    for candidate in (
        os.environ.get("CHROME_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    sys.exit("no Chromium found: set CHROME_PATH")


def run_once(url: str, chrome: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                f"--chrome-path={chrome}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={out}",
                "--quiet",
            ],
            check=True,
            timeout=300,
        )
        report = json.loads(out.read_text())
    scores = {c: round(100 * report["categories"][c]["score"]) for c in CATEGORIES}
    audits = report["audits"]
    scores["TBT ms"] = round(audits["total-blocking-time"]["numericValue"])
    scores["DOM"] = audits.get("dom-size", {}).get("numericValue")
    failing = [
        a["id"]
        for c in CATEGORIES[1:]
        for ref in report["categories"][c]["auditRefs"]
        if ref["weight"] and (a := audits[ref["id"]])["score"] is not None and a["score"] < 1
    ]
    scores["failing"] = failing
    return scores


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", nargs="+", default=PAGES, help="site paths, as /equations/")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit("lighthouse is not installed: run `make lighthouse`")
    chrome = chromium()
    bad = 0
    print(
        f"{'page':22} "
        + " ".join(f"{c[:14]:>14}" for c in CATEGORIES)
        + f" {'TBT ms':>7} {'DOM':>6}"
    )
    with serve(Path(args.site)) as base:
        for path in args.pages:
            runs = [run_once(on_server(base, path), chrome) for _ in range(args.runs)]
            median = {k: statistics.median(r[k] for r in runs) for k in [*CATEGORIES, "TBT ms"]}
            dom = runs[0]["DOM"]
            print(
                f"{path:22} "
                + " ".join(f"{median[c]:>14.0f}" for c in CATEGORIES)
                + f" {median['TBT ms']:>7.0f} {dom or 0:>6.0f}"
                + (
                    f"  below 100: {sorted(set(sum((r['failing'] for r in runs), [])))}"
                    if any(r["failing"] for r in runs)
                    else ""
                )
            )
            bad += any(median[c] < LIMITS[c] for c in CATEGORIES)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
