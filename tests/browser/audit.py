"""Audits of a built page in a real Chromium, as plain functions returning problems.

Each `*_problems` function returns a list of strings, empty when the page is fine,
so the suite's tests and the planted-fault tests call the very same code.
`audit_page` loads one page in a fresh browser context (no cache) in one colour
scheme and runs them all; `serve` publishes a directory on 127.0.0.1 with gzip,
as GitHub Pages does, so the bytes counted are the bytes a reader downloads.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

HOST = "127.0.0.1"

# Chromium's flags for this machine: no sandbox (root in a container), and none of
# the background requests (updates, sync, safe browsing) that would be refused.
# Every host name but ours resolves to nothing, so a stray request fails at once
# instead of waiting on DNS; the request is still seen and reported.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE {HOST}",
]

# Everything a first visit to a page transfers (its HTML, the theme's CSS and JS,
# our stylesheet and script, the search worker, images) may weigh this many times
# what the bare theme's one-paragraph page transfers. The search index is held back
# until the reader reaches for search (docs/javascripts/extra.js), so it is not part
# of a page load; if it were fetched, it would count.
WEIGHT_BUDGET = 1.3
SEARCH_INDEX = "/search/search_index.json"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
_AXE = Axe()

# What gzip saves on a static host (GitHub Pages compresses these types).
_COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg)")


# --------------------------------------------------------------------------- server


class _Handler(SimpleHTTPRequestHandler):
    """Serve files like a static host: gzip for text when the browser asks."""

    def log_message(self, format, *args):  # the stdlib signature; say nothing
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (os.path.isfile(path) and wants_gzip and _COMPRESSIBLE.match(ctype)):
            return super().do_GET()  # redirects, 404s, images, notebooks
        body = _gzipped(path, os.stat(path).st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


@functools.cache
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 and a free port; yield its base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = ThreadingHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ site discovery


class _ConfigLoader(yaml.SafeLoader):
    """Read mkdocs.yml without MkDocs: `!ENV [NAME, default]` gives the default."""


def _env_tag(loader, node):
    if isinstance(node, yaml.SequenceNode):
        values = loader.construct_sequence(node)
        return os.environ.get(values[0], values[-1] if len(values) > 1 else None)
    return os.environ.get(loader.construct_scalar(node))


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    """Return mkdocs.yml as plain data."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)


def nav_files(nav) -> list[str]:
    """Every docs file the nav names, in nav order."""
    if isinstance(nav, str):
        return [] if "://" in nav else [nav]
    if isinstance(nav, list):
        return [f for item in nav for f in nav_files(item)]
    if isinstance(nav, dict):
        return [f for value in nav.values() for f in nav_files(value)]
    return []


def sitemap_paths(site: Path) -> list[str]:
    """The path of every page in the built sitemap, in its order ('/', '/notation/')."""
    root = ET.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [urlsplit(loc.text.strip()).path for loc in root.findall("s:url/s:loc", ns)]


def page_path(docs_file: str) -> str:
    """The URL path MkDocs gives a docs file with directory URLs ('a/b.md' -> '/a/b/')."""
    stem = re.sub(r"\.(md|ipynb|py)$", "", docs_file)
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return "/" + (stem + "/" if stem and not stem.endswith("/") else stem)


def on_server(base_url: str, path: str) -> str:
    """The URL of a site path on the local server."""
    base = urlsplit(base_url)
    return urlunsplit((base.scheme, base.netloc, path, "", ""))


def slug(path: str) -> str:
    """A file name for a page path: '/' -> 'home', '/labs/x/' -> 'labs-x'."""
    return path.strip("/").replace("/", "-") or "home"


# ------------------------------------------------------------------ colour schemes


