"""Gradient probes: how far back in time the gradient reaches, and why.

The backward recursion multiplies the gradient by `diag(f'(a_t)) W_hh` once per
step, so what reaches step t from a loss at step L is governed by the powers of
W_hh, and in the long run by its spectral radius. These probes measure it.
"""

from collections.abc import Sequence

import torch
from torch import nn

from ._equations import _ACTIVATIONS, _step_for
from ._layout import _Layout
from ._parameters import _layer_parameters, _nonlinearity
from ._unroll import _unroll_direction
from ._validate import (
    _check_choice,
    _check_input,
    _check_int,
    _check_non_empty,
    _check_nonzero_radius,
    _check_positive,
    _check_rnn,
    _check_single_layer,
    _check_square_matrix,
)

_NONLINEARITIES = tuple(_ACTIVATIONS)  # "tanh", "relu", "identity"


def gradient_norms(
    rnn: nn.RNN,
    input: torch.Tensor,
    hx: torch.Tensor | None = None,
    *,
    nonlinearity: str | None = None,
) -> torch.Tensor:
    """Measure `‖dℓ/dh_t‖` at every step t for a loss on the last step only.

    The loss is `ℓ = h_L.sum()`: it reads nothing but the final hidden state,
    so every gradient at an earlier step got there through the recurrence, and
    the norms show how that signal grows or fades going back in time. The
    forward pass is a scratch loop with the RNN's parameters, differentiated by
    autograd; the norm is taken over the whole `(N, H_out)` gradient.

    See [Vanishing and exploding gradients](gradients.md).

    Args:
        rnn: A single-layer, one-direction `torch.nn.RNN`.
        input: A batch of sequences, or one unbatched sequence.
        hx: The initial hidden state `h_0`; zeros when omitted.
        nonlinearity: `"tanh"`, `"relu"` or `"identity"` to run the loop with
            that function instead of the RNN's own; `"identity"` gives the
            linear RNN that `nn.RNN` has no mode for. None keeps the RNN's.

    Returns:
        The norms as a 1-D tensor: entry `t - 1` is `‖dℓ/dh_t‖`, so the last
        entry is the norm of the gradient that the loss puts on `h_L`.

    Shape:
        - input: `(L, N, H_in)`, `(N, L, H_in)` with `batch_first=True`, or
          `(L, H_in)` unbatched.
        - hx: `(1, N, H_out)`, or `(1, H_out)` unbatched.
        - Returns: `(L,)`.

    Raises:
        TypeError: If `rnn` is not an `nn.RNN`, or `input` is not a tensor.
        ValueError: If `rnn` has more than one layer or direction, a shape or
            dtype does not fit, or `nonlinearity` is not one of the three.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> rnn = nn.RNN(input_size=2, hidden_size=3)
        >>> norms = gradient_norms(rnn, torch.randn(6, 3, 2))  # (L, N, H_in)
        >>> norms.shape
        torch.Size([6])
        >>> norms[-1].item()  # dℓ/dh_L is all ones: sqrt(N * H_out)
        3.0
    """
    caller = "gradient_norms()"
    _check_single_layer(rnn, input, caller)
    _check_input(rnn, input, hx, caller)
    _check_choice(nonlinearity, "nonlinearity", caller, (*_NONLINEARITIES, None))
    if nonlinearity is None:
        nonlinearity = _nonlinearity(rnn)
    layout = _Layout.of(rnn, input)
    input = layout.to_time_major(input)  # (L, N, H_in)
    hx = layout.to_batched(hx)  # (1, N, H_out)
    weights = _layer_parameters(rnn, 0, 0)
    L, N = input.shape[:2]
    h_0 = input.new_zeros(N, rnn.hidden_size) if hx is None else hx[0]  # (N, H_out)
    step = _step_for(rnn, weights, nonlinearity)
    with torch.enable_grad():
        # Start from a leaf that needs grad so every state joins the graph,
        # even when the parameters do not need grad.
        h_0 = h_0.detach().requires_grad_()  # (N, H_out)
        # unroll's own loop: states[t - 1] is h_t.
        states, _ = _unroll_direction(step, weights, input.flatten(0, 1), [N] * L, (h_0,), 0)
        grads = torch.autograd.grad(states[-1].sum(), states)
    return torch.stack([g.norm() for g in grads]).detach()  # (L,)


def spectral_radius(matrix: torch.Tensor) -> float:
    """Return the largest absolute value of the eigenvalues of a square matrix.

    For the linear recurrence `h_t = h_{t-1} W_hh^T`, the gradient k steps back
    is the gradient at the end times `W_hh^k`, and `‖W_hh^k‖^(1/k)` tends to
    the spectral radius as k grows: below 1 the gradient vanishes, above 1 it
    explodes.

    See [Vanishing and exploding gradients](gradients.md).

    Args:
        matrix: A square floating-point matrix, such as `rnn.weight_hh_l0`.

    Returns:
        The spectral radius, `max |λ|` over the eigenvalues λ.

    Shape:
        - matrix: `(H_out, H_out)`.

    Raises:
        TypeError: If `matrix` is not a tensor.
        ValueError: If it is not a square floating-point matrix.

    Examples:
        >>> import torch
        >>> rotate_and_double = torch.tensor([[0.0, 2.0], [-2.0, 0.0]])  # λ = ±2i
        >>> round(spectral_radius(rotate_and_double), 4)
        2.0
    """
    _check_square_matrix(matrix, "spectral_radius()")
    eigenvalues = torch.linalg.eigvals(matrix.detach())  # (H_out,), complex
    return eigenvalues.abs().max().item()


