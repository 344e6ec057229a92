"""explain_shapes() and parameter_count() predict every shape nn.RNN produces."""

import itertools

import pytest
import torch
from configs import RNN_CONFIGS, make_module
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

from rnn_guide import ShapeReport, ShapeRow, explain_shapes, parameter_count

L, N, H_in, H_out = 5, 3, 4, 6

CONFIGS = RNN_CONFIGS


def make_rnn(config: dict) -> nn.RNN:
    return make_module(nn.RNN, config, H_in, H_out, torch.float32)


def make_input(rnn: nn.RNN, kind: str):
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
    output, h_n = rnn(input)
    actual = [(name, tuple(param.shape)) for name, param in rnn.named_parameters()]
    if kind == "packed":
        input, output = input.data, output.data
    actual += [
        ("input", tuple(input.shape)),
        ("h_0", tuple(h_n.shape)),  # hx, when given, has the shape of h_n
        ("output", tuple(output.shape)),
        ("h_n", tuple(h_n.shape)),
    ]
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
