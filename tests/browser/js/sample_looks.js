() => {
  // Run just before axe's color-contrast rule, after every other rule. A
  // chapter has hundreds of text elements that look exactly alike (each <mi>
  // of an equation, each inline <code>), and the rule costs ~1 ms an element.
  // Contrast depends only on how text looks and what lies behind it, so keep
  // one leaf element per distinct look and hide the others with
  // visibility: hidden, which keeps every box where it was (axe skips hidden
  // text). A look: colour, size, weight and shadow; every background behind
  // the element up to the first opaque one; and the opacity, filter and blend
  // mode of the element and of every ancestor. Elements with children, and
  // the text of diagrams (SVG), are all kept.
  const cache = (compute) => {
    const memo = new Map();
    const get = el => {
      if (!el) return "";
      if (!memo.has(el)) memo.set(el, compute(el, get));
      return memo.get(el);
    };
    return get;
  };
  // Chromium writes an opaque colour as rgb(...), a translucent one as rgba(...).
  const backgrounds = cache((el, up) => {
    const s = getComputedStyle(el);
    const own = s.backgroundColor + " " + s.backgroundImage;
    const covers = s.backgroundColor.startsWith("rgb(") && s.backgroundImage === "none";
    return covers ? own : own + ";" + up(el.parentElement);
  });
  const effects = cache((el, up) => {
    const s = getComputedStyle(el);
    return [s.opacity, s.filter, s.mixBlendMode].join(" ") + ";" + up(el.parentElement);
  });
  const seen = new Set();
  let leaves = 0, hidden = 0;
  for (const el of document.body.querySelectorAll("*")) {
    if (el.children.length || !el.textContent.trim() || el.closest("svg")) continue;
    const s = getComputedStyle(el);
    if (s.visibility !== "visible") continue;
    leaves += 1;
    const key = [s.color, s.fontSize, s.fontWeight, s.textShadow,
                 backgrounds(el), effects(el)].join("|");
    if (seen.has(key)) { el.style.visibility = "hidden"; hidden += 1; }
    else seen.add(key);
  }
  return {leaves, kept: seen.size, hidden};
}
