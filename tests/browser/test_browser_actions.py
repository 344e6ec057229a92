"""The notebook buttons on every chapter and lab, in Chromium: "Download notebook",
"Open in Colab" and "View source" (hooks/notebooks.py).

Each page is loaded twice: 1280 px wide, where the buttons follow the edit
button in the tab order and each is a named link; and 360 px wide, where they
stay clear of the title's text, leave no sideways scroll, and are at least
24 px square (WCAG 2.5.8's target size). The downloaded notebook is served by
the site. Nothing is requested from another host on either load.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from server import on_server
from site_pages import load_config, nav_files, page_path, slug

from rnn_guide_site.notebook import chapters

LABELS = (
    "Download this page as a notebook",
    "Open this page as a notebook in Colab",
    "View the source of this page on GitHub",
)
PAGES = [page_path(p) for p in chapters()] + [
    page_path(p) for p in nav_files(load_config().nav) if p.endswith(".ipynb")
]

# Every action button's box, and the boxes of the title's lines of text.
GEOMETRY = """() => {
  const box = (r) => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const h1 = document.querySelector(".md-content h1");
  const range = document.createRange();
  range.selectNodeContents(h1);
  return {
    buttons: [...document.querySelectorAll(".md-content__button")].map(
      (b) => box(b.getBoundingClientRect())),
    title: [...range.getClientRects()].map(box),
    scroll: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and (a["top"] < b["bottom"] and b["top"] < a["bottom"])
    )


def visit(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    elsewhere = []
    host = urlsplit(url).netloc
    page.on(
        "request",
        lambda request: (
            urlsplit(request.url).netloc not in ("", host)
            and not request.url.startswith("data:")
            and elsewhere.append(request.url)
        ),
    )
    page.goto(url, wait_until="load")
    return context, page, elsewhere


@pytest.mark.parametrize("path", PAGES, ids=[slug(p) for p in PAGES])
def test_notebook_buttons_are_named_links_in_the_tab_order(browser, base_url, path):
    context, page, elsewhere = visit(browser, on_server(base_url, path), 1280)
    try:
        links = [page.get_by_role("link", name=label, exact=False) for label in LABELS]
        for label, link in zip(LABELS, links, strict=True):
            assert link.count() == 1, f"{path}: {link.count()} links named {label!r}"
            assert link.is_visible()
        download = links[0].get_attribute("href")
        assert links[0].get_attribute("download") is not None
        response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + download)
        assert response.ok and response.json()["nbformat"] == 4
        assert links[1].get_attribute("href").startswith("https://colab.research.google.com/")
        # From the edit button, Tab reaches the three in turn.
        page.locator('.md-content__button[rel="edit"]').focus()
        for label in LABELS:
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
            assert focused and focused.startswith(label), f"{path}: Tab reached {focused!r}"
        assert not elsewhere, f"{path} requested {elsewhere}"
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES, ids=[slug(p) for p in PAGES])
def test_notebook_buttons_stay_out_of_the_text_on_a_phone(browser, base_url, path):
    context, page, elsewhere = visit(browser, on_server(base_url, path), 360)
    try:
        geometry = page.evaluate(GEOMETRY)
        assert len(geometry["buttons"]) == 4, f"{path}: edit and three notebook buttons"
        assert geometry["scroll"] <= 0, f"{path} scrolls sideways by {geometry['scroll']} px"
        for button in geometry["buttons"]:
            assert button["right"] - button["left"] >= 24
            assert button["bottom"] - button["top"] >= 24
            assert button["left"] >= 0 and button["right"] <= 360
            for line in geometry["title"]:
                assert not overlaps(button, line), f"{path}: a button covers the title"
        assert not elsewhere, f"{path} requested {elsewhere}"
    finally:
        context.close()
