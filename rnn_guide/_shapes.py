"""Explain every shape in one call of an `nn.RNN`, with the formula behind it."""

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import PackedSequence

from ._parameters import _parameter_formula, parameter_count
from ._validate import _check_input, _check_rnn


@dataclass(frozen=True)
class ShapeRow:
    """Hold one named tensor's shape and the formula in shape letters that gives it.

    See [Parameters and shapes](parameters.md) and [Notation](notation.md).

    Args:
        name: A parameter name such as `weight_ih_l0`, or `input`, `h_0`,
            `output` or `h_n`.
        shape: The tensor's shape.
        formula: The shape in letters, such as `(L, N, D * H_out)`.
    """

    name: str
    shape: tuple[int, ...]
    formula: str


@dataclass(frozen=True)
class ShapeReport:
    """Hold every shape in one call `rnn(input, hx)`, as built by `explain_shapes`.

    `str(report)` is a plain-text table of the rows, then the values of the
    letters, then the parameter count. `report["output"]` looks a row up by
    name.

    See [Parameters and shapes](parameters.md).

    Args:
        rows: The parameters in `named_parameters()` order, then `input`,
            `h_0`, `output` and `h_n`.
        symbols: The value of each shape letter in this call, such as
            `{"L": 5, "N": 3, ...}`. `N` is absent for unbatched input.
        num_parameters: The number of scalar parameters.
        parameter_formula: `num_parameters` in letters.
    """

    rows: list[ShapeRow]
    symbols: dict[str, int]
    num_parameters: int
    parameter_formula: str

    def __getitem__(self, name: str) -> ShapeRow:
        """Return the row called `name`, such as `report["h_n"]`.

        Raises:
            KeyError: If no row has that name; the message lists the names.
        """
        for row in self.rows:
            if row.name == name:
                return row
        names = ", ".join(row.name for row in self.rows)
        raise KeyError(f"no row named {name!r}; the rows are: {names}")

    def __str__(self) -> str:
        header = ("name", "shape", "formula")
        cells = [header] + [(row.name, str(row.shape), row.formula) for row in self.rows]
        widths = [max(len(cell[column]) for cell in cells) for column in range(3)]
        rule = tuple("-" * width for width in widths)
        lines = [
            f"{name:<{widths[0]}}  {shape:<{widths[1]}}  {formula}"
            for name, shape, formula in [header, rule, *cells[1:]]
        ]
        letters = ", ".join(f"{letter} = {value}" for letter, value in self.symbols.items())
        lines.append(f"where {letters}")
        lines.append(f"parameters: {self.num_parameters} = {self.parameter_formula}")
        return "\n".join(lines)


