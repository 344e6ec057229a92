"""Bad input fails early with an error that names what was expected and what came."""

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

from rnn_guide import (
    ElmanCell,
    GRUCell,
    LSTMCell,
    explain_shapes,
    padded_batch,
    parameter_count,
    random_lengths,
    sine_windows,
    unroll,
)

L, N, H_in, H_out = 5, 3, 4, 6
# Seeded, without moving the global RNG of the other test modules.
with torch.random.fork_rng():
    torch.manual_seed(0)
    rnn = nn.RNN(H_in, H_out, num_layers=2).eval()  # D * num_layers = 2
    bidirectional = nn.RNN(H_in, H_out, bidirectional=True)
    batch_first = nn.RNN(H_in, H_out, batch_first=True)
    training_dropout = nn.RNN(H_in, H_out, num_layers=2, dropout=0.5).train()
    cell = ElmanCell(H_in, H_out)
    lstm = nn.LSTM(H_in, H_out)
    projected = nn.LSTM(H_in, H_out, proj_size=2)  # H_cell = 6, H_out = 2
    gru = nn.GRU(H_in, H_out)
    training_lstm = nn.LSTM(H_in, H_out, num_layers=2, dropout=0.5).train()
    lstm_cell = LSTMCell(H_in, H_out)
    gru_cell = GRUCell(H_in, H_out)
input = torch.zeros(L, N, H_in)
h_0, c_0 = torch.zeros(1, N, H_out), torch.zeros(1, N, H_out)
packed = pack_padded_sequence(torch.zeros(L, N, H_in), [2, 5, 1], enforce_sorted=False)


def hand_made_packed(data, batch_sizes):
    return PackedSequence(data, torch.tensor(batch_sizes))


