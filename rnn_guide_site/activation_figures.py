"""The figures of "What a trained cell tracks": shaded text, saturated gates.

It trains, in float64 on one thread, the chapter's character LSTM (same sizes,
seed, steps and text; the chapter's own run is float32), picks the cell whose
state correlates best with "inside backticks" on the chapter's picking text,
and draws a stretch of held-out text with each character's background shaded
by that cell's value. The shade is `currentColor` at an opacity, so it follows
the page's text colour in the light and the dark theme; the darker, the more
the cell says "inside backticks"; a line under a character marks the text
that is inside backticks, by the chapter's rule. `draw_saturation` plots each
unit of the input, forget and output gates as a point, its share of held-out
characters left-saturated (< 0.1) against right-saturated (> 0.9), as the
paper's Figure 3 does. The text depends on the running torch's
docstrings, so the committed figures are the pinned torch's
(tests/test_activations.py redraws and compares them there).

Run `python -m rnn_guide_site.activation_figures` to write them, `--check`
to compare only.
"""

from __future__ import annotations

import argparse
import functools
import html
import inspect
import sys
from pathlib import Path

import torch
from torch import nn

FIGURE = Path("docs") / "figures" / "activations-backticks.svg"
SATURATION_FIGURE = Path("docs") / "figures" / "activations-saturation.svg"
WIDTH_CHARS = 40  # characters per drawn row: the figure fits a phone
ROWS = 8
LEVELS = 5  # shades, 0 (none) to 4 (darkest)
MAX_OPACITY = 0.25  # the darkest shade keeps the text readable on it
CHAR_W, ROW_H, PAD = 9.0, 24.0, 8.0


class _CharLSTM(nn.Module):
    def __init__(self, vocab_size: int):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, 16)
        self.lstm = nn.LSTM(16, 64, batch_first=True)
        self.head = nn.Linear(64, vocab_size)

    def forward(self, x, state=None):
        output, state = self.lstm(self.embed(x), state)
        return self.head(output), state


def _text() -> tuple[str, list[str], torch.Tensor]:
    names = sorted(nn.modules.__all__)
    text = "\n\n".join(inspect.getdoc(getattr(nn, name)) for name in names)
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    return text, chars, torch.tensor([stoi[c] for c in text])


def backticks(s: str) -> torch.Tensor:
    """Label each character of `s` 1 inside a backtick span, 0 outside: (len(s),).

    The rule is the chapter's: the state flips at the last backtick of each run
    of them, and a blank line starts afresh.
    """
    ticks, out = 0, []
    for n, ch in enumerate(s):
        if ch == "`" and s[n + 1 : n + 2] != "`":
            ticks ^= 1
        if s[n - 1 : n + 1] == "\n\n":
            ticks = 0
        out.append(ticks)
    return torch.tensor(out, dtype=torch.get_default_dtype())


def _cell_states(
    model: _CharLSTM, ids: torch.Tensor
) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    lstm = model.lstm
    with torch.no_grad():
        x = model.embed(ids)  # (L, E)
        h = lstm(x[None])[0][0]  # (L, H_out)
        h_prev = torch.cat([torch.zeros_like(h[:1]), h[:-1]])
        z = x @ lstm.weight_ih_l0.T + lstm.bias_ih_l0  # (L, 4 H): i, f, g, o
        z = z + h_prev @ lstm.weight_hh_l0.T + lstm.bias_hh_l0
        i, f, g, o = z.chunk(4, dim=1)
        i, f, g, o = i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()
        c, c_t = torch.empty_like(h), torch.zeros_like(h[0])
        for t in range(len(ids)):
            c_t = f[t] * c_t + i[t] * g[t]
            c[t] = c_t
    return c, {"input": i, "forget": f, "output": o}


