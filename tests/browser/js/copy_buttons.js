// Each code block in the content, a chapter's (pre > code, Material's copy
// button) or a lab cell's (.highlight-ipynb, mkdocs-jupyter's): its copy
// buttons, whether its text can pass under the button (the block scrolls
// beneath it, or a line reaches it), and whether it scrolls sideways at all.
() => {
  const chapters = [...document.querySelectorAll(".md-content pre > code")].map(code => ({
    id: code.parentElement.id || code.textContent.trim().slice(0, 40),
    scroller: code, text: code,
    buttons: code.parentElement.querySelectorAll("button.md-code__button[data-md-type=copy]"),
    nav: code.parentElement.querySelector(".md-code__nav"),
    lab: !!code.closest(".jupyter-wrapper"), api: !!code.closest(".doc"),
  }));
  const cells = [...document.querySelectorAll(".jupyter-wrapper .jp-InputArea-editor")]
    .filter(cell => cell.querySelector(".highlight-ipynb pre")).map(cell => {
      const pre = cell.querySelector(".highlight-ipynb pre");
      return {
        id: cell.closest("[id]") ? cell.closest("[id]").id : pre.textContent.trim().slice(0, 40),
        scroller: pre.parentElement, text: pre,
        buttons: cell.querySelectorAll(".zeroclipboard-container clipboard-copy"),
        nav: cell.querySelector(".zeroclipboard-container"), lab: true, api: false,
      };
    });
  return [...chapters, ...cells].map(block => {
    const box = block.scroller;
    const out = {id: block.id, buttons: block.buttons.length, under: false, lab: block.lab,
                 api: block.api, scrolls: box.scrollWidth > box.clientWidth + 1};
    if (!block.nav) return out;
    const b = block.nav.getBoundingClientRect(), c = box.getBoundingClientRect();
    if (!b.width) return out;
    const overlaps = (r) => r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top;
    // Text scrolled sideways passes under a button that sits over the rows of text
    // (the scrolling box less the text's top and bottom padding).
    const t = block.text.getBoundingClientRect(), style = getComputedStyle(block.text);
    const rows = {left: c.left, right: c.right,
                  top: t.top + parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth),
                  bottom: t.bottom - parseFloat(style.paddingBottom)};
    if (out.scrolls && overlaps(rows)) { out.under = true; return out; }
    const range = document.createRange();
    range.selectNodeContents(block.text);
    for (const r of range.getClientRects()) if (r.width > 0 && overlaps(r)) { out.under = true; break; }
    return out;
  });
}
