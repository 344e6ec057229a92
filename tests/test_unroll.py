"""unroll() recomputes nn.RNN: the same output, h_n and gradients, dense input."""

import warnings

import pytest
import torch
from configs import RNN_CONFIGS, make_module
from parity import assert_same_gradients
from torch import nn
from torch.testing import assert_close

from rnn_guide import unroll

L, N, H_in, H_out = 5, 3, 4, 6

CONFIGS = RNN_CONFIGS


def make_rnn(config: dict, dtype: torch.dtype = torch.float64) -> nn.RNN:
    return make_module(nn.RNN, config, H_in, H_out, dtype)


def make_input(rnn: nn.RNN, batched: bool = True, seed: int = 1):
    """Return a random input and hx of the shapes `rnn` expects."""
    generator = torch.Generator().manual_seed(seed)
    D = 2 if rnn.bidirectional else 1
    dtype = rnn.weight_ih_l0.dtype
    if not batched:
        input_shape, hx_shape = (L, H_in), (D * rnn.num_layers, H_out)
    else:
        input_shape = (N, L, H_in) if rnn.batch_first else (L, N, H_in)
        hx_shape = (D * rnn.num_layers, N, H_out)
    input = torch.randn(input_shape, generator=generator, dtype=dtype)
    hx = torch.randn(hx_shape, generator=generator, dtype=dtype)
    return input, hx


def run_with_gradients(forward, rnn, input, hx):
    """Run `forward(rnn, input, hx)`, backpropagate a fixed loss, keep every gradient."""
    input = input.detach().clone().requires_grad_()
    hx = None if hx is None else hx.detach().clone().requires_grad_()
    rnn.zero_grad(set_to_none=True)
    output, h_n = forward(rnn, input, hx)
    # Fixed random coefficients make every element of output and h_n matter.
    generator = torch.Generator().manual_seed(2)
    weight_output = torch.randn(output.shape, generator=generator, dtype=output.dtype)
    weight_h_n = torch.randn(h_n.shape, generator=generator, dtype=h_n.dtype)
    ((output * weight_output).sum() + (h_n * weight_h_n).sum()).backward()
    grads = {"input": input.grad, "hx": None if hx is None else hx.grad}
    grads |= {name: param.grad for name, param in rnn.named_parameters()}
    return output.detach(), h_n.detach(), grads


def assert_matches_torch(rnn, input, hx):
    expected = run_with_gradients(lambda rnn, x, h: rnn(x, h), rnn, input, hx)
    actual = run_with_gradients(unroll, rnn, input, hx)
    output, h_n, grads = actual
    expected_output, expected_h_n, expected_grads = expected
    assert_close(output, expected_output)
    assert_close(h_n, expected_h_n)
    assert_same_gradients(grads, expected_grads)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("hx_given", [True, False], ids=["hx-given", "hx-omitted"])
def test_unroll_matches_torch_in_float64(config, hx_given):
    rnn = make_rnn(config)
    input, hx = make_input(rnn)
    assert_matches_torch(rnn, input, hx if hx_given else None)


@pytest.mark.parametrize("config", CONFIGS)
def test_unroll_matches_torch_in_float32(config):
    rnn = make_rnn(config, torch.float32)
    input, hx = make_input(rnn)
    assert_matches_torch(rnn, input, hx)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("hx_given", [True, False], ids=["hx-given", "hx-omitted"])
def test_unroll_matches_torch_unbatched(config, hx_given):
    rnn = make_rnn(config)
    input, hx = make_input(rnn, batched=False)
    output, h_n = unroll(rnn, input, hx if hx_given else None)
    D = 2 if rnn.bidirectional else 1
    # Unbatched output has no batch dimension, even with batch_first=True.
    assert output.shape == (L, D * H_out)
    assert h_n.shape == (D * rnn.num_layers, H_out)
    assert_matches_torch(rnn, input, hx if hx_given else None)


