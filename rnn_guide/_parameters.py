"""Find one layer's weights by name, and count all of a recurrent layer's parameters.

nn.RNN, nn.LSTM and nn.GRU store each layer and direction the same way:
`weight_ih` stacks the rows of every gate (1 block for the Elman RNN, 4 for
LSTM: i, f, g, o; 3 for GRU: r, z, n), `weight_hh` likewise, and LSTM with
`proj_size > 0` adds `weight_hr`, which projects `h_t` down to `proj_size`.
"""

from typing import NamedTuple

import torch
from torch import nn

from ._validate import _check_bool, _check_choice, _check_int, _check_proj_size, _kind

# How many blocks of H_cell rows each kind stacks in weight_ih and weight_hh.
_GATES = {"RNN": 1, "LSTM": 4, "GRU": 3}


class _Weights(NamedTuple):
    """One layer and direction's parameters; a bias is None with `bias=False`.

    G is the number of gates (1, 4 or 3), H_cell the hidden size, and H_out
    the width of h_t: `proj_size` for an LSTM with a projection, else H_cell.
    """

    weight_ih: torch.Tensor  # (G * H_cell, H_in), or (G * H_cell, D * H_out) above layer 0
    weight_hh: torch.Tensor  # (G * H_cell, H_out)
    bias_ih: torch.Tensor | None  # (G * H_cell,)
    bias_hh: torch.Tensor | None  # (G * H_cell,)
    weight_hr: torch.Tensor | None  # (H_out, H_cell), LSTM with proj_size > 0 only


def _layer_parameters(rnn: nn.RNNBase, layer: int, direction: int) -> _Weights:
    """Return the parameters of one layer and direction, found by their names."""
    # The backward direction's parameters carry the suffix `_reverse`.
    suffix = f"l{layer}" + ("_reverse" if direction == 1 else "")
    return _Weights(
        weight_ih=getattr(rnn, f"weight_ih_{suffix}"),
        weight_hh=getattr(rnn, f"weight_hh_{suffix}"),
        bias_ih=getattr(rnn, f"bias_ih_{suffix}") if rnn.bias else None,
        bias_hh=getattr(rnn, f"bias_hh_{suffix}") if rnn.bias else None,
        weight_hr=getattr(rnn, f"weight_hr_{suffix}") if rnn.proj_size > 0 else None,
    )


def _nonlinearity(rnn: nn.RNN) -> str:
    """Return the name of the nonlinearity an Elman RNN applies: "tanh" or "relu"."""
    return "tanh" if rnn.mode == "RNN_TANH" else "relu"


def _state_sizes(rnn: nn.RNNBase) -> tuple[int, ...]:
    """Return the width of each part of the state: (H_out,), or (H_out, H_cell) for LSTM."""
    H_out = rnn.proj_size or rnn.hidden_size
    return (H_out, rnn.hidden_size) if _kind(rnn) == "LSTM" else (H_out,)


def _parameter_formula(bias: bool, kind: str = "RNN", proj_size: int = 0) -> str:
    """Return the symbolic count that `parameter_count` evaluates."""
    # Per layer and direction: G * H_cell rows, each reading the layer's input,
    # the previous hidden state and (with bias) one entry of b_ih and one of
    # b_hh; with a projection, weight_hr adds H_out * H_cell.
    extra = " + 2" if bias else ""
    gates = "" if kind == "RNN" else f"{_GATES[kind]} * "
    if proj_size == 0:
        return (
            f"{gates}D * H_out * (H_in + H_out{extra}) "
            f"+ (num_layers - 1) * {gates}D * H_out * (D * H_out + H_out{extra})"
        )
    return (
        f"D * ({gates}H_cell * (H_in + H_out{extra}) + H_out * H_cell) "
        f"+ (num_layers - 1) * D * ({gates}H_cell * (D * H_out + H_out{extra}) "
        f"+ H_out * H_cell)"
    )


def parameter_count(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bias: bool = True,
    bidirectional: bool = False,
    *,
    kind: str = "RNN",
    proj_size: int = 0,
) -> int:
    """Count the parameters of `nn.RNN`, `nn.LSTM` or `nn.GRU` by formula.

    Each layer and direction owns `weight_ih` of shape `(G * H_cell, H_in)` in
    the first layer and `(G * H_cell, D * H_out)` above it (the layer below's
    output), `weight_hh` of shape `(G * H_cell, H_out)`, and two biases of
    shape `(G * H_cell,)`, where G is the number of gates: 1 for the Elman RNN,
    4 for LSTM, 3 for GRU. H_cell is `hidden_size`; H_out is `proj_size` for
    an LSTM with a projection, which adds `weight_hr` of shape
    `(H_out, H_cell)`, and `hidden_size` otherwise. For the Elman RNN:

        D * H_out * (H_in + H_out + 2)
        + (num_layers - 1) * D * H_out * (D * H_out + H_out + 2)

    without the `+ 2` terms when `bias=False`, and with a factor G for the
    gated layers.

    See [Parameters and shapes](parameters.md).

    Args:
        input_size: `H_in`, the width of one input vector.
        hidden_size: `H_out` (`H_cell` for an LSTM with a projection), the
            width of one hidden state.
        num_layers: The number of stacked layers.
        bias: Whether the layers have `bias_ih` and `bias_hh`.
        bidirectional: Whether each layer also reads the sequence backward
            (`D = 2`).
        kind: `"RNN"`, `"LSTM"` or `"GRU"`.
        proj_size: LSTM only: the width of the projected `h_t`, smaller than
            `hidden_size`; 0 for no projection.

    Returns:
        The number of scalar parameters, equal to
        `sum(p.numel() for p in module.parameters())`.

    Raises:
        TypeError: If a size is not an int, or a flag is not a bool.
        ValueError: If a size is smaller than 1, `kind` is unknown, or
            `proj_size` is negative, not smaller than `hidden_size`, or given
            for a kind other than LSTM.

    Examples:
        >>> from torch import nn
        >>> parameter_count(4, 8, num_layers=2, bidirectional=True)
        640
        >>> rnn = nn.RNN(4, 8, num_layers=2, bidirectional=True)
        >>> sum(p.numel() for p in rnn.parameters())
        640
        >>> parameter_count(4, 8, kind="LSTM", proj_size=3)
        312
        >>> sum(p.numel() for p in nn.LSTM(4, 8, proj_size=3).parameters())
        312
    """
    caller = "parameter_count()"
    H_in = _check_int(input_size, "input_size", caller, minimum=1)
    H_cell = _check_int(hidden_size, "hidden_size", caller, minimum=1)
    num_layers = _check_int(num_layers, "num_layers", caller, minimum=1)
    biases = 2 if _check_bool(bias, "bias", caller) else 0
    D = 2 if _check_bool(bidirectional, "bidirectional", caller) else 1
    _check_choice(kind, "kind", caller, tuple(_GATES))
    proj_size = _check_proj_size(proj_size, H_cell, kind, caller)
    G = _GATES[kind]
    H_out = proj_size or H_cell
    projection = H_out * H_cell if proj_size else 0  # weight_hr
    first_layer = D * (G * H_cell * (H_in + H_out + biases) + projection)
    upper_layer = D * (G * H_cell * (D * H_out + H_out + biases) + projection)
    return first_layer + (num_layers - 1) * upper_layer