def palette_value(config: dict, scheme: str) -> dict:
    """What Material stores in localStorage `__palette` for the named scheme."""
    palette = config["theme"].get("palette") or []
    for index, entry in enumerate(palette):
        if entry.get("scheme", "default") == scheme:
            keys = ("media", "scheme", "primary", "accent")
            return {"index": index, "color": {k: entry.get(k) for k in keys}}
    raise ValueError(f"mkdocs.yml has no palette entry with scheme {scheme!r}")


def palette_script(value: dict, scope: str = "/") -> str:
    """An init script that stores the palette before the page's own scripts run."""
    key = json.dumps(f"{scope}.__palette")
    return f"try {{ localStorage.setItem({key}, {json.dumps(json.dumps(value))}) }} catch (e) {{}}"


# ------------------------------------------------------------------ recording


@dataclass
class Recorder:
    """Every request, failure and console error of one browser context."""

    requests: list = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, context) -> None:
        context.on("request", lambda r: self.requests.append(r))
        context.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        context.on("page", self.watch)
        for page in context.pages:
            self.watch(page)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _console(self, message) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.console_errors.append(f"{message.text} [{where}]")


def network_problems(recorder: Recorder, host: str = HOST) -> list[str]:
    """Requests to another host, requests that failed, and HTTP errors."""
    problems = []
    for request in recorder.requests:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.hostname != host:
            problems.append(f"request to another host: {request.url}")
    problems += [f"failed request: {failure}" for failure in recorder.failed]
    for request in recorder.requests:
        response = request.response() if request.url.startswith("http") else None
        if response is not None and response.status >= 400:
            problems.append(f"HTTP {response.status}: {request.url}")
    return problems


def console_problems(recorder: Recorder) -> list[str]:
    """Console errors and uncaught exceptions."""
    return [f"console error: {text}" for text in recorder.console_errors] + [
        f"uncaught exception: {text}" for text in recorder.page_errors
    ]


def transferred(recorder: Recorder) -> list[tuple[str, int]]:
    """(url, bytes) of every response: headers plus the encoded (gzipped) body."""
    sizes = []
    for request in recorder.requests:
        if not request.url.startswith("http"):
            continue
        response = request.response()
        if response is None:
            continue
        size = request.sizes()
        body = size["responseBodySize"]
        if body <= 0:  # Chromium reports 0 for a worker's own script
            body = int(response.header_value("content-length") or 0)
        sizes.append((request.url, size["responseHeadersSize"] + body))
    return sizes


# ------------------------------------------------------------------ page checks

_RAW_TEX_JS = """
() => {
  // Text a reader can see, collapsed answers and inactive tabs included; code,
  // scripts, SVG and the search dialog are not prose.
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll(
    "pre, code, kbd, samp, script, style, svg, textarea, template, noscript, " +
    ".md-search, .md-code__nav"
  ).forEach(e => e.remove());
  clone.querySelectorAll(
    "p, li, td, th, h1, h2, h3, h4, h5, h6, dt, dd, div, summary, figcaption, br"
  ).forEach(e => e.after("\\n"));
  return clone.textContent;
}
"""

RAW_TEX = [
    re.compile(r"\$\$.+?\$\$", re.DOTALL),
    # pymdownx.arithmatex's inline rule: no space inside the dollars, none after.
    re.compile(r"(?<![\\\w$])\$(?![\s$])[^$\n]{1,300}?(?<![\s\\])\$(?!\d)"),
    re.compile(r"\\[(\[]|\\[)\]]"),
    re.compile(r"\\(?:begin|end)\{|\\[A-Za-z]{2,}"),
]

_REVEAL_JS = """
() => {
  // Open every collapsed answer and show every tab, so hidden content is checked.
  document.querySelectorAll("details").forEach(d => d.open = true);
  const style = document.createElement("style");
  style.textContent = ".tabbed-content > .tabbed-block { display: block !important }";
  document.head.append(style);
}
"""

