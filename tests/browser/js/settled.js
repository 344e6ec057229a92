// extra.js has made every code block that scrolls focusable.
() => [...document.querySelectorAll(".md-content pre > code")].every(
  code => code.scrollWidth <= code.clientWidth || code.hasAttribute("tabindex"))
