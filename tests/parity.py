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
