"""Attention over an encoder's outputs: a mask from the source lengths, and three scores.

`Attention` scores every encoder output (a key) against a decoder state (a
query), turns the scores into weights with a softmax over the source steps,
and returns the weighted sum of the values. The three scores are Luong et al.'s
(2015) `"dot"` and `"general"` and Bahdanau et al.'s (2015) `"additive"`. Padded
source steps get a score of minus infinity before the softmax, so their weight
is exactly 0.
"""

import math

import torch
from torch import nn

from ._validate import (
    _check_attention_inputs,
    _check_attention_settings,
    _check_attention_sizes,
    _check_lengths,
)

_SCORES = ("dot", "general", "additive")


def length_mask(lengths: torch.Tensor | list[int], S: int) -> torch.Tensor:
    """Mark the real steps of each padded sequence: `True` where `s < lengths[n]`.

    This is the meaning of `scaled_dot_product_attention`'s boolean `attn_mask`
    (`True` takes part); `nn.MultiheadAttention`'s `key_padding_mask` wants the
    opposite, `~length_mask(lengths, S)`. See
    [Attention over the encoder's outputs](attention.md).

    Args:
        lengths: `N` lengths, each from 1 to `S`, as a list or a 1-D integer
            tensor (the mask is made on that tensor's device).
        S: The padded length, the number of source steps.

    Returns:
        A boolean tensor, `True` on real steps and `False` on padding.

    Shape:
        `(N, S)`.

    Raises:
        TypeError: If `lengths` is not a list of ints or a 1-D integer tensor,
            or `S` is not an int.
        ValueError: If a length is smaller than 1 or larger than `S`.

    Examples:
        >>> length_mask([3, 1], 4)
        tensor([[ True,  True,  True, False],
                [ True, False, False, False]])
    """
    device = lengths.device if isinstance(lengths, torch.Tensor) else None
    checked = _check_lengths(lengths, "length_mask()")
    _check_attention_sizes(checked, S, "length_mask()")
    steps = torch.arange(S, device=device)  # (S,)
    return steps < torch.tensor(checked, device=device)[:, None]  # (N, S)


