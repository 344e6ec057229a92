"""The lab pages: mkdocs-jupyter's HTML for docs/labs/*.ipynb, restyled and trimmed
by hooks/notebooks.py so that a lab weighs and looks like a chapter."""

import gzip
import importlib.util
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))
# A page's own HTML should stay near 20 KB gzipped; Material's header, navigation
# and footer around a lab's content take about 5 KB of that.
CONTENT_BUDGET = 15_000


def load_hook(name: str):
    spec = importlib.util.spec_from_file_location(f"hooks_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


notebooks = load_hook("notebooks")
CSS = notebooks.compact_css(notebooks.NOTEBOOK_CSS.read_text(encoding="utf-8"))


def gzipped(text: str) -> int:
    return len(gzip.compress(text.encode(), compresslevel=6, mtime=0))


def styles(html: str) -> list[str]:
    return re.findall(r"<style\b[^>]*>(.*?)</style>", html, re.S)


def fake_page(path: Path) -> SimpleNamespace:
    src_uri = path.relative_to(ROOT / "docs").as_posix()
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, abs_src_path=str(path)), meta={})


@pytest.fixture(scope="module")
def lab_pages() -> dict[str, tuple[str, str]]:
    """Each lab as mkdocs-jupyter renders it with mkdocs.yml's options: (before, after the hook)."""
    from mkdocs.config import load_config
    from mkdocs_jupyter import convert

    options = load_config(str(ROOT / "mkdocs.yml")).plugins["mkdocs-jupyter"].config
    passed = [
        "kernel_name",
        "theme",
        "allow_errors",
        "show_input",
        "no_input",
        "no_prompt",
        "remove_tag_config",
        "highlight_extra_classes",
        "include_requirejs",
        "custom_mathjax_url",
    ]
    pages = {}
    for path in LABS:
        # execute=False: the site shows the stored outputs (tests/test_notebooks.py reruns them).
        body = convert.nb2html(str(path), execute=False, **{k: options[k] for k in passed})
        pages[path.stem] = body, notebooks.on_page_content(body, fake_page(path), None, None)
    return pages


def test_the_template_styles_give_way_to_ours_and_a_cells_own_are_kept():
    html = (
        '<style type="text/css">.jupyter-wrapper{--jp-ui-font-color1: #000}</style>\n'
        "<style>.jp-Mermaid{display:none}</style>\n"
        '<div class="jupyter-wrapper"><div class="jp-Cell">'
        "<svg><style>.line{stroke:red}</style></svg>"
        "</div></div> <!-- jupyter-wrapper -->\n"
        "<style>['pre { line-height: 125%; }']</style>"
    )
    restyled = notebooks.replace_template_css(html, ".ours{}")
    assert styles(restyled) == [".ours{}", ".line{stroke:red}"]
    assert restyled.index(".ours{}") < restyled.index('<div class="jupyter-wrapper">')


def test_markup_without_the_wrapper_is_refused_and_the_build_warns(tmp_path, caplog):
    html = "<style>.jupyter-wrapper{}</style><div>cells</div>"
    with pytest.raises(ValueError, match="template"):
        notebooks.replace_template_css(html, ".ours{}")
    lab = tmp_path / "docs" / "labs" / "lab.ipynb"
    lab.parent.mkdir(parents=True)
    lab.write_text('{"cells": []}')
    page = SimpleNamespace(
        file=SimpleNamespace(src_uri="labs/lab.ipynb", abs_src_path=str(lab)), meta={}
    )
    with caplog.at_level(logging.WARNING):
        kept = notebooks.on_page_content(html, page, None, None)
    assert "JupyterLab's CSS left in place" in caplog.text
    assert styles(kept) == [".jupyter-wrapper{}"]


def test_the_script_the_template_leaves_without_a_mathjax_url_is_removed():
    html = '<!-- Load mathjax -->\n<script src=""> </script>\n<script src="../x.js"></script>'
    kept = notebooks.strip_remote_scripts(html)
    assert 'src=""' not in kept
    assert '<script src="../x.js"></script>' in kept


def test_compacting_css_keeps_what_every_selector_means():
    css = "/* why */\n.a :hover > b,\n.c  .d {\n  color: var(--x);\n  margin: 0 1em;\n}\n"
    assert notebooks.compact_css(css) == ".a :hover>b,.c .d{color: var(--x);margin: 0 1em;}"


