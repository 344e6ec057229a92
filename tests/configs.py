"""The nn.RNN configurations the parity and shape tests sweep, and how they build one.

Written once so that test_unroll, test_packed and test_shapes check the same
configurations: a setting added here is checked dense, packed and by shape.
"""

import pytest
import torch
from torch import nn

RNN_CONFIGS = [
    # the textbook Elman RNN: one tanh layer
    pytest.param({}, id="one-tanh-layer"),
    # relu instead of tanh
    pytest.param({"nonlinearity": "relu"}, id="relu"),
    # no b_ih and b_hh: two fewer parameters per layer and direction
    pytest.param({"bias": False}, id="no-bias"),
    # relu without biases
    pytest.param({"nonlinearity": "relu", "bias": False}, id="relu-no-bias"),
    # two stacked layers: layer 1 reads layer 0's output
    pytest.param({"num_layers": 2}, id="two-layers"),
    # forward and backward directions side by side; packed, the backward
    # direction starts each sequence at its own last step
    pytest.param({"bidirectional": True}, id="bidirectional"),
    # batch dimension first in input and output, not in hx
    pytest.param({"batch_first": True}, id="batch-first"),
    # batch first changes input and output, not h_0 and h_n
    pytest.param({"batch_first": True, "bidirectional": True}, id="batch-first-bidirectional"),
    # layer 1 reads D * H_out features from both directions of layer 0
    pytest.param({"num_layers": 3, "bidirectional": True}, id="three-bidirectional-layers"),
    # three bidirectional layers, batch first
    pytest.param(
        {"num_layers": 3, "bidirectional": True, "batch_first": True},
        id="three-bidirectional-layers-batch-first",
    ),
    # dropout between layers, switched off by eval mode
    pytest.param({"num_layers": 2, "dropout": 0.5}, id="eval-mode-dropout"),
    # everything at once
    pytest.param(
        {
            "num_layers": 3,
            "bidirectional": True,
            "nonlinearity": "relu",
            "bias": False,
            "batch_first": True,
        },
        id="three-bidirectional-relu-layers-no-bias-batch-first",
    ),
]


def make_module(
    module: type[nn.RNNBase],
    config: dict,
    input_size: int,
    hidden_size: int,
    dtype: torch.dtype = torch.float64,
) -> nn.RNNBase:
    """Build `module(input_size, hidden_size, **config)`, seeded, in eval mode."""
    torch.manual_seed(0)
    return module(input_size, hidden_size, **config).to(dtype).eval()
