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
# `make test` builds the site once and points every test at it; run alone, this
# file builds its own copy.
BUILT = os.environ.get("RNN_GUIDE_SITE")
# The math font make installs; the tests run after set-up, so make is told it is there.
FONT = re.search(r"^FONT\s*:=\s*(\S+)", (ROOT / "Makefile").read_text(), re.M)[1]


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    """Build with `make build`, the one recipe that CI and Pages ship with.

    Set-up and the math font are taken as done (`-o`): the tests run after them.
    Run from the root so the math and notebook caches in .cache/ are shared.
    """
    command = [
        "make", "--no-print-directory", "-s", "-o", ".venv/.installed", "-o", FONT, "build",
        f"BIN={Path(sys.executable).parent}", f"CONFIG_FILE={config}", f"SITE_DIR={site}",
    ]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    if BUILT:
        site = Path(BUILT)
        assert (site / "sitemap.xml").is_file(), f"RNN_GUIDE_SITE={BUILT} is not a built site"
        return site
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    return site


def planted_site(work: Path, index_text: str) -> subprocess.CompletedProcess:
    """Build a two-page site: the home page with `index_text`, a short Notation."""
    docs = work / "docs"
    docs.mkdir()
    (docs / "notation.md").write_text("---\ndescription: Notation.\n---\n\n# Notation\n\nText.\n")
    for keep in ("figures", "stylesheets", "javascripts", "images"):
        source = ROOT / "docs" / keep
        (shutil.copytree if source.is_dir() else shutil.copy)(source, docs / keep)
    (docs / "index.md").write_text(index_text)
    # Paths mkdocs.yml names relative to itself.
    for shared in ("hooks", "overrides", "rnn_guide", "rnn_guide_site", "node_modules"):
        if (ROOT / shared).exists():
            (work / shared).symlink_to(ROOT / shared)
    (work / "mkdocs.yml").write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nnav: [index.md, notation.md]\n"
        "validation: {omitted_files: ignore}\n"
    )
    return mkdocs_build(work / "mkdocs.yml", work / "site")


@pytest.fixture(scope="module")
def planted_build(tmp_path_factory) -> subprocess.CompletedProcess:
    """A broken link, a broken anchor and bad TeX."""
    return planted_site(
        tmp_path_factory.mktemp("planted"),
        "# Home\n\n[a page that is not there](no-such-page.md)\n"
        "\n[an anchor that is not there](notation.md#no-such-heading)\n"
        "\nA fraction with one argument: $\\frac{a}$.\n",
    )


@pytest.fixture(scope="module")
def diagram_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """Diagrams on a page at the site root: with a title, with attributes, and one
    written as raw HTML, which no Markdown extension sees."""
    work = tmp_path_factory.mktemp("diagrams")
    result = planted_site(
        work,
        "# Home\n\n![plain](figures/unrolled.svg)\n\n"
        '![titled](figures/unrolled.svg "a title")\n\n'
        '![sized](figures/unrolled.svg){ width="300" }\n\n'
        '<p><img alt="raw" src="figures/unrolled.svg"></p>\n',
    )
    return result, work / "site"


def test_the_site_builds_strictly(site):
    assert (site / "index.html").is_file()
    assert (site / "notation" / "index.html").is_file()


def test_make_build_is_strict_and_never_quiet():
    """`--quiet` switches MkDocs 1.6's strict count off (mkdocs/mkdocs#4126)."""
    recipe = re.search(r"^build:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M)[1]
    assert "mkdocs build --strict" in recipe
    assert not re.search(r"\s(-q|--quiet)\b", recipe), recipe


def test_nothing_ships_a_build_but_make_build():
    """CI, Pages, the benchmarks and the tests build the site through `make build`,
    so a check of the build checks what is published. The one other build is the
    bare Material site that the browser budget compares against."""
    builds = re.compile(r"mkdocs\b[\"', ]+build\b")
    places = [*(ROOT / ".github").rglob("*.yml"), *(ROOT / "tests").rglob("*.py")]
    found = {
        str(path.relative_to(ROOT))
        for path in places
        for line in path.read_text().splitlines()
        if builds.search(line) and not line.lstrip().startswith("#")
    } - {"tests/test_site.py"}  # this file names the command to look for it
    assert found <= {"tests/browser/audit.py"}, found


def test_a_broken_link_fails_the_strict_build(planted_build):
    assert planted_build.returncode != 0
    assert "no-such-page.md" in planted_build.stderr


def test_a_broken_anchor_fails_the_strict_build(planted_build):
    assert planted_build.returncode != 0
    assert "#no-such-heading" in planted_build.stderr


def test_a_tex_error_fails_the_strict_build(planted_build):
    assert planted_build.returncode != 0
    assert "TeX error" in planted_build.stderr and "\\\\frac{a}" in planted_build.stderr


_DIAGRAM_IMG = re.compile(r'<img\b[^>]*\bsrc="[^"]*figures/[^"]+\.svg"[^>]*>')


def diagrams_left_as_images(site: Path) -> dict[str, list[str]]:
    """Every diagram a built page shows as an <img>, which cannot follow the theme."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        if images := _DIAGRAM_IMG.findall(page.read_text(encoding="utf-8")):
            found[str(page.relative_to(site))] = images
    return found


def test_every_diagram_is_inlined(site):
    assert diagrams_left_as_images(site) == {}


def test_diagrams_at_the_root_with_titles_or_attributes_are_inlined(diagram_build):
    result, site = diagram_build
    assert result.returncode == 0, result.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    for alt in ("plain", "titled", "sized"):
        assert f'<svg class="diagram" role="img" aria-label="{alt}"' in page
    assert 'width="300"' in page


def test_a_planted_diagram_left_as_an_image_is_found(diagram_build):
    _, site = diagram_build
    assert list(diagrams_left_as_images(site)) == ["index.html"]
    assert 'alt="raw"' in diagrams_left_as_images(site)["index.html"][0]


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


def test_equations_are_mathml_written_at_build_time(site):
    page = (site / "notation" / "index.html").read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", page, re.S)[0]
    assert "<math><msub>" in article
    assert "$" not in re.sub(r"<(pre|code)\b.*?</\1>", "", article, flags=re.S)
    assert "mathjax" not in page.lower() and "katex" not in page.lower()


def test_the_math_font_is_served_once_for_every_page(site):
    font = site / "fonts" / "stix-two-math.woff2"
    assert font.is_file() and 2_000 < font.stat().st_size < 60_000
    assert (site / "fonts" / "OFL.txt").is_file()  # the font's licence travels with it
    css = (site / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    assert 'url("../fonts/stix-two-math.woff2")' in css


def test_every_page_has_a_description_of_its_own(site):
    descriptions = {}
    for page in sorted(site.rglob("index.html")):
        if page.parent.name == "404":
            continue
        match = re.search(r'<meta name="description" content="([^"]*)"', page.read_text())
        descriptions[str(page.relative_to(site))] = match[1] if match else None
    missing = [p for p, d in descriptions.items() if not d]
    assert missing == []
    shared = {d for d in descriptions.values() if list(descriptions.values()).count(d) > 1}
    assert shared == set(), {p: d for p, d in descriptions.items() if d in shared}
