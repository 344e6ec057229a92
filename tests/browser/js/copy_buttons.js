// Each code block in the content: its copy buttons, whether its text can pass
// under the button (the block scrolls beneath it, or a line reaches it), and
// whether it scrolls sideways at all.
() => [...document.querySelectorAll(".md-content pre > code")].map(code => {
  const pre = code.parentElement;
  const buttons = pre.querySelectorAll("button.md-code__button[data-md-type=copy]");
  const out = {
    id: pre.id || code.textContent.trim().slice(0, 40),
    buttons: buttons.length,
    scrolls: code.scrollWidth > code.clientWidth + 1,
    under: false,
    lab: !!code.closest(".jupyter-wrapper"),
    api: !!code.closest(".doc"),
  };
  const nav = pre.querySelector(".md-code__nav");
  if (!nav) return out;
  const b = nav.getBoundingClientRect(), c = code.getBoundingClientRect();
  const overlaps = (r) => r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top;
  // Text scrolled sideways passes under a button that sits over the rows of text
  // (the scrolling box less its padding).
  const style = getComputedStyle(code);
  const rows = {left: c.left, right: c.right,
                top: c.top + parseFloat(style.paddingTop) + parseFloat(style.borderTopWidth),
                bottom: c.bottom - parseFloat(style.paddingBottom)};
  if (out.scrolls && overlaps(rows)) { out.under = true; return out; }
  const range = document.createRange();
  range.selectNodeContents(code);
  for (const r of range.getClientRects()) if (r.width > 0 && overlaps(r)) { out.under = true; break; }
  return out;
})
