"""Every page of the built site, in light and dark: it loads cleanly, its maths and
diagrams render, its code can be copied, axe finds nothing, and it stays light."""

from audit import WEIGHT_BUDGET, weight_problems


def _fmt(problems: list[str]) -> str:
    return "\n  " + "\n  ".join(problems)


def test_page_loads_with_no_error_and_only_local_requests(audits, page_path, scheme):
    report = audits.get(page_path, scheme)
    assert report.responses, f"{report.url}: nothing was loaded"
    problems = report.network + report.console
    assert not problems, f"{report.url} ({scheme}):{_fmt(problems)}"


def test_every_equation_is_typeset(audits, page_path, scheme):
    report = audits.get(page_path, scheme)
    assert not report.math, f"{report.url} ({scheme}):{_fmt(report.math)}"


def test_every_diagram_is_visible_and_legible(audits, page_path, scheme):
    report = audits.get(page_path, scheme)
    assert not report.diagrams, f"{report.url} ({scheme}):{_fmt(report.diagrams)}"


def test_every_code_block_has_a_copy_button(audits, page_path, scheme):
    report = audits.get(page_path, scheme)
    assert not report.code, f"{report.url} ({scheme}):{_fmt(report.code)}"


def test_axe_finds_no_violation(audits, page_path, scheme):
    report = audits.get(page_path, scheme)
    assert not report.axe, f"{report.url} ({scheme}):{_fmt(report.axe)}"


def test_screenshot_is_saved(audits, page_path, scheme):
    report = audits.get(page_path, scheme)
    assert report.screenshot.is_file() and report.screenshot.stat().st_size > 1000


def test_page_weighs_at_most_budget_times_the_bare_theme_page(audits, bare_report, page_path):
    report = audits.get(page_path, "light")
    problems = weight_problems(report, bare_report, WEIGHT_BUDGET)
    assert not problems, f"{report.url}:{_fmt(problems)}"


def test_page_load_leaves_the_search_index_until_search_is_wanted(audits, page_path):
    report = audits.get(page_path, "light")
    assert not report.fetched_search_index, f"{report.url} fetched the search index on load"
