"""Each cell's update equation: what one layer computes at one time step.

A step receives the two linear terms of the equation already computed, the
input term `x_t W_ih^T + b_ih` and the recurrent term `h_{t-1} W_hh^T + b_hh`
(for a gated cell, every gate's rows side by side, in PyTorch's order), and the
state they update, a tuple: `(h_{t-1},)` for the Elman cell and GRU,
`(h_{t-1}, c_{t-1})` for LSTM. It returns the new state, `h_t` first.
`unroll` and the cells call these same functions, so each equation is written
once, and a new layer adds its step here.
"""

from collections.abc import Callable
from functools import partial

import torch
import torch.nn.functional as F
from torch import nn

from ._parameters import _nonlinearity, _Weights
from ._validate import _kind

_ACTIVATIONS = {"tanh": torch.tanh, "relu": torch.relu, "identity": lambda a: a}

_State = tuple[torch.Tensor, ...]
_Step = Callable[[torch.Tensor, torch.Tensor, _State], _State]


def _elman_step(
    input_term: torch.Tensor,
    recurrent_term: torch.Tensor,
    state: _State,
    *,
    activation: Callable[[torch.Tensor], torch.Tensor],
) -> _State:
    """`h_t = f(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`, f tanh or relu."""
    return (activation(input_term + recurrent_term),)  # h_t: (N, H_out)


def _lstm_step(
    input_term: torch.Tensor,
    recurrent_term: torch.Tensor,
    state: _State,
    *,
    weight_hr: torch.Tensor | None = None,
) -> _State:
    """The LSTM update, gates i, f, g, o in the order of weight_ih's row blocks.

    i, f, o = σ(x_t W_i^T + b_i + h_{t-1} W_hi^T + b_hi), and so on
    g = tanh(x_t W_ig^T + b_ig + h_{t-1} W_hg^T + b_hg)
    c_t = f * c_{t-1} + i * g
    h_t = o * tanh(c_t), then h_t W_hr^T with a projection
    """
    _, c_prev = state  # (N, H_cell)
    gates = input_term + recurrent_term  # (N, 4 * H_cell)
    i, f, g, o = gates.chunk(4, dim=-1)  # each (N, H_cell)
    i, f, g, o = torch.sigmoid(i), torch.sigmoid(f), torch.tanh(g), torch.sigmoid(o)
    # The cell state changes by addition: f scales what is kept, i * g is added.
    c_t = f * c_prev + i * g  # (N, H_cell)
    h_t = o * torch.tanh(c_t)  # (N, H_cell)
    if weight_hr is not None:
        h_t = F.linear(h_t, weight_hr)  # (N, H_out): the projection, h_t W_hr^T
    return h_t, c_t


def _gru_step(input_term: torch.Tensor, recurrent_term: torch.Tensor, state: _State) -> _State:
    """The GRU update, gates r, z, n in the order of weight_ih's row blocks.

        r = σ(x_t W_ir^T + b_ir + h_{t-1} W_hr^T + b_hr), z likewise
        n = tanh(x_t W_in^T + b_in + r * (h_{t-1} W_hn^T + b_hn))
        h_t = (1 - z) * n + z * h_{t-1}

    PyTorch puts b_hn inside the product with r, unlike Cho et al. (2014),
    who reset h_{t-1} before it meets W_hn.
    """
    (h_prev,) = state  # (N, H_out)
    x_r, x_z, x_n = input_term.chunk(3, dim=-1)  # each (N, H_out)
    h_r, h_z, h_n = recurrent_term.chunk(3, dim=-1)  # each (N, H_out)
    r = torch.sigmoid(x_r + h_r)  # (N, H_out): how much of the past n reads
    z = torch.sigmoid(x_z + h_z)  # (N, H_out): how much of the past h_t keeps
    n = torch.tanh(x_n + r * h_n)  # (N, H_out), the candidate
    return ((1 - z) * n + z * h_prev,)  # h_t: (N, H_out)


def _step_for(rnn: nn.RNNBase, weights: _Weights, nonlinearity: str | None = None) -> _Step:
    """Return the step of `rnn`'s cell, with what it needs from `weights` bound.

    `nonlinearity` replaces an Elman RNN's own (`"identity"` gives the linear
    RNN that nn.RNN has no mode for).
    """
    kind = _kind(rnn)
    if kind == "LSTM":
        return partial(_lstm_step, weight_hr=weights.weight_hr)
    if kind == "GRU":
        return _gru_step
    activation = _ACTIVATIONS[nonlinearity or _nonlinearity(rnn)]
    return partial(_elman_step, activation=activation)


# The gated designs that nn.LSTM and nn.GRU do not offer, taken apart in
# [Why the gates are built so](gated-variants.md). Each is one more step of the
# same signature, run by the same loop; `_VARIANTS` below says how many gate
# blocks of H_cell rows each one's weight_ih stacks, and in what order.


