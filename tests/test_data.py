"""The data helpers are seeded, shaped as documented, and leave global RNG alone."""

import math

import pytest
import torch
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from torch.testing import assert_close

from rnn_guide import padded_batch, random_lengths, sine_windows


def test_sine_windows_many_to_one_shapes():
    inputs, targets = sine_windows(8, 12)
    assert inputs.shape == (8, 12, 1) and targets.shape == (8, 1)
    assert inputs.dtype == targets.dtype == torch.float32


def test_sine_windows_many_to_one_target_is_the_value_after_the_window():
    inputs, targets = sine_windows(8, 12, target="next", seed=3)
    longer, _ = sine_windows(8, 13, target="next", seed=3)
    assert_close(targets, longer[:, 12])


def test_sine_windows_many_to_many_target_is_every_next_value():
    inputs, targets = sine_windows(8, 12, target="sequence", seed=3)
    _, next_value = sine_windows(8, 12, target="next", seed=3)
    assert targets.shape == (8, 12, 1)
    assert torch.equal(targets[:, :-1], inputs[:, 1:])
    assert torch.equal(targets[:, -1], next_value)


def test_sine_windows_sample_a_sine_with_a_period_of_20_steps():
    inputs, _ = sine_windows(4, 30, dtype=torch.float64)
    x = inputs[:, :, 0]  # (N, L)
    # Five steps are a quarter period: x_0 = sin(phase) and x_5 = cos(phase).
    phase = torch.atan2(x[:, 0], x[:, 5])  # (N,)
    t = torch.arange(30, dtype=torch.float64)  # (L,)
    assert_close(x, torch.sin(phase[:, None] + 2 * math.pi * t / 20))


def test_sine_windows_are_deterministic_per_seed():
    first, second = sine_windows(5, 7, seed=1), sine_windows(5, 7, seed=1)
    assert torch.equal(first[0], second[0]) and torch.equal(first[1], second[1])
    assert not torch.equal(first[0], sine_windows(5, 7, seed=2)[0])


def test_sine_windows_noise_keeps_the_phases():
    clean, _ = sine_windows(64, 10, seed=1, dtype=torch.float64)
    noisy, _ = sine_windows(64, 10, seed=1, noise=0.1, dtype=torch.float64)
    difference = noisy - clean
    assert 0.05 < difference.std() < 0.15
    assert difference.abs().max() < 1


def test_sine_windows_float32_and_float64_differ_only_by_rounding():
    single, _ = sine_windows(4, 6, seed=5, noise=0.2)
    double, _ = sine_windows(4, 6, seed=5, noise=0.2, dtype=torch.float64)
    assert double.dtype == torch.float64
    assert torch.equal(single, double.float())


def test_padded_batch_zeros_every_step_after_a_sequence_length():
    lengths = [3, 1, 4, 2]
    padded, lengths_tensor = padded_batch(lengths, input_size=5, seed=2)
    assert padded.shape == (4, 4, 5)  # (L_max, N, H_in)
    assert lengths_tensor.dtype == torch.int64 and lengths_tensor.tolist() == lengths
    for i, length in enumerate(lengths):
        assert (padded[length:, i] == 0).all()
        assert (padded[:length, i] != 0).all()


def test_padded_batch_batch_first_is_the_transpose():
    padded, _ = padded_batch([3, 1, 2], 4, seed=2)
    batch_first, _ = padded_batch([3, 1, 2], 4, seed=2, batch_first=True)
    assert batch_first.shape == (3, 3, 4)  # (N, L_max, H_in)
    assert torch.equal(batch_first, padded.transpose(0, 1))


def test_padded_batch_accepts_a_lengths_tensor_and_a_dtype():
    padded, lengths = padded_batch(torch.tensor([2, 5]), 3, dtype=torch.float64)
    assert padded.dtype == torch.float64 and padded.shape == (5, 2, 3)
    assert lengths.tolist() == [2, 5]


def test_padded_batch_round_trips_through_packing():
    padded, lengths = padded_batch([2, 5, 1, 4], 3, seed=7)
    packed = pack_padded_sequence(padded, lengths, enforce_sorted=False)
    assert packed.data.shape == (2 + 5 + 1 + 4, 3)
    unpacked, unpacked_lengths = pad_packed_sequence(packed)
    assert torch.equal(unpacked, padded)
    assert torch.equal(unpacked_lengths, lengths)


def test_padded_batch_is_deterministic_per_seed():
    assert torch.equal(padded_batch([2, 3], 2, seed=1)[0], padded_batch([2, 3], 2, seed=1)[0])
    assert not torch.equal(padded_batch([2, 3], 2, seed=1)[0], padded_batch([2, 3], 2)[0])


def test_random_lengths_stay_within_both_inclusive_bounds():
    lengths = random_lengths(500, 2, 6, seed=4)
    assert isinstance(lengths, list) and all(type(n) is int for n in lengths)
    assert set(lengths) == {2, 3, 4, 5, 6}


def test_random_lengths_are_deterministic_per_seed():
    assert random_lengths(10, 1, 9, seed=3) == random_lengths(10, 1, 9, seed=3)
    assert random_lengths(10, 1, 9, seed=3) != random_lengths(10, 1, 9, seed=4)
    assert random_lengths(3, 4, 4) == [4, 4, 4]


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: sine_windows(3, 4, noise=0.1), id="sine_windows"),
        pytest.param(lambda: padded_batch([3, 1], 2), id="padded_batch"),
        pytest.param(lambda: random_lengths(3, 1, 5), id="random_lengths"),
    ],
)
def test_data_helpers_leave_the_global_rng_untouched(call):
    torch.manual_seed(0)
    state = torch.get_rng_state()
    call()
    assert torch.equal(torch.get_rng_state(), state)