def set_spectral_radius_(rnn: nn.RNN, radius: float) -> nn.RNN:
    """Rescale every `W_hh` of `rnn` in place so its spectral radius is `radius`.

    Scaling a matrix by c scales every eigenvalue by c, so the direction of
    `W_hh` stays the same and only its gain over time changes: the same
    network, made to forget faster or slower.

    See [Vanishing and exploding gradients](gradients.md).

    Args:
        rnn: The `torch.nn.RNN` to change.
        radius: The spectral radius wanted, a positive number.

    Returns:
        `rnn` itself, for chaining.

    Raises:
        TypeError: If `rnn` is not an `nn.RNN` or `radius` is not a number.
        ValueError: If `radius` is not a finite positive number, or a `W_hh`
            has spectral radius 0 (all its eigenvalues are zero), which no
            scaling can change.

    Examples:
        >>> from torch import nn
        >>> rnn = set_spectral_radius_(nn.RNN(2, 8), 1.5)
        >>> round(spectral_radius(rnn.weight_hh_l0), 4)
        1.5
    """
    caller = "set_spectral_radius_()"
    _check_rnn(rnn, caller)
    radius = _check_positive(radius, "radius", caller)
    for name, weight in rnn.named_parameters():
        if not name.startswith("weight_hh"):
            continue
        current = spectral_radius(weight)
        _check_nonzero_radius(current, name, caller)
        with torch.no_grad():
            weight.mul_(radius / current)
    return rnn


def gradient_norms_by_radius(
    radii: Sequence[float],
    nonlinearity: str,
    *,
    length: int = 30,
    input_size: int = 4,
    hidden_size: int = 32,
    batch_size: int = 8,
    seed: int = 0,
) -> torch.Tensor:
    """Measure how the gradient fades or grows back in time, for each radius.

    One seeded float64 `nn.RNN` and one seeded batch of standard normal inputs;
    for each radius, `W_hh` is rescaled to that spectral radius (the same
    matrix, only its scale changes) and `gradient_norms` is measured with the
    loss on the last step. Each row is divided by its last entry, so it reads
    as a ratio: entry `t - 1` is `‖dℓ/dh_t‖ / ‖dℓ/dh_L‖`, 1 at the last step.

    See [Vanishing and exploding gradients](gradients.md).

    Args:
        radii: The spectral radii of `W_hh` to try.
        nonlinearity: `"tanh"`, `"relu"` or `"identity"` (a linear RNN).
        length: `L`, the number of time steps.
        input_size: `H_in`.
        hidden_size: `H_out`.
        batch_size: `N`.
        seed: Seeds the parameters and the inputs.

    Returns:
        The ratios, one row per radius, one column per time step.

    Shape:
        - Returns: `(len(radii), L)`.

    Raises:
        TypeError: If a size or the seed is not an int.
        ValueError: If a size is smaller than 1, `radii` is empty or holds a
            radius that is not a finite positive number, or `nonlinearity` is
            not one of the three.

    Examples:
        >>> ratios = gradient_norms_by_radius([0.5, 1.5], "identity", length=10)
        >>> ratios.shape
        torch.Size([2, 10])
        >>> bool(ratios[0, 0] < 1e-2 and ratios[1, 0] > 1e1)  # 0.5**9, 1.5**9
        True
    """
    caller = "gradient_norms_by_radius()"
    L = _check_int(length, "length", caller, minimum=1)
    H_in = _check_int(input_size, "input_size", caller, minimum=1)
    H_out = _check_int(hidden_size, "hidden_size", caller, minimum=1)
    N = _check_int(batch_size, "batch_size", caller, minimum=1)
    seed = _check_int(seed, "seed", caller, minimum=0)
    _check_choice(nonlinearity, "nonlinearity", caller, _NONLINEARITIES)
    radii = list(radii)
    _check_non_empty(radii, "radius", caller)
    # nn.RNN draws its weights from the global generator; a local generator
    # would leave the caller's random stream untouched, so fork it.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        # Draw in float32 whatever the default dtype, so the numbers never change.
        rnn = nn.RNN(H_in, H_out, dtype=torch.float32).double()
        input = torch.randn(L, N, H_in, dtype=torch.float64)  # (L, N, H_in)
    rows = []
    for radius in radii:
        set_spectral_radius_(rnn, radius)
        norms = gradient_norms(rnn, input, nonlinearity=nonlinearity)  # (L,)
        rows.append(norms / norms[-1])
    return torch.stack(rows)  # (len(radii), L)