_MATH_JS = """
() => {
  const out = {count: 0, empty: [], errors: [], untypeset: []};
  for (const svg of document.querySelectorAll(".math svg, .math-display svg")) {
    if (svg.closest(".math-sprite") || svg.classList.contains("math-sprite")) continue;
    out.count += 1;
    const r = svg.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0))
      out.empty.push(svg.getAttribute("aria-label") || svg.outerHTML.slice(0, 80));
  }
  for (const e of document.querySelectorAll(".math-error"))
    out.errors.push(e.textContent.trim());
  for (const e of document.querySelectorAll(".arithmatex"))
    out.untypeset.push(e.textContent.trim());
  return out;
}
"""

_DIAGRAM_JS = """
() => {
  const rgba = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const v = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (fg, bg) => fg.slice(0, 3).map((c, i) => c * fg[3] + bg[i] * (1 - fg[3]));
  const bg = rgba(getComputedStyle(document.body).backgroundColor) || [255, 255, 255, 1];
  const out = [];
  for (const svg of document.querySelectorAll("svg.diagram")) {
    const label = svg.getAttribute("aria-label") || "";
    const r = svg.getBoundingClientRect();
    const style = getComputedStyle(svg);
    const shown = r.width > 0 && r.height > 0 && style.visibility !== "hidden" &&
      style.display !== "none" && svg.checkVisibility({opacityProperty: true});
    let worst = null;
    for (const t of svg.querySelectorAll("text")) {
      const fill = rgba(getComputedStyle(t).fill);
      if (!fill || !t.textContent.trim()) continue;
      const a = lum(over(fill, bg)), b = lum(bg.slice(0, 3));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (worst === null || ratio < worst.ratio)
        worst = {ratio: Math.round(ratio * 100) / 100, text: t.textContent.trim()};
    }
    out.push({label, width: r.width, height: r.height, shown, worst});
  }
  return out;
}
"""

_COPY_JS = """
() => [...document.querySelectorAll(".md-content pre > code")].map(code => ({
  id: code.parentElement.id || code.textContent.trim().slice(0, 40),
  buttons: code.parentElement.querySelectorAll(
    "button.md-code__button[data-md-type=copy]").length,
}))
"""


def raw_tex_problems(page) -> list[str]:
    """TeX source showing as text: `$x$`, `\\(x\\)`, `\\frac` outside code."""
    text = page.evaluate(_RAW_TEX_JS)
    problems = []
    for pattern in RAW_TEX:
        for match in pattern.finditer(text):
            start, end = match.span()
            context = " ".join(text[max(0, start - 30) : end + 30].split())
            problems.append(f"raw TeX {match[0]!r} in text: …{context}…")
    return problems


_SETTLED_JS = """
() => [...document.querySelectorAll(".md-content pre > code")].every(
  code => code.scrollWidth <= code.clientWidth || code.hasAttribute("tabindex"))
"""


def reveal_hidden_content(page) -> None:
    """Open collapsed answers and show inactive tabs (changes the page's look).

    Material makes a code block that scrolls focusable once it sees it scroll;
    give it a moment for the blocks just shown (axe reports any it leaves out).
    """
    page.evaluate(_REVEAL_JS)
    try:
        page.wait_for_function(_SETTLED_JS, timeout=2_000)
    except PlaywrightTimeoutError:
        pass


def math_problems(page) -> list[str]:
    """Equations that did not typeset or take no space (call after revealing)."""
    found = page.evaluate(_MATH_JS)
    problems = raw_tex_problems(page)
    problems += [f"TeX error shown on the page: {e!r}" for e in found["errors"]]
    problems += [f"equation left untypeset: {e!r}" for e in found["untypeset"]]
    problems += [f"equation drawn with zero size: {e!r}" for e in found["empty"]]
    return problems


