// The text and code of opened self-assessment answers, against the page's
// own body text and inline code: their font sizes in px.
() => {
  const size = e => e ? parseFloat(getComputedStyle(e).fontSize) : null;
  const outside = sel => [...document.querySelectorAll(`.md-content .md-typeset ${sel}`)]
    .find(e => !e.closest("details, .admonition, table, pre"));
  const body = {text: size(outside("p")), code: size(outside("p code"))};
  const answers = [];
  for (const d of document.querySelectorAll(".md-content details.success[open]")) {
    const p = d.querySelector(":scope > p, :scope > ul li, :scope > ol li");
    const code = d.querySelector("p code, li code");
    if (p) answers.push({text: p.textContent.trim().slice(0, 40), px: size(p), code: size(code)});
  }
  return {body, answers};
}
