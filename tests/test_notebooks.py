"""Every lab runs, and the outputs the site shows are the outputs it produces today."""

import copy
import re

import pytest
from notebooks import REFRESH, execute, labs, normalise, read, text_outputs

LABS = labs()
EXPECTED_LABS = [
    "gradients.ipynb",
    "rebuild-rnn.ipynb",
    "sine-predictor.ipynb",
    "why-gates.ipynb",
]


def describe(index, cell):
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"cell {index} ({first_line[:60]!r})"


def test_every_lab_is_here():
    assert [path.name for path in LABS] == EXPECTED_LABS


@pytest.mark.parametrize("path", LABS, ids=[path.stem for path in LABS])
def test_stored_lab_is_refreshed_and_error_free(path):
    stored = read(path)
    assert normalise(copy.deepcopy(stored)) == stored, (
        f"{path.name} carries volatile metadata or unnumbered cells; run `{REFRESH}`"
    )
    for index, cell in enumerate(stored.cells):
        if cell.cell_type == "markdown":
            # The site typesets math at build time in pages, not in notebooks.
            assert not re.search(r"\$[^$]+\$", cell.source), (
                f"{path.name}, {describe(index, cell)}: no $...$ math in labs"
            )
            continue
        for output in cell.outputs:
            assert output.output_type != "error", (
                f"{path.name}, {describe(index, cell)} stores an error: "
                f"{output.ename}: {output.evalue}"
            )


@pytest.mark.parametrize("path", LABS, ids=[path.stem for path in LABS])
def test_lab_runs_and_reproduces_its_stored_outputs(path):
    stored = read(path)
    fresh = execute(path)  # a failing cell raises CellExecutionError
    assert len(fresh.cells) == len(stored.cells)
    for index, (old, new) in enumerate(zip(stored.cells, fresh.cells, strict=True)):
        if old.cell_type != "code":
            continue
        assert text_outputs(new) == text_outputs(old), (
            f"{path.name}, {describe(index, old)}: the output changed. If the new "
            f"output is right, run `{REFRESH}` and commit the notebook.\n"
            f"stored: {text_outputs(old)}\nnow:    {text_outputs(new)}"
        )
