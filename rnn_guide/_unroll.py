"""Recompute nn.RNN, nn.LSTM and nn.GRU in loops over layers, directions and time.

Every input becomes packed rows before the loops start. A `PackedSequence`
stores a batch sorted from longest to shortest sequence, time step by time
step: `data` holds the `batch_sizes[0]` rows of step 0, then the
`batch_sizes[1]` rows of step 1, and so on. The sequences still running at step
`t` are always the first `batch_sizes[t]` of the batch, so one slice `h[:n]`
picks the rows to advance and the rest keep their state untouched. A dense
batch `(L, N, H_in)` is a packed one whose batch sizes never shrink: `L` steps
of `N` rows. So one loop serves both.
"""

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import PackedSequence

from ._equations import _State, _Step, _step_for
from ._layout import _Layout
from ._parameters import _layer_parameters, _state_sizes, _Weights
from ._validate import _check_unroll, _kind


def unroll(
    module: nn.RNN | nn.LSTM | nn.GRU,
    input: torch.Tensor | PackedSequence,
    hx: torch.Tensor | tuple[torch.Tensor, torch.Tensor] | None = None,
) -> tuple[torch.Tensor | PackedSequence, torch.Tensor | tuple[torch.Tensor, torch.Tensor]]:
    """Compute `module(input, hx)` one cell at a time, from the equations.

    Every layer and direction runs its cell's update once per time step; for
    the Elman RNN,

        h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)

    (relu instead of tanh for `nonlinearity="relu"`), with the module's own
    parameters. `module` may also be an `nn.LSTM` (gates i, f, g, o, a cell
    state `c_t`, and with `proj_size > 0` the projection `h_t W_hr^T`) or an
    `nn.GRU` (gates r, z, n): the same loop runs their gate equations. The
    forward direction reads steps `0, 1, ..., L - 1`; the backward direction
    reads `L - 1, ..., 0`. Each layer above the first reads the output
    sequence of the layer below. The result is the module's up to rounding,
    values and gradients, in every configuration it supports (the one
    exception is dropout between layers in training mode, whose masks are
    random): the same terms, summed in another order and grouping than
    PyTorch's C++ loop, oneDNN or cuDNN sum them. The tests hold it to
    `torch.testing.assert_close`'s float64 tolerances (1e-7, relative and
    absolute). In float32 the difference is float32 rounding, which a
    gradient summed over many steps and layers can carry past
    `assert_close`'s float32 defaults.

    See [Unrolling through time](unrolling.md),
    [Layers and directions](layers-and-directions.md) and
    [Packed sequences in nn.RNN](packed-sequences.md); [LSTM](lstm.md) and
    [GRU](gru.md) take their gates apart.

    Args:
        module: The `torch.nn.RNN`, `nn.LSTM` or `nn.GRU` whose parameters and
            settings to use.
        input: A batch of sequences, an unbatched sequence, or a
            `PackedSequence`.
        hx: The initial hidden state `h_0`, or for an LSTM the pair
            `(h_0, c_0)`; zeros when omitted.

    Returns:
        `(output, h_n)`, or `(output, (h_n, c_n))` for an LSTM: the top
        layer's hidden state at every step, and every layer's and direction's
        final state, exactly as `module(input, hx)` returns them. For a
        `PackedSequence` input, `output` is a `PackedSequence` with the
        input's `batch_sizes` and indices.

    Shape:
        - input: `(L, N, H_in)`, `(N, L, H_in)` with `batch_first=True`,
          `(L, H_in)` unbatched, or packed with `data` of shape
          `(sum(batch_sizes), H_in)`.
        - hx: `(D * num_layers, N, H_out)`, or `(D * num_layers, H_out)`
          unbatched. An LSTM's `c_0` is `(D * num_layers, N, H_cell)`, where
          `H_cell = hidden_size` and `H_out = proj_size` with a projection
          (both `hidden_size` without). For packed input the rows follow the
          caller's order of sequences, as in the module.
        - output: `(L, N, D * H_out)`, `(N, L, D * H_out)` with
          `batch_first=True`, `(L, D * H_out)` unbatched, or packed with
          `data` of shape `(sum(batch_sizes), D * H_out)`.
        - h_n (and c_n): the shape of `h_0` (and `c_0`).

    Raises:
        TypeError: If `module` is not an `nn.RNN`, `nn.LSTM` or `nn.GRU`,
            `input` is not a tensor, or `hx` is not a tensor (a pair of
            tensors for an LSTM).
        ValueError: If a shape or dtype does not fit the module, the sequence
            is empty, or the module is in training mode with `dropout > 0`
            between layers, whose random masks no other computation can
            reproduce.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> rnn = nn.RNN(input_size=4, hidden_size=8, num_layers=2).eval()
        >>> input = torch.randn(5, 3, 4)
        >>> output, h_n = unroll(rnn, input)
        >>> output.shape, h_n.shape
        (torch.Size([5, 3, 8]), torch.Size([2, 3, 8]))
        >>> expected_output, expected_h_n = rnn(input)
        >>> torch.testing.assert_close(output, expected_output)
        >>> torch.testing.assert_close(h_n, expected_h_n)
        >>> lstm = nn.LSTM(input_size=4, hidden_size=8, proj_size=3)
        >>> output, (h_n, c_n) = unroll(lstm, input)
        >>> output.shape, h_n.shape, c_n.shape
        (torch.Size([5, 3, 3]), torch.Size([1, 3, 3]), torch.Size([1, 3, 8]))
        >>> torch.testing.assert_close(c_n, lstm(input)[1][1])
    """
    _check_unroll(module, input, hx, "unroll()")
    # Inside, a state is a tuple of tensors: (h,) for nn.RNN and nn.GRU,
    # (h, c) for nn.LSTM, which takes and returns the pair.
    paired = _kind(module) == "LSTM"
    if hx is not None:
        hx = tuple(hx) if paired else (hx,)
    if isinstance(input, PackedSequence):
        output, h_n = _unroll_packed(module, input, hx)
    else:
        layout = _Layout.of(module, input)
        input = layout.to_time_major(input)  # (L, N, H_in)
        L, N = input.shape[:2]
        hx = None if hx is None else tuple(layout.to_batched(h) for h in hx)
        rows, h_n = _unroll_layers(module, input.flatten(0, 1), [N] * L, hx)
        output = layout.from_time_major(rows.unflatten(0, (L, N)))  # as input, D * H_out
        h_n = tuple(layout.from_batched(h) for h in h_n)
    return output, h_n if paired else h_n[0]


