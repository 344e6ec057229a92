"""The gradient probes measure what the backward recursion says they measure."""

import doctest
import importlib
import math

import pytest
import torch
from torch import nn

from rnn_guide._bptt import bptt
from rnn_guide._probes import (
    gradient_norms,
    gradient_norms_by_radius,
    set_spectral_radius_,
    spectral_radius,
)

probes_module = importlib.import_module("rnn_guide._probes")


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("give_hx", [False, True])
def test_gradient_norms_match_hand_written_bptt(nonlinearity, batch_first, give_hx):
    # dℓ/dh_t for ℓ = h_L.sum() is the hx gradient of the suffix that starts
    # from h_t: an independent route through rnn_guide.bptt. The RNN's own
    # nonlinearity is the default, and the states start from hx when given.
    torch.manual_seed(0)
    rnn = nn.RNN(3, 4, nonlinearity=nonlinearity, batch_first=batch_first).double()
    L, N = 6, 2
    input = torch.randn(L, N, 3, dtype=torch.float64)  # (L, N, H_in)
    hx = torch.randn(1, N, 4, dtype=torch.float64) if give_hx else None  # (1, N, H_out)
    layout = (lambda x: x.transpose(0, 1)) if batch_first else (lambda x: x)
    norms = gradient_norms(rnn, layout(input), hx)
    output, _ = rnn(layout(input), hx)
    output = layout(output)  # (L, N, H_out)
    ones = torch.ones(1, N, 4, dtype=torch.float64)
    for t in range(1, L + 1):
        h_t = output[t - 1].unsqueeze(0)  # (1, N, H_out)
        if t == L:
            expected = ones.norm()
        else:
            suffix = layout(input[t:])
            expected = bptt(rnn, suffix, hx=h_t, grad_h_n=ones)["hx"].norm()
        torch.testing.assert_close(norms[t - 1], expected)


def test_gradient_norms_of_a_linear_rnn_are_powers_of_w_hh():
    # With the identity, dℓ/dh_t = 1 · W_hh^(L - t), whatever the input.
    torch.manual_seed(1)
    rnn = nn.RNN(2, 5).double()
    L, N = 7, 3
    norms = gradient_norms(rnn, torch.randn(L, N, 2, dtype=torch.float64), nonlinearity="identity")
    W = rnn.weight_hh_l0.detach()
    ones = torch.ones(N, 5, dtype=torch.float64)
    for t in range(1, L + 1):
        expected = (ones @ torch.linalg.matrix_power(W, L - t)).norm()
        torch.testing.assert_close(norms[t - 1], expected)


def test_gradient_norms_unbatched_equals_batch_of_one():
    torch.manual_seed(2)
    rnn = nn.RNN(2, 3)
    input = torch.randn(5, 2)  # (L, H_in)
    hx = torch.randn(1, 3)
    torch.testing.assert_close(
        gradient_norms(rnn, input, hx),
        gradient_norms(rnn, input.unsqueeze(1), hx.unsqueeze(1)),
    )


def test_gradient_norms_works_when_parameters_do_not_need_grad():
    torch.manual_seed(3)
    rnn = nn.RNN(2, 3)
    input = torch.randn(5, 2, 2)
    expected = gradient_norms(rnn, input)
    rnn.requires_grad_(False)
    with torch.no_grad():
        torch.testing.assert_close(gradient_norms(rnn, input), expected)


def test_gradient_norms_rejects_what_it_does_not_take():
    with pytest.raises(ValueError, match="nonlinearity 'tanh', 'relu', 'identity'"):
        gradient_norms(nn.RNN(2, 3), torch.randn(4, 2), nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="num_layers=1"):
        gradient_norms(nn.RNN(2, 3, num_layers=2), torch.randn(4, 2))
    with pytest.raises(TypeError, match="expects a torch.nn.RNN, got GRU"):
        gradient_norms(nn.GRU(2, 3), torch.randn(4, 2))


def test_spectral_radius_of_known_matrices():
    assert spectral_radius(torch.diag(torch.tensor([0.5, -3.0, 2.0]))) == 3.0
    rotation = torch.tensor([[0.0, -1.0], [1.0, 0.0]], dtype=torch.float64)
    assert math.isclose(spectral_radius(rotation), 1.0)


def test_spectral_radius_rejects_non_square_and_integer_matrices():
    with pytest.raises(ValueError, match=r"square matrix .* got shape \(2, 3\)"):
        spectral_radius(torch.ones(2, 3))
    with pytest.raises(ValueError, match="floating-point matrix, got dtype"):
        spectral_radius(torch.eye(2, dtype=torch.int64))
    with pytest.raises(TypeError, match="got list"):
        spectral_radius([[1.0]])


