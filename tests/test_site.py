"""The site's toolchain: strict builds fail on what a reader would trip over, and
the built site loads nothing from another host and publishes nothing it shouldn't."""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "http://127.0.0.1:8000/"}


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    # Run from the root so the math and notebook caches in .cache/ are shared.
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def planted_build(tmp_path_factory) -> subprocess.CompletedProcess:
    """Build a copy of the docs with a broken link, a broken anchor and bad TeX."""
    work = tmp_path_factory.mktemp("planted")
    shutil.copytree(ROOT / "docs", work / "docs")
    for shared in ("hooks", "overrides", "rnn_guide"):  # paths mkdocs.yml names relative to itself
        (work / shared).symlink_to(ROOT / shared)
    (work / "mkdocs.yml").write_text(f"INHERIT: {ROOT / 'mkdocs.yml'}\n")
    index = work / "docs" / "index.md"
    index.write_text(
        index.read_text()
        + "\n[a page that is not there](no-such-page.md)\n"
        + "\n[an anchor that is not there](notation.md#no-such-heading)\n"
        + "\nA fraction with one argument: $\\frac{a}$.\n"
    )
    return mkdocs_build(work / "mkdocs.yml", work / "site")


def test_the_site_builds_strictly(site):
    assert (site / "index.html").is_file()
    assert (site / "notation" / "index.html").is_file()


def test_a_broken_link_fails_the_strict_build(planted_build):
    assert planted_build.returncode != 0
    assert "no-such-page.md" in planted_build.stderr


def test_a_broken_anchor_fails_the_strict_build(planted_build):
    assert planted_build.returncode != 0
    assert "#no-such-heading" in planted_build.stderr


def test_a_tex_error_fails_the_strict_build(planted_build):
    assert planted_build.returncode != 0
    assert "TeX error in index.md" in planted_build.stderr


class _Loads(HTMLParser):
    """Collect every URL a browser would fetch while loading a page."""

    LOADING = {
        ("script", "src"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
    }
    LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for t, attr in self.LOADING:
            if tag == t and attrs.get(attr):
                self.urls.append(attrs[attr])
        if tag == "link" and self.LINK_RELS & set((attrs.get("rel") or "").split()):
            self.urls.append(attrs.get("href") or "")
        if "style" in attrs:
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"] or "")


def third_party(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).netloc or u.startswith("//")]


def test_no_page_loads_anything_from_another_host(site):
    offenders = {}
    for page in site.rglob("*.html"):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        if found := third_party(parser.urls):
            offenders[str(page.relative_to(site))] = found
    assert offenders == {}


def test_no_stylesheet_imports_from_another_host(site):
    offenders = {}
    for sheet in site.rglob("*.css"):
        urls = re.findall(r"(?:url\(|@import\s+)['\"]?([^'\")\s;]+)", sheet.read_text())
        if found := [u for u in third_party(urls) if not u.startswith("data:")]:
            offenders[str(sheet.relative_to(site))] = found
    assert offenders == {}


def test_the_third_party_check_sees_a_planted_script():
    parser = _Loads()
    parser.feed('<script src="https://cdn.example.com/x.js"></script><img src="figures/a.svg">')
    assert third_party(parser.urls) == ["https://cdn.example.com/x.js"]


def test_nothing_test_related_is_published(site):
    published = [p.name for p in site.rglob("*")]
    assert "conftest.py" not in published
    assert "__pycache__" not in published
    assert [p for p in published if p.endswith((".py", ".pyc"))] == []


def test_equations_are_typeset_at_build_time(site):
    page = (site / "notation" / "index.html").read_text(encoding="utf-8")
    assert 'class="arithmatex"' not in page
    assert '<span class="math"><svg' in page
    assert "mathjax" not in page.lower() and "katex" not in page.lower()
