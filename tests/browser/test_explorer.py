"""The shape explorer (docs/explorer.md) says exactly what `rnn_guide.explain_shapes`
says, for every layer kind it offers: proven in a real Chromium on the built site.

    make build
    .venv/bin/python -m pytest -q tests/browser/test_explorer.py

Seeded random configurations are set in the page's controls, as a reader sets
them, and every row of the table (name, shape, formula), the letters' values and
the parameter count are compared with `explain_shapes` of the real module and
input, and with the real module itself (`named_parameters()`, one call, and
`sum(p.numel())`), in the same run. The Python the page offers to copy is run
too. Deep stacks, whose layers above the first the page lists once with the
range of their names, are expanded and compared the same way. Settings at and
just past PyTorch's limits (a size must fit a 64-bit integer, a tensor's bytes
too) are set in the page and asked of torch on the meta device: the page
refuses exactly what torch refuses, in torch's words. Every input of the
reader review's stress test (issue 23) is timed in the page: the blocking work
of one update stays under a frame budget. A copy of the site with a bug
planted in `explorer.js` must fail the same comparison. The server, the
browser and the built site are the suite's own (conftest.py, server.py,
site_pages.py).
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import torch
from axe_playwright_python.sync_playwright import Axe
from server import serve
from site_pages import load_config, palette_script, palette_value
from torch import nn

from rnn_guide import explain_shapes, parameter_count

PAGE = "explorer/"
SCRIPT = "javascripts/explorer.js"
HOST = "127.0.0.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SIZES = ("input_size", "hidden_size", "num_layers", "proj_size", "L", "N")
FLAGS = ("bias", "batch_first", "bidirectional")


# --------------------------------------------------------------- layer kinds


def explain_shapes_takes(kind: str) -> bool:
    """Whether this rnn_guide's explain_shapes explains an nn.<kind>."""
    try:
        explain_shapes(getattr(nn, kind)(2, 3), torch.zeros(4, 1, 2))
    except TypeError:
        return False
    return True


# The explorer offers all three kinds, and rnn_guide explains all three (since
# rnn-core's LSTM/GRU work, issue 13): every kind is compared with explain_shapes
# row for row, and with the real module. Should explain_shapes stop taking one,
# test_explain_shapes_covers_every_kind_the_explorer_offers fails: nothing is
# skipped. (A kind it does not take would still be checked against the real
# module's shapes and count, and its formulas evaluated.)
OFFERED = ("RNN", "LSTM", "GRU")
EXPLAINED = tuple(kind for kind in OFFERED if explain_shapes_takes(kind))


# --------------------------------------------------------------- configurations


def random_configs(seed: int, count: int) -> list[dict]:
    """`count` valid settings of the explorer's every field, drawn from `seed`."""
    rng = random.Random(seed)
    configs = []
    for i in range(count):
        mode = OFFERED[i % len(OFFERED)]
        hidden = rng.randint(1, 12)
        proj = 0
        if mode == "LSTM" and hidden > 1 and rng.random() < 0.5:
            proj = rng.randint(1, hidden - 1)
        configs.append(
            {
                "mode": mode,
                "input_size": rng.randint(1, 12),
                "hidden_size": hidden,
                "num_layers": rng.randint(1, 4),
                "proj_size": proj,
                "L": rng.randint(1, 7),
                "N": rng.randint(0, 5),
                "bias": rng.random() < 0.5,
                "batch_first": rng.random() < 0.5,
                "bidirectional": rng.random() < 0.5,
                "batched": rng.random() < 0.7,
            }
        )
    return configs


def deep_configs(seed: int, count: int) -> list[dict]:
    """Valid settings with more layers than the page lists one by one."""
    rng = random.Random(seed)
    return [{**c, "num_layers": rng.randint(5, 30)} for c in random_configs(seed, count)]


def edge_configs() -> list[dict]:
    """Ones everywhere, and sizes large enough that a count needs all its digits."""
    ones = dict(input_size=1, hidden_size=1, num_layers=1, proj_size=0, L=1, N=1)
    flags = dict(bias=True, batch_first=False, bidirectional=False, batched=True)
    big = dict(input_size=700, hidden_size=300, num_layers=3, L=2, N=2)
    out = []
    for mode in OFFERED:
        out.append({"mode": mode, **ones, **flags})
        out.append({"mode": mode, **ones, **flags, "bidirectional": True, "batched": False})
        proj = 17 if mode == "LSTM" else 0
        out.append({"mode": mode, **flags, **big, "proj_size": proj, "bidirectional": True})
    return out


CONFIGS = random_configs(seed=17, count=150) + edge_configs() + deep_configs(seed=23, count=15)


def first(test) -> int:
    """The index of the first configuration that passes `test`."""
    return next(i for i, c in enumerate(CONFIGS) if test(c))


# A few configurations the narrower tests reuse, one of each kind.
RNN_BIDIRECTIONAL = first(
    lambda c: c["mode"] == "RNN" and c["bidirectional"] and c["num_layers"] > 1
)
LSTM_PROJECTED = first(lambda c: c["mode"] == "LSTM" and c["proj_size"] and c["batched"])
GRU_BATCH_FIRST = first(lambda c: c["mode"] == "GRU" and c["batch_first"] and c["batched"])
UNBATCHED = first(lambda c: c["mode"] == "LSTM" and not c["batched"])
BIG_LSTM = first(lambda c: c["mode"] == "LSTM" and c["hidden_size"] == 300)
DEEP_BIDIRECTIONAL = first(lambda c: c["num_layers"] > 4 and c["bidirectional"])


