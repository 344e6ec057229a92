() => {
  // Pygments gives every token its own <span>: a chapter holds thousands, in a
  // dozen colours, and axe's colour check costs ~3 ms an element. Keep one token
  // per distinct look (colour, background, font, opacity, shadow), which is all
  // contrast depends on, and turn the others into plain text: the code element's
  // own colour, which axe then checks too. (axe's `exclude` would cost more
  // than it saves: it tests every element against every excluded one.)
  const opaque = c => c !== "rgba(0, 0, 0, 0)" && c !== "transparent";
  const backgrounds = new Map();
  const backgroundOf = el => {
    const chain = [];
    let e = el, bg = "none";
    for (; e; e = e.parentElement) {
      if (backgrounds.has(e)) { bg = backgrounds.get(e); break; }
      chain.push(e);
      const c = getComputedStyle(e).backgroundColor;
      if (opaque(c)) { bg = c; break; }
    }
    chain.forEach(c => backgrounds.set(c, bg));
    return bg;
  };
  // Every style is read before the first token is replaced: a read after a
  // change would make the browser restyle the page once per token.
  const seen = new Set();
  const alike = [];
  let tokens = 0;
  for (const span of document.querySelectorAll(".highlight code span, .highlight-ipynb span")) {
    if (span.children.length || !span.textContent.trim()) continue;
    tokens += 1;
    const s = getComputedStyle(span);
    const key = [s.color, backgroundOf(span), s.fontSize, s.fontWeight, s.opacity,
                 s.textShadow].join("|");
    if (seen.has(key)) alike.push(span);
    else seen.add(key);
  }
  alike.forEach(span => span.replaceWith(span.textContent));
  return {tokens, sampled: seen.size};
}