def _no_forget_step(
    input_term: torch.Tensor, recurrent_term: torch.Tensor, state: _State
) -> _State:
    """The LSTM of Hochreiter and Schmidhuber (1997), gates i, g, o: no forget gate.

    c_t = c_{t-1} + i * g: the old cell is kept with weight 1, always.
    """
    _, c_prev = state  # (N, H_cell)
    i, g, o = (input_term + recurrent_term).chunk(3, dim=-1)  # each (N, H_cell)
    c_t = c_prev + torch.sigmoid(i) * torch.tanh(g)  # (N, H_cell)
    return torch.sigmoid(o) * torch.tanh(c_t), c_t  # h_t: (N, H_cell)


def _peephole_step(
    input_term: torch.Tensor,
    recurrent_term: torch.Tensor,
    state: _State,
    *,
    peephole: torch.Tensor,
) -> _State:
    """The LSTM with peepholes (Gers and Schmidhuber 2000), gates i, f, g, o.

    Each gate also reads the cell through a diagonal weight: i and f read
    c_{t-1} (rows 0 and 1 of `peephole`, shape (3, H_cell)), o reads c_t (row 2).
    """
    _, c_prev = state  # (N, H_cell)
    i, f, g, o = (input_term + recurrent_term).chunk(4, dim=-1)  # each (N, H_cell)
    p_i, p_f, p_o = peephole  # each (H_cell,)
    i, f = torch.sigmoid(i + p_i * c_prev), torch.sigmoid(f + p_f * c_prev)
    c_t = f * c_prev + i * torch.tanh(g)  # (N, H_cell)
    return torch.sigmoid(o + p_o * c_t) * torch.tanh(c_t), c_t  # h_t: (N, H_cell)


def _coupled_step(input_term: torch.Tensor, recurrent_term: torch.Tensor, state: _State) -> _State:
    """The LSTM with coupled input and forget gates, i = 1 - f: gates f, g, o.

    What is forgotten is exactly what is written: c_t = f * c_{t-1} + (1 - f) * g.
    """
    _, c_prev = state  # (N, H_cell)
    f, g, o = (input_term + recurrent_term).chunk(3, dim=-1)  # each (N, H_cell)
    f = torch.sigmoid(f)
    c_t = f * c_prev + (1 - f) * torch.tanh(g)  # (N, H_cell)
    return torch.sigmoid(o) * torch.tanh(c_t), c_t  # h_t: (N, H_cell)


def _no_output_gate_step(
    input_term: torch.Tensor, recurrent_term: torch.Tensor, state: _State
) -> _State:
    """The LSTM without its output gate, gates i, f, g: h_t = tanh(c_t)."""
    _, c_prev = state  # (N, H_cell)
    i, f, g = (input_term + recurrent_term).chunk(3, dim=-1)  # each (N, H_cell)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)  # (N, H_cell)
    return torch.tanh(c_t), c_t  # h_t: (N, H_cell)


def _no_output_tanh_step(
    input_term: torch.Tensor, recurrent_term: torch.Tensor, state: _State
) -> _State:
    """The LSTM without the tanh of its output, gates i, f, g, o: h_t = o * c_t."""
    _, c_prev = state  # (N, H_cell)
    i, f, g, o = (input_term + recurrent_term).chunk(4, dim=-1)  # each (N, H_cell)
    c_t = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)  # (N, H_cell)
    return torch.sigmoid(o) * c_t, c_t  # h_t: (N, H_cell), unbounded


def _cho_gru_step(
    input_term: torch.Tensor,
    recurrent_term: torch.Tensor,
    state: _State,
    *,
    weight_hn: torch.Tensor,
    bias_hn: torch.Tensor | None,
) -> _State:
    """The GRU of Cho et al. (2014), gates r, z, n: r resets h_{t-1} before W_hn.

        n = tanh(x_t W_in^T + b_in + (r * h_{t-1}) W_hn^T + b_hn)

    The loop's recurrent term holds h_{t-1} W_hn^T + b_hn too; this step does
    not use it, since its product must wait for r.
    """
    (h_prev,) = state  # (N, H_out)
    a_r, a_z, _ = (input_term + recurrent_term).chunk(3, dim=-1)  # each (N, H_out)
    r, z = torch.sigmoid(a_r), torch.sigmoid(a_z)  # (N, H_out) each
    _, _, x_n = input_term.chunk(3, dim=-1)  # x_t W_in^T + b_in: (N, H_out)
    n = torch.tanh(x_n + F.linear(r * h_prev, weight_hn, bias_hn))  # (N, H_out)
    h_t = (1 - z) * n + z * h_prev  # (N, H_out)
    return (h_t,)


# Each variant: its gate blocks in weight_ih's row order, and its step. "lstm"
# and "gru" are nn.LSTM's and nn.GRU's own steps, unchanged.
_VARIANTS: dict[str, tuple[str, _Step]] = {
    "lstm": ("ifgo", _lstm_step),
    "no_forget": ("igo", _no_forget_step),
    "peephole": ("ifgo", _peephole_step),
    "coupled": ("fgo", _coupled_step),
    "no_output_gate": ("ifg", _no_output_gate_step),
    "no_output_tanh": ("ifgo", _no_output_tanh_step),
    "gru": ("rzn", _gru_step),
    "cho_gru": ("rzn", _cho_gru_step),
}
