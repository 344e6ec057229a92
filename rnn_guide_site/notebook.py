"""Turn every chapter into a notebook: `python -m rnn_guide_site.notebook`.

Each page of the nav whose Markdown holds a ```python block becomes
`docs/notebooks/PAGE.ipynb`: its prose as Markdown cells, its Python blocks as
code cells in the page's order, so a reader can open the chapter in Colab or
Jupyter and change a number. Each lab becomes `docs/notebooks/labs-LAB.ipynb`,
the lab itself after a first cell that installs `rnn_guide` (Colab has none).
The notebooks are committed (Colab opens a notebook from a GitHub path; the
site links each one for download) and `tests/test_chapter_notebooks.py`
regenerates every one and compares it with the committed file, as
`tests/test_figures.py` does for the figures; the same test executes each
chapter's in a fresh kernel and checks it prints what the page prints.

What becomes what:

- The front matter's `description` goes into the notebook's metadata.
- A first code cell installs `rnn_guide` with pip unless it is importable
  (pip keeps the torch already installed: the package asks only for a range),
  names the torch versions the page is verified on (constraints.txt and
  .github/torch-newest/requirements.txt), and has Jupyter show a value with
  `repr()`, as a `>>>` prompt does. A page that reads a file of docs/data/
  fetches it from GitHub there when it is missing (in Colab).
- A doctest block becomes code cells of its statements, without the prompts,
  one cell ending at each statement the page shows output for; that output is
  stored as the cell's, so the reader sees what the page prints before running
  it. A statement whose expected output is a traceback runs inside `try`,
  printing the error's last line, so "Run all" goes on past it (Colab stops at
  an error).
- `??? success "Answer"` becomes `<details><summary>Answer</summary>`; the
  answer's code cells follow it, their source collapsed where the front end
  honours `jupyter.source_hidden` (JupyterLab, Notebook 7). `!!!` admonitions
  become quotes with their title in bold.
- Links to other pages go to the published site; a heading keeps the anchor
  the site gives it (`{#id}` or MkDocs' slug) as an `<a id>`; a figure becomes
  a link to the page that shows it (its colours come from the site's
  stylesheet); a definition list becomes bold terms; raw HTML (the explorer's
  form) becomes a note that the interactive part is on the site.
"""

from __future__ import annotations

import argparse
import doctest
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOKS_DIR = DOCS / "notebooks"
SITE_URL = "https://rnn-guide.github.io/rnn-guide/"
REPOSITORY = "rnn-guide/rnn-guide"
BLOB_URL = f"https://github.com/{REPOSITORY}/blob/main/"
RAW_URL = f"https://raw.githubusercontent.com/{REPOSITORY}/main/"
INSTALL = f'"rnn-guide @ git+https://github.com/{REPOSITORY}@main"'
REFRESH = "python -m rnn_guide_site.notebook"
# Tags of the code cells: the set-up cell, and the cells of an answer.
SETUP_TAG = "setup"
ANSWER_TAG = "answer"

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_ADMONITION = re.compile(
    r'^(?P<indent> *)(?P<kind>!!!|\?\?\?\+?) *(?P<type>[\w-]+)(?: +"(?P<title>[^"]*)")? *$'
)
_HEADING = re.compile(r"^(?P<hashes>#{1,6}) +(?P<text>.*?)(?: *\{(?P<attrs>[^}]*)\})? *$")
_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*)\]\((?P<src>[^)\s]+)\)(?:\{[^}]*\})?")
_LINK = re.compile(r"(?<!!)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])+)\]\((?P<target>[^)\s]+)\)")
_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_SKIP = re.compile(r"<!--\s*skip:\s*next\b")
# Block-level HTML that only the site can run (the explorer's form and stylesheet).
_HTML_BLOCK = re.compile(r"^<(?!/?(?:a|b|i|em|strong|code|kbd|sub|sup|span|br|abbr)\b)[a-z/]")


