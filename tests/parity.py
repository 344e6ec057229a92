"""What "matches nn.RNN" means in the parity tests, written once."""

from torch.testing import assert_close


def assert_same_gradients(grads: dict, expected: dict) -> None:
    """Every gradient (input, hx, each parameter) is present where torch's is, and equal."""
    assert grads.keys() == expected.keys()
    for name, grad in grads.items():
        assert (grad is None) == (expected[name] is None), name
        if grad is not None:
            assert_close(grad, expected[name], msg=lambda m, n=name: f"{n}: {m}")