def _unroll_packed(
    rnn: nn.RNNBase, input: PackedSequence, hx: _State | None
) -> tuple[PackedSequence, _State]:
    """Run `rnn` over a packed `input`, in the caller's order of sequences."""
    data, batch_sizes, sorted_indices, unsorted_indices = input
    if hx is not None and sorted_indices is not None:
        # The caller's hx follows the original order of sequences; the packed
        # rows are sorted longest first, so reorder hx the same way.
        hx = tuple(h.index_select(1, sorted_indices) for h in hx)  # (D * num_layers, N, *)
    rows, h_n = _unroll_layers(rnn, data, batch_sizes.tolist(), hx)
    if unsorted_indices is not None:
        h_n = tuple(h.index_select(1, unsorted_indices) for h in h_n)  # back to the caller's order
    return PackedSequence(rows, batch_sizes, sorted_indices, unsorted_indices), h_n


def _unroll_layers(
    rnn: nn.RNNBase, data: torch.Tensor, batch_sizes: list[int], hx: _State | None
) -> tuple[torch.Tensor, _State]:
    """Run every layer and direction over packed rows `data` `(sum(batch_sizes), H_in)`."""
    N, num_layers = batch_sizes[0], rnn.num_layers
    D = 2 if rnn.bidirectional else 1
    if hx is None:
        hx = tuple(data.new_zeros(D * num_layers, N, size) for size in _state_sizes(rnn))
    layer_input = data  # (sum(batch_sizes), H_in)
    final_states = []
    for layer in range(num_layers):
        outputs = []
        for direction in range(D):
            weights = _layer_parameters(rnn, layer, direction)
            step = _step_for(rnn, weights)
            # hx stacks the initial states layer by layer, forward before backward.
            state = tuple(h[layer * D + direction] for h in hx)  # (N, H_out), c: (N, H_cell)
            per_step, final_state = _unroll_direction(
                step, weights, layer_input, batch_sizes, state, direction
            )
            outputs.append(torch.cat(per_step))  # (sum(batch_sizes), H_out)
            final_states.append(final_state)
        # Both directions put step t of sequence i on the same row, side by side.
        layer_input = torch.cat(outputs, dim=1)  # (sum(batch_sizes), D * H_out)
    # h_n stacks the final states in the order of hx: (D * num_layers, N, H_out).
    h_n = tuple(torch.stack(part) for part in zip(*final_states, strict=True))
    return layer_input, h_n


def _unroll_direction(
    step: _Step,
    weights: _Weights,
    data: torch.Tensor,
    batch_sizes: list[int],
    state: _State,
    direction: int,
) -> tuple[list[torch.Tensor], _State]:
    """Run one layer in one direction over packed rows `data`, from `state`.

    With the Elman step this is `h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T
    + b_hh)`, once per step: `input_terms[t]`, plus `recurrent_term`, through
    the step's nonlinearity; a gated step combines the same two terms, one
    block of columns per gate. Returns each step's output `h_t`, in time
    order, one row per sequence running at that step, and the final state,
    one row per sequence (longest first).
    """
    L, N = len(batch_sizes), batch_sizes[0]
    # F.linear(x, W, b) is x W^T + b. The input term x_t W_ih^T + b_ih does not
    # depend on h_{t-1}, so it is computed for every row at once, as PyTorch
    # does (which also makes the rounding match), then cut into time steps.
    input_terms = F.linear(data, weights.weight_ih, weights.bias_ih).split(
        batch_sizes
    )  # [t]: (batch_sizes[t], G * H_cell), G gates: 1 for the Elman RNN
    # The backward direction meets x_{L-1} first and x_0 last. Forward, the rows
    # past batch_sizes[t] have ended and keep their final state; backward, they
    # have not started yet and still hold h_0: a sequence starts at its own
    # last step.
    steps = range(L) if direction == 0 else reversed(range(L))
    outputs = [None] * L
    for t in steps:
        n = batch_sizes[t]  # the sequences still running are the first n rows
        running = tuple(part[:n] for part in state)  # h_{t-1} (and c_{t-1}) of those rows
        # h_{t-1} W_hh^T + b_hh: (n, G * H_cell)
        recurrent_term = F.linear(running[0], weights.weight_hh, weights.bias_hh)
        new = step(input_terms[t], recurrent_term, running)  # h_t: (n, H_out), and c_t
        outputs[t] = new[0]
        # The rows that took the step get their new state; the others keep
        # theirs. In a dense batch every row takes every step: n == N.
        if n < N:
            new = tuple(torch.cat([a, part[n:]]) for a, part in zip(new, state, strict=True))
        state = new  # (N, H_out), and c: (N, H_cell)
    # Every row of the state has now taken its direction's last step: its h_n.
    return outputs, state