def test_default_w_hh_spectral_radius_is_near_the_circular_law():
    # Entries U(-a, a), a = 1/sqrt(H_out): the circular law gives 1/sqrt(3).
    torch.manual_seed(0)
    radii = [spectral_radius(nn.RNN(1, 64).weight_hh_l0) for _ in range(20)]
    mean = sum(radii) / len(radii)
    # Finite matrices sit a few percent above the limit; draws scatter by ~5%.
    assert abs(mean / (1 / math.sqrt(3)) - 1) < 0.15
    assert all(abs(r / (1 / math.sqrt(3)) - 1) < 0.25 for r in radii)


@pytest.mark.parametrize("bidirectional", [False, True])
def test_set_spectral_radius_rescales_every_w_hh(bidirectional):
    torch.manual_seed(4)
    rnn = nn.RNN(2, 6, num_layers=2, bidirectional=bidirectional)
    before = {n: p.detach().clone() for n, p in rnn.named_parameters()}
    assert set_spectral_radius_(rnn, 1.3) is rnn
    for name, param in rnn.named_parameters():
        if name.startswith("weight_hh"):
            assert math.isclose(spectral_radius(param), 1.3, rel_tol=1e-4)
            # Same direction: the new matrix is a multiple of the old one.
            scale = param.detach().norm() / before[name].norm()
            torch.testing.assert_close(param.detach(), before[name] * scale)
        else:
            assert torch.equal(param.detach(), before[name])


def test_set_spectral_radius_rejects_bad_radii_and_nilpotent_matrices():
    rnn = nn.RNN(2, 2)
    for radius, error in [(0.0, ValueError), (math.inf, ValueError), ("1", TypeError)]:
        with pytest.raises(error, match="radius"):
            set_spectral_radius_(rnn, radius)
    with torch.no_grad():
        rnn.weight_hh_l0.copy_(torch.tensor([[0.0, 1.0], [0.0, 0.0]]))
    with pytest.raises(ValueError, match="got spectral radius 0"):
        set_spectral_radius_(rnn, 1.0)
    with pytest.raises(TypeError, match="got LSTM"):
        set_spectral_radius_(nn.LSTM(2, 2), 1.0)


def test_linear_rnn_gradient_vanishes_below_radius_one_and_explodes_above():
    radii = [0.5, 0.9, 1.1, 1.5]
    ratios = gradient_norms_by_radius(radii, "identity", length=40)
    assert ratios.shape == (4, 40)
    torch.testing.assert_close(ratios[:, -1], torch.ones(4, dtype=torch.float64))
    first = ratios[:, 0]
    assert first[0] < 1e-8 and first[1] < 1e-1 and first[2] > 10 and first[3] > 1e5
    # In the long run the ratio per step tends to the spectral radius.
    # t = 1 is 10 steps further back than t = 11.
    per_step = (ratios[:, 0] / ratios[:, 10]) ** (1 / 10)
    torch.testing.assert_close(
        per_step, torch.tensor(radii, dtype=torch.float64), rtol=0.01, atol=0
    )


def test_saturating_tanh_and_gating_relu_reach_less_far_than_linear():
    radii = [0.8, 1.0, 1.2]
    linear = gradient_norms_by_radius(radii, "identity")[:, 0]
    tanh = gradient_norms_by_radius(radii, "tanh")[:, 0]
    relu = gradient_norms_by_radius(radii, "relu")[:, 0]
    assert bool((tanh < linear).all() and (relu < linear).all())


def test_gradient_norms_by_radius_leaves_the_global_generator_alone():
    torch.manual_seed(5)
    expected = torch.rand(3)
    torch.manual_seed(5)
    gradient_norms_by_radius([1.0], "tanh", length=3)
    torch.testing.assert_close(torch.rand(3), expected)


def test_gradient_norms_by_radius_rejects_bad_arguments():
    with pytest.raises(ValueError, match="at least one radius"):
        gradient_norms_by_radius([], "tanh")
    with pytest.raises(ValueError, match="'identity', got 'linear'"):
        gradient_norms_by_radius([1.0], "linear")
    with pytest.raises(ValueError, match="length >= 1, got 0"):
        gradient_norms_by_radius([1.0], "tanh", length=0)
    with pytest.raises(TypeError, match="hidden_size to be an int"):
        gradient_norms_by_radius([1.0], "tanh", hidden_size=2.5)


def test_probes_docstring_examples():
    result = doctest.testmod(probes_module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
