"""Backpropagation through time by hand: the backward recursion, without autograd."""

import torch
from torch import nn

from ._equations import _step_for
from ._layout import _Layout
from ._parameters import _layer_parameters, _nonlinearity
from ._unroll import _unroll_direction
from ._validate import _check_grads, _check_input, _check_single_layer

_CALLER = "bptt()"


def bptt(
    rnn: nn.RNN,
    input: torch.Tensor,
    hx: torch.Tensor | None = None,
    grad_output: torch.Tensor | None = None,
    grad_h_n: torch.Tensor | None = None,
) -> dict[str, torch.Tensor]:
    """Backpropagate through time by hand, from the recursion for `dℓ/dh_t`.

    The loss is the sum of two optional terms,

        ℓ = (output * grad_output).sum() + (h_n * grad_h_n).sum(),

    so `grad_output` and `grad_h_n` are the gradients that arrive at the
    layer's outputs from whatever sits above it (a head and a loss). A term
    whose gradient is None is absent: pass `grad_output` alone for a loss on
    every step, `grad_h_n` alone for a loss on the final hidden state.

    The forward pass runs under `torch.no_grad` and stores every hidden state;
    the backward pass walks from step L down to step 1,

        δ_L = e_L + grad_h_n,   g_t = δ_t ⊙ f'(a_t),   δ_{t-1} = e_{t-1} + g_t W_hh,

    where `e_t` is `grad_output` at step t, `a_t` is the pre-activation and
    `f'(a_t)` is `1 - h_t²` for tanh or `1[h_t > 0]` for relu. Each weight's
    gradient is a sum over time of `g_t` against what the weight multiplied.
    No autograd is involved, yet the result equals `torch.autograd.grad`.

    See [Backpropagation through time](bptt.md).

    Args:
        rnn: A single-layer, one-direction `torch.nn.RNN`, tanh or relu, with
            or without bias, either layout.
        input: A batch of sequences, or one unbatched sequence.
        hx: The initial hidden state `h_0`; zeros when omitted.
        grad_output: `dℓ/d output`; None leaves that term out of the loss.
        grad_h_n: `dℓ/d h_n`; None leaves that term out of the loss.

    Returns:
        A dict from name to gradient: one entry per parameter, keyed by its name
        in `rnn.named_parameters()` (`weight_ih_l0`, `weight_hh_l0`, and with
        bias `bias_ih_l0`, `bias_hh_l0`), then `"input"` and `"hx"`. Each has
        the shape of the tensor it is the gradient of; `"hx"` is there even
        when `hx` was omitted (the gradient with respect to the zeros used).

    Shape:
        - input: `(L, N, H_in)`, `(N, L, H_in)` with `batch_first=True`, or
          `(L, H_in)` unbatched.
        - hx: `(1, N, H_out)`, or `(1, H_out)` unbatched.
        - grad_output: the shape of `output`: `(L, N, H_out)`,
          `(N, L, H_out)` with `batch_first=True`, or `(L, H_out)` unbatched.
        - grad_h_n: the shape of `h_n`, which is that of `hx`.

    Raises:
        TypeError: If `rnn` is not an `nn.RNN` (an `nn.LSTM` or `nn.GRU`, say),
            `input` is a `PackedSequence` or not a tensor, or a gradient is
            neither a tensor nor None.
        ValueError: If `rnn` has `num_layers > 1` or is bidirectional, both
            gradients are None, or a shape or dtype does not fit.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> rnn = nn.RNN(input_size=2, hidden_size=3).double()
        >>> input = torch.randn(4, 5, 2, dtype=torch.float64)  # (L, N, H_in)
        >>> grad_h_n = torch.ones(1, 5, 3, dtype=torch.float64)  # (1, N, H_out)
        >>> grads = bptt(rnn, input, grad_h_n=grad_h_n)
        >>> list(grads)
        ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0', 'input', 'hx']
        >>> _, h_n = rnn(input)
        >>> expected = torch.autograd.grad(h_n.sum(), rnn.weight_hh_l0)[0]
        >>> torch.testing.assert_close(grads["weight_hh_l0"], expected)
    """
    _check_single_layer(rnn, input, _CALLER)
    _check_input(rnn, input, hx, _CALLER)
    _check_grads(rnn, input, grad_output, grad_h_n, _CALLER)
    # Work time-major with a batch dimension: (L, N, ...) throughout.
    layout = _Layout.of(rnn, input)
    with torch.no_grad():
        grads = _backward_time_major(
            rnn,
            layout.to_time_major(input),  # (L, N, H_in)
            layout.to_batched(hx),  # (1, N, H_out)
            layout.to_time_major(grad_output),  # (L, N, H_out)
            layout.to_batched(grad_h_n),  # (1, N, H_out)
        )
    grads["input"] = layout.from_time_major(grads["input"])  # the shape of input
    grads["hx"] = layout.from_batched(grads["hx"])  # the shape of hx
    return grads


