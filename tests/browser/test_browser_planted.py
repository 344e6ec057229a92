"""The audits catch what they claim to: one built page is copied into a temporary
site, faults are planted in it, and the very functions the suite runs on every
page must report each fault, and none of them on the untouched page."""

import os
import re

import pytest
from audit import (
    REPEAT_BUDGET,
    WEIGHT_BUDGET,
    audit_page,
    copy_site,
    repeat_problems,
    weight_problems,
)
from server import on_server, serve

THIRD_PARTY = '<script src="https://cdn.example.com/x.js"></script>'
CONSOLE_ERROR = '<script>console.error("planted console error")</script>'
RAW_EQUATION = "<p>A planted raw equation: $x^2$ in running text.</p>"
RAW_COMMAND = r"<p>A planted raw command: \frac{a}{b} in running text.</p>"
TEX_ERROR = r'<p><code class="math-error">\frac{a}</code></p>'
TEX_LABEL = r'<p><svg role="img" aria-label="\frac{a}{b}" width="20" height="20"></svg></p>'
# A label of 7 units on a 700-unit-wide figure: 3.6 px at 360 px.
TINY_LABELS = (
    '<svg class="diagram" role="img" aria-label="planted tiny diagram" viewBox="0 0 700 20" '
    'style="min-width:0">'
    '<text x="0" y="15" font-size="7">tiny label</text></svg>'
)
WIDE_EQUATION = (
    '<div class="planted-wide"><math display="block"><mi>' + "x" * 200 + "</mi></math></div>"
)
LONG_CODE = (
    # Without the strip extra.css keeps above the first line, as before it.
    '<div class="highlight"><pre id="planted-code"><span></span><code style="padding-top:0">'
    + "long_line = "
    + "1 + " * 60
    + "1</code></pre></div>"
)
# A box that scrolls sideways, reachable by keyboard, that does not say so.
SILENT_SCROLL = (
    '<div class="planted-silent" style="overflow-x:auto" tabindex="0">'
    '<math display="block"><mi>' + "y" * 200 + "</mi></math></div>"
)
# A lab cell as before hooks/notebook.css kept a strip for its copy button.
LAB_CELL = (
    '<div class="jupyter-wrapper"><div class="jp-InputArea-editor" id="planted-cell" '
    'style="position:relative"><div class="zeroclipboard-container" '
    'style="position:absolute;top:0;right:0"><clipboard-copy style="display:block">'
    '<svg width="20" height="20"></svg></clipboard-copy></div>'
    '<div class="highlight-ipynb" style="overflow:auto"><pre style="padding-top:0">'
    + "cell_line = "
    + "2 + " * 60
    + "2</pre></div></div></div>"
)
# An equation that fills its line, then a comma, with nothing to keep the two
# together: the comma opens the next line.
PUNCTUATION = (
    '<p style="width:200px">A <math class="planted-math"><mi>planted</mi>'
    '<mspace width="180px"></mspace></math>, then more words.</p>'
)
# An answer set smaller than the body text, as Material sets admonitions.
SMALL_ANSWER = (
    '<details class="success" open><summary>Answer</summary>'
    '<p style="font-size:12.8px">Planted small answer, with <code>code</code>.</p></details>'
)
# A code block at the end of the page laid out at load, as every block was
# before extra.css drew them only near the screen.
DRAWN_AT_LOAD = (
    '<div class="highlight"><pre style="content-visibility:visible"><span></span>'
    "<code>planted_drawn = 1</code></pre></div>"
)
# An equation with a flat name, which a screen reader would read for it.
NAMED_MATH = '<p><math alttext="x squared"><msup><mi>x</mi><mn>2</mn></msup></math></p>'
MISSING_FILE = '<p><img src="/planted-missing.png" alt="a missing picture"></p>'
HIDDEN_DIAGRAM = (
    '<svg class="diagram" role="img" aria-label="planted hidden diagram" '
    'viewBox="0 0 10 10" style="width:0;height:0"><rect width="10" height="10"/></svg>'
)
FAINT_DIAGRAM = (
    '<svg class="diagram" role="img" aria-label="planted faint diagram" '
    'viewBox="0 0 200 20" width="200" height="20">'
    '<text x="0" y="15" style="fill:#eeeeee">faint label</text></svg>'
)
UNNAMED_BUTTON = '<p><button type="button" class="planted"></button></p>'
# Text that fails contrast where it is the only one of its look, among the
# chapter's many inline code elements and equations (js/sample_looks.js keeps
# one element per look for axe's color-contrast): faint in light mode; fine in
# light but faint on the dark background.
FAINT_CODE = '<p>Planted: <code class="planted-faint" style="color:#d0d0d0">faint code</code></p>'
FAINT_MATH = (
    '<p>Planted: <math><mi class="planted-faint-math" style="color:#d0d0d0">tanh</mi>'
    "<mo>(</mo><mi>x</mi><mo>)</mo></math></p>"
)
# Inside a paragraph that looks like every other (so it is hidden): the faint
# words must be shown again, and checked.
NESTED_FAINT = (
    "<p>Planted prose like any other paragraph, with "
    '<span class="planted-nested" style="color:#d0d0d0">faint words</span> inside it.</p>'
)
DARK_ONLY = '<p>Planted: <span class="planted-dark" style="color:#3a3a3a">dim in dark</span></p>'
# A heavy script (random bytes do not compress) puts the page over the budget.
BALLAST = '<script src="/planted-ballast.js"></script>'

