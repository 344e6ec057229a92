// What a narrow screen shows: whether the page scrolls sideways (and what is
// wider than the viewport), whether each wide display equation scrolls inside
// its own box, and the tables' identifiers broken across lines. (Whether a box
// that scrolls says so is js/scroll_hints.js.)
() => {
  const width = document.documentElement.clientWidth;
  const out = {pageScrolls: document.documentElement.scrollWidth > width + 1, wide: [],
               equations: [], tables: []};
  if (out.pageScrolls)
    for (const e of document.querySelectorAll(".md-content *")) {
      const r = e.getBoundingClientRect();
      if (r.right > width + 1 && !e.closest(".md-typeset__scrollwrap, .math-display, " +
          ".diagram-scroll, pre, .jp-OutputArea-output, .highlight-ipynb"))
        out.wide.push(`${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`);
    }
  // A display equation wider than the box it sits in must sit in a box that
  // scrolls and that a keyboard can reach.
  for (const math of document.querySelectorAll('.md-content math[display="block"]')) {
    let box = math.parentElement;
    while (box && !["auto", "scroll"].includes(getComputedStyle(box).overflowX))
      box = box.parentElement;
    const room = box ? box.clientWidth : width;
    // A block <math> is as wide as its box; what it draws is its children.
    const drawn = Math.max(math.scrollWidth,
      ...[...math.children].map(c => c.getBoundingClientRect().width));
    const wider = drawn > room + 1;
    out.equations.push({text: math.textContent.slice(0, 40), wider,
      scrolls: !!box && box.scrollWidth > box.clientWidth + 1,
      focusable: !!box && box.tabIndex === 0});
  }
  for (const table of document.querySelectorAll(".md-typeset table:not([class])")) {
    const broken = [...table.querySelectorAll("code")].filter(c => {
      const rects = c.getClientRects();
      return rects.length > 1 && c.textContent.trim().indexOf(" ") < 0;
    }).map(c => c.textContent.trim());
    out.tables.push({broken});
  }
  return out;
}
