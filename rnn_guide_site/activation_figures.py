"""The figure of "What a trained cell tracks": held-out text shaded by one cell.

It trains, in float64 on one thread, the chapter's character LSTM (same sizes,
seed, steps and text; the chapter's own run is float32), picks the cell whose
state correlates best with "inside backticks" on the chapter's picking text,
and draws a stretch of held-out text with each character's background shaded
by that cell's value. The shade is `currentColor` at an opacity, so it follows
the page's text colour in the light and the dark theme; the darker, the more
the cell says "inside backticks"; a line under a character marks the text
that is inside backticks, by the chapter's rule. The text depends on the running torch's
docstrings, so the committed figure is the pinned torch's
(tests/test_activations.py redraws and compares it there).

Run `python -m rnn_guide_site.activation_figures` to write it, `--check` to
compare only.
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


def _cell_states(model: _CharLSTM, ids: torch.Tensor) -> torch.Tensor:
    lstm = model.lstm
    with torch.no_grad():
        x = model.embed(ids)  # (L, E)
        h = lstm(x[None])[0][0]  # (L, H_out)
        h_prev = torch.cat([torch.zeros_like(h[:1]), h[:-1]])
        z = x @ lstm.weight_ih_l0.T + lstm.bias_ih_l0  # (L, 4 H): i, f, g, o
        z = z + h_prev @ lstm.weight_hh_l0.T + lstm.bias_hh_l0
        i, f, g, o = z.chunk(4, dim=1)
        i, f, g = i.sigmoid(), f.sigmoid(), g.tanh()
        c, c_t = torch.empty_like(h), torch.zeros_like(h[0])
        for t in range(len(ids)):
            c_t = f[t] * c_t + i[t] * g[t]
            c[t] = c_t
    return c


def _correlations(c: torch.Tensor, p: torch.Tensor) -> torch.Tensor:
    c = c - c.mean(dim=0)
    p = p - p.mean()
    return (c * p[:, None]).sum(dim=0) / (c.norm(dim=0) * p.norm())


@functools.cache
def shaded_text() -> tuple[str, list[int]]:
    """Train the chapter's model in float64 and shade a stretch of held-out text.

    Returns:
        The text drawn and, per character, its shade from 0 to LEVELS - 1.
    """
    dtype, threads = torch.get_default_dtype(), torch.get_num_threads()
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    try:
        text, chars, ids = _text()
        split = int(0.9 * len(ids))
        train_ids, valid_ids = ids[:split], ids[split:]
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
        pick = train_ids[-30_000:]
        pick_text = "".join(chars[i] for i in pick.tolist())
        r = _correlations(_cell_states(model, pick), backticks(pick_text))
        cell = r.abs().argmax().item()
        sign = 1.0 if r[cell] > 0 else -1.0  # darker means "inside"
        start, end = _window(text[split:])
        c = _cell_states(model, valid_ids[:end])[start:end, cell]  # (L,)
        values = sign * torch.tanh(c)  # in (-1, 1), as the paper shows it
        low, high = values.min(), values.max()
        scaled = (values - low) / (high - low)  # 0 to 1 over the window
        shades = (scaled * (LEVELS - 1)).round().long().tolist()
        return text[split:][start:end], shades
    finally:
        torch.set_default_dtype(dtype)
        torch.set_num_threads(threads)


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


def main(argv: list[str] | None = None) -> int:
    """Write the figure into `docs/figures/`, or with `--check` compare only."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    svg = draw()
    if args.check:
        current = FIGURE.read_text(encoding="utf-8") if FIGURE.exists() else None
        if current != svg:
            refresh = "python -m rnn_guide_site.activation_figures"
            print(f"{FIGURE} is stale; run `{refresh}`", file=sys.stderr)
            return 1
        return 0
    FIGURE.write_text(svg, encoding="utf-8")
    print(f"wrote {FIGURE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
