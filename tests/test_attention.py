"""rnn_guide.Attention matches PyTorch's attention, gives padding no weight, says what is wrong."""

import math
import re
from pathlib import Path

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from rnn_guide import Attention, length_mask

LENGTHS = [7, 3, 1]  # one full sequence, one padded, one of a single step


def tensors(E_q=8, E_k=8, E_v=6, L=5, seed=0):
    """(query, key, value) in float64 with gradients: (N, L, E_q), (N, S, E_k), (N, S, E_v)."""
    generator = torch.Generator().manual_seed(seed)
    shapes = [(3, L, E_q), (3, 7, E_k), (3, 7, E_v)]
    return [
        torch.randn(shape, generator=generator, dtype=torch.float64).requires_grad_()
        for shape in shapes
    ]


def grads(output, inputs):
    return torch.autograd.grad(output.sum(), inputs)


def test_length_mask_is_true_on_real_steps_only():
    mask = length_mask(torch.tensor(LENGTHS), 7)
    assert mask.dtype == torch.bool and mask.shape == (3, 7)
    assert mask.sum(1).tolist() == LENGTHS
    assert mask[1].tolist() == [True] * 3 + [False] * 4


def test_dot_attention_matches_scaled_dot_product_attention_values_and_gradients():
    query, key, value = tensors()
    mask = length_mask(LENGTHS, 7)[:, None, :]  # (N, 1, S): True takes part
    ours, _ = Attention(8, 8)(query, key, value, LENGTHS)
    torchs = F.scaled_dot_product_attention(query, key, value, attn_mask=mask)
    torch.testing.assert_close(ours, torchs)
    inputs = (query, key, value)
    for a, b in zip(grads(ours, inputs), grads(torchs, inputs), strict=True):
        torch.testing.assert_close(a, b)


def test_luongs_unscaled_dot_score_is_sdpa_with_scale_1():
    query, key, value = tensors()
    mask = length_mask(LENGTHS, 7)[:, None, :]
    ours, _ = Attention(8, 8, scale=1.0)(query, key, value, LENGTHS)
    torchs = F.scaled_dot_product_attention(query, key, value, attn_mask=mask, scale=1.0)
    torch.testing.assert_close(ours, torchs)


def test_dot_attention_matches_one_head_multihead_attention_with_identity_projections():
    query, key, value = tensors(E_v=8)
    mha = nn.MultiheadAttention(8, num_heads=1, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.eye(8).repeat(3, 1))  # W_q = W_k = W_v = I
        mha.in_proj_bias.zero_()
        mha.out_proj.weight.copy_(torch.eye(8))
        mha.out_proj.bias.zero_()
    padding = ~length_mask(LENGTHS, 7)  # key_padding_mask: True is ignored
    torchs, torch_weights = mha(query, key, value, key_padding_mask=padding)
    ours, weights = Attention(8, 8)(query, key, value, LENGTHS)
    torch.testing.assert_close(ours, torchs)
    torch.testing.assert_close(weights, torch_weights)
    inputs = (query, key, value)
    for a, b in zip(grads(ours, inputs), grads(torchs, inputs), strict=True):
        torch.testing.assert_close(a, b)


def test_weight_on_padding_is_exactly_zero_and_padding_values_change_nothing():
    query, key, value = tensors()
    for score in ("dot", "general", "additive"):
        torch.manual_seed(0)
        attention = Attention(8, 8, score=score).double()
        context, weights = attention(query, key, value, LENGTHS)
        padding = ~length_mask(LENGTHS, 7)[:, None, :].expand_as(weights)
        assert (weights[padding] == 0).all(), score
        torch.testing.assert_close(weights.sum(-1), torch.ones(3, 5, dtype=torch.float64))
        garbage = value.detach().masked_fill(padding[:, 0, :, None], 1e6)
        again, _ = attention(query, key, garbage, LENGTHS)
        torch.testing.assert_close(again, context)


def test_general_score_is_q_transpose_W_k_scaled():
    query, key, value = tensors(E_q=8, E_k=4)
    torch.manual_seed(0)
    attention = Attention(8, 4, score="general", scale=1.0).double()
    W = attention.W.weight  # (E_q, E_k)
    by_hand = torch.einsum("nle,ef,nsf->nls", query, W, key)
    torch.testing.assert_close(attention.scores(query, key), by_hand)


def test_general_score_with_the_identity_is_the_dot_score():
    query, key, value = tensors()
    general = Attention(8, 8, score="general").double()
    with torch.no_grad():
        general.W.weight.copy_(torch.eye(8))
    torch.testing.assert_close(
        general(query, key, value, LENGTHS)[0], Attention(8, 8)(query, key, value, LENGTHS)[0]
    )