CONTENT = [RAW_EQUATION, RAW_COMMAND, TEX_ERROR, MISSING_FILE, HIDDEN_DIAGRAM]
CONTENT += [FAINT_DIAGRAM, UNNAMED_BUTTON, TEX_LABEL, TINY_LABELS, WIDE_EQUATION, LONG_CODE]
CONTENT += [FAINT_CODE, FAINT_MATH, NESTED_FAINT, DARK_ONLY]
CONTENT += [SILENT_SCROLL, LAB_CELL, PUNCTUATION, SMALL_ANSWER, DRAWN_AT_LOAD, NAMED_MATH]


def _plant(page_html: str) -> str:
    assert "</article>" in page_html and "</body>" in page_html
    page_html = page_html.replace("</article>", "\n".join(CONTENT) + "</article>", 1)
    return page_html.replace("</body>", THIRD_PARTY + CONSOLE_ERROR + BALLAST + "</body>")


@pytest.fixture(scope="module")
def victim(site) -> str:
    """A chapter with equations (20 or more) if there is one, else the home page.

    The planted faults then sit among many elements that look alike, which is
    what the audit's sampling of looks (js/sample_looks.js) must see through;
    the API reference, first in the alphabet, has only a few equations."""
    for html_file in sorted(site.glob("*/index.html")):
        if html_file.read_text(encoding="utf-8").count("<math") >= 20:
            return f"/{html_file.parent.name}/"
    return "/"


@pytest.fixture(scope="module")
def planted(browser, config, site, victim, tmp_path_factory):
    copy = copy_site(site, tmp_path_factory.mktemp("planted") / "site")
    page_file = copy / victim.lstrip("/") / "index.html"
    page_file.write_text(_plant(page_file.read_text(encoding="utf-8")))
    (copy / "planted-ballast.js").write_text(f"/* {os.urandom(160_000).hex()} */")
    with serve(copy) as url:
        return audit_page(browser, on_server(url, victim), config, primer=on_server(url, "/"))


@pytest.fixture(scope="module")
def clean(audits, victim):
    return audits.get(victim)


def _found(problems: list[str], pattern: str) -> bool:
    return any(re.search(pattern, p) for p in problems)


def test_a_planted_third_party_script_is_reported(planted):
    assert _found(planted.network, r"another host: https://cdn\.example\.com/x\.js")


def test_a_planted_console_error_is_reported(planted):
    assert _found(planted.console, r"console error: planted console error")


def test_a_planted_raw_equation_is_reported(planted):
    assert _found(planted.math, r"raw TeX '\$x\^2\$'")


def test_a_planted_raw_tex_command_is_reported(planted):
    assert _found(planted.math, r"raw TeX '\\\\frac'")


def test_a_planted_tex_error_is_reported(planted):
    assert _found(planted.math, r"TeX error shown on the page")


