// Material makes a code block that scrolls focusable once it sees it scroll.
() => [...document.querySelectorAll(".md-content pre > code")].every(
  code => code.scrollWidth <= code.clientWidth || code.hasAttribute("tabindex"))
