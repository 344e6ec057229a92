"""unroll() recomputes nn.LSTM and nn.GRU: the same output, states and gradients."""

import pytest
import torch
from configs import GRU_CONFIGS, LAYOUTS, LSTM_CONFIGS, make_inputs, make_module
from parity import (
    assert_matches,
    copy_cell_into,
    rebuild_from_cells,
    run_with_gradients,
)
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from torch.testing import assert_close

from rnn_guide import GRUCell, LSTMCell, padded_batch, random_lengths, unroll

L, N, H_in, H_out = 5, 3, 4, 6

GATED = [
    *(pytest.param(nn.LSTM, p.values[0], id=f"lstm-{p.id}") for p in LSTM_CONFIGS),
    *(pytest.param(nn.GRU, p.values[0], id=f"gru-{p.id}") for p in GRU_CONFIGS),
]


def assert_matches_torch(module, leaf, build_input, hx):
    actual = run_with_gradients(lambda x, h: unroll(module, x, h), module, leaf, build_input, hx)
    expected = run_with_gradients(module, module, leaf, build_input, hx)
    assert len(actual[1]) == (2 if isinstance(module, nn.LSTM) else 1)
    assert_matches(actual, expected)


@pytest.mark.parametrize(("module", "config"), GATED)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("hx_given", [True, False], ids=["hx-given", "hx-omitted"])
def test_unroll_matches_torch_in_float64(module, config, layout, hx_given):
    module = make_module(module, config, H_in, H_out)
    leaf, build_input, hx = make_inputs(module, layout, L, N, seed=1, dtype=torch.float64)
    assert_matches_torch(module, leaf, build_input, hx if hx_given else None)


@pytest.mark.parametrize(("module", "config"), GATED)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_unroll_matches_torch_in_float32(module, config, layout):
    module = make_module(module, config, H_in, H_out, torch.float32)
    leaf, build_input, hx = make_inputs(module, layout, L, N, seed=2, dtype=torch.float32)
    assert_matches_torch(module, leaf, build_input, hx)


