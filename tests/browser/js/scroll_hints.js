// Every box in the content that scrolls sideways: can a keyboard reach it
// (tabindex), and does it say that it scrolls (a ::before or ::after line of
// text, extra.css)? A box that scrolls in silence shows a cut-off line, an
// equation that stops at "h_t =", a table with its last columns missing.
() => {
  const out = [];
  const said = (box, which) => {
    const s = getComputedStyle(box, which);
    return s.display !== "none" && !["none", "normal", ""].includes(s.content);
  };
  for (const box of document.querySelectorAll(".md-content *")) {
    if (box.scrollWidth <= box.clientWidth + 1 || !box.clientWidth) continue;
    if (!["auto", "scroll"].includes(getComputedStyle(box).overflowX)) continue;
    out.push({
      what: `${box.tagName.toLowerCase()}.${[...box.classList].join(".")}`,
      text: box.textContent.trim().replace(/\s+/g, " ").slice(0, 40),
      focusable: box.tabIndex === 0,
      hint: said(box, "::before") || said(box, "::after"),
    });
  }
  return out;
}
