"""Find one layer's weights by name, and count all of an RNN's parameters."""

from typing import NamedTuple

import torch
from torch import nn

from ._validate import _check_bool, _check_int


class _Weights(NamedTuple):
    """One layer and direction's parameters; a bias is None with `bias=False`."""

    weight_ih: torch.Tensor  # (H_out, H_in), or (H_out, D * H_out) above layer 0
    weight_hh: torch.Tensor  # (H_out, H_out)
    bias_ih: torch.Tensor | None  # (H_out,)
    bias_hh: torch.Tensor | None  # (H_out,)


def _layer_parameters(rnn: nn.RNN, layer: int, direction: int) -> _Weights:
    """Return the parameters of one layer and direction, found by their names."""
    # The backward direction's parameters carry the suffix `_reverse`.
    suffix = f"l{layer}" + ("_reverse" if direction == 1 else "")
    return _Weights(
        weight_ih=getattr(rnn, f"weight_ih_{suffix}"),
        weight_hh=getattr(rnn, f"weight_hh_{suffix}"),
        bias_ih=getattr(rnn, f"bias_ih_{suffix}") if rnn.bias else None,
        bias_hh=getattr(rnn, f"bias_hh_{suffix}") if rnn.bias else None,
    )


def _nonlinearity(rnn: nn.RNN) -> str:
    """Return the name of the nonlinearity an Elman RNN applies: "tanh" or "relu"."""
    return "tanh" if rnn.mode == "RNN_TANH" else "relu"


def _parameter_formula(bias: bool) -> str:
    """Return the symbolic count that `parameter_count` evaluates."""
    # Per layer and direction: H_out rows, each reading the layer's input, the
    # previous hidden state and (with bias) one entry of b_ih and one of b_hh.
    extra = " + 2" if bias else ""
    return (
        f"D * H_out * (H_in + H_out{extra}) "
        f"+ (num_layers - 1) * D * H_out * (D * H_out + H_out{extra})"
    )


def parameter_count(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bias: bool = True,
    bidirectional: bool = False,
) -> int:
    """Count the parameters of `nn.RNN(input_size, hidden_size, ...)` by formula.

    Each layer and direction owns `weight_ih` of shape `(H_out, H_in)` in the
    first layer and `(H_out, D * H_out)` above it (the layer below's output),
    `weight_hh` of shape `(H_out, H_out)`, and two biases of shape `(H_out,)`.
    Summed up:

        D * H_out * (H_in + H_out + 2)
        + (num_layers - 1) * D * H_out * (D * H_out + H_out + 2)

    without the `+ 2` terms when `bias=False`.

    See [Parameters and shapes](parameters.md).

    Args:
        input_size: `H_in`, the width of one input vector.
        hidden_size: `H_out`, the width of one hidden state.
        num_layers: The number of stacked layers.
        bias: Whether the layers have `bias_ih` and `bias_hh`.
        bidirectional: Whether each layer also reads the sequence backward
            (`D = 2`).

    Returns:
        The number of scalar parameters, equal to
        `sum(p.numel() for p in rnn.parameters())`.

    Raises:
        TypeError: If a size is not an int, or a flag is not a bool.
        ValueError: If a size is smaller than 1.

    Examples:
        >>> from torch import nn
        >>> parameter_count(4, 8, num_layers=2, bidirectional=True)
        640
        >>> rnn = nn.RNN(4, 8, num_layers=2, bidirectional=True)
        >>> sum(p.numel() for p in rnn.parameters())
        640
    """
    caller = "parameter_count()"
    H_in = _check_int(input_size, "input_size", caller, minimum=1)
    H_out = _check_int(hidden_size, "hidden_size", caller, minimum=1)
    num_layers = _check_int(num_layers, "num_layers", caller, minimum=1)
    biases = 2 if _check_bool(bias, "bias", caller) else 0
    D = 2 if _check_bool(bidirectional, "bidirectional", caller) else 1
    first_layer = D * H_out * (H_in + H_out + biases)
    upper_layer = D * H_out * (D * H_out + H_out + biases)
    return first_layer + (num_layers - 1) * upper_layer
