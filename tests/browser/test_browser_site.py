"""What a reader does across the site: search, copy code, open an answer, open a
lab and download it, switch to dark and find it still dark on the next page."""

import html
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from audit import SEARCH_INDEX
from server import on_server
from site_pages import load_config, nav_files, page_path, site_pages

DOCS = Path(__file__).resolve().parents[2] / "docs"

_TAG = re.compile(r"<[^>]+>")
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL)
_API = re.compile(r"^::: ", re.MULTILINE)
_WORD = re.compile(r"[a-z]{6,}")


def _new_page(browser, **kwargs):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **kwargs)
    return context, context.new_page()


def _pages_with(site, paths, marker: str) -> list[str]:
    """The pages whose built HTML contains `marker`."""
    found = []
    for path in paths:
        file = site / path.lstrip("/") / "index.html"
        if file.is_file() and marker in file.read_text(encoding="utf-8"):
            found.append(path)
    return found


def chapters(config, docs: Path) -> list[str]:
    """The Markdown pages of the nav, in order, but the home page and API pages."""
    found = []
    for name in nav_files(config.get("nav")):
        source = docs / name
        if not name.endswith(".md") or name == "index.md" or not source.is_file():
            continue
        if _API.search(source.read_text(encoding="utf-8")):
            continue  # mkdocstrings' `::: module`: generated reference, not prose
        found.append(page_path(name))
    return found


def search_term(site, config, docs: Path) -> tuple[str, str]:
    """(chapter path, word) for a prose word found in that chapter only."""
    index = json.loads((site / "search" / "search_index.json").read_text())
    words: dict[str, Counter] = {}
    for doc in index["docs"]:
        page = "/" + doc["location"].split("#")[0]
        prose = _TAG.sub(" ", _CODE.sub(" ", doc["text"]))
        words.setdefault(page, Counter()).update(_WORD.findall(html.unescape(prose).lower()))
    seen_on = Counter(w for counts in words.values() for w in counts)
    for chapter in chapters(config, docs):
        unique = [(-n, w) for w, n in words.get(chapter, {}).items() if seen_on[w] == 1]
        if unique:
            return chapter, min(unique)[1]
    raise AssertionError("no chapter has a word of its own in the search index")


def test_search_finds_a_chapter_by_a_word_from_its_body(browser, site, base_url, config):
    chapter, word = search_term(site, config, DOCS)
    context, page = _new_page(browser)
    index_requests = []
    page.on("request", lambda r: index_requests.append(r.url) if SEARCH_INDEX in r.url else None)
    try:
        page.goto(base_url, wait_until="load")
        assert not index_requests, "the search index was fetched before search was used"
        query = page.locator("input.md-search__input")
        query.click()
        query.press_sequentially(word, delay=30)
        links = page.locator(".md-search-result__item a.md-search-result__link")
        links.first.wait_for(timeout=10_000)
        targets = links.evaluate_all("links => links.map(a => a.href)")
        assert chapter in [urlsplit(t).path for t in targets], (
            f"searching {word!r} did not find {chapter}; results: {targets}"
        )
        assert len(index_requests) == 1
    finally:
        context.close()


def test_a_search_result_opens_with_the_term_highlighted(browser, site, config, base_url):
    """Following a result adds ?h=term; the page must fetch the index to mark it."""
    chapter, word = search_term(site, config, DOCS)
    context, page = _new_page(browser)
    try:
        page.goto(on_server(base_url, chapter) + f"?h={word}", wait_until="load")
        marks = page.locator(".md-content mark")
        marks.first.wait_for(timeout=10_000)
        assert word in marks.first.inner_text().lower()
    finally:
        context.close()


