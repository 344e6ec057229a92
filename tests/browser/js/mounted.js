// Material has mounted every code block in the content: each has its copy
// button's strip (.md-code__nav), inserted when the block first came into view;
// and extra.js has measured every block (does it scroll?), which it does when the
// block comes near the screen, lab outputs included, in a later frame (a block
// not rendered at all, in a closed answer, is never near).
() => [...document.querySelectorAll(".md-content pre > code")].every(
  code => code.parentElement.querySelector(".md-code__nav")) &&
  (!("IntersectionObserver" in window) ||
    [...document.querySelectorAll(".md-content pre")].every(
      pre => pre.hasAttribute("data-measured") || !pre.checkVisibility()))
