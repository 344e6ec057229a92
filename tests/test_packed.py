"""unroll() recomputes nn.RNN on PackedSequence input, sorted or not."""

import pytest
import torch
from configs import RNN_CONFIGS, make_module
from parity import assert_same_gradients
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pack_sequence, pad_packed_sequence
from torch.testing import assert_close

from rnn_guide import padded_batch, random_lengths, unroll

N, H_in, H_out = 6, 3, 5

CONFIGS = RNN_CONFIGS


def make_rnn(config: dict, dtype: torch.dtype = torch.float64) -> nn.RNN:
    return make_module(nn.RNN, config, H_in, H_out, dtype)


def make_batch(rnn: nn.RNN, seed: int = 1):
    """Return a padded batch of random lengths in random order, its lengths and hx."""
    dtype = rnn.weight_ih_l0.dtype
    lengths = random_lengths(N, 1, 7, seed=seed)
    padded, lengths = padded_batch(
        lengths, H_in, seed=seed, batch_first=rnn.batch_first, dtype=dtype
    )
    D = 2 if rnn.bidirectional else 1
    generator = torch.Generator().manual_seed(seed)
    hx = torch.randn(D * rnn.num_layers, N, H_out, generator=generator, dtype=dtype)
    return padded, lengths, hx


def run_with_gradients(forward, rnn, padded, lengths, hx, enforce_sorted):
    """Pack `padded`, run `forward`, backpropagate a fixed loss, keep every gradient."""
    padded = padded.detach().clone().requires_grad_()
    hx = None if hx is None else hx.detach().clone().requires_grad_()
    if enforce_sorted:
        # enforce_sorted=True needs the batch sorted longest first: sort it here.
        lengths, order = lengths.sort(descending=True)
        batch_dim = 0 if rnn.batch_first else 1
        input = pack_padded_sequence(
            padded.index_select(batch_dim, order), lengths, rnn.batch_first
        )
        hx = None if hx is None else hx.detach()[:, order].requires_grad_()
    else:
        input = pack_padded_sequence(padded, lengths, rnn.batch_first, enforce_sorted=False)
    rnn.zero_grad(set_to_none=True)
    output, h_n = forward(rnn, input, hx)
    generator = torch.Generator().manual_seed(2)
    weight_output = torch.randn(output.data.shape, generator=generator, dtype=h_n.dtype)
    weight_h_n = torch.randn(h_n.shape, generator=generator, dtype=h_n.dtype)
    ((output.data * weight_output).sum() + (h_n * weight_h_n).sum()).backward()
    grads = {"input": padded.grad, "hx": None if hx is None else hx.grad}
    grads |= {name: param.grad for name, param in rnn.named_parameters()}
    return output, h_n.detach(), grads


def assert_matches_torch(rnn, padded, lengths, hx, enforce_sorted):
    args = (rnn, padded, lengths, hx, enforce_sorted)
    output, h_n, grads = run_with_gradients(unroll, *args)
    expected_output, expected_h_n, expected_grads = run_with_gradients(
        lambda rnn, x, h: rnn(x, h), *args
    )
    assert isinstance(output, type(expected_output))
    assert_close(output.data, expected_output.data)
    assert torch.equal(output.batch_sizes, expected_output.batch_sizes)
    for name in ("sorted_indices", "unsorted_indices"):
        indices, expected_indices = getattr(output, name), getattr(expected_output, name)
        assert (indices is None) == (expected_indices is None), name
        assert indices is None or torch.equal(indices, expected_indices), name
    assert_close(h_n, expected_h_n)
    assert_same_gradients(grads, expected_grads)


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("enforce_sorted", [False, True], ids=["any-order", "enforce-sorted"])
@pytest.mark.parametrize("hx_given", [True, False], ids=["hx-given", "hx-omitted"])
def test_unroll_matches_torch_packed(config, enforce_sorted, hx_given):
    rnn = make_rnn(config)
    padded, lengths, hx = make_batch(rnn)
    assert_matches_torch(rnn, padded, lengths, hx if hx_given else None, enforce_sorted)


@pytest.mark.parametrize("config", CONFIGS)
def test_unroll_matches_torch_packed_in_float32(config):
    rnn = make_rnn(config, torch.float32)
    padded, lengths, hx = make_batch(rnn, seed=3)
    assert_matches_torch(rnn, padded, lengths, hx, enforce_sorted=False)


def test_unroll_matches_torch_packed_in_float32_for_long_sequences_and_wide_layers():
    torch.manual_seed(0)
    rnn = nn.RNN(H_in, 32, bidirectional=True).eval()
    padded, lengths = padded_batch(random_lengths(16, 20, 40, seed=5), H_in, seed=5)
    assert_matches_torch(rnn, padded, lengths, None, enforce_sorted=False)


def test_unroll_matches_torch_packed_bidirectional_over_many_length_draws():
    rnn = make_rnn({"num_layers": 2, "bidirectional": True})
    for seed in range(10):
        padded, lengths, hx = make_batch(rnn, seed=seed)
        assert_matches_torch(rnn, padded, lengths, hx, enforce_sorted=False)


def test_unroll_packed_h_n_is_the_state_at_each_sequence_last_step():
    rnn = make_rnn({"bidirectional": True})
    padded, lengths, hx = make_batch(rnn)
    input = pack_padded_sequence(padded, lengths, enforce_sorted=False)
    output, h_n = unroll(rnn, input, hx)
    output, output_lengths = pad_packed_sequence(output)  # (L_max, N, 2 * H_out)
    assert torch.equal(output_lengths, lengths)
    for i, length in enumerate(lengths.tolist()):
        # Forward ends at the sequence's own last step, not at the padded end.
        assert torch.equal(h_n[0, i], output[length - 1, i, :H_out])
        # Backward starts at that step and ends at step 0.
        assert torch.equal(h_n[1, i], output[0, i, H_out:])


def test_unroll_packed_equals_unroll_padded_when_all_lengths_are_equal():
    rnn = make_rnn({"num_layers": 2, "bidirectional": True})
    padded, lengths, hx = make_batch(rnn)
    # Call the first 3 steps of every sequence data, zeros included.
    padded = padded[:3].clone()  # (3, N, H_in)
    lengths = torch.full((N,), 3)
    output, h_n = unroll(rnn, pack_padded_sequence(padded, lengths), hx)
    dense_output, dense_h_n = unroll(rnn, padded, hx)
    assert_close(pad_packed_sequence(output)[0], dense_output)
    assert_close(h_n, dense_h_n)


def test_unroll_matches_torch_on_pack_sequence_of_a_list():
    rnn = make_rnn({"num_layers": 2})
    generator = torch.Generator().manual_seed(4)
    sequences = [
        torch.randn(length, H_in, generator=generator, dtype=torch.float64)
        for length in (2, 5, 1, 4)
    ]
    input = pack_sequence(sequences, enforce_sorted=False)
    output, h_n = unroll(rnn, input)
    expected_output, expected_h_n = rnn(input)
    assert_close(output.data, expected_output.data)
    assert_close(h_n, expected_h_n)
    # One sequence alone gives the same final state as inside the batch.
    _, alone_h_n = unroll(rnn, sequences[1])  # unbatched (5, H_in)
    assert_close(h_n[:, 1], alone_h_n)
