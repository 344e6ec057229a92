/* RNN Guide: accessibility fixes to the markup of Material 9.8 and mkdocs-jupyter
   that CSS cannot make, found by axe in tests/browser.
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
     own code blocks.
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
      .querySelectorAll(".jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-OutputArea-output pre")
      .forEach(function (cell) {
        if (cell.scrollWidth > cell.clientWidth) cell.tabIndex = 0;
        else if (cell.tabIndex === 0) cell.removeAttribute("tabindex");
      });
  }
  fix();
  focusScrollingCells();
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", focusScrollingCells);
})();