def make_module(c: dict, device: str | None = None) -> nn.Module:
    # nn.RNN and nn.GRU take proj_size too, and refuse any but 0.
    extra = {"proj_size": c["proj_size"]} if c["mode"] == "LSTM" or c["proj_size"] else {}
    return getattr(nn, c["mode"])(
        c["input_size"],
        c["hidden_size"],
        num_layers=c["num_layers"],
        bias=c["bias"],
        batch_first=c["batch_first"],
        bidirectional=c["bidirectional"],
        device=device,
        **extra,
    )


def input_shape(c: dict) -> tuple[int, ...]:
    if not c["batched"]:
        return (c["L"], c["input_size"])
    if c["batch_first"]:
        return (c["N"], c["L"], c["input_size"])
    return (c["L"], c["N"], c["input_size"])


def real_shapes(module: nn.Module, input: torch.Tensor) -> list[tuple[str, tuple]]:
    """(name, shape) of every parameter, then of one real call's tensors."""
    shapes = [(name, tuple(p.shape)) for name, p in module.named_parameters()]
    with torch.no_grad():
        output, state = module(input)
    tensors = {"input": input, "output": output}
    if isinstance(module, nn.LSTM):
        # h_0 and c_0 must have the shapes of h_n and c_n.
        tensors.update(h_0=state[0], c_0=state[1], h_n=state[0], c_n=state[1])
        order = ("input", "h_0", "c_0", "output", "h_n", "c_n")
    else:
        tensors.update(h_0=state, h_n=state)
        order = ("input", "h_0", "output", "h_n")
    return shapes + [(name, tuple(tensors[name].shape)) for name in order]


@contextmanager
def one_thread() -> Iterator[None]:
    """Run torch on one thread: these tiny modules are ten times faster so on a
    machine whose cores are busy."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


@functools.cache
def expected(index: int) -> dict:
    """What Python says about CONFIGS[index]: explain_shapes (if it takes the
    kind) and the real module."""
    with one_thread():
        return _expected(CONFIGS[index])


def _expected(c: dict) -> dict:
    module = make_module(c)
    input = torch.zeros(input_shape(c))
    out = {
        "real": [[name, str(shape)] for name, shape in real_shapes(module, input)],
        "numel": str(sum(p.numel() for p in module.parameters())),
    }
    if c["mode"] in EXPLAINED:
        report = explain_shapes(module, input)
        out["rows"] = [[r.name, str(r.shape), r.formula] for r in report.rows]
        out["where"] = ", ".join(f"{k} = {v}" for k, v in report.symbols.items())
        out["count"] = str(report.num_parameters)
        out["formula"] = report.parameter_formula
    return out


# A row that stands for the same parameter of layers 1 to K, such as
# "weight_ih_l1_reverse to weight_ih_l29_reverse".
GROUPED = re.compile(r"(\w+_l)1(_reverse|) to \1(\d+)\2")


def expand(rows: list[list[str]]) -> list[list[str]]:
    """The rows one per parameter, in named_parameters() order: the grouped
    rows become their rows for layer 1, then layer 2, and so on."""
    at = [i for i, row in enumerate(rows) if GROUPED.fullmatch(row[0])]
    if not at:
        return rows
    assert at == list(range(at[0], at[-1] + 1)), f"grouped rows are not together: {rows}"
    block = [rows[i] for i in at]
    ends = {int(GROUPED.fullmatch(row[0])[3]) for row in block}
    assert len(ends) == 1, f"grouped rows end at different layers: {block}"
    last = ends.pop()
    layers = [
        [GROUPED.sub(lambda m, k=k: f"{m[1]}{k}{m[2]}", name), shape, formula]
        for k in range(1, last + 1)
        for name, shape, formula in block
    ]
    return rows[: at[0]] + layers + rows[at[-1] + 1 :]


def mismatches(index: int, shown: dict) -> list[str]:
    """Every difference between the explorer's answer and Python's, in words."""
    c, want = CONFIGS[index], expected(index)
    label = f"config {index} {json.dumps(c)}"
    problems = []
    if shown["error"] is not None or not shown["shown"]:
        return [f"{label}: no table, message {shown['error']!r}"]
    grouped = any(GROUPED.fullmatch(r[0]) for r in shown["rows"])
    if grouped != (c["num_layers"] > 4):
        problems.append(f"{label}: layers grouped is {grouped} with {c['num_layers']} layers")
    rows = expand(shown["rows"])
    if [r[:2] for r in rows] != want["real"]:
        problems.append(f"{label}: names and shapes {rows} != real module {want['real']}")
    if shown["count"] != want["numel"]:
        problems.append(f"{label}: count {shown['count']} != sum(p.numel()) {want['numel']}")
    if "rows" in want:
        got = {**shown, "rows": rows}
        for key in ("rows", "where", "count", "formula"):
            if got[key] != want[key]:
                problems.append(f"{label}: {key} {got[key]!r} != explain_shapes {want[key]!r}")
    # The formulas hold for the letters' values (what checks a kind that
    # explain_shapes does not take yet).
    letters = dict(part.split(" = ") for part in shown["where"].split(", "))
    letters = {k: int(v) for k, v in letters.items()}
    for name, shape, formula in rows:
        if str(eval(formula, {}, letters)) != shape:  # noqa: S307 (our own strings)
            problems.append(f"{label}: {name} formula {formula} gives not {shape}")
    if str(eval(shown["formula"], {}, letters)) != shown["count"]:  # noqa: S307
        problems.append(f"{label}: count formula gives not {shown['count']}")
    return problems


# --------------------------------------------------------------- in the page

READ_JS = """() => {
  const q = id => document.getElementById(id);
  const error = q("explorer-error");
  return {
    error: error.hidden ? null : error.textContent,
    shown: !q("explorer-results").hidden,
    rows: [...q("explorer-rows").rows].map(tr => [...tr.cells].map(c => c.textContent)),
    where: q("explorer-where").textContent,
    count: q("explorer-count").textContent,
    formula: q("explorer-formula").textContent,
    python: q("explorer-python").textContent,
    status: q("explorer-status").textContent,
  };
}"""

# Set each control as a reader's input would (the events the browser fires when
# a field is typed in or a box is clicked), then read the page.
DRIVE_JS = f"""configs => {{
  const read = {READ_JS};
  const form = document.getElementById("explorer-form");
  const type = (name, value) => {{
    const field = form.elements[name];
    field.value = String(value);
    field.dispatchEvent(new Event("input", {{bubbles: true}}));
  }};
  const tick = (field, on) => {{ if (field.checked !== on) field.click(); }};
  return configs.map(c => {{
    form.elements.mode.value = c.mode;
    form.elements.mode.dispatchEvent(new Event("change", {{bubbles: true}}));
    const layout = c.batched ? "batched" : "unbatched";
    tick(form.querySelector(`[name=batched][value=${{layout}}]`), true);
    {json.dumps(SIZES)}.forEach(k => type(k, c[k]));
    {json.dumps(FLAGS)}.forEach(k => tick(form.elements[k], c[k]));
    return read();
  }});
}}"""


def query(c: dict) -> str:
    """The address's query string that stands for config `c`."""
    values = {k: (("1" if c[k] else "0") if isinstance(c[k], bool) else c[k]) for k in c}
    return "?" + urlencode(values)


