"""The "Common mistakes" page gathers every mistake the chapters reproduce.

Each chapter reproduces a mistake under a heading `### Mistake: ... {#mistake-...}`
with the public source it was seen in, the broken code and the fix. The page
docs/mistakes.md links to every one of them, cites the same source, and holds at
least 25 distinct mistakes (issue 15).
"""

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
HEADING = re.compile(r"^### Mistake: .+? \{#(mistake-[\w-]+)\}\s*$", re.M)
LINK = re.compile(r"\]\(([\w-]+\.md)#(mistake-[\w-]+)\)")
URL = re.compile(r"\]\((https?://[^)\s]+)\)")


def sections():
    """{(page, anchor): the Markdown from the mistake's heading to the next heading}."""
    found = {}
    for page in sorted(DOCS.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        for match in HEADING.finditer(text):
            rest = text[match.end() :]
            end = re.search(r"^#{1,3} ", rest, re.M)
            found[(page.name, match.group(1))] = rest[: end.start() if end else None]
        assert page.name != "mistakes.md" or not HEADING.search(text)
    return found


SECTIONS = sections()
PAGE = (DOCS / "mistakes.md").read_text(encoding="utf-8")
# One entry per bullet: its links to chapters and the sources it cites.
ENTRIES = [entry for entry in re.split(r"^- ", PAGE, flags=re.M)[1:] if LINK.search(entry)]


def test_the_page_holds_at_least_25_distinct_mistakes():
    assert len(ENTRIES) >= 25


def test_every_reproduced_mistake_is_on_the_page_and_every_link_reaches_one():
    linked = {link for entry in ENTRIES for link in LINK.findall(entry)}
    assert linked == set(SECTIONS)


@pytest.mark.parametrize("key", sorted(SECTIONS), ids="#".join)
def test_each_mistake_is_run_and_fixed_with_its_source_named(key):
    section = SECTIONS[key]
    assert re.search(r"^Seen in:? .*\]\(https?://", section, re.M), f"{key}: no 'Seen in' source"
    # tests/test_fences.py checks that every block checks something.
    assert re.search(r"^ *```python\n", section, re.M), f"{key}: nothing is run"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: LINK.search(entry).group(2))
def test_the_page_cites_the_source_the_chapter_cites(entry):
    cited = set(URL.findall(entry))
    assert cited, "every entry names its source"
    for page, anchor in LINK.findall(entry):
        assert cited & set(URL.findall(SECTIONS[(page, anchor)])), (
            f"{page}#{anchor}: the page cites {sorted(cited)}, the chapter another source"
        )
