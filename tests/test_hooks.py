"""The site's build machinery: the Markdown extensions in rnn_guide_site/ (maths,
diagrams) and the MkDocs hooks in hooks/ (math font, search, lab pages, assets)."""

import importlib.util
import io
import logging
import re
from pathlib import Path

import markdown
import pytest

ROOT = Path(__file__).resolve().parent.parent


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"hooks_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


math_font = load("math_font")
search = load("search")
notebooks = load("notebooks")
assets = load("assets")
MATH = "rnn_guide_site.mathml"
DIAGRAMS = "rnn_guide_site.diagrams"


def md(text: str, *extensions: str, **configs) -> str:
    return markdown.markdown(text, extensions=list(extensions), extension_configs=configs)


def test_inline_and_display_maths_become_mathml():
    html = md("The state $h_t$ and $x_t W_{ih}^\\top$.\n\n$$\nh_t = \\tanh(a_t)\n$$\n", MATH)
    assert "<p>The state <math><msub><mi>h</mi><mi>t</mi></msub></math> and " in html
    assert "<mi>⊤</mi>" in html
    assert html.count('<div class="math-display"><math display="block">') == 1
    assert "\\tanh" not in html and "$" not in html


def test_a_prime_sits_after_its_letter_not_in_a_superscript():
    html = md("$f'(a_t)$ and $f''$", MATH)
    assert '<mrow><mi>f</mi><mo lspace="0" rspace="0">′</mo></mrow>' in html
    assert '<mrow><mi>f</mi><mo lspace="0" rspace="0">″</mo></mrow>' in html
    assert "<msup>" not in html


def test_punctuation_after_inline_maths_is_kept_on_its_line():
    html = md("Near $x = 0.5$. Then $h_t$, $c_t$), and $y$ alone.", MATH)
    assert '<span class="math-nowrap"><math><mi>x</mi><mo>=</mo><mn>0.5</mn></math>.</span>' in html
    assert (
        '<span class="math-nowrap"><math><msub><mi>h</mi><mi>t</mi></msub></math>,</span>' in html
    )
    assert "</math>),</span> and" in html
    assert "and <math><mi>y</mi></math> alone" in html
    # The text a screen reader or a search reads is unchanged.
    assert re.sub("<[^>]+>", "", html).startswith("Near x=0.5. Then ht, ct), and y alone.")


def test_dollars_that_are_not_maths_stay_text():
    html = md("It costs \\$5, or $5 and $6. In code: `$x$`.", MATH)
    assert "<math" not in html
    assert "\\$" not in html and "$5" in html and "<code>$x$</code>" in html


def test_escaped_html_in_tex_is_read_as_tex():
    assert "<mo>&lt;</mo>" in md("$a < b$", MATH)


@pytest.mark.parametrize("tex", ["\\frac{a}", "x^{", "\\notacommand{x}"])
def test_bad_tex_is_a_warning_and_shows_in_red(tex, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        html = md(f"A formula: ${tex}$.", MATH)
    assert '<code class="math-error" title="TeX error: ' in html
    assert "TeX error" in caplog.text and tex in caplog.text
    assert caplog.records[0].name.startswith("mkdocs.")  # strict mode counts it


def test_the_font_subset_covers_the_italic_form_of_every_letter():
    chars = math_font.characters(
        "<p>x</p><math><mi>h</mi><mo>&ApplyFunction;</mo><mi>β</mi></math>"
    )
    assert chars == {"h", "\u2061", "β"}
    assert math_font.with_italics(chars) == chars | {"\u210e", "\U0001d6fd"}


def test_a_square_root_brings_the_radical_sign_into_the_subset():
    # <msqrt> holds no √ in its text, yet the browser draws it with the font's.
    assert "√" in math_font.characters(md("$\\sqrt{H_{out}}$", MATH))


def test_the_font_subset_keeps_the_math_table_and_the_glyphs_asked_for():
    source = ROOT / math_font.SOURCE
    if not source.is_file():
        pytest.fail(f"{source} is missing: run `make fonts`")
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(math_font.subset(source, {"x", "\U0001d465", "∑", "′"})))
    cmap = font.getBestCmap()
    assert {ord("x"), 0x1D465, ord("∑"), ord("′")} <= set(cmap) and ord("y") not in cmap
    assert "MATH" in font and font.flavor == "woff2"
    # The display-size sum is reached through the MATH table's variants.
    variants = font["MATH"].table.MathVariants.VertGlyphConstruction
    assert len(font.getGlyphOrder()) > 5 and variants