def torch_versions() -> tuple[str, str]:
    """The pinned torch and the newest release the site is verified on."""

    def pin(path: str) -> str:
        return re.search(r"^torch==(\S+)$", (ROOT / path).read_text(), re.M)[1]

    return pin("constraints.txt"), pin(".github/torch-newest/requirements.txt")


def page_url(src: str) -> str:
    """The published address of a docs/ file: `lstm.md` -> SITE_URL + `lstm/`."""
    stem = re.sub(r"\.(md|ipynb)$", "", src)
    if stem == "index":
        return SITE_URL
    return SITE_URL + re.sub(r"/index$", "", stem) + "/"


def _yaml_loader() -> type:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml reads settings from the environment: `!ENV [NAME, default]`.
    Loader.add_constructor("!ENV", lambda loader, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return Loader


def nav_files(config: Path = ROOT / "mkdocs.yml") -> list[str]:
    """Every file of the nav, in nav order, relative to docs/."""
    nav = yaml.load(config.read_text(encoding="utf-8"), Loader=_yaml_loader())["nav"]
    pages: list[str] = []

    def walk(item):
        if isinstance(item, str):
            pages.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return pages


def nav_pages() -> list[str]:
    """Every Markdown page of the nav, in nav order, relative to docs/."""
    return [page for page in nav_files() if page.endswith(".md")]


def labs() -> list[str]:
    """Every lab of the nav (a notebook of its own), relative to docs/."""
    return [page for page in nav_files() if page.endswith(".ipynb")]


def has_python(text: str) -> bool:
    return any(
        (m := _FENCE.match(line)) and m["info"].strip() == "python" for line in text.splitlines()
    )


def chapters() -> list[str]:
    """The nav's pages that hold Python: the ones that get a notebook."""
    return [page for page in nav_pages() if has_python((DOCS / page).read_text(encoding="utf-8"))]


def notebook_path(page: str) -> Path:
    return NOTEBOOKS_DIR / (Path(page).with_suffix("").as_posix().replace("/", "-") + ".ipynb")


# The parsed page: prose, code and admonitions, nested.


@dataclass
class Code:
    source: str
    skipped: bool = False  # a `<!-- skip: next -->` block: shown, not run

    @property
    def is_doctest(self) -> bool:
        return self.source.lstrip().startswith(">>>")


@dataclass
class Admonition:
    kind: str
    type: str
    title: str | None
    children: list = field(default_factory=list)


def split_front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]
    return {}, text


def parse(text: str) -> list:
    """Split Markdown into prose strings, `Code` blocks and `Admonition`s, in order."""
    lines = text.split("\n")
    items: list = []
    prose: list[str] = []
    i = 0

    def flush():
        if "".join(prose).strip():
            items.append("\n".join(prose))
        prose.clear()

    while i < len(lines):
        line = lines[i]
        fence, admonition = _FENCE.match(line), _ADMONITION.match(line)
        if fence:  # at any indent: in a list item or a definition too
            indent, marker = len(fence["indent"]), fence["fence"]
            j = i + 1
            while j < len(lines) and not (
                lines[j].strip().startswith(marker) and lines[j].strip().strip(marker[0]) == ""
            ):
                j += 1
            body = "\n".join(lines[k][indent:] for k in range(i + 1, j))
            if fence["info"].strip() == "python":
                skipped = bool(prose) and bool(_SKIP.search("\n".join(prose[-3:])))
                flush()
                items.append(Code(body.rstrip("\n") + "\n", skipped=skipped))
            else:
                prose.extend(lines[i : j + 1])
            i = j + 1
        elif admonition and not admonition["indent"]:
            flush()
            j = i + 1
            while j < len(lines) and (not lines[j].strip() or lines[j].startswith("    ")):
                j += 1
            body = "\n".join(line[4:] for line in lines[i + 1 : j])
            items.append(
                Admonition(admonition["kind"], admonition["type"], admonition["title"], parse(body))
            )
            i = j
        else:
            prose.append(line)
            i += 1
    flush()
    return items


# Prose: Markdown that Jupyter and Colab render.


