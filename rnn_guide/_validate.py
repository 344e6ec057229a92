"""Reject what the guide's functions cannot handle, with messages that say why.

Every check names what was expected and what it got, so a reader who passes the
wrong shape learns the right one from the error alone. The checks run before any
loop starts: an error never comes from deep inside a time step.
"""

import math
import numbers
from collections.abc import Sequence

import torch
from torch import nn
from torch.nn.utils.rnn import PackedSequence


def _check_rnn(rnn: object, caller: str) -> None:
    """Raise unless `rnn` is an Elman `nn.RNN` (tanh or relu), not LSTM or GRU."""
    if not isinstance(rnn, nn.RNN):
        hint = ""
        if isinstance(rnn, nn.RNNBase):
            # nn.LSTM and nn.GRU share nn.RNN's base class but use gated cells.
            hint = (
                f"; LSTM and GRU have gated cells, which {caller} does not take "
                f"(unroll and explain_shapes do)"
            )
        raise TypeError(f"{caller} expects a torch.nn.RNN, got {type(rnn).__name__}{hint}")
    _check_mode(rnn, caller)


def _check_recurrent(module: object, caller: str) -> None:
    """Raise unless `module` is an `nn.RNN`, `nn.LSTM` or `nn.GRU`."""
    if not isinstance(module, nn.RNN | nn.LSTM | nn.GRU):
        raise TypeError(
            f"{caller} expects a torch.nn.RNN, nn.LSTM or nn.GRU, got {type(module).__name__}"
        )
    if isinstance(module, nn.RNN):
        _check_mode(module, caller)


def _check_mode(rnn: nn.RNN, caller: str) -> None:
    if rnn.mode not in ("RNN_TANH", "RNN_RELU"):
        raise ValueError(
            f"{caller} expects an nn.RNN with mode 'RNN_TANH' or 'RNN_RELU', got mode {rnn.mode!r}"
        )


def _kind(module: nn.RNNBase) -> str:
    """Return "RNN", "LSTM" or "GRU": which cell the module runs (and its name in messages)."""
    return "RNN" if module.mode.startswith("RNN_") else module.mode


def _check_no_dropout_masks(rnn: nn.RNNBase, caller: str) -> None:
    """Raise ValueError if `rnn` would draw random dropout masks.

    nn.RNN, nn.LSTM and nn.GRU apply dropout only between layers and only in
    training mode, so a one-layer module, or any module in eval mode, is still
    deterministic.
    """
    if rnn.training and rnn.dropout > 0 and rnn.num_layers > 1:
        raise ValueError(
            f"{caller} cannot reproduce dropout in training mode: nn.{_kind(rnn)} draws a "
            f"random mask between layers, so no other computation can match it; "
            f"expected rnn.eval() or dropout=0, got training=True and "
            f"dropout={rnn.dropout}"
        )


def _check_floating(tensor: torch.Tensor, name: str, caller: str) -> None:
    if not tensor.dtype.is_floating_point:
        raise ValueError(f"{caller} expects a floating-point {name}, got dtype {tensor.dtype}")


def _check_same_dtype(rnn: nn.RNNBase, tensor: torch.Tensor, name: str, caller: str):
    """Raise ValueError unless `tensor` has the dtype of the RNN's parameters."""
    for param_name, param in rnn.named_parameters():
        if param.dtype != tensor.dtype:
            raise ValueError(
                f"{caller} expects {name} to have the dtype of the {_kind(rnn)}'s "
                f"parameters, {param.dtype} ({param_name}), got {tensor.dtype}; "
                f"convert one of them, e.g. {name}.to({param.dtype}) or "
                f"rnn.to({tensor.dtype})"
            )