def drive(page, indices: list[int]) -> list[dict]:
    return page.evaluate(DRIVE_JS, [CONFIGS[i] for i in indices])


def wait_for_address(page, fields: dict) -> None:
    """Wait until the page has written these settings into its address."""
    want = {k: ("1" if v else "0") if isinstance(v, bool) else str(v) for k, v in fields.items()}
    page.wait_for_function(
        "want => { const q = new URLSearchParams(location.search);"
        " return Object.entries(want).every(([k, v]) => q.get(k) === v); }",
        arg=want,
        timeout=5_000,
    )


def all_mismatches(page, indices: list[int]) -> list[str]:
    return [
        p
        for i, shown in zip(indices, drive(page, indices), strict=True)
        for p in mismatches(i, shown)
    ]


# What the page blocks on, in milliseconds: its script on opening, or one
# update after an input event, each with the style and layout they cause
# (getBoundingClientRect forces them at once, inside the measure).
TIMED_HEAD = 'performance.mark("explorer-start");\n'
TIMED_TAIL = (
    "\n;document.documentElement.getBoundingClientRect();"
    'performance.measure("explorer-open", "explorer-start");\n'
)
OPENING_JS = "performance.getEntriesByName('explorer-open')[0].duration"
TYPE_JS = """([name, values]) => {
  const form = document.getElementById("explorer-form");
  return values.map(value => {
    const field = form.elements[name];
    field.value = value;
    const start = performance.now();
    field.dispatchEvent(new Event("input", {bubbles: true}));
    document.documentElement.getBoundingClientRect();
    return performance.now() - start;
  });
}"""
# A frame is 16 ms; the review's budget for "answers at once" is 100 ms.
BUDGET_MS = 100


def serve_timed(route) -> None:
    response = route.fetch()
    route.fulfill(response=response, body=TIMED_HEAD + response.text() + TIMED_TAIL)


