"""Guard the doc examples: every Python block a reader sees runs and checks something.

Sybil's stock Markdown parser collects a fence only when its info string is
exactly `python`; anything else that looks like Python is skipped silently and
the run stays green. These tests make that loud.
"""

import re
from pathlib import Path

import pytest
from sybil.document import Document

from conftest import sybil

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

# An opening fence: optional indent (admonitions, tabs), three or more backticks
# or tildes, then the info string.
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$", re.M)
PYTHONISH = re.compile(r"^\s*\{?\s*\.?(py|python\d?|pycon|ipython\d?|python-repl)\b", re.I)
CHECKS = re.compile(r"\bassert\b|assert_close|pytest\.raises")
# A doctest checks what it prints: at least one line of expected output, not a
# prompt (>>> or ...). A doctest of statements alone compares nothing.
DOCTEST_OUTPUT = re.compile(r"^[ \t]*(?!>>>|\.\.\.)\S", re.M)
SKIP = re.compile(r"<!--\s*skip:(?P<rest>.*?)-->", re.S)


def fences(text: str) -> list[tuple[int, str, str, int]]:
    """Return (line, info string, body, offset) for every fenced block in a page."""
    found, pos = [], 0
    while match := FENCE.search(text, pos):
        closing = re.compile(
            rf"^{re.escape(match['indent'])}{match['fence'][0]}{{{len(match['fence'])},}}\s*$",
            re.M,
        )
        end = closing.search(text, match.end())
        stop = end.start() if end else len(text)
        line = text.count("\n", 0, match.start()) + 1
        found.append((line, match["info"], text[match.end() : stop], match.start()))
        pos = end.end() if end else len(text)
    return found


def checks_something(body: str) -> bool:
    """A block checks something: an assertion, or a doctest with output to compare."""
    if CHECKS.search(body):
        return True
    return ">>>" in body and bool(DOCTEST_OUTPUT.search(body))


def skipped_fences(text: str) -> list[str]:
    """Info strings that look like Python but would not be collected."""
    return [
        f"line {line}: {info!r}"
        for line, info, _, _ in fences(text)
        if PYTHONISH.match(info) and info != "python"
    ]


@pytest.mark.parametrize(
    "info",
    [
        "py",
        "pycon",
        "python3",
        " python",
        "python ",
        'python title="rnn.py"',
        'python hl_lines="2"',
        "{.python}",
        "ipython",
    ],
)
def test_guard_catches_a_fence_sybil_would_skip(info):
    page = f"Text.\n\n```{info}\nassert 1 + 1 == 2\n```\n"
    assert skipped_fences(page) == [f"line 3: {info!r}"]


def test_guard_catches_a_skipped_fence_inside_an_admonition():
    page = '??? success "Answer"\n\n    ~~~py\n    assert True\n    ~~~\n'
    assert skipped_fences(page) == ["line 3: 'py'"]


def test_guard_accepts_collected_and_non_python_fences():
    page = "```python\nassert True\n```\n\n```bash\nmake test\n```\n\n```text\npy\n```\n"
    assert skipped_fences(page) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_python_fence_is_skipped_silently(page):
    assert skipped_fences(page.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_sybil_collects_every_python_fence(page):
    text = page.read_text(encoding="utf-8")
    collected = {example.region.start for example in Document.parse(str(page), *sybil.parsers)}
    missed = [
        f"line {line}"
        for line, info, body, offset in fences(text)
        if info == "python"
        and not any(offset <= start < offset + len(body) + 8 for start in collected)
    ]
    assert missed == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_visible_python_block_checks_something(page):
    # Hidden set-up lives inside an HTML comment, not a fence, so every fence is seen.
    unchecked = [
        f"line {line}"
        for line, info, body, _ in fences(page.read_text(encoding="utf-8"))
        if info == "python" and not checks_something(body)
    ]
    assert unchecked == [], "each block needs an assert, assert_close or a doctest with output"


@pytest.mark.parametrize(
    ("body", "checks"),
    [
        ("x = 1\nassert x == 1\n", True),
        ("torch.testing.assert_close(a, b)\n", True),
        (">>> 1 + 1\n2\n", True),
        (">>> import torch\n>>> from torch import (\n...     nn,\n... )\n", False),
        ("x = 1\nprint(x)\n", False),
    ],
)
def test_a_block_checks_something_only_with_an_assertion_or_doctest_output(body, checks):
    assert checks_something(body) is checks


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_hidden_setup_blocks_hold_code(page):
    # The code goes inside the comment: `<!-- invisible-code-block: python` ... `-->`.
    # A closed comment followed by a fence would run the fence as a visible block.
    empty = re.findall(r"<!--\s*invisible-code-block:\s*python\s*-->", page.read_text())
    assert empty == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_skip_gives_a_reason(page):
    reasonless = [
        m[0]
        for m in SKIP.finditer(page.read_text(encoding="utf-8"))
        if "reason=" not in m["rest"] and m["rest"].strip() != "end"
    ]
    assert reasonless == []


# Chapter code fits the column at desktop width, clear of the copy button (the
# browser suite measures it): at most 72 characters of code a line. What a
# doctest prints keeps torch's print width, 80.
CODE_WIDTH, OUTPUT_WIDTH = 72, 80


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_code_lines_fit_the_column(page):
    too_wide = []
    for line, info, body, _ in fences(page.read_text(encoding="utf-8")):
        if info != "python":
            continue
        rows = body.strip("\n").splitlines()
        indent = min((len(r) - len(r.lstrip()) for r in rows if r.strip()), default=0)
        doctest = ">>>" in body
        for offset, row in enumerate(rows, start=1):
            text = row[indent:].rstrip()
            is_code = not doctest or text.startswith((">>>", "..."))
            width = CODE_WIDTH if is_code else OUTPUT_WIDTH
            if len(text) > width:
                too_wide.append(f"line {line + offset}: {len(text)} > {width}")
    assert not too_wide, too_wide


CHAPTERS = [page for page in PAGES if "\n## Self-assessment\n" in page.read_text(encoding="utf-8")]


@pytest.mark.parametrize("page", CHAPTERS, ids=lambda page: page.name)
def test_every_chapter_asks_a_find_the_bug_question(page):
    # The broken program is shown in a text fence; its answer runs it.
    questions = page.read_text(encoding="utf-8").split("\n## Self-assessment\n", 1)[1]
    assert re.search(r"^\*\*\d+\.\*\* Find the bug\.[^\n]*\n(?:.+\n)*?\n```text\n", questions, re.M)


@pytest.mark.parametrize("page", CHAPTERS, ids=lambda page: page.name)
def test_every_chapter_states_its_objectives_as_a_paragraph(page):
    # One template for every chapter (CONTRIBUTING.md): what the reader will be
    # able to do is a sentence, not a bulleted list.
    text = " ".join(page.read_text(encoding="utf-8").split())
    assert "you will be able to " in text
    assert "you will be able to: - " not in text
