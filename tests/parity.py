"""What "matches torch" means in the parity tests, written once."""

import torch
from torch.testing import assert_close


def assert_same_gradients(grads: dict, expected: dict) -> None:
    """Every gradient (input, hx, each parameter) is present where torch's is, and equal."""
    assert grads.keys() == expected.keys()
    for name, grad in grads.items():
        assert (grad is None) == (expected[name] is None), name
        if grad is not None:
            assert_close(grad, expected[name], msg=lambda m, n=name: f"{n}: {m}")


def run_with_gradients(forward, module, leaf, build_input, hx, seed=0):
    """Run `forward(build_input(leaf), hx)`, backpropagate a fixed loss, keep every gradient.

    The loss weighs every element of the output and of each final state (h_n,
    and c_n for an LSTM) by a fixed random coefficient, so each one matters.
    Returns the output (a PackedSequence's rows), the final states as a
    tuple, and a dict of gradients: "input", then "hx" (or "h_0" and "c_0"
    for an LSTM's pair), then every parameter by name.
    """
    leaf = leaf.detach().clone().requires_grad_()
    paired = isinstance(hx, tuple)
    if hx is not None:
        hx = (
            tuple(h.detach().clone().requires_grad_() for h in hx)
            if paired
            else (hx.detach().clone().requires_grad_())
        )
    module.zero_grad(set_to_none=True)
    output, h_n = forward(build_input(leaf), hx)
    output = getattr(output, "data", output)  # a PackedSequence's rows
    states = h_n if isinstance(h_n, tuple) else (h_n,)
    generator = torch.Generator().manual_seed(seed)
    loss = 0
    for tensor in (output, *states):
        weight = torch.randn(tensor.shape, generator=generator, dtype=tensor.dtype)
        loss = loss + (tensor * weight).sum()
    loss.backward()
    grads = {"input": leaf.grad}
    if paired:
        grads |= {"h_0": hx[0].grad, "c_0": hx[1].grad}
    else:
        grads["hx"] = None if hx is None else hx.grad
    grads |= {name: param.grad for name, param in module.named_parameters()}
    return output.detach(), tuple(state.detach() for state in states), grads


def assert_matches(actual, expected) -> None:
    """Two `run_with_gradients` results agree: output, every final state, every gradient."""
    output, states, grads = actual
    expected_output, expected_states, expected_grads = expected
    assert_close(output, expected_output)
    assert len(states) == len(expected_states)
    for state, expected_state in zip(states, expected_states, strict=True):
        assert_close(state, expected_state)
    assert_same_gradients(grads, expected_grads)


def module_rows(module, input, hx=None) -> list[tuple[str, tuple[int, ...]]]:
    """The (name, shape) of every tensor in one call `module(input, hx)`, in the
    order explain_shapes lists them, read off the real tensors."""
    output, state = module(input, hx)
    if hasattr(input, "batch_sizes"):  # a PackedSequence: its rows
        input, output = input.data, output.data
    states = state if isinstance(state, tuple) else (state,)
    names = ("h", "c")[: len(states)]
    # h_0 (and c_0) as given; when omitted, the shape of the final state.
    initial = states if hx is None else hx if isinstance(hx, tuple) else (hx,)
    return [
        *((name, tuple(param.shape)) for name, param in module.named_parameters()),
        ("input", tuple(input.shape)),
        *((f"{n}_0", tuple(s.shape)) for n, s in zip(names, initial, strict=True)),
        ("output", tuple(output.shape)),
        *((f"{n}_n", tuple(s.shape)) for n, s in zip(names, states, strict=True)),
    ]


def copy_cell_into(target, cell, suffix="") -> None:
    """Copy a cell's ih, hh (and hr) into torch's `weight_ih{suffix}` and the rest."""
    with torch.no_grad():
        getattr(target, f"weight_ih{suffix}").copy_(cell.ih.weight)
        getattr(target, f"weight_hh{suffix}").copy_(cell.hh.weight)
        if getattr(cell, "hr", None) is not None:
            getattr(target, f"weight_hr{suffix}").copy_(cell.hr.weight)
        if cell.ih.bias is not None:
            getattr(target, f"bias_ih{suffix}").copy_(cell.ih.bias)
            getattr(target, f"bias_hh{suffix}").copy_(cell.hh.bias)


def rebuild_from_cells(cell_of, input, initial, num_layers, D=2):
    """Step `cell_of(layer, direction)` through a time-major `input` as the module
    does: each layer reads the layer below, backward directions from the end.

    `initial[D * layer + direction]` is the state that cell starts from. Returns
    the top layer's output `(L, N, D * H_out)` and each cell's final state, in
    the order of hx.
    """
    L, layer_input, finals = input.shape[0], input, []
    for layer in range(num_layers):
        directions = []
        for direction, steps in enumerate([range(L), reversed(range(L))][:D]):
            cell = cell_of(layer, direction)
            state, outputs = initial[D * layer + direction], [None] * L
            for t in steps:
                state = cell(layer_input[t], state)
                outputs[t] = state[0] if isinstance(state, tuple) else state  # h_t
            finals.append(state)
            directions.append(torch.stack(outputs))  # (L, N, H_out)
        layer_input = torch.cat(directions, dim=2)  # (L, N, D * H_out)
    return layer_input, finals
