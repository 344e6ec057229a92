"""bridge_state() joins an encoder's final state the way the chapter says, and refuses the rest."""

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
from torch.testing import assert_close

from rnn_guide import bridge_state

L, N, H_in, H_out = 6, 4, 3, 5
LENGTHS = [6, 2, 4, 1]  # unsorted: enforce_sorted=False


def encode(kind, num_layers, bidirectional, seed=0):
    """Run a seeded encoder over a packed batch; return it, its padded output and state."""
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        encoder = kind(H_in, H_out, num_layers=num_layers, bidirectional=bidirectional).double()
        padded = torch.randn(L, N, H_in, dtype=torch.float64, requires_grad=True)
    packed = pack_padded_sequence(padded, LENGTHS, enforce_sorted=False)
    output, state = encoder(packed)
    output, _ = pad_packed_sequence(output)  # (L, N, D * H_out)
    return encoder, padded, output, state


def last_valid_step(output):
    """Each sequence's forward state at its own last step, and the backward state at step 0."""
    rows = torch.arange(N)
    forward = output[torch.tensor(LENGTHS) - 1, rows, :H_out]  # (N, H_out)
    backward = output[0, :, H_out:]  # (N, H_out)
    return forward, backward


@pytest.mark.parametrize("kind", [nn.GRU, nn.LSTM, nn.RNN], ids=lambda k: k.__name__)
@pytest.mark.parametrize("mode", ["concat", "sum", "forward"])
def test_bridge_top_layer_matches_the_ends_of_output_packed_bidirectional(kind, mode):
    _, _, output, state = encode(kind, num_layers=2, bidirectional=True)
    h_n = state[0] if kind is nn.LSTM else state
    forward, backward = last_valid_step(output)
    expected = {
        "concat": torch.cat([forward, backward], dim=1),  # (N, 2 * H_out)
        "sum": forward + backward,
        "forward": forward,
    }[mode]
    assert_close(bridge_state(h_n, 2, True, mode)[-1], expected, rtol=0, atol=0)


@pytest.mark.parametrize("kind", [nn.GRU, nn.LSTM], ids=lambda k: k.__name__)
@pytest.mark.parametrize("mode", ["concat", "sum", "forward"])
def test_bridge_bottom_layer_matches_a_one_layer_encoder_with_its_weights(kind, mode):
    # c_n has no counterpart in output: a one-layer copy of layer 0 checks its rows.
    encoder, padded, _, state = encode(kind, num_layers=2, bidirectional=True)
    bottom = kind(H_in, H_out, bidirectional=True).double()
    for name, parameter in bottom.named_parameters():
        parameter.data.copy_(getattr(encoder, name))  # the _l0 and _l0_reverse weights
    packed = pack_padded_sequence(padded, LENGTHS, enforce_sorted=False)
    _, bottom_state = bottom(packed)  # (2, N, H_out), or a pair of them
    if kind is nn.GRU:
        state, bottom_state = (state,), (bottom_state,)
    for part, bottom_part in zip(state, bottom_state, strict=True):
        got = bridge_state(part, 2, True, mode)[0]
        assert_close(got, bridge_state(bottom_part, 1, True, mode)[0])


def test_bridge_matches_the_view_written_out_for_each_layer():
    _, _, _, h_n = encode(nn.GRU, num_layers=3, bidirectional=True)
    for layer in range(3):
        forward, backward = h_n[2 * layer], h_n[2 * layer + 1]
        assert_close(bridge_state(h_n, 3, True, "concat")[layer], torch.cat([forward, backward], 1))
        assert_close(bridge_state(h_n, 3, True, "sum")[layer], forward + backward)
        assert_close(bridge_state(h_n, 3, True, "forward")[layer], forward)


def test_bridge_joins_both_parts_of_an_lstm_pair_the_same_way():
    _, _, _, (h_n, c_n) = encode(nn.LSTM, num_layers=2, bidirectional=True)
    h, c = bridge_state((h_n, c_n), 2, True, "sum")
    assert_close(h, bridge_state(h_n, 2, True, "sum"))
    assert_close(c, bridge_state(c_n, 2, True, "sum"))


@pytest.mark.parametrize("mode", ["concat", "sum", "forward"])
def test_bridge_passes_a_one_direction_state_through_unchanged(mode):
    _, _, _, h_n = encode(nn.GRU, num_layers=2, bidirectional=False)
    assert bridge_state(h_n, 2, False, mode) is h_n


def test_bridge_gradients_reach_the_encoder_as_with_hand_indexing():
    grads = []
    for by_hand in (False, True):
        encoder, padded, _, h_n = encode(nn.GRU, num_layers=2, bidirectional=True)
        if by_hand:
            joined = torch.stack([torch.cat([h_n[0], h_n[1]], 1), torch.cat([h_n[2], h_n[3]], 1)])
        else:
            joined = bridge_state(h_n, 2, True, "concat")
        weights = torch.linspace(-1, 1, joined.numel(), dtype=joined.dtype).view_as(joined)
        (joined * weights).sum().backward()
        grads.append([padded.grad] + [p.grad for p in encoder.parameters()])
    for got, expected in zip(*grads, strict=True):
        assert_close(got, expected)


h_n = torch.zeros(4, N, H_out)  # two layers, two directions
CASES = [
    pytest.param(
        lambda: bridge_state(h_n, 1, True),
        ValueError,
        r"^bridge_state\(\) expects h_n of shape \(D \* num_layers, N, H_out\) = \(2, N, H_out\) "
        r"for num_layers=1, bidirectional=True, got \(4, 4, 5\)$",
        id="rows-do-not-match-layers",
    ),
    pytest.param(
        lambda: bridge_state(h_n[0], 2, True),
        ValueError,
        r"expects h_n of shape \(D \* num_layers, N, H_out\) = \(4, N, H_out\) .* got \(4, 5\)$",
        id="unbatched-or-one-row",
    ),
    pytest.param(
        lambda: bridge_state((h_n, h_n[:2]), 2, True),
        ValueError,
        r"expects c_n of shape .* = \(4, N, H_out\) .* got \(2, 4, 5\)$",
        id="lstm-cell-state-wrong",
    ),
    pytest.param(
        lambda: bridge_state((h_n,), 2, True),
        TypeError,
        r"expects h_n to be a tensor or an LSTM's pair \(h_n, c_n\) of tensors, "
        r"got a tuple of \(Tensor\)$",
        id="pair-of-one",
    ),
    pytest.param(
        lambda: bridge_state(h_n.tolist(), 2, True),
        TypeError,
        r"got a list of \(list, list, list, list\)$",
        id="list-not-tensor",
    ),
    pytest.param(
        lambda: bridge_state("h_n", 2, True),
        TypeError,
        r"expects h_n to be a tensor or an LSTM's pair \(h_n, c_n\), got str$",
        id="not-a-tensor",
    ),
    pytest.param(
        lambda: bridge_state(h_n, 2, True, mode="mean"),
        ValueError,
        r"^bridge_state\(\) expects mode 'concat', 'sum' or 'forward', got 'mean'$",
        id="unknown-mode",
    ),
    pytest.param(
        lambda: bridge_state(h_n, 0, True),
        ValueError,
        r"^bridge_state\(\) expects num_layers >= 1, got 0$",
        id="no-layers",
    ),
    pytest.param(
        lambda: bridge_state(h_n, 2, 2),
        TypeError,
        r"^bridge_state\(\) expects bidirectional to be True or False, got 2$",
        id="directions-as-a-count",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), CASES)
def test_bridge_rejects_what_it_cannot_join_with_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()