def test_the_stylesheet_stays_small():
    assert len(CSS) < 4_000
    assert gzipped(CSS) < 1_500


def test_the_stylesheet_draws_only_in_materials_colours():
    # A fixed colour would not follow the light/dark toggle.
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?)\(", CSS) == []
    used = set(re.findall(r"var\((--[\w-]+)", CSS))
    assert used, "no Material variable used"
    theme = "".join(
        p.read_text(encoding="utf-8")
        for p in (Path(material.__file__).parent / "templates" / "assets" / "stylesheets").glob(
            "*.css"
        )
    )
    defined = set(re.findall(r"(--md-[\w-]+)\s*:", theme))
    assert used - defined == set()


def test_the_second_copy_of_each_cells_source_is_hidden():
    # The template writes every cell's source twice: highlighted, and plain for
    # the copy button. Unstyled, the plain copy shows under the code.
    assert re.search(r"\.jupyter-wrapper \.clipboard-copy-txt\{display: none;\}", CSS)


@pytest.mark.parametrize("lab", [p.stem for p in LABS])
def test_a_lab_carries_our_stylesheet_and_none_of_jupyterlabs(lab_pages, lab):
    before, after = lab_pages[lab]
    assert "--jp-" in before  # what the hook is there to remove
    assert styles(after) == [CSS]
    assert "--jp-" not in after and "jp-Mermaid" not in after


@pytest.mark.parametrize("lab", [p.stem for p in LABS])
def test_a_lab_has_no_prompts_and_no_script_file_of_its_own(lab_pages, lab):
    _, after = lab_pages[lab]
    assert "jp-InputPrompt" not in after and "jp-OutputPrompt" not in after
    assert not re.search(r"\bIn(?:&nbsp;|\s)\[\d*\]:", after)
    srcs = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]*)\"", after)
    assert srcs == []  # only the copy button's inline scripts remain
    assert "<clipboard-copy" in after


@pytest.mark.parametrize("lab", [p.stem for p in LABS])
def test_a_labs_content_stays_within_its_share_of_the_page_budget(lab_pages, lab):
    before, after = lab_pages[lab]
    assert gzipped(before) > 90_000  # the template's own weight, for scale
    assert gzipped(after) <= CONTENT_BUDGET, f"{lab}: {gzipped(after):,} bytes gzipped"


@pytest.mark.parametrize("lab", LABS, ids=[p.stem for p in LABS])
def test_a_lab_gets_a_description_of_its_own_from_its_first_paragraph(lab):
    page = fake_page(lab)
    notebooks.on_page_content('<div class="jupyter-wrapper"></div>', page, None, None)
    description = page.meta["description"]
    assert 40 <= len(description) <= 160 and description.endswith("."), description
    assert "#" not in description and "`" not in description


def test_a_lab_description_in_the_notebook_metadata_wins():
    notebook = {"metadata": {"description": "Set by hand."}, "cells": []}
    assert notebooks.description(notebook) == "Set by hand."


def test_every_class_the_stylesheet_names_is_in_a_lab(lab_pages):
    # Pygments' token classes (one to three letters) mirror Material's full list;
    # every other class is the notebook markup's, and a rule naming a class no lab
    # has is a rule that no longer matches (or never did).
    markup = set()
    for _, after in lab_pages.values():
        for names in re.findall(r'class="([^"]*)"', after):
            markup.update(names.split())
    named = {c for c in re.findall(r"\.([A-Za-z][\w-]*)", CSS) if len(c) > 3}
    assert named, "no class found in the stylesheet"
    assert named - markup == set()


def test_cells_leave_the_tab_order_and_other_tabindexes_stay():
    html = (
        '<div class="jp-Cell-inputWrapper" tabindex="0">'
        '<div class="jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">'
        '<div class="md-search__scrollwrap" tabindex="0">'
    )
    assert notebooks.drop_static_tabindex(html) == (
        '<div class="jp-Cell-inputWrapper">'
        '<div class="jp-OutputArea-output" data-mime-type="text/plain">'
        '<div class="md-search__scrollwrap" tabindex="0">'
    )


@pytest.mark.parametrize("lab", [p.stem for p in LABS])
def test_a_lab_puts_no_cell_in_the_tab_order(lab_pages, lab):
    before, after = lab_pages[lab]
    assert re.search(r'<div class="jp-[^>]*tabindex="0"', before)  # what nbconvert writes
    assert not re.search(r'<div class="jp-[^>]*tabindex', after)
