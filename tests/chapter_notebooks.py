"""Run a chapter's notebook in a fresh kernel and check it prints what the page prints.

    python tests/chapter_notebooks.py docs/notebooks/unrolling.ipynb [...]

Each notebook in docs/notebooks/ (made by rnn_guide_site/notebook.py) stores,
as the output of each doctest's cell, what the page prints. This runs the
notebook top to bottom in a fresh kernel (nbclient), in the directory given by
`--cwd` (default: the notebook's), and compares what each such cell printed and
displayed with the stored text, with the flags `pytest docs` uses (ELLIPSIS,
NORMALIZE_WHITESPACE). A cell that raises stops the run.

It needs nbformat and nbclient and nothing of this checkout, so `make
wheel-check` runs it in a venv that has only the built wheel, torch and those:
tests/test_chapter_notebooks.py runs every chapter through it here.
"""

from __future__ import annotations

import argparse
import doctest
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT = 300  # seconds per cell; the slowest chapter cell trains for a few
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def outputs_text(cell) -> str:
    """What a code cell printed and displayed, as a doctest reads it (stderr aside)."""
    texts = []
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream" and output["name"] == "stdout":
            texts.append("".join(output["text"]))
        elif output["output_type"] in ("execute_result", "display_data"):
            texts.append("".join(output["data"].get("text/plain", "")) + "\n")
    return "".join(texts)


def execute(path: Path, cwd: Path) -> nbformat.NotebookNode:
    """The notebook run in a fresh kernel from `cwd`, with its new outputs."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(cwd)}},
    )
    client.execute()  # a cell that raises stops here with CellExecutionError, naming it
    return notebook


def differences(path: Path, cwd: Path) -> list[str]:
    """Run the notebook; describe each cell that printed other than the page."""
    stored = nbformat.read(path, as_version=4)
    fresh = execute(path, cwd)
    checker, found = doctest.OutputChecker(), []
    for index, (old, new) in enumerate(zip(stored.cells, fresh.cells, strict=True)):
        if old.cell_type != "code" or not old.outputs:
            continue
        want, got = outputs_text(old), outputs_text(new)
        if not checker.check_output(want, got, FLAGS):
            found.append(
                f"{path.name}, cell {index}: the page prints\n{want}\nthe notebook printed\n{got}"
            )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--cwd", type=Path, help="where the kernel starts")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.notebooks:
        found = differences(path, args.cwd or path.resolve().parent)
        print(f"{path}: {'prints what the page prints' if not found else 'DIFFERS'}")
        for difference in found:
            print(difference)
        failed += bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