class Attention(nn.Module):
    """Attend from decoder states to encoder outputs, with a mask from the lengths.

    For a query $q$ (a decoder state) and the keys $k_s$ (encoder outputs),
    the scores are `"dot"`, $\\text{scale} \\cdot q^\\top k_s$;
    `"general"`, $\\text{scale} \\cdot q^\\top W k_s$ (Luong, Pham and Manning
    2015); `"additive"`, $v^\\top \\tanh(W_q q + W_k k_s)$ (Bahdanau, Cho and
    Bengio 2015). The weights are the softmax of the scores over the source
    steps $s$, with minus infinity on padding, and the result is the weighted
    sum of the values. See
    [Attention over the encoder's outputs](attention.md).

    Args:
        query_size: `E_q`, the size of a query (the decoder's `H_out`).
        key_size: `E_k`, the size of a key (the encoder's `D * H_out`); must
            equal `query_size` for `"dot"`.
        score: `"dot"`, `"general"` or `"additive"`.
        hidden_size: The width of the additive score's `tanh` layer; by
            default `query_size`. Only for `"additive"`.
        scale: The factor on a `"dot"` or `"general"` score; by default
            `1 / sqrt(E_k)`, as in `scaled_dot_product_attention`. Luong et
            al.'s scores are unscaled: `scale=1`. Not for `"additive"`.

    Shape:
        - query: `(N, L, E_q)`, or `(N, E_q)` for one decoder step.
        - key: `(N, S, E_k)`.
        - value: `(N, S, E_v)`; by default the key.
        - lengths: `N` lengths from 1 to `S`.
        - Returns `(context, weights)`: `(N, L, E_v)` and `(N, L, S)`, or
          `(N, E_v)` and `(N, S)` for a 2-D query.

    Raises:
        TypeError: If a size is not an int or `scale` is not a number.
        ValueError: If `score` is unknown, `"dot"` is asked for with
            `query_size != key_size`, or `hidden_size` or `scale` is given
            with a score that has no use for it.

    Examples:
        >>> import torch
        >>> attention = Attention(4, 4, score="dot", scale=1.0)
        >>> key = torch.zeros(1, 3, 4)  # every score is 0
        >>> context, weights = attention(torch.ones(1, 4), key, lengths=[2])
        >>> weights
        tensor([[0.5000, 0.5000, 0.0000]])
    """

    def __init__(
        self,
        query_size: int,
        key_size: int,
        score: str = "dot",
        hidden_size: int | None = None,
        scale: float | None = None,
    ) -> None:
        super().__init__()
        _check_attention_settings(query_size, key_size, score, hidden_size, scale, _SCORES)
        self.score = score
        if score != "additive":  # sdpa's default: 1 / sqrt(E_k)
            self.scale = 1 / math.sqrt(key_size) if scale is None else float(scale)
        self.query_size, self.key_size = query_size, key_size
        if score == "general":
            self.W = nn.Linear(key_size, query_size, bias=False)  # W k_s
        elif score == "additive":
            hidden_size = query_size if hidden_size is None else hidden_size
            self.W_q = nn.Linear(query_size, hidden_size, bias=False)
            self.W_k = nn.Linear(key_size, hidden_size, bias=False)
            self.v = nn.Linear(hidden_size, 1, bias=False)

    def scores(self, query: torch.Tensor, key: torch.Tensor) -> torch.Tensor:
        """Score every query against every key, before the mask and the softmax.

        See [Attention over the encoder's outputs](attention.md).

        Args:
            query: The decoder states.
            key: The encoder outputs.

        Returns:
            The scores.

        Shape:
            - query: `(N, L, E_q)`.
            - key: `(N, S, E_k)`.
            - Returns `(N, L, S)`.
        """
        if self.score == "dot":
            return self.scale * query @ key.transpose(1, 2)  # (N, L, S)
        if self.score == "general":
            return self.scale * query @ self.W(key).transpose(1, 2)  # (N, L, S)
        q = self.W_q(query)[:, :, None, :]  # (N, L, 1, hidden)
        k = self.W_k(key)[:, None, :, :]  # (N, 1, S, hidden)
        return self.v(torch.tanh(q + k)).squeeze(-1)  # (N, L, S)

    def forward(
        self,
        query: torch.Tensor,
        key: torch.Tensor,
        value: torch.Tensor | None = None,
        lengths: torch.Tensor | list[int] | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Return the context (the weighted values) and the weights.

        See [Attention over the encoder's outputs](attention.md).

        Args:
            query: The decoder states, `(N, L, E_q)` or `(N, E_q)`.
            key: The encoder outputs, `(N, S, E_k)`.
            value: What is averaged, `(N, S, E_v)`; by default `key`.
            lengths: The source lengths; `None` when nothing is padded.

        Returns:
            `(context, weights)`, shaped as the class docstring says.
        """
        value = key if value is None else value
        one_step = _check_attention_inputs(
            self.query_size, self.key_size, query, key, value, lengths, "Attention"
        )
        if one_step:
            query = query[:, None, :]  # (N, 1, E_q)
        scores = self.scores(query, key)  # (N, L, S)
        if lengths is not None:
            if isinstance(lengths, torch.Tensor):
                lengths = lengths.to(key.device)
            real = length_mask(lengths, key.shape[1])  # (N, S)
            scores = scores.masked_fill(~real[:, None, :], float("-inf"))
        weights = torch.softmax(scores, dim=-1)  # (N, L, S): over the source steps
        context = weights @ value  # (N, L, E_v)
        if one_step:
            return context[:, 0], weights[:, 0]  # (N, E_v), (N, S)
        return context, weights
