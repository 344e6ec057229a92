// The distance between the lines of each paragraph, from where its plain text
// sits (text inside maths or code is left out): with inline maths the lines
// should be as far apart as without.
() => {
  const out = {withMaths: [], without: []};
  for (const p of document.querySelectorAll(".md-content .md-typeset > p")) {
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, {
      acceptNode: n => n.parentElement.closest("math, code") || !n.textContent.trim()
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
    });
    const tops = [];
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
    }
    tops.sort((a, b) => a - b);
    const lines = [];
    for (const t of tops) if (!lines.length || t - lines[lines.length - 1] > 4) lines.push(t);
    if (lines.length < 3) continue;
    const gaps = lines.slice(1).map((t, i) => Math.round((t - lines[i]) * 10) / 10);
    // A gap of two lines is a line of maths or code alone: not a line spacing.
    const single = gaps.filter(g => g < 1.6 * Math.min(...gaps));
    (p.querySelector("math") ? out.withMaths : out.without).push(...single);
  }
  return out;
}