@pytest.mark.parametrize("module", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
def test_unroll_matches_torch_in_float32_for_long_sequences_and_wide_layers(module):
    # Gradients sum over L * N terms, where float32 rounding adds up.
    module = make_module(module, {"bidirectional": True}, 10, 32, torch.float32)
    leaf, build_input, hx = make_inputs(module, "batched", 40, 16, seed=3, dtype=torch.float32)
    assert_matches_torch(module, leaf, build_input, hx)


@pytest.mark.parametrize("module", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
def test_unroll_matches_torch_packed_over_many_length_draws(module):
    module = make_module(module, {"num_layers": 2, "bidirectional": True}, H_in, H_out)
    for seed in range(6):
        leaf, build_input, hx = make_inputs(module, "packed", 7, 6, seed, torch.float64)
        assert_matches_torch(module, leaf, build_input, hx)


@pytest.mark.parametrize("module", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
def test_unroll_returns_what_the_module_returns(module):
    module = make_module(module, {"num_layers": 2}, H_in, H_out)
    input = torch.randn(L, N, H_in, dtype=torch.float64)
    output, state = unroll(module, input)
    expected_output, expected_state = module(input)
    assert type(state) is type(expected_state)
    if isinstance(module, nn.LSTM):
        h_n, c_n = state  # a tuple (h_n, c_n), as nn.LSTM returns it
        assert h_n.shape == c_n.shape == (2, N, H_out)
    assert_close(output, expected_output)


def test_lstm_h_n_is_the_last_output_and_c_n_is_wider_with_a_projection():
    lstm = make_module(nn.LSTM, {"proj_size": 2, "bidirectional": True}, H_in, H_out)
    input = torch.randn(L, N, H_in, dtype=torch.float64)
    output, (h_n, c_n) = unroll(lstm, input)
    assert output.shape == (L, N, 2 * 2)  # D * H_out, H_out = proj_size
    assert h_n.shape == (2, N, 2) and c_n.shape == (2, N, H_out)  # c is H_cell wide
    # The forward direction ends at step L - 1, the backward direction at step 0.
    assert torch.equal(h_n[0], output[-1, :, :2])
    assert torch.equal(h_n[1], output[0, :, 2:])


@pytest.mark.parametrize("module", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
def test_unroll_packed_h_n_is_the_state_at_each_sequence_last_step(module):
    module = make_module(module, {"bidirectional": True}, H_in, H_out)
    padded, lengths = padded_batch(random_lengths(N, 1, 7, seed=4), H_in, seed=4)
    padded = padded.double()
    output, state = unroll(module, pack_padded_sequence(padded, lengths, enforce_sorted=False))
    h_n = state[0] if isinstance(module, nn.LSTM) else state
    output, _ = pad_packed_sequence(output)  # (L_max, N, 2 * H_out)
    for i, length in enumerate(lengths.tolist()):
        assert torch.equal(h_n[0, i], output[length - 1, i, :H_out])
        assert torch.equal(h_n[1, i], output[0, i, H_out:])


def test_unroll_omitted_lstm_hx_means_zeros():
    lstm = make_module(nn.LSTM, {"num_layers": 2, "proj_size": 2}, H_in, H_out)
    input = torch.randn(L, N, H_in, dtype=torch.float64)
    zeros = (torch.zeros(2, N, 2, dtype=torch.float64), torch.zeros(2, N, H_out).double())
    output, (h_n, c_n) = unroll(lstm, input)
    zeros_output, (zeros_h_n, zeros_c_n) = unroll(lstm, input, zeros)
    assert torch.equal(output, zeros_output)
    assert torch.equal(h_n, zeros_h_n) and torch.equal(c_n, zeros_c_n)


@pytest.mark.parametrize("module", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
def test_unroll_refuses_training_mode_dropout_between_layers(module):
    module = make_module(module, {"num_layers": 2, "dropout": 0.5}, H_in, H_out).train()
    input = torch.randn(L, N, H_in, dtype=torch.float64)
    with pytest.raises(ValueError, match=r"cannot reproduce dropout in training mode"):
        unroll(module, input)


def test_unroll_accepts_hx_as_a_list_pair():
    lstm = make_module(nn.LSTM, {}, H_in, H_out)
    input = torch.randn(L, N, H_in, dtype=torch.float64)
    h_0, c_0 = torch.randn(1, N, H_out).double(), torch.randn(1, N, H_out).double()
    output, (h_n, c_n) = unroll(lstm, input, [h_0, c_0])
    expected_output, (expected_h_n, expected_c_n) = lstm(input, (h_0, c_0))
    assert_close(output, expected_output)
    assert_close(c_n, expected_c_n)


# --- The gate equations, by hand, in PyTorch's order ------------------------


def test_lstm_rows_of_weight_ih_are_the_gates_i_f_g_o():
    torch.manual_seed(0)
    lstm = nn.LSTM(H_in, H_out).double()
    x, h, c = (torch.randn(N, size, dtype=torch.float64) for size in (H_in, H_out, H_out))
    # Chunk the real tensors: four blocks of H_out rows each.
    W_ii, W_if, W_ig, W_io = lstm.weight_ih_l0.detach().chunk(4)
    W_hi, W_hf, W_hg, W_ho = lstm.weight_hh_l0.detach().chunk(4)
    b_i, b_f, b_g, b_o = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().chunk(4)
    i = torch.sigmoid(x @ W_ii.T + h @ W_hi.T + b_i)
    f = torch.sigmoid(x @ W_if.T + h @ W_hf.T + b_f)
    g = torch.tanh(x @ W_ig.T + h @ W_hg.T + b_g)
    o = torch.sigmoid(x @ W_io.T + h @ W_ho.T + b_o)
    c_1 = f * c + i * g
    h_1 = o * torch.tanh(c_1)
    _, (h_n, c_n) = unroll(lstm, x.unsqueeze(0), (h.unsqueeze(0), c.unsqueeze(0)))
    assert_close(h_n[0], h_1)
    assert_close(c_n[0], c_1)


def test_lstm_projection_is_h_t_times_w_hr_transposed():
    torch.manual_seed(0)
    lstm = nn.LSTM(H_in, H_out, proj_size=2).double()
    x = torch.randn(N, H_in, dtype=torch.float64)
    gates = x @ lstm.weight_ih_l0.detach().T + (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach()
    i, f, g, o = gates.chunk(4, dim=1)
    c_1 = torch.sigmoid(i) * torch.tanh(g)  # c_0 = 0
    h_1 = (torch.sigmoid(o) * torch.tanh(c_1)) @ lstm.weight_hr_l0.detach().T  # (N, 2)
    output, (h_n, c_n) = unroll(lstm, x.unsqueeze(0))
    assert_close(h_n[0], h_1)
    assert_close(c_n[0], c_1)


def test_gru_rows_of_weight_ih_are_r_z_n_and_b_hn_sits_inside_the_reset_product():
    torch.manual_seed(0)
    gru = nn.GRU(H_in, H_out).double()
    x, h = torch.randn(N, H_in, dtype=torch.float64), torch.randn(N, H_out, dtype=torch.float64)
    W_ir, W_iz, W_in = gru.weight_ih_l0.detach().chunk(3)
    W_hr, W_hz, W_hn = gru.weight_hh_l0.detach().chunk(3)
    b_ir, b_iz, b_in = gru.bias_ih_l0.detach().chunk(3)
    b_hr, b_hz, b_hn = gru.bias_hh_l0.detach().chunk(3)
    r = torch.sigmoid(x @ W_ir.T + b_ir + h @ W_hr.T + b_hr)
    z = torch.sigmoid(x @ W_iz.T + b_iz + h @ W_hz.T + b_hz)
    n = torch.tanh(x @ W_in.T + b_in + r * (h @ W_hn.T + b_hn))
    h_1 = (1 - z) * n + z * h
    _, h_n = unroll(gru, x.unsqueeze(0), h.unsqueeze(0))
    assert_close(h_n[0], h_1)
    # Cho et al.'s candidate resets h before W_hn, b_hn outside: a different number.
    n_cho = torch.tanh(x @ W_in.T + b_in + (r * h) @ W_hn.T + b_hn)
    assert not torch.allclose((1 - z) * n_cho + z * h, h_1)


# --- The cells, one step at a time -------------------------------------------


def test_lstm_cell_is_three_linear_layers_with_a_projection():
    torch.manual_seed(0)
    cell = LSTMCell(H_in, H_out, proj_size=2)
    assert cell.ih.weight.shape == (4 * H_out, H_in)
    assert cell.hh.weight.shape == (4 * H_out, 2)
    assert cell.hr.weight.shape == (2, H_out) and cell.hr.bias is None
    assert LSTMCell(H_in, H_out).hr is None
    lstm = nn.LSTM(H_in, H_out, proj_size=2)
    assert sum(p.numel() for p in cell.parameters()) == sum(p.numel() for p in lstm.parameters())


def test_gru_cell_is_two_linear_layers_of_three_gates():
    torch.manual_seed(0)
    cell = GRUCell(H_in, H_out, bias=False)
    assert cell.ih.weight.shape == (3 * H_out, H_in) and cell.ih.bias is None
    assert cell.hh.weight.shape == (3 * H_out, H_out) and cell.hh.bias is None


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("proj_size", [0, 2])
def test_lstm_cell_matches_nn_lstm_cell_and_a_one_step_projected_lstm(bias, proj_size):
    torch.manual_seed(0)
    cell = LSTMCell(H_in, H_out, bias=bias, proj_size=proj_size)
    x_t = torch.randn(N, H_in)
    H = proj_size or H_out
    h_prev, c_prev = torch.randn(N, H), torch.randn(N, H_out)
    if proj_size == 0:
        torch_cell = nn.LSTMCell(H_in, H_out, bias=bias)
        copy_cell_into(torch_cell, cell)
        expected = torch_cell(x_t, (h_prev, c_prev))
    else:
        # nn.LSTMCell has no projection: compare with a one-step nn.LSTM.
        lstm = nn.LSTM(H_in, H_out, bias=bias, proj_size=proj_size)
        copy_cell_into(lstm, cell, suffix="_l0")
        _, (h_n, c_n) = lstm(x_t.unsqueeze(0), (h_prev.unsqueeze(0), c_prev.unsqueeze(0)))
        expected = h_n[0], c_n[0]
    h_t, c_t = cell(x_t, (h_prev, c_prev))
    assert_close(h_t, expected[0])
    assert_close(c_t, expected[1])


@pytest.mark.parametrize("bias", [True, False])
def test_gru_cell_matches_nn_gru_cell(bias):
    torch.manual_seed(0)
    cell = GRUCell(H_in, H_out, bias=bias)
    torch_cell = nn.GRUCell(H_in, H_out, bias=bias)
    copy_cell_into(torch_cell, cell)
    x_t, h_prev = torch.randn(N, H_in), torch.randn(N, H_out)
    assert_close(cell(x_t, h_prev), torch_cell(x_t, h_prev))
    assert_close(cell(x_t), torch_cell(x_t))


def test_cells_accept_unbatched_input():
    torch.manual_seed(0)
    lstm_cell, gru_cell = LSTMCell(H_in, H_out, proj_size=2), GRUCell(H_in, H_out)
    x_t = torch.randn(N, H_in)
    h_t, c_t = lstm_cell(x_t[0])
    assert h_t.shape == (2,) and c_t.shape == (H_out,)
    assert_close(h_t, lstm_cell(x_t)[0][0])
    assert_close(gru_cell(x_t[0]), gru_cell(x_t)[0])


@pytest.mark.parametrize(
    "config",
    [{}, {"proj_size": 2}, {"bias": False, "proj_size": 3}],
    ids=["plain", "projection", "projection-no-bias"],
)
def test_lstm_cells_from_lstm_rebuild_a_stacked_bidirectional_lstm(config):
    lstm = make_module(nn.LSTM, {"num_layers": 2, "bidirectional": True, **config}, H_in, H_out)
    H = config.get("proj_size") or H_out
    generator = torch.Generator().manual_seed(5)
    input = torch.randn(L, N, H_in, generator=generator, dtype=torch.float64)
    h_0 = torch.randn(4, N, H, generator=generator, dtype=torch.float64)
    c_0 = torch.randn(4, N, H_out, generator=generator, dtype=torch.float64)
    output, (h_n, c_n) = lstm(input, (h_0, c_0))
    initial = list(zip(h_0, c_0, strict=True))  # (h_0, c_0) of each layer and direction
    rebuilt, finals = rebuild_from_cells(
        lambda layer, direction: LSTMCell.from_lstm(lstm, layer, direction), input, initial, 2
    )
    assert_close(rebuilt, output)
    for k, (h_last, c_last) in enumerate(finals):
        assert_close(h_last, h_n[k])
        assert_close(c_last, c_n[k])


def test_gru_cells_from_gru_rebuild_a_stacked_bidirectional_gru():
    gru = make_module(nn.GRU, {"num_layers": 2, "bidirectional": True}, H_in, H_out)
    generator = torch.Generator().manual_seed(6)
    input = torch.randn(L, N, H_in, generator=generator, dtype=torch.float64)
    hx = torch.randn(4, N, H_out, generator=generator, dtype=torch.float64)
    output, h_n = gru(input, hx)
    rebuilt, finals = rebuild_from_cells(
        lambda layer, direction: GRUCell.from_gru(gru, layer, direction), input, hx, 2
    )
    assert_close(rebuilt, output)
    for k, h_last in enumerate(finals):
        assert_close(h_last, h_n[k])


@pytest.mark.parametrize("module", [nn.LSTM, nn.GRU], ids=["lstm", "gru"])
def test_cells_from_a_module_copy_its_weights_dtype_and_gradients(module):
    module = make_module(module, {"proj_size": 2} if module is nn.LSTM else {}, H_in, H_out)
    cell = LSTMCell.from_lstm(module) if isinstance(module, nn.LSTM) else GRUCell.from_gru(module)
    assert cell.ih.weight.dtype == torch.float64
    assert torch.equal(cell.ih.weight, module.weight_ih_l0)
    input = torch.randn(L, N, H_in, dtype=torch.float64)
    module(input)[0].sum().backward()
    state, outputs = None, []
    for t in range(L):
        state = cell(input[t], state)
        outputs.append(state[0] if isinstance(state, tuple) else state)
    torch.stack(outputs).sum().backward()
    assert_close(cell.ih.weight.grad, module.weight_ih_l0.grad)
    assert_close(cell.hh.weight.grad, module.weight_hh_l0.grad)
    assert_close(cell.hh.bias.grad, module.bias_hh_l0.grad)
    if isinstance(module, nn.LSTM):
        assert_close(cell.hr.weight.grad, module.weight_hr_l0.grad)
    with torch.no_grad():
        cell.ih.weight.zero_()
    assert module.weight_ih_l0.abs().sum() > 0  # a copy
