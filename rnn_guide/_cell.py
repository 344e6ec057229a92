"""The Elman cell: one step of one layer in one direction, from two nn.Linear."""

import torch
from torch import nn

from ._equations import _ACTIVATIONS, _elman_step
from ._parameters import _layer_parameters, _nonlinearity, _Weights
from ._validate import (
    _check_bool,
    _check_choice,
    _check_int,
    _check_layer_and_direction,
    _check_rnn,
    _check_step_input,
    _check_step_state,
)


class ElmanCell(nn.Module):
    """Take one Elman step, `h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`.

    The cell exists to show that the update equation is nothing more than two
    linear maps and a nonlinearity: `ih` reads the input, `hh` reads the
    previous hidden state. `nn.RNN` applies the same step at every time step,
    layer and direction; `ElmanCell.from_rnn` copies one of them out.

    The weights start as `nn.Linear` initialises them, from the global random
    number generator; call `torch.manual_seed` first for repeatable values.

    See [The equations](equations.md).

    Args:
        input_size: `H_in`, the width of one input vector `x_t`.
        hidden_size: `H_out`, the width of one hidden state `h_t`.
        bias: Whether `ih` and `hh` have biases (`b_ih` and `b_hh`).
        nonlinearity: `"tanh"` or `"relu"`.

    Raises:
        TypeError: If a size is not an int, or `bias` is not a bool.
        ValueError: If a size is smaller than 1, or `nonlinearity` is neither
            `"tanh"` nor `"relu"`.

    Examples:
        >>> import torch
        >>> cell = ElmanCell(input_size=4, hidden_size=8)
        >>> cell.ih.weight.shape, cell.hh.weight.shape
        (torch.Size([8, 4]), torch.Size([8, 8]))
        >>> cell(torch.randn(3, 4)).shape
        torch.Size([3, 8])
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
    ) -> None:
        super().__init__()
        self.input_size = _check_int(input_size, "input_size", "ElmanCell", minimum=1)
        self.hidden_size = _check_int(hidden_size, "hidden_size", "ElmanCell", minimum=1)
        _check_choice(nonlinearity, "nonlinearity", "ElmanCell", ("tanh", "relu"))
        bias = _check_bool(bias, "bias", "ElmanCell")
        self.nonlinearity = nonlinearity
        self.ih = nn.Linear(input_size, hidden_size, bias=bias)  # W_ih: (H_out, H_in)
        self.hh = nn.Linear(hidden_size, hidden_size, bias=bias)  # W_hh: (H_out, H_out)

    def forward(self, x_t: torch.Tensor, h_prev: torch.Tensor | None = None) -> torch.Tensor:
        """Return the next hidden state `h_t` from `x_t` and `h_prev`.

        Args:
            x_t: The input at this step.
            h_prev: The previous hidden state `h_{t-1}`; zeros when omitted.

        Returns:
            The new hidden state `h_t`.

        Shape:
            - x_t: `(N, H_in)`, or `(H_in,)` unbatched.
            - h_prev: `(N, H_out)`, or `(H_out,)` unbatched.
            - h_t: the shape of `h_prev`.

        Raises:
            TypeError: If `x_t` or `h_prev` is not a tensor.
            ValueError: If a shape or dtype does not fit the cell.
        """
        caller = "ElmanCell.forward()"
        _check_step_input(x_t, self.input_size, self.ih.weight.dtype, caller)
        _check_step_state(h_prev, "h_prev", x_t, self.hidden_size, "H_out", caller)
        if h_prev is None:
            h_prev = x_t.new_zeros(*x_t.shape[:-1], self.hidden_size)  # (N, H_out)
        activation = _ACTIVATIONS[self.nonlinearity]
        # ih(x_t) is x_t W_ih^T + b_ih and hh(h_prev) is h_{t-1} W_hh^T + b_hh.
        (h_t,) = _elman_step(self.ih(x_t), self.hh(h_prev), (h_prev,), activation=activation)
        return h_t  # (N, H_out)

    @classmethod
    def from_rnn(cls, rnn: nn.RNN, layer: int = 0, direction: int = 0) -> "ElmanCell":
        """Build the cell that `rnn` applies in one layer and direction.

        The cell gets copies of `weight_ih_l{layer}`, `weight_hh_l{layer}` and the
        biases (with the suffix `_reverse` for `direction=1`), so it reproduces
        that layer and direction of `rnn` step by step. Changing the cell later
        does not change `rnn`.

        See [Parameters and shapes](parameters.md).

        Args:
            rnn: The `torch.nn.RNN` to copy from.
            layer: Which layer, from `0` to `num_layers - 1`.
            direction: `0` for forward, `1` for backward (bidirectional only).

        Returns:
            A new `ElmanCell` with the same dtype and device as `rnn`. Its
            `input_size` is `H_in` for layer 0 and `D * H_out` above it.

        Raises:
            TypeError: If `rnn` is not an `nn.RNN`, or `layer` or `direction`
                is not an int.
            ValueError: If `layer` or `direction` is out of range for `rnn`.

        Examples:
            >>> import torch
            >>> from torch import nn
            >>> rnn = nn.RNN(input_size=4, hidden_size=8)
            >>> cell = ElmanCell.from_rnn(rnn)
            >>> input = torch.randn(5, 3, 4)
            >>> h_1 = cell(input[0])
            >>> torch.testing.assert_close(h_1, rnn(input)[0][0])
        """
        caller = "ElmanCell.from_rnn()"
        _check_rnn(rnn, caller)
        layer, direction = _check_layer_and_direction(rnn, layer, direction, caller)
        weights = _layer_parameters(rnn, layer, direction)
        input_size = weights.weight_ih.shape[1]  # H_in in layer 0, D * H_out above
        cell = cls(input_size, rnn.hidden_size, rnn.bias, _nonlinearity(rnn))
        return _copy_weights(cell, weights)

    def extra_repr(self) -> str:
        return f"nonlinearity={self.nonlinearity!r}"


def _copy_weights(cell: nn.Module, weights: _Weights) -> nn.Module:
    """Copy one layer and direction's parameters into a cell's nn.Linear layers."""
    cell = cell.to(dtype=weights.weight_ih.dtype, device=weights.weight_ih.device)
    with torch.no_grad():
        cell.ih.weight.copy_(weights.weight_ih)
        cell.hh.weight.copy_(weights.weight_hh)
        if weights.bias_ih is not None:
            cell.ih.bias.copy_(weights.bias_ih)
            cell.hh.bias.copy_(weights.bias_hh)
    return cell
