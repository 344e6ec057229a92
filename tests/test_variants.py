"""The gated variants: PyTorch's two equal nn.LSTM and nn.GRU, each other one is what it claims."""

import pytest
import torch
from torch import nn
from torch.testing import assert_close

from rnn_guide import VariantCell

L, N, H_in, H = 5, 3, 4, 6
SHUT_OPEN = 100.0  # sigmoid(100) rounds to exactly 1 in float64


def copy_blocks(module, variant):
    """A VariantCell holding the row blocks of `module`'s layer 0 that its gates name."""
    order = "ifgo" if isinstance(module, nn.LSTM) else "rzn"
    cell = VariantCell(module.input_size, module.hidden_size, variant).double()
    rows = torch.cat([torch.arange(order.index(g) * H, (order.index(g) + 1) * H)
                      for g in cell.VARIANTS[variant]])  # fmt: skip
    with torch.no_grad():
        cell.ih.weight.copy_(module.weight_ih_l0[rows])
        cell.hh.weight.copy_(module.weight_hh_l0[rows])
        cell.ih.bias.copy_(module.bias_ih_l0[rows])
        cell.hh.bias.copy_(module.bias_hh_l0[rows])
    return cell


def fix_gate(module, gate, value=SHUT_OPEN):
    """Give `module`'s gate no weights and a total bias `value`: a constant gate."""
    order = "ifgo" if isinstance(module, nn.LSTM) else "rzn"
    block = slice(order.index(gate) * H, (order.index(gate) + 1) * H)
    with torch.no_grad():
        module.weight_ih_l0[block] = 0.0
        module.weight_hh_l0[block] = 0.0
        module.bias_ih_l0[block] = value
        module.bias_hh_l0[block] = 0.0
    return module


def make(kind, seed=0):
    torch.manual_seed(seed)
    return kind(H_in, H).double()


def inputs(paired, seed=1):
    generator = torch.Generator().manual_seed(seed)
    x = torch.randn(L, N, H_in, generator=generator, dtype=torch.float64)  # (L, N, H_in)
    h_0 = torch.randn(N, H, generator=generator, dtype=torch.float64)  # (N, H_out)
    c_0 = torch.randn(N, H, generator=generator, dtype=torch.float64)
    return x, ((h_0, c_0) if paired else h_0)


def as_layer_state(hx):
    """A cell's (N, H_out) state as nn.LSTM / nn.GRU take it: (1, N, H_out)."""
    return tuple(h[None] for h in hx) if isinstance(hx, tuple) else hx[None]


