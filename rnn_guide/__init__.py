"""rnn_guide: from-scratch recurrent layers that reproduce nn.RNN, nn.LSTM and nn.GRU.

Each name below lives in a small private module, one idea per module, and is
re-exported here: `unroll` (the whole forward pass, dense or packed, of any of
the three), `ElmanCell`, `LSTMCell` and `GRUCell` (one step each; `VariantCell` for
the gated designs PyTorch does not offer),
`explain_shapes` and `parameter_count` (every shape and the parameter count,
with their formulas), `bptt` and the gradient probes, `bridge_state` (an
encoder's final state handed to a decoder), `Attention` and `length_mask`
(attention over an encoder's outputs), and seeded data for the
chapters (`sine_windows`, `padded_batch`, `random_lengths`).
"""

from ._attention import Attention, length_mask
from ._bptt import bptt
from ._bridge import bridge_state
from ._cell import ElmanCell, GRUCell, LSTMCell, VariantCell
from ._data import padded_batch, random_lengths, sine_windows
from ._parameters import parameter_count
from ._probes import (
    gradient_norms,
    gradient_norms_by_radius,
    set_spectral_radius_,
    spectral_radius,
)
from ._shapes import ShapeReport, ShapeRow, explain_shapes
from ._unroll import unroll

__all__ = [
    "Attention",
    "ElmanCell",
    "GRUCell",
    "LSTMCell",
    "ShapeReport",
    "ShapeRow",
    "VariantCell",
    "bptt",
    "bridge_state",
    "explain_shapes",
    "gradient_norms",
    "gradient_norms_by_radius",
    "length_mask",
    "padded_batch",
    "parameter_count",
    "random_lengths",
    "set_spectral_radius_",
    "sine_windows",
    "spectral_radius",
    "unroll",
]
