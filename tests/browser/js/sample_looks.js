() => {
  // Run just before axe's color-contrast rule, after every other rule. A
  // chapter has hundreds of text elements that look exactly alike (each <mi>
  // of an equation, each inline <code>, each paragraph), and the rule costs
  // ~1-2 ms an element. Contrast depends only on how text looks and what lies
  // behind it, so one element per distinct look is checked and the others are
  // hidden with visibility: hidden, which keeps every box where it was (axe
  // skips hidden text).
  //
  // A look: colour, size, weight and shadow of the element's own text; every
  // background behind it up to the first opaque one; and the opacity, filter
  // and blend mode of the element and of every ancestor. An element that
  // paints a background of its own is never hidden, since the text inside it
  // lies on that background. A hidden element's children inherit the hiding,
  // so every element that is checked, and every diagram, is then made visible
  // again explicitly.
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
  const paintsNoBackground = s =>
    s.backgroundColor === "rgba(0, 0, 0, 0)" && s.backgroundImage === "none";
  const ownText = el =>
    [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.data.trim());
  // Every style is read before the first element is hidden: a read after a
  // change would make the browser restyle the page again.
  const seen = new Set();
  const alike = [], shown = [];
  for (const el of document.body.querySelectorAll("*")) {
    const s = getComputedStyle(el);
    if (s.visibility !== "visible") continue;
    if (el.closest("svg")) {
      if (el.tagName.toLowerCase() === "svg") shown.push(el);
      continue;
    }
    if (!ownText(el)) continue;
    const key = [s.color, s.fontSize, s.fontWeight, s.textShadow,
                 backgrounds(el), effects(el)].join("|");
    if (!seen.has(key)) seen.add(key), shown.push(el);
    else if (!el.children.length || paintsNoBackground(s)) alike.push(el);
    else shown.push(el);
  }
  // An element checked is never inside a hidden one: axe builds its grid of
  // boxes without descending into hidden text, and its color-contrast rule
  // then throws on the visible element it finds there (no grid for it:
  // "reading 'getCellFromPoint'"), which stops the rule for the whole page.
  // Seen on an equation's function name (log, tanh) in a hidden paragraph.
  const holders = new Set();
  for (const el of shown) {
    for (let up = el.parentElement; up && !holders.has(up); up = up.parentElement) holders.add(up);
  }
  const hidden = alike.filter(el => !holders.has(el));
  hidden.forEach(el => { el.style.visibility = "hidden"; });
  shown.forEach(el => { el.style.visibility = "visible"; });
  return {texts: alike.length + shown.length, kept: seen.size, hidden: hidden.length};
}