def explain_shapes(
    rnn: nn.RNN,
    input: torch.Tensor | PackedSequence,
    hx: torch.Tensor | None = None,
) -> ShapeReport:
    """List the shape of every parameter, input and output of `rnn(input, hx)`.

    The shapes come from arithmetic on the RNN's settings and the input's shape,
    not from running the RNN, so each row shows a formula you can check by hand.

    See [Parameters and shapes](parameters.md) and
    [Inputs and outputs](inputs-and-outputs.md).

    Args:
        rnn: The `torch.nn.RNN` to explain.
        input: A batch of sequences, an unbatched sequence, or a
            `PackedSequence` (its rows describe `input.data` and `output.data`).
        hx: The initial hidden state, if you pass one; it is checked, and
            `h_0` shows the shape it must have.

    Returns:
        A `ShapeReport` whose rows are the parameters, then `input`, `h_0`,
        `output` and `h_n`.

    Shape:
        - input: `(L, N, H_in)`, `(N, L, H_in)` with `batch_first=True`,
          `(L, H_in)` unbatched, or packed with `data` of shape
          `(sum(batch_sizes), H_in)`.
        - hx: `(D * num_layers, N, H_out)`, or `(D * num_layers, H_out)`
          unbatched.

    Raises:
        TypeError: If `rnn` is not an `nn.RNN`, or `input` or `hx` is not a
            tensor.
        ValueError: If a shape or dtype does not fit the RNN.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> rnn = nn.RNN(input_size=4, hidden_size=8, num_layers=2)
        >>> report = explain_shapes(rnn, torch.zeros(5, 3, 4))
        >>> report["output"]
        ShapeRow(name='output', shape=(5, 3, 8), formula='(L, N, D * H_out)')
        >>> print(report)
        name          shape      formula
        ------------  ---------  --------------------------
        weight_ih_l0  (8, 4)     (H_out, H_in)
        weight_hh_l0  (8, 8)     (H_out, H_out)
        bias_ih_l0    (8,)       (H_out,)
        bias_hh_l0    (8,)       (H_out,)
        weight_ih_l1  (8, 8)     (H_out, D * H_out)
        weight_hh_l1  (8, 8)     (H_out, H_out)
        bias_ih_l1    (8,)       (H_out,)
        bias_hh_l1    (8,)       (H_out,)
        input         (5, 3, 4)  (L, N, H_in)
        h_0           (2, 3, 8)  (D * num_layers, N, H_out)
        output        (5, 3, 8)  (L, N, D * H_out)
        h_n           (2, 3, 8)  (D * num_layers, N, H_out)
        where L = 5, N = 3, H_in = 4, H_out = 8, D = 1, num_layers = 2
        parameters: 256 = D * H_out * (H_in + H_out + 2) + (num_layers - 1) * D * H_out * (D * H_out + H_out + 2)
    """  # noqa: E501
    caller = "explain_shapes()"
    _check_rnn(rnn, caller)
    _check_input(rnn, input, hx, caller)
    H_in, H_out, num_layers = rnn.input_size, rnn.hidden_size, rnn.num_layers
    D = 2 if rnn.bidirectional else 1
    if isinstance(input, PackedSequence):
        L, N = len(input.batch_sizes), int(input.batch_sizes[0])
        # The rows describe PackedSequence.data, every sequence's steps stacked.
        total = int(input.batch_sizes.sum())
        input_row = ShapeRow("input", (total, H_in), "(sum(batch_sizes), H_in)")
        output_row = ShapeRow("output", (total, D * H_out), "(sum(batch_sizes), D * H_out)")
    elif input.dim() == 2:
        L, N = input.shape[0], None
        input_row = ShapeRow("input", (L, H_in), "(L, H_in)")
        output_row = ShapeRow("output", (L, D * H_out), "(L, D * H_out)")
    elif rnn.batch_first:
        N, L = input.shape[0], input.shape[1]
        input_row = ShapeRow("input", (N, L, H_in), "(N, L, H_in)")
        output_row = ShapeRow("output", (N, L, D * H_out), "(N, L, D * H_out)")
    else:
        L, N = input.shape[0], input.shape[1]
        input_row = ShapeRow("input", (L, N, H_in), "(L, N, H_in)")
        output_row = ShapeRow("output", (L, N, D * H_out), "(L, N, D * H_out)")
    # h_0 and h_n ignore batch_first: layers and directions always come first.
    if N is None:
        hidden = (D * num_layers, H_out), "(D * num_layers, H_out)"
    else:
        hidden = (D * num_layers, N, H_out), "(D * num_layers, N, H_out)"
    symbols = {
        "L": L,
        "N": N,
        "H_in": H_in,
        "H_out": H_out,
        "D": D,
        "num_layers": num_layers,
    }
    if N is None:
        del symbols["N"]  # an unbatched sequence has no batch dimension
    return ShapeReport(
        rows=[
            *_parameter_rows(rnn),
            input_row,
            ShapeRow("h_0", *hidden),
            output_row,
            ShapeRow("h_n", *hidden),
        ],
        symbols=symbols,
        num_parameters=parameter_count(H_in, H_out, num_layers, rnn.bias, rnn.bidirectional),
        parameter_formula=_parameter_formula(rnn.bias),
    )


def _parameter_rows(rnn: nn.RNN) -> list[ShapeRow]:
    """Return one row per parameter, in the order of `rnn.named_parameters()`."""
    H_out = rnn.hidden_size
    D = 2 if rnn.bidirectional else 1
    rows = []
    for layer in range(rnn.num_layers):
        for suffix in ("", "_reverse")[:D]:
            # Layer 0 reads the input; each layer above reads the output of
            # the layer below, both directions side by side.
            if layer == 0:
                shape_ih, formula_ih = (H_out, rnn.input_size), "(H_out, H_in)"
            else:
                shape_ih, formula_ih = (H_out, D * H_out), "(H_out, D * H_out)"
            rows.append(ShapeRow(f"weight_ih_l{layer}{suffix}", shape_ih, formula_ih))
            rows.append(ShapeRow(f"weight_hh_l{layer}{suffix}", (H_out, H_out), "(H_out, H_out)"))
            if rnn.bias:
                rows.append(ShapeRow(f"bias_ih_l{layer}{suffix}", (H_out,), "(H_out,)"))
                rows.append(ShapeRow(f"bias_hh_l{layer}{suffix}", (H_out,), "(H_out,)"))
    return rows
