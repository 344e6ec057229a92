"""The figures of the three model chapters and the speed page.

Each function trains, in float64 on one thread, the model its chapter trains
(same sizes, seeds and steps; the chapter's own run is float32), or reads the
measured speed table, and draws the result with `svgplot.line_chart`. The
training here repeats the chapter's program on purpose: a figure must not
depend on a page's namespace, and the tests redraw every figure and compare.
Each training runs once per process (`functools.cache`), in float64 whoever
calls first, since only the float64 wrappers below call them.

- `char_model_figure`: [A character-level language model](char-model.md).
- `classify_figure`: [Classifying sequences of different lengths](classify.md).
- `forecast_figure`: [Forecasting more than one step](forecast.md).
- `speed_figure`: [What nn.RNN runs](speed.md), from `docs/data/speed-cpu.json`.
"""

import functools
import inspect
import json
import math
from collections.abc import Callable
from pathlib import Path

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_sequence

from rnn_guide import sine_windows

from .svgplot import Series, line_chart

SPEED_DATA = Path("docs") / "data" / "speed-cpu.json"

_LOOKS = [
    dict(dash="", marker="circle", accent=False),
    dict(dash="7 4", marker="square", accent=True),
    dict(dash="2 3", marker="triangle", accent=False),
    dict(dash="10 3 2 3", marker="none", accent=False),
    dict(dash="", marker="square", accent=True),
    dict(dash="4 2", marker="triangle", accent=True),
]


def _float64(draw: Callable[[], str]) -> Callable[[], str]:
    """Run `draw` in float64 on one thread, then restore both settings."""

    def wrapped() -> str:
        dtype, threads = torch.get_default_dtype(), torch.get_num_threads()
        torch.set_default_dtype(torch.float64)
        torch.set_num_threads(1)
        try:
            return draw()
        finally:
            torch.set_default_dtype(dtype)
            torch.set_num_threads(threads)

    wrapped.__name__ = draw.__name__
    wrapped.__doc__ = draw.__doc__
    return wrapped


# A character-level language model


@functools.cache  # one training per process: the tests draw every figure more than once
def _char_training() -> tuple[list[float], float, int]:
    names = sorted(nn.modules.__all__)
    text = "\n\n".join(inspect.getdoc(getattr(nn, name)) for name in names)
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([stoi[c] for c in text])
    split = int(0.9 * len(ids))
    train_ids, valid_ids = ids[:split], ids[split:]
    counts = torch.bincount(train_ids, minlength=len(chars)).double() + 1
    unigram_ppl = math.exp(-(counts / counts.sum()).log()[valid_ids].mean().item())

    length = len(train_ids) // 32
    streams = train_ids[: 32 * length].view(32, length)  # (N, T)
    torch.manual_seed(0)
    embed = nn.Embedding(len(chars), 16)
    rnn = nn.RNN(16, 64, batch_first=True)
    head = nn.Linear(64, len(chars))
    parameters = [*embed.parameters(), *rnn.parameters(), *head.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=0.02)
    k, h, perplexities = 32, None, []
    for step in range(100):
        inputs = streams[:, step * k : step * k + k]
        targets = streams[:, step * k + 1 : step * k + k + 1]
        if h is not None:
            h = h.detach()
        output, h = rnn(embed(inputs), h)
        loss = nn.functional.cross_entropy(head(output).transpose(1, 2), targets)
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(parameters, 0.5)
        optimizer.step()
        perplexities.append(math.exp(loss.item()))
    return perplexities, unigram_ppl, len(chars)


@_float64
def char_model_figure() -> str:
    """Draw the training perplexity of the chapter's character model.

    Returns:
        The SVG markup of `docs/figures/char-model-loss.svg`.
    """
    perplexities, unigram_ppl, vocab_size = _char_training()
    steps = list(range(1, len(perplexities) + 1))
    series = [
        Series("training perplexity", steps, perplexities, mark_every=10, **_LOOKS[0]),
        Series(
            "unigram baseline",
            [1, len(steps)],
            [unigram_ppl, unigram_ppl],
            **_LOOKS[1],
        ),
        Series("uniform guess, V", [1, len(steps)], [vocab_size, vocab_size], **_LOOKS[2]),
    ]
    return line_chart(
        series,
        title=(
            "Training perplexity of a character-level RNN over 100 chunks of "
            "truncated BPTT, against the unigram baseline and the uniform guess"
        ),
        x_label="training step (one chunk of 32 characters per stream)",
        y_label="perplexity",
        y_range=(1, 1000),
        x_ticks=[1, 25, 50, 75, 100],
    )


