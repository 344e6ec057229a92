"""Backpropagation through time by hand equals autograd, in every configuration."""

import doctest
import importlib
import itertools

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from rnn_guide._bptt import bptt

bptt_module = importlib.import_module("rnn_guide._bptt")


def autograd_reference(rnn, input, hx, grad_output, grad_h_n):
    """The same gradients from torch.autograd.grad through nn.RNN itself."""
    input = input.detach().requires_grad_()
    if hx is None:
        # Omitted hx means zeros; make them a leaf so autograd reports on them.
        shape = (1, rnn.hidden_size) if input.dim() == 2 else None
        if shape is None:
            N = input.shape[0] if rnn.batch_first else input.shape[1]
            shape = (1, N, rnn.hidden_size)
        hx = input.new_zeros(shape)
    hx = hx.detach().requires_grad_()
    output, h_n = rnn(input, hx)
    loss = output.new_zeros(())
    if grad_output is not None:
        loss = loss + (output * grad_output).sum()
    if grad_h_n is not None:
        loss = loss + (h_n * grad_h_n).sum()
    names = [name for name, _ in rnn.named_parameters()] + ["input", "hx"]
    tensors = [param for _, param in rnn.named_parameters()] + [input, hx]
    return dict(zip(names, torch.autograd.grad(loss, tensors), strict=True))


def make_case(seed, nonlinearity, bias, batch_first, L, N, with_hx, terms):
    """Build an RNN, an input, maybe hx, and the requested upstream gradients."""
    torch.manual_seed(seed)
    H_in, H_out = 3, 4
    rnn = nn.RNN(
        H_in, H_out, nonlinearity=nonlinearity, bias=bias, batch_first=batch_first
    ).double()
    if N is None:  # unbatched
        input = torch.randn(L, H_in, dtype=torch.float64)  # (L, H_in)
        state_shape, output_shape = (1, H_out), (L, H_out)
    else:
        shape = (N, L, H_in) if batch_first else (L, N, H_in)
        input = torch.randn(shape, dtype=torch.float64)
        state_shape = (1, N, H_out)
        output_shape = (N, L, H_out) if batch_first else (L, N, H_out)
    hx = torch.randn(state_shape, dtype=torch.float64) if with_hx else None
    grad_output = torch.randn(output_shape, dtype=torch.float64) if "output" in terms else None
    grad_h_n = torch.randn(state_shape, dtype=torch.float64) if "h_n" in terms else None
    return rnn, input, hx, grad_output, grad_h_n


CONFIGS = list(
    itertools.product(
        ["tanh", "relu"],  # nonlinearity
        [True, False],  # bias
        [False, True],  # batch_first
        [None, 1, 3],  # N: unbatched, one sequence, a batch
        [False, True],  # hx given
        [("output",), ("h_n",), ("output", "h_n")],  # which loss terms
    )
)


@pytest.mark.parametrize(
    "nonlinearity, bias, batch_first, N, with_hx, terms",
    CONFIGS,
    ids=[
        f"{nl}-{'bias' if b else 'nobias'}-{'bf' if bf else 'tm'}-N{n}-"
        f"{'hx' if h else 'nohx'}-{'+'.join(t)}"
        for nl, b, bf, n, h, t in CONFIGS
    ],
)
def test_bptt_matches_autograd(nonlinearity, bias, batch_first, N, with_hx, terms):
    case = make_case(0, nonlinearity, bias, batch_first, 5, N, with_hx, terms)
    grads = bptt(*case)
    expected = autograd_reference(*case)
    assert list(grads) == list(expected)
    for name in expected:
        torch.testing.assert_close(grads[name], expected[name], msg=name)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    seed=st.integers(0, 2**16),
    nonlinearity=st.sampled_from(["tanh", "relu"]),
    bias=st.booleans(),
    batch_first=st.booleans(),
    L=st.integers(1, 10),
    N=st.sampled_from([None, 1, 2, 4]),
    with_hx=st.booleans(),
    terms=st.sampled_from([("output",), ("h_n",), ("output", "h_n")]),
)
def test_bptt_matches_autograd_on_random_configurations(
    seed, nonlinearity, bias, batch_first, L, N, with_hx, terms
):
    case = make_case(seed, nonlinearity, bias, batch_first, L, N, with_hx, terms)
    grads = bptt(*case)
    expected = autograd_reference(*case)
    for name in expected:
        torch.testing.assert_close(grads[name], expected[name], msg=name)


def test_bptt_float32_matches_autograd():
    torch.manual_seed(1)
    rnn = nn.RNN(2, 5)
    input = torch.randn(6, 3, 2)  # (L, N, H_in)
    grad_output = torch.randn(6, 3, 5)  # (L, N, H_out)
    grads = bptt(rnn, input, grad_output=grad_output)
    expected = autograd_reference(rnn, input, None, grad_output, None)
    for name in expected:
        torch.testing.assert_close(grads[name], expected[name], msg=name)


def test_bptt_uses_no_autograd():
    # Parameters that do not need grad: autograd could not produce anything.
    torch.manual_seed(2)
    rnn = nn.RNN(2, 3).double().requires_grad_(False)
    input = torch.randn(4, 2, 2, dtype=torch.float64)
    grads = bptt(rnn, input, grad_h_n=torch.ones(1, 2, 3, dtype=torch.float64))
    assert all(not g.requires_grad for g in grads.values())
    rnn.requires_grad_(True)
    expected = autograd_reference(rnn, input, None, None, torch.ones(1, 2, 3).double())
    for name in expected:
        torch.testing.assert_close(grads[name], expected[name], msg=name)


