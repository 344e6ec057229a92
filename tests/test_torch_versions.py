"""The site says which torch it is verified on, and that is what the checks run.

The pin (constraints.txt) is what `make test` and the workflows install; the
newest release (.github/torch-newest/requirements.txt) is what CI's
`make torch-version` job runs every chapter and lab on. The home page, the
footer on every page and the README name both.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pin(path: str) -> str:
    return re.search(r"^torch==(\S+)$", (ROOT / path).read_text(), re.M)[1]


PINNED = pin("constraints.txt")
NEWEST = pin(".github/torch-newest/requirements.txt")


def test_the_newest_release_is_not_older_than_the_pin():
    from packaging.version import Version

    assert Version(NEWEST) >= Version(PINNED)


@pytest.mark.parametrize("path", ["docs/index.md", "mkdocs.yml", "README.md"])
def test_the_site_names_both_versions_it_is_verified_on(path):
    text = (ROOT / path).read_text()
    said = rf"verified on torch\s+{re.escape(PINNED)}\b.{{0,60}}?\b{re.escape(NEWEST)}\b"
    assert re.search(said, text, re.S), (
        f"{path} must say it is verified on torch {PINNED} and {NEWEST}"
    )


@pytest.mark.parametrize("workflow", ["ci.yml", "pages.yml"])
def test_the_workflows_install_the_pinned_cpu_wheel(workflow):
    text = (ROOT / ".github" / "workflows" / workflow).read_text()
    assert f"torch=={PINNED}" in text
