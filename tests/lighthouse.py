"""Lighthouse mobile scores of the site's pages, served with compression: `make lighthouse`.

    .venv/bin/python tests/lighthouse.py [SITE_DIR ...] [--runs 3] [--pages PAGE ...]

    make lighthouse                                          # four pages, three runs each
    .venv/bin/python tests/lighthouse.py site --pages all    # every page in the nav
    .venv/bin/python tests/lighthouse.py site --pages lstm gru --runs 5
    .venv/bin/python tests/lighthouse.py /tmp/before /tmp/after --pages lstm

A page is a site path (`/labs/why-gates/`), a slug (`lstm`, `labs/why-gates`,
`index` for the home page) or `all`. npm's `lighthouse` (pinned in
package-lock.json, installed by `make lighthouse`) drives the system's Chromium.
Each page is measured `--runs` times; every run's performance score is printed
with the machine's 1-minute load average just before it, then the median of
every category, of total blocking time, of largest contentful paint, and the
DOM size. The limits are issue 12's: performance at least 90, accessibility,
best practices and SEO 100. Exits 1 when a page's median misses one.

Two or more site directories are measured interleaved (run 1 of every site,
then run 2, ...), so a comparison of two builds sees the same load: the fair
way to measure a change on a busy machine. Slow (about 20 s a run) and
sensitive to load, so it is not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from server import on_server, serve  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["/", "/equations/", "/labs/rebuild-rnn/", "/api/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIMITS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
NUMBERS = ["TBT ms", "LCP ms"]


def chromium() -> str:
    for candidate in (
        os.environ.get("CHROME_PATH"),
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    sys.exit("no Chromium found: set CHROME_PATH")


def nav_pages(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Every page of the nav in `config`, in order, as site paths."""
    text = config.read_text(encoding="utf-8")
    nav = re.search(r"^nav:\n((?:[ \t]+.*\n|\n)+)", text, re.MULTILINE)
    if nav is None:
        sys.exit(f"no nav in {config}")
    files = re.findall(r":\s*([\w./-]+\.(?:md|ipynb))\s*$", nav.group(1), re.MULTILINE)
    return [page_path(re.sub(r"\.(md|ipynb)$", "", f)) for f in files]


def page_path(page: str) -> str:
    """The site path of a page named as a path or a slug: `lstm` -> `/lstm/`."""
    slug = page.strip("/")
    if slug in ("", "index"):
        return "/"
    if slug.endswith("/index"):
        slug = slug[: -len("/index")]
    return f"/{slug}/"


def load() -> str:
    """The 1-minute load average, as /proc/loadavg says it."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


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
    scores["LCP ms"] = round(audits["largest-contentful-paint"]["numericValue"])
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "sites",
        nargs="*",
        default=[str(ROOT / "site")],
        help="built site directories (default: site); two or more are measured interleaved",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pages",
        nargs="+",
        default=PAGES,
        help="site paths (/labs/why-gates/), slugs (lstm, index) or all (every page in the nav)",
    )
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit("lighthouse is not installed: run `make lighthouse`")
    chrome = chromium()
    pages = []
    for page in args.pages:
        for path in nav_pages() if page == "all" else [page_path(page)]:
            if path not in pages:
                pages.append(path)
    sites = [Path(s) for s in args.sites]
    for site in sites:
        missing = [p for p in pages if not (site / p.strip("/") / "index.html").is_file()]
        if missing:
            sys.exit(f"{site} has no page {', '.join(missing)}: build it first")

    label = {site: (f"[{i}] " if len(sites) > 1 else "") for i, site in enumerate(sites, 1)}
    for site in sites:
        print(f"{label[site]}{site}")
    runs: dict[tuple[Path, str], list[dict]] = {(s, p): [] for s in sites for p in pages}
    with ExitStack() as stack:
        bases = [stack.enter_context(serve(site)) for site in sites]
        for n in range(1, args.runs + 1):
            for path in pages:
                for site, base in zip(sites, bases, strict=True):
                    before = load()
                    scores = run_once(on_server(base, path), chrome)
                    scores["load"] = before
                    runs[site, path].append(scores)
                    print(
                        f"run {n} {label[site]}{path}: performance {scores['performance']},"
                        f" TBT {scores['TBT ms']} ms, LCP {scores['LCP ms']} ms,"
                        f" load {before} before",
                        flush=True,
                    )

    print(f"\nmedian of {args.runs} run(s); load: the 1-minute load average before each run")
    header = (
        f"{'page':28} "
        + " ".join(f"{c[:14]:>14}" for c in CATEGORIES)
        + f" {'TBT ms':>7} {'LCP ms':>7} {'DOM':>6}  performance (each run), load"
    )
    print(header)
    bad = 0
    for path in pages:
        for site in sites:
            these = runs[site, path]
            median = {k: statistics.median(r[k] for r in these) for k in [*CATEGORIES, *NUMBERS]}
            dom = these[0]["DOM"]
            failing = sorted({f for r in these for f in r["failing"]})
            print(
                f"{label[site] + path:28} "
                + " ".join(f"{median[c]:>14.0f}" for c in CATEGORIES)
                + f" {median['TBT ms']:>7.0f} {median['LCP ms']:>7.0f} {dom or 0:>6.0f}"
                + f"  ({', '.join(str(r['performance']) for r in these)}),"
                + f" {', '.join(r['load'] for r in these)}"
                + (f"  below 100: {failing}" if failing else "")
            )
            bad += any(median[c] < LIMITS[c] for c in CATEGORIES)
    if args.json:
        args.json.write_text(
            json.dumps(
                [{"site": str(s), "page": p, "runs": r} for (s, p), r in runs.items()], indent=1
            )
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