def diagram_problems(page, min_text_contrast: float = 4.5) -> list[str]:
    """Diagrams that are hidden, empty, unnamed or whose text fades into the page."""
    problems = []
    for d in page.evaluate(_DIAGRAM_JS):
        name = d["label"] or "(no aria-label)"
        if not d["label"]:
            problems.append("diagram without an accessible name (aria-label)")
        if not d["shown"]:
            problems.append(f"diagram not visible: {name} ({d['width']:.0f}x{d['height']:.0f} px)")
        worst = d["worst"]
        if worst and worst["ratio"] < min_text_contrast:
            problems.append(
                f"diagram text {worst['text']!r} in {name} has contrast "
                f"{worst['ratio']}:1 against the page, below {min_text_contrast}:1"
            )
    return problems


def copy_button_problems(page) -> list[str]:
    """Code blocks in the content without Material's copy button."""
    return [
        f"code block {block['id']!r} has no copy button"
        for block in page.evaluate(_COPY_JS)
        if block["buttons"] != 1
    ]


_SAMPLE_CODE_JS = """
() => {
  // Pygments gives every token its own <span>: a chapter holds thousands, in a
  // dozen colours, and axe's colour check costs ~3 ms an element. Keep one token
  // per distinct look (colour, background, font, opacity, shadow), which is all
  // contrast depends on, and turn the others into plain text: the code element's
  // own colour, which axe then checks too. (axe's `exclude` would cost more
  // than it saves: it tests every element against every excluded one.)
  const opaque = c => c !== "rgba(0, 0, 0, 0)" && c !== "transparent";
  const backgrounds = new Map();
  const backgroundOf = el => {
    const chain = [];
    let e = el, bg = "none";
    for (; e; e = e.parentElement) {
      if (backgrounds.has(e)) { bg = backgrounds.get(e); break; }
      chain.push(e);
      const c = getComputedStyle(e).backgroundColor;
      if (opaque(c)) { bg = c; break; }
    }
    chain.forEach(c => backgrounds.set(c, bg));
    return bg;
  };
  const seen = new Set();
  let tokens = 0;
  for (const span of document.querySelectorAll(".highlight code span, .highlight-ipynb span")) {
    if (span.children.length || !span.textContent.trim()) continue;
    tokens += 1;
    const s = getComputedStyle(span);
    const key = [s.color, backgroundOf(span), s.fontSize, s.fontWeight, s.opacity,
                 s.textShadow].join("|");
    if (seen.has(key)) span.replaceWith(span.textContent);
    else seen.add(key);
  }
  return {tokens, sampled: seen.size};
}
"""


def axe_violations(page, tags: list[str] = AXE_TAGS) -> list[dict]:
    """axe-core's violations for the whole page: every rule with one of `tags`.

    Code tokens that look exactly like one already seen become plain text first
    (see `_SAMPLE_CODE_JS`); every other element is checked as it is.
    """
    page.evaluate(_SAMPLE_CODE_JS)
    if not page.evaluate("typeof axe === 'object'"):
        page.evaluate(_AXE.axe_script)
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    return page.evaluate("o => axe.run(o)", options)["violations"]


def axe_problems(page, tags: list[str] = AXE_TAGS) -> list[str]:
    """One line per axe violation: rule, impact, the first elements and why."""
    problems = []
    for v in axe_violations(page, tags):
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        why = " ".join(v["nodes"][0].get("failureSummary", "").split())
        problems.append(
            f"axe {v['id']} ({v['impact']}, {len(targets)} element(s): "
            f"{', '.join(targets[:3])}): {v['help']}. {why}"
        )
    return problems


# ------------------------------------------------------------------ one page


@dataclass
class PageReport:
    """Everything the audit found on one page in one colour scheme."""

    url: str
    scheme: str
    network: list[str]
    console: list[str]
    math: list[str]
    diagrams: list[str]
    code: list[str]
    axe: list[str]
    responses: list[tuple[str, int]]
    equations: int
    diagram_count: int
    code_blocks: int
    screenshot: Path | None

    @property
    def transferred(self) -> int:
        return sum(size for _, size in self.responses)

    @property
    def html_bytes(self) -> int:
        """The page's own HTML: its text, equations, diagrams and code."""
        return sum(size for url, size in self.responses if url == self.url)

    @property
    def fetched_search_index(self) -> bool:
        return any(urlsplit(url).path == SEARCH_INDEX for url, _ in self.responses)

    @property
    def problems(self) -> list[str]:
        return self.network + self.console + self.math + self.diagrams + self.code + self.axe