# Classifying sequences of different lengths


def _last_three(n: int, seed: int) -> tuple[list[torch.Tensor], list[int]]:
    g = torch.Generator().manual_seed(seed)
    lengths = torch.randint(3, 21, (n,), generator=g).tolist()
    sequences = [torch.randn(k, 1, generator=g, dtype=torch.float32).double() for k in lengths]
    labels = [int(s[-3:].sum() > 0) for s in sequences]
    return sequences, labels


@functools.cache
def _classifier_accuracies() -> dict[str, list[float]]:
    train_x, train_y = _last_three(1024, seed=0)
    test_x, test_y = _last_three(1024, seed=1)
    test_lengths = torch.tensor([len(s) for s in test_x])
    test_padded = pad_sequence(test_x, batch_first=True)
    test_labels = torch.tensor(test_y)

    def summary(rnn, x, lengths, packed):
        if not packed:
            return rnn(x)[0][:, -1]
        pack = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        return rnn(pack)[1][-1]

    def train(packed):
        torch.manual_seed(0)
        rnn = nn.RNN(1, 16, batch_first=True)
        head = nn.Linear(16, 2)
        optimizer = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=0.02)
        g = torch.Generator().manual_seed(0)
        for _ in range(6):
            order = torch.randperm(len(train_x), generator=g).tolist()
            for start in range(0, len(order), 64):
                batch = order[start : start + 64]
                x = pad_sequence([train_x[i] for i in batch], batch_first=True)
                lengths = torch.tensor([len(train_x[i]) for i in batch])
                y = torch.tensor([train_y[i] for i in batch])
                loss = nn.functional.cross_entropy(head(summary(rnn, x, lengths, packed)), y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        return rnn, head

    def right(rnn, head, packed):
        with torch.no_grad():
            logits = head(summary(rnn, test_padded, test_lengths, packed))
        return logits.argmax(dim=1) == test_labels

    packed_model = train(packed=True)
    unpacked_model = train(packed=False)
    rights = {
        "packed": right(*packed_model, packed=True),
        "trained without packing": right(*unpacked_model, packed=False),
        "packed, given padding": right(*packed_model, packed=False),
    }
    buckets = [(first, first + 2) for first in range(3, 21, 3)]  # 3-5, ..., 18-20
    return {
        name: [
            r[(test_lengths >= a) & (test_lengths <= b)].double().mean().item() for a, b in buckets
        ]
        for name, r in rights.items()
    }


@_float64
def classify_figure() -> str:
    """Draw the test error rate by sequence length for three ways to treat padding.

    Returns:
        The SVG markup of `docs/figures/classify-lengths.svg`.
    """
    accuracies = _classifier_accuracies()
    middles = [4, 7, 10, 13, 16, 19]  # the middle of each bucket of three lengths
    series = [
        Series(name, middles, [100 * (1 - a) for a in values], **look)
        for (name, values), look in zip(accuracies.items(), _LOOKS, strict=False)
    ]
    return line_chart(
        series,
        title=(
            "Test error rate by sequence length: the packed classifier, one "
            "trained without packing, and the packed one given padded batches"
        ),
        x_label="sequence length (buckets of three: 3-5 to 18-20)",
        y_label="test error rate, %",
        log_y=False,
        y_range=(0.0, 100.0),
        x_ticks=middles,
        reference_y=50.0,  # a coin toss
    )


# Forecasting more than one step


@functools.cache
def _forecast_errors() -> dict[str, list[float]]:
    prompt, horizon = 12, 40
    train_series = sine_windows(64, prompt + horizon, seed=0, dtype=torch.float64)[0]
    test_series = sine_windows(256, prompt + horizon, seed=1, dtype=torch.float64)[0]

    class Forecaster(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn = nn.RNN(1, 16, batch_first=True)
            self.head = nn.Linear(16, 1)

        def forward(self, x, h=None):
            output, h = self.rnn(x, h)
            return self.head(output), h

    def free_run(model, x, steps):
        predictions, h = model(x)
        x = predictions[:, -1:]
        forecast = [x]
        for _ in range(steps - 1):
            x, h = model(x, h)
            forecast.append(x)
        return torch.cat(forecast, dim=1)

    def fit(loss_of):
        torch.manual_seed(0)
        model = Forecaster()
        optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
        schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=200)
        for _ in range(200):
            optimizer.zero_grad()
            loss_of(model).backward()
            optimizer.step()
            schedule.step()
        return model

    def one_step(model):
        inputs, targets = train_series[:, :prompt], train_series[:, 1 : prompt + 1]
        return nn.functional.mse_loss(model(inputs)[0], targets)

    def multi_step(model):
        forecast = free_run(model, train_series[:, :prompt], 8)
        return nn.functional.mse_loss(forecast, train_series[:, prompt : prompt + 8])

    future = test_series[:, prompt:]
    errors = {}
    for name, loss_of in [("teacher-forced", one_step), ("8-step target", multi_step)]:
        model = fit(loss_of)
        with torch.no_grad():
            free = free_run(model, test_series[:, :prompt], horizon)
            forced = model(test_series[:, :-1])[0][:, prompt - 1 :]
        errors[f"{name}, run free"] = ((free - future) ** 2).mean(dim=(0, 2)).tolist()
        if name == "teacher-forced":
            one = ((forced - future) ** 2).mean(dim=(0, 2)).tolist()
            errors["teacher-forced, one step ahead"] = one
    return errors


@_float64
def forecast_figure() -> str:
    """Draw the forecast error against the horizon for two trainings.

    Returns:
        The SVG markup of `docs/figures/forecast-horizon.svg`.
    """
    errors = _forecast_errors()
    horizons = list(range(1, 41))
    series = [
        Series(name, horizons, values, mark_every=5, **look)
        for (name, values), look in zip(errors.items(), _LOOKS, strict=False)
    ]
    return line_chart(
        series,
        title=(
            "Mean squared error of a sine-wave forecast against the horizon: "
            "a teacher-forced model run free, a model trained on an 8-step "
            "target run free, and the teacher-forced model one step ahead"
        ),
        x_label="horizon (steps after the 12-step prompt)",
        y_label="test MSE",
        y_range=(1e-5, 1.0),
        x_ticks=[1, 10, 20, 30, 40],
    )


# What nn.RNN runs


def speed_figure() -> str:
    """Draw the measured time per step of four ways to run a layer and two gated layers.

    Returns:
        The SVG markup of `docs/figures/speed-cpu.svg`.
    """
    data = json.loads(SPEED_DATA.read_text(encoding="utf-8"))
    width = 16
    ways = [*data["ways"], "nn.GRU", "nn.LSTM"]  # nn.LSTM: oneDNN's layer
    series = []
    for way, look in zip(ways, _LOOKS, strict=True):
        rows = [r for r in data["results"] if r["way"] == way and r["H"] == width]
        lengths = [r["L"] for r in rows]
        per_step_us = [r["seconds"] / r["L"] * 1e6 for r in rows]
        series.append(Series(way, lengths, per_step_us, **look))
    machine = data["machine"]
    return line_chart(
        series,
        title=(
            f"Microseconds per time step for four ways to run one nn.RNN layer, "
            f"and for nn.GRU and nn.LSTM (H_in = H_out = {width}, N = {data['batch']}), "
            f"on {machine['cpu']}, one thread, float32, torch {machine['torch']}, "
            f"measured {machine['date']}"
        ),
        x_label="sequence length L",
        y_label="µs per step",
        y_range=(1, 100),
        x_ticks=sorted({r["L"] for r in data["results"]}),
    )
