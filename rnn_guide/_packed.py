"""Unroll an `nn.RNN` over a `PackedSequence`, where sequences end at different steps.

A `PackedSequence` stores a batch sorted from longest to shortest sequence, time
step by time step: `data` holds the `batch_sizes[0]` rows of step 0, then the
`batch_sizes[1]` rows of step 1, and so on. The sequences still running at step
`t` are always the first `batch_sizes[t]` of the batch, so one slice `h[:n]`
picks the rows to advance and the rest keep their state untouched.
"""

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import PackedSequence

from ._parameters import _activation, _layer_parameters


def _unroll_packed(
    rnn: nn.RNN, input: PackedSequence, hx: torch.Tensor | None
) -> tuple[PackedSequence, torch.Tensor]:
    """Compute `rnn(input, hx)` for a packed `input`; see `rnn_guide.unroll`."""
    data, batch_sizes, sorted_indices, unsorted_indices = input
    N = int(batch_sizes[0])
    H_out, num_layers = rnn.hidden_size, rnn.num_layers
    D = 2 if rnn.bidirectional else 1
    if hx is None:
        hx = data.new_zeros(D * num_layers, N, H_out)  # (D * num_layers, N, H_out)
    elif sorted_indices is not None:
        # The caller's hx follows the original order of sequences; the packed
        # rows are sorted longest first, so reorder hx the same way.
        hx = hx.index_select(1, sorted_indices)  # (D * num_layers, N, H_out)
    sizes = batch_sizes.tolist()
    layer_data = data  # (sum(batch_sizes), H_in)
    final_states = []
    for layer in range(num_layers):
        outputs = []
        for direction in range(D):
            h_0 = hx[layer * D + direction]  # (N, H_out)
            output, h_last = _unroll_direction_packed(rnn, layer, direction, layer_data, sizes, h_0)
            outputs.append(output)
            final_states.append(h_last)
        # Both directions put step t of sequence i on the same row of data.
        layer_data = torch.cat(outputs, dim=1)  # (sum(batch_sizes), D * H_out)
    h_n = torch.stack(final_states)  # (D * num_layers, N, H_out)
    if unsorted_indices is not None:
        h_n = h_n.index_select(1, unsorted_indices)  # back to the caller's order
    output = PackedSequence(layer_data, batch_sizes, sorted_indices, unsorted_indices)
    return output, h_n


def _unroll_direction_packed(
    rnn: nn.RNN,
    layer: int,
    direction: int,
    data: torch.Tensor,
    batch_sizes: list[int],
    h_0: torch.Tensor,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Run one layer in one direction over packed `data` from `h_0` `(N, H_out)`."""
    weight_ih, weight_hh, bias_ih, bias_hh = _layer_parameters(rnn, layer, direction)
    activation = _activation(rnn)
    L = len(batch_sizes)
    # The input term x_t W_ih^T + b_ih does not depend on the state: compute it
    # for every row at once, as PyTorch does, then cut it into time steps.
    input_terms = F.linear(data, weight_ih, bias_ih).split(
        batch_sizes
    )  # [t]: (batch_sizes[t], H_out)
    # Forward, the rows past batch_sizes[t] have ended and keep their final
    # state. Backward, time runs from L - 1 down to 0, so those rows have not
    # started yet and still hold h_0: a sequence starts at its own last step.
    steps = range(L) if direction == 0 else reversed(range(L))
    outputs = [None] * L
    h = h_0  # (N, H_out), one row per sequence, longest first
    for t in steps:
        n = batch_sizes[t]  # the sequences still running are the first n rows
        h_t = activation(input_terms[t] + F.linear(h[:n], weight_hh, bias_hh))  # (n, H_out)
        h = torch.cat([h_t, h[n:]])  # (N, H_out)
        outputs[t] = h_t
    # Every row of h has now taken its direction's last step: its h_n.
    return torch.cat(outputs), h  # (sum(batch_sizes), H_out), (N, H_out)
