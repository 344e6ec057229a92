"""The checks of one loaded page, as plain functions returning problems.

Each `*_problems` function takes a Playwright page and returns a list of strings,
empty when the page is fine, so the suite and the planted-fault tests call the
very same code. The JavaScript each one runs is in js/, one file a check.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

JS = Path(__file__).resolve().parent / "js"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# What a second colour scheme can change: colours. Its load runs only these.
CONTRAST = "color-contrast"
AXE_COLOUR_RULES = [CONTRAST, "link-in-text-block"]
_AXE = Axe()

MIN_LABEL_PX = 11.0  # a diagram's smallest label as drawn, on any screen


@functools.cache
def js(name: str) -> str:
    """The source of js/<name>.js: one function expression."""
    return (JS / f"{name}.js").read_text(encoding="utf-8")


RAW_TEX = [
    re.compile(r"\$\$.+?\$\$", re.DOTALL),
    # pymdownx.arithmatex's inline rule: no space inside the dollars, none after.
    re.compile(r"(?<![\\\w$])\$(?![\s$])[^$\n]{1,300}?(?<![\s\\])\$(?!\d)"),
    re.compile(r"\\[(\[]|\\[)\]]"),
    re.compile(r"\\(?:begin|end)\{|\\[A-Za-z]{2,}"),
]


def tex_in(text: str) -> list[str]:
    """Every piece of TeX source in `text`, with a little context."""
    found = []
    for pattern in RAW_TEX:
        for match in pattern.finditer(text):
            start, end = match.span()
            context = " ".join(text[max(0, start - 30) : end + 30].split())
            found.append(f"{match[0]!r} in …{context}…")
    return found


def raw_tex_problems(page) -> list[str]:
    """TeX source showing as text: `$x$`, `\\(x\\)`, `\\frac` outside code."""
    return [f"raw TeX {found} in text" for found in tex_in(page.evaluate(js("visible_text")))]


def reveal_hidden_content(page) -> None:
    """Open collapsed answers and show inactive tabs (changes the page's look),
    then mount every code block.

    extra.js makes a code block that scrolls focusable; give it a moment for
    the blocks just shown (axe reports any it leaves out). Material mounts a
    block's copy button only once the block is in view (content.lazy), and
    extra.js measures it only then: the viewport is made as tall as the page
    for as long as it takes every block to get one, and put back.
    """
    page.evaluate(js("reveal"))
    # The answers' toggle events run extra.js's measuring again: let them.
    page.evaluate("() => new Promise(done => setTimeout(done, 50))")
    try:
        page.wait_for_function(js("settled"), timeout=2_000)
    except PlaywrightTimeoutError:
        pass
    size = page.viewport_size
    height = page.evaluate("document.documentElement.scrollHeight")
    if height <= size["height"]:
        return
    try:
        # A code block off the screen is not laid out (extra.css,
        # content-visibility) and holds a guessed height; drawn, the page grows,
        # so the viewport grows with it until every block is in view.
        for _ in range(5):
            page.set_viewport_size({"width": size["width"], "height": height})
            try:
                page.wait_for_function(js("mounted"), timeout=1_000)
                break
            except PlaywrightTimeoutError:
                height = page.evaluate("document.documentElement.scrollHeight")
    finally:
        page.set_viewport_size(size)  # copy_button_problems names any block left out


def math_problems(page) -> tuple[list[str], int]:
    """Equations that show TeX, an error or no size, or miss the math font; and
    how many equations the page has (call after revealing)."""
    found = page.evaluate(js("maths"))
    problems = raw_tex_problems(page)
    problems += [f"TeX error shown on the page: {e!r}" for e in found["errors"]]
    problems += [f"equation drawn with zero size: {e!r}" for e in found["empty"]]
    if found["count"]:
        if not (found["font"] or "").startswith('"STIX Two Math"'):
            problems.append(f"maths not set in STIX Two Math but in {found['font']}")
        if not found["fontLoaded"]:
            problems.append("the math font STIX Two Math did not load")
    return problems, found["count"]


def accessibility_tree(page) -> list[dict]:
    """Chromium's full accessibility tree of the page, as the DevTools protocol gives it."""
    session = page.context.new_cdp_session(page)
    try:
        session.send("Accessibility.enable")
        return session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()


def accessibility_problems(page, equations: int) -> list[str]:
    """Each equation is maths in the accessibility tree (role "math"), and no name
    or text there is TeX source (call after revealing)."""
    nodes = accessibility_tree(page)
    problems = []
    # Chromium's role for <math> is its internal MathMLMath (ARIA's "math").
    roles = [(n.get("role") or {}).get("value") for n in nodes]
    maths = [r for r in roles if r in ("math", "MathMLMath")]
    if len(maths) < equations:
        problems.append(
            f"{equations} equations on the page, {len(maths)} exposed as maths "
            "in the accessibility tree"
        )
    if maths and not any(str(r).startswith("MathML") and r != "MathMLMath" for r in roles):
        problems.append("the equations' MathML elements are missing from the accessibility tree")
    # No alttext or aria-label on an equation (reader review, section 6): a
    # screen reader hears the MathML itself, with its structure (sub, frac,
    # table); a name would be a flat string read instead of it, and the only
    # flat form the build has is the TeX, which is never a name (below).
    # alttext is not MathML Core; every browser the site supports draws MathML.
    named = page.evaluate(
        """() => [...document.querySelectorAll('math[alttext], math[aria-label]')]
          .map(m => m.getAttribute('alttext') || m.getAttribute('aria-label'))"""
    )
    problems += [f"an equation named by alttext or aria-label: {n[:40]!r}" for n in named]
    # An equation's name, like an image's, is what a screen reader says for it:
    # never TeX. (TeX shown as text is raw_tex_problems' business.)
    for node in nodes:
        role = (node.get("role") or {}).get("value")
        if role in ("StaticText", "InlineTextBox", "code", "RootWebArea"):
            continue
        name = str((node.get("name") or {}).get("value") or "")
        problems += [f"TeX in the name of a {role}: {found}" for found in tex_in(name)]
    return problems


def diagram_problems(page, min_text_contrast: float = 4.5, min_label_px: float = 0) -> list[str]:
    """Diagrams that are hidden, unnamed, whose text fades into the page or, with
    `min_label_px`, whose smallest label is drawn smaller than that."""
    problems = []
    for d in page.evaluate(js("diagrams")):
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
        small = d["smallest"]
        if small and small["px"] < min_label_px:
            problems.append(
                f"diagram label {small['text']!r} in {name} is drawn {small['px']} px "
                f"high, below {min_label_px} px"
            )
    return problems


def code_blocks(page) -> list[dict]:
    return page.evaluate(js("copy_buttons"))


def copy_button_problems(page, blocks: list[dict] | None = None) -> list[str]:
    """Code blocks without exactly one copy button, or whose text passes under it."""
    problems = []
    for block in blocks if blocks is not None else code_blocks(page):
        if block["buttons"] != 1:
            problems.append(f"code block {block['id']!r} has {block['buttons']} copy buttons")
        if block["under"]:
            problems.append(f"code block {block['id']!r}: text passes under the copy button")
    return problems


def layout_problems(page) -> list[str]:
    """What a narrow screen gets wrong: the page scrolling sideways, a wide equation
    that is cut off, a table that breaks identifiers, a box that scrolls sideways
    with no sign that it does or out of a keyboard's reach."""
    found = page.evaluate(js("layout"))
    problems = []
    if found["pageScrolls"]:
        problems.append(f"the page scrolls sideways; wider than the screen: {found['wide'][:5]}")
    for eq in found["equations"]:
        if eq["wider"] and not (eq["scrolls"] and eq["focusable"]):
            problems.append(f"wide equation {eq['text']!r} does not scroll in its own box")
    for table in found["tables"]:
        if table["broken"]:
            problems.append(f"table breaks identifiers mid-word: {table['broken'][:3]}")
    return problems + scroll_hint_problems(page)


def scroll_hint_problems(page) -> list[str]:
    """Boxes that scroll sideways with no line saying so, or that a keyboard cannot reach."""
    problems = []
    for box in page.evaluate(js("scroll_hints")):
        if not box["hint"]:
            problems.append(
                f"{box['what']} {box['text']!r} scrolls sideways with no sign that it does"
            )
        if not box["focusable"]:
            problems.append(f"{box['what']} {box['text']!r} scrolls but a keyboard cannot reach it")
    return problems


def offscreen_code_problems(page) -> list[str]:
    """Code blocks far below the first screen that were laid out or measured at
    load: on a phone that was most of a chapter's load time (call on arrival)."""
    found = page.evaluate(js("offscreen_code"))
    problems = [f"code block far below the screen laid out at load: {t!r}" for t in found["drawn"]]
    problems += [
        f"code block far below the screen measured at load: {t!r}" for t in found["measured"]
    ]
    return problems


def punctuation_problems(page) -> list[str]:
    """Punctuation that starts a line right after an inline equation."""
    return [
        f"punctuation after inline maths starts a line: {text!r}"
        for text in page.evaluate(js("punctuation"))
    ]


def answer_size_problems(page) -> list[str]:
    """Opened answers whose text or code is set smaller than the body's (on a
    phone, where Material's admonition size is small to read; call after revealing)."""
    found = page.evaluate(js("answer_sizes"))
    body, problems = found["body"], []
    for answer in found["answers"]:
        if body["text"] and answer["px"] < body["text"] - 0.5:
            problems.append(
                f"answer text {answer['text']!r} is {answer['px']} px, body text {body['text']} px"
            )
        if body["code"] and answer["code"] and answer["code"] < body["code"] - 0.5:
            problems.append(
                f"answer code in {answer['text']!r} is {answer['code']} px, "
                f"body code {body['code']} px"
            )
    return problems


def line_spacing(page) -> dict:
    """Median distance between lines, in paragraphs with inline maths and without,
    and the paragraphs with maths whose lines are further apart than their own
    line height."""
    found = page.evaluate(js("line_heights"))
    median = {"uneven": found["uneven"]}
    for key in ("withMaths", "without"):
        gaps = sorted(found[key])
        median[key] = gaps[len(gaps) // 2] if gaps else None
    return median


def line_spacing_problems(spacing: dict) -> list[str]:
    return [
        f"a line with inline maths is {u['gap']} px below the one before, the paragraph's "
        f"line height is {u['height']} px: {u['text']!r}"
        for u in spacing.get("uneven", [])
    ]


def axe_violations(page, tags: list[str] = AXE_TAGS, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations: every rule with one of `tags`, or only `rules`.

    Code tokens that look exactly like one already seen become plain text first
    (js/sample_code.js); every other element is checked as it is by every rule
    but color-contrast. That one runs last, on one text element per distinct
    look (js/sample_looks.js): the others are hidden, their boxes kept.
    """
    page.evaluate(js("sample_code"))
    if not page.evaluate("typeof axe === 'object'"):
        page.evaluate(_AXE.axe_script)
    contrast = rules is None or CONTRAST in rules
    if rules:
        others = [r for r in rules if r != CONTRAST]
        first = {"runOnly": {"type": "rule", "values": others}} if others else None
    else:
        first = {
            "runOnly": {"type": "tag", "values": tags},
            "rules": {CONTRAST: {"enabled": False}},
        }
    # axe preloads the stylesheets and media for the rules that read them
    # (css-orientation-lock, no-autoplay-audio); the colour rules read neither,
    # and a run of them alone skips that (a tenth of a second a run).
    reads_cssom = rules is None
    violations = []
    if first:
        options = {**first, "resultTypes": ["violations"], "preload": reads_cssom}
        violations += page.evaluate("o => axe.run(o)", options)["violations"]
    if contrast:
        page.evaluate(js("sample_looks"))
        options = {
            "runOnly": {"type": "rule", "values": [CONTRAST]},
            "resultTypes": ["violations"],
            "preload": False,
        }
        result = page.evaluate("o => axe.run(o)", options)
        violations += result["violations"]
        # axe stops a rule that throws and files it as incomplete: no element
        # of the page is checked, silently. Its grid of boxes missing an
        # element does it (text inside an element sample_looks had hidden did,
        # before that was fixed; dequelabs/axe-core#4555 shows another cause).
        for rule in result["incomplete"]:
            if rule.get("error"):
                message = str(rule["error"].get("message", rule["error"]))
                nodes = [{**n, "failureSummary": message} for n in rule["nodes"]]
                violations.append({**rule, "help": "axe could not run this rule", "nodes": nodes})
    return violations


def axe_problems(page, tags: list[str] = AXE_TAGS, rules: list[str] | None = None) -> list[str]:
    """One line per axe violation: rule, impact, the first elements and why."""
    problems = []
    for v in axe_violations(page, tags, rules):
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
        why = " ".join(v["nodes"][0].get("failureSummary", "").split())
        problems.append(
            f"axe {v['id']} ({v['impact']}, {len(targets)} element(s): "
            f"{', '.join(targets[:3])}): {v['help']}. {why}"
        )
    return problems
