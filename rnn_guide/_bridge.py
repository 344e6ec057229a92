"""Hand an encoder's final state to a one-direction decoder, layer by layer.

An encoder's `h_n` is `(D * num_layers, N, H_out)`, layers outermost and
directions inside each layer: row `2 * k` is layer k's forward direction, row
`2 * k + 1` its backward one. A decoder runs forward only, so it wants
`(num_layers, N, H_dec)`. `view(num_layers, D, N, H_out)` names the two
indices; the bridge then joins each layer's two directions in one of three ways.
"""

import torch

from ._validate import _check_bridge

_MODES = ("concat", "sum", "forward")


def bridge_state(
    h_n: torch.Tensor | tuple[torch.Tensor, torch.Tensor],
    num_layers: int,
    bidirectional: bool,
    mode: str = "concat",
) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
    """Join each layer's two directions of an encoder's final state.

    [Encoder and decoder](encoder-decoder.md) shows each mode at work and
    what it costs in parameters.

    Args:
        h_n: the encoder's final hidden state, or the pair `(h_n, c_n)` of an
            `nn.LSTM`; each part is joined the same way.
        num_layers: the encoder's `num_layers`.
        bidirectional: the encoder's `bidirectional`.
        mode: `"concat"` puts each layer's forward and backward states side by
            side (`[forward, backward]`, width `2 * H_out`: a decoder of
            hidden size `2 * H_out`, or a `Linear(2 * H_out, H_dec)` of your
            own, takes it); `"sum"` adds them; `"forward"` keeps the forward
            direction and drops the backward one. A one-direction encoder's
            state comes back unchanged in every mode.

    Returns:
        The joined state, a tensor or a pair like `h_n`.

    Shape:
        - h_n: `(D * num_layers, N, H_out)`, D = 2 if bidirectional else 1;
          each part of an LSTM's pair has this shape.
        - Returns: `(num_layers, N, 2 * H_out)` for "concat" with two
          directions, else `(num_layers, N, H_out)`.

    Raises:
        TypeError: If `h_n` is neither a tensor nor a pair of tensors, or
            `num_layers` or `bidirectional` has the wrong type.
        ValueError: If a part of `h_n` is not `(D * num_layers, N, H_out)`, or
            `mode` is not one of the three.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> encoder = nn.GRU(input_size=2, hidden_size=3, num_layers=2, bidirectional=True)
        >>> output, h_n = encoder(torch.randn(5, 4, 2))  # (L, N, H_in)
        >>> tuple(h_n.shape)  # (D * num_layers, N, H_out)
        (4, 4, 3)
        >>> tuple(bridge_state(h_n, 2, True, mode="concat").shape)
        (2, 4, 6)
        >>> tuple(bridge_state(h_n, 2, True, mode="sum").shape)
        (2, 4, 3)
        >>> top = bridge_state(h_n, 2, True)[-1]  # the top layer, (N, 2 * H_out)
        >>> torch.allclose(top, torch.cat([output[-1, :, :3], output[0, :, 3:]], dim=1))
        True
    """
    _check_bridge(h_n, num_layers, bidirectional, mode, _MODES, "bridge_state()")
    if isinstance(h_n, tuple | list):
        return tuple(_join(part, num_layers, bidirectional, mode) for part in h_n)
    return _join(h_n, num_layers, bidirectional, mode)


def _join(state: torch.Tensor, num_layers: int, bidirectional: bool, mode: str) -> torch.Tensor:
    if not bidirectional:
        return state  # (num_layers, N, H_out) already
    N, H_out = state.shape[1], state.shape[2]
    by_layer = state.view(num_layers, 2, N, H_out)  # (num_layers, D, N, H_out)
    forward, backward = by_layer[:, 0], by_layer[:, 1]  # each (num_layers, N, H_out)
    if mode == "concat":
        return torch.cat([forward, backward], dim=2)  # (num_layers, N, 2 * H_out)
    if mode == "sum":
        return forward + backward  # (num_layers, N, H_out)
    return forward  # (num_layers, N, H_out)
