// Each diagram: shown, named, its text's contrast against the page and the
// smallest label as drawn (its font size times the figure's scale), in px.
() => {
  const rgba = c => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const v = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (fg, bg) => fg.slice(0, 3).map((c, i) => c * fg[3] + bg[i] * (1 - fg[3]));
  const bg = rgba(getComputedStyle(document.body).backgroundColor) || [255, 255, 255, 1];
  const out = [];
  for (const svg of document.querySelectorAll("svg.diagram")) {
    const label = svg.getAttribute("aria-label") || "";
    const r = svg.getBoundingClientRect();
    const style = getComputedStyle(svg);
    const shown = r.width > 0 && r.height > 0 && style.visibility !== "hidden" &&
      style.display !== "none" && svg.checkVisibility({opacityProperty: true});
    const scale = svg.getScreenCTM() ? svg.getScreenCTM().a : 1;
    let worst = null, smallest = null;
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim()) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (smallest === null || px < smallest.px)
        smallest = {px: Math.round(px * 10) / 10, text: t.textContent.trim()};
      const fill = rgba(getComputedStyle(t).fill);
      if (!fill) continue;
      const a = lum(over(fill, bg)), b = lum(bg.slice(0, 3));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (worst === null || ratio < worst.ratio)
        worst = {ratio: Math.round(ratio * 100) / 100, text: t.textContent.trim()};
    }
    out.push({label, width: r.width, height: r.height, shown, worst, smallest});
  }
  return out;
}
