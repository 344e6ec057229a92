// Text a reader can see, collapsed answers and inactive tabs included; code,
// scripts, SVG, MathML and the search dialog are not prose.
() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll(
    "pre, code, kbd, samp, script, style, svg, math, textarea, template, noscript, " +
    ".md-search, .md-code__nav"
  ).forEach(e => e.remove());
  clone.querySelectorAll(
    "p, li, td, th, h1, h2, h3, h4, h5, h6, dt, dd, div, summary, figcaption, br"
  ).forEach(e => e.after("\n"));
  return clone.textContent;
}
