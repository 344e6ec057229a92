"""Every chapter runs as printed: its own visible code, in a fresh Python, prints
what the page shows (tests/as_printed.py says how).

A page that passed is remembered in `.cache/pages/`, keyed on the page, the
runner, conftest.py's parsers, the packages it imports, and the versions of
Python, torch and torch's CPU kernels (tests/run_cache.py); CI, a fresh clone
and `PAGES_CACHE=off` run every page.
"""

from pathlib import Path

import pytest
from as_printed import pool, run_page
from run_cache import RunCache, source_files

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").rglob("*.md"))
CACHE = RunCache("pages", switch="PAGES_CACHE")
RUNNER = [ROOT / "tests" / "as_printed.py", ROOT / "conftest.py"]


@pytest.fixture(scope="module")
def workers():
    with pool() as workers:
        yield workers


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_page_prints_what_it_shows_in_a_fresh_python(page, workers):
    marker = CACHE.marker(page.stem, [page, *RUNNER, *source_files()])
    if CACHE.passed_before(marker):
        pytest.skip(f"{page.name} and what it imports are unchanged since it last ran as printed")
    failure = workers.apply(run_page, (str(page),))
    assert failure is None, failure
    CACHE.remember(marker)


def test_the_runner_fails_a_page_that_relies_on_a_seed_it_does_not_set(tmp_path, workers):
    """A page that draws without seeding prints other numbers in a fresh Python."""
    page = tmp_path / "unseeded.md"
    page.write_text(
        "```python\n>>> import torch\n>>> torch.rand(3).sum().item() > 10\nFalse\n\n```\n\n"
        "```python\n>>> round(torch.rand(1).item(), 6)\n0.496257\n\n```\n"
    )
    failure = workers.apply(run_page, (str(page),))
    assert failure is not None and "0.496257" in failure
    page.write_text(
        page.read_text().replace(
            "```python\n>>> round", "```python\n>>> _ = torch.manual_seed(0)\n>>> round"
        )
    )
    assert workers.apply(run_page, (str(page),)) is None


def test_the_runner_leaves_out_hidden_blocks(tmp_path, workers):
    """A reader never sees an invisible block, so the page must not need it."""
    page = tmp_path / "hidden.md"
    page.write_text(
        "<!-- invisible-code-block: python\nanswer = 42\n-->\n\n"
        "```python\nassert answer == 42\n```\n"
    )
    assert "NameError" in workers.apply(run_page, (str(page),))
