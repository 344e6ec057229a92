"""The figure of [Why the gates are built so](gated-variants.md).

`recall_figure` trains, in float64 on one thread, the chapter's recall task
(the same sizes, seed, steps and initialisation as its `train_recall`; the
chapter's own runs are float32) and draws each run's training loss. The
training is repeated here on purpose, as in `model_figures`: a figure must not
depend on a page's namespace.
"""

import functools
import math

import torch
from torch import nn

from rnn_guide import VariantCell

from .model_figures import _float64
from .svgplot import Series, line_chart

K, H, L, STEPS = 4, 16, 10, 100  # symbols, hidden units, distance, Adam steps

# (label, variant, keep bias or None, look): the runs the chapter compares.
RUNS = [
    ("LSTM", "lstm", None, dict(dash="", marker="circle", accent=False)),
    ("LSTM without a forget gate", "no_forget", None, dict(dash="7 4", marker="square")),
    ("LSTM, forget bias 1", "lstm", 1.0, dict(dash="", marker="circle", accent=True)),
    ("GRU", "gru", None, dict(dash="2 3", marker="triangle", accent=False)),
    ("GRU, update bias 1", "gru", 1.0, dict(dash="2 3", marker="triangle", accent=True)),
]


@functools.cache  # once per process: the tests draw every figure more than once
def _recall_losses(variant: str, keep: float | None, seed: int = 0) -> tuple[float, ...]:
    """Train the chapter's recall model; return the loss at every step."""
    torch.manual_seed(seed)
    data = torch.Generator().manual_seed(seed)
    cell, head = VariantCell(K, H, variant), nn.Linear(H, K)
    for linear in (cell.ih, cell.hh):  # nn.LSTM's and nn.GRU's initialisation
        for p in linear.parameters():
            nn.init.uniform_(p, -(H**-0.5), H**-0.5)
    gates = cell.VARIANTS[variant]
    gate = "f" if "f" in gates else "z" if "z" in gates else None
    if keep is not None and gate is not None:
        rows = slice(gates.index(gate) * H, (gates.index(gate) + 1) * H)
        with torch.no_grad():
            cell.ih.bias[rows] = keep
            cell.hh.bias[rows] = 0.0
    optimizer = torch.optim.Adam([*cell.parameters(), *head.parameters()], lr=0.02)
    losses = []
    for _ in range(STEPS):
        symbols = torch.randint(0, K, (L, 64), generator=data)
        x = nn.functional.one_hot(symbols, K).to(torch.get_default_dtype())  # (L, N, K)
        output, _ = cell.unroll_sequence(x)  # (L, N, H_out)
        loss = nn.functional.cross_entropy(head(output[-1]), symbols[0])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return tuple(losses)


@_float64
def recall_figure() -> str:
    """Draw the recall task's training loss for the LSTM and GRU, default and biased.

    See [Why the gates are built so](gated-variants.md#the-same-task-the-same-budget).

    Returns:
        The SVG markup of `docs/figures/variants-recall.svg`.
    """
    series = [
        Series(
            label=label,
            x=list(range(1, STEPS + 1)),
            y=list(_recall_losses(variant, keep)),
            mark_every=11,
            **look,
        )
        for label, variant, keep, look in RUNS
    ]
    return line_chart(
        series,
        title=(
            f"Training loss on the recall task, L = {L}, seed 0: the LSTM, the "
            f"LSTM without a forget gate, the LSTM with forget bias 1, and the GRU "
            f"at the default initialisation and with update bias 1"
        ),
        x_label="Adam step",
        y_label="cross-entropy loss",
        y_range=(1e-3, 1e2),  # the legend sits above the lines
        x_ticks=[1, 20, 40, 60, 80, 100],
        reference_y=math.log(K),  # the loss of guessing
    )