def test_bptt_hx_gradient_with_last_step_loss_is_a_product_of_jacobians():
    # dℓ/dh_0 = 1 · J_L ⋯ J_1 with J_t = diag(1 - h_t²) W_hh, for ℓ = h_L.sum().
    torch.manual_seed(3)
    rnn = nn.RNN(2, 3).double()
    input = torch.randn(4, 2, dtype=torch.float64)  # (L, H_in), unbatched
    output, _ = rnn(input)
    product = torch.eye(3, dtype=torch.float64)
    for t in range(4, 0, -1):
        jacobian = torch.diag(1 - output[t - 1] ** 2) @ rnn.weight_hh_l0.detach()
        product = product @ jacobian
    expected = torch.ones(3, dtype=torch.float64) @ product  # (H_out,)
    grads = bptt(rnn, input, grad_h_n=torch.ones(1, 3, dtype=torch.float64))
    torch.testing.assert_close(grads["hx"][0], expected)


def test_bptt_docstring_examples():
    result = doctest.testmod(bptt_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# --- What bptt() does not take -------------------------------------------------


def small():
    rnn = nn.RNN(2, 3)
    return rnn, torch.randn(4, 5, 2), torch.ones(1, 5, 3)  # input (L, N, H_in)


@pytest.mark.parametrize(
    "module, error, match",
    [
        (nn.LSTM(2, 3), TypeError, "expects a torch.nn.RNN, got LSTM"),
        (nn.GRU(2, 3), TypeError, "expects a torch.nn.RNN, got GRU"),
        (nn.Linear(2, 3), TypeError, "expects a torch.nn.RNN, got Linear"),
        (nn.RNN(2, 3, num_layers=2), ValueError, "num_layers=1.*got num_layers=2"),
        (nn.RNN(2, 3, bidirectional=True), ValueError, "got bidirectional=True"),
    ],
    ids=["lstm", "gru", "linear", "two-layers", "bidirectional"],
)
def test_bptt_rejects_other_modules(module, error, match):
    _, input, grad_h_n = small()
    with pytest.raises(error, match=match):
        bptt(module, input, grad_h_n=grad_h_n)


def test_bptt_rejects_packed_sequence():
    rnn, input, grad_h_n = small()
    packed = pack_padded_sequence(input, torch.tensor([4, 4, 3, 2, 1]))
    with pytest.raises(TypeError, match="got a PackedSequence"):
        bptt(rnn, packed, grad_h_n=grad_h_n)


def test_bptt_rejects_non_tensors():
    rnn, input, grad_h_n = small()
    with pytest.raises(TypeError, match="input to be a torch.Tensor"):
        bptt(rnn, input.tolist(), grad_h_n=grad_h_n)
    with pytest.raises(TypeError, match="grad_h_n to be a torch.Tensor or None"):
        bptt(rnn, input, grad_h_n=grad_h_n.tolist())
    with pytest.raises(TypeError, match="hx to be a torch.Tensor or None"):
        bptt(rnn, input, hx=0.0, grad_h_n=grad_h_n)


def test_bptt_needs_a_gradient():
    rnn, input, _ = small()
    with pytest.raises(ValueError, match="grad_output, grad_h_n or both, got neither"):
        bptt(rnn, input)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (
            dict(grad_output=torch.ones(5, 4, 3)),
            r"grad_output of shape \(L, N, H_out\) = \(4, 5, 3\).*got \(5, 4, 3\)",
        ),
        (
            dict(grad_h_n=torch.ones(5, 3)),
            r"grad_h_n of shape \(1, N, H_out\) = \(1, 5, 3\).*got \(5, 3\)",
        ),
        (
            dict(grad_h_n=torch.ones(1, 5, 3, dtype=torch.float64)),
            "grad_h_n to have the dtype of input, torch.float32, got torch.float64",
        ),
        (
            dict(grad_h_n=torch.ones(1, 5, 3), hx=torch.zeros(2, 5, 3)),
            r"hx of shape .* = \(1, 5, 3\)",
        ),
    ],
    ids=["grad-output-shape", "grad-h-n-shape", "grad-dtype", "hx-shape"],
)
def test_bptt_rejects_wrong_shapes_and_dtypes(kwargs, match):
    rnn, input, _ = small()
    with pytest.raises(ValueError, match=match):
        bptt(rnn, input, **kwargs)


def test_bptt_names_the_batch_first_shape():
    rnn = nn.RNN(2, 3, batch_first=True)
    input = torch.randn(5, 4, 2)  # (N, L, H_in)
    with pytest.raises(ValueError, match=r"\(N, L, H_out\) = \(5, 4, 3\)"):
        bptt(rnn, input, grad_output=torch.ones(4, 5, 3))


def test_bptt_rejects_wrong_input_shape():
    rnn, _, grad_h_n = small()
    with pytest.raises(ValueError, match="input of shape"):
        bptt(rnn, torch.randn(4, 5, 7), grad_h_n=grad_h_n)
