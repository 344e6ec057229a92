"""Run a chapter as a reader would: every Python block it shows, in order, in a fresh Python.

    python tests/as_printed.py docs/gru.md [docs/lstm.md ...]

`pytest docs` runs the pages in one process, and its harness resets torch's
print options, default dtype and seed before each page (conftest.py). A reader
has none of that: they paste the blocks into a new interpreter. So here each
page runs in a process of its own with nothing set up: no seed (a new Python
draws torch's from the operating system), no print options, no dtype, no
filtered warnings, only the page's visible blocks in the order the page shows
them (a hidden `<!-- invisible-code-block -->` is left out). Every doctest's
output is compared with what the page prints, with the flags `pytest docs`
uses. Together with `pytest docs`, whose foreign seed fails a page that leans
on the harness's, this shows a page reproduces what it prints from its own
code alone.

tests/test_as_printed.py runs every chapter this way. Each page runs in a child
of a fork server that has imported torch and nothing else, which a reader's
first block does too, so no page pays for `import torch` again (2 s here).
Exit status 0 when every page printed what it shows; 1 names the first block
of each page that did not.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def visible_examples(path: Path):
    """The page's Python blocks that a reader sees, in order."""
    sys.path.insert(0, str(ROOT))
    from sybil import Sybil

    from conftest import parsers  # the same parsers as `pytest docs`

    document = Sybil(parsers=parsers()).parse(path)
    for example in document:
        if not document.text.startswith("<!--", example.region.start) or (
            "skip:" in document.text[example.region.start : example.region.end]
        ):
            yield example


def run_page(page: str) -> str | None:
    """Run one page's visible blocks; None when all printed what the page shows."""
    path = Path(page).resolve()
    for example in visible_examples(path):
        try:
            example.evaluate()
        except Exception:
            shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
            where = f"{shown}, line {example.line}"
            return f"{where}:\n{traceback.format_exc(limit=-3)}"
    return None


def pool() -> multiprocessing.pool.Pool:
    """A pool whose workers are forked, one per page, from a server that imported torch."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["torch"])
    return context.Pool(processes=1, maxtasksperchild=1)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.split("\n\n")[1])
        return 2
    failed = 0
    with pool() as workers:
        for page in argv:
            failure = workers.apply(run_page, (page,))
            print(f"{page}: {'as printed' if failure is None else 'FAILED'}")
            if failure:
                print(failure)
                failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