def _check_input(
    rnn: nn.RNNBase,
    input: object,
    hx: object,
    caller: str,
) -> None:
    """Check `input` and `hx` as nn.RNN's forward would, but with clearer errors.

    Accepts a batched 3-D tensor, an unbatched 2-D tensor or a PackedSequence.
    """
    if isinstance(input, PackedSequence):
        _check_packed_input(rnn, input, caller)
        N = int(input.batch_sizes[0])
        _check_hx(rnn, hx, input.data, N, caller)
        return
    if not isinstance(input, torch.Tensor):
        raise TypeError(
            f"{caller} expects input to be a torch.Tensor or a PackedSequence, "
            f"got {type(input).__name__}"
        )
    _check_floating(input, "input", caller)
    H_in = rnn.input_size
    batched = "(N, L, H_in)" if rnn.batch_first else "(L, N, H_in)"
    if input.dim() not in (2, 3):
        raise ValueError(
            f"{caller} expects input of shape {batched} or unbatched (L, H_in), "
            f"got a {input.dim()}-D tensor of shape {tuple(input.shape)}"
        )
    if input.dim() == 3:
        expected = f"{batched} = (*, *, {H_in})"
        L = input.shape[1] if rnn.batch_first else input.shape[0]
        N = input.shape[0] if rnn.batch_first else input.shape[1]
    else:
        expected = f"(L, H_in) = (*, {H_in})"
        L, N = input.shape[0], None
    if input.shape[-1] != H_in:
        raise ValueError(
            f"{caller} expects input of shape {expected} for this {_kind(rnn)}, "
            f"got {tuple(input.shape)}"
        )
    if L == 0:
        raise ValueError(
            f"{caller} expects at least one time step (L >= 1), got input of "
            f"shape {tuple(input.shape)}"
        )
    _check_same_dtype(rnn, input, "input", caller)
    _check_hx(rnn, hx, input, N, caller)


def _check_unroll(rnn: object, input: object, hx: object, caller: str) -> None:
    """Check everything `unroll` takes: the module, its mode, `input` and `hx`."""
    _check_recurrent(rnn, caller)
    _check_input(rnn, input, hx, caller)
    _check_no_dropout_masks(rnn, caller)


def _check_single_layer(rnn: object, input: object, caller: str) -> None:
    """Reject what the hand-written recursion does not cover, before any work."""
    _check_rnn(rnn, caller)
    if rnn.num_layers != 1:
        raise ValueError(
            f"{caller} expects a single-layer nn.RNN (num_layers=1), "
            f"got num_layers={rnn.num_layers}"
        )
    if rnn.bidirectional:
        raise ValueError(
            f"{caller} expects a one-direction nn.RNN (bidirectional=False), got bidirectional=True"
        )
    if isinstance(input, PackedSequence):
        raise TypeError(
            f"{caller} expects input to be a torch.Tensor, got a PackedSequence; "
            f"pad it with torch.nn.utils.rnn.pad_packed_sequence first"
        )


def _check_grads(
    rnn: nn.RNN,
    input: torch.Tensor,
    grad_output: object,
    grad_h_n: object,
    caller: str,
) -> None:
    """Check each gradient against the shape of what it is the gradient of."""
    if grad_output is None and grad_h_n is None:
        raise ValueError(
            f"{caller} expects grad_output, grad_h_n or both, got neither; "
            f"with both None the loss is zero"
        )
    H_out = rnn.hidden_size
    if input.dim() == 2:
        L = input.shape[0]
        shapes = {"grad_output": ((L, H_out), "(L, H_out)")}
        shapes["grad_h_n"] = ((1, H_out), "(1, H_out)")
    else:
        N, L = input.shape[:2] if rnn.batch_first else input.shape[1::-1]
        if rnn.batch_first:
            shapes = {"grad_output": ((N, L, H_out), "(N, L, H_out)")}
        else:
            shapes = {"grad_output": ((L, N, H_out), "(L, N, H_out)")}
        shapes["grad_h_n"] = ((1, N, H_out), "(1, N, H_out)")
    for name, grad in (("grad_output", grad_output), ("grad_h_n", grad_h_n)):
        shape, formula = shapes[name]
        _check_optional_tensor(
            grad,
            name,
            caller,
            shape=shape,
            formula=formula,
            context="for this RNN and input",
            like=input,
            like_name="input",
        )


def _check_packed_input(rnn: nn.RNNBase, input: PackedSequence, caller: str) -> None:
    data, batch_sizes = input.data, input.batch_sizes
    if not isinstance(data, torch.Tensor):
        raise TypeError(
            f"{caller} expects PackedSequence.data to be a torch.Tensor, got {type(data).__name__}"
        )
    if data.dim() != 2:
        raise ValueError(
            f"{caller} expects PackedSequence.data of shape (sum(batch_sizes), H_in), "
            f"got a {data.dim()}-D tensor of shape {tuple(data.shape)}"
        )
    _check_floating(data, "PackedSequence.data", caller)
    if data.shape[1] != rnn.input_size:
        raise ValueError(
            f"{caller} expects PackedSequence.data of shape (sum(batch_sizes), "
            f"H_in) = (*, {rnn.input_size}) for this {_kind(rnn)}, got {tuple(data.shape)}"
        )
    # pack_padded_sequence always builds valid batch_sizes; a hand-made
    # PackedSequence may not, and the time loop would then fail obscurely.
    if not _is_valid_batch_sizes(batch_sizes):
        raise ValueError(
            f"{caller} expects PackedSequence.batch_sizes to be a 1-D int64 tensor "
            f"of positive, non-increasing counts, got {batch_sizes!r}"
        )
    total = int(batch_sizes.sum())
    if total != data.shape[0]:
        raise ValueError(
            f"{caller} expects PackedSequence.data to have sum(batch_sizes) = "
            f"{total} rows, got {data.shape[0]}"
        )
    _check_same_dtype(rnn, data, "PackedSequence.data", caller)