def _backward_time_major(
    rnn: nn.RNN,
    input: torch.Tensor,
    hx: torch.Tensor | None,
    grad_output: torch.Tensor | None,
    grad_h_n: torch.Tensor | None,
) -> dict[str, torch.Tensor]:
    """Run the forward loop, then the backward loop, on `(L, N, H_in)` input."""
    weights = _layer_parameters(rnn, 0, 0)
    weight_ih, weight_hh = weights.weight_ih, weights.weight_hh
    L, N, _ = input.shape
    H_out = rnn.hidden_size

    # Forward, unroll's own loop: states[t] is h_t, so states[0] is h_0 and
    # states[L] is h_L.
    h_0 = input.new_zeros(N, H_out) if hx is None else hx[0]  # (N, H_out)
    step = _step_for(rnn, weights)
    outputs, _ = _unroll_direction(step, weights, input.flatten(0, 1), [N] * L, (h_0,), 0)
    states = [h_0, *outputs]

    # Backward: delta is dℓ/dh_t, everything that reaches h_t from later on.
    grad_weight_ih = torch.zeros_like(weight_ih)  # (H_out, H_in)
    grad_weight_hh = torch.zeros_like(weight_hh)  # (H_out, H_out)
    grad_bias = input.new_zeros(H_out)  # (H_out,)
    grad_input = torch.zeros_like(input)  # (L, N, H_in)
    delta = input.new_zeros(N, H_out) if grad_h_n is None else grad_h_n[0].clone()
    for t in range(L, 0, -1):
        if grad_output is not None:
            delta = delta + grad_output[t - 1]  # (N, H_out): e_t, from output[t - 1]
        g_t = delta * _derivative(rnn, states[t])  # (N, H_out): dℓ/da_t
        # a_t = x_t W_ih^T + h_{t-1} W_hh^T + b: each term's share of g_t.
        grad_weight_ih += g_t.T @ input[t - 1]  # (H_out, H_in)
        grad_weight_hh += g_t.T @ states[t - 1]  # (H_out, H_out)
        grad_bias += g_t.sum(dim=0)  # (H_out,)
        grad_input[t - 1] = g_t @ weight_ih  # (N, H_in)
        delta = g_t @ weight_hh  # (N, H_out): dℓ/dh_{t-1} through the recurrence

    grads = {"weight_ih_l0": grad_weight_ih, "weight_hh_l0": grad_weight_hh}
    if rnn.bias:
        # b_ih and b_hh are added side by side, so they get the same gradient.
        grads["bias_ih_l0"] = grad_bias
        grads["bias_hh_l0"] = grad_bias.clone()
    grads["input"] = grad_input
    grads["hx"] = delta.unsqueeze(0)  # (1, N, H_out): dℓ/dh_0
    return grads


def _derivative(rnn: nn.RNN, h_t: torch.Tensor) -> torch.Tensor:
    """Return f'(a_t) from the output h_t = f(a_t): 1 - h_t² or 1[h_t > 0]."""
    if _nonlinearity(rnn) == "tanh":
        return 1 - h_t * h_t  # (N, H_out)
    # relu's output is positive exactly where its input is; autograd agrees.
    return (h_t > 0).to(h_t.dtype)  # (N, H_out)
