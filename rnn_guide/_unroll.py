"""Recompute nn.RNN's forward pass in loops over layers, directions and time."""

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import PackedSequence

from ._packed import _unroll_packed
from ._parameters import _activation, _layer_parameters
from ._validate import _check_input, _check_no_dropout_masks, _check_rnn


def unroll(
    rnn: nn.RNN,
    input: torch.Tensor | PackedSequence,
    hx: torch.Tensor | None = None,
) -> tuple[torch.Tensor | PackedSequence, torch.Tensor]:
    """Compute `rnn(input, hx)` one cell at a time, from the equations.

    Every layer and direction runs the Elman update once per time step,

        h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)

    (relu instead of tanh for `nonlinearity="relu"`), with the RNN's own
    parameters. The forward direction reads steps `0, 1, ..., L - 1`; the
    backward direction reads `L - 1, ..., 0`. Each layer above the first reads
    the output sequence of the layer below. The result equals nn.RNN's, values
    and gradients, in every configuration nn.RNN supports; the one exception is
    dropout between layers in training mode, whose masks are random.

    See [Unrolling through time](unrolling.md),
    [Layers and directions](layers-and-directions.md) and
    [Packed sequences in nn.RNN](packed-sequences.md).

    Args:
        rnn: The `torch.nn.RNN` whose parameters and settings to use.
        input: A batch of sequences, an unbatched sequence, or a
            `PackedSequence`.
        hx: The initial hidden state `h_0`; zeros when omitted.

    Returns:
        `(output, h_n)`: the top layer's hidden state at every step, and every
        layer's and direction's final hidden state, exactly as `rnn(input, hx)`
        returns them. For a `PackedSequence` input, `output` is a
        `PackedSequence` with the input's `batch_sizes` and indices.

    Shape:
        - input: `(L, N, H_in)`, `(N, L, H_in)` with `batch_first=True`,
          `(L, H_in)` unbatched, or packed with `data` of shape
          `(sum(batch_sizes), H_in)`.
        - hx: `(D * num_layers, N, H_out)`, or `(D * num_layers, H_out)`
          unbatched. For packed input its rows follow the caller's order of
          sequences, as in nn.RNN.
        - output: `(L, N, D * H_out)`, `(N, L, D * H_out)` with
          `batch_first=True`, `(L, D * H_out)` unbatched, or packed with
          `data` of shape `(sum(batch_sizes), D * H_out)`.
        - h_n: the shape of `hx`.

    Raises:
        TypeError: If `rnn` is not an `nn.RNN` (an `nn.LSTM` or `nn.GRU`, say),
            or `input` or `hx` is not a tensor.
        ValueError: If a shape or dtype does not fit the RNN, the sequence is
            empty, or the RNN is in training mode with `dropout > 0` between
            layers, whose random masks no other computation can reproduce.

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
    """
    _check_rnn(rnn, "unroll()")
    _check_input(rnn, input, hx, "unroll()")
    _check_no_dropout_masks(rnn, "unroll()")
    if isinstance(input, PackedSequence):
        return _unroll_packed(rnn, input, hx)
    if input.dim() == 2:
        # An unbatched sequence is a batch of one; batch_first does not apply.
        input = input.unsqueeze(1)  # (L, 1, H_in)
        hx = None if hx is None else hx.unsqueeze(1)  # (D * num_layers, 1, H_out)
        output, h_n = _unroll_time_major(rnn, input, hx)
        output = output.squeeze(1)  # (L, D * H_out)
        h_n = h_n.squeeze(1)  # (D * num_layers, H_out)
        return output, h_n
    if rnn.batch_first:
        input = input.transpose(0, 1)  # (L, N, H_in)
    output, h_n = _unroll_time_major(rnn, input, hx)
    if rnn.batch_first:
        output = output.transpose(0, 1)  # (N, L, D * H_out)
    return output, h_n


def _unroll_time_major(
    rnn: nn.RNN, input: torch.Tensor, hx: torch.Tensor | None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Run every layer and direction over a time-major batch `(L, N, H_in)`."""
    N = input.shape[1]
    H_out, num_layers = rnn.hidden_size, rnn.num_layers
    D = 2 if rnn.bidirectional else 1
    if hx is None:
        hx = input.new_zeros(D * num_layers, N, H_out)  # (D * num_layers, N, H_out)
    layer_input = input  # (L, N, H_in)
    final_states = []
    for layer in range(num_layers):
        outputs = []
        for direction in range(D):
            # hx stacks the initial states layer by layer, forward before backward.
            h_0 = hx[layer * D + direction]  # (N, H_out)
            output, h_last = _unroll_direction(rnn, layer, direction, layer_input, h_0)
            outputs.append(output)
            final_states.append(h_last)
        # The layer above reads both directions side by side at each step.
        layer_input = torch.cat(outputs, dim=2)  # (L, N, D * H_out)
    h_n = torch.stack(final_states)  # (D * num_layers, N, H_out)
    return layer_input, h_n


def _unroll_direction(
    rnn: nn.RNN, layer: int, direction: int, input: torch.Tensor, h_0: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Run one layer in one direction over `input` `(L, N, H_in)` from `h_0`."""
    weight_ih, weight_hh, bias_ih, bias_hh = _layer_parameters(rnn, layer, direction)
    activation = _activation(rnn)
    L = input.shape[0]
    # F.linear(x, W, b) is x W^T + b. The input term x_t W_ih^T + b_ih does not
    # depend on h_{t-1}, so it is computed for all steps at once, as PyTorch
    # does (which also makes the rounding match); only the recurrent term waits.
    input_term = F.linear(input, weight_ih, bias_ih)  # (L, N, H_out)
    # The backward direction meets x_{L-1} first and x_0 last.
    steps = range(L) if direction == 0 else reversed(range(L))
    outputs = [None] * L
    h_t = h_0  # (N, H_out)
    for t in steps:
        h_t = activation(input_term[t] + F.linear(h_t, weight_hh, bias_hh))  # (N, H_out)
        outputs[t] = h_t
    # h_t is now the state after the direction's last step: this direction's h_n.
    return torch.stack(outputs), h_t  # (L, N, H_out), (N, H_out)