def _is_valid_batch_sizes(batch_sizes: object) -> bool:
    if not (
        isinstance(batch_sizes, torch.Tensor)
        and batch_sizes.dtype == torch.int64
        and batch_sizes.dim() == 1
        and len(batch_sizes) > 0
    ):
        return False
    sizes = batch_sizes.tolist()
    return min(sizes) >= 1 and sizes == sorted(sizes, reverse=True)


def _check_hx(
    rnn: nn.RNNBase,
    hx: object,
    input: torch.Tensor,
    N: int | None,
    caller: str,
) -> None:
    """Check `hx` against what the module expects; `N` is None when unbatched.

    nn.RNN and nn.GRU take one tensor, h_0; nn.LSTM takes a pair (h_0, c_0).
    """
    name = _kind(rnn)
    D = 2 if rnn.bidirectional else 1
    H_out = rnn.proj_size or rnn.hidden_size
    # With a projection, c_0 is H_cell wide and h_0 H_out; without, both H_out.
    H_cell = "H_cell" if rnn.proj_size else "H_out"
    if name != "LSTM":
        if isinstance(hx, tuple | list):
            raise TypeError(
                f"{caller} expects hx to be a torch.Tensor or None, got "
                f"{type(hx).__name__}; a pair (h_0, c_0) is for nn.LSTM, "
                f"this is an nn.{name}"
            )
        parts = [("hx", hx, H_out, "H_out")]
    else:
        if hx is not None and not isinstance(hx, tuple | list):
            raise TypeError(
                f"{caller} expects hx to be a pair (h_0, c_0) for this LSTM, or "
                f"None, got {type(hx).__name__}"
            )
        if hx is not None and (len(hx) != 2 or any(part is None for part in hx)):
            parts = ", ".join(type(part).__name__ for part in hx)
            raise ValueError(
                f"{caller} expects hx to be a pair (h_0, c_0) of tensors for this "
                f"LSTM, got a {type(hx).__name__} of ({parts})"
            )
        h_0, c_0 = (None, None) if hx is None else hx
        parts = [("h_0", h_0, H_out, "H_out"), ("c_0", c_0, rnn.hidden_size, H_cell)]
    kind = "unbatched" if N is None else "batched"
    for part, value, size, letter in parts:
        if N is None:
            shape, formula = (D * rnn.num_layers, size), f"(D * num_layers, {letter})"
        else:
            shape, formula = (D * rnn.num_layers, N, size), f"(D * num_layers, N, {letter})"
        _check_optional_tensor(
            value,
            part,
            caller,
            shape=shape,
            formula=formula,
            context=f"for this {name} and {kind} input",
            like=input,
            like_name="input",
        )


def _check_optional_tensor(
    value: object,
    name: str,
    caller: str,
    *,
    shape: tuple[int, ...],
    formula: str,
    context: str,
    like: torch.Tensor,
    like_name: str,
) -> None:
    """Check an optional tensor argument: None, or a tensor of `shape` whose dtype
    is that of `like`. `formula` names the shape in letters, `(L, N, H_out)`;
    `like_name` names `like` in the message, `input`."""
    if value is None:
        return
    if not isinstance(value, torch.Tensor):
        raise TypeError(
            f"{caller} expects {name} to be a torch.Tensor or None, got {type(value).__name__}"
        )
    if tuple(value.shape) != shape:
        raise ValueError(
            f"{caller} expects {name} of shape {formula} = {shape} {context}, "
            f"got {tuple(value.shape)}"
        )
    if value.dtype != like.dtype:
        raise ValueError(
            f"{caller} expects {name} to have the dtype of {like_name}, "
            f"{like.dtype}, got {value.dtype}"
        )


