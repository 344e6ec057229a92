"""The figures of the attention chapter: accuracy against source length, and one heatmap.

`attention_length_figure` trains the chapter's two models, a plain GRU
encoder-decoder and the same with dot attention, on the chapter's reversal
task with the chapter's budget (300 steps of 64 sources), in float64 on one
thread, from seeds 0, 1 and 2, and draws their mean accuracy against the
source's length. `attention_heatmap_figure` draws the weights of the attentive
model of seed 0 on one source. The training repeats the chapter's program on
purpose: a figure must not depend on a page's namespace. See
[Attention over the encoder's outputs](attention.md).
"""

import functools
import html

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

import rnn_guide

from .model_figures import _float64
from .svgplot import Series, line_chart

PAD, BOS = 0, 1  # token ids; the symbols are 2 to 9
V = 10  # vocabulary: PAD, BOS and 8 symbols
S_MAX = 12  # the longest source
SEEDS = (0, 1, 2)
STEPS = 300


def reverse_batch(N, generator, shortest=1, longest=S_MAX):
    """N random sources of lengths in [shortest, longest], and their reversals."""
    lengths = torch.randint(shortest, longest + 1, (N,), generator=generator)  # (N,)
    S = int(lengths.max())
    steps = torch.arange(S)  # (S,)
    padding = steps >= lengths[:, None]  # (N, S)
    source = torch.randint(2, V, (N, S), generator=generator).masked_fill(padding, PAD)
    backwards = (lengths[:, None] - 1 - steps).clamp(min=0)  # (N, S)
    target = source.gather(1, backwards).masked_fill(padding, PAD)  # (N, S)
    return source, lengths, target


class Seq2Seq(nn.Module):
    """The chapter's GRU encoder-decoder, with or without dot attention."""

    def __init__(self, attend: bool, hidden_size: int = 32, embedding_dim: int = 16):
        super().__init__()
        H = hidden_size
        self.embed = nn.Embedding(V, embedding_dim, padding_idx=PAD)
        self.encoder = nn.GRU(embedding_dim, H, batch_first=True)
        self.decoder = nn.GRU(embedding_dim, H, batch_first=True)
        self.attention = rnn_guide.Attention(H, H, score="dot", scale=1.0) if attend else None
        self.combine = nn.Linear(2 * H, H)
        self.head = nn.Linear(H, V)

    def encode(self, source, lengths):
        embedded = self.embed(source)  # (N, S, E)
        packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
        output, h_n = self.encoder(packed)
        output, _ = pad_packed_sequence(output, batch_first=True, total_length=source.shape[1])
        return output, h_n  # (N, S, H_out), (1, N, H_out)

    def readout(self, h, keys, lengths):
        if self.attention is None:
            return self.head(h), None
        context, weights = self.attention(h, keys, lengths=lengths)  # (N, T, H_out)
        return self.head(torch.tanh(self.combine(torch.cat([context, h], -1)))), weights

    def forward(self, source, lengths, target):
        keys, h_n = self.encode(source, lengths)
        start = torch.full_like(target[:, :1], BOS)
        inputs = torch.cat([start, target[:, :-1]], 1)  # (N, T)
        h, _ = self.decoder(self.embed(inputs), h_n)  # (N, T, H_out)
        return self.readout(h, keys, lengths)[0]

    @torch.no_grad()
    def greedy(self, source, lengths):
        keys, state = self.encode(source, lengths)
        token = torch.full_like(source[:, :1], BOS)
        tokens, weights = [], []
        for _ in range(source.shape[1]):
            h, state = self.decoder(self.embed(token), state)  # (N, 1, H_out)
            logits, step_weights = self.readout(h, keys, lengths)
            token = logits.argmax(-1)  # (N, 1)
            tokens.append(token)
            weights.append(step_weights)
        stacked = None if weights[0] is None else torch.cat(weights, 1)  # (N, T, S)
        return torch.cat(tokens, 1), stacked


def train(attend: bool, steps: int = STEPS, seed: int = 0) -> Seq2Seq:
    torch.manual_seed(seed)
    data = torch.Generator().manual_seed(seed)
    model = Seq2Seq(attend)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(steps):
        source, lengths, target = reverse_batch(64, data)
        logits = model(source, lengths, target)  # (N, T, V)
        loss = nn.functional.cross_entropy(logits.transpose(1, 2), target, ignore_index=PAD)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return model


def accuracy_by_length(model: Seq2Seq, seed: int = 1, N: int = 200) -> list[float]:
    data = torch.Generator().manual_seed(seed)
    accuracy = []
    for S in range(1, S_MAX + 1):
        source, lengths, target = reverse_batch(N, data, S, S)
        accuracy.append((model.greedy(source, lengths)[0] == target).float().mean().item())
    return accuracy