@pytest.mark.parametrize("kind", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
@pytest.mark.parametrize("hx_given", [True, False], ids=["hx-given", "hx-omitted"])
def test_pytorchs_own_variants_match_torch_values_and_gradients(kind, hx_given):
    module = make(kind)
    cell = copy_blocks(module, "lstm" if kind is nn.LSTM else "gru")
    x, hx = inputs(kind is nn.LSTM)
    hx = hx if hx_given else None
    x_cell = x.clone().requires_grad_()
    x_torch = x.clone().requires_grad_()
    output, state = cell.unroll_sequence(x_cell, hx)
    expected, expected_state = module(x_torch, None if hx is None else as_layer_state(hx))
    assert_close(output, expected)
    states = state if isinstance(state, tuple) else (state,)
    expected_states = expected_state if isinstance(expected_state, tuple) else (expected_state,)
    for got, want in zip(states, expected_states, strict=True):
        assert_close(got, want[0])
    weight = torch.randn(
        output.shape, generator=torch.Generator().manual_seed(2), dtype=output.dtype
    )
    (output * weight).sum().backward()
    (expected * weight).sum().backward()
    assert_close(x_cell.grad, x_torch.grad)
    assert_close(cell.ih.weight.grad, module.weight_ih_l0.grad)
    assert_close(cell.hh.weight.grad, module.weight_hh_l0.grad)
    assert_close(cell.ih.bias.grad, module.bias_ih_l0.grad)
    assert_close(cell.hh.bias.grad, module.bias_hh_l0.grad)


def test_peepholes_at_zero_are_the_lstm():
    lstm = make(nn.LSTM)
    cell = copy_blocks(lstm, "peephole")
    assert_close(cell.peephole, torch.zeros(3, H, dtype=torch.float64))  # they start at 0
    x, hx = inputs(paired=True)
    assert_close(cell.unroll_sequence(x, hx)[0], lstm(x, as_layer_state(hx))[0])


def test_peepholes_read_the_cell_state_and_learn():
    cell = copy_blocks(make(nn.LSTM), "peephole")
    with torch.no_grad():
        cell.peephole.copy_(torch.randn(3, H, generator=torch.Generator().manual_seed(3)))
    x, (h_0, c_0) = inputs(paired=True)
    h_1, c_1 = cell(x[0], (h_0, c_0))
    a = cell.ih(x[0]) + cell.hh(h_0)  # (N, 4 * H_cell)
    a_i, a_f, a_g, a_o = a.chunk(4, dim=-1)
    p_i, p_f, p_o = cell.peephole
    i, f = torch.sigmoid(a_i + p_i * c_0), torch.sigmoid(a_f + p_f * c_0)
    c = f * c_0 + i * torch.tanh(a_g)
    assert_close(c_1, c)
    assert_close(h_1, torch.sigmoid(a_o + p_o * c) * torch.tanh(c))  # o reads c_t, not c_{t-1}
    cell.unroll_sequence(x)[0].sum().backward()
    assert (cell.peephole.grad != 0).all()


def test_coupled_gates_write_exactly_what_they_forget():
    # An LSTM whose i rows are minus its f rows has i = sigmoid(-a_f) = 1 - f.
    lstm = make(nn.LSTM)
    with torch.no_grad():
        for p in (lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0):
            p[:H] = -p[H : 2 * H]
    cell = copy_blocks(lstm, "coupled")
    assert cell.ih.weight.shape == (3 * H, H_in)  # f, g, o: no input gate of its own
    x, hx = inputs(paired=True)
    assert_close(cell.unroll_sequence(x, hx)[0], lstm(x, as_layer_state(hx))[0])
    (h_0, c_0) = hx
    _, c_1 = cell(x[0], hx)
    a_f, a_g, _ = (cell.ih(x[0]) + cell.hh(h_0)).chunk(3, dim=-1)
    f = torch.sigmoid(a_f)
    assert_close(c_1, f * c_0 + (1 - f) * torch.tanh(a_g))


def test_no_forget_gate_is_the_lstm_with_its_forget_gate_fixed_at_one():
    lstm = fix_gate(make(nn.LSTM), "f")
    cell = copy_blocks(lstm, "no_forget")
    assert cell.ih.weight.shape == (3 * H, H_in)  # i, g, o
    x, hx = inputs(paired=True)
    output, (h_n, c_n) = cell.unroll_sequence(x, hx)
    expected, (_, expected_c) = lstm(x, as_layer_state(hx))
    assert_close(output, expected)
    assert_close(c_n, expected_c[0])


def test_no_output_gate_is_the_lstm_with_its_output_gate_fixed_at_one():
    lstm = fix_gate(make(nn.LSTM), "o")
    cell = copy_blocks(lstm, "no_output_gate")
    x, hx = inputs(paired=True)
    output, (h_n, c_n) = cell.unroll_sequence(x, hx)
    assert_close(output, lstm(x, as_layer_state(hx))[0])
    assert_close(h_n, torch.tanh(c_n))


def test_no_output_tanh_outputs_o_times_the_cell():
    lstm = make(nn.LSTM)
    plain, bare = copy_blocks(lstm, "lstm"), copy_blocks(lstm, "no_output_tanh")
    x, (h_0, c_0) = inputs(paired=True)
    h_1, c_1 = bare(x[0], (h_0, c_0))
    expected_h, expected_c = plain(x[0], (h_0, c_0))
    assert_close(c_1, expected_c)  # the same cell update
    o = torch.sigmoid((plain.ih(x[0]) + plain.hh(h_0))[:, 3 * H :])
    assert_close(h_1, o * c_1)
    assert_close(expected_h, o * torch.tanh(c_1))


def test_cho_gru_resets_the_state_before_its_product():
    gru = make(nn.GRU)
    cell = copy_blocks(gru, "cho_gru")
    x, h_0 = inputs(paired=False)
    h_1 = cell(x[0], h_0)
    a = cell.ih(x[0]) + cell.hh(h_0)  # (N, 3 * H_out)
    r, z = torch.sigmoid(a[:, :H]), torch.sigmoid(a[:, H : 2 * H])
    W_hn, b_hn = gru.weight_hh_l0[2 * H :], gru.bias_hh_l0[2 * H :]
    n = torch.tanh(cell.ih(x[0])[:, 2 * H :] + (r * h_0) @ W_hn.T + b_hn)
    assert_close(h_1, (1 - z) * n + z * h_0)
    # PyTorch's placement differs whenever b_hn is not 0 or r is not 1.
    assert not torch.allclose(h_1, gru(x[:1], h_0[None])[0][0])


def test_cho_and_pytorch_gru_agree_when_the_reset_gate_is_open():
    gru = fix_gate(make(nn.GRU), "r")
    cell = copy_blocks(gru, "cho_gru")
    x, h_0 = inputs(paired=False)
    output, h_n = cell.unroll_sequence(x, h_0)
    expected, expected_h_n = gru(x, h_0[None])
    assert_close(output, expected)
    assert_close(h_n, expected_h_n[0])


@pytest.mark.parametrize("variant", sorted(VariantCell.VARIANTS))
def test_one_step_is_the_first_step_of_the_sequence_batched_and_unbatched(variant):
    torch.manual_seed(0)
    cell = VariantCell(H_in, H, variant)
    x = torch.randn(L, N, H_in)  # (L, N, H_in)
    output, _ = cell.unroll_sequence(x)
    step = cell(x[0])
    assert_close((step[0] if cell.paired else step), output[0])
    single = cell(x[0, 1])  # unbatched (H_in,)
    assert_close((single[0] if cell.paired else single), output[0, 1])
    G = len(cell.VARIANTS[variant])
    assert cell.ih.weight.shape == (G * H, H_in) and cell.hh.weight.shape == (G * H, H)


def test_bias_false_has_no_biases_and_still_runs():
    cell = VariantCell(H_in, H, "cho_gru", bias=False)
    assert cell.ih.bias is None and cell.hh.bias is None
    assert cell.unroll_sequence(torch.randn(L, N, H_in))[0].shape == (L, N, H)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # an unknown design is named with the list of known ones
        (lambda: VariantCell(4, 6, "lstm1997"), ValueError, "expects variant 'lstm', "),
        (lambda: VariantCell(4, 0, "gru"), ValueError, "hidden_size"),
        (lambda: VariantCell(4, 6, bias=1), TypeError, "bias"),
        # a single step handed to the sequence method
        (
            lambda: VariantCell(4, 6).unroll_sequence(torch.randn(3, 4)),
            ValueError,
            r"\(L, N, H_in\)",
        ),
        (lambda: VariantCell(4, 6).unroll_sequence(torch.randn(0, 3, 4)), ValueError, "L >= 1"),
        (lambda: VariantCell(4, 6).unroll_sequence([1.0]), TypeError, "torch.Tensor"),
        (
            lambda: VariantCell(4, 6).unroll_sequence(torch.randn(2, 3, 4).double()),
            ValueError,
            "dtype",
        ),
        # an LSTM variant's state is a pair
        (lambda: VariantCell(4, 6)(torch.randn(3, 4), torch.zeros(3, 6)), TypeError, "pair"),
        (
            lambda: VariantCell(4, 6, "gru")(torch.randn(3, 4), torch.zeros(3, 5)),
            ValueError,
            "H_out",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()