def test_the_font_subset_is_the_same_bytes_every_time():
    source = ROOT / math_font.SOURCE
    if not source.is_file():
        pytest.fail(f"{source} is missing: run `make fonts`")
    from fontTools.ttLib import TTFont

    chars = {"x", "\U0001d465"}
    first = math_font.subset(source, chars)
    assert first == math_font.subset(source, chars)
    # Not stamped with the time of the build, which would change it every second.
    modified = TTFont(io.BytesIO(first))["head"].modified
    assert modified == TTFont(source)["head"].modified


FIGURE = (
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 280 10">'
    '<defs><marker id="arrow"><path d="M0 0"/></marker></defs>'
    '<path class="wire" marker-end="url(#arrow)"/><text font-size="11">x</text></svg>'
)


@pytest.mark.parametrize(
    "image",
    [
        "![A chain &amp; its state](figures/chain.svg)",  # a page at the site root
        "![A chain &amp; its state](../figures/chain.svg)",
        '![A chain &amp; its state](figures/chain.svg "with a title")',
        '![A chain &amp; its state](figures/chain.svg){ width="140" }',
    ],
)
def test_a_diagram_is_inlined_wherever_the_page_is_and_whatever_it_carries(tmp_path, image):
    (tmp_path / "chain.svg").write_text(FIGURE)
    html = md(image, "attr_list", DIAGRAMS, **{DIAGRAMS: {"figures": str(tmp_path)}})
    assert (
        '<span class="diagram-scroll" data-search-exclude><svg class="diagram" role="img" ' in html
    )
    assert 'aria-label="A chain &amp; its state"' in html
    assert 'id="chain-arrow"' in html and "url(#chain-arrow)" in html
    assert "<img" not in html and "<?xml" not in html
    # Its smallest label, 11 units, is 11 px when drawn at least 280 px wide.
    assert 'style="min-width:280px"' in html