# --------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def shared(browser, base_url):
    """One explorer page for the tests that set every field themselves."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(base_url + PAGE, wait_until="load")
    page.wait_for_selector("#explorer-rows tr")
    yield page
    context.close()


@pytest.fixture
def open_page(browser, base_url):
    """open_page(query="", scheme="default", width=1280, timed=False) -> a loaded
    explorer page.

    Every request the page makes and every console error is recorded on it.
    With `timed`, the page's script is served between two marks (TIMED_HEAD,
    TIMED_TAIL), so that what it blocks on opening can be read."""
    contexts = []

    def open_(query: str = "", scheme: str = "default", width: int = 1280, timed=False):
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.add_init_script(palette_script(palette_value(load_config(), scheme)))
        contexts.append(context)
        page = context.new_page()
        page.requests, page.errors = [], []
        page.on("request", lambda r: page.requests.append(r.url))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        if timed:
            page.route("**/" + SCRIPT, serve_timed)
        page.goto(base_url + PAGE + query, wait_until="load")
        page.wait_for_selector("#explorer-rows tr, #explorer-error:not([hidden])")
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        return page

    yield open_
    for context in contexts:
        context.close()


# --------------------------------------------------------------- the proof


def test_at_least_100_configurations_of_every_kind_are_checked():
    assert len(CONFIGS) >= 100
    kinds = {c["mode"] for c in CONFIGS}
    assert kinds == set(OFFERED)
    assert all(sum(c["mode"] == k for c in CONFIGS) >= 40 for k in OFFERED)
    for key in (*SIZES, *FLAGS, "batched"):
        assert len({c[key] for c in CONFIGS}) > 1, f"{key} never varies"


def test_explain_shapes_covers_every_kind_the_explorer_offers():
    assert set(EXPLAINED) == set(OFFERED)


def test_every_row_and_count_equal_explain_shapes_and_the_real_module(open_page):
    page = open_page()  # a fresh page, to record its every request
    problems = all_mismatches(page, list(range(len(CONFIGS))))
    assert not problems, "\n".join(problems[:10])
    assert not page.errors
    assert all(urlsplit(url).hostname == HOST for url in page.requests), page.requests


def test_the_default_is_the_pages_own_python_example(open_page):
    shown = open_page().evaluate(READ_JS)
    report = explain_shapes(nn.RNN(input_size=4, hidden_size=8, num_layers=2), torch.zeros(5, 3, 4))
    assert shown["rows"] == [[r.name, str(r.shape), r.formula] for r in report.rows]
    assert shown["count"] == str(report.num_parameters) == "256"


def test_the_python_to_copy_builds_that_layer_and_passes_its_checks(shared):
    page = shared
    indices = list(range(0, len(CONFIGS), 5))
    for index, shown in zip(indices, drive(page, indices), strict=True):
        code = shown["python"]
        namespace: dict = {}
        exec(code, namespace)  # noqa: S102 (the page's own code, which asserts the shapes)
        module = namespace[CONFIGS[index]["mode"].lower()]
        assert repr(module) == repr(make_module(CONFIGS[index])), code
        assert f"== {expected(index)['numel']}\n" in code
        # The site's limit for code lines, so it fits the column.
        assert max(len(line) for line in code.splitlines()) <= 72, code


def test_real_typing_and_clicking_give_the_same_rows(shared):
    page = shared
    for index in (RNN_BIDIRECTIONAL, LSTM_PROJECTED, GRU_BATCH_FIRST, UNBATCHED, 1, 2):
        c = CONFIGS[index]
        page.select_option("#explorer-mode", c["mode"])
        page.check(f"[name=batched][value={'batched' if c['batched'] else 'unbatched'}]")
        for key in SIZES:
            field = page.locator(f"#explorer-{key}")
            if field.is_enabled():
                field.fill(str(c[key]))
        for key in FLAGS:
            page.set_checked(f"#explorer-{key}", c[key])
        assert not mismatches(index, page.evaluate(READ_JS))


def test_a_link_restores_the_configuration(open_page):
    page = open_page()
    for index in (RNN_BIDIRECTIONAL, LSTM_PROJECTED, GRU_BATCH_FIRST):
        drive(page, [index])
        wait_for_address(page, CONFIGS[index])
        url = page.url
        again = open_page(query="?" + urlsplit(url).query)
        assert not mismatches(index, again.evaluate(READ_JS)), url
        again.context.close()
    # The address written by hand, as a reader would share it.
    for index in (UNBATCHED, BIG_LSTM):
        assert not mismatches(index, open_page(query(CONFIGS[index])).evaluate(READ_JS))


IMPOSSIBLE = [
    # (fields set, field marked invalid, words in the message)
    (
        {"mode": "LSTM", "hidden_size": "4", "proj_size": "4"},
        "proj_size",
        "proj_size must be smaller than hidden_size",
    ),
    ({"mode": "GRU", "proj_size": "2"}, "proj_size", "nn.LSTM argument only"),
    ({"mode": "RNN", "proj_size": "1"}, "proj_size", "nn.LSTM argument only"),
    ({"hidden_size": "0"}, "hidden_size", "hidden_size must be at least 1; got 0"),
    ({"input_size": "-3"}, "input_size", "input_size must be at least 1; got -3"),
    ({"num_layers": "-1"}, "num_layers", "num_layers must be at least 1; got -1"),
    ({"L": "-2"}, "L", "L must be at least 1; got -2"),
    ({"N": "-1"}, "N", "N must be at least 0; got -1"),
    ({"num_layers": "2.5"}, "num_layers", 'got "2.5"'),
    ({"L": "five"}, "L", 'L must be a whole number, such as 5; got "five"'),
    ({"N": ""}, "N", "got nothing"),
    ({"L": "0"}, "L", "L must be at least 1; got 0"),
    ({"mode": "LSTM", "proj_size": "-1"}, "proj_size", "proj_size must be at least 0; got -1"),
    ({"proj_size": "-1"}, "proj_size", "nn.LSTM argument only"),
    ({"hidden_size": "x" * 400}, "hidden_size", 'got "' + "x" * 40 + '…"'),
]


@pytest.mark.parametrize("fields, field, words", IMPOSSIBLE, ids=[i[2] for i in IMPOSSIBLE])
def test_an_impossible_setting_gets_a_message_not_a_table(shared, fields, field, words):
    page = shared
    drive(page, [0])
    for key, value in fields.items():
        if key == "mode":
            page.select_option("#explorer-mode", value)
        else:
            page.fill(f"#explorer-{key}", value)
    shown = page.evaluate(READ_JS)
    assert shown["error"] is not None and words in shown["error"], shown["error"]
    assert not shown["shown"], "a table is shown for an impossible setting"
    assert words in shown["status"], "the message is not announced"
    invalid = page.locator(f"#explorer-{field}")
    assert invalid.get_attribute("aria-invalid") == "true"
    assert invalid.get_attribute("aria-describedby") == "explorer-error"
    # PyTorch refuses the same setting (all but "five", "" and "xxx...", which
    # are no number), and the page gives its reason in its words (a float's
    # TypeError aside: the page asks for a whole number).
    numbers = {k: v for k, v in fields.items() if k != "mode"}
    if all(re.fullmatch(r"-?[0-9.]+", v) for v in numbers.values()):
        c = {**CONFIGS[0], "mode": fields.get("mode", "RNN")}
        c.update({k: float(v) if "." in v else int(v) for k, v in numbers.items()})
        with pytest.raises((ValueError, TypeError, RuntimeError)) as raised:
            make_module(c)(torch.randn(input_shape(c)))  # as the page's code makes it
        if raised.type is not TypeError:
            reason = str(raised.value).split(": [")[0]  # torch adds the sizes to some
            assert f'"{reason}"' in shown["error"], (reason, shown["error"])
    # Mended, the table comes back, and the field is no longer marked.
    page.select_option("#explorer-mode", "LSTM")
    for key, value in {"hidden_size": "8", "proj_size": "0", "input_size": "4"}.items():
        page.fill(f"#explorer-{key}", value)
    for key in ("num_layers", "L", "N"):
        page.fill(f"#explorer-{key}", "2")
    assert page.evaluate(READ_JS)["shown"]
    assert page.locator(f"#explorer-{field}").get_attribute("aria-invalid") is None


def test_a_link_keeps_an_impossible_setting_and_its_message(open_page):
    page = open_page("?mode=GRU&hidden_size=4&proj_size=2")
    shown = page.evaluate(READ_JS)
    assert "nn.LSTM argument only" in shown["error"] and not shown["shown"]
    assert page.input_value("#explorer-mode") == "GRU"
    assert page.input_value("#explorer-proj_size") == "2"


def test_the_explorer_is_usable_by_keyboard_alone(open_page):
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.focus("#explorer-mode")
    page.keyboard.press("ArrowDown")  # nn.RNN -> nn.LSTM
    assert page.evaluate("document.activeElement.value") == "LSTM"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "explorer-input_size"
    page.keyboard.press("Control+a")
    page.keyboard.type("6")
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "explorer-proj_size"
    page.keyboard.press("Control+a")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # bias off
    shown = page.evaluate(READ_JS)
    assert shown["rows"][:3] == [
        ["weight_ih_l0", "(32, 6)", "(4 * H_cell, H_in)"],
        ["weight_hh_l0", "(32, 3)", "(4 * H_cell, H_out)"],
        ["weight_hr_l0", "(3, 8)", "(H_out, H_cell)"],
    ]
    assert "nn.LSTM" in shown["status"] and "parameters" in shown["status"]
    # Every control, the table and the code are reached with Tab, in order.
    reached = []
    page.focus("#explorer-mode")
    for _ in range(20):
        reached.append(page.evaluate("document.activeElement.id || document.activeElement.name"))
        page.keyboard.press("Tab")
    want = [f"explorer-{k}" for k in ("mode", *SIZES[:4], *FLAGS)] + ["batched"]
    # (The table's box is a Tab stop only while it scrolls: not here, at 1280 px.)
    want += ["explorer-L", "explorer-N", "explorer-copy", "explorer-python"]
    at = 0
    for name in want:
        assert name in reached[at:], f"{name} not reached by Tab after {reached[:at]}"
        at = reached.index(name, at)
    page.focus("#explorer-copy")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('explorer-copied').textContent !== ''")
    assert page.text_content("#explorer-copied") == "Copied."
    assert page.evaluate("navigator.clipboard.readText()") == shown["python"]


# (Not "scheme": tests/browser/conftest.py parametrizes every test that asks for it.)
@pytest.mark.parametrize("palette", ["default", "slate"])
def test_axe_finds_nothing_in_light_and_dark(open_page, palette):
    page = open_page(scheme=palette)
    page.evaluate(Axe().axe_script)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    states = {"default": None, "lstm": LSTM_PROJECTED, "impossible": None}
    for state, index in states.items():
        if index is not None:
            drive(page, [index])
        if state == "impossible":
            page.fill("#explorer-hidden_size", "0")
        violations = page.evaluate("o => axe.run(o)", options)["violations"]
        found = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert not found, f"{state} ({palette}): {found}"


@pytest.mark.parametrize("index", [0, BIG_LSTM], ids=["random", "wide-lstm"])
def test_a_360_px_phone_never_scrolls_the_page_sideways(open_page, index):
    page = open_page(query(CONFIGS[index]), width=360)
    assert not mismatches(index, page.evaluate(READ_JS))
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"page is {widths[0]} px wide in a {widths[1]} px window"


# --------------------------------------------------------------- the limits

# The settings of the reader review's stress test (issue 23), each as a reader
# types it and as a link: (what, fields, a table or words of the message).
STRESS = [
    ("num_layers 20000", {"num_layers": "20000"}, "table"),
    ("num_layers 100000", {"num_layers": "100000"}, "table"),
    ("num_layers 5000000", {"num_layers": "5000000"}, "table"),
    (
        "LSTM bidirectional num_layers 1000",
        {"mode": "LSTM", "bidirectional": True, "num_layers": "1000"},
        "table",
    ),
    ("hidden_size 1518500249", {"hidden_size": "1518500249"}, "table"),
    (
        "hidden_size 1518500250",
        {"hidden_size": "1518500250"},
        "Storage size calculation overflowed with sizes=[1518500250, 1518500250]",
    ),
    (
        "hidden_size 9223372036854775807",
        {"hidden_size": "9223372036854775807"},
        "Storage size calculation overflowed",
    ),
    (
        "hidden_size 99999999999999999999999",
        {"hidden_size": "99999999999999999999999"},
        "Overflow when unpacking long long",
    ),
    ("input_size of 400 ones", {"input_size": "1" * 400}, "Overflow when unpacking long long"),
    ("input_size of 60000 nines", {"input_size": "9" * 60000}, "Overflow when unpacking long long"),
    ("LSTM hidden_size 100000", {"mode": "LSTM", "hidden_size": "100000"}, "table"),
    ("400 characters of garbage", {"input_size": "x1%" * 133 + "y"}, "must be a whole number"),
]


def shows(shown: dict, want: str) -> bool:
    if want == "table":
        return shown["shown"] and shown["error"] is None
    return not shown["shown"] and shown["error"] is not None and want in shown["error"]


@pytest.mark.parametrize("what, fields, want", STRESS, ids=[s[0] for s in STRESS])
def test_typing_a_huge_setting_blocks_the_page_for_less_than_a_budget(
    open_page, what, fields, want
):
    page = open_page()
    if "mode" in fields:
        page.select_option("#explorer-mode", fields["mode"])
    if fields.get("bidirectional"):
        page.check("#explorer-bidirectional")
    [(name, value)] = [(k, v) for k, v in fields.items() if k in SIZES]
    # One key at a time, as the review typed them; a long value pasted at once.
    keys = [value[:i] for i in range(1, len(value) + 1)] if len(value) <= 30 else [value]
    times = page.evaluate(TYPE_JS, [name, keys])
    assert max(times) < BUDGET_MS, f"{what}: updates took {[round(t, 1) for t in times]} ms"
    shown = page.evaluate(READ_JS)
    assert shows(shown, want), (want, shown["error"], shown["status"])
    assert not page.errors


@pytest.mark.parametrize("what, fields, want", STRESS, ids=[s[0] for s in STRESS])
def test_a_link_to_a_huge_setting_opens_in_less_than_a_budget(open_page, what, fields, want):
    values = {k: ("1" if v else "0") if isinstance(v, bool) else v for k, v in fields.items()}
    page = open_page("?" + urlencode(values), timed=True)
    took = page.evaluate(OPENING_JS)
    assert took < BUDGET_MS, f"{what}: the script and its layout took {took:.1f} ms"
    shown = page.evaluate(READ_JS)
    assert shows(shown, want), (want, shown["error"], shown["status"])
    assert not page.errors


def test_an_address_with_values_that_are_no_setting_says_so(open_page):
    page = open_page("?bias=maybe&batch_first=yes&bidirectional=2&batched=no&mode=foo", timed=True)
    assert page.evaluate(OPENING_JS) < BUDGET_MS
    shown = page.evaluate(READ_JS)
    notice = page.text_content("#explorer-notice")
    for said in (
        'bias="maybe"',
        'batch_first="yes"',
        'bidirectional="2"',
        'batched="no"',
        'mode="foo"',
    ):
        assert said in notice, notice
    assert "the explorer uses the default, bias on" in notice
    assert page.is_visible("#explorer-notice") and notice in shown["status"]
    # The defaults, not a layer without biases (224 parameters) as before.
    assert shown["shown"] and shown["count"] == "256", shown
    page.uncheck("#explorer-bias")  # once the reader sets anything, the notice goes
    assert not page.is_visible("#explorer-notice")
    assert page.evaluate(READ_JS)["count"] == "224"


# PyTorch's limits on a size and on a tensor (ATen's computeStorageNbytes in
# torch 2.13): each size must fit a signed 64-bit integer, else TypeError, and
# so must the tensor's bytes, 4 for each float32 element, else RuntimeError
# "Storage size calculation overflowed": at most MOST elements.
INT64_MAX = 2**63 - 1
MOST = INT64_MAX // 4
BASE = dict(
    mode="RNN",
    input_size=4,
    hidden_size=8,
    num_layers=1,
    proj_size=0,
    L=5,
    N=3,
    bias=True,
    batch_first=False,
    bidirectional=False,
    batched=True,
)
# (what, a setting at a limit that torch accepts, the field that goes one
# past it); the biases, never larger than weight_hh, and weight_hr, smaller
# than the weight_hh made before it, are never the first to overflow.
LIMITS = [
    ("nn.RNN's weight_hh_l0", {"hidden_size": math.isqrt(MOST)}, "hidden_size"),
    (
        "nn.LSTM's 4 gate blocks",
        {"mode": "LSTM", "hidden_size": math.isqrt(MOST // 4)},
        "hidden_size",
    ),
    (
        "nn.GRU's 3 gate blocks",
        {"mode": "GRU", "hidden_size": math.isqrt(MOST // 3)},
        "hidden_size",
    ),
    (
        "layer 1 reads both directions",
        {"hidden_size": math.isqrt(MOST // 2), "bidirectional": True, "num_layers": 2},
        "hidden_size",
    ),
    (
        "nn.LSTM's weight_hh_l0 with a projection",
        {"mode": "LSTM", "hidden_size": 2**33, "proj_size": MOST // (4 * 2**33)},
        "proj_size",
    ),
    ("weight_ih_l0", {"input_size": MOST // 8, "L": 1, "N": 1}, "input_size"),
    ("input", {"hidden_size": 4, "L": MOST // 12}, "L"),
    (
        "output of both directions",
        {"hidden_size": 4, "bidirectional": True, "N": 1, "L": MOST // 8},
        "L",
    ),
    (
        "h_0",
        {"input_size": 1, "L": 1, "N": 10**12, "num_layers": MOST // (8 * 10**12)},
        "num_layers",
    ),
    ("h_0 of an empty batch", {"N": 0, "num_layers": INT64_MAX}, "num_layers"),
    (
        "c_0 of a projected LSTM",
        {
            "mode": "LSTM",
            "hidden_size": 2**20,
            "proj_size": 1,
            "L": 1,
            "N": 2**20,
            "num_layers": MOST // 2**40,
        },
        "num_layers",
    ),
]
# Refused both at and past a limit, for two reasons: 4 * H_cell is a size,
# so up to 2**63 - 1 it is too many bytes, past it too large a number.
TWO_REASONS = [
    (
        "4 * H_cell as a 64-bit integer",
        {"mode": "LSTM", "hidden_size": INT64_MAX // 4, "input_size": 1},
        "hidden_size",
    ),
    ("input_size as a 64-bit integer", {"input_size": INT64_MAX}, "input_size"),
]


def call_shapes(c: dict) -> list[tuple[int, ...]]:
    """The shapes of the call's tensors, in the order they are made: input,
    h_0 (and c_0), output; those of real calls (test_every_row_and_count...)."""
    D = 2 if c["bidirectional"] else 1
    H_out = c["proj_size"] or c["hidden_size"]
    lead = (D * c["num_layers"], c["N"]) if c["batched"] else (D * c["num_layers"],)
    states = [lead + (H_out,)] + ([lead + (c["hidden_size"],)] if c["mode"] == "LSTM" else [])
    output = input_shape(c)[:-1] + (D * H_out,)
    return [input_shape(c), *states, output]


def count_of(c: dict) -> int:
    """rnn_guide's count by formula, for stacks too deep to build."""
    sizes = (c["input_size"], c["hidden_size"], c["num_layers"], c["bias"], c["bidirectional"])
    return parameter_count(*sizes, kind=c["mode"], proj_size=c["proj_size"])


