"""Execute the labs in docs/labs/ and keep their committed outputs reproducible.

    python tests/notebooks.py --refresh     re-execute every lab and rewrite it
    python tests/notebooks.py --refresh docs/labs/gradients.ipynb

The site shows the outputs stored in each notebook (mkdocs-jupyter does not
execute them), so `tests/test_notebooks.py` re-executes every lab and compares
its text outputs with the stored ones. After a change that alters a result, run
the refresh command and commit the rewritten notebooks.

A refreshed notebook carries nothing volatile: no timestamps, no Python
version, execution counts 1, 2, 3, ... and cell ids derived from the position,
so refreshing an unchanged notebook leaves `git diff` empty. It keeps what a
person set: the notebook's `description` and each cell's `tags`.

Most outputs are the same on every machine. A cell that prints the result of a
training run whose numbers depend on the CPU (its kernels round differently,
and training amplifies the difference) carries the tag `numbers-vary-by-cpu`:
its outputs are compared with every number masked, and the cell must assert
the claims the text makes of them, with margins that hold on any CPU.

Executing every lab is the slowest part of `pytest`, so a lab that passed is
remembered in `.cache/labs/` under a key made of the notebook, the source of
the packages it imports (`rnn_guide`, `rnn_guide_site`), this file, and the
versions of Python and torch and torch's CPU kernels (tests/run_cache.py). The
test re-executes a lab only when that key changed. CI (`CI=true`), a fresh
clone and `LABS_CACHE=off` run every lab.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from run_cache import RunCache, source_files

ROOT = Path(__file__).resolve().parent.parent
LABS_DIR = ROOT / "docs" / "labs"
REFRESH = "python tests/notebooks.py --refresh"
KERNEL = "python3"
TIMEOUT = 120  # seconds per cell; every lab cell takes a few at most

KERNELSPEC = {"name": KERNEL, "display_name": "Python 3", "language": "python"}

CACHE = RunCache("labs", switch="LABS_CACHE")
# The tag of a cell whose printed numbers change from one CPU to another.
VARIES_BY_CPU = "numbers-vary-by-cpu"
# The tag of a cell whose output changes with the torch version (the char-model
# lab reads the docstrings of the torch it runs on). The stored output is the
# pinned torch's; on another torch the cell is run, not compared, so it must
# assert its claims, and the lab quotes what the other verified version prints.
VARIES_BY_TORCH = "output-varies-by-torch"
PINNED_TORCH = re.search(
    r"^torch==(\S+)$",
    (Path(__file__).resolve().parent.parent / "constraints.txt").read_text(),
    re.M,
)[1]
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?")


def labs() -> list[Path]:
    """Return every lab notebook, sorted by name."""
    return sorted(LABS_DIR.glob("*.ipynb"))


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def execute(path: Path | str) -> nbformat.NotebookNode:
    """Execute a notebook in a fresh kernel and return it, outputs normalised.

    A cell that raises stops the run with `nbclient`'s `CellExecutionError`,
    which names the cell and shows the traceback.
    """
    path = Path(path)
    notebook = read(path)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=TIMEOUT,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return normalise(notebook)


def normalise(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes from run to run or machine to machine."""
    kept = _set_by_hand(notebook.metadata, "description")
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}, **kept}
    )
    count = 0
    for index, cell in enumerate(notebook.cells):
        cell.id = f"{cell.cell_type}-{index:02d}"
        cell.metadata = nbformat.from_dict(_set_by_hand(cell.metadata, "tags"))
        if cell.cell_type != "code":
            continue
        count += 1
        cell.execution_count = count
        cell.outputs = _coalesce_streams(cell.outputs)
        for output in cell.outputs:
            output.pop("metadata", None)
            if output.output_type in ("display_data", "execute_result"):
                output.metadata = nbformat.from_dict({})
            if output.output_type == "execute_result":
                output.execution_count = count
    nbformat.validate(notebook)
    return notebook


def _set_by_hand(metadata: dict, key: str) -> dict:
    return {key: metadata[key]} if metadata.get(key) else {}


def _coalesce_streams(outputs: list) -> list:
    """Join consecutive prints to the same stream: the kernel splits them by timing."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def text_outputs(cell: nbformat.NotebookNode) -> list[str]:
    """Return what a reader sees of a code cell's outputs, as text."""
    texts = []
    for output in cell.get("outputs", []):
        kind = output.output_type
        if kind == "stream":
            texts.append(f"{output.name}: {output.text}")
        elif kind in ("execute_result", "display_data"):
            texts.append(output.data.get("text/plain", ""))
        elif kind == "error":
            texts.append(f"error: {output.ename}: {output.evalue}")
    return texts


def on_pinned_torch() -> bool:
    import torch

    return torch.__version__.split("+")[0] == PINNED_TORCH


def compared_outputs(cell: nbformat.NotebookNode) -> list[str]:
    """What must match between a fresh run and the stored notebook: the text
    outputs, with every number masked in a cell tagged `numbers-vary-by-cpu`,
    and nothing of a cell tagged `output-varies-by-torch` on another torch."""
    texts = text_outputs(cell)
    tags = cell.get("metadata", {}).get("tags", [])
    if VARIES_BY_TORCH in tags and not on_pinned_torch():
        return []
    if VARIES_BY_CPU in tags:
        texts = [NUMBER.sub("#", text) for text in texts]
    return texts


def cached_pass(path: Path) -> Path:
    """The marker left by a passing run of this lab with these inputs."""
    return CACHE.marker(Path(path).stem, [Path(path), Path(__file__), *source_files()])


def write(notebook: nbformat.NotebookNode, path: Path) -> None:
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="re-execute the labs and rewrite them with their new outputs",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="default: every lab")
    args = parser.parse_args(argv)
    if not args.refresh:
        parser.print_help()
        return 2
    for path in args.paths or labs():
        write(execute(path), path)
        print(f"refreshed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
