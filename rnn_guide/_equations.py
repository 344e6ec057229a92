"""Each cell's update equation: what one layer computes at one time step.

A step receives the two linear terms of the equation already computed, the
input term `x_t W_ih^T + b_ih` and the recurrent term `h_{t-1} W_hh^T + b_hh`,
and the state they update, a tuple: `(h_{t-1},)` for the Elman cell. It returns
the new state. `unroll` and the cells call these same functions, so each
equation is written once, and a new layer adds its step here.
"""

from collections.abc import Callable
from functools import partial

import torch
from torch import nn

from ._parameters import _nonlinearity, _Weights

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


def _step_for(rnn: nn.RNN, weights: _Weights, nonlinearity: str | None = None) -> _Step:
    """Return the step of `rnn`'s cell, with what it needs from `weights` bound.

    `nonlinearity` replaces the Elman RNN's own (`"identity"` gives the linear
    RNN that nn.RNN has no mode for).
    """
    activation = _ACTIVATIONS[nonlinearity or _nonlinearity(rnn)]
    return partial(_elman_step, activation=activation)