def torch_refuses(c: dict) -> str | None:
    """What torch 2.13 raises for setting `c`, built on the meta device, or None.

    The layers above layer 1 repeat it, so two layers stand for any number."""
    try:
        make_module({**c, "num_layers": min(c["num_layers"], 2)}, device="meta")
        for shape in call_shapes(c):
            torch.empty(shape, device="meta")
    except (TypeError, RuntimeError, ValueError) as error:
        return str(error).splitlines()[0]
    return None


@pytest.mark.parametrize("past", [False, True], ids=["at", "past"])
@pytest.mark.parametrize(
    "what, fields, field", LIMITS + TWO_REASONS, ids=[x[0] for x in LIMITS + TWO_REASONS]
)
def test_the_page_refuses_exactly_what_pytorch_refuses_in_its_words(
    shared, base_url, what, fields, field, past
):
    c = {**BASE, **fields}
    c[field] += past
    refused = torch_refuses(c)
    accepted = (what, fields, field) in LIMITS and not past
    assert (refused is None) == accepted, f"{what}: the limit is not where torch puts it"
    page = shared
    page.goto(base_url + PAGE + query(c), wait_until="load")
    shown = page.evaluate(READ_JS)
    if refused is None:
        assert shown["error"] is None and shown["shown"], shown["error"]
        assert shown["count"] == str(count_of(c))
        return
    words = "Overflow when unpacking long long" if "unpacking" in refused else refused
    assert shown["error"] is not None and words in shown["error"], (refused, shown)
    assert not shown["shown"]
    assert page.locator("[aria-invalid=true]").count() == 1


