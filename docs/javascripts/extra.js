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
  /* Search: a result for a page whose own text does not hold the words (only
     its sections do) links to it with an empty ?h=, which highlights nothing
     and still makes the next page fetch the search index (overrides/main.html).
     Such a link gets the words its sections matched, or no ?h= at all. */
  function fillHighlights() {
    document.querySelectorAll(".md-search-result__item").forEach(function (item) {
      var links = [].slice.call(item.querySelectorAll("a.md-search-result__link[href*='h=']"));
      var words = "";
      links.forEach(function (a) {
        words = words || new URL(a.href).searchParams.get("h") || "";
      });
      links.forEach(function (a) {
        var url = new URL(a.href);
        if (url.searchParams.get("h")) return;
        if (words) url.searchParams.set("h", words);
        else url.searchParams.delete("h");
        a.href = url.href;
      });
    });
  }
  /* What needs the page's layout runs after the browser's own first layout,
     and reads every size before it changes anything, so it forces at most one
     more layout (a read after each write would force one per element).
     - Wide display maths, diagrams and tables scroll inside their own box on a
       narrow screen (extra.css); a box that scrolls is focusable, so a keyboard
       can scroll it, and says so (data-scrolls, extra.css).
     - Notebook cells that scroll sideways cannot be reached by keyboard (axe
       scrollable-region-focusable): they become focusable, as Material does for
       its own code blocks; only those (hooks/notebooks.py takes the others out
       of the tab order that nbconvert put them in).
     - Code blocks too, chapters' and labs', and they say so in their copy
       button's strip. Material mounts a code block (its copy button, and its
       own focusability check) only once it scrolls into view (mkdocs.yml,
       content.lazy), and the browser lays a block out only near the screen
       (extra.css, content-visibility): each is measured as it comes near.
     - Diagrams that rnn_guide_site/diagrams.py did not inline, such as a lab's
       figure in a cell's output, get the same phone-sized minimum width: the
       width at which their smallest label is 11 px high. */
  var SCROLLERS =
    ".math-display, .math-wide, .diagram-scroll, .md-typeset__scrollwrap, " +
    ".md-content pre > code, " +
    ".jupyter-wrapper :is(.highlight-ipynb, .jp-OutputArea-output pre, .jp-RenderedHTML)";
  /* Which boxes scroll, read all at once, then marked. */
  function markScrolling(boxes) {
    var scrolls = boxes.map(function (box) {
      return box.scrollWidth > box.clientWidth + 1;
    });
    boxes.forEach(function (box, i) {
      if (scrolls[i]) {
        box.tabIndex = 0;
        box.setAttribute("data-scrolls", "");
      } else if (box.hasAttribute("data-scrolls") || box.tabIndex === 0) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scrolls");
      }
    });
  }
  /* The boxes of a code block: its code, or the lab cell's box around its <pre>. */
  function codeBoxes(pre) {
    var boxes = [].slice.call(pre.querySelectorAll(SCROLLERS));
    if (pre.matches(SCROLLERS)) boxes.push(pre);
    var around = pre.parentElement && pre.parentElement.closest(SCROLLERS);
    if (around) boxes.push(around);
    return boxes;
  }
  /* A code block is drawn only once it comes near the screen (extra.css,
     content-visibility), so it is measured then: reading its size earlier would
     make the browser draw every block of the page at once, which is the cost
     the rule saves. */
  var nearScreen = "IntersectionObserver" in window &&
    new IntersectionObserver(function (entries) {
      var near = entries.filter(function (e) { return e.isIntersecting; });
      var boxes = [];
      near.forEach(function (e) {
        nearScreen.unobserve(e.target);
        boxes = boxes.concat(codeBoxes(e.target));
      });
      if (boxes.length) markScrolling(boxes);
      // Said on the block, so a test can wait until every block has been.
      near.forEach(function (e) { e.target.setAttribute("data-measured", ""); });
    }, { rootMargin: "50% 0px" });
  function measure() {
    var diagrams = [];
    document.querySelectorAll("svg.diagram").forEach(function (svg) {
      var box = svg.viewBox && svg.viewBox.baseVal;
      if (svg.style.minWidth || !box || !box.width) return;
      var smallest = Infinity;
      svg.querySelectorAll("text").forEach(function (text) {
        smallest = Math.min(smallest, parseFloat(getComputedStyle(text).fontSize));
      });
      if (isFinite(smallest)) diagrams.push([svg, Math.ceil((box.width * 11) / smallest)]);
    });
    // An inline equation wider than its line (a long one in a list, on a phone)
    // cannot wrap: it gets a line of its own that scrolls, as display maths does,
    // with the punctuation that follows it (mathml.py keeps the two in a
    // .math-nowrap span).
    var tooWide = [].slice.call(
      document.querySelectorAll(".md-typeset math:not([display=block])")
    ).filter(function (math) {
      var line = math.parentElement.closest("p, li, dd, td, th");
      return line && math.getBoundingClientRect().width > line.clientWidth;
    });
    diagrams.forEach(function (d) {
      d[0].style.minWidth = d[1] + "px";
      var wrap = document.createElement("span");
      wrap.className = "diagram-scroll";
      d[0].replaceWith(wrap);
      wrap.append(d[0]);
    });
    tooWide.forEach(function (math) {
      var group = math.parentElement.classList.contains("math-nowrap") ? math.parentElement : math;
      if (group.parentElement.classList.contains("math-wide")) return;
      var wrap = document.createElement("span");
      wrap.className = "math-wide";
      group.replaceWith(wrap);
      wrap.append(group);
    });
    var pres = [].slice.call(document.querySelectorAll(".md-content pre"));
    var inCode = new Set();
    pres.forEach(function (pre) {
      codeBoxes(pre).forEach(function (box) { inCode.add(box); });
    });
    var boxes = [].slice.call(document.querySelectorAll(SCROLLERS));
    markScrolling(nearScreen ? boxes.filter(function (box) { return !inCode.has(box); }) : boxes);
    if (nearScreen) pres.forEach(function (pre) { nearScreen.observe(pre); });
    document.documentElement.setAttribute("data-measured", "");
  }
  /* The API reference draws an entry's text only near the screen (extra.css,
     .doc-text), so above any heading far down the page stand reserved heights,
     not drawn ones, and a jump to it would land where the heading was before
     the text around it was drawn. Before a jump (a page opened at a #, a click
     on a link to a place on this page: the table of contents, a permalink, a
     search result) every entry is drawn, once, so the browser scrolls to where
     the heading really is. A # changed another way (typed, or back and
     forward) is known only after the browser has scrolled: the page is drawn
     and scrolled again. */
  function drawEntries() {
    document.documentElement.setAttribute("data-entries-drawn", "");
  }
  if (document.querySelector(".doc-text")) {
    if (location.hash) drawEntries();
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href*='#']");
      if (link && link.hash && link.pathname === location.pathname) drawEntries();
    }, true);
    window.addEventListener("hashchange", function () {
      if (document.documentElement.hasAttribute("data-entries-drawn")) return;
      drawEntries();
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    });
  }
  function fixAll() {
    fix();
    focusResults();
    fillHighlights();
  }
  fixAll();
  if (document.readyState === "complete") setTimeout(measure);
  else window.addEventListener("load", function () { setTimeout(measure); });
  new MutationObserver(fixAll).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", measure);
  // An answer opened shows blocks that were not laid out before.
  document.addEventListener("toggle", measure, true);
})();
