// Code blocks more than two screens below the first: at load they should be
// neither laid out (content-visibility, extra.css) nor measured by extra.js
// (which would lay them all out at once), only the ones near the screen.
() => {
  const screen = window.innerHeight;
  const far = [...document.querySelectorAll(".md-content pre")].filter(pre =>
    pre.getBoundingClientRect().top > 3 * screen && !pre.closest("details:not([open])"));
  if (!far.length || !far[0].checkVisibility) return {far: far.length, drawn: [], measured: []};
  const name = pre => pre.textContent.trim().slice(0, 40);
  return {
    far: far.length,
    // What a skipped block holds is not visible to checkVisibility; the block
    // itself (its placeholder box) is; a block of plain text is not checked.
    drawn: far.filter(pre => pre.firstElementChild && pre.firstElementChild.checkVisibility(
      {contentVisibilityAuto: true})).map(name),
    measured: far.filter(pre => pre.hasAttribute("data-scrolls") ||
      pre.querySelector("[data-scrolls]") || pre.parentElement.closest("[data-scrolls]")).map(name),
  };
}
