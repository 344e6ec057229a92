// Punctuation that starts a line right after an inline equation: the
// equation ends one line and ". Both show" opens the next.
() => {
  const found = [];
  const range = document.createRange();
  for (const math of document.querySelectorAll(".md-content math:not([display=block])")) {
    const m = math.getBoundingClientRect();
    if (!m.width) continue;
    // The first character after the equation, if nothing but markup lies between.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    walker.currentNode = math;
    let next = walker.nextNode();
    while (next && math.contains(next)) next = walker.nextNode();
    if (!next || !/^[.,;:!?)\]…]/.test(next.textContent)) continue;
    range.setStart(next, 0);
    range.setEnd(next, 1);
    const c = range.getBoundingClientRect();
    if (c.width && c.top > (m.top + m.bottom) / 2)
      found.push(`${math.textContent.slice(0, 30)}${next.textContent.slice(0, 20)}`);
  }
  return found;
}