def weight_problems(report: PageReport, bare: PageReport, budget: float) -> list[str]:
    """The page's bytes over `budget` times the bare theme page's, with what weighs most."""
    limit = budget * bare.transferred
    if report.transferred <= limit:
        return []
    heaviest = sorted(report.responses, key=lambda r: -r[1])[:6]
    return [
        f"{report.transferred:,} bytes transferred, over {budget} x the bare "
        f"theme page's {bare.transferred:,} = {limit:,.0f}. Heaviest: "
        + "; ".join(f"{urlsplit(url).path} {size:,}" for url, size in heaviest)
    ]


def new_context(browser, config: dict, scheme: str):
    """A fresh context (empty cache and storage) showing the site in `scheme`."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(palette_script(palette_value(config, scheme)))
    return context


def audit_page(
    browser,
    url: str,
    config: dict,
    scheme: str,
    screenshot: Path | None = None,
) -> PageReport:
    """Load `url` in a fresh context in `scheme` ('default' or 'slate'); check it all.

    The screenshot shows the page as loaded, before collapsed answers and
    inactive tabs are opened for the checks.
    """
    context = new_context(browser, config, scheme)
    recorder = Recorder()
    recorder.attach(context)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        shown = page.evaluate("document.body.dataset.mdColorScheme")
        scheme_problems = (
            [] if shown == scheme else [f"page shows scheme {shown!r}, not {scheme!r}"]
        )
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=screenshot, full_page=True)
        counts = page.evaluate(
            """() => [
              document.querySelectorAll('.math svg, .math-display svg').length,
              document.querySelectorAll('svg.diagram').length,
              document.querySelectorAll('.md-content pre > code').length]"""
        )
        reveal_hidden_content(page)
        math = math_problems(page)
        diagrams = diagram_problems(page)
        code = copy_button_problems(page)
        axe = axe_problems(page)
        return PageReport(
            url=url,
            scheme=scheme,
            # Read last, so a late console error or request still counts.
            network=network_problems(recorder),
            console=console_problems(recorder) + scheme_problems,
            math=math,
            diagrams=diagrams,
            code=code,
            axe=axe,
            responses=transferred(recorder),
            equations=counts[0],
            diagram_count=counts[1],
            code_blocks=counts[2],
            screenshot=screenshot,
        )
    finally:
        context.close()


# ------------------------------------------------------------------ bare theme


def build_bare_site(config: dict, workdir: Path) -> Path:
    """Build one short page with the project's theme settings and nothing else.

    Same `theme:` block (font, features, palette, icons) and the search plugin,
    which every Material site has; no extra CSS, hooks or Markdown extensions.
    """
    # The theme alone: no template overrides, and Material's own favicon.
    theme = {k: v for k, v in config["theme"].items() if k not in {"custom_dir", "favicon"}}
    bare = {
        "site_name": "Bare",
        "site_url": "http://127.0.0.1:8000/",
        "theme": theme,
        "plugins": ["search"],
        "nav": [{"Home": "index.md"}],
    }
    docs = workdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text(
        "# Bare\n\nOne short paragraph of text, the theme and nothing else.\n"
    )
    (workdir / "mkdocs.yml").write_text(yaml.safe_dump(bare, sort_keys=False))
    site = workdir / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
        cwd=workdir,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bare Material build failed:\n{result.stderr}")
    return site


def copy_site(site: Path, target: Path) -> Path:
    """Copy a built site (without source maps) to plant faults in the copy."""
    shutil.copytree(site, target, ignore=shutil.ignore_patterns("*.map"))
    return target
