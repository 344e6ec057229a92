"""The MkDocs hooks in hooks/: math typeset to SVG, inline diagrams, lab pages."""

import importlib.util
import logging
import re
from decimal import Decimal
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
assets = load("assets")


def test_inline_math_becomes_an_accessible_svg_sized_in_em():
    html = math_svg.typeset_page(
        '<p><span class="arithmatex">\\(x_t W_{ih}^\\top\\)</span></p>', "p"
    )
    assert '<span class="math"><svg' in html
    assert 'role="img" aria-label="x_t W_{ih}^\\top"' in html
    assert "em;height:" in html and "vertical-align:-" in html
    # One fill on the <svg> that every glyph inherits: it follows the light/dark text colour.
    assert html.count('fill="currentColor"') == 1
    assert 'focusable="false" fill="currentColor"><use ' in html
    assert "xmlns" not in html  # inline in HTML, an <svg> needs no namespace


def test_display_math_becomes_a_block():
    html = math_svg.typeset_page('<div class="arithmatex">\\[h_t = \\tanh(a_t)\\]</div>', "p")
    assert html.count('<div class="math math-display"><svg') == 1


def test_glyphs_shared_by_equations_are_defined_once_per_page():
    one = '<span class="arithmatex">\\(h_t\\)</span>'
    html = math_svg.typeset_page(one * 3 + '<span class="arithmatex">\\(h\\)</span>', "p")
    assert html.startswith('<svg class="math-sprite" aria-hidden="true"')
    ids = [chunk.split('"')[0] for chunk in html.split('<symbol id="')[1:]]
    assert ids == ["M0", "M1"]  # h and a script t, in the order the page uses them
    assert sorted(re.findall(r'<use href="#([^"]+)"', html)) == ["M0"] * 4 + ["M1"] * 3


def test_two_outlines_under_one_ziamath_name_get_two_ids(monkeypatch):
    def render(tex, display, where):
        return (
            f'<span class="math"><svg><symbol id="g" viewBox="0 0 1 1"><path d="{tex}"/>'
            '</symbol><use href="#g"/></svg></span>'
        )

    monkeypatch.setattr(math_svg, "render", render)
    html = math_svg.typeset_page(
        '<span class="arithmatex">\\(m1 1z\\)</span><span class="arithmatex">\\(m2 2z\\)</span>',
        "p",
    )
    assert '<symbol id="M0" viewBox="0 0 1 1"><path d="m1 1z"/>' in html
    assert '<symbol id="M1" viewBox="0 0 1 1"><path d="m2 2z"/>' in html
    assert re.findall(r'<use href="#([^"]+)"', html) == ["M0", "M1"]


def test_a_glyph_without_outline_is_a_symbol_of_its_own():
    # The space in \text{a b} is an empty `<symbol ... />`; it must not swallow the
    # `<use>` and the glyph after it into the sprite, or the page repeats ids.
    html = math_svg.typeset_page('<span class="arithmatex">\\(\\text{a b}\\)</span>' * 2, "p")
    sprite, _, equations = html.partition("</svg>")
    ids = [chunk.split('"')[0] for chunk in html.split(' id="')[1:]]
    assert len(ids) == len(set(ids)) == sprite.count("<symbol ") == 3
    assert "<use " not in sprite
    assert equations.count("<use ") == 2 * 3


def absolute_points(d: str) -> list[tuple[str, tuple]]:
    """ziafont's absolute path as (command, points in hundredths), without the
    segments of length zero."""
    tokens = re.findall(r"[A-Z]|[-\d.]+", d)
    segments, here, start, i = [], (0, 0), (0, 0), 0
    while i < len(tokens):
        letter = tokens[i]
        count = {"M": 2, "L": 2, "Q": 4, "C": 6, "Z": 0}[letter]
        numbers = [int(Decimal(t) * 100) for t in tokens[i + 1 : i + 1 + count]]
        i += 1 + count
        points = tuple(zip(numbers[0::2], numbers[1::2], strict=True))
        if letter == "Z":
            segments.append(("Z", ()))
            here = start
        elif letter == "M" or any(p != here for p in points):
            segments.append((letter, points))
            here = points[-1]
            start = here if letter == "M" else start
    return segments


def relative_points(d: str) -> list[tuple[str, tuple]]:
    """A compact path, read back as absolute (command, points in hundredths)."""
    tokens = re.findall(r"[a-z]|-?\d+", d)
    segments, here, start, control, letter, i = [], (0, 0), (0, 0), None, "", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            letter, i = tokens[i], i + 1
        elif letter == "m":
            letter = "l"  # pairs after a move are lines
        count = {"m": 2, "l": 2, "h": 1, "v": 1, "q": 4, "t": 2, "c": 6, "z": 0}[letter]
        moves = [int(t) for t in tokens[i : i + count]]
        i += count
        x, y = here
        if letter == "z":
            segments.append(("Z", ()))
            here, control = start, None
            continue
        if letter == "h":
            points = ((x + moves[0], y),)
        elif letter == "v":
            points = ((x, y + moves[0]),)
        elif letter == "t":
            mirrored = (2 * x - control[0], 2 * y - control[1]) if control else here
            points = (mirrored, (x + moves[0], y + moves[1]))
        else:
            points = tuple(
                (x + dx, y + dy) for dx, dy in zip(moves[0::2], moves[1::2], strict=True)
            )
        kind = {"h": "L", "v": "L", "t": "Q"}.get(letter, letter.upper())
        segments.append((kind, points))
        control = points[0] if kind == "Q" else None
        here = points[-1]
        start = here if kind == "M" else start
    return segments


