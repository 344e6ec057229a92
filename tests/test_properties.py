"""Hypothesis sweeps: unroll() and explain_shapes() agree with nn.RNN, nn.LSTM and nn.GRU."""

import torch
from configs import LAYOUTS, make_inputs
from hypothesis import given, settings
from hypothesis import strategies as st
from parity import assert_matches, module_rows, run_with_gradients
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from rnn_guide import explain_shapes, padded_batch, parameter_count, random_lengths, unroll

configs = st.fixed_dictionaries(
    {
        "input_size": st.integers(1, 4),
        "hidden_size": st.integers(1, 4),
        "num_layers": st.integers(1, 3),
        "nonlinearity": st.sampled_from(["tanh", "relu"]),
        "bias": st.booleans(),
        "batch_first": st.booleans(),
        "bidirectional": st.booleans(),
    }
)
layouts = st.sampled_from(["batched", "unbatched", "packed"])


def make_case(config, layout, L, N, seed, dtype):
    """Return an eval-mode RNN, a float input leaf, a function that builds the
    RNN's input from that leaf, and an hx of the right shape."""
    torch.manual_seed(seed)
    rnn = nn.RNN(**config).to(dtype).eval()
    H_in, H_out = config["input_size"], config["hidden_size"]
    D = 2 if config["bidirectional"] else 1
    generator = torch.Generator().manual_seed(seed)
    hx_shape = (D * config["num_layers"], N, H_out)
    if layout == "unbatched":
        leaf = torch.randn(L, H_in, generator=generator, dtype=dtype)
        hx_shape = (hx_shape[0], H_out)
        return rnn, leaf, lambda x: x, torch.randn(hx_shape, generator=generator, dtype=dtype)
    if layout == "batched":
        shape = (N, L, H_in) if rnn.batch_first else (L, N, H_in)
        leaf = torch.randn(shape, generator=generator, dtype=dtype)
        return rnn, leaf, lambda x: x, torch.randn(hx_shape, generator=generator, dtype=dtype)
    lengths = random_lengths(N, 1, L, seed=seed)
    leaf, lengths = padded_batch(lengths, H_in, seed=seed, batch_first=rnn.batch_first, dtype=dtype)

    def pack(x):
        return pack_padded_sequence(x, lengths, rnn.batch_first, enforce_sorted=False)

    return rnn, leaf, pack, torch.randn(hx_shape, generator=generator, dtype=dtype)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    config=configs,
    layout=layouts,
    L=st.integers(1, 5),
    N=st.integers(1, 4),
    hx_given=st.booleans(),
    seed=st.integers(0, 2**16),
    dtype=st.sampled_from([torch.float64, torch.float32]),
)
def test_unroll_matches_torch_values_and_gradients(config, layout, L, N, hx_given, seed, dtype):
    rnn, leaf, build_input, hx = make_case(config, layout, L, N, seed, dtype)
    hx = hx if hx_given else None
    actual = run_with_gradients(lambda x, h: unroll(rnn, x, h), rnn, leaf, build_input, hx)
    expected = run_with_gradients(rnn, rnn, leaf, build_input, hx)
    assert_matches(actual, expected)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(config=configs, layout=layouts, L=st.integers(1, 5), N=st.integers(1, 4))
def test_explain_shapes_predicts_every_shape(config, layout, L, N):
    rnn, leaf, build_input, hx = make_case(config, layout, L, N, 0, torch.float32)
    input = build_input(leaf)
    report = explain_shapes(rnn, input, hx)
    assert [(row.name, row.shape) for row in report.rows] == module_rows(rnn, input, hx)
    assert report.num_parameters == sum(p.numel() for p in rnn.parameters())


@settings(max_examples=60, deadline=None, derandomize=True)
@given(config=configs)
def test_parameter_count_equals_the_number_of_scalars(config):
    torch.manual_seed(0)
    rnn = nn.RNN(**config)
    count = parameter_count(
        config["input_size"],
        config["hidden_size"],
        config["num_layers"],
        config["bias"],
        config["bidirectional"],
    )
    assert count == sum(p.numel() for p in rnn.parameters())


# --- nn.LSTM and nn.GRU --------------------------------------------------------


@st.composite
def gated_modules(draw):
    """Draw an eval-mode nn.LSTM (with or without a projection) or nn.GRU."""
    module = draw(st.sampled_from([nn.LSTM, nn.GRU]))
    config = draw(
        st.fixed_dictionaries(
            {
                "input_size": st.integers(1, 4),
                "hidden_size": st.integers(1, 4),
                "num_layers": st.integers(1, 3),
                "bias": st.booleans(),
                "batch_first": st.booleans(),
                "bidirectional": st.booleans(),
            }
        )
    )
    if module is nn.LSTM and config["hidden_size"] > 1 and draw(st.booleans()):
        config["proj_size"] = draw(st.integers(1, config["hidden_size"] - 1))
    return module, config


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    drawn=gated_modules(),
    layout=st.sampled_from(LAYOUTS),
    L=st.integers(1, 5),
    N=st.integers(1, 4),
    hx_given=st.booleans(),
    seed=st.integers(0, 2**16),
    dtype=st.sampled_from([torch.float64, torch.float32]),
)
def test_unroll_matches_lstm_and_gru_values_states_and_gradients(
    drawn, layout, L, N, hx_given, seed, dtype
):
    module, config = drawn
    torch.manual_seed(seed)
    module = module(**config).to(dtype).eval()
    leaf, build_input, hx = make_inputs(module, layout, L, N, seed, dtype)
    hx = hx if hx_given else None
    actual = run_with_gradients(lambda x, h: unroll(module, x, h), module, leaf, build_input, hx)
    expected = run_with_gradients(module, module, leaf, build_input, hx)
    assert_matches(actual, expected)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    drawn=gated_modules(), layout=st.sampled_from(LAYOUTS), L=st.integers(1, 5), N=st.integers(1, 4)
)
def test_explain_shapes_predicts_every_lstm_and_gru_shape(drawn, layout, L, N):
    module, config = drawn
    torch.manual_seed(0)
    module = module(**config).eval()
    leaf, build_input, hx = make_inputs(module, layout, L, N, 0, torch.float32)
    input = build_input(leaf)
    report = explain_shapes(module, input, hx)
    assert [(row.name, row.shape) for row in report.rows] == module_rows(module, input, hx)
    assert report.num_parameters == sum(p.numel() for p in module.parameters())


@settings(max_examples=60, deadline=None, derandomize=True)
@given(drawn=gated_modules())
def test_parameter_count_equals_the_number_of_scalars_of_lstm_and_gru(drawn):
    module, config = drawn
    torch.manual_seed(0)
    layer = module(**config)
    sizes = {key: value for key, value in config.items() if key != "batch_first"}
    kind = "LSTM" if module is nn.LSTM else "GRU"
    count = parameter_count(**sizes, kind=kind)  # proj_size too, when drawn
    assert count == sum(p.numel() for p in layer.parameters())
