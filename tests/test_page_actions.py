"""Every chapter and lab offers its notebook: download, open in Colab, view source
(hooks/notebooks.py), and the lab pages carry no attribute named ",".

The unit tests build MkDocs' own page and file objects; the last test reads the
built site that `make pytest-tests` points RNN_GUIDE_SITE at.
"""

import importlib.util
import os
import re
from pathlib import Path

import pytest
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from rnn_guide_site import notebook as generator

ROOT = Path(__file__).resolve().parent.parent
EDIT_URI = "https://github.com/rnn-guide/rnn-guide/edit/main/docs/"
BUILT = os.environ.get("RNN_GUIDE_SITE")


def load_hook():
    spec = importlib.util.spec_from_file_location("hooks_notebooks", ROOT / "hooks/notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebooks = load_hook()


def page_and_files(src: str, *others: str):
    files = Files([File(path, "docs", "/tmp/site", True) for path in (src, *others)])
    file = files.get_file_from_path(src)
    if src.endswith(".ipynb"):  # mkdocs-jupyter makes a lab a page, as a chapter is
        file.dest_uri = src.removesuffix(".ipynb") + "/index.html"
        file.url = src.removesuffix(".ipynb") + "/"
    return Page(None, file, {}), files


def links(html: str) -> dict[str, str]:
    """aria-label -> href of each button."""
    return dict(
        (label, href)
        for href, label in re.findall(r'<a href="([^"]*)"[^>]*aria-label="([^"]*)"', html)
    )


def test_a_chapter_offers_its_generated_notebook_colab_and_its_source():
    page, files = page_and_files("lstm.md", "notebooks/lstm.ipynb")
    html = notebooks.action_buttons(page, {"edit_uri": EDIT_URI}, files)
    assert links(html) == {
        "Download this page as a notebook, lstm.ipynb": "../notebooks/lstm.ipynb",
        "Open this page as a notebook in Colab": "https://colab.research.google.com/github/"
        "rnn-guide/rnn-guide/blob/main/docs/notebooks/lstm.ipynb",
        "View the source of this page on GitHub": "https://github.com/rnn-guide/rnn-guide/"
        "blob/main/docs/lstm.md",
    }
    assert html.count('class="md-content__button md-icon"') == 3
    assert html.count(" download ") == 1 and html.count('aria-hidden="true"') == 3


def test_a_lab_offers_its_copy_that_installs_rnn_guide_else_its_own_file():
    page, files = page_and_files("labs/gradients.ipynb", "notebooks/labs-gradients.ipynb")
    html = notebooks.action_buttons(page, {"edit_uri": EDIT_URI}, files)
    assert links(html) == {
        "Download this page as a notebook, labs-gradients.ipynb": (
            "../../notebooks/labs-gradients.ipynb"
        ),
        "Open this page as a notebook in Colab": "https://colab.research.google.com/github/"
        "rnn-guide/rnn-guide/blob/main/docs/notebooks/labs-gradients.ipynb",
        "View the source of this page on GitHub": "https://github.com/rnn-guide/rnn-guide/"
        "blob/main/docs/labs/gradients.ipynb",
    }
    page, files = page_and_files("labs/gradients.ipynb")
    html = notebooks.action_buttons(page, {"edit_uri": EDIT_URI}, files)
    assert links(html) == {
        "Download this page as a notebook, gradients.ipynb": "gradients.ipynb",
        "Open this page as a notebook in Colab": "https://colab.research.google.com/github/"
        "rnn-guide/rnn-guide/blob/main/docs/labs/gradients.ipynb",
        "View the source of this page on GitHub": "https://github.com/rnn-guide/rnn-guide/"
        "blob/main/docs/labs/gradients.ipynb",
    }


def test_a_fork_points_at_the_fork_and_a_page_without_python_only_at_its_source():
    fork = "https://github.com/someone/rnn-fork/edit/main/docs/"
    page, files = page_and_files("api.md")
    assert links(notebooks.action_buttons(page, {"edit_uri": fork}, files)) == {
        "View the source of this page on GitHub": "https://github.com/someone/rnn-fork/"
        "blob/main/docs/api.md"
    }
    assert notebooks.action_buttons(page, {"edit_uri": None}, files) == ""


def test_the_template_s_stray_comma_attribute_is_removed():
    written = '<clipboard-copy for="cell-1", aria-label="Copy to Clipboard">a, b'
    parsed = '<clipboard-copy ,="" aria-label="Copy to Clipboard" for="cell-1">'
    assert notebooks.fix_clipboard_copy(written) == (
        '<clipboard-copy for="cell-1" aria-label="Copy to Clipboard">a, b'
    )
    assert notebooks.fix_clipboard_copy(parsed) == (
        '<clipboard-copy aria-label="Copy to Clipboard" for="cell-1">'
    )


@pytest.mark.skipif(not BUILT, reason="reads a built site: make pytest-tests sets RNN_GUIDE_SITE")
def test_the_built_site_has_the_three_buttons_on_every_chapter_and_lab():
    site = Path(BUILT)
    for src in generator.chapters() + generator.labs():
        html = site / generator.page_url(src).removeprefix(generator.SITE_URL) / "index.html"
        text = html.read_text(encoding="utf-8")
        labels = links(text)
        for label in ("Download this page", "Open this page", "View the source"):
            assert any(key.startswith(label) for key in labels), f"{src}: no {label!r}"
        download = next(href for key, href in labels.items() if key.startswith("Download"))
        assert (html.parent / download).is_file(), f"{src}: {download} is not in the site"
        if src.startswith("labs/"):
            assert ',=""' not in text, f"{src}: an attribute named ','"