def _check_int(value: object, name: str, caller: str, minimum: int) -> int:
    """Return `value` as an int, or raise if it is not an int >= `minimum`."""
    # bool is a subclass of int, but `True` as a size is almost always a slip.
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{caller} expects {name} to be an int, got {value!r}")
    if value < minimum:
        raise ValueError(f"{caller} expects {name} >= {minimum}, got {value}")
    return int(value)


def _check_bool(value: object, name: str, caller: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{caller} expects {name} to be True or False, got {value!r}")
    return value


def _check_float_dtype(dtype: object, caller: str) -> torch.dtype:
    if not isinstance(dtype, torch.dtype):
        raise TypeError(f"{caller} expects dtype to be a torch.dtype, got {dtype!r}")
    if not dtype.is_floating_point:
        raise ValueError(
            f"{caller} expects a floating-point dtype such as torch.float32, got {dtype}"
        )
    return dtype


def _check_non_negative(value: object, name: str, caller: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{caller} expects {name} to be a number, got {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{caller} expects {name} to be a finite number >= 0, got {value}")
    return float(value)


def _check_choice(value: object, name: str, caller: str, choices: tuple) -> None:
    """Raise ValueError unless `value` is one of `choices` (strings, or None)."""
    if value in choices:
        return
    named = [repr(choice) for choice in choices]
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} or {named[-1]}"
    raise ValueError(f"{caller} expects {name} {listed}, got {value!r}")


def _check_positive(value: object, name: str, caller: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{caller} expects {name} to be a number, got {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{caller} expects {name} to be a finite number > 0, got {value}")
    return float(value)


def _check_square_matrix(matrix: object, caller: str) -> None:
    if not isinstance(matrix, torch.Tensor):
        raise TypeError(
            f"{caller} expects matrix to be a torch.Tensor, got {type(matrix).__name__}"
        )
    if matrix.dim() != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(
            f"{caller} expects a square matrix of shape (H_out, H_out), "
            f"got shape {tuple(matrix.shape)}"
        )
    if not matrix.dtype.is_floating_point:
        raise ValueError(f"{caller} expects a floating-point matrix, got dtype {matrix.dtype}")


def _check_nonzero_radius(radius: float, name: str, caller: str) -> None:
    """Raise ValueError if a matrix has spectral radius 0, which no scaling changes."""
    if radius == 0:
        raise ValueError(
            f"{caller} expects {name} to have a nonzero eigenvalue to scale, got spectral radius 0"
        )


def _check_non_empty(values: list, name: str, caller: str) -> None:
    if not values:
        raise ValueError(f"{caller} expects at least one {name}, got none")


def _check_lengths(lengths: object, caller: str) -> list[int]:
    """Return `lengths` as a list of ints >= 1, from a sequence or a 1-D tensor."""
    if isinstance(lengths, torch.Tensor):
        if lengths.dim() != 1 or lengths.dtype.is_floating_point:
            raise TypeError(
                f"{caller} expects lengths as a 1-D integer tensor, got a "
                f"{lengths.dim()}-D tensor of dtype {lengths.dtype}"
            )
        lengths = lengths.tolist()
    if not isinstance(lengths, Sequence) or isinstance(lengths, str):
        raise TypeError(f"{caller} expects lengths as a list of ints, got {type(lengths).__name__}")
    if len(lengths) == 0:
        raise ValueError(f"{caller} expects at least one length, got {lengths!r}")
    return [
        _check_int(length, f"lengths[{i}]", caller, minimum=1) for i, length in enumerate(lengths)
    ]


def _check_layer_and_direction(rnn: nn.RNNBase, layer: object, direction: object, caller: str):
    """Return `(layer, direction)` as ints, or raise if `rnn` has no such layer."""
    D = 2 if rnn.bidirectional else 1
    layer = _check_int(layer, "layer", caller, minimum=0)
    direction = _check_int(direction, "direction", caller, minimum=0)
    if layer >= rnn.num_layers:
        raise ValueError(
            f"{caller} expects layer in range(0, {rnn.num_layers}) for this "
            f"{_kind(rnn)} with num_layers={rnn.num_layers}, got {layer}"
        )
    if direction >= D:
        expected = "0 or 1" if D == 2 else f"0 for this unidirectional {_kind(rnn)}"
        raise ValueError(f"{caller} expects direction {expected}, got {direction}")
    return layer, direction


def _check_step_input(x_t: object, input_size: int, dtype: torch.dtype, caller: str) -> None:
    """Check one step's input to a cell: `(N, H_in)` or unbatched `(H_in,)`."""
    if not isinstance(x_t, torch.Tensor):
        raise TypeError(f"{caller} expects x_t to be a torch.Tensor, got {type(x_t).__name__}")
    _check_floating(x_t, "x_t", caller)
    if x_t.dim() not in (1, 2) or x_t.shape[-1] != input_size:
        raise ValueError(
            f"{caller} expects x_t of shape (N, H_in) = (*, {input_size}) or "
            f"unbatched (H_in,) = ({input_size},), got {tuple(x_t.shape)}"
        )
    if x_t.dtype != dtype:
        raise ValueError(f"{caller} expects x_t to have the cell's dtype, {dtype}, got {x_t.dtype}")


def _check_sequence_input(input: object, input_size: int, dtype: torch.dtype, caller: str) -> None:
    """Check a cell's whole input sequence: `(L, N, H_in)`, L at least 1."""
    if not isinstance(input, torch.Tensor):
        raise TypeError(f"{caller} expects input to be a torch.Tensor, got {type(input).__name__}")
    _check_floating(input, "input", caller)
    if input.dim() != 3 or input.shape[-1] != input_size or input.shape[0] == 0:
        raise ValueError(
            f"{caller} expects input of shape (L, N, H_in) = (*, *, {input_size}) "
            f"with L >= 1, got {tuple(input.shape)}"
        )
    if input.dtype != dtype:
        raise ValueError(
            f"{caller} expects input to have the cell's dtype, {dtype}, got {input.dtype}"
        )


def _check_step_state(
    state: object, name: str, x_t: torch.Tensor, size: int, letter: str, caller: str
) -> None:
    """Check a cell's optional previous state against `x_t`: `(N, size)` or `(size,)`."""
    if x_t.dim() == 2:
        shape, formula = (x_t.shape[0], size), f"(N, {letter})"
    else:
        shape, formula = (size,), f"unbatched ({letter},)"
    _check_optional_tensor(
        state,
        name,
        caller,
        shape=shape,
        formula=formula,
        context=f"for x_t of shape {tuple(x_t.shape)}",
        like=x_t,
        like_name="x_t",
    )


def _check_proj_size(proj_size: object, hidden_size: int, kind: str, caller: str) -> int:
    """Return `proj_size` as an int, or raise unless it fits an LSTM of `hidden_size`."""
    proj_size = _check_int(proj_size, "proj_size", caller, minimum=0)
    if proj_size > 0 and kind != "LSTM":
        raise ValueError(
            f"{caller} expects proj_size=0 for kind={kind!r} (only an LSTM has "
            f"a projection), got proj_size={proj_size}"
        )
    if proj_size >= hidden_size:
        raise ValueError(
            f"{caller} expects proj_size < hidden_size = {hidden_size} (or 0 for "
            f"no projection), got proj_size={proj_size}"
        )
    return proj_size


def _check_layer_module(module: object, expected: type, caller: str) -> None:
    """Raise unless `module` is an `expected` (nn.RNN, nn.LSTM or nn.GRU)."""
    if expected is nn.RNN:
        _check_rnn(module, caller)
    elif not isinstance(module, expected):
        raise TypeError(
            f"{caller} expects a torch.nn.{expected.__name__}, got {type(module).__name__}"
        )


def _check_step_pair(hx: object, caller: str) -> tuple[object, object]:
    """Return an LSTM cell's `(h_prev, c_prev)`, or `(None, None)` for zeros."""
    if hx is None:
        return None, None
    if not isinstance(hx, tuple | list):
        raise TypeError(
            f"{caller} expects hx to be a pair (h_prev, c_prev) or None, got {type(hx).__name__}"
        )
    parts = ", ".join(type(part).__name__ for part in hx)
    if len(hx) != 2 or any(part is None for part in hx):
        raise ValueError(
            f"{caller} expects hx to be a pair (h_prev, c_prev) of tensors, got "
            f"a {type(hx).__name__} of ({parts})"
        )
    return hx[0], hx[1]


# --- bridge_state (rnn_guide/_bridge.py) ---


def _check_bridge(
    h_n: object, num_layers: object, bidirectional: object, mode: object, modes: tuple, caller: str
) -> None:
    """Raise unless `h_n` (or each part of an LSTM's pair) is `(D * num_layers, N, H_out)`."""
    num_layers = _check_int(num_layers, "num_layers", caller, minimum=1)
    D = 2 if _check_bool(bidirectional, "bidirectional", caller) else 1
    _check_choice(mode, "mode", caller, modes)
    if isinstance(h_n, tuple | list):
        if len(h_n) != 2 or not all(isinstance(part, torch.Tensor) for part in h_n):
            parts = ", ".join(type(part).__name__ for part in h_n)
            raise TypeError(
                f"{caller} expects h_n to be a tensor or an LSTM's pair (h_n, c_n) of "
                f"tensors, got a {type(h_n).__name__} of ({parts})"
            )
        parts = {"h_n": h_n[0], "c_n": h_n[1]}
    elif isinstance(h_n, torch.Tensor):
        parts = {"h_n": h_n}
    else:
        raise TypeError(
            f"{caller} expects h_n to be a tensor or an LSTM's pair (h_n, c_n), "
            f"got {type(h_n).__name__}"
        )
    for name, part in parts.items():
        if part.dim() != 3 or part.shape[0] != D * num_layers:
            raise ValueError(
                f"{caller} expects {name} of shape (D * num_layers, N, H_out) = "
                f"({D * num_layers}, N, H_out) for num_layers={num_layers}, "
                f"bidirectional={D == 2}, got {tuple(part.shape)}"
            )


# Attention (rnn_guide/_attention.py)


def _check_attention_sizes(lengths: list[int], S: object, caller: str) -> None:
    """Raise unless `S` is an int >= 1 and every length is at most `S`."""
    S = _check_int(S, "S", caller, minimum=1)
    longest = max(lengths)
    if longest > S:
        raise ValueError(
            f"{caller} expects every length <= S = {S}, the padded length, got {longest}"
        )


def _check_attention_settings(
    query_size: object,
    key_size: object,
    score: object,
    hidden_size: object,
    scale: object,
    scores: tuple,
) -> None:
    caller = "Attention"
    _check_int(query_size, "query_size", caller, minimum=1)
    _check_int(key_size, "key_size", caller, minimum=1)
    _check_choice(score, "score", caller, scores)
    if score == "dot" and query_size != key_size:
        raise ValueError(
            f"{caller} expects query_size == key_size for the dot score, got "
            f"{query_size} and {key_size}; use score='general' to compare sizes that differ"
        )
    if hidden_size is not None:
        if score != "additive":
            raise ValueError(
                f"{caller} expects hidden_size only with score='additive', got score={score!r}"
            )
        _check_int(hidden_size, "hidden_size", caller, minimum=1)
    if scale is not None:
        if score == "additive":
            raise ValueError(
                f"{caller} expects scale only with score='dot' or 'general', got score='additive'"
            )
        _check_positive(scale, "scale", caller)


def _check_attention_inputs(
    query_size: int,
    key_size: int,
    query: object,
    key: object,
    value: object,
    lengths: object,
    caller: str,
) -> bool:
    """Check an attention call's tensors and lengths; return whether the query is 2-D."""
    for name, tensor in (("query", query), ("key", key), ("value", value)):
        if not isinstance(tensor, torch.Tensor):
            raise TypeError(
                f"{caller} expects {name} to be a torch.Tensor, got {type(tensor).__name__}"
            )
        _check_floating(tensor, name, caller)
    if query.dim() not in (2, 3) or query.shape[-1] != query_size:
        raise ValueError(
            f"{caller} expects query of shape (N, L, {query_size}) or (N, {query_size}), "
            f"got {tuple(query.shape)}"
        )
    N = query.shape[0]
    if key.dim() != 3 or key.shape[0] != N or key.shape[2] != key_size:
        raise ValueError(
            f"{caller} expects key of shape (N, S, {key_size}) with N = {N}, the query's, "
            f"got {tuple(key.shape)}"
        )
    if value.dim() != 3 or value.shape[:2] != key.shape[:2]:
        raise ValueError(
            f"{caller} expects value of shape (N, S, E_v) with (N, S) = "
            f"{tuple(key.shape[:2])}, the key's, got {tuple(value.shape)}"
        )
    if lengths is not None:
        checked = _check_lengths(lengths, caller)
        if len(checked) != N:
            raise ValueError(f"{caller} expects one length per sequence, {N}, got {len(checked)}")
        _check_attention_sizes(checked, key.shape[1], caller)
    return query.dim() == 2