def _outside_code(text: str, convert) -> str:
    """Apply `convert` to `text` with its code spans and fenced blocks held aside."""
    held: list[str] = []

    def hold(match: re.Match) -> str:
        held.append(match[0])
        return f"\x00{len(held) - 1}\x00"

    code = re.compile(r"^ *(?:```|~~~).*?^ *(?:```|~~~) *$|`[^`\n]*`", re.S | re.M)
    converted = convert(code.sub(hold, text))
    return re.sub("\x00(\\d+)\x00", lambda m: held[int(m[1])], converted)


def rewrite_target(target: str, page: str) -> str:
    """A link target as the notebook needs it: on the published site, or on GitHub."""
    if re.match(r"^[a-z]+:", target) or target.startswith("#"):
        return target
    path, _, anchor = target.partition("#")
    resolved = (Path(page).parent / path).as_posix()
    resolved = re.sub(r"(^|/)\./", r"\1", resolved)
    while re.search(r"[^/]+/\.\./", resolved):
        resolved = re.sub(r"[^/]+/\.\./", "", resolved, count=1)
    if path.endswith((".md", ".ipynb")):
        return page_url(resolved) + (f"#{anchor}" if anchor else "")
    return BLOB_URL + "docs/" + resolved + (f"#{anchor}" if anchor else "")


def _heading(match: re.Match) -> str:
    text, attrs = match["text"], match["attrs"] or ""
    explicit = re.search(r"#([\w-]+)", attrs)
    anchor = explicit[1] if explicit else slugify(re.sub(r"<[^>]+>", "", text), "-")
    return f'{match["hashes"]} <a id="{anchor}"></a>{text}'


def _definition_list(text: str) -> str:
    """`term` then `:   definition` (MkDocs' def_list) as a bold term and a paragraph."""
    lines, out = text.split("\n"), []
    # Prose that goes on after a code block inside a definition is indented still.
    in_definition = next((line for line in lines if line.strip()), "").startswith("    ")
    for line in lines:
        if line.startswith(":   "):
            if out and out[-1].strip() and not out[-1].startswith("**"):
                out[-1] = f"**{out[-1].strip()}**"
            out.append("")
            out.append(line[4:])
            in_definition = True
        elif in_definition and (line.startswith("    ") or not line.strip()):
            out.append(line[4:])
        else:
            in_definition = False
            out.append(line)
    return "\n".join(out)


def convert_prose(text: str, page: str) -> str:
    """MkDocs Markdown to notebook Markdown: nothing left that only MkDocs reads."""
    text = _COMMENT.sub("", text)
    paragraphs, kept, noted = re.split(r"\n\s*\n", text), [], False
    for paragraph in paragraphs:
        if _HTML_BLOCK.match(paragraph.lstrip("\n")):
            if not noted:
                kept.append(
                    f"*The interactive part of this page runs on the site: "
                    f"[open it there]({page_url(page)}).*"
                )
            noted = True
            continue
        noted = False
        kept.append(paragraph)
    text = "\n\n".join(kept)
    text = "\n".join(
        _heading(m) if (m := _HEADING.match(line)) else line for line in text.split("\n")
    )
    text = _definition_list(text)

    def links(part: str) -> str:
        part = _IMAGE.sub(
            lambda m: f"*[Figure]({page_url(page)}): {' '.join(m['alt'].split())}*", part
        )
        part = _LINK.sub(lambda m: f"[{m['text']}]({rewrite_target(m['target'], page)})", part)
        return re.sub(r"(\]\([^)]*\))\{[^}]*\}", r"\1", part)  # attribute lists after links

    return _outside_code(text, links).strip("\n")


# Code: what a cell runs and what it prints.


