// Material has mounted every code block in the content: each has its copy
// button's strip (.md-code__nav), inserted when the block first came into view.
() => [...document.querySelectorAll(".md-content pre > code")].every(
  code => code.parentElement.querySelector(".md-code__nav"))
