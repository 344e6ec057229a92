"""The configurations the parity and shape tests sweep, and how they build modules and inputs.

Written once so that test_unroll, test_packed and test_shapes check the same
nn.RNN configurations (a setting added here is checked dense, packed and by
shape), and test_gated and test_properties the same nn.LSTM and nn.GRU ones.
"""

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from rnn_guide import padded_batch, random_lengths

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


LSTM_CONFIGS = [
    # one LSTM layer: four gates, h and c
    pytest.param({}, id="one-layer"),
    # no b_ih and b_hh
    pytest.param({"bias": False}, id="no-bias"),
    # two stacked layers: layer 1 reads layer 0's h
    pytest.param({"num_layers": 2}, id="two-layers"),
    # forward and backward directions side by side
    pytest.param({"bidirectional": True}, id="bidirectional"),
    # batch dimension first in input and output, not in h_0 and c_0
    pytest.param({"batch_first": True}, id="batch-first"),
    # dropout between layers, switched off by eval mode
    pytest.param({"num_layers": 2, "dropout": 0.5}, id="eval-mode-dropout"),
    # h_t projected down to proj_size: h is H_out = 2 wide, c is H_cell wide
    pytest.param({"proj_size": 2}, id="projection"),
    # the projection in every layer and direction, batch first
    pytest.param(
        {"proj_size": 2, "num_layers": 3, "bidirectional": True, "batch_first": True},
        id="three-bidirectional-projected-layers-batch-first",
    ),
    # everything at once, without biases
    pytest.param(
        {
            "num_layers": 3,
            "bidirectional": True,
            "bias": False,
            "batch_first": True,
            "proj_size": 3,
        },
        id="three-bidirectional-projected-layers-no-bias-batch-first",
    ),
]

GRU_CONFIGS = [
    # one GRU layer: three gates, reset inside the candidate
    pytest.param({}, id="one-layer"),
    # no b_ih and b_hh: nothing left for the reset gate to scale but h W_hn^T
    pytest.param({"bias": False}, id="no-bias"),
    # two stacked layers
    pytest.param({"num_layers": 2}, id="two-layers"),
    # forward and backward directions side by side
    pytest.param({"bidirectional": True}, id="bidirectional"),
    # batch dimension first in input and output, not in hx
    pytest.param({"batch_first": True}, id="batch-first"),
    # dropout between layers, switched off by eval mode
    pytest.param({"num_layers": 2, "dropout": 0.5}, id="eval-mode-dropout"),
    # everything at once
    pytest.param(
        {"num_layers": 3, "bidirectional": True, "bias": False, "batch_first": True},
        id="three-bidirectional-layers-no-bias-batch-first",
    ),
]

LAYOUTS = ["batched", "unbatched", "packed", "packed-sorted"]


def make_inputs(module: nn.RNNBase, layout: str, L: int, N: int, seed: int, dtype: torch.dtype):
    """Return a float input leaf, a function that builds the module's input from it,
    and an hx of the shape the module takes: a pair (h_0, c_0) for nn.LSTM.

    `layout` is "batched", "unbatched", "packed" (lengths in random order) or
    "packed-sorted" (longest first, packed with enforce_sorted=True).
    """
    H_in, D = module.input_size, 2 if module.bidirectional else 1
    H_out = module.proj_size or module.hidden_size
    sizes = (H_out, module.hidden_size) if isinstance(module, nn.LSTM) else (H_out,)
    batch = () if layout == "unbatched" else (N,)
    generator = torch.Generator().manual_seed(seed)
    if layout == "unbatched":
        leaf = torch.randn(L, H_in, generator=generator, dtype=dtype)
        build = _same
    elif layout == "batched":
        shape = (N, L, H_in) if module.batch_first else (L, N, H_in)
        leaf = torch.randn(shape, generator=generator, dtype=dtype)
        build = _same
    else:
        lengths = random_lengths(N, 1, L, seed=seed)
        sort = layout == "packed-sorted"
        if sort:
            lengths = sorted(lengths, reverse=True)
        leaf, lengths = padded_batch(
            lengths, H_in, seed=seed, batch_first=module.batch_first, dtype=dtype
        )

        def build(x):
            return pack_padded_sequence(x, lengths, module.batch_first, enforce_sorted=sort)

    hx = tuple(
        torch.randn(D * module.num_layers, *batch, size, generator=generator, dtype=dtype)
        for size in sizes
    )
    return leaf, build, hx if isinstance(module, nn.LSTM) else hx[0]


def _same(x):
    return x