def doctest_cells(source: str) -> list[tuple[str, str]]:
    """A doctest block as cells: (the code one runs, what the page says it prints).

    A cell ends at each statement the page shows output for, so that output is
    what the cell's last statement prints or, as at a `>>>` prompt, the value
    Jupyter shows for it (with repr(), set by the first cell).
    """
    cells, statements, printed = [], [], []
    for example in doctest.DocTestParser().get_examples(source):
        code = example.source.rstrip("\n")
        if example.exc_msg is not None:
            body = "\n".join("    " + line for line in code.split("\n"))
            code = (
                f"try:\n{body}\nexcept Exception as error:  # the page shows this error\n"
                f'    print(traceback.format_exception_only(error)[-1], end="")'
            )
            if not any("import traceback" in c for c, _ in cells):
                statements.insert(0, "import traceback\n")
            printed.append(example.exc_msg)
        else:
            printed.append(example.want)
        statements.append(code)
        if printed[-1]:
            cells.append(("\n".join(statements) + "\n", "".join(printed)))
            statements, printed = [], []
    if statements:
        cells.append(("\n".join(statements) + "\n", ""))
    return cells


def setup_source(page: str, code: str) -> str:
    pinned, newest = torch_versions()
    packages = INSTALL + (" pytest" if re.search(r"^\s*(>>> )?import pytest", code, re.M) else "")
    lines = [
        "# Run this cell first. Where rnn_guide is missing (Colab, a fresh venv) it",
        "# installs it; pip keeps the torch you have (rnn-guide asks only for",
        f"# torch>=2.4). This page is verified on torch {pinned} and {newest}.",
        "import importlib.util",
        "",
        'if importlib.util.find_spec("rnn_guide") is None:',
        f"    %pip install --quiet {packages}",
    ]
    data = sorted(set(re.findall(r"[\"'](docs/data/[\w./-]+)[\"']", code)))
    if data:
        lines += [
            "",
            "import pathlib",
            "import urllib.request",
            "",
            f"for name in {data!r}:  # the data this page reads",
            "    if not pathlib.Path(name).exists():",
            "        pathlib.Path(name).parent.mkdir(parents=True, exist_ok=True)",
            f'        url = "{RAW_URL}" + name',
            "        urllib.request.urlretrieve(url, name)",
        ]
    lines += [
        "",
        "# Show a cell's value with repr(), as the page's >>> examples do.",
        "%config PlainTextFormatter.pprint = False",
    ]
    return "\n".join(lines) + "\n"


# Cells.


def _cell_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


def markdown_cell(text: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": _cell_lines(text)}


def code_cells(code: Code, answer: bool = False) -> list[dict]:
    """The cells of one Python block: one, or a doctest's several."""
    metadata: dict = {}
    if answer:
        metadata = {"jupyter": {"source_hidden": True}, "tags": [ANSWER_TAG]}
    parts = doctest_cells(code.source) if code.is_doctest else [(code.source, "")]
    return [
        {
            "cell_type": "code",
            "execution_count": None,
            "metadata": json.loads(json.dumps(metadata)),
            "outputs": [{"name": "stdout", "output_type": "stream", "text": _cell_lines(printed)}]
            if printed
            else [],
            "source": _cell_lines(source.rstrip("\n")),
        }
        for source, printed in parts
    ]


def _cells(items: list, page: str, answer: bool = False) -> list[dict]:
    cells: list[dict] = []
    markdown: list[str] = []

    def flush():
        if markdown:
            cells.append(markdown_cell("\n\n".join(markdown)))
            markdown.clear()

    for item in items:
        if isinstance(item, str):
            # A new cell at each section, so a notebook's outline folds by section.
            for chunk in re.split(r"\n(?=##+ )", item):
                text = convert_prose(chunk, page)
                if re.match(r"##+ ", text):
                    flush()
                if text:
                    markdown.append(text)
        elif isinstance(item, Code) and item.skipped:
            markdown.append(f"```python\n{item.source}```")
        elif isinstance(item, Code):
            flush()
            cells.extend(code_cells(item, answer=answer))
        else:
            flush()
            cells.extend(_admonition_cells(item, page))
    flush()
    return cells


def _admonition_cells(item: Admonition, page: str) -> list[dict]:
    title = item.title if item.title is not None else item.type.capitalize()
    collapsible = item.kind.startswith("???")
    cells = _cells(item.children, page, answer=collapsible)
    first = True
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        if collapsible:
            summary = title if first else f"{title}, continued"
            opened = " open" if item.kind == "???+" else ""
            text = f"<details{opened}><summary>{summary}</summary>\n\n{text}\n\n</details>"
        else:
            quoted = "\n".join(f"> {line}".rstrip() for line in text.split("\n"))
            text = (f"> **{title}**\n>\n" if first else "") + quoted
        cell["source"] = _cell_lines(text)
        first = False
    if first:  # no prose: a summary line before the code
        if collapsible:
            cells.insert(0, markdown_cell(f"<details><summary>{title}</summary></details>"))
        else:
            cells.insert(0, markdown_cell(f"> **{title}**"))
    return cells


def generate(page: str) -> dict:
    """The notebook of one page (a path relative to docs/), as a JSON-ready dict."""
    text = (DOCS / page).read_text(encoding="utf-8")
    meta, body = split_front_matter(text)
    items = parse(body)
    title_match = (
        re.match(r"\s*# (.+)\n", items[0]) if items and isinstance(items[0], str) else None
    )
    if title_match is None:
        raise ValueError(f"{page}: expected the page to open with '# Title'")
    items[0] = items[0][title_match.end() :]
    code = "\n".join(code_item.source for code_item in _walk_code(items))
    pinned, newest = torch_versions()
    header = (
        f"# {title_match[1]}\n\n"
        f"*This notebook is the chapter [{title_match[1]}]({page_url(page)}) of RNN "
        f"Guide, generated from its source, [docs/{page}]({BLOB_URL}docs/{page}): the "
        f"page's text, and its examples as code cells in the page's order. Run the "
        f"cells from the top; the first installs `rnn_guide`. Verified on torch "
        f"{pinned} and {newest}.*"
    )
    setup = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": [SETUP_TAG]},
        "outputs": [],
        "source": _cell_lines(setup_source(page, code).rstrip("\n")),
    }
    cells = [markdown_cell(header), setup, *_cells(items, page)]
    for index, cell in enumerate(cells):
        cell["id"] = f"{cell['cell_type']}-{index:02d}"
    metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    if meta.get("description"):
        metadata["description"] = meta["description"]
    return {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}