CASES = [
    # --- unroll: the module ---
    pytest.param(
        lambda: unroll(nn.Linear(H_in, H_out), input),
        TypeError,
        r"unroll\(\) expects a torch.nn.RNN, nn.LSTM or nn.GRU, got Linear$",
        id="unroll-linear",
    ),
    pytest.param(
        lambda: unroll(nn.LSTMCell(H_in, H_out), input),
        TypeError,
        r"expects a torch.nn.RNN, nn.LSTM or nn.GRU, got LSTMCell$",
        id="unroll-lstm-cell-instead-of-lstm",
    ),
    pytest.param(
        lambda: unroll(training_dropout, input),
        ValueError,
        r"cannot reproduce dropout in training mode.*expected rnn.eval\(\) or "
        r"dropout=0, got training=True and dropout=0.5",
        id="unroll-training-dropout",
    ),
    pytest.param(
        lambda: unroll(training_lstm, input),
        ValueError,
        r"cannot reproduce dropout in training mode: nn.LSTM draws a random mask",
        id="unroll-lstm-training-dropout",
    ),
    # --- unroll: input ---
    pytest.param(
        lambda: unroll(rnn, [[0.0] * H_in] * L),
        TypeError,
        r"expects input to be a torch.Tensor or a PackedSequence, got list",
        id="unroll-input-list",
    ),
    pytest.param(
        lambda: unroll(rnn, torch.zeros(L, N, H_in, dtype=torch.int64)),
        ValueError,
        r"expects a floating-point input, got dtype torch.int64",
        id="unroll-input-int64",
    ),
    pytest.param(
        lambda: unroll(rnn, torch.zeros(1, L, N, H_in)),
        ValueError,
        r"expects input of shape \(L, N, H_in\) or unbatched \(L, H_in\), "
        r"got a 4-D tensor of shape \(1, 5, 3, 4\)",
        id="unroll-input-4d",
    ),
    pytest.param(
        lambda: unroll(batch_first, torch.zeros(H_in)),
        ValueError,
        r"expects input of shape \(N, L, H_in\) or unbatched \(L, H_in\), "
        r"got a 1-D tensor of shape \(4,\)",
        id="unroll-input-1d-batch-first",
    ),
    pytest.param(
        lambda: unroll(rnn, torch.zeros(L, N, 7)),
        ValueError,
        r"unroll\(\) expects input of shape \(L, N, H_in\) = \(\*, \*, 4\) for this "
        r"RNN, got \(5, 3, 7\)",
        id="unroll-input-wrong-h_in",
    ),
    pytest.param(
        lambda: unroll(batch_first, torch.zeros(N, L, 7)),
        ValueError,
        r"expects input of shape \(N, L, H_in\) = \(\*, \*, 4\) for this RNN, "
        r"got \(3, 5, 7\)",
        id="unroll-input-wrong-h_in-batch-first",
    ),
    pytest.param(
        lambda: unroll(rnn, torch.zeros(L, 7)),
        ValueError,
        r"expects input of shape \(L, H_in\) = \(\*, 4\) for this RNN, got \(5, 7\)",
        id="unroll-unbatched-input-wrong-h_in",
    ),
    pytest.param(
        lambda: unroll(rnn, torch.zeros(0, N, H_in)),
        ValueError,
        r"expects at least one time step \(L >= 1\), got input of shape \(0, 3, 4\)",
        id="unroll-empty-sequence",
    ),
    pytest.param(
        lambda: unroll(batch_first, torch.zeros(N, 0, H_in)),
        ValueError,
        r"expects at least one time step \(L >= 1\), got input of shape \(3, 0, 4\)",
        id="unroll-empty-sequence-batch-first",
    ),
    pytest.param(
        lambda: unroll(rnn, input.double()),
        ValueError,
        r"expects input to have the dtype of the RNN's parameters, torch.float32 "
        r"\(weight_ih_l0\), got torch.float64; convert one of them",
        id="unroll-input-dtype-differs-from-parameters",
    ),
    pytest.param(
        lambda: unroll(gru, torch.zeros(L, N, 7)),
        ValueError,
        r"expects input of shape \(L, N, H_in\) = \(\*, \*, 4\) for this GRU, got \(5, 3, 7\)",
        id="unroll-gru-input-wrong-h_in",
    ),
    pytest.param(
        lambda: unroll(lstm, input.double()),
        ValueError,
        r"expects input to have the dtype of the LSTM's parameters, torch.float32 "
        r"\(weight_ih_l0\), got torch.float64",
        id="unroll-lstm-input-dtype",
    ),
    # --- unroll: hx ---
    pytest.param(
        lambda: unroll(rnn, input, (torch.zeros(2, N, H_out),) * 2),
        TypeError,
        r"expects hx to be a torch.Tensor or None, got tuple",
        id="unroll-hx-tuple-like-lstm",
    ),
    pytest.param(
        lambda: unroll(rnn, input, torch.zeros(1, N, H_out)),
        ValueError,
        r"expects hx of shape \(D \* num_layers, N, H_out\) = \(2, 3, 6\) for this "
        r"RNN and batched input, got \(1, 3, 6\)",
        id="unroll-hx-wrong-layers",
    ),
    pytest.param(
        lambda: unroll(rnn, input, torch.zeros(2, H_out)),
        ValueError,
        r"expects hx of shape \(D \* num_layers, N, H_out\) = \(2, 3, 6\) for this "
        r"RNN and batched input, got \(2, 6\)",
        id="unroll-hx-unbatched-for-batched-input",
    ),
    pytest.param(
        lambda: unroll(rnn, torch.zeros(L, H_in), torch.zeros(2, 1, H_out)),
        ValueError,
        r"expects hx of shape \(D \* num_layers, H_out\) = \(2, 6\) for this RNN "
        r"and unbatched input, got \(2, 1, 6\)",
        id="unroll-hx-batched-for-unbatched-input",
    ),
    pytest.param(
        lambda: unroll(bidirectional, input, torch.zeros(1, N, H_out)),
        ValueError,
        r"= \(2, 3, 6\) for this RNN and batched input, got \(1, 3, 6\)",
        id="unroll-hx-missing-backward-direction",
    ),
    pytest.param(
        lambda: unroll(rnn, input, torch.zeros(2, N, H_out, dtype=torch.float64)),
        ValueError,
        r"expects hx to have the dtype of input, torch.float32, got torch.float64",
        id="unroll-hx-dtype",
    ),
    # --- unroll: hx of nn.LSTM, a pair (h_0, c_0), and of nn.GRU, a tensor ---
    pytest.param(
        lambda: unroll(lstm, input, h_0),
        TypeError,
        r"expects hx to be a pair \(h_0, c_0\) for this LSTM, or None, got Tensor",
        id="unroll-lstm-hx-tensor",
    ),
    pytest.param(
        lambda: unroll(lstm, input, (h_0, c_0, c_0)),
        ValueError,
        r"expects hx to be a pair \(h_0, c_0\) of tensors for this LSTM, got a "
        r"tuple of \(Tensor, Tensor, Tensor\)",
        id="unroll-lstm-hx-three-tensors",
    ),
    pytest.param(
        lambda: unroll(lstm, input, (h_0, None)),
        ValueError,
        r"pair \(h_0, c_0\) of tensors for this LSTM, got a tuple of \(Tensor, NoneType\)",
        id="unroll-lstm-hx-c_0-none",
    ),
    pytest.param(
        lambda: unroll(lstm, input, (h_0, torch.zeros(1, N, 5))),
        ValueError,
        r"expects c_0 of shape \(D \* num_layers, N, H_out\) = \(1, 3, 6\) for this "
        r"LSTM and batched input, got \(1, 3, 5\)",
        id="unroll-lstm-c_0-wrong-width",
    ),
    pytest.param(
        lambda: unroll(lstm, input, (h_0, c_0.double())),
        ValueError,
        r"expects c_0 to have the dtype of input, torch.float32, got torch.float64",
        id="unroll-lstm-c_0-dtype",
    ),
    pytest.param(
        lambda: unroll(lstm, torch.zeros(L, H_in), (h_0, c_0)),
        ValueError,
        r"expects h_0 of shape \(D \* num_layers, H_out\) = \(1, 6\) for this LSTM "
        r"and unbatched input, got \(1, 3, 6\)",
        id="unroll-lstm-batched-hx-for-unbatched-input",
    ),
    pytest.param(
        lambda: unroll(projected, input, (h_0, c_0)),
        ValueError,
        r"expects h_0 of shape \(D \* num_layers, N, H_out\) = \(1, 3, 2\) for this "
        r"LSTM and batched input, got \(1, 3, 6\)",
        id="unroll-projected-lstm-h_0-of-hidden-size",
    ),
    pytest.param(
        lambda: unroll(projected, input, (torch.zeros(1, N, 2), torch.zeros(1, N, 2))),
        ValueError,
        r"expects c_0 of shape \(D \* num_layers, N, H_cell\) = \(1, 3, 6\) for "
        r"this LSTM and batched input, got \(1, 3, 2\)",
        id="unroll-projected-lstm-c_0-of-proj-size",
    ),
    pytest.param(
        lambda: unroll(gru, input, (h_0, c_0)),
        TypeError,
        r"expects hx to be a torch.Tensor or None, got tuple; a pair \(h_0, c_0\) "
        r"is for nn.LSTM, this is an nn.GRU",
        id="unroll-gru-hx-pair",
    ),
    pytest.param(
        lambda: unroll(gru, input, torch.zeros(2, N, H_out)),
        ValueError,
        r"expects hx of shape \(D \* num_layers, N, H_out\) = \(1, 3, 6\) for this "
        r"GRU and batched input, got \(2, 3, 6\)",
        id="unroll-gru-hx-wrong-layers",
    ),
    # --- unroll: PackedSequence ---
    pytest.param(
        lambda: unroll(rnn, hand_made_packed(torch.zeros(6, 7), [3, 2, 1])),
        ValueError,
        r"expects PackedSequence.data of shape \(sum\(batch_sizes\), H_in\) = "
        r"\(\*, 4\) for this RNN, got \(6, 7\)",
        id="unroll-packed-wrong-h_in",
    ),
    pytest.param(
        lambda: unroll(rnn, hand_made_packed(torch.zeros(3, H_in), [1, 2])),
        ValueError,
        r"expects PackedSequence.batch_sizes to be a 1-D int64 tensor of positive, "
        r"non-increasing counts, got tensor\(\[1, 2\]\)",
        id="unroll-packed-increasing-batch-sizes",
    ),
    pytest.param(
        lambda: unroll(rnn, hand_made_packed(torch.zeros(6, H_in), [3, 2])),
        ValueError,
        r"expects PackedSequence.data to have sum\(batch_sizes\) = 5 rows, got 6",
        id="unroll-packed-rows-do-not-add-up",
    ),
    pytest.param(
        lambda: unroll(rnn, packed, torch.zeros(2, 4, H_out)),
        ValueError,
        r"expects hx of shape \(D \* num_layers, N, H_out\) = \(2, 3, 6\) for this "
        r"RNN and batched input, got \(2, 4, 6\)",
        id="unroll-packed-hx-wrong-batch",
    ),
    # --- explain_shapes ---
    pytest.param(
        lambda: explain_shapes(nn.LSTMCell(H_in, H_out), input),
        TypeError,
        r"explain_shapes\(\) expects a torch.nn.RNN, nn.LSTM or nn.GRU, got LSTMCell",
        id="explain_shapes-lstm-cell",
    ),
    pytest.param(
        lambda: explain_shapes(lstm, input, torch.zeros(1, N, H_out)),
        TypeError,
        r"explain_shapes\(\) expects hx to be a pair \(h_0, c_0\) for this LSTM",
        id="explain_shapes-lstm-hx-tensor",
    ),
    pytest.param(
        lambda: explain_shapes(rnn, torch.zeros(L, N, 7)),
        ValueError,
        r"explain_shapes\(\) expects input of shape \(L, N, H_in\) = \(\*, \*, 4\) "
        r"for this RNN, got \(5, 3, 7\)",
        id="explain_shapes-wrong-h_in",
    ),
    pytest.param(
        lambda: explain_shapes(rnn, input, torch.zeros(2, 2, H_out)),
        ValueError,
        r"explain_shapes\(\) expects hx of shape .* = \(2, 3, 6\) .*got \(2, 2, 6\)",
        id="explain_shapes-wrong-hx",
    ),
    pytest.param(
        lambda: explain_shapes(rnn, (L, N, H_in)),
        TypeError,
        r"expects input to be a torch.Tensor or a PackedSequence, got tuple",
        id="explain_shapes-shape-instead-of-tensor",
    ),
    # --- ElmanCell ---
    pytest.param(
        lambda: ElmanCell(H_in, H_out, nonlinearity="sigmoid"),
        ValueError,
        r"ElmanCell expects nonlinearity 'tanh' or 'relu', got 'sigmoid'",
        id="cell-nonlinearity",
    ),
    pytest.param(
        lambda: ElmanCell(0, H_out),
        ValueError,
        r"ElmanCell expects input_size >= 1, got 0",
        id="cell-zero-input-size",
    ),
    pytest.param(
        lambda: ElmanCell(H_in, 2.5),
        TypeError,
        r"ElmanCell expects hidden_size to be an int, got 2.5",
        id="cell-float-hidden-size",
    ),
    pytest.param(
        lambda: ElmanCell(H_in, H_out, bias="no"),
        TypeError,
        r"ElmanCell expects bias to be True or False, got 'no'",
        id="cell-bias-string",
    ),
    pytest.param(
        lambda: cell(torch.zeros(N, 7)),
        ValueError,
        r"ElmanCell.forward\(\) expects x_t of shape \(N, H_in\) = \(\*, 4\) or "
        r"unbatched \(H_in,\) = \(4,\), got \(3, 7\)",
        id="cell-x_t-wrong-width",
    ),
    pytest.param(
        lambda: cell(torch.zeros(L, N, H_in)),
        ValueError,
        r"expects x_t of shape \(N, H_in\) = \(\*, 4\) .*, got \(5, 3, 4\)",
        id="cell-whole-sequence-instead-of-one-step",
    ),
    pytest.param(
        lambda: cell([0.0] * H_in),
        TypeError,
        r"ElmanCell.forward\(\) expects x_t to be a torch.Tensor, got list",
        id="cell-x_t-list",
    ),
    pytest.param(
        lambda: cell(torch.zeros(N, H_in, dtype=torch.int32)),
        ValueError,
        r"expects a floating-point x_t, got dtype torch.int32",
        id="cell-x_t-int",
    ),
    pytest.param(
        lambda: cell(torch.zeros(N, H_in, dtype=torch.float64)),
        ValueError,
        r"expects x_t to have the cell's dtype, torch.float32, got torch.float64",
        id="cell-x_t-dtype",
    ),
    pytest.param(
        lambda: cell(torch.zeros(N, H_in), torch.zeros(2, H_out)),
        ValueError,
        r"expects h_prev of shape \(N, H_out\) = \(3, 6\) for x_t of shape "
        r"\(3, 4\), got \(2, 6\)",
        id="cell-h_prev-wrong-batch",
    ),
    pytest.param(
        lambda: cell(torch.zeros(H_in), torch.zeros(1, H_out)),
        ValueError,
        r"expects h_prev of shape unbatched \(H_out,\) = \(6,\) for x_t of shape "
        r"\(4,\), got \(1, 6\)",
        id="cell-h_prev-batched-for-unbatched-x_t",
    ),
    pytest.param(
        lambda: cell(torch.zeros(N, H_in), torch.zeros(N, H_out, dtype=torch.float64)),
        ValueError,
        r"expects h_prev to have the dtype of x_t, torch.float32, got torch.float64",
        id="cell-h_prev-dtype",
    ),
    pytest.param(
        lambda: cell(torch.zeros(N, H_in), "zeros"),
        TypeError,
        r"expects h_prev to be a torch.Tensor or None, got str",
        id="cell-h_prev-string",
    ),
    pytest.param(
        lambda: ElmanCell.from_rnn(nn.GRU(H_in, H_out)),
        TypeError,
        r"ElmanCell.from_rnn\(\) expects a torch.nn.RNN, got GRU",
        id="from_rnn-gru",
    ),
    pytest.param(
        lambda: ElmanCell.from_rnn(rnn, layer=2),
        ValueError,
        r"expects layer in range\(0, 2\) for this RNN with num_layers=2, got 2",
        id="from_rnn-layer-too-large",
    ),
    pytest.param(
        lambda: ElmanCell.from_rnn(rnn, layer=-1),
        ValueError,
        r"expects layer >= 0, got -1",
        id="from_rnn-negative-layer",
    ),
    pytest.param(
        lambda: ElmanCell.from_rnn(rnn, layer="1"),
        TypeError,
        r"expects layer to be an int, got '1'",
        id="from_rnn-layer-string",
    ),
    pytest.param(
        lambda: ElmanCell.from_rnn(rnn, direction=1),
        ValueError,
        r"expects direction 0 for this unidirectional RNN, got 1",
        id="from_rnn-backward-of-unidirectional",
    ),
    pytest.param(
        lambda: ElmanCell.from_rnn(bidirectional, direction=2),
        ValueError,
        r"expects direction 0 or 1, got 2",
        id="from_rnn-direction-too-large",
    ),
    pytest.param(
        lambda: ElmanCell.from_rnn(lstm),
        TypeError,
        r"ElmanCell.from_rnn\(\) expects a torch.nn.RNN, got LSTM; LSTM and GRU have "
        r"gated cells, which ElmanCell.from_rnn\(\) does not take",
        id="from_rnn-lstm",
    ),
    # --- LSTMCell and GRUCell ---
    pytest.param(
        lambda: LSTMCell(H_in, H_out, proj_size=H_out),
        ValueError,
        r"LSTMCell expects proj_size < hidden_size = 6 \(or 0 for no projection\), "
        r"got proj_size=6",
        id="lstm-cell-proj-size-not-smaller",
    ),
    pytest.param(
        lambda: LSTMCell(H_in, H_out, proj_size=-1),
        ValueError,
        r"LSTMCell expects proj_size >= 0, got -1",
        id="lstm-cell-negative-proj-size",
    ),
    pytest.param(
        lambda: LSTMCell(H_in, H_out, bias=None),
        TypeError,
        r"LSTMCell expects bias to be True or False, got None",
        id="lstm-cell-bias-none",
    ),
    pytest.param(
        lambda: lstm_cell(torch.zeros(N, H_in), torch.zeros(N, H_out)),
        TypeError,
        r"LSTMCell.forward\(\) expects hx to be a pair \(h_prev, c_prev\) or None, "
        r"got Tensor",
        id="lstm-cell-hx-tensor",
    ),
    pytest.param(
        lambda: lstm_cell(torch.zeros(N, H_in), (torch.zeros(N, H_out), None)),
        ValueError,
        r"expects hx to be a pair \(h_prev, c_prev\) of tensors, got a tuple of "
        r"\(Tensor, NoneType\)",
        id="lstm-cell-c_prev-none",
    ),
    pytest.param(
        lambda: lstm_cell(torch.zeros(N, H_in), (torch.zeros(N, H_out), torch.zeros(N, 5))),
        ValueError,
        r"expects c_prev of shape \(N, H_out\) = \(3, 6\) for x_t of shape \(3, 4\), "
        r"got \(3, 5\)",
        id="lstm-cell-c_prev-wrong-width",
    ),
    pytest.param(
        lambda: lstm_cell(torch.zeros(N, 7)),
        ValueError,
        r"LSTMCell.forward\(\) expects x_t of shape \(N, H_in\) = \(\*, 4\)",
        id="lstm-cell-x_t-wrong-width",
    ),
    pytest.param(
        lambda: LSTMCell.from_lstm(gru),
        TypeError,
        r"LSTMCell.from_lstm\(\) expects a torch.nn.LSTM, got GRU",
        id="from_lstm-gru",
    ),
    pytest.param(
        lambda: LSTMCell.from_lstm(lstm, direction=1),
        ValueError,
        r"expects direction 0 for this unidirectional LSTM, got 1",
        id="from_lstm-backward-of-unidirectional",
    ),
    pytest.param(
        lambda: gru_cell(torch.zeros(N, H_in), (torch.zeros(N, H_out),) * 2),
        TypeError,
        r"GRUCell.forward\(\) expects h_prev to be a torch.Tensor or None, got tuple",
        id="gru-cell-h_prev-pair",
    ),
    pytest.param(
        lambda: gru_cell(torch.zeros(N, H_in, dtype=torch.float64)),
        ValueError,
        r"GRUCell.forward\(\) expects x_t to have the cell's dtype, torch.float32, "
        r"got torch.float64",
        id="gru-cell-x_t-dtype",
    ),
    pytest.param(
        lambda: GRUCell.from_gru(lstm),
        TypeError,
        r"GRUCell.from_gru\(\) expects a torch.nn.GRU, got LSTM",
        id="from_gru-lstm",
    ),
    pytest.param(
        lambda: GRUCell.from_gru(gru, layer=1),
        ValueError,
        r"expects layer in range\(0, 1\) for this GRU with num_layers=1, got 1",
        id="from_gru-layer-too-large",
    ),
    # --- parameter_count ---
    pytest.param(
        lambda: parameter_count(H_in, 0),
        ValueError,
        r"parameter_count\(\) expects hidden_size >= 1, got 0",
        id="parameter_count-zero-hidden-size",
    ),
    pytest.param(
        lambda: parameter_count(H_in, H_out, num_layers=1.5),
        TypeError,
        r"expects num_layers to be an int, got 1.5",
        id="parameter_count-float-layers",
    ),
    pytest.param(
        lambda: parameter_count(H_in, H_out, bidirectional="yes"),
        TypeError,
        r"expects bidirectional to be True or False, got 'yes'",
        id="parameter_count-bidirectional-string",
    ),
    pytest.param(
        lambda: parameter_count(H_in, H_out, kind="lstm"),
        ValueError,
        r"parameter_count\(\) expects kind 'RNN', 'LSTM' or 'GRU', got 'lstm'",
        id="parameter_count-kind-lowercase",
    ),
    pytest.param(
        lambda: parameter_count(H_in, H_out, kind="GRU", proj_size=2),
        ValueError,
        r"expects proj_size=0 for kind='GRU' \(only an LSTM has a projection\), "
        r"got proj_size=2",
        id="parameter_count-gru-proj-size",
    ),
    pytest.param(
        lambda: parameter_count(H_in, H_out, kind="LSTM", proj_size=8),
        ValueError,
        r"expects proj_size < hidden_size = 6 \(or 0 for no projection\), got proj_size=8",
        id="parameter_count-proj-size-too-large",
    ),
    pytest.param(
        lambda: parameter_count(H_in, H_out, kind="LSTM", proj_size=2.0),
        TypeError,
        r"expects proj_size to be an int, got 2.0",
        id="parameter_count-proj-size-float",
    ),
    # --- data ---
    pytest.param(
        lambda: sine_windows(0, 10),
        ValueError,
        r"sine_windows\(\) expects num_windows >= 1, got 0",
        id="sine_windows-no-windows",
    ),
    pytest.param(
        lambda: sine_windows(4, 10, target="many"),
        ValueError,
        r"expects target 'next' or 'sequence', got 'many'",
        id="sine_windows-unknown-target",
    ),
    pytest.param(
        lambda: sine_windows(4, 10, noise=-0.1),
        ValueError,
        r"expects noise to be a finite number >= 0, got -0.1",
        id="sine_windows-negative-noise",
    ),
    pytest.param(
        lambda: sine_windows(4, 10, noise=float("nan")),
        ValueError,
        r"expects noise to be a finite number >= 0, got nan",
        id="sine_windows-nan-noise",
    ),
    pytest.param(
        lambda: sine_windows(4, 10, dtype=torch.int64),
        ValueError,
        r"expects a floating-point dtype such as torch.float32, got torch.int64",
        id="sine_windows-int-dtype",
    ),
    pytest.param(
        lambda: sine_windows(4, 10, dtype="float32"),
        TypeError,
        r"expects dtype to be a torch.dtype, got 'float32'",
        id="sine_windows-dtype-string",
    ),
    pytest.param(
        lambda: sine_windows(4, 10, seed=-1),
        ValueError,
        r"expects seed >= 0, got -1",
        id="sine_windows-negative-seed",
    ),
    pytest.param(
        lambda: padded_batch([], 3),
        ValueError,
        r"padded_batch\(\) expects at least one length, got \[\]",
        id="padded_batch-no-lengths",
    ),
    pytest.param(
        lambda: padded_batch([2, 0], 3),
        ValueError,
        r"expects lengths\[1\] >= 1, got 0",
        id="padded_batch-zero-length",
    ),
    pytest.param(
        lambda: padded_batch(5, 3),
        TypeError,
        r"expects lengths as a list of ints, got int",
        id="padded_batch-lengths-int",
    ),
    pytest.param(
        lambda: padded_batch(torch.tensor([[2, 3]]), 3),
        TypeError,
        r"expects lengths as a 1-D integer tensor, got a 2-D tensor of dtype "
        r"torch.int64",
        id="padded_batch-lengths-2d-tensor",
    ),
    pytest.param(
        lambda: padded_batch([2, 3], 3, batch_first=1),
        TypeError,
        r"expects batch_first to be True or False, got 1",
        id="padded_batch-batch-first-int",
    ),
    pytest.param(
        lambda: random_lengths(4, 5, 3),
        ValueError,
        r"random_lengths\(\) expects max_length >= 5, got 3",
        id="random_lengths-max-below-min",
    ),
    pytest.param(
        lambda: random_lengths(4, 0, 3),
        ValueError,
        r"expects min_length >= 1, got 0",
        id="random_lengths-zero-min",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message) as raised:
        call()
    # Every message says what was expected and what was received.
    text = str(raised.value)
    assert "expect" in text and "got" in text


def test_bad_input_errors_are_clearer_than_nn_rnn():
    # nn.RNN itself raises a RuntimeError for the wrong input width.
    with pytest.raises(RuntimeError):
        rnn(torch.zeros(L, N, 7))
    with pytest.raises(ValueError, match=r"= \(\*, \*, 4\) for this RNN"):
        unroll(rnn, torch.zeros(L, N, 7))