def test_unroll_matches_torch_in_float32_for_long_sequences_and_wide_layers():
    # Gradients sum over L * N terms, where float32 rounding adds up; unroll
    # groups the sums as nn.RNN does, so the defaults of assert_close still hold.
    torch.manual_seed(0)
    rnn = nn.RNN(10, 32, bidirectional=True).eval()
    generator = torch.Generator().manual_seed(1)
    input = torch.randn(40, 16, 10, generator=generator)  # (L, N, H_in)
    hx = torch.randn(2, 16, 32, generator=generator)  # (D * num_layers, N, H_out)
    assert_matches_torch(rnn, input, hx)


def test_unroll_matches_torch_in_training_mode_without_dropout():
    rnn = make_rnn({"num_layers": 2, "bidirectional": True}).train()
    input, hx = make_input(rnn)
    assert_matches_torch(rnn, input, hx)


def test_unroll_matches_torch_in_training_mode_with_one_layer_dropout():
    # nn.RNN applies dropout only between layers, so one layer draws no mask.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        rnn = make_rnn({"dropout": 0.5}).train()
    input, hx = make_input(rnn)
    assert_matches_torch(rnn, input, hx)


def test_unroll_refuses_training_mode_dropout_between_layers():
    rnn = make_rnn({"num_layers": 2, "dropout": 0.5}).train()
    input, hx = make_input(rnn)
    with pytest.raises(ValueError, match=r"cannot reproduce dropout in training mode"):
        unroll(rnn, input, hx)
    # The same RNN in eval mode is deterministic and matches.
    assert_matches_torch(rnn.eval(), input, hx)


def test_unroll_accepts_a_subclass_of_nn_rnn():
    class LoggedRNN(nn.RNN):
        """A subclass that changes nothing about the computation."""

    torch.manual_seed(0)
    rnn = LoggedRNN(H_in, H_out, num_layers=2, nonlinearity="relu").double().eval()
    input, hx = make_input(rnn)
    assert_matches_torch(rnn, input, hx)


def test_unroll_omitted_hx_means_zeros():
    rnn = make_rnn({"num_layers": 2, "bidirectional": True})
    input, hx = make_input(rnn)
    output, h_n = unroll(rnn, input)
    zeros_output, zeros_h_n = unroll(rnn, input, torch.zeros_like(hx))
    assert torch.equal(output, zeros_output)
    assert torch.equal(h_n, zeros_h_n)


def test_unroll_h_n_is_the_last_output_step_forward_and_the_first_backward():
    rnn = make_rnn({"bidirectional": True})
    input, hx = make_input(rnn)
    output, h_n = unroll(rnn, input, hx)  # (L, N, 2 * H_out), (2, N, H_out)
    # The forward direction ends at step L - 1, the backward direction at step 0.
    assert torch.equal(h_n[0], output[-1, :, :H_out])
    assert torch.equal(h_n[1], output[0, :, H_out:])


def test_unroll_matches_torch_for_an_empty_batch():
    rnn = make_rnn({"num_layers": 2})
    input = torch.zeros(L, 0, H_in, dtype=torch.float64)
    output, h_n = unroll(rnn, input)
    expected_output, expected_h_n = rnn(input)
    assert output.shape == expected_output.shape == (L, 0, H_out)
    assert h_n.shape == expected_h_n.shape == (2, 0, H_out)


def test_unroll_leaves_parameters_and_inputs_unchanged():
    rnn = make_rnn({"num_layers": 2, "bidirectional": True})
    input, hx = make_input(rnn)
    before = {name: param.clone() for name, param in rnn.named_parameters()}
    input_before, hx_before = input.clone(), hx.clone()
    unroll(rnn, input, hx)
    for name, param in rnn.named_parameters():
        assert torch.equal(param, before[name]), name
    assert torch.equal(input, input_before)
    assert torch.equal(hx, hx_before)