def _walk_code(items: list):
    for item in items:
        if isinstance(item, Code):
            yield item
        elif isinstance(item, Admonition):
            yield from _walk_code(item.children)


def dumps(notebook: dict) -> str:
    """The notebook as nbformat writes it: one-space indent, sorted keys."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def generate_lab(lab: str) -> dict:
    """A lab as Colab needs it: the lab itself, after a first cell that installs
    `rnn_guide` (the lab's own cells, outputs and metadata unchanged)."""
    notebook = json.loads((DOCS / lab).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    pinned, newest = torch_versions()
    header = (
        f"*This is the lab [{Path(lab).stem}]({page_url(lab)}) of RNN Guide "
        f"([docs/{lab}]({BLOB_URL}docs/{lab})) with one cell added before it, which "
        f"installs `rnn_guide`. Verified on torch {pinned} and {newest}.*"
    )
    setup = setup_source(lab, code).split("\n# Show a cell's value")[0].rstrip("\n")
    added = [
        {**markdown_cell(header), "id": "added-header"},
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "added-setup",
            "metadata": {"tags": [SETUP_TAG]},
            "outputs": [],
            "source": _cell_lines(setup),
        },
    ]
    return {**notebook, "cells": added + notebook["cells"]}


def make(page: str) -> dict:
    """The notebook of a chapter or a lab of the nav."""
    return generate_lab(page) if page.endswith(".ipynb") else generate(page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "pages", nargs="*", help="chapters or labs relative to docs/ (default: every one)"
    )
    args = parser.parse_args(argv)
    NOTEBOOKS_DIR.mkdir(exist_ok=True)
    pages = args.pages or chapters() + labs()
    for page in pages:
        path = notebook_path(page)
        text = dumps(make(page))
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if not args.pages:
        wanted = {notebook_path(page) for page in pages}
        for stale in sorted(set(NOTEBOOKS_DIR.glob("*.ipynb")) - wanted):
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}: its page has no Python or left the nav")
    return 0


if __name__ == "__main__":
    sys.exit(main())
