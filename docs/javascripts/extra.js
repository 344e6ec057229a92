/* RNN Guide: the few behaviours the theme does not provide. Loaded in <head>,
   before Material's bundle (overrides/main.html), so it can hold back the search
   index; the page fixes wait for the document. */

/* Search on demand. Material fetches the whole site's search index
   (search/search_index.json, about 45 KB gzipped, more than any chapter) the moment
   a page loads, although most readers never search. Hold that one request until
   the reader reaches for search: points at or focuses the search box (the keys
   f, s and / focus it), or arrives from a search result with ?h= to highlight.
   Results then appear as soon as the index is in; tests/browser proves both. */
(function () {
  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var forIndex = new WeakSet();
  var release;
  var wanted = new Promise(function (resolve) {
    release = resolve;
  });

  // Material requests the index with XMLHttpRequest: remember each request's
  // address, and send the index's only once search is wanted.
  XMLHttpRequest.prototype.open = function (method, url) {
    if (INDEX.test(new URL(String(url), location.href).pathname)) forIndex.add(this);
    else forIndex.delete(this);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!forIndex.has(request)) return send.apply(request, args);
    wanted.then(function () {
      send.apply(request, args);
    });
  };

  function reach(event) {
    var target = event.target;
    if (target instanceof Element && target.closest(".md-search, label[for='__search']")) {
      release();
    }
  }
  ["pointerover", "focusin", "touchstart"].forEach(function (type) {
    document.addEventListener(type, reach, { passive: true, capture: true });
  });
  if (new URLSearchParams(location.search).has("h")) release();
})();

/* Accessibility fixes to the markup of Material 9.8 and mkdocs-jupyter that CSS
   cannot make, found by axe in tests/browser.
   - The search dialog (div.md-search, role="dialog") has no accessible name
     (axe aria-dialog-name): name it "Search".
   - Each code block's copy button sits in a <nav class="md-code__nav">, so a page
     with several code blocks has several unnamed navigation landmarks (axe
     landmark-unique). A copy button is not navigation: role="none".
   - The table of contents nests a <nav aria-label="Heading"> under each heading
     with subsections; a heading named like a nav section ("Training") makes two
     landmarks of one name. The nested lists stay; their landmark role goes.
   - Notebook cells that scroll sideways cannot be reached by keyboard (axe
     scrollable-region-focusable): make them focusable, as Material does for its
     own code blocks. Only those: hooks/notebooks.py takes the others out of the
     tab order that nbconvert put them in.
   Material inserts the code navs after load, so new ones are fixed as they come. */
document.addEventListener("DOMContentLoaded", function () {
  function fix() {
    var search = document.querySelector(".md-search[role=dialog]:not([aria-label])");
    if (search) search.setAttribute("aria-label", "Search");
    document
      .querySelectorAll("nav.md-code__nav:not([role]), .md-nav--secondary nav.md-nav[aria-label]")
      .forEach(function (nav) {
        nav.removeAttribute("aria-label");
        nav.setAttribute("role", "none");
      });
  }
  function focusScrollingCells() {
    document
      .querySelectorAll(
        ".jupyter-wrapper :is(.highlight-ipynb, .jp-OutputArea-output pre, .jp-RenderedHTML)"
      )
      .forEach(function (cell) {
        if (cell.scrollWidth > cell.clientWidth) cell.tabIndex = 0;
        else if (cell.tabIndex === 0) cell.removeAttribute("tabindex");
      });
  }
  fix();
  focusScrollingCells();
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", focusScrollingCells);
});
