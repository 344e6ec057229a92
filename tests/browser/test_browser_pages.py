"""Every page of the nav: it loads cleanly, its maths is MathML in the site font and
is maths to assistive technology, its diagrams and code read on a phone, axe
finds nothing in light or dark, and it stays within the budget."""

import pytest
from audit import (
    REPEAT_BUDGET,
    TAKE_SCREENSHOTS,
    WEIGHT_BUDGET,
    repeat_problems,
    weight_problems,
)


def _fmt(problems: list[str]) -> str:
    return "\n  " + "\n  ".join(problems)


def test_page_loads_with_no_error_and_only_local_requests(report):
    assert report.responses, f"{report.url}: nothing was loaded"
    problems = report.network + report.console
    assert not problems, f"{report.url}:{_fmt(problems)}"


def test_every_equation_is_mathml_in_the_math_font(report):
    assert not report.math, f"{report.url}:{_fmt(report.math)}"


def test_every_equation_is_maths_in_the_accessibility_tree(report):
    assert not report.accessibility, f"{report.url}:{_fmt(report.accessibility)}"


def test_every_diagram_is_visible_and_legible(report):
    assert not report.diagrams, f"{report.url}:{_fmt(report.diagrams)}"


def test_every_code_block_has_a_copy_button_clear_of_its_text(report):
    assert not report.code, f"{report.url}:{_fmt(report.code)}"


def test_chapter_code_fits_the_column_at_desktop_width(report):
    """72-column code and torch's 80-column printouts fit at 1280 px: no block scrolls."""
    assert not report.wide_code, f"{report.url}: code blocks that scroll: {report.wide_code}"


def test_the_page_reads_on_a_phone(report):
    assert not report.phone, f"{report.url} at 360 px:{_fmt(report.phone)}"


def test_axe_finds_no_violation(report):
    assert not report.axe, f"{report.url}:{_fmt(report.axe)}"


@pytest.mark.skipif(not TAKE_SCREENSHOTS, reason="screenshots are taken with SCREENSHOTS=1")
def test_screenshots_are_saved(report):
    assert len(report.screenshots) == 2
    assert all(s.is_file() and s.stat().st_size > 1000 for s in report.screenshots)


def test_a_first_visit_weighs_at_most_budget_times_the_bare_theme_page(report, bare_report):
    problems = weight_problems(report, bare_report, WEIGHT_BUDGET)
    assert not problems, f"{report.url}:{_fmt(problems)}"


def test_a_repeat_visit_weighs_at_most_the_repeat_budget(report):
    problems = repeat_problems(report, REPEAT_BUDGET)
    assert not problems, f"{report.url}:{_fmt(problems)}"


def test_page_load_leaves_the_search_index_until_search_is_wanted(report):
    assert not report.fetched_search_index, f"{report.url} fetched the search index on load"