def _correlations(c: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
    c = c - c.mean(dim=0)
    p = p - p.mean()
    return (c * p[:, None]).sum(dim=0) / (c.norm(dim=0) * p.norm())


@functools.cache
def _trained() -> tuple[_CharLSTM, str, list[str], torch.Tensor, int]:
    """The chapter's model trained in float64: model, text, chars, ids, split."""
    torch.set_num_threads(1)
    text, chars, ids = _text()
    split = int(0.9 * len(ids))
    train_ids = ids[:split]
    torch.manual_seed(0)
    model = _CharLSTM(len(chars))
    length = len(train_ids) // 32
    streams = train_ids[: 32 * length].view(32, length)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    loss_fn = nn.CrossEntropyLoss()
    k, state = 32, None
    for step in range(150):
        inputs = streams[:, step * k : (step + 1) * k]
        targets = streams[:, step * k + 1 : (step + 1) * k + 1]
        if state is not None:
            state = tuple(s.detach() for s in state)
        logits, state = model(inputs, state)
        loss = loss_fn(logits.transpose(1, 2), targets)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
    return model, text, chars, ids, split


def _float64(compute):
    """Run `compute` with float64 as the default dtype and one thread, then restore."""

    @functools.wraps(compute)
    def wrapped():
        dtype, threads = torch.get_default_dtype(), torch.get_num_threads()
        torch.set_default_dtype(torch.float64)
        try:
            return compute()
        finally:
            torch.set_default_dtype(dtype)
            torch.set_num_threads(threads)

    return wrapped


@functools.cache
@_float64
def shaded_text() -> tuple[str, list[int]]:
    """Shade a stretch of held-out text by the float64 model's backtick cell.

    Returns:
        The text drawn and, per character, its shade from 0 to LEVELS - 1.
    """
    model, text, chars, ids, split = _trained()
    pick = ids[split - 30_000 : split]  # the chapter's picking text
    pick_text = "".join(chars[i] for i in pick.tolist())
    r = _correlations(_cell_states(model, pick)[0], backticks(pick_text))
    cell = r.abs().argmax().item()
    sign = 1.0 if r[cell] > 0 else -1.0  # darker means "inside"
    start, end = _window(text[split:])
    c = _cell_states(model, ids[split : split + end])[0][start:end, cell]  # (L,)
    values = sign * torch.tanh(c)  # in (-1, 1), as the paper shows it
    low, high = values.min(), values.max()
    scaled = (values - low) / (high - low)  # 0 to 1 over the window
    shades = (scaled * (LEVELS - 1)).round().long().tolist()
    return text[split:][start:end], shades


@functools.cache
@_float64
def saturation() -> dict[str, tuple[list[float], list[float]]]:
    """Per gate, each unit's share of held-out characters left- and right-saturated.

    Returns:
        For "input", "forget" and "output": the shares below 0.1 and above 0.9,
        one per unit, over the chapter's 30,000 held-out characters.
    """
    model, _, _, ids, split = _trained()
    _, gates = _cell_states(model, ids[split : split + 30_000])
    return {
        name: (
            (gate < 0.1).double().mean(dim=0).tolist(),
            (gate > 0.9).double().mean(dim=0).tolist(),
        )
        for name, gate in gates.items()
    }


def _window(held_out: str) -> tuple[int, int]:
    """The first stretch of ROWS * WIDTH_CHARS characters with four backtick spans."""
    size = ROWS * WIDTH_CHARS
    start = 0
    while start + size <= len(held_out):
        piece = held_out[start : start + size]
        if piece.count("``") >= 4 and piece.count("`") >= 16 and "\n\n" not in piece:
            return start, start + size
        start += WIDTH_CHARS
    raise ValueError("no stretch of held-out text with four backtick spans")


def draw() -> str:
    """Draw the held-out text shaded by the backtick cell.

    Returns:
        The SVG markup of `docs/figures/activations-backticks.svg`.
    """
    text, shades = shaded_text()
    inside = backticks(text).tolist()
    width = 2 * PAD + WIDTH_CHARS * CHAR_W
    height = 2 * PAD + ROWS * ROW_H
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" font-family="monospace" font-size="14">',
        "<title>Held-out docstring text, each character shaded by the cell state of "
        "the cell that best follows inside backticks</title>",
    ]
    for n, (ch, shade, tick) in enumerate(zip(text, shades, inside, strict=True)):
        row, col = divmod(n, WIDTH_CHARS)
        x, y = PAD + col * CHAR_W, PAD + row * ROW_H
        if shade:
            opacity = MAX_OPACITY * shade / (LEVELS - 1)
            parts.append(
                f'<rect x="{x:g}" y="{y:g}" width="{CHAR_W:g}" height="{ROW_H:g}" '
                f'fill="currentColor" fill-opacity="{opacity:.2f}"/>'
            )
        if tick:  # the truth: underlined where the text is inside backticks
            parts.append(
                f'<line x1="{x:g}" x2="{x + CHAR_W:g}" y1="{y + 21:g}" y2="{y + 21:g}" '
                f'stroke="currentColor" stroke-width="2"/>'
            )
        glyph = "\u21b5" if ch == "\n" else ch  # a visible newline
        if glyph != " ":
            parts.append(
                f'<text x="{x + CHAR_W / 2:g}" y="{y + 16:g}" text-anchor="middle" '
                f'fill="currentColor">{html.escape(glyph)}</text>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def draw_saturation() -> str:
    """Draw each gate unit's left- against right-saturated share, as the paper's Figure 3.

    Returns:
        The SVG markup of `docs/figures/activations-saturation.svg`.
    """
    shares = saturation()
    side, gap, left, top = 90.0, 20.0, 44.0, 28.0
    width = left + 3 * side + 2 * gap + 10
    height = top + side + 46
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" font-size="13">',
        "<title>Each unit of the input, forget and output gates as a point: the share of "
        "held-out characters on which it is left-saturated against right-saturated</title>",
        f'<text x="12" y="{top + side / 2:g}" text-anchor="middle" fill="currentColor" '
        f'transform="rotate(-90 12 {top + side / 2:g})">right-saturated</text>',
        f'<text x="{left + (width - left) / 2:g}" y="{height - 6:g}" text-anchor="middle" '
        f'fill="currentColor">left-saturated (share of characters)</text>',
    ]
    for n, (name, (lefts, rights)) in enumerate(shares.items()):
        x0 = left + n * (side + gap)
        parts += [
            f'<text x="{x0 + side / 2:g}" y="{top - 10:g}" text-anchor="middle" '
            f'fill="currentColor">{name} gate</text>',
            f'<rect x="{x0:g}" y="{top:g}" width="{side:g}" height="{side:g}" fill="none" '
            f'stroke="currentColor" stroke-width="1"/>',
            # left + right <= 1: the points lie below this diagonal
            f'<line x1="{x0:g}" y1="{top:g}" x2="{x0 + side:g}" y2="{top + side:g}" '
            f'stroke="currentColor" stroke-width="1" stroke-dasharray="3 3"/>',
        ]
        for tick in (0, 0.5, 1):
            tx, ty = x0 + tick * side, top + side - tick * side
            parts.append(
                f'<text x="{tx:g}" y="{top + side + 14:g}" text-anchor="middle" '
                f'fill="currentColor">{tick:g}</text>'
            )
            if n == 0:
                parts.append(
                    f'<text x="{x0 - 4:g}" y="{ty + 4:g}" text-anchor="end" '
                    f'fill="currentColor">{tick:g}</text>'
                )
        for a, b in zip(lefts, rights, strict=True):
            parts.append(
                f'<circle cx="{x0 + a * side:.1f}" cy="{top + side - b * side:.1f}" r="2.5" '
                f'fill="none" stroke="currentColor" stroke-width="1"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


DRAWN = {FIGURE: draw, SATURATION_FIGURE: draw_saturation}


def main(argv: list[str] | None = None) -> int:
    """Write the figures into `docs/figures/`, or with `--check` compare only."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    stale = []
    for path, draw_figure in DRAWN.items():
        svg = draw_figure()
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != svg:
                stale.append(str(path))
            continue
        path.write_text(svg, encoding="utf-8")
        print(f"wrote {path}")
    if stale:
        refresh = "python -m rnn_guide_site.activation_figures"
        print(f"stale: {', '.join(stale)}; run `{refresh}`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
