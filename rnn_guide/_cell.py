"""The cells: one step of one layer in one direction, each from nn.Linear layers.

`ElmanCell`, `LSTMCell` and `GRUCell` hold `ih` (reads `x_t`) and `hh` (reads
`h_{t-1}`), whose weights have the shapes of `weight_ih_l{k}` and
`weight_hh_l{k}`, gate blocks stacked in PyTorch's order; `LSTMCell` with
`proj_size > 0` also holds `hr`. Each forward pass calls the step in
`_equations`, which `unroll` calls too, and each `from_*` constructor copies one
layer and direction of a real module.
"""

from functools import partial

import torch
from torch import nn

from ._equations import _ACTIVATIONS, _VARIANTS, _elman_step, _gru_step, _lstm_step, _Step
from ._parameters import _layer_parameters, _nonlinearity, _Weights
from ._unroll import _unroll_direction
from ._validate import (
    _check_bool,
    _check_choice,
    _check_int,
    _check_layer_and_direction,
    _check_layer_module,
    _check_proj_size,
    _check_sequence_input,
    _check_step_input,
    _check_step_pair,
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
        h_prev = _checked_h_prev(self, x_t, h_prev, "ElmanCell.forward()")  # (N, H_out)
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
        weights = _one_layer(rnn, layer, direction, nn.RNN, "ElmanCell.from_rnn()")
        input_size = weights.weight_ih.shape[1]  # H_in in layer 0, D * H_out above
        cell = cls(input_size, rnn.hidden_size, rnn.bias, _nonlinearity(rnn))
        return _copy_weights(cell, weights)

    def extra_repr(self) -> str:
        return f"nonlinearity={self.nonlinearity!r}"


class LSTMCell(nn.Module):
    """Take one LSTM step: four gates from two nn.Linear, then `c_t` and `h_t`.

    `ih` and `hh` each produce the rows of the four gates side by side, in
    PyTorch's order i, f, g, o (the row blocks of `weight_ih_l0`):

        i, f, g, o = split(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)
        c_t = σ(f) * c_{t-1} + σ(i) * tanh(g)
        h_t = σ(o) * tanh(c_t)

    With `proj_size > 0`, `hr` projects `h_t` down to `proj_size` features,
    `h_t W_hr^T`, and `hh` reads that narrower state: PyTorch's letters are
    then H_cell = `hidden_size` (the width of `c_t`) and H_out = `proj_size`.

    Like `ElmanCell`, it draws its weights as `nn.Linear` does (seed first).
    [LSTM](lstm.md) takes the gates apart.

    See [Parameters and shapes](parameters.md).

    Args:
        input_size: `H_in`, the width of one input vector `x_t`.
        hidden_size: `H_cell`, the width of `c_t`, and of `h_t` without a
            projection.
        bias: Whether `ih` and `hh` have biases (`b_ih` and `b_hh`).
        proj_size: The width of `h_t` after the projection `hr`, smaller than
            `hidden_size`; 0 (the default) for no projection.

    Raises:
        TypeError: If a size is not an int, or `bias` is not a bool.
        ValueError: If a size is smaller than 1, or `proj_size` is negative or
            not smaller than `hidden_size`.

    Examples:
        >>> import torch
        >>> cell = LSTMCell(input_size=4, hidden_size=8)
        >>> cell.ih.weight.shape, cell.hh.weight.shape  # (4 * H_cell, ...)
        (torch.Size([32, 4]), torch.Size([32, 8]))
        >>> h_t, c_t = cell(torch.randn(3, 4))
        >>> h_t.shape, c_t.shape
        (torch.Size([3, 8]), torch.Size([3, 8]))
    """

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, proj_size: int = 0
    ) -> None:
        super().__init__()
        self.input_size = _check_int(input_size, "input_size", "LSTMCell", minimum=1)
        self.hidden_size = _check_int(hidden_size, "hidden_size", "LSTMCell", minimum=1)
        bias = _check_bool(bias, "bias", "LSTMCell")
        self.proj_size = _check_proj_size(proj_size, hidden_size, "LSTM", "LSTMCell")
        H_cell, H_out = hidden_size, self.proj_size or hidden_size
        self.ih = nn.Linear(input_size, 4 * H_cell, bias=bias)  # W_ih: (4 * H_cell, H_in)
        self.hh = nn.Linear(H_out, 4 * H_cell, bias=bias)  # W_hh: (4 * H_cell, H_out)
        # W_hr: (H_out, H_cell), only with a projection.
        self.hr = nn.Linear(H_cell, H_out, bias=False) if self.proj_size else None

    def forward(
        self,
        x_t: torch.Tensor,
        hx: tuple[torch.Tensor, torch.Tensor] | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Return the next `(h_t, c_t)` from `x_t` and `(h_{t-1}, c_{t-1})`.

        Args:
            x_t: The input at this step.
            hx: The pair `(h_prev, c_prev)`; zeros when omitted.

        Returns:
            The new pair `(h_t, c_t)`.

        Shape:
            - x_t: `(N, H_in)`, or `(H_in,)` unbatched.
            - hx: `(N, H_out)` and `(N, H_cell)`, or `(H_out,)` and
              `(H_cell,)` unbatched.
            - h_t, c_t: the shapes of `hx`.

        Raises:
            TypeError: If `x_t` is not a tensor or `hx` is not a pair of
                tensors.
            ValueError: If a shape or dtype does not fit the cell.
        """
        caller = "LSTMCell.forward()"
        H_cell, H_out = self.hidden_size, self.proj_size or self.hidden_size
        _check_step_input(x_t, self.input_size, self.ih.weight.dtype, caller)
        h_prev, c_prev = _check_step_pair(hx, caller)
        _check_step_state(h_prev, "h_prev", x_t, H_out, "H_out", caller)
        letter = "H_cell" if self.proj_size else "H_out"
        _check_step_state(c_prev, "c_prev", x_t, H_cell, letter, caller)
        if h_prev is None:
            h_prev = x_t.new_zeros(*x_t.shape[:-1], H_out)  # (N, H_out)
            c_prev = x_t.new_zeros(*x_t.shape[:-1], H_cell)  # (N, H_cell)
        weight_hr = None if self.hr is None else self.hr.weight
        # ih(x_t) is x_t W_ih^T + b_ih and hh(h_prev) is h_{t-1} W_hh^T + b_hh.
        h_t, c_t = _lstm_step(self.ih(x_t), self.hh(h_prev), (h_prev, c_prev), weight_hr=weight_hr)
        return h_t, c_t  # (N, H_out), (N, H_cell)

    @classmethod
    def from_lstm(cls, lstm: nn.LSTM, layer: int = 0, direction: int = 0) -> "LSTMCell":
        """Copy one layer and direction of `lstm` into a new `LSTMCell`.

        `ih.weight` becomes a copy of `weight_ih_l{layer}` (`_reverse` added
        for `direction=1`), the blocks W_ii, W_if, W_ig and W_io stacked;
        `hh`, the biases and, with `proj_size > 0`, `hr` (from
        `weight_hr_l{layer}`) likewise. Stepped through a sequence, the cell
        gives that layer and direction's `h_t` and `c_t`; the copy is
        independent of `lstm`.

        See [Parameters and shapes](parameters.md).

        Args:
            lstm: The `torch.nn.LSTM` to copy from.
            layer: From `0` to `num_layers - 1`.
            direction: `0` forward, `1` backward (bidirectional only).

        Returns:
            An `LSTMCell` on `lstm`'s dtype and device with its `proj_size`,
            reading `H_in` features in layer 0 and `D * H_out` above.

        Raises:
            TypeError: If `lstm` is not an `nn.LSTM`, or `layer` or
                `direction` is not an int.
            ValueError: If `lstm` has no such layer or direction.

        Examples:
            >>> import torch
            >>> from torch import nn
            >>> lstm = nn.LSTM(input_size=4, hidden_size=8, proj_size=3)
            >>> cell = LSTMCell.from_lstm(lstm)
            >>> input = torch.randn(5, 2, 4)
            >>> h_1, c_1 = cell(input[0])
            >>> torch.testing.assert_close(h_1, lstm(input)[0][0])
        """
        weights = _one_layer(lstm, layer, direction, nn.LSTM, "LSTMCell.from_lstm()")
        input_size = weights.weight_ih.shape[1]  # H_in in layer 0, D * H_out above
        cell = cls(input_size, lstm.hidden_size, lstm.bias, lstm.proj_size)
        return _copy_weights(cell, weights)


class GRUCell(nn.Module):
    """Take one GRU step: three gates from two nn.Linear, then `h_t`.

    `ih` and `hh` each produce the rows of the three gates side by side, in
    PyTorch's order r, z, n (the row blocks of `weight_ih_l0`); the reset gate
    multiplies the whole recurrent part of n, bias `b_hn` included:

        r = σ(x_t W_ir^T + b_ir + h_{t-1} W_hr^T + b_hr), z likewise
        n = tanh(x_t W_in^T + b_in + r * (h_{t-1} W_hn^T + b_hn))
        h_t = (1 - z) * n + z * h_{t-1}

    Like `ElmanCell`, it draws its weights as `nn.Linear` does (seed first).
    [GRU](gru.md) takes the gates apart.

    See [Parameters and shapes](parameters.md).

    Args:
        input_size: `H_in`, the width of one input vector `x_t`.
        hidden_size: `H_out`, the width of one hidden state `h_t`.
        bias: Whether `ih` and `hh` have biases (`b_ih` and `b_hh`).

    Raises:
        TypeError: If a size is not an int, or `bias` is not a bool.
        ValueError: If a size is smaller than 1.

    Examples:
        >>> import torch
        >>> cell = GRUCell(input_size=4, hidden_size=8)
        >>> cell.ih.weight.shape, cell.hh.weight.shape  # (3 * H_out, ...)
        (torch.Size([24, 4]), torch.Size([24, 8]))
        >>> cell(torch.randn(3, 4)).shape
        torch.Size([3, 8])
    """

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True) -> None:
        super().__init__()
        self.input_size = _check_int(input_size, "input_size", "GRUCell", minimum=1)
        self.hidden_size = _check_int(hidden_size, "hidden_size", "GRUCell", minimum=1)
        bias = _check_bool(bias, "bias", "GRUCell")
        self.ih = nn.Linear(input_size, 3 * hidden_size, bias=bias)  # W_ih: (3 * H_out, H_in)
        self.hh = nn.Linear(hidden_size, 3 * hidden_size, bias=bias)  # W_hh: (3 * H_out, H_out)

    def forward(self, x_t: torch.Tensor, h_prev: torch.Tensor | None = None) -> torch.Tensor:
        """Return `h_t`: the candidate n and `h_prev`, mixed by the update gate z.

        Args:
            x_t: This step's input.
            h_prev: `h_{t-1}`; zeros when omitted.

        Returns:
            `h_t`, shaped like `h_prev`.

        Shape:
            - x_t: `(N, H_in)` or unbatched `(H_in,)`.
            - h_prev and h_t: `(N, H_out)` or unbatched `(H_out,)`.

        Raises:
            TypeError: If `x_t` or `h_prev` is not a tensor (a pair, say).
            ValueError: If a shape or dtype does not fit the cell.
        """
        h_prev = _checked_h_prev(self, x_t, h_prev, "GRUCell.forward()")  # (N, H_out)
        # ih(x_t) is x_t W_ih^T + b_ih and hh(h_prev) is h_{t-1} W_hh^T + b_hh.
        (h_t,) = _gru_step(self.ih(x_t), self.hh(h_prev), (h_prev,))
        return h_t  # (N, H_out)

    @classmethod
    def from_gru(cls, gru: nn.GRU, layer: int = 0, direction: int = 0) -> "GRUCell":
        """Copy one layer and direction of `gru` into a new `GRUCell`.

        `ih.weight` becomes a copy of `weight_ih_l{layer}` (`_reverse` added
        for `direction=1`), the blocks W_ir, W_iz and W_in stacked; `hh` and
        the biases likewise. Stepped through a sequence, the cell gives that
        layer and direction's outputs; later changes to either leave the
        other alone.

        See [Parameters and shapes](parameters.md).

        Args:
            gru: The `torch.nn.GRU` whose weights to copy.
            layer: Which of its layers, counted from 0.
            direction: Which direction of a bidirectional `gru`: 1 is the
                backward one; a one-direction GRU has only 0.

        Returns:
            A `GRUCell` on `gru`'s dtype and device, reading `H_in` features
            in layer 0 and `D * H_out` above.

        Raises:
            TypeError: If `gru` is not an `nn.GRU`, or `layer` or `direction`
                is not an int.
            ValueError: If `gru` has no such layer or direction.

        Examples:
            >>> import torch
            >>> from torch import nn
            >>> gru = nn.GRU(input_size=4, hidden_size=8)
            >>> sequence = torch.randn(5, 4)  # unbatched (L, H_in)
            >>> h_1 = GRUCell.from_gru(gru)(sequence[0])  # (H_out,)
            >>> torch.testing.assert_close(h_1, gru(sequence)[0][0])
        """
        weights = _one_layer(gru, layer, direction, nn.GRU, "GRUCell.from_gru()")
        input_size = weights.weight_ih.shape[1]  # H_in in layer 0, D * H_out above
        cell = cls(input_size, gru.hidden_size, gru.bias)
        return _copy_weights(cell, weights)


class VariantCell(nn.Module):
    """Take one step of a gated design, PyTorch's own or one it does not offer.

    `variant` picks the design; `ih` and `hh` stack its gate blocks in the
    order of `VariantCell.VARIANTS[variant]`, as `weight_ih_l0` stacks
    nn.LSTM's i, f, g, o and nn.GRU's r, z, n:

    - `"lstm"`: nn.LSTM's step, i f g o.
    - `"no_forget"`: Hochreiter and Schmidhuber (1997), i g o:
      `c_t = c_{t-1} + i * g`.
    - `"peephole"`: Gers and Schmidhuber (2000), i f g o, and `peephole`
      `(3, H_cell)`: i and f read `p * c_{t-1}`, o reads `p * c_t`.
    - `"coupled"`: f g o, with `i = 1 - f`.
    - `"no_output_gate"`: i f g, `h_t = tanh(c_t)`.
    - `"no_output_tanh"`: i f g o, `h_t = o * c_t`.
    - `"gru"`: nn.GRU's step, r z n, `r * (h_{t-1} W_hn^T + b_hn)`.
    - `"cho_gru"`: Cho et al. (2014), r z n, `(r * h_{t-1}) W_hn^T + b_hn`.

    The steps live in `_equations` beside nn.LSTM's and nn.GRU's, and
    `unroll_sequence` runs them by the loop that `unroll` runs: the variants
    differ only in the equation. Weights start as `nn.Linear` draws them
    (seed first); the peepholes start at 0.

    See [Why the gates are built so](gated-variants.md).

    Args:
        input_size: `H_in`, the width of one input vector `x_t`.
        hidden_size: `H_out`, the width of `h_t` (and of `c_t`).
        variant: One of the names above.
        bias: Whether `ih` and `hh` have biases.

    Raises:
        TypeError: If a size is not an int, or `bias` is not a bool.
        ValueError: If a size is smaller than 1 or `variant` is unknown.

    Examples:
        >>> import torch
        >>> cell = VariantCell(input_size=4, hidden_size=8, variant="coupled")
        >>> cell.ih.weight.shape  # three blocks: f, g, o
        torch.Size([24, 4])
        >>> h_t, c_t = cell(torch.randn(3, 4))
        >>> output, (h_n, c_n) = cell.unroll_sequence(torch.randn(5, 3, 4))
        >>> output.shape, h_n.shape
        (torch.Size([5, 3, 8]), torch.Size([3, 8]))
    """

    VARIANTS = {name: gates for name, (gates, _) in _VARIANTS.items()}

    def __init__(
        self, input_size: int, hidden_size: int, variant: str = "lstm", bias: bool = True
    ) -> None:
        super().__init__()
        self.input_size = _check_int(input_size, "input_size", "VariantCell", minimum=1)
        self.hidden_size = _check_int(hidden_size, "hidden_size", "VariantCell", minimum=1)
        _check_choice(variant, "variant", "VariantCell", tuple(_VARIANTS))
        bias = _check_bool(bias, "bias", "VariantCell")
        self.variant = variant
        G, H = len(self.VARIANTS[variant]), hidden_size  # G gate blocks
        self.ih = nn.Linear(input_size, G * H, bias=bias)  # W_ih: (G * H_out, H_in)
        self.hh = nn.Linear(H, G * H, bias=bias)  # W_hh: (G * H_out, H_out)
        # p_i, p_f, p_o: one weight per cell and gate, a diagonal matrix each.
        self.peephole = nn.Parameter(torch.zeros(3, H)) if variant == "peephole" else None

    @property
    def paired(self) -> bool:
        """Whether the state is the pair `(h, c)`: every variant but the GRUs."""
        return self.variant not in ("gru", "cho_gru")

    def _step(self) -> _Step:
        """Return the variant's step with its extra weights bound."""
        step = _VARIANTS[self.variant][1]
        if self.variant == "peephole":
            return partial(step, peephole=self.peephole)
        if self.variant == "cho_gru":
            H, bias = self.hidden_size, self.hh.bias
            # The n block of hh: W_hn (H_out, H_out) and b_hn (H_out,).
            return partial(
                step,
                weight_hn=self.hh.weight[2 * H :],
                bias_hn=None if bias is None else bias[2 * H :],
            )
        return step

    def _state(self, x_t: torch.Tensor, hx: object, caller: str) -> tuple[torch.Tensor, ...]:
        """Check `hx` against one step's input `x_t`; return the state tuple, zeros if omitted."""
        H = self.hidden_size
        if self.paired:
            h_prev, c_prev = _check_step_pair(hx, caller)
            _check_step_state(h_prev, "h_prev", x_t, H, "H_out", caller)
            _check_step_state(c_prev, "c_prev", x_t, H, "H_out", caller)
            state = (h_prev, c_prev)
        else:
            _check_step_state(hx, "h_prev", x_t, H, "H_out", caller)
            state = (hx,)
        if state[0] is None:
            return tuple(x_t.new_zeros(*x_t.shape[:-1], H) for _ in state)  # (N, H_out) each
        return state

    def forward(
        self, x_t: torch.Tensor, hx: torch.Tensor | tuple[torch.Tensor, torch.Tensor] | None = None
    ) -> torch.Tensor | tuple[torch.Tensor, torch.Tensor]:
        """Return the next state from `x_t` and the previous one.

        Args:
            x_t: The input at this step.
            hx: `(h_prev, c_prev)` for the LSTM variants, `h_prev` for the
                GRUs; zeros when omitted.

        Returns:
            `(h_t, c_t)` for the LSTM variants, `h_t` for the GRUs.

        Shape:
            - x_t: `(N, H_in)`, or `(H_in,)` unbatched.
            - hx and the result: `(N, H_out)` each, or `(H_out,)` unbatched.

        Raises:
            TypeError: If `x_t` is not a tensor, or `hx` is not a tensor (a
                pair of them for the LSTM variants).
            ValueError: If a shape or dtype does not fit the cell.
        """
        caller = "VariantCell.forward()"
        _check_step_input(x_t, self.input_size, self.ih.weight.dtype, caller)
        state = self._state(x_t, hx, caller)
        # ih(x_t) is x_t W_ih^T + b_ih and hh(h_prev) is h_{t-1} W_hh^T + b_hh.
        new = self._step()(self.ih(x_t), self.hh(state[0]), state)
        return new if self.paired else new[0]

    def unroll_sequence(
        self,
        input: torch.Tensor,
        hx: torch.Tensor | tuple[torch.Tensor, torch.Tensor] | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | tuple[torch.Tensor, torch.Tensor]]:
        """Run the cell over a sequence, by the loop that `unroll` runs.

        Args:
            input: A batch of sequences, time first.
            hx: The initial state, as `forward` takes it; zeros when omitted.

        Returns:
            `(output, h_n)`, or `(output, (h_n, c_n))` for the LSTM variants:
            `h_t` at every step, and the final state.

        Shape:
            - input: `(L, N, H_in)`.
            - output: `(L, N, H_out)`.
            - hx, h_n and c_n: `(N, H_out)`.

        Raises:
            TypeError: If `input` or `hx` is not a tensor (a pair for the LSTM
                variants).
            ValueError: If a shape or dtype does not fit the cell, or the
                sequence is empty.
        """
        caller = "VariantCell.unroll_sequence()"
        _check_sequence_input(input, self.input_size, self.ih.weight.dtype, caller)
        L, N = input.shape[:2]
        state = self._state(input[0], hx, caller)  # (N, H_out) each
        weights = _Weights(self.ih.weight, self.hh.weight, self.ih.bias, self.hh.bias, None)
        rows = input.flatten(0, 1)  # (L * N, H_in): a dense batch is packed rows
        outputs, state = _unroll_direction(self._step(), weights, rows, [N] * L, state, 0)
        output = torch.stack(outputs)  # (L, N, H_out)
        return output, state if self.paired else state[0]

    def extra_repr(self) -> str:
        return f"variant={self.variant!r}"


def _checked_h_prev(cell: nn.Module, x_t: object, h_prev: object, caller: str) -> torch.Tensor:
    """Check a cell's `x_t` and `h_prev`; return `h_prev`, zeros when omitted."""
    _check_step_input(x_t, cell.input_size, cell.ih.weight.dtype, caller)
    _check_step_state(h_prev, "h_prev", x_t, cell.hidden_size, "H_out", caller)
    if h_prev is None:
        return x_t.new_zeros(*x_t.shape[:-1], cell.hidden_size)  # (N, H_out)
    return h_prev


def _one_layer(
    module: nn.RNNBase, layer: object, direction: object, expected: type, caller: str
) -> _Weights:
    """Check that `module` is an `expected` with that layer and direction; return its weights."""
    _check_layer_module(module, expected, caller)
    layer, direction = _check_layer_and_direction(module, layer, direction, caller)
    return _layer_parameters(module, layer, direction)


def _copy_weights(cell: nn.Module, weights: _Weights) -> nn.Module:
    """Copy one layer and direction's parameters into a cell's nn.Linear layers."""
    cell = cell.to(dtype=weights.weight_ih.dtype, device=weights.weight_ih.device)
    with torch.no_grad():
        cell.ih.weight.copy_(weights.weight_ih)
        cell.hh.weight.copy_(weights.weight_hh)
        if weights.bias_ih is not None:
            cell.ih.bias.copy_(weights.bias_ih)
            cell.hh.bias.copy_(weights.bias_hh)
        if weights.weight_hr is not None:
            cell.hr.weight.copy_(weights.weight_hr)
    return cell
