"""Every lab runs, and the outputs the site shows are the outputs it produces today."""

import copy
import re
from pathlib import Path

import nbformat
import pytest
from notebooks import (
    CACHE,
    REFRESH,
    VARIES_BY_CPU,
    VARIES_BY_TORCH,
    cached_pass,
    compared_outputs,
    execute,
    labs,
    normalise,
    read,
    text_outputs,
)
from site_pages import load_config, nav_files

LABS = labs()


def describe(index, cell):
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"cell {index} ({first_line[:60]!r})"


def test_every_lab_on_disk_is_in_the_nav_and_back():
    in_nav = sorted(Path(f).name for f in nav_files(load_config().nav) if f.startswith("labs/"))
    assert in_nav == [path.name for path in LABS]


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
def test_a_cell_whose_numbers_vary_by_cpu_asserts_its_claims(path):
    """Its numbers are not compared, so its own asserts are what checks them."""
    for index, cell in enumerate(read(path).cells):
        for tag in {VARIES_BY_CPU, VARIES_BY_TORCH} & set(cell.get("metadata", {}).get("tags", [])):
            assert cell.cell_type == "code", f"{path.name}, cell {index}: tag on a text cell"
            assert re.search(r"^\s*assert\b", cell.source, re.M), (
                f"{path.name}, {describe(index, cell)}: tagged {tag!r}, so "
                "its printed numbers are not compared; it must assert what the text "
                "says of them"
            )


def test_masking_hides_only_the_numbers_of_a_tagged_cell():
    text = {"output_type": "stream", "name": "stdout", "text": "L 20: 0.47 1e-05\n"}
    cell = nbformat.from_dict({"cell_type": "code", "metadata": {}, "outputs": [text]})
    assert compared_outputs(cell) == ["stdout: L 20: 0.47 1e-05\n"]
    cell.metadata["tags"] = [VARIES_BY_CPU]
    assert compared_outputs(cell) == ["stdout: L #: # #\n"]


@pytest.mark.parametrize("path", LABS, ids=[path.stem for path in LABS])
def test_lab_runs_and_reproduces_its_stored_outputs(path):
    marker = cached_pass(path)
    if CACHE.passed_before(marker):
        pytest.skip(
            f"{path.name} and the code it imports are unchanged since it last ran "
            f"and matched its outputs here; CI and LABS_CACHE=off run it"
        )
    stored = read(path)
    fresh = execute(path)  # a failing cell raises CellExecutionError
    assert len(fresh.cells) == len(stored.cells)
    for index, (old, new) in enumerate(zip(stored.cells, fresh.cells, strict=True)):
        if old.cell_type != "code":
            continue
        assert compared_outputs(new) == compared_outputs(old), (
            f"{path.name}, {describe(index, old)}: the output changed. If the new "
            f"output is right, run `{REFRESH}` and commit the notebook. If only its "
            f"numbers change from one CPU to another, tag the cell {VARIES_BY_CPU!r} "
            f"and assert what the text claims of them.\n"
            f"stored: {text_outputs(old)}\nnow:    {text_outputs(new)}"
        )
    CACHE.remember(marker)


def test_a_cell_whose_output_varies_by_torch_is_compared_on_the_pinned_torch_only(
    monkeypatch,
):
    import notebooks

    text = {"output_type": "stream", "name": "stdout", "text": "366,590 characters\n"}
    cell = nbformat.from_dict(
        {"cell_type": "code", "metadata": {"tags": [VARIES_BY_TORCH]}, "outputs": [text]}
    )
    import torch

    monkeypatch.setattr(notebooks, "PINNED_TORCH", torch.__version__.split("+")[0])
    assert compared_outputs(cell) == ["stdout: 366,590 characters\n"]
    monkeypatch.setattr(notebooks, "PINNED_TORCH", "0.0.1")
    assert compared_outputs(cell) == []
