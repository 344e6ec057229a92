"""Small, seeded data sets for the chapters: sine windows and padded batches.

Every function draws from its own `torch.Generator` seeded with `seed`, so the
same call returns the same tensors and never disturbs the global random state.
Values are drawn in float64 and then converted, so a float32 batch and a
float64 batch with the same seed hold the same numbers up to rounding.
"""

import math
from collections.abc import Sequence

import torch

from ._validate import (
    _check_bool,
    _check_choice,
    _check_float_dtype,
    _check_int,
    _check_lengths,
    _check_non_negative,
)

_PERIOD = 20  # time steps per full cycle of the sine wave


def sine_windows(
    num_windows: int,
    window: int,
    *,
    target: str = "next",
    seed: int = 0,
    noise: float = 0.0,
    dtype: torch.dtype = torch.float32,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Cut windows from a sine wave, to teach an RNN to predict the next value.

    Window `i` samples `x_t = sin(phase_i + 2 * pi * t / 20)` at steps
    `t = 0, 1, ..., window`: one full cycle every 20 steps, starting at a
    phase drawn uniformly from `[0, 2 * pi)`. With `noise > 0`, Gaussian noise
    of that standard deviation is added to every sample, inputs and targets
    alike, so a target is always the next observed input.

    See [Models with a head](models.md).

    Args:
        num_windows: `N`, the number of windows.
        window: `L`, the number of steps the RNN reads.
        target: `"next"` for one target per window, the value after its last
            step (many-to-one); `"sequence"` for a target at every step, the
            value one step later (many-to-many).
        seed: Seeds the phases and the noise.
        noise: The standard deviation of the noise, 0 for a clean wave.
        dtype: A floating-point dtype for both tensors.

    Returns:
        `(inputs, targets)`, batch-first. With `target="sequence"`,
        `targets[:, :-1]` equals `inputs[:, 1:]`.

    Shape:
        - inputs: `(N, L, 1)`.
        - targets: `(N, 1)` for `target="next"`, `(N, L, 1)` for
          `target="sequence"`.

    Raises:
        TypeError: If a count or the seed is not an int, `noise` is not a
            number, or `dtype` is not a torch.dtype.
        ValueError: If a count is smaller than 1, the seed is negative,
            `target` is unknown, `noise` is negative or not finite, or `dtype`
            is not floating-point.

    Examples:
        >>> import torch
        >>> inputs, targets = sine_windows(8, 12)
        >>> inputs.shape, targets.shape
        (torch.Size([8, 12, 1]), torch.Size([8, 1]))
        >>> inputs, targets = sine_windows(8, 12, target="sequence")
        >>> torch.equal(targets[:, :-1], inputs[:, 1:])
        True
    """
    caller = "sine_windows()"
    N = _check_int(num_windows, "num_windows", caller, minimum=1)
    L = _check_int(window, "window", caller, minimum=1)
    _check_choice(target, "target", caller, ("next", "sequence"))
    generator = _generator(seed, caller)
    noise = _check_non_negative(noise, "noise", caller)
    dtype = _check_float_dtype(dtype, caller)
    uniform = torch.rand(N, 1, generator=generator, dtype=torch.float64)  # (N, 1)
    phase = 2 * math.pi * uniform  # (N, 1)
    t = torch.arange(L + 1, dtype=torch.float64)  # (L + 1,)
    wave = torch.sin(phase + 2 * math.pi * t / _PERIOD)  # (N, L + 1)
    if noise > 0:
        # Drawn after the phases, so adding noise keeps the same phases.
        standard_normal = torch.randn(N, L + 1, generator=generator, dtype=torch.float64)
        wave = wave + noise * standard_normal  # (N, L + 1)
    wave = wave.to(dtype).unsqueeze(-1)  # (N, L + 1, 1)
    inputs = wave[:, :L].clone()  # (N, L, 1)
    if target == "next":
        targets = wave[:, L].clone()  # (N, 1)
    else:
        targets = wave[:, 1:].clone()  # (N, L, 1)
    return inputs, targets


def padded_batch(
    lengths: Sequence[int] | torch.Tensor,
    input_size: int,
    *,
    seed: int = 0,
    batch_first: bool = False,
    dtype: torch.dtype = torch.float32,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Build a zero-padded batch of random sequences with the given lengths.

    Sequence `i` holds standard normal values for its first `lengths[i]` steps
    and zeros after them, the padding that `pack_padded_sequence` skips.

    See [Padding and packing](padding.md).

    Args:
        lengths: The length of each sequence, in batch order, each at least 1.
            A list, a tuple or a 1-D integer tensor.
        input_size: `H_in`, the width of each step's vector.
        seed: Seeds the values.
        batch_first: Whether to put the batch dimension first.
        dtype: A floating-point dtype for `padded`.

    Returns:
        `(padded, lengths)`: the batch, and the lengths as an int64 CPU tensor,
        the form `pack_padded_sequence` takes.

    Shape:
        - padded: `(L_max, N, H_in)`, or `(N, L_max, H_in)` with
          `batch_first=True`, where `L_max = max(lengths)`.
        - lengths: `(N,)`.

    Raises:
        TypeError: If `lengths` is not a sequence of ints, or another argument
            has the wrong type.
        ValueError: If `lengths` is empty, a length or `input_size` is smaller
            than 1, the seed is negative, or `dtype` is not floating-point.

    Examples:
        >>> padded, lengths = padded_batch([3, 1, 2], input_size=4)
        >>> padded.shape, lengths
        (torch.Size([3, 3, 4]), tensor([3, 1, 2]))
        >>> bool((padded[1:, 1] == 0).all())  # sequence 1 ends after one step
        True
    """
    caller = "padded_batch()"
    lengths = _check_lengths(lengths, caller)
    H_in = _check_int(input_size, "input_size", caller, minimum=1)
    generator = _generator(seed, caller)
    batch_first = _check_bool(batch_first, "batch_first", caller)
    dtype = _check_float_dtype(dtype, caller)
    N, L_max = len(lengths), max(lengths)
    values = torch.randn(L_max, N, H_in, generator=generator, dtype=torch.float64)
    lengths_tensor = torch.tensor(lengths, dtype=torch.int64)  # (N,)
    # Step t of sequence i is data while t < lengths[i], and padding after.
    is_data = torch.arange(L_max)[:, None] < lengths_tensor[None, :]  # (L_max, N)
    padded = torch.where(is_data[:, :, None], values, 0.0).to(dtype)  # (L_max, N, H_in)
    if batch_first:
        padded = padded.transpose(0, 1).contiguous()  # (N, L_max, H_in)
    return padded, lengths_tensor


def random_lengths(
    batch_size: int, min_length: int, max_length: int, *, seed: int = 0
) -> list[int]:
    """Draw `batch_size` sequence lengths uniformly from `min_length..max_length`.

    Both ends are included. The lengths come in random order, not sorted,
    which is what `pack_padded_sequence(..., enforce_sorted=False)` handles.

    See [Padding and packing](padding.md).

    Args:
        batch_size: `N`, how many lengths to draw.
        min_length: The shortest allowed length, at least 1.
        max_length: The longest allowed length, at least `min_length`.
        seed: Seeds the draw.

    Returns:
        A list of `batch_size` ints.

    Raises:
        TypeError: If an argument is not an int.
        ValueError: If `batch_size` or `min_length` is smaller than 1,
            `max_length` is smaller than `min_length`, or the seed is negative.

    Examples:
        >>> lengths = random_lengths(6, 2, 9, seed=1)
        >>> len(lengths), all(2 <= length <= 9 for length in lengths)
        (6, True)
    """
    caller = "random_lengths()"
    N = _check_int(batch_size, "batch_size", caller, minimum=1)
    low = _check_int(min_length, "min_length", caller, minimum=1)
    high = _check_int(max_length, "max_length", caller, minimum=low)
    generator = _generator(seed, caller)
    return torch.randint(low, high + 1, (N,), generator=generator).tolist()


def _generator(seed: object, caller: str) -> torch.Generator:
    """Return a fresh CPU generator, so the global random state stays untouched."""
    seed = _check_int(seed, "seed", caller, minimum=0)
    return torch.Generator().manual_seed(seed)
