"""Every chapter's notebook (docs/notebooks/) is what the generator makes from the
page today, has nothing left that only MkDocs reads, and runs top to bottom in
a fresh kernel printing what the page prints (rnn_guide_site/notebook.py).

The run is the proof tests/as_printed.py gives for a page, made in the reader's
own tool: a fresh Python (here a Jupyter kernel) with nothing set up, the page's
visible blocks in order, every doctest's printed output compared with the
page's, with the flags `pytest docs` uses (ELLIPSIS, NORMALIZE_WHITESPACE).

A notebook that passed is remembered in `.cache/chapter-notebooks/`, keyed on
the notebook, the generator, this file, rnn_guide and rnn_guide_site, and the
versions of Python, torch and torch's CPU kernels (tests/run_cache.py); CI, a
fresh clone and `NOTEBOOKS_CACHE=off` run every one.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from as_printed import visible_examples
from chapter_notebooks import differences
from packaging.requirements import Requirement
from packaging.version import Version
from run_cache import RunCache, source_files

from rnn_guide_site import notebook as generator

ROOT = Path(__file__).resolve().parent.parent
PAGES = generator.chapters()
IDS = [Path(page).stem for page in PAGES]
LABS = generator.labs()
LAB_IDS = [f"labs-{Path(lab).stem}" for lab in LABS]
CACHE = RunCache("chapter-notebooks", switch="NOTEBOOKS_CACHE")


def torch_pin(path: str) -> str:
    return re.search(r"^torch==(\S+)$", (ROOT / path).read_text(), re.M)[1]


PINNED = torch_pin("constraints.txt")
NEWEST = torch_pin(".github/torch-newest/requirements.txt")


def stored(page: str) -> dict:
    return json.loads(generator.notebook_path(page).read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    return "".join(cell["source"])


def test_every_chapter_has_a_notebook_and_nothing_else_is_there():
    wanted = sorted(generator.notebook_path(page).name for page in PAGES + LABS)
    there = sorted(path.name for path in generator.NOTEBOOKS_DIR.glob("*"))
    assert there == wanted, f"run `{generator.REFRESH}` and commit docs/notebooks/"


def test_every_page_of_the_nav_with_python_is_a_chapter():
    """A new chapter gets its notebook without editing a list."""
    assert "lstm.md" in PAGES and "api.md" not in PAGES
    for page in generator.nav_pages():
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert (page in PAGES) == ("```python" in text), page


@pytest.mark.parametrize("page", PAGES + LABS, ids=IDS + LAB_IDS)
def test_committed_notebook_is_what_the_generator_makes(page):
    committed = generator.notebook_path(page).read_text(encoding="utf-8")
    assert committed == generator.dumps(generator.make(page)), (
        f"docs/notebooks/{generator.notebook_path(page).name} is stale: "
        f"run `{generator.REFRESH}` and commit it"
    )
    nbformat.validate(nbformat.reads(committed, as_version=4))


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_notebook_holds_the_pages_visible_examples_in_order(page):
    """The code cells run what `pytest docs` runs, hidden blocks left out: every
    line of every block Sybil collects from the page, in the page's order."""
    cells = [c for c in stored(page)["cells"] if c["cell_type"] == "code"][1:]
    lines = [line.strip() for cell in cells for line in source(cell).split("\n")]
    at = 0
    for example in visible_examples(ROOT / "docs" / page):
        code = example.parsed if isinstance(example.parsed, str) else example.parsed.source
        for line in filter(None, (line.strip() for line in code.split("\n"))):
            assert line in lines[at:], f"{page}, line {example.line}: {line!r} missing"
            at = lines.index(line, at) + 1


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_notebook_markdown_has_nothing_only_mkdocs_reads(page):
    raw = {
        "an admonition": r"^\s*(\?\?\?|!!!)",
        "an attribute list": r"\{\s*[#.:][^}]*\}",
        "a relative link or figure": r"\]\((?!https?://|#)",
        "a definition list": r"^:   ",
        "an HTML comment": r"<!--",
        "the explorer's form": r"<(form|input|select|link)\b",
    }
    for index, cell in enumerate(stored(page)["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub(r"`[^`\n]*`|^```.*?^```", "", source(cell), flags=re.S | re.M)
        for what, pattern in raw.items():
            assert not re.search(pattern, text, re.M), f"{page}, cell {index}: {what}"


@pytest.mark.parametrize("lab", LABS, ids=LAB_IDS)
def test_a_labs_copy_is_the_lab_after_one_cell_that_installs_rnn_guide(lab):
    """The lab itself is executed and compared by tests/test_notebooks.py."""
    own = json.loads((ROOT / "docs" / lab).read_text(encoding="utf-8"))
    copy = stored(lab)
    assert copy["cells"][2:] == own["cells"] and copy["metadata"] == own["metadata"]
    assert "%pip install" not in "".join(source(c) for c in own["cells"])


@pytest.mark.parametrize("page", PAGES + LABS, ids=IDS + LAB_IDS)
def test_first_cell_installs_rnn_guide_in_one_line_and_names_the_verified_torch(page):
    setup = stored(page)["cells"][1]
    assert setup["metadata"]["tags"] == [generator.SETUP_TAG]
    installs = [line for line in setup["source"] if "%pip install" in line]
    assert len(installs) == 1 and "rnn-guide @ git+https://github.com/" in installs[0]
    assert f"verified on torch {PINNED} and {NEWEST}" in source(setup)
    assert f"Verified on torch {PINNED} and {NEWEST}" in source(stored(page)["cells"][0])


def test_installing_rnn_guide_keeps_the_torch_a_reader_has():
    """pip leaves an installed torch alone when it satisfies the requirement: a
    lower bound only (no cap, no pin), that both verified versions meet, keeps
    Colab's torch and any newer release."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    torch_req = next(Requirement(r) for r in project["dependencies"] if r.startswith("torch"))
    assert all(spec.operator == ">=" for spec in torch_req.specifier), torch_req
    for version in (PINNED, NEWEST, "99.0"):
        assert Version(version) in torch_req.specifier
    lower = next(iter(torch_req.specifier)).version
    assert f"torch>={lower}" in source(stored("lstm.md")["cells"][1])


def test_a_doctest_becomes_cells_that_end_where_the_page_shows_output():
    cells = generator.doctest_cells(
        ">>> x = 2\n>>> x + 1\n3\n>>> y = x\n>>> int('a')\nTraceback (most recent call "
        "last):\n  ...\nValueError: invalid literal for int() with base 10: 'a'\n>>> z = 1\n"
    )
    assert cells == [
        ("x = 2\nx + 1\n", "3\n"),
        (
            "import traceback\n\ny = x\ntry:\n    int('a')\n"
            "except Exception as error:  # the page shows this error\n"
            '    print(traceback.format_exception_only(error)[-1], end="")\n',
            "ValueError: invalid literal for int() with base 10: 'a'\n",
        ),
        ("z = 1\n", ""),
    ]


def test_an_answer_becomes_a_details_section_and_its_code_a_collapsed_cell(tmp_path):
    items = generator.parse(
        '**1.** Why?\n\n??? success "Answer"\n\n    Because.\n\n'
        "    ```python\n    assert True\n    ```\n\n## Next {#next-one}\n\nSee [LSTM](lstm.md#x).\n"
    )
    cells = generator._cells(items, "gru.md")
    texts = [source(cell) for cell in cells]
    assert texts[1] == "<details><summary>Answer</summary>\n\nBecause.\n\n</details>"
    assert texts[2] == "assert True" and cells[2]["metadata"]["jupyter"]["source_hidden"]
    assert texts[3] == (
        '## <a id="next-one"></a>Next\n\nSee [LSTM](https://rnn-guide.github.io/rnn-guide/lstm/#x).'
    )


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_notebook_runs_in_a_fresh_kernel_and_prints_what_the_page_prints(page):
    """From the repository root, as `pytest docs` runs: a page that reads
    docs/data/ finds it there (in Colab its first cell fetches it)."""
    path = generator.notebook_path(page)
    runner = [Path(generator.__file__), Path(__file__), ROOT / "tests" / "chapter_notebooks.py"]
    marker = CACHE.marker(path.stem, [path, *runner, *source_files()])
    if CACHE.passed_before(marker):
        pytest.skip(f"{path.name} and what it imports are unchanged since it last ran here")
    found = differences(path, ROOT)  # a cell that raises fails here, naming it
    assert not found, "\n".join(found)
    CACHE.remember(marker)
