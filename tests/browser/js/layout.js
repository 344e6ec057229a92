// What a narrow screen shows: whether the page scrolls sideways (and what is
// wider than the viewport), and each wide display equation and table: does it
// scroll inside its own box, and say so to a keyboard (tabindex) and the eye.
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
  for (const box of document.querySelectorAll(".math-display")) {
    const math = box.querySelector("math");
    if (!math) continue;
    const wider = math.getBoundingClientRect().width > box.clientWidth + 1;
    out.equations.push({text: math.textContent.slice(0, 40), wider,
      scrolls: box.scrollWidth > box.clientWidth + 1, focusable: box.tabIndex === 0,
      clipped: getComputedStyle(box).overflowX === "hidden"});
  }
  for (const table of document.querySelectorAll(".md-typeset table:not([class])")) {
    const wrap = table.closest(".md-typeset__scrollwrap");
    const broken = [...table.querySelectorAll("code")].filter(c => {
      const rects = c.getClientRects();
      return rects.length > 1 && c.textContent.trim().indexOf(" ") < 0;
    }).map(c => c.textContent.trim());
    out.tables.push({broken, scrolls: wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : false,
      hint: wrap ? wrap.hasAttribute("data-scrolls") : false});
  }
  return out;
}