def test_a_compact_path_reads_back_to_the_same_points():
    # ziafont writes hundredths and we count in hundredths: the error bound is zero.
    d = "M 1.94 2.33 L 1.94 2.33 L 1.26 2.33 L 1.26 -8.78 L 1.94 -8.78 Z M 3.86 2.33 Z"
    compact = math_svg.compact_path(d)
    assert compact == "m194 233h-68v-1111h68zm192 0z"
    assert relative_points(compact) == absolute_points(d)
    assert len(absolute_points(d)) == len(re.findall("[A-Z]", d)) - 1  # one line of length 0


@pytest.mark.parametrize(
    "tex",
    [
        "\\frac{\\partial L}{\\partial W_{hh}} = \\sum_{t=1}^{T} \\delta_t h_{t-1}^\\top",
        "\\left\\| \\frac{\\partial h_T}{\\partial h_t} \\right\\| \\le \\gamma^{T-t}",
        "\\sqrt{x^2 + y_{i,j}} \\in \\mathbb{R}^{N \\times H_{out}}",
    ],
)
def test_every_glyph_outline_is_kept_exactly(tex):
    raw = math_svg.ziamath.Latex(tex, size=16, color="currentColor").svg()
    paths = re.findall(r'<path d="([^"]*)"', raw)
    assert paths
    compact = [math_svg.compact_path(d) for d in paths]
    for d, short in zip(paths, compact, strict=True):
        assert relative_points(short) == absolute_points(d)
    assert len("".join(compact)) < len("".join(paths)) / 2
    assert {"h", "v", "t"} <= set("".join(compact))  # the shorthands are used


def test_a_symbol_and_its_viewbox_are_scaled_alike():
    symbol = (
        '<symbol id="g" viewBox="-0.16 -31.52 3.86 51.22"><g>'
        '<path d="M 1.94 2.33 L 1.26 2.33 Z " /><path d="M 1 2 L 3 4 Z " /></g></symbol>'
    )
    assert math_svg.compact_symbol(symbol) == (
        '<symbol id="g" viewBox="-16 -3152 386 5122">'
        '<path d="m194 233h-68z"/><path d="m100 200 200 200z"/></symbol>'
    )
    empty = '<symbol id="space" viewBox="0 -31.52 0 51.22" />'
    assert math_svg.compact_symbol(empty) == '<symbol id="space" viewBox="0 -3152 0 5122"></symbol>'


def test_a_symbol_of_an_unexpected_shape_is_left_alone():
    drawn = '<symbol id="g" viewBox="0 0 1 1"><path d="M 0 0 H 1 Z " /></symbol>'
    moved = '<symbol id="g" viewBox="0 0 1 1"><path transform="scale(2)" d="M 0 0 Z " /></symbol>'
    assert math_svg.compact_symbol(drawn) == drawn
    assert math_svg.compact_symbol(moved) == moved


def test_a_number_finer_than_a_hundredth_is_refused():
    assert math_svg.hundredths("-31.52") == -3152
    with pytest.raises(ValueError, match="more than 2 decimals"):
        math_svg.hundredths("1.234")


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


def test_lab_code_cells_and_outputs_are_kept_out_of_the_search_index():
    html = (
        '<div class="zeroclipboard-container"><span class="notice">Copied!</span></div>'
        '<div class="highlight-ipynb hl-python"><pre>x = 1</pre></div>'
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output jp-OutputArea-executeResult">'
        '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>prose</p></div>'
    )
    marked = search.on_page_content(html, None, None, None)
    assert marked.count(" data-search-exclude") == 4
    assert '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>' in marked


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


# --- hooks/assets.py: only the bytes a page uses --------------------------------

_HEAD = '<head><link rel="stylesheet" href="../assets/_mkdocstrings.css">\n<title>t</title></head>'


def test_the_mkdocstrings_stylesheet_stays_only_where_there_is_api_markup():
    chapter = assets.on_post_page(_HEAD + "<p>prose</p>", None, None)
    assert "_mkdocstrings" not in chapter and "<title>t</title>" in chapter
    api = _HEAD + '<div class="doc doc-object doc-function">'
    assert assets.on_post_page(api, None, None) == api


def test_hidden_setup_leaves_the_page():
    page = "<p>a</p>\n<!-- invisible-code-block: python\nx = 1\nassert x\n-->\n<p>b</p>"
    assert assets.on_post_page(page, None, None) == "<p>a</p>\n<p>b</p>"
    other = "<!-- another comment -->"
    assert assets.on_post_page(other, None, None) == other


def _code_lines(source: str) -> list[str]:
    """The source's lines that are not comments or blank, stripped: read line by line."""
    lines, in_comment = [], False
    for line in source.splitlines():
        text = line.strip()
        if in_comment or text.startswith("/*"):
            in_comment = "*/" not in text
            continue
        if text and not text.startswith("//"):
            lines.append(text)
    return lines


def test_the_built_stylesheet_and_script_lose_their_comments_not_their_code(tmp_path):
    for name in assets.STRIPPED:
        source = ROOT / "docs" / name
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(source.read_text())
    assets.on_post_build({"site_dir": str(tmp_path)})
    for name in assets.STRIPPED:
        source = (ROOT / "docs" / name).read_text()
        built = (tmp_path / name).read_text()
        assert "/*" not in built and "\n//" not in built and "\n\n" not in built, name
        assert len(built) < 0.6 * len(source), name
        # Every line of code survives, in order, only its indentation gone.
        assert built.splitlines() == _code_lines(source), name
        # Stripping twice changes nothing: `mkdocs serve` may re-run it on a built copy.
        assert assets.STRIPPED[name](built) == built, name