def test_additive_score_is_v_tanh_of_the_sum_one_pair_at_a_time():
    query, key, value = tensors(E_q=8, E_k=4)
    torch.manual_seed(0)
    attention = Attention(8, 4, score="additive", hidden_size=5).double()
    scores = attention.scores(query, key)  # (N, L, S)
    W_q, W_k, v = attention.W_q.weight, attention.W_k.weight, attention.v.weight[0]
    for n, t, s in [(0, 0, 0), (1, 4, 2), (2, 3, 6)]:
        by_hand = v @ torch.tanh(W_q @ query[n, t] + W_k @ key[n, s])
        torch.testing.assert_close(scores[n, t, s], by_hand)


def test_a_2d_query_is_one_decoder_step():
    query, key, value = tensors()
    attention = Attention(8, 8)
    step, step_weights = attention(query[:, 2], key, value, LENGTHS)  # (N, E_q)
    full, full_weights = attention(query, key, value, LENGTHS)
    torch.testing.assert_close(step, full[:, 2])
    torch.testing.assert_close(step_weights, full_weights[:, 2])


def test_default_scale_is_one_over_sqrt_of_the_key_size():
    assert Attention(8, 8).scale == 1 / math.sqrt(8)
    assert Attention(8, 4, score="general").scale == 1 / math.sqrt(4)


@pytest.mark.parametrize(
    "make, error, message",
    [
        # (id) what is wrong
        (lambda: Attention(8, 4), ValueError, "query_size == key_size for the dot score"),
        (lambda: Attention(8, 8, score="luong"), ValueError, "score 'dot', 'general' or"),
        (lambda: Attention(8, 8, hidden_size=4), ValueError, "hidden_size only with"),
        (lambda: Attention(8, 8, "additive", scale=1.0), ValueError, "scale only with"),
        (lambda: Attention(8, 8, scale=0.0), ValueError, "scale to be a finite number > 0"),
        (lambda: Attention(8, 8, scale="1"), TypeError, "scale to be a number"),
        (lambda: Attention(8.0, 8), TypeError, "query_size to be an int"),
        (lambda: length_mask([3, 0], 4), ValueError, r"lengths\[1\] >= 1"),
        (lambda: length_mask([5], 4), ValueError, "every length <= S = 4"),
        (lambda: length_mask(torch.tensor([[1]]), 4), TypeError, "1-D integer tensor"),
    ],
    ids=[
        "dot-sizes-differ",
        "unknown-score",
        "hidden-size-without-additive",
        "scale-with-additive",
        "scale-zero",
        "scale-not-a-number",
        "size-not-int",
        "length-zero",
        "length-past-S",
        "lengths-2d",
    ],
)
def test_bad_settings_raise_a_clear_error(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda a, q, k: a(q[..., :4], k), r"query of shape \(N, L, 8\)"),
        (lambda a, q, k: a(q, k[:2]), r"key of shape \(N, S, 8\) with N = 3"),
        (lambda a, q, k: a(q, k, k[:, :5]), r"value of shape \(N, S, E_v\) with \(N, S\)"),
        (lambda a, q, k: a(q, k, lengths=[7, 3]), "one length per sequence, 3, got 2"),
        (lambda a, q, k: a(q, k, lengths=[8, 3, 1]), "every length <= S = 7"),
        (lambda a, q, k: a(q.long(), k), "floating-point query"),
    ],
    ids=["query-size", "key-batch", "value-steps", "lengths-count", "length-past-S", "int"],
)
def test_bad_inputs_raise_a_clear_error(call, message):
    query, key, _ = tensors()
    with pytest.raises(ValueError, match=message):
        call(Attention(8, 8), query.detach(), key.detach())


def test_a_key_that_is_not_a_tensor_is_named():
    query, _, _ = tensors()
    with pytest.raises(TypeError, match="key to be a torch.Tensor, got list"):
        Attention(8, 8)(query, [[0.0]])


def test_the_chapters_table_holds_the_figures_numbers():
    from rnn_guide_site.seq2seq_figures import length_curves

    page = (Path(__file__).resolve().parent.parent / "docs" / "attention.md").read_text()
    curves = length_curves()
    for name, values in curves.items():
        row = re.search(rf"^\| {name} \|(.+)\|$", page, re.M)
        assert row, f"docs/attention.md has no table row {name!r}"
        printed = [cell.strip() for cell in row.group(1).split("|")]
        assert printed == [f"{value:.2f}" for value in values], name