@functools.cache  # one training per process: the tests draw every figure more than once
def _trained() -> dict:
    curves, models = {}, {}
    for attend in (False, True):
        runs = []
        for seed in SEEDS:
            models[attend, seed] = train(attend, seed=seed)
            runs.append(accuracy_by_length(models[attend, seed]))
        curves[attend] = [sum(column) / len(SEEDS) for column in zip(*runs, strict=True)]
    model = models[True, 0]
    source = torch.tensor([[2, 3, 4, 5, 6, 7, 8, 9]])  # (1, S)
    tokens, weights = model.greedy(source, torch.tensor([8]))
    return {"curves": curves, "source": source[0], "tokens": tokens[0], "weights": weights[0]}


@_float64
def attention_length_figure() -> str:
    """Draw the accuracy of both models against the source's length.

    See [Attention over the encoder's outputs](attention.md#the-result-in-miniature).

    Returns:
        The SVG markup of `docs/figures/attention-length.svg`.
    """
    curves = _trained()["curves"]
    lengths = list(range(1, S_MAX + 1))
    series = [
        Series("with attention", lengths, curves[True], dash="", marker="circle", accent=True),
        Series("plain encoder-decoder", lengths, curves[False], dash="7 4", marker="square"),
        Series("chance, 1 in 8", lengths, [1 / 8] * S_MAX, dash="2 3", marker="none"),
    ]
    return line_chart(
        series,
        title=(
            "Token accuracy of greedy decoding against the source's length, for a GRU "
            "encoder-decoder with and without dot attention, trained to reverse "
            "sequences of 1 to 12 symbols with the same budget, mean of three seeds"
        ),
        x_label="source length S",
        y_label="token accuracy",
        log_y=False,
        y_range=(0.0, 1.25),  # room above 1 for the legend
        x_ticks=[1, 2, 4, 6, 8, 10, 12],
        height=460,
    )


@_float64
def attention_heatmap_figure() -> str:
    """Draw the attentive model's weights on one source, one row per output step.

    See [Attention over the encoder's outputs](attention.md#the-result-in-miniature).

    Returns:
        The SVG markup of `docs/figures/attention-heatmap.svg`.
    """
    trained = _trained()
    weights = trained["weights"]  # (T, S)
    T, S = weights.shape
    cell, left, top = 32, 84, 64
    width, height = left + S * cell + 12, top + T * cell + 44
    names = [str(int(token) - 2) for token in trained["source"]]  # symbol ids from 0
    outputs = [str(int(token) - 2) for token in trained["tokens"]]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        "  <title>"
        + html.escape(
            f"Attention weights of the attentive model reversing the source "
            f"{' '.join(names)}: row t is output step t, column s is source step s; "
            f"the darker the cell, the larger the weight"
        )
        + "</title>",
        '  <g fill="none" stroke="currentColor" stroke-width="1">',
    ]
    labels = ['  <g fill="currentColor" stroke="none">']
    for t in range(T):
        y = top + t * cell
        labels.append(
            f'    <text x="{left - 10}" y="{y + cell / 2:.1f}" dy="0.35em" '
            f'text-anchor="end">t={t + 1}: {outputs[t]}</text>'
        )
        for s in range(S):
            x = left + s * cell
            parts.append(f'    <rect class="box" x="{x}" y="{y}" width="{cell}" height="{cell}"/>')
            share = round(float(weights[t, s]), 2)
            if share >= 0.01:
                parts.append(
                    f'    <rect class="accent" fill="currentColor" opacity="{share:.2f}" '
                    f'x="{x + 1}" y="{y + 1}" width="{cell - 2}" height="{cell - 2}"/>'
                )
    for s in range(S):
        x = left + s * cell + cell / 2
        labels.append(f'    <text x="{x:.1f}" y="{top - 30}" text-anchor="middle">{s + 1}</text>')
        labels.append(
            f'    <text x="{x:.1f}" y="{top - 10}" text-anchor="middle">{names[s]}</text>'
        )
    labels.append(
        f'    <text x="{left + S * cell / 2:.1f}" y="{top + T * cell + 28}" '
        f'text-anchor="middle">source step s and its symbol</text>'
    )
    labels.append(f'    <text x="{left - 10}" y="{top - 30}" text-anchor="end">s</text>')
    labels.append(f'    <text x="{left - 10}" y="{top - 10}" text-anchor="end">symbol</text>')
    parts.append("  </g>")
    parts.extend(labels)
    parts.append("  </g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


@_float64
def length_curves() -> dict[str, list[float]]:
    """Return the figure's mean accuracies, by model, for source lengths 1 to 12.

    See [Attention over the encoder's outputs](attention.md#the-result-in-miniature):
    the chapter's table prints them, and `tests/test_attention.py` checks it.
    """
    curves = _trained()["curves"]
    return {"plain": curves[False], "with attention": curves[True]}
