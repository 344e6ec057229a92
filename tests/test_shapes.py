"""explain_shapes() and parameter_count() predict every shape nn.RNN produces."""

import itertools

import pytest
import torch
from configs import GRU_CONFIGS, LSTM_CONFIGS, RNN_CONFIGS, make_module
from parity import module_rows
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from rnn_guide import ShapeReport, ShapeRow, explain_shapes, parameter_count

L, N, H_in, H_out = 5, 3, 4, 6

CONFIGS = RNN_CONFIGS


def make_rnn(config: dict) -> nn.RNN:
    return make_module(nn.RNN, config, H_in, H_out, torch.float32)


def make_input(rnn: nn.RNNBase, kind: str):
    if kind == "unbatched":
        return torch.zeros(L, H_in)
    padded = torch.zeros((N, L, H_in) if rnn.batch_first else (L, N, H_in))
    if kind == "packed":
        lengths = torch.tensor([2, L, 1])
        return pack_padded_sequence(padded, lengths, rnn.batch_first, False)
    return padded


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("kind", ["batched", "unbatched", "packed"])
def test_explain_shapes_rows_match_the_tensors_nn_rnn_has(config, kind):
    rnn = make_rnn(config)
    input = make_input(rnn, kind)
    report = explain_shapes(rnn, input)
    actual = module_rows(rnn, input)
    assert [(row.name, row.shape) for row in report.rows] == actual


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("kind", ["batched", "unbatched", "packed"])
def test_explain_shapes_formulas_evaluate_to_the_shapes(config, kind):
    rnn = make_rnn(config)
    input = make_input(rnn, kind)
    report = explain_shapes(rnn, input)
    letters = dict(report.symbols)
    if kind == "packed":
        letters["batch_sizes"] = input.batch_sizes.tolist()
    # The formulas are Python expressions in the shape letters.
    for row in report.rows:
        assert eval(row.formula, {"sum": sum}, letters) == row.shape, row
    assert eval(report.parameter_formula, {}, letters) == report.num_parameters


@pytest.mark.parametrize("config", CONFIGS)
def test_explain_shapes_counts_the_parameters(config):
    rnn = make_rnn(config)
    report = explain_shapes(rnn, make_input(rnn, "batched"))
    assert report.num_parameters == sum(p.numel() for p in rnn.parameters())


def test_parameter_count_matches_numel_over_a_grid():
    torch.manual_seed(0)
    settings = itertools.product([1, 3], [1, 5], [1, 2, 3], [True, False], [True, False])
    for input_size, hidden_size, num_layers, bias, bidirectional in settings:
        rnn = nn.RNN(input_size, hidden_size, num_layers, bias=bias,
                     bidirectional=bidirectional)  # fmt: skip
        count = parameter_count(input_size, hidden_size, num_layers, bias, bidirectional)
        assert count == sum(p.numel() for p in rnn.parameters())


def test_explain_shapes_letters_name_the_sizes_of_this_call():
    rnn = make_rnn({"num_layers": 2, "bidirectional": True, "batch_first": True})
    report = explain_shapes(rnn, torch.zeros(N, L, H_in))
    assert report.symbols == {
        "L": L, "N": N, "H_in": H_in, "H_out": H_out, "D": 2, "num_layers": 2,
    }  # fmt: skip
    unbatched = explain_shapes(rnn, torch.zeros(L, H_in))
    assert "N" not in unbatched.symbols


def test_explain_shapes_upper_layer_input_width_is_d_times_h_out():
    rnn = make_rnn({"num_layers": 2, "bidirectional": True})
    report = explain_shapes(rnn, torch.zeros(L, N, H_in))
    assert report["weight_ih_l0"] == ShapeRow("weight_ih_l0", (6, 4), "(H_out, H_in)")
    assert report["weight_ih_l1_reverse"] == ShapeRow(
        "weight_ih_l1_reverse", (6, 12), "(H_out, D * H_out)"
    )


def test_shape_report_looks_rows_up_by_name():
    report = explain_shapes(make_rnn({}), torch.zeros(L, N, H_in))
    assert isinstance(report, ShapeReport)
    assert report["output"] == ShapeRow("output", (L, N, H_out), "(L, N, D * H_out)")
    with pytest.raises(KeyError, match=r"no row named 'c_n'; the rows are: .*h_n"):
        report["c_n"]


