"""Make the lab pages rendered by mkdocs-jupyter private, honest and downloadable.

- mkdocs-jupyter's template (from nbconvert) leaves script tags that load MathJax
  and Mermaid from a CDN. The site typesets nothing in the browser, so those tags
  are removed: a lab page loads nothing from a third-party host.
- The template also inlines JupyterLab's whole stylesheet, ~600 KB (90 KB gzipped)
  on every lab page, in JupyterLab's own colours. Those <style> blocks are replaced
  by hooks/notebook.css, a couple of KB written for the markup our labs use, in
  Material's colours: a lab's cells look like a chapter's code in either scheme.
- The labs are rendered from their stored outputs. A stored error, or a code cell
  that was never run, is logged as a warning, which fails the strict build;
  `make notebooks` re-executes them (and `tests/test_notebooks.py` checks that the
  stored outputs are current).
- nbconvert puts every cell's input and output in the keyboard's tab order
  (tabindex="0"), so a keyboard reader tabs through dozens of stops that do
  nothing. They are dropped; javascripts/extra.js makes focusable the blocks
  that actually scroll, as Material does for a chapter's code.
- Each lab page gets a button that downloads the notebook, which mkdocs-jupyter
  copies beside the page (`include_source: true`).
"""

from __future__ import annotations

import json
import logging
import posixpath
import re
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.notebooks")

_REMOTE_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="(?:https?:)?//[^"]*"[^>]*>\s*</script>', re.I)
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(?P<body>.*?)</script>", re.I | re.S)
_LOADS_REMOTE = re.compile(r"mathjax|mermaid|(?:import\(|from\s)\s*[\"'](?:https?:)?//", re.I)
# Where the template loads MathJax when it has no URL for it: a script that runs nothing.
_EMPTY_SCRIPT = re.compile(r'<script\b[^>]*\bsrc=""[^>]*>\s*</script>', re.I)

_STATIC_TABINDEX = re.compile(r'(<div class="jp-[^"]*"[^>]*?) tabindex="0"')

_STYLE = re.compile(r"<style\b[^>]*>.*?</style>\s*", re.I | re.S)
# The template wraps the cells in this div; its stylesheets sit before and after it.
_WRAPPER_START = '<div class="jupyter-wrapper">'
_WRAPPER_END = "<!-- jupyter-wrapper -->"
NOTEBOOK_CSS = Path(__file__).with_name("notebook.css")

# A plain arrow into a tray, drawn for this site.
_DOWNLOAD_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M11 3h2v9.2l3.3-3.3 1.4 1.4L12 16l-5.7-5.7 1.4-1.4 3.3 3.3zM4 18h16v2H4z"/>'
    "</svg>"
)


def is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def strip_remote_scripts(page_html: str) -> str:
    """Remove script tags that load, or import, code from another host, or load nothing."""
    page_html = _EMPTY_SCRIPT.sub("", _REMOTE_SCRIPT.sub("", page_html))
    return _INLINE_SCRIPT.sub(lambda m: "" if _LOADS_REMOTE.search(m["body"]) else m[0], page_html)


def compact_css(css: str) -> str:
    """Drop the comments and the spaces a browser does not need."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r" ?([{};,>]) ?", r"\1", css).strip()


def replace_template_css(page_html: str, css: str) -> str:
    """Swap the template's <style> blocks for `css`.

    Only the blocks outside the notebook's wrapper are the template's; a <style>
    inside it belongs to a cell's output (an SVG's, say) and is kept.
    Raises ValueError when the wrapper is not there to tell them apart.
    """
    start = page_html.find(_WRAPPER_START)
    end = page_html.rfind(_WRAPPER_END)
    if start < 0 or end < start:
        raise ValueError("no jupyter-wrapper div: has mkdocs-jupyter's template changed?")
    before, cells, after = page_html[:start], page_html[start:end], page_html[end:]
    return _STYLE.sub("", before) + f"<style>{css}</style>" + cells + _STYLE.sub("", after)


def stale_cells(notebook: dict) -> list[str]:
    """Describe the code cells whose stored outputs cannot be shown as they are."""
    problems = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code" or not "".join(cell.get("source", "")).strip():
            continue
        outputs = cell.get("outputs", [])
        if any(out.get("output_type") == "error" for out in outputs):
            problems.append(f"cell {number} stored an error")
        if cell.get("execution_count") is None:
            problems.append(f"cell {number} was never executed")
    return problems


def download_button(page) -> str:
    name = posixpath.basename(page.file.src_uri)
    return (
        f'<a href="{name}" download class="md-content__button md-icon" '
        f'title="Download this notebook" aria-label="Download {name}">{_DOWNLOAD_ICON}</a>'
    )


def drop_static_tabindex(page_html: str) -> str:
    """Take nbconvert's cell wrappers out of the tab order."""
    return _STATIC_TABINDEX.sub(r"\1", page_html)


def description(notebook: dict) -> str | None:
    """The page's meta description: the notebook's own (metadata "description"),
    else the first sentences after the lab's heading, up to 160 characters."""
    if notebook.get("metadata", {}).get("description"):
        return notebook["metadata"]["description"]
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = "".join(cell["source"])
        paragraphs = [p for p in re.split(r"\n\s*\n", source) if not p.startswith("#")]
        if not paragraphs:
            continue
        text = re.sub(r"[`*_]|\[([^]]*)\]\([^)]*\)", r"\1", " ".join(paragraphs[0].split()))
        sentences, out = re.split(r"(?<=[.!?])\s+", text), ""
        for sentence in sentences:
            if len(out) + len(sentence) + 1 > 160:
                break
            out = f"{out} {sentence}".strip()
        out = out or text[:157].rsplit(" ", 1)[0] + "..."
        return out[:-1] + "." if out.endswith(":") else out
    return None


def on_page_content(page_html, page, config, files):
    if not is_notebook(page):
        return page_html
    with open(page.file.abs_src_path, encoding="utf-8") as f:
        notebook = json.load(f)
    problems = stale_cells(notebook)
    if not page.meta.get("description"):
        page.meta["description"] = description(notebook)
    for problem in problems:
        log.warning("%s: %s; run `make notebooks`", page.file.src_uri, problem)
    try:
        css = compact_css(NOTEBOOK_CSS.read_text(encoding="utf-8"))
        page_html = replace_template_css(page_html, css)
    except ValueError as error:
        log.warning("%s: JupyterLab's CSS left in place: %s", page.file.src_uri, error)
    return download_button(page) + drop_static_tabindex(strip_remote_scripts(page_html))