# Deep stacks: the rows of layers 1 to num_layers - 1 come once, named with
# their range; each stands for what torch makes for every layer it names.
DEEP = [
    ("RNN", 20000, {}),
    ("GRU", 100000, {"bidirectional": True}),
    ("LSTM", 5000000, {"proj_size": 3, "bidirectional": True, "batched": False}),
]


@pytest.mark.parametrize("mode, layers, fields", DEEP, ids=[f"{d[0]}-{d[1]}" for d in DEEP])
def test_the_rows_of_a_deep_stack_say_what_torch_makes_for_every_layer(
    shared, base_url, mode, layers, fields
):
    c = {**BASE, "mode": mode, "num_layers": layers, **fields}
    page = shared
    page.goto(base_url + PAGE + query(c), wait_until="load")
    shown = page.evaluate(READ_JS)
    parameters = [row for row in shown["rows"] if row[0].startswith(("weight", "bias"))]
    grouped = [row for row in parameters if GROUPED.fullmatch(row[0])]
    assert grouped and all(GROUPED.fullmatch(r[0])[3] == str(layers - 1) for r in grouped)
    # Layer 0 and the grouped rows, as layer 1, are a two-layer module's rows.
    two = make_module({**c, "num_layers": 2}, device="meta")
    as_two = [[GROUPED.sub(r"\g<1>1\2", name), shape, f] for name, shape, f in parameters]
    report = explain_shapes(make_module({**c, "num_layers": 2}), torch.zeros(input_shape(c)))
    assert as_two == [[r.name, str(r.shape), r.formula] for r in report.rows][: len(as_two)]
    # And torch gives every layer above the first the same parameters: its
    # layers 1 and 2 are alike, name for name.
    three = dict(make_module({**c, "num_layers": 3}, device="meta").named_parameters())
    for name, p in two.named_parameters():
        if "_l1" in name:
            assert three[name.replace("_l1", "_l2")].shape == p.shape
    # The call's tensors and the count, for all the layers.
    tensors = [row for row in shown["rows"] if row not in parameters]
    names = ["input", "h_0", "c_0", "output"] if mode == "LSTM" else ["input", "h_0", "output"]
    got = {row[0]: row[1] for row in tensors}
    for name, shape in zip(names, call_shapes(c), strict=True):
        assert got[name] == str(shape), name
    assert shown["count"] == str(count_of(c))
    assert f"num_layers = {layers}" in shown["where"]
    assert f"Layers 1 to {layers - 1}" in page.text_content("#explorer-grouped")


