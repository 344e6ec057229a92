// The distance between the lines of each paragraph, from where its plain text
// sits (text inside maths or code is left out), against the paragraph's own
// line height: with inline maths the lines should be no further apart.
() => {
  const out = {withMaths: [], without: [], uneven: []};
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
    if (lines.length < 2) continue;
    const height = parseFloat(getComputedStyle(p).lineHeight);
    // A gap of two lines or more is a line of maths or code alone: not spacing.
    const gaps = lines.slice(1).map((t, i) => Math.round((t - lines[i]) * 10) / 10)
      .filter(g => g < 1.6 * height);
    const withMaths = !!p.querySelector("math");
    (withMaths ? out.withMaths : out.without).push(...gaps);
    const widest = Math.max(...gaps);
    if (withMaths && widest > height + 1)
      out.uneven.push({text: p.textContent.trim().slice(0, 50), gap: widest, height});
  }
  return out;
}
