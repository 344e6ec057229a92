"""The MkDocs hooks in hooks/: math typeset to SVG, inline diagrams, lab pages."""

import importlib.util
import logging
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"hooks_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


math_svg = load("math_svg")
search = load("search")
diagrams = load("diagrams")
notebooks = load("notebooks")


def test_inline_math_becomes_an_accessible_svg_sized_in_em():
    html = math_svg.typeset_page(
        '<p><span class="arithmatex">\\(x_t W_{ih}^\\top\\)</span></p>', "p"
    )
    assert '<span class="math"><svg' in html
    assert 'role="img" aria-label="x_t W_{ih}^\\top"' in html
    assert "em;height:" in html and "vertical-align:-" in html
    assert 'fill="currentColor"' in html  # follows the light/dark text colour


def test_display_math_becomes_a_block():
    html = math_svg.typeset_page('<div class="arithmatex">\\[h_t = \\tanh(a_t)\\]</div>', "p")
    assert html.count('<div class="math math-display"><svg') == 1


def test_glyphs_shared_by_equations_are_defined_once_per_page():
    one = '<span class="arithmatex">\\(h_t\\)</span>'
    html = math_svg.typeset_page(one * 3, "p")
    assert html.startswith('<svg class="math-sprite" aria-hidden="true"')
    ids = [chunk.split('"')[0] for chunk in html.split('<symbol id="')[1:]]
    assert len(ids) == len(set(ids)) > 0
    assert html.count("<use ") >= 3 * len(ids)


def test_a_glyph_without_outline_is_a_symbol_of_its_own():
    # The space in \text{a b} is an empty `<symbol ... />`; it must not swallow the
    # `<use>` and the glyph after it into the sprite, or the page repeats ids.
    html = math_svg.typeset_page('<span class="arithmatex">\\(\\text{a b}\\)</span>' * 2, "p")
    sprite, _, equations = html.partition("</svg>")
    ids = [chunk.split('"')[0] for chunk in html.split(' id="')[1:]]
    assert len(ids) == len(set(ids)) == sprite.count("<symbol ") == 3
    assert "<use " not in sprite
    assert equations.count("<use ") == 2 * 3


def test_escaped_html_in_tex_is_unescaped_before_typesetting():
    html = math_svg.typeset_page('<span class="arithmatex">\\(a &lt; b\\)</span>', "p")
    assert 'aria-label="a &lt; b"' in html


@pytest.mark.parametrize("tex", ["\\frac{a}", "x^{", "\\notacommand{x}"])
def test_bad_tex_is_reported_and_shown(tex, caplog):
    with caplog.at_level(logging.WARNING):
        html = math_svg.render(tex, False, "page.md")
    assert '<code class="math-error">' in html
    assert "TeX error in page.md" in caplog.text


def test_a_diagram_is_inlined_with_unique_ids_and_its_alt_text(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "chain.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<defs><marker id="arrow"><path d="M0 0"/></marker></defs>'
        '<path class="wire" marker-end="url(#arrow)"/></svg>'
    )
    page = SimpleNamespace(url="equations/")
    html = diagrams.on_page_content(
        '<p><img alt="A chain &amp; its state" src="../figures/chain.svg" /></p>',
        page,
        {"docs_dir": str(tmp_path)},
        None,
    )
    assert html.startswith(
        '<p><svg class="diagram" role="img" aria-label="A chain &amp; its state"'
    )
    assert 'id="chain-arrow"' in html and "url(#chain-arrow)" in html
    assert "<img" not in html and "<?xml" not in html


def test_a_missing_diagram_is_left_for_link_validation(tmp_path):
    img = '<img alt="gone" src="../figures/gone.svg" />'
    page = SimpleNamespace(url="equations/")
    assert diagrams.on_page_content(img, page, {"docs_dir": str(tmp_path)}, None) == img


def test_lab_pages_lose_scripts_that_load_from_a_cdn():
    html = (
        '<script src="https://cdn.example.org/mathjax/tex-mml.js"></script>'
        '<script type="text/x-mathjax-config">MathJax.Hub.Config({})</script>'
        '<script type="module">import mermaid from "https://cdn.example.org/mermaid.mjs";</script>'
        '<script src="../assets/local.js"></script>'
        "<script>document.title = 'kept';</script>"
    )
    kept = notebooks.strip_remote_scripts(html)
    assert "cdn.example.org" not in kept and "MathJax" not in kept
    assert '<script src="../assets/local.js"></script>' in kept
    assert "document.title = 'kept'" in kept


def test_stored_errors_and_unexecuted_cells_are_found():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "# Lab"},
            {"cell_type": "code", "source": "1 + 1", "execution_count": 1, "outputs": []},
            {
                "cell_type": "code",
                "source": "1 / 0",
                "execution_count": 2,
                "outputs": [{"output_type": "error", "ename": "ZeroDivisionError"}],
            },
            {"cell_type": "code", "source": "x = 1", "execution_count": None, "outputs": []},
        ]
    }
    assert notebooks.stale_cells(notebook) == [
        "cell 3 stored an error",
        "cell 4 was never executed",
    ]


def test_code_blocks_are_kept_out_of_the_search_index():
    html = (
        '<div class="language-python highlight"><pre>x = 1</pre></div>'
        '<div class="highlight"><pre>y</pre></div><p><code>inline</code></p>'
    )
    marked = search.on_page_content(html, None, None, None)
    assert marked.count(" data-search-exclude>") == 2
    assert "<p><code>inline</code></p>" in marked


@pytest.mark.parametrize(
    ("tex", "expected"),
    [
        ("(-1, 1)", "({-}1, 1)"),
        ("\\left(-a\\right)", "\\left({-}a\\right)"),
        ("x^{-1}", "x^{{-}1}"),
        ("-x", "{-}x"),
        ("a = -b", "a = {-}b"),
        ("a - b", "a - b"),
        ("h_{t-1}", "h_{t-1}"),
    ],
)
def test_a_minus_that_tex_reads_as_a_sign_is_set_tight(tex, expected):
    assert math_svg.signs_as_ordinary(tex) == expected