def test_copy_button_copies_the_code(browser, site, base_url):
    pages = _pages_with(site, site_pages(config=load_config()), 'class="highlight"')
    assert pages, "no page has a code block"
    origin = base_url.rstrip("/")
    context, page = _new_page(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    try:
        page.goto(on_server(base_url, pages[0]), wait_until="load")
        block = page.locator(".md-content .highlight pre").first
        block.hover()
        block.locator("button.md-code__button[data-md-type=copy]").click()
        page.locator(".md-dialog--active").wait_for(timeout=5_000)
        copied = page.evaluate("navigator.clipboard.readText()")
        code = block.locator("code").inner_text()
        assert copied.strip() and copied.strip() == code.strip()
    finally:
        context.close()


def test_a_self_assessment_answer_expands_on_click(browser, site, base_url):
    pages = _pages_with(site, site_pages(config=load_config()), '<details class="success"')
    assert pages, "no page has a self-assessment answer (details.success)"
    context, page = _new_page(browser)
    try:
        page.goto(on_server(base_url, pages[0]), wait_until="load")
        answer = page.locator("details.success").first
        body = answer.locator(":scope > :not(summary)").first
        assert answer.get_attribute("open") is None, "the answer starts open"
        assert not body.is_visible()
        answer.locator(":scope > summary").click()
        assert answer.get_attribute("open") is not None
        body.wait_for(state="visible", timeout=5_000)
    finally:
        context.close()


def test_notebook_pages_show_outputs_and_offer_the_download(browser, site, base_url, config):
    in_nav = [page_path(f) for f in nav_files(config.get("nav")) if f.endswith(".ipynb")]
    rendered = _pages_with(site, site_pages(config=load_config()), "jupyter-wrapper")
    if not in_nav and not rendered:
        assert in_nav == []  # no notebook in the nav or the site yet: nothing to see
        return
    missing = [path for path in in_nav if path not in rendered]
    assert not missing, f"notebooks in the nav that are not rendered: {missing}"
    context, page = _new_page(browser)
    problems = []
    try:
        for path in rendered:
            page.goto(on_server(base_url, path), wait_until="load")
            outputs = page.locator(".jp-OutputArea-output")
            if not outputs.count() or not outputs.first.is_visible():
                problems.append(f"{path}: no cell output is shown")
            # The notebook itself, on this site: not the edit link to GitHub.
            links = page.locator('a[download], a[href$=".ipynb"]').evaluate_all(
                "links => links.map(a => a.href)"
            )
            local = [h for h in links if h.startswith(base_url)]
            if not local:
                problems.append(f"{path}: no link to download the notebook ({links})")
                continue
            response = page.request.get(local[0])
            if not response.ok or "cells" not in response.json():
                problems.append(f"{path}: {local[0]} is not a notebook")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_dark_mode_toggles_and_is_remembered(browser, site, base_url):
    paths = site_pages(config=load_config())
    other = next(p for p in paths if p != "/")
    context, page = _new_page(browser, color_scheme="light")
    scheme = "document.body.dataset.mdColorScheme"
    toggle = page.locator("form[data-md-component=palette] label:not([hidden])")
    try:
        page.goto(base_url, wait_until="load")
        assert page.evaluate(scheme) == "default"
        toggle.click()
        page.wait_for_function(f"{scheme} === 'slate'")
        stored = page.evaluate("__md_get('__palette')")
        assert stored["color"]["scheme"] == "slate"
        page.reload(wait_until="load")
        assert page.evaluate(scheme) == "slate", "dark mode forgotten on reload"
        page.goto(on_server(base_url, other), wait_until="load")
        assert page.evaluate(scheme) == "slate", f"dark mode forgotten on {other}"
        toggle.click()
        page.wait_for_function(f"{scheme} === 'default'")
        page.goto(base_url, wait_until="load")
        assert page.evaluate(scheme) == "default", "light mode forgotten"
    finally:
        context.close()


def test_focus_never_lands_in_an_empty_search_results_area(browser, base_url):
    """Tab from the search box: with no results, focus goes on to a visible control."""
    context, page = _new_page(browser)
    try:
        page.goto(base_url, wait_until="load")
        page.locator("input.md-search__input").focus()
        for _ in range(4):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                  const e = document.activeElement;
                  return {empty: e.matches('.md-search__scrollwrap') &&
                          !e.querySelector('.md-search-result__item')};
                }"""
            )
            assert not focused["empty"], "focus went into the empty search results area"
    finally:
        context.close()


# Each code block's height, reserved before it is drawn (extra.css: 2.78em +
# 1.19em a line, a lab cell 3.27em + 1.4em a line, from the --lines that
# hooks/assets.py writes) against its height once drawn.
_RESERVED_VS_DRAWN = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const blocks = [...document.querySelectorAll(
    ".md-typeset .highlight > pre, .md-typeset .highlight-ipynb > pre")]
    .filter(pre => pre.checkVisibility());
  const rows = [];
  for (const pre of blocks) {
    const reserved = parseFloat(getComputedStyle(pre).containIntrinsicBlockSize.split(" ").pop());
    pre.scrollIntoView();
    await frame();
    rows.push([pre.style.cssText, reserved, pre.getBoundingClientRect().height]);
  }
  return rows;
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_a_code_block_takes_the_height_reserved_for_it_before_it_is_drawn(
    browser, site, base_url, width
):
    """Nothing moves as blocks are drawn, and no undrawn block's text reaches
    past its box (Lighthouse's axe read such text over the footer)."""
    pages = ["/lstm/", "/labs/char-model/"]
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path in pages:
            page.goto(on_server(base_url, path), wait_until="load")
            rows = page.evaluate(_RESERVED_VS_DRAWN)
            assert len(rows) > 10, path
            off = [r for r in rows if abs(r[1] - r[2]) > 1]
            assert not off, f"{path} at {width} px: (lines, reserved, drawn) {off[:5]}"
    finally:
        context.close()


# Each API entry's own text (hooks/assets.py wraps it in .doc-text) reserves a
# height from what it holds (extra.css) until it is drawn, like a code block;
# prose wraps by width, so the reserve is an upper bound, not the height.
_API_RESERVED_VS_DRAWN = """async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const rows = [];
  for (const text of document.querySelectorAll(".md-typeset .doc-text")) {
    const reserved = parseFloat(getComputedStyle(text).containIntrinsicBlockSize.split(" ").pop());
    text.scrollIntoView();
    await frame();
    const entry = text.closest(".doc-object").querySelector(".doc-heading").id;
    rows.push([entry, reserved, text.getBoundingClientRect().height]);
  }
  return rows;
}"""


# 360 and 600 px: the narrowest columns each set of extra.css's factors meets
# (they were fitted there); 599 px: where the narrow factors reserve the most.
@pytest.mark.parametrize("width", [360, 599, 600, 1280])
def test_an_api_entry_reserves_no_less_than_it_is_drawn_at(browser, site, base_url, width):
    """No undrawn entry's text reaches past its box (axe measured text past a
    box over the footer), and the reserves add up to at most half again the
    drawn heights (1.13 to 1.46 when the factors were set)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(on_server(base_url, "/api/"), wait_until="load")
        rows = page.evaluate(_API_RESERVED_VS_DRAWN)
        assert len(rows) >= 20, "the API reference has fewer entries than it documents"
        short = [r for r in rows if r[1] < r[2] - 0.5]
        assert not short, f"at {width} px, (entry, reserved, drawn) px: {short}"
        ratio = sum(r[1] for r in rows) / sum(r[2] for r in rows)
        assert 1 <= ratio <= 1.5, f"at {width} px, reserved / drawn = {ratio:.2f}"
    finally:
        context.close()


_HEADING_TOP = """(id) => {
  const heading = document.getElementById(id);
  const place = parseFloat(getComputedStyle(heading).scrollMarginTop);
  return [heading.getBoundingClientRect().top, place];
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_a_jump_to_an_api_heading_lands_on_it(browser, site, base_url, width):
    """Above a heading far down the page stand reserved heights, not drawn ones:
    opened at its #, or reached from the table of contents, the page draws its
    entries first (extra.js), so the heading lands under the header."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(on_server(base_url, "/api/"), wait_until="load")
        ids = page.eval_on_selector_all(".doc-heading[id]", "hs => hs.map(h => h.id)")
        far, farther = ids[len(ids) * 2 // 3], ids[len(ids) * 3 // 4]

        def opened():
            page.goto(on_server(base_url, "/lstm/"))
            page.goto(on_server(base_url, f"/api/#{far}"), wait_until="load")

        jumps = [
            ("opened at", far, opened),
            ("typed", far, lambda: page.evaluate("(id) => { location.hash = id; }", far)),
        ]
        if width >= 1220:  # the table of contents is in the right sidebar
            toc = f".md-sidebar--secondary a[href='#{farther}']"
            jumps.append(("table of contents to", farther, lambda: page.click(toc)))
        for how, target, jump in jumps:
            page.goto(on_server(base_url, "/api/"), wait_until="load")
            jump()
            page.wait_for_timeout(300)
            top, margin = page.evaluate(_HEADING_TOP, target)
            assert abs(top - margin) <= 2, f"{how} #{target}: at {top:.0f} px, not {margin:.0f} px"
    finally:
        context.close()
