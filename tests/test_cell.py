"""ElmanCell is one step of nn.RNN, built from two nn.Linear layers."""

import pytest
import torch
from parity import rebuild_from_cells
from torch import nn
from torch.testing import assert_close

from rnn_guide import ElmanCell

L, N, H_in, H_out = 5, 3, 4, 6


def test_elman_cell_is_two_linear_layers():
    torch.manual_seed(0)
    cell = ElmanCell(H_in, H_out)
    assert isinstance(cell.ih, nn.Linear) and isinstance(cell.hh, nn.Linear)
    assert cell.ih.weight.shape == (H_out, H_in)
    assert cell.hh.weight.shape == (H_out, H_out)
    assert cell.ih.bias.shape == cell.hh.bias.shape == (H_out,)
    assert sum(p.numel() for p in cell.parameters()) == H_out * (H_in + H_out + 2)


def test_elman_cell_without_bias_has_no_biases():
    torch.manual_seed(0)
    cell = ElmanCell(H_in, H_out, bias=False)
    assert cell.ih.bias is None and cell.hh.bias is None
    assert [name for name, _ in cell.named_parameters()] == ["ih.weight", "hh.weight"]


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize("bias", [True, False])
def test_elman_cell_computes_the_update_equation(nonlinearity, bias):
    torch.manual_seed(0)
    cell = ElmanCell(H_in, H_out, bias=bias, nonlinearity=nonlinearity)
    x_t, h_prev = torch.randn(N, H_in), torch.randn(N, H_out)
    pre_activation = x_t @ cell.ih.weight.T + h_prev @ cell.hh.weight.T
    if bias:
        pre_activation = pre_activation + cell.ih.bias + cell.hh.bias
    activation = torch.tanh if nonlinearity == "tanh" else torch.relu
    assert_close(cell(x_t, h_prev), activation(pre_activation))


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
@pytest.mark.parametrize("bias", [True, False])
def test_elman_cell_matches_nn_rnncell(nonlinearity, bias):
    torch.manual_seed(0)
    rnn_cell = nn.RNNCell(H_in, H_out, bias=bias, nonlinearity=nonlinearity)
    cell = ElmanCell(H_in, H_out, bias=bias, nonlinearity=nonlinearity)
    with torch.no_grad():
        cell.ih.weight.copy_(rnn_cell.weight_ih)
        cell.hh.weight.copy_(rnn_cell.weight_hh)
        if bias:
            cell.ih.bias.copy_(rnn_cell.bias_ih)
            cell.hh.bias.copy_(rnn_cell.bias_hh)
    x_t, h_prev = torch.randn(N, H_in), torch.randn(N, H_out)
    assert_close(cell(x_t, h_prev), rnn_cell(x_t, h_prev))


def test_elman_cell_omitted_h_prev_means_zeros():
    torch.manual_seed(0)
    cell = ElmanCell(H_in, H_out)
    x_t = torch.randn(N, H_in)
    assert torch.equal(cell(x_t), cell(x_t, torch.zeros(N, H_out)))


def test_elman_cell_accepts_unbatched_input():
    torch.manual_seed(0)
    cell = ElmanCell(H_in, H_out)
    x_t, h_prev = torch.randn(N, H_in), torch.randn(N, H_out)
    h_t = cell(x_t[0], h_prev[0])  # (H_out,)
    assert h_t.shape == (H_out,)
    assert_close(h_t, cell(x_t, h_prev)[0])
    assert cell(x_t[0]).shape == (H_out,)


def test_elman_cell_from_rnn_reproduces_the_rnn_step_by_step():
    torch.manual_seed(0)
    rnn = nn.RNN(H_in, H_out)
    input = torch.randn(L, N, H_in)
    output, h_n = rnn(input)
    cell = ElmanCell.from_rnn(rnn)
    h_t = None
    for t in range(L):
        h_t = cell(input[t], h_t)  # (N, H_out)
        assert_close(h_t, output[t])
    assert_close(h_t, h_n[0])


def test_elman_cells_from_rnn_rebuild_a_stacked_bidirectional_relu_rnn():
    torch.manual_seed(0)
    rnn = nn.RNN(H_in, H_out, num_layers=2, nonlinearity="relu", bidirectional=True)
    input, hx = torch.randn(L, N, H_in), torch.randn(4, N, H_out)
    output, h_n = rnn(input, hx)

    def cell_of(layer, direction):
        cell = ElmanCell.from_rnn(rnn, layer, direction)
        assert cell.nonlinearity == "relu"
        return cell

    rebuilt, finals = rebuild_from_cells(cell_of, input, hx, num_layers=2)
    for k, h_last in enumerate(finals):
        assert_close(h_last, h_n[k])
    assert_close(rebuilt, output)


def test_elman_cell_from_rnn_upper_layer_reads_d_times_h_out():
    torch.manual_seed(0)
    rnn = nn.RNN(H_in, H_out, num_layers=3, bidirectional=True, bias=False)
    cell = ElmanCell.from_rnn(rnn, layer=2, direction=1)
    assert cell.ih.weight.shape == (H_out, 2 * H_out)
    assert cell.ih.bias is None
    assert torch.equal(cell.ih.weight, rnn.weight_ih_l2_reverse)
    assert torch.equal(cell.hh.weight, rnn.weight_hh_l2_reverse)


def test_elman_cell_from_rnn_copies_weights_and_dtype():
    torch.manual_seed(0)
    rnn = nn.RNN(H_in, H_out).double()
    cell = ElmanCell.from_rnn(rnn)
    assert cell.ih.weight.dtype == torch.float64
    with torch.no_grad():
        cell.ih.weight.zero_()
    # A copy: changing the cell leaves the RNN as it was.
    assert rnn.weight_ih_l0.abs().sum() > 0


def test_elman_cell_gradients_match_nn_rnn():
    torch.manual_seed(0)
    rnn = nn.RNN(H_in, H_out).double()
    cell = ElmanCell.from_rnn(rnn)
    input = torch.randn(L, N, H_in, dtype=torch.float64)
    rnn(input)[0].sum().backward()
    h_t, outputs = None, []
    for t in range(L):
        h_t = cell(input[t], h_t)  # (N, H_out)
        outputs.append(h_t)
    torch.stack(outputs).sum().backward()
    assert_close(cell.ih.weight.grad, rnn.weight_ih_l0.grad)
    assert_close(cell.hh.weight.grad, rnn.weight_hh_l0.grad)
    assert_close(cell.ih.bias.grad, rnn.bias_ih_l0.grad)
    assert_close(cell.hh.bias.grad, rnn.bias_hh_l0.grad)


def test_elman_cell_repr_names_its_parts():
    torch.manual_seed(0)
    text = repr(ElmanCell(H_in, H_out, nonlinearity="relu"))
    assert "nonlinearity='relu'" in text
    assert "(ih): Linear(in_features=4, out_features=6, bias=True)" in text
    assert "(hh): Linear(in_features=6, out_features=6, bias=True)" in text