def test_shape_report_prints_an_aligned_table_ending_with_the_parameter_count():
    rnn = make_rnn({"bidirectional": True, "bias": False})
    hx = torch.zeros(2, N, H_out)
    text = str(explain_shapes(rnn, torch.zeros(L, N, H_in), hx))
    assert text == "\n".join(
        [
            "name                  shape       formula",
            "--------------------  ----------  --------------------------",
            "weight_ih_l0          (6, 4)      (H_out, H_in)",
            "weight_hh_l0          (6, 6)      (H_out, H_out)",
            "weight_ih_l0_reverse  (6, 4)      (H_out, H_in)",
            "weight_hh_l0_reverse  (6, 6)      (H_out, H_out)",
            "input                 (5, 3, 4)   (L, N, H_in)",
            "h_0                   (2, 3, 6)   (D * num_layers, N, H_out)",
            "output                (5, 3, 12)  (L, N, D * H_out)",
            "h_n                   (2, 3, 6)   (D * num_layers, N, H_out)",
            "where L = 5, N = 3, H_in = 4, H_out = 6, D = 2, num_layers = 1",
            "parameters: 120 = D * H_out * (H_in + H_out) "
            "+ (num_layers - 1) * D * H_out * (D * H_out + H_out)",
        ]
    )


def test_shape_report_is_deterministic():
    rnn = make_rnn({"num_layers": 2})
    first = explain_shapes(rnn, torch.zeros(L, N, H_in))
    second = explain_shapes(rnn, torch.zeros(L, N, H_in))
    assert first == second
    assert repr(first) == repr(second) and str(first) == str(second)


# --- nn.LSTM and nn.GRU: gate blocks, projections, c_0 and c_n -----------------

GATED = [
    *(pytest.param(nn.LSTM, p.values[0], id=f"lstm-{p.id}") for p in LSTM_CONFIGS),
    *(pytest.param(nn.GRU, p.values[0], id=f"gru-{p.id}") for p in GRU_CONFIGS),
]


@pytest.mark.parametrize(("module", "config"), GATED)
@pytest.mark.parametrize("kind", ["batched", "unbatched", "packed"])
def test_explain_shapes_rows_match_the_tensors_of_lstm_and_gru(module, config, kind):
    module = make_module(module, config, H_in, H_out, torch.float32)
    input = make_input(module, kind)
    report = explain_shapes(module, input)
    actual = module_rows(module, input)
    assert [(row.name, row.shape) for row in report.rows] == actual
    assert report.num_parameters == sum(p.numel() for p in module.parameters())
    # The formulas are Python expressions in the shape letters.
    letters = dict(report.symbols)
    if kind == "packed":
        letters["batch_sizes"] = make_input(module, kind).batch_sizes.tolist()
    for row in report.rows:
        assert eval(row.formula, {"sum": sum}, letters) == row.shape, row
    assert eval(report.parameter_formula, {}, letters) == report.num_parameters


def test_explain_shapes_names_the_gate_blocks():
    torch.manual_seed(0)
    lstm = explain_shapes(nn.LSTM(H_in, H_out, num_layers=2), torch.zeros(L, N, H_in))
    assert lstm["weight_ih_l0"] == ShapeRow("weight_ih_l0", (24, 4), "(4 * H_out, H_in)")
    assert lstm["weight_hh_l0"] == ShapeRow("weight_hh_l0", (24, 6), "(4 * H_out, H_out)")
    assert lstm["bias_hh_l1"] == ShapeRow("bias_hh_l1", (24,), "(4 * H_out,)")
    assert lstm["c_0"] == ShapeRow("c_0", (2, N, 6), "(D * num_layers, N, H_out)")
    assert "H_cell" not in lstm.symbols
    gru = explain_shapes(
        nn.GRU(H_in, H_out, bidirectional=True, num_layers=2), torch.zeros(L, H_in)
    )
    assert gru["weight_ih_l1_reverse"] == ShapeRow(
        "weight_ih_l1_reverse", (18, 12), "(3 * H_out, D * H_out)"
    )
    assert [row.name for row in gru.rows][-4:] == ["input", "h_0", "output", "h_n"]
    with pytest.raises(KeyError, match=r"no row named 'c_n'"):
        gru["c_n"]