def test_a_planted_missing_file_is_reported(planted):
    assert _found(planted.network, r"HTTP 404: .*/planted-missing\.png")


def test_planted_tex_in_an_accessible_name_is_reported(planted):
    assert _found(planted.accessibility, r"TeX in the name of a \w+: '\\\\frac'")


def test_a_planted_equation_named_by_alttext_is_reported(planted):
    assert _found(planted.accessibility, r"an equation named by alttext or aria-label: 'x squared'")


def test_planted_tiny_diagram_labels_are_reported_on_a_phone(planted):
    assert _found(planted.phone, r"'tiny label' in planted tiny diagram is drawn [\d.]+ px")


def test_a_planted_wide_equation_that_does_not_scroll_is_reported(planted):
    assert _found(planted.phone, r"wide equation 'x+' does not scroll|page scrolls sideways")


def test_planted_code_under_the_copy_button_is_reported(planted):
    assert _found(planted.code + planted.phone, r"planted-code'.*passes under the copy button")


def test_a_planted_box_that_scrolls_in_silence_is_reported_on_a_phone(planted):
    assert _found(planted.phone, r"div\.planted-silent 'y+' scrolls sideways with no sign")


def test_a_planted_lab_cell_under_its_copy_button_is_reported(planted):
    assert _found(planted.code + planted.phone, r"planted-cell'.*passes under the copy button")


def test_planted_punctuation_starting_a_line_after_maths_is_reported(planted):
    assert _found(planted.math, r"punctuation after inline maths starts a line: 'planted, then")
    assert _found(planted.phone, r"punctuation after inline maths starts a line: 'planted, then")


def test_a_planted_small_answer_is_reported_on_a_phone(planted):
    assert _found(planted.phone, r"answer text 'Planted small answer.*' is 12\.8 px, body text")
    assert _found(planted.phone, r"answer code in 'Planted small answer")


def test_a_planted_code_block_laid_out_at_load_far_below_is_reported(planted):
    assert _found(planted.phone, r"far below the screen laid out at load: 'planted_drawn = 1'")


def test_a_planted_hidden_diagram_is_reported(planted):
    assert _found(planted.diagrams, r"diagram not visible: planted hidden diagram")


def test_a_planted_faint_diagram_label_is_reported(planted):
    assert _found(planted.diagrams, r"'faint label' in planted faint diagram")


def test_a_planted_unnamed_button_is_reported_by_axe(planted):
    assert _found(planted.axe, r"^axe button-name .*\.planted")


def test_planted_faint_text_among_many_alike_is_reported_by_axe(planted):
    light = [p for p in planted.axe if not p.startswith("dark: ")]
    assert _found(light, r"^axe color-contrast .*\.planted-faint\b")
    assert _found(light, r"^axe color-contrast .*\.planted-faint-math")
    assert _found(light, r"^axe color-contrast .*\.planted-nested")


def test_planted_text_too_dim_only_in_dark_mode_is_reported_by_axe(planted):
    assert _found(planted.axe, r"^dark: axe color-contrast .*\.planted-dark")
    assert not _found([p for p in planted.axe if not p.startswith("dark")], r"planted-dark")


def test_a_planted_heavy_script_is_over_budget_and_named_heaviest(planted, bare_report):
    problems = weight_problems(planted, bare_report, WEIGHT_BUDGET)
    assert problems
    heaviest = problems[0].split("Heaviest: ")[1]
    assert heaviest.startswith("/planted-ballast.js "), problems


def test_a_page_within_budget_reports_no_weight_problem(bare_report):
    assert weight_problems(bare_report, bare_report, WEIGHT_BUDGET) == []


def test_a_planted_heavy_script_is_over_the_repeat_budget_too(planted):
    problems = repeat_problems(planted, REPEAT_BUDGET)
    assert problems and "/planted-ballast.js " in problems[0]


def test_the_untouched_page_reports_none_of_the_planted_faults(clean):
    planted_marks = (
        r"cdn\.example|planted|\$x\^2\$|\\\\frac|math-error|faint label|tiny label|"
        r"'y+'|cell_line|Planted small|planted_drawn|x squared"
    )
    assert not _found(clean.problems, planted_marks), clean.problems
    assert not _found(clean.math, r"TeX error")