def test_a_missing_diagram_is_a_warning(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        md("![gone](figures/gone.svg)", DIAGRAMS, **{DIAGRAMS: {"figures": str(tmp_path)}})
    assert "gone.svg" in caplog.text


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
    marked = search.mark(html)
    assert marked.count(" data-search-exclude>") == 2
    assert "<p><code>inline</code></p>" in marked


def test_lab_code_cells_and_outputs_are_kept_out_of_the_search_index():
    html = (
        '<div class="zeroclipboard-container"><span class="notice">Copied!</span></div>'
        '<div class="highlight-ipynb hl-python"><pre>x = 1</pre></div>'
        '<div class="clipboard-copy-txt" id="cell-1">x = 1</div>'
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">'
        '<div class="jp-RenderedHTMLCommon jp-OutputArea-output jp-OutputArea-executeResult">'
        '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>prose</p></div>'
    )
    marked = search.mark(html)
    assert marked.count(" data-search-exclude") == 5
    assert '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>' in marked


def test_answers_and_lab_heading_anchors_are_kept_out_of_the_search_index():
    html = (
        '<details class="success"><summary>Answer</summary><p>42</p></details>'
        '<h2 id="a">A<a class="anchor-link" href="#a">¶</a></h2><details class="note">'
    )
    marked = search.mark(html)
    assert '<details class="success" data-search-exclude>' in marked
    assert '<a class="anchor-link" data-search-exclude href="#a">' in marked
    assert '<details class="note">' in marked


def _index(page_html: str) -> list[tuple]:
    """What Material's search plugin takes from a page: its sections' ids, titles, text."""
    from material.plugins.search.plugin import Parser

    parser = Parser()
    parser.feed(page_html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


def test_the_reading_copy_gives_the_index_what_the_marked_page_gives_it():
    # A real chapter's content, as the build renders it.
    html = md(
        (ROOT / "docs" / "equations.md").read_text(encoding="utf-8"),
        "toc",
        "admonition",
        "pymdownx.details",
        "pymdownx.highlight",
        "pymdownx.superfences",
        MATH,
    )
    copy = search.reading_copy(html)
    assert html.count("<pre") >= 10 and "<pre" not in copy
    assert len(copy) < len(search.mark(html)) / 2
    assert _index(copy) == _index(search.mark(html))


# A lab as nbconvert renders it: each cell two divs deep, a heading in the first.
LAB = (
    '<div class="jupyter-wrapper">'
    '<div class="jp-Cell jp-MarkdownCell"><div class="jp-Cell-inputWrapper">'
    '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">'
    '<h2 id="train">Train<a class="anchor-link" href="#train">¶</a></h2><p>First.</p>'
    "</div></div></div>"
    '<div class="jp-Cell jp-CodeCell"><div class="jp-InputArea-editor">'
    '<div class="highlight-ipynb"><pre>loss.backward()</pre></div>'
    '<div class="clipboard-copy-txt">loss.backward()</div></div>'
    '<div class="jp-OutputArea-output"><pre>0.5</pre></div></div>'
    '<div class="jp-Cell jp-MarkdownCell"><div class="jp-Cell-inputWrapper">'
    '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">'
    '<p>Then <span class="math-display"><div class="x">y</div></span>.</p>'
    "</div></div></div></div>"
)


def test_a_lab_is_read_as_its_markdown_cells_each_under_its_heading():
    # Marked alone, the paragraph after the code cell is filed under the page,
    # not under "Train".
    marked = _index(search.mark(LAB))
    assert [(i, t) for i, t, _, _ in marked] == [(None, ""), ("train", "Train")]
    assert "Then" in marked[0][2]
    sections = _index(search.reading_copy(LAB, notebook=True))
    assert [(i, t, x.strip()) for i, t, x, _ in sections][0] == (None, "", "")
    assert [(i, t) for i, t, _, _ in sections][1:] == [("train", "Train")]
    text = sections[1][2]
    assert "First." in text and "Then" in text and "y" in text
    assert "backward" not in text and "0.5" not in text and "¶" not in text


def test_an_api_heading_is_read_as_the_function_name_without_its_signature():
    heading = (
        '<h3 id="rnn_guide.padded_batch" class="doc doc-heading">\n'
        '<code class="highlight language-python">padded_batch<span class="p">(</span>'
        'lengths<span class="p">,</span> batch_first<span class="o">=</span>'
        '<span class="kc">False</span><span class="p">)</span></code></h3><p>Pad.</p>'
    )
    section_id, title, text, _ = _index(search.reading_copy(heading))[-1]
    assert (section_id, title.strip(), text) == (
        "rnn_guide.padded_batch",
        "<code>padded_batch</code>",
        "<p>Pad.</p>",
    )


def test_chapters_count_fully_in_nav_order_and_the_rest_half():
    from types import SimpleNamespace as Page

    def page(uri, parent=None):
        return Page(file=Page(src_uri=uri), parent=parent)

    section = object()
    pages = [page("index.md"), page("a.md", section), page("b.md", section)]
    pages += [page("labs/x.ipynb", section), page("api.md")]
    nav = Page(pages=pages)
    boosts = [search.page_boost(p, nav) for p in pages]
    assert boosts == [0.5, 1.0, 1 - search.STEP, 0.5, 0.5]


def test_a_mistake_counts_half_and_keeps_its_pages_boost():
    index = {
        "docs": [
            {"location": "a/", "boost": 0.99},
            {"location": "a/#mistake-x", "boost": 0.99},
            {"location": "b/#mistake-y"},
        ]
    }
    boosts = [d.get("boost") for d in search.boost_mistakes(index)["docs"]]
    assert boosts == [0.99, 0.495, 0.5]


# --- hooks/assets.py: only the bytes a page uses --------------------------------

_HEAD = '<head><link rel="stylesheet" href="../assets/_mkdocstrings.css">\n<title>t</title></head>'


def test_the_mkdocstrings_stylesheet_stays_only_where_there_is_api_markup():
    chapter = assets.on_post_page(_HEAD + "<p>prose</p>", None, None)
    assert "_mkdocstrings" not in chapter and "<title>t</title>" in chapter
    api = _HEAD + '<div class="doc doc-object doc-function">'
    assert assets.on_post_page(api, None, None) == api


def test_name_and_whitespace_tokens_become_plain_text_and_others_keep_their_span():
    code = (
        '<code><span class="n">rnn</span><span class="w"> </span><span class="o">=</span>'
        '<span class="n">nn</span><span class="o">.</span><span class="n">RNN</span>'
        '<span class="p">(</span><span class="mi">4</span><span class="p">)</span></code>'
    )
    plain = assets.plain_tokens(code)
    assert plain == (
        '<code>rnn <span class="o">=</span>nn<span class="o">.</span>RNN'
        '<span class="p">(</span><span class="mi">4</span><span class="p">)</span></code>'
    )
    assert re.sub("<[^>]+>", "", plain) == re.sub("<[^>]+>", "", code)


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


def test_a_dirty_rebuild_keeps_the_glyphs_of_the_pages_it_did_not_rebuild(tmp_path):
    """`make serve` rebuilds only the edited page; the font it then writes is
    every page's, or a page the reader clicks to next would lose its glyphs."""
    from fontTools.ttLib import TTFont

    config = {"config_file_path": str(ROOT / "mkdocs.yml"), "site_dir": str(tmp_path)}
    # MkDocs calls on_startup once a process, on_pre_build before each build.
    pre_build = getattr(math_font, "on_pre_build", lambda config: None)
    math_font.on_startup(command="serve", dirty=True)
    pre_build(config)
    math_font.on_page_content("<math><mi>α</mi></math>", None, config, None)
    math_font.on_post_build(config)
    # The dirty rebuild reads only the page that changed.
    pre_build(config)
    math_font.on_page_content("<math><mi>β</mi></math>", None, config, None)
    math_font.on_post_build(config)
    cmap = TTFont(tmp_path / math_font.TARGET).getBestCmap()
    assert {ord("α"), ord("β")} <= set(cmap)
    math_font.on_startup(command="build", dirty=False)
    assert not math_font._used  # a new process starts from nothing


def test_a_subscript_after_f_w_or_r_moves_in_by_the_fonts_own_cut_in():
    """Chromium ignores the font's MathKernInfo (reader review S6: f_t read "f  t");
    mathml.py marks those subscripts and extra.css moves each in by the font's
    bottom-right kern at 0.2 em, where an ordinary subscript's top sits."""
    from fontTools.ttLib import TTFont

    mathml = importlib.import_module(MATH)
    html = md("$f_t + b_{if} + W_{hf}^\\top h_{t-1} + r_{t-1}$", MATH)
    assert '<msub><mi>f</mi><mi class="cut-in-f">t</mi></msub>' in html
    assert '<msubsup><mi>W</mi><mrow class="cut-in-W"><mi>h</mi><mi>f</mi></mrow>' in html
    assert '<msub><mi>r</mi><mrow class="cut-in-r">' in html
    assert "<msub><mi>b</mi><mrow><mi>i</mi>" in html  # b has no cut-in
    assert re.sub("<[^>]+>", "", html) == "ft+bif+Whf⊤ht−1+rt−1"

    font = TTFont(
        ROOT / "node_modules/@fontsource/stix-two-math/files/stix-two-math-latin-400-normal.woff2"
    )
    upm = font["head"].unitsPerEm
    table = font["MATH"].table
    kerns = table.MathGlyphInfo.MathKernInfo
    records = dict(zip(kerns.MathKernCoverage.glyphs, kerns.MathKernInfoRecords, strict=True))
    css = (ROOT / "docs/stylesheets/extra.css").read_text(encoding="utf-8")
    scale = table.MathConstants.ScriptPercentScaleDown / 100
    for letter, cut_in in mathml.CUT_IN.items():
        italic = chr(
            0x1D44E + ord(letter) - ord("a")
            if letter.islower()
            else 0x1D434 + ord(letter) - ord("A")
        )
        kern = records[font.getBestCmap()[ord(italic)]].BottomRightMathKern
        heights = [h.Value / upm for h in kern.CorrectionHeight]
        band = sum(h <= 0.2 for h in heights)
        assert -kern.KernValue[band].Value / upm == pytest.approx(cut_in, abs=0.0005), letter
        rule = re.search(rf"\.cut-in-{letter} \{{\s*margin-inline-start: -([\d.]+)em;", css)
        assert rule and float(rule[1]) == pytest.approx(cut_in / scale, abs=0.001), letter


def test_each_pre_carries_its_number_of_lines_for_the_height_css_reserves():
    code = (
        '<div class="highlight"><pre><span></span>'
        '<code>a = 1\n<span class="k">b</span>\n</code></pre></div>'
    )
    assert '<pre style="--lines:2"><span></span><code>a = 1' in assets.line_counts(code)
    lab = '<div class="highlight-ipynb"><pre>x\ny\nz</pre></div>'
    assert '<pre style="--lines:3">x' in assets.line_counts(lab)
    styled = '<pre style="content-visibility:visible"><code>x</code></pre>'
    assert assets.line_counts(styled) == styled  # its own style is left alone
    css = (ROOT / "docs/stylesheets/extra.css").read_text(encoding="utf-8")
    assert "calc(2.78em + 1.19em * var(--lines, 9))" in css


def test_each_api_entry_text_is_wrapped_with_what_sets_its_reserved_height():
    page = (
        '<div class="doc doc-object doc-module"><h2 class="doc doc-heading">m</h2>'
        '<div class="doc doc-contents first"><p>The module.</p>'
        '<div class="doc doc-children">'
        '<div class="doc doc-object doc-class"><h3 class="doc doc-heading">C</h3>'
        '<div class="doc doc-contents "><p>A &amp; <code>b</code></p>'
        "<ul><li>one</li><li>two</li></ul>"
        '<div class="highlight"><pre style="--lines:3"><code>x\ny\nz</code></pre></div>'
        '<div class="doc doc-children">'
        '<div class="doc doc-object doc-function"><h4 class="doc doc-heading">f</h4>'
        '<div class="doc doc-contents "><p>Four.</p></div></div>'
        "</div></div></div>"
        "</div></div></div>"
    )
    out = assets.api_text_sizes(page)
    # The class's own text, up to its methods: characters of "A & b", "one",
    # "two" (tags dropped, entities read), three boxes, one code block of 3 lines.
    assert (
        '<div class="doc doc-contents "><div class="doc-text" '
        'style="--chars:11;--boxes:3;--code-blocks:1;--code-lines:3"><p>A &amp; <code>b</code></p>'
    ) in out
    assert "z</code></pre></div></div>" + '<div class="doc doc-children">' in out
    # The method's text, all of its doc-contents.
    assert (
        '<div class="doc-text" style="--chars:5;--boxes:1;--code-blocks:0;--code-lines:0">'
        "<p>Four.</p></div></div>"
    ) in out
    # The module's opening text is left as it is (on screen at load), no
    # heading is ever inside a wrapped text, and nothing else changes.
    assert '<div class="doc doc-contents first"><p>The module.</p><div class="doc' in out
    assert out.count('class="doc-text"') == 2
    assert all("doc-heading" not in page[start:end] for start, end in assets._texts(page))
    assert re.sub(r'<div class="doc-text" style="[^"]*">', "", out).replace("</div>", "") == (
        page.replace("</div>", "")
    )
    # Only the API reference is touched.
    chapter = "<p>Prose.</p>"
    assert assets.on_page_content(chapter, None, None, None) == chapter
