"""Explain every shape in one call of an `nn.RNN`, `nn.LSTM` or `nn.GRU`, with its formula."""

from dataclasses import dataclass

import torch
from torch import nn
from torch.nn.utils.rnn import PackedSequence

from ._parameters import _GATES, _parameter_formula, parameter_count
from ._validate import _check_input, _check_recurrent, _kind


@dataclass(frozen=True)
class ShapeRow:
    """Hold one named tensor's shape and the formula in shape letters that gives it.

    See [Parameters and shapes](parameters.md) and [Notation](notation.md).

    Args:
        name: A parameter name such as `weight_ih_l0`, or `input`, `h_0`,
            `c_0`, `output`, `h_n` or `c_n`.
        shape: The tensor's shape.
        formula: The shape in letters, such as `(L, N, D * H_out)`.
    """

    name: str
    shape: tuple[int, ...]
    formula: str


@dataclass(frozen=True)
class ShapeReport:
    """Hold every shape in one call `module(input, hx)`, as built by `explain_shapes`.

    `str(report)` is a plain-text table of the rows, then the values of the
    letters, then the parameter count. `report["output"]` looks a row up by
    name.

    See [Parameters and shapes](parameters.md).

    Args:
        rows: The parameters in `named_parameters()` order, then `input`,
            `h_0`, `c_0` (LSTM only), `output`, `h_n` and `c_n` (LSTM only).
        symbols: The value of each shape letter in this call, such as
            `{"L": 5, "N": 3, ...}`. `N` is absent for unbatched input;
            `H_cell` is present only for an LSTM with `proj_size > 0`.
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
    module: nn.RNNBase,
    input: torch.Tensor | PackedSequence,
    hx: torch.Tensor | tuple[torch.Tensor, torch.Tensor] | None = None,
) -> ShapeReport:
    """List the shape of every parameter, input and output of `module(input, hx)`.

    The shapes come from arithmetic on the module's settings and the input's
    shape, not from running it, so each row shows a formula you can check by
    hand. `module` may be an `nn.RNN`, `nn.LSTM` or `nn.GRU`: a gated layer stacks
    the rows of its gates in each weight, 4 blocks for LSTM and 3 for GRU, and
    an LSTM with `proj_size > 0` uses PyTorch's letters H_cell (`hidden_size`)
    and H_out (`proj_size`).

    See [Parameters and shapes](parameters.md) and
    [Inputs and outputs](inputs-and-outputs.md).

    Args:
        module: The `torch.nn.RNN`, `nn.LSTM` or `nn.GRU` to explain.
        input: A batch of sequences, an unbatched sequence, or a
            `PackedSequence` (its rows describe `input.data` and `output.data`).
        hx: The initial state, if you pass one (a pair `(h_0, c_0)` for an
            LSTM); it is checked, and `h_0` (and `c_0`) show the shape it must
            have.

    Returns:
        A `ShapeReport` whose rows are the parameters, then `input`, `h_0`,
        `c_0` (LSTM only), `output`, `h_n` and `c_n` (LSTM only).

    Shape:
        - input: `(L, N, H_in)`, `(N, L, H_in)` with `batch_first=True`,
          `(L, H_in)` unbatched, or packed with `data` of shape
          `(sum(batch_sizes), H_in)`.
        - hx: `(D * num_layers, N, H_out)`, or `(D * num_layers, H_out)`
          unbatched; for an LSTM, that and `c_0` of shape
          `(D * num_layers, N, H_cell)`.

    Raises:
        TypeError: If `module` is not an `nn.RNN`, `nn.LSTM` or `nn.GRU`, or
            `input` or `hx` is not a tensor (or a pair, for an LSTM).
        ValueError: If a shape or dtype does not fit the module.

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
        >>> lstm = nn.LSTM(input_size=4, hidden_size=8, proj_size=3)
        >>> print(explain_shapes(lstm, torch.zeros(5, 3, 4)))
        name          shape      formula
        ------------  ---------  ---------------------------
        weight_ih_l0  (32, 4)    (4 * H_cell, H_in)
        weight_hh_l0  (32, 3)    (4 * H_cell, H_out)
        bias_ih_l0    (32,)      (4 * H_cell,)
        bias_hh_l0    (32,)      (4 * H_cell,)
        weight_hr_l0  (3, 8)     (H_out, H_cell)
        input         (5, 3, 4)  (L, N, H_in)
        h_0           (1, 3, 3)  (D * num_layers, N, H_out)
        c_0           (1, 3, 8)  (D * num_layers, N, H_cell)
        output        (5, 3, 3)  (L, N, D * H_out)
        h_n           (1, 3, 3)  (D * num_layers, N, H_out)
        c_n           (1, 3, 8)  (D * num_layers, N, H_cell)
        where L = 5, N = 3, H_in = 4, H_out = 3, H_cell = 8, D = 1, num_layers = 1
        parameters: 312 = D * (4 * H_cell * (H_in + H_out + 2) + H_out * H_cell) + (num_layers - 1) * D * (4 * H_cell * (D * H_out + H_out + 2) + H_out * H_cell)
    """  # noqa: E501
    caller = "explain_shapes()"
    _check_recurrent(module, caller)
    _check_input(module, input, hx, caller)
    kind, num_layers = _kind(module), module.num_layers
    H_in, H_cell = module.input_size, module.hidden_size
    H_out = module.proj_size or H_cell  # an LSTM's projection narrows h_t
    D = 2 if module.bidirectional else 1
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
    elif module.batch_first:
        N, L = input.shape[0], input.shape[1]
        input_row = ShapeRow("input", (N, L, H_in), "(N, L, H_in)")
        output_row = ShapeRow("output", (N, L, D * H_out), "(N, L, D * H_out)")
    else:
        L, N = input.shape[0], input.shape[1]
        input_row = ShapeRow("input", (L, N, H_in), "(L, N, H_in)")
        output_row = ShapeRow("output", (L, N, D * H_out), "(L, N, D * H_out)")
    # h_0 and h_n ignore batch_first: layers and directions always come first.
    # An LSTM's c_0 and c_n are H_cell wide, which is H_out without a projection.
    cell = "H_cell" if module.proj_size else "H_out"
    if N is None:
        hidden = (D * num_layers, H_out), "(D * num_layers, H_out)"
        cell_state = (D * num_layers, H_cell), f"(D * num_layers, {cell})"
    else:
        hidden = (D * num_layers, N, H_out), "(D * num_layers, N, H_out)"
        cell_state = (D * num_layers, N, H_cell), f"(D * num_layers, N, {cell})"
    lstm = kind == "LSTM"
    symbols = {"L": L, "N": N, "H_in": H_in, "H_out": H_out, "H_cell": H_cell}
    symbols |= {"D": D, "num_layers": num_layers}
    if N is None:
        del symbols["N"]  # an unbatched sequence has no batch dimension
    if not module.proj_size:
        del symbols["H_cell"]  # H_cell is H_out
    return ShapeReport(
        rows=[
            *_parameter_rows(module),
            input_row,
            ShapeRow("h_0", *hidden),
            *([ShapeRow("c_0", *cell_state)] if lstm else []),
            output_row,
            ShapeRow("h_n", *hidden),
            *([ShapeRow("c_n", *cell_state)] if lstm else []),
        ],
        symbols=symbols,
        num_parameters=parameter_count(
            H_in,
            H_cell,
            num_layers,
            module.bias,
            module.bidirectional,
            kind=kind,
            proj_size=module.proj_size,
        ),
        parameter_formula=_parameter_formula(module.bias, kind, module.proj_size),
    )


def _parameter_rows(rnn: nn.RNNBase) -> list[ShapeRow]:
    """Return one row per parameter, in the order of `rnn.named_parameters()`."""
    H_cell, H_out = rnn.hidden_size, rnn.proj_size or rnn.hidden_size
    G = _GATES[_kind(rnn)]
    D = 2 if rnn.bidirectional else 1
    # Each weight stacks G blocks of H_cell rows, one per gate.
    cell = "H_cell" if rnn.proj_size else "H_out"
    rows_formula = cell if G == 1 else f"{G} * {cell}"
    rows = []
    for layer in range(rnn.num_layers):
        for suffix in ("", "_reverse")[:D]:
            # Layer 0 reads the input; each layer above reads the output of
            # the layer below, both directions side by side.
            if layer == 0:
                shape_ih, formula_ih = (G * H_cell, rnn.input_size), f"({rows_formula}, H_in)"
            else:
                shape_ih, formula_ih = (G * H_cell, D * H_out), f"({rows_formula}, D * H_out)"
            rows.append(ShapeRow(f"weight_ih_l{layer}{suffix}", shape_ih, formula_ih))
            shape_hh, formula_hh = (G * H_cell, H_out), f"({rows_formula}, H_out)"
            rows.append(ShapeRow(f"weight_hh_l{layer}{suffix}", shape_hh, formula_hh))
            if rnn.bias:
                bias = (G * H_cell,), f"({rows_formula},)"
                rows.append(ShapeRow(f"bias_ih_l{layer}{suffix}", *bias))
                rows.append(ShapeRow(f"bias_hh_l{layer}{suffix}", *bias))
            if rnn.proj_size:
                shape_hr = (H_out, H_cell), "(H_out, H_cell)"
                rows.append(ShapeRow(f"weight_hr_l{layer}{suffix}", *shape_hr))
    return rows
