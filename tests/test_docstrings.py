"""The package's docstrings run their examples and link to the chapter they belong to."""

import doctest
import importlib
import inspect
import re
from pathlib import Path

import pytest
from site_pages import load_config, nav_files

import rnn_guide

MODULES = sorted({getattr(rnn_guide, name).__module__ for name in rnn_guide.__all__})
# A docstring may link to any page of the site's nav.
CHAPTERS = {f for f in nav_files(load_config().nav) if f.endswith(".md")}


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples_run_and_print_what_they_show(module_name):
    module = importlib.import_module(module_name)
    failures, attempted = doctest.testmod(module, verbose=False, report=True)
    assert attempted > 0, f"{module_name} has no examples"
    assert failures == 0


@pytest.mark.parametrize("name", rnn_guide.__all__)
def test_every_export_links_to_a_chapter(name):
    docstring = inspect.getdoc(getattr(rnn_guide, name))
    links = re.findall(r"\]\(([^)]+)\)", docstring)
    assert links, f"{name} links to no chapter"
    assert set(links) <= CHAPTERS, links


@pytest.mark.parametrize("name", rnn_guide.__all__)
def test_every_export_documents_its_arguments(name):
    value = getattr(rnn_guide, name)
    docstring = inspect.getdoc(value)
    parameters = [p for p in inspect.signature(value).parameters if p != "self"]
    if parameters:
        section = docstring.split("Args:", 1)[-1]
        for parameter in parameters:
            assert re.search(rf"^\s+{parameter}:", section, re.M), (name, parameter)


def test_chapter_links_point_at_existing_pages():
    docs = Path(rnn_guide.__file__).resolve().parent.parent / "docs"
    if not docs.is_dir():
        pytest.skip("docs/ is not next to the package (installed elsewhere)")
    assert {path.name for path in docs.glob("*.md")} >= CHAPTERS