def test_explain_shapes_uses_h_cell_and_h_out_for_an_lstm_with_a_projection():
    torch.manual_seed(0)
    lstm = nn.LSTM(H_in, H_out, proj_size=2, num_layers=2, bidirectional=True)
    report = explain_shapes(lstm, torch.zeros(L, N, H_in))
    assert report.symbols == {
        "L": L, "N": N, "H_in": H_in, "H_out": 2, "H_cell": H_out, "D": 2, "num_layers": 2,
    }  # fmt: skip
    assert report["weight_ih_l0"] == ShapeRow("weight_ih_l0", (24, 4), "(4 * H_cell, H_in)")
    assert report["weight_hh_l0"] == ShapeRow("weight_hh_l0", (24, 2), "(4 * H_cell, H_out)")
    assert report["weight_hr_l0"] == ShapeRow("weight_hr_l0", (2, 6), "(H_out, H_cell)")
    assert report["weight_ih_l1"] == ShapeRow("weight_ih_l1", (24, 4), "(4 * H_cell, D * H_out)")
    assert report["h_0"] == ShapeRow("h_0", (4, N, 2), "(D * num_layers, N, H_out)")
    assert report["c_0"] == ShapeRow("c_0", (4, N, 6), "(D * num_layers, N, H_cell)")
    assert report["output"] == ShapeRow("output", (L, N, 4), "(L, N, D * H_out)")
    assert report.parameter_formula == (
        "D * (4 * H_cell * (H_in + H_out + 2) + H_out * H_cell) "
        "+ (num_layers - 1) * D * (4 * H_cell * (D * H_out + H_out + 2) + H_out * H_cell)"
    )


def test_explain_shapes_checks_an_lstm_hx_pair():
    torch.manual_seed(0)
    lstm = nn.LSTM(H_in, H_out, proj_size=2)
    hx = (torch.zeros(1, N, 2), torch.zeros(1, N, H_out))
    assert explain_shapes(lstm, torch.zeros(L, N, H_in), hx)["c_0"].shape == (1, N, H_out)
    with pytest.raises(ValueError, match=r"expects c_0 of shape .* = \(1, 3, 6\)"):
        explain_shapes(lstm, torch.zeros(L, N, H_in), (hx[0], hx[0]))


def test_parameter_count_matches_numel_for_lstm_and_gru_over_a_grid():
    torch.manual_seed(0)
    settings = itertools.product([1, 3], [2, 5], [1, 2, 3], [True, False], [True, False])
    for input_size, hidden_size, num_layers, bias, bidirectional in settings:
        args = (input_size, hidden_size, num_layers, bias, bidirectional)
        for module, kind, proj_size in [
            (nn.LSTM, "LSTM", 0),
            (nn.LSTM, "LSTM", 1),
            (nn.LSTM, "LSTM", hidden_size - 1),
            (nn.GRU, "GRU", 0),
        ]:
            extra = {"proj_size": proj_size} if proj_size else {}
            layer = module(input_size, hidden_size, num_layers, bias=bias,
                           bidirectional=bidirectional, **extra)  # fmt: skip
            count = parameter_count(*args, kind=kind, proj_size=proj_size)
            assert count == sum(p.numel() for p in layer.parameters()), (kind, args, proj_size)


def test_parameter_count_of_the_three_kinds_side_by_side():
    # One layer, H_in = 4, H_out = 6: the gates multiply the Elman count.
    rnn = parameter_count(4, 6)
    assert parameter_count(4, 6, kind="LSTM") == 4 * rnn == 4 * 6 * (4 + 6 + 2)
    assert parameter_count(4, 6, kind="GRU") == 3 * rnn
    # A projection to 2 shrinks weight_hh to (4 * H_cell, 2) and adds weight_hr (2, 6).
    assert parameter_count(4, 6, kind="LSTM", proj_size=2) == 4 * 6 * (4 + 2 + 2) + 2 * 6