# Settings whose tensors would take more than a gigabyte: the code builds
# them on the meta device, and says how much they would take.
HEAVY = [
    {**BASE, "hidden_size": 100000},
    {**BASE, "mode": "LSTM", "hidden_size": 100000, "bidirectional": True, "batched": False},
    {**BASE, "num_layers": 2, "hidden_size": math.isqrt(MOST)},
    {**BASE, "mode": "LSTM", "hidden_size": math.isqrt(MOST), "proj_size": 3, "num_layers": 2},
]


@pytest.mark.parametrize("c", HEAVY, ids=[f"{c['mode']}-{c['hidden_size']}" for c in HEAVY])
def test_the_python_for_a_huge_layer_builds_it_on_the_meta_device(shared, base_url, c):
    page = shared
    page.goto(base_url + PAGE + query(c), wait_until="load")
    code = page.evaluate(READ_JS)["python"]
    assert 'with torch.device("meta"):' in code and "would take about" in code
    assert "meta device" in page.text_content("#explorer-code-note")
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 (the page's own code, which asserts the shapes)
    module = namespace[c["mode"].lower()]
    assert module.weight_hh_l0.device.type == "meta"
    assert repr(module) == repr(make_module(c, device="meta")), code
    assert max(len(line) for line in code.splitlines()) <= 72, code


def test_the_table_scrolls_in_one_box_that_says_so_only_when_it_must(open_page):
    box_js = """() => {
      const box = document.getElementById("explorer-table");
      const inner = [...box.querySelectorAll("*")].filter(e =>
        ["auto", "scroll"].includes(getComputedStyle(e).overflowX));
      return {scrolls: box.scrollWidth > box.clientWidth + 1, tabIndex: box.tabIndex,
              focusable: box.hasAttribute("tabindex"), nested: inner.length,
              wrapped: !!box.querySelector(".md-typeset__scrollwrap"),
              hint: getComputedStyle(box, "::after").content};
    }"""
    # A desktop: nothing to scroll, so no Tab stop and no hint.
    box = open_page().evaluate(box_js)
    assert not box["scrolls"] and not box["focusable"] and box["hint"] == "none", box
    assert box["nested"] == 0 and not box["wrapped"]
    # A phone and a wide table: one box, one Tab stop, and the whole hint.
    page = open_page(query(CONFIGS[BIG_LSTM]), width=360)
    box = page.evaluate(box_js)
    assert box["scrolls"] and box["tabIndex"] == 0, box
    assert box["nested"] == 0 and not box["wrapped"], box
    assert box["hint"] == '"Scroll sideways to see the whole table."'
    page.focus("#explorer-N")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "explorer-table"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "explorer-copy"


def test_no_letter_is_parted_from_its_value_on_a_phone(open_page):
    c = {**CONFIGS[LSTM_PROJECTED], "hidden_size": 1518500249}
    page = open_page(query(c), width=360)
    pairs = page.evaluate("""() => [...document.querySelectorAll("#explorer-where span")]
      .map(s => [s.textContent, s.getClientRects().length])""")
    assert len(pairs) == 7 and all(lines == 1 for _, lines in pairs), pairs
    # The line does wrap, between the pairs.
    assert page.evaluate("document.getElementById('explorer-where').getClientRects().length") > 1


# --------------------------------------------------------------- planted bugs

PLANTED = [
    # (what the bug is, text in explorer.js, what it becomes)
    ("LSTM with 3 gate blocks", "LSTM: 4n", "LSTM: 3n"),
    (
        "upper layers read H_out, not D * H_out",
        '[G * H_cell, D * H_out], "(" + g + Hg + ", D * H_out)"',
        '[G * H_cell, H_out], "(" + g + Hg + ", D * H_out)"',
    ),
    ("D dropped from the count", "(v.num_layers - 1n) * D * upper", "(v.num_layers - 1n) * upper"),
    (
        "output's formula without D",
        'row("output", io, D * H_out, "D * H_out")',
        'row("output", io, D * H_out, "H_out")',
    ),
    ("batch_first ignored", "s.batch_first ? [[N, L]", "false ? [[N, L]"),
    ("c_0 as wide as h_0", 'row("c_0", lead, H_cell, Hg)', 'row("c_0", lead, H_out, Hg)'),
    ("H_cell never named", 'var Hg = proj ? "H_cell" : "H_out";', 'var Hg = "H_out";'),
    ("no bias_hh", 'rows.push([at("bias_hh")', 'if (0) rows.push([at("bias_hh")'),
    (
        "grouped layers one too many",
        '" to " + name + "_l" + (v.num_layers - 1n) + suffix',
        '" to " + name + "_l" + v.num_layers + suffix',
    ),
]


@pytest.fixture(scope="module")
def planted_sites(site, tmp_path_factory) -> dict[str, Path]:
    """One copy of the explorer per planted bug (its page and assets only)."""
    script = (site / SCRIPT).read_text(encoding="utf-8")
    copies = {}
    for name, old, new in PLANTED:
        assert script.count(old) == 1, f"planted bug {name!r}: {old!r} is not in {SCRIPT} once"
        root = tmp_path_factory.mktemp("planted")
        for part in (PAGE, "assets", "javascripts", "stylesheets"):
            shutil.copytree(site / part, root / part)
        (root / SCRIPT).write_text(script.replace(old, new), encoding="utf-8")
        copies[name] = root
    return copies


@pytest.mark.parametrize("name", [p[0] for p in PLANTED])
def test_a_bug_planted_in_the_script_fails_the_cross_check(browser, planted_sites, name):
    with serve(planted_sites[name]) as url:
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url + PAGE, wait_until="load")
            page.wait_for_selector("#explorer-rows tr")
            # The very comparison the real script passes, in chunks, stopping
            # at the first chunk that finds the bug.
            problems = []
            for start in range(0, len(CONFIGS), 40):
                problems = all_mismatches(page, list(range(start, min(start + 40, len(CONFIGS)))))
                if problems:
                    break
        finally:
            context.close()
    assert problems, f"the cross-check missed the planted bug: {name}"
