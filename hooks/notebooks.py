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
- nbconvert's template writes `<clipboard-copy for="cell-1", aria-label=...>`:
  the stray comma is an attribute named ",". It is removed.
- Every chapter and lab gets three buttons beside Material's edit button, in its
  own `md-content__button` style: download the notebook, open it in Colab, and
  view the page's source on GitHub. The notebook is the one made for the page in
  docs/notebooks/ (copied to the site as a plain file): a chapter's, or a lab
  after a cell that installs rnn_guide (rnn_guide_site/notebook.py). Colab and GitHub addresses come
  from `edit_uri`, so a fork's site points at the fork. They are links: the site
  requests nothing from those hosts.
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

# As the template writes it (`for="cell-1", aria-label`), or as an HTML parser
# read it (`,=""`, an attribute named ","): either way, gone.
_CLIPBOARD_COMMA = re.compile(r'(<clipboard-copy\b[^>]*?)\s*,(?:="")?(?=[\s>])')
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


# A play mark in a frame: run it elsewhere. Drawn for this site.
_COLAB_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path fill-rule="evenodd" d="M5 3h14a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V5a2 '
    '2 0 0 1 2-2zm0 2v14h14V5zm4 3 7 4-7 4z"/></svg>'
)
# Angle brackets: the source. Drawn for this site.
_SOURCE_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M8.6 7.4 4 12l4.6 4.6L10 15.2 6.8 12 10 8.8zm6.8 0L14 8.8l3.2 3.2-3.2 3.2 '
    '1.4 1.4L20 12z"/></svg>'
)
_GITHUB_EDIT = re.compile(r"^https://github\.com/(?P<repo>[^/]+/[^/]+)/(?:edit|blob)/(?P<rest>.*)$")


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


def _button(href: str, label: str, icon: str, download: bool = False) -> str:
    attributes = " download" if download else ""
    return (
        f'<a href="{href}"{attributes} class="md-content__button md-icon" '
        f'title="{label}" aria-label="{label}">{icon}</a>'
    )


def github_paths(edit_uri: str | None) -> tuple[str, str] | None:
    """`(owner/repo, branch/docs/)` from an absolute GitHub edit_uri, else None."""
    match = _GITHUB_EDIT.match(edit_uri or "")
    return (match["repo"], match["rest"]) if match else None


def notebook_of(page, files) -> tuple[str, str] | None:
    """The notebook a page offers: (its address from the page, its path in docs/).

    The one rnn_guide_site/notebook.py made for it in docs/notebooks/ (a
    chapter's, or a lab's with a first cell that installs rnn_guide), else a
    lab's own, which mkdocs-jupyter copies beside its page.
    """
    src_uri = page.file.src_uri
    if files is not None and src_uri.endswith((".md", ".ipynb")):
        from rnn_guide_site.notebook import DOCS, notebook_path

        src = notebook_path(src_uri).relative_to(DOCS).as_posix()
        if file := files.get_file_from_path(src):
            return file.url_relative_to(page.file), src
    if is_notebook(page):
        return posixpath.basename(src_uri), src_uri
    return None


def action_buttons(page, config, files) -> str:
    """Download the notebook, open it in Colab, view the source: what the page has."""
    notebook = notebook_of(page, files)
    github = github_paths((config or {}).get("edit_uri"))
    buttons = []
    if notebook:
        href, src = notebook
        name = posixpath.basename(src)
        buttons.append(
            _button(
                href, f"Download this page as a notebook, {name}", _DOWNLOAD_ICON, download=True
            )
        )
        if github:
            repo, rest = github
            colab = f"https://colab.research.google.com/github/{repo}/blob/{rest}{src}"
            buttons.append(_button(colab, "Open this page as a notebook in Colab", _COLAB_ICON))
    if github:
        repo, rest = github
        view = f"https://github.com/{repo}/blob/{rest}{page.file.src_uri}"
        buttons.append(_button(view, "View the source of this page on GitHub", _SOURCE_ICON))
    return "".join(buttons)


def fix_clipboard_copy(page_html: str) -> str:
    """Drop the comma nbconvert's template leaves between two attributes."""
    return _CLIPBOARD_COMMA.sub(r"\1", page_html)


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
        return action_buttons(page, config, files) + page_html
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
    page_html = fix_clipboard_copy(drop_static_tabindex(strip_remote_scripts(page_html)))
    return action_buttons(page, config, files) + page_html
