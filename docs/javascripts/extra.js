/* RNN Guide: the few behaviours the theme does not provide. Deferred
   (mkdocs.yml, extra_javascript): it runs once the document is parsed, after
   the theme's bundle. Holding back the search index is inline in
   overrides/main.html, as it must run before the bundle. */

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
(function () {
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
  /* Search: Material keeps its results area (.md-search__scrollwrap) in the tab
     order while it is empty, so focus vanishes there for one Tab stop. Only
     while it has results can it be reached. */
  function focusResults() {
    var wrap = document.querySelector(".md-search__scrollwrap");
    if (!wrap) return;
    var results = wrap.querySelector(".md-search-result__item");
    if (results) wrap.setAttribute("tabindex", "0");
    else wrap.setAttribute("tabindex", "-1");
  }
  /* Wide display maths, diagrams and tables scroll inside their own box on a narrow
     screen (extra.css); a box that scrolls is focusable, so a keyboard can
     scroll it, and a diagram that scrolls says so (data-scrolls, extra.css). */
  function markScrollers() {
    var boxes = ".math-display, .diagram-scroll, .md-typeset__scrollwrap";
    document.querySelectorAll(boxes).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls) {
        box.tabIndex = 0;
        box.setAttribute("data-scrolls", "");
      } else if (box.hasAttribute("data-scrolls")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scrolls");
      }
    });
  }
  /* Diagrams that rnn_guide_site/diagrams.py did not inline, such as a lab's
     figure in a cell's output, get the same phone-sized minimum width: the
     width at which their smallest label is 11 px high. */
  function sizeDiagrams() {
    document.querySelectorAll("svg.diagram").forEach(function (svg) {
      if (svg.style.minWidth) return;
      var box = svg.viewBox && svg.viewBox.baseVal;
      var smallest = Infinity;
      svg.querySelectorAll("text").forEach(function (text) {
        smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize));
      });
      if (!box || !box.width || !isFinite(smallest)) return;
      svg.style.minWidth = Math.ceil((box.width * 11) / smallest) + "px";
      if (svg.parentElement) svg.parentElement.classList.add("diagram-scroll");
    });
  }
  function fixAll() {
    fix();
    focusResults();
  }
  fixAll();
  sizeDiagrams();
  focusScrollingCells();
  markScrollers();
  new MutationObserver(fixAll).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", function () {
    focusScrollingCells();
    markScrollers();
  });
})();
