"""Plant known bugs in rnn_guide, one at a time, and check that `pytest docs` catches each.

This is the check behind the acceptance criterion "held-out planted bugs in
rnn_guide each make `pytest docs` fail". It is a script, not a test module:

    .venv/bin/python tests/mutants.py            # baseline, then every mutation
    .venv/bin/python tests/mutants.py --list     # name every mutation
    .venv/bin/python tests/mutants.py NAME ...   # baseline, then only these
    .venv/bin/python tests/mutants.py --every-failure  # without -x: count the failing examples
    .venv/bin/python tests/mutants.py --against tests/test_gated.py NAME ...  # the tests, not docs

It copies the repository (tracked files plus untracked files git does not
ignore) into a temporary directory, runs the unmutated chapters there as a
baseline, then, for each mutation, replaces one exact source snippet in the
copy, runs `python -m pytest docs -q -x` (or `--against` other paths, such as
tests/test_gated.py) and puts the file back. A mutation is
caught when pytest fails, and SURVIVED when every chapter still passes; the
script exits non-zero when any mutation survived or anything else went wrong.

Each snippet must occur exactly once in its file, or the script stops before
running anything: a mutation whose snippet has drifted away from the code
fails loudly instead of silently testing nothing. The copy's rnn_guide must be
the one the chapters import, not the editable install in the virtualenv; the
script checks this with `python -c` from the copy's root, and again inside every
pytest run through a small plugin that stops the run if it imports another copy.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTEST_OPTIONS = ["-q", "-x", "-p", "no:cacheprovider"]
TIMEOUT = 900  # seconds for one pytest run; the whole book takes well under a minute


@dataclass(frozen=True)
class Mutation:
    """One planted bug: in `path`, the snippet `old` becomes `new`."""

    name: str
    path: str  # relative to the repository root
    old: str
    new: str
    bug: str  # what the mutated code gets wrong


MUTATIONS = [
    # --- unroll, one loop for dense and packed input: rnn_guide/_unroll.py --
    Mutation(
        "unroll-whh-transposed",
        "rnn_guide/_unroll.py",
        "F.linear(running[0], weights.weight_hh, weights.bias_hh)",
        "F.linear(running[0], weights.weight_hh.T, weights.bias_hh)",
        "recurrent term uses h W_hh instead of h W_hh^T (square, so no shape error)",
    ),
    Mutation(
        "unroll-drops-b_hh",
        "rnn_guide/_unroll.py",
        "F.linear(running[0], weights.weight_hh, weights.bias_hh)",
        "F.linear(running[0], weights.weight_hh)",
        "b_hh never added",
    ),
    Mutation(
        "unroll-b_hh-twice",
        "rnn_guide/_unroll.py",
        "input_terms = F.linear(data, weights.weight_ih, weights.bias_ih)",
        "input_terms = (F.linear(data, weights.weight_ih, weights.bias_ih)"
        " + (0 if weights.bias_hh is None else weights.bias_hh))",
        "b_hh folded into the input term and still added in the recurrent term",
    ),
    Mutation(
        "unroll-ignores-h0",
        "rnn_guide/_unroll.py",
        "    if hx is None:\n        hx = tuple(data.new_zeros(",
        "    if True:\n        hx = tuple(data.new_zeros(",
        "the caller's hx is replaced by zeros",
    ),
    Mutation(
        "unroll-batch-first-output-not-transposed",
        "rnn_guide/_layout.py",
        "return sequence.transpose(0, 1)  # (N, L, *)",
        "return sequence  # (N, L, *)",
        "batch_first output returned time-major (L, N, D * H_out)",
    ),
    Mutation(
        "unroll-h_n-direction-major",
        "rnn_guide/_unroll.py",
        "zip(*final_states, strict=True)",
        "zip(*(final_states[0::D] + final_states[1::D]), strict=True)",
        "h_n rows ordered direction by direction instead of layer by layer",
    ),
    Mutation(
        "unroll-backward-not-reversed",
        "rnn_guide/_unroll.py",
        "steps = range(L) if direction == 0 else reversed(range(L))",
        "steps = range(L)",
        "the backward direction reads each sequence forward, dense or packed",
    ),
    Mutation(
        "unroll-upper-layer-reads-input",
        "rnn_guide/_unroll.py",
        "step, weights, layer_input, batch_sizes, state, direction",
        "step, weights, data, batch_sizes, state, direction",
        "every layer reads the network's input, not the layer below",
    ),
    Mutation(
        "activation-relu-runs-tanh",
        "rnn_guide/_parameters.py",
        'return "tanh" if rnn.mode == "RNN_TANH" else "relu"',
        'return "relu" if rnn.nonlinearity == "RELU" else "tanh"',
        "case slip: nonlinearity is 'relu', so unroll always applies tanh",
    ),
    # --- unroll, what only packed input exercises: rnn_guide/_unroll.py ---
    Mutation(
        "packed-batch-sizes-off-by-one",
        "rnn_guide/_unroll.py",
        "n = batch_sizes[t]  #",
        "n = batch_sizes[t - 1]  #",
        "step t advances batch_sizes[t - 1] rows (wraps to the last step at t = 0)",
    ),
    Mutation(
        "packed-h_n-not-last-valid-step",
        "rnn_guide/_unroll.py",
        "torch.cat([a, part[n:]])",
        "torch.cat([a, torch.zeros_like(part[n:])])",
        "finished sequences lose their state: h_n is the padded step's zeros",
    ),
    Mutation(
        "packed-unsorted-indices-not-applied",
        "rnn_guide/_unroll.py",
        "h_n = tuple(h.index_select(1, unsorted_indices) for h in h_n)",
        "h_n = h_n",
        "h_n left in sorted (longest-first) order",
    ),
    Mutation(
        "packed-hx-not-sorted",
        "rnn_guide/_unroll.py",
        "hx = tuple(h.index_select(1, sorted_indices) for h in hx)",
        "hx = hx",
        "the caller's hx is not permuted into the packed order",
    ),
    # --- ElmanCell.from_rnn: rnn_guide/_cell.py ----------------------------
    Mutation(
        "from-rnn-always-layer-0",
        "rnn_guide/_cell.py",
        "_layer_parameters(module, layer, direction)",
        "_layer_parameters(module, 0, direction)",
        "from_rnn (and from_lstm, from_gru) copies layer 0 whatever layer is asked for",
    ),
    Mutation(
        "from-rnn-always-forward",
        "rnn_guide/_cell.py",
        "_layer_parameters(module, layer, direction)",
        "_layer_parameters(module, layer, 0)",
        "from_rnn (and from_lstm, from_gru) copies the forward direction whatever is asked",
    ),
    Mutation(
        "from-rnn-nonlinearity-swapped",
        "rnn_guide/_cell.py",
        "cls(input_size, rnn.hidden_size, rnn.bias, _nonlinearity(rnn))",
        'cls(input_size, rnn.hidden_size, rnn.bias, {"tanh": "relu", "relu": "tanh"}'
        "[_nonlinearity(rnn)])",
        "from_rnn builds a relu cell from a tanh RNN and vice versa",
    ),
    # --- counts and shapes: _parameters.py, _shapes.py ---------------------
    Mutation(
        "parameter-count-one-bias",
        "rnn_guide/_parameters.py",
        'biases = 2 if _check_bool(bias, "bias", caller) else 0',
        'biases = 1 if _check_bool(bias, "bias", caller) else 0',
        "parameter_count counts one bias vector per layer and direction, not two",
    ),
    Mutation(
        "parameter-count-upper-layer-missing-D",
        "rnn_guide/_parameters.py",
        "G * H_cell * (D * H_out + H_out + biases)",
        "G * H_cell * (H_out + H_out + biases)",
        "upper layers' weight_ih counted as (G * H_cell, H_out), not (G * H_cell, D * H_out)",
    ),
    Mutation(
        "explain-shapes-output-missing-D",
        "rnn_guide/_shapes.py",
        'ShapeRow("output", (L, N, D * H_out), "(L, N, D * H_out)")',
        'ShapeRow("output", (L, N, H_out), "(L, N, D * H_out)")',
        "time-major output shape computed as (L, N, H_out)",
    ),
    Mutation(
        "explain-shapes-batch-first-L-N-swapped",
        "rnn_guide/_shapes.py",
        "N, L = input.shape[0], input.shape[1]",
        "L, N = input.shape[0], input.shape[1]",
        "batch_first input read as (L, N, H_in)",
    ),
    Mutation(
        "explain-shapes-packed-counts-padding",
        "rnn_guide/_shapes.py",
        "total = int(input.batch_sizes.sum())",
        "total = L * N",
        "packed rows sized as the padded batch, L * N, not sum(batch_sizes)",
    ),
    # --- LSTM and GRU: the gate equations in rnn_guide/_equations.py ------
    # These fail `pytest docs` only once a chapter compares nn.LSTM or nn.GRU
    # through rnn_guide; `--against tests/test_gated.py` checks them today.
    Mutation(
        "lstm-gates-i-f-swapped",
        "rnn_guide/_equations.py",
        "i, f, g, o = gates.chunk(4, dim=-1)",
        "f, i, g, o = gates.chunk(4, dim=-1)",
        "the input and forget gates read each other's rows of weight_ih (gate order)",
    ),
    Mutation(
        "lstm-cell-update-uses-tanh-c",
        "rnn_guide/_equations.py",
        "c_t = f * c_prev + i * g",
        "c_t = f * torch.tanh(c_prev) + i * g",
        "the cell state is squashed before it is kept: c_t = f * tanh(c_{t-1}) + i * g",
    ),
    Mutation(
        "lstm-output-skips-tanh-of-c",
        "rnn_guide/_equations.py",
        "h_t = o * torch.tanh(c_t)",
        "h_t = o * c_t",
        "h_t = o * c_t, without tanh",
    ),
    Mutation(
        "lstm-projection-skipped",
        "rnn_guide/_equations.py",
        "partial(_lstm_step, weight_hr=weights.weight_hr)",
        "partial(_lstm_step)",
        "unroll never applies W_hr: h_t stays H_cell wide with proj_size > 0",
    ),
    Mutation(
        "gru-gates-r-z-swapped",
        "rnn_guide/_equations.py",
        "x_r, x_z, x_n = input_term.chunk(3, dim=-1)",
        "x_z, x_r, x_n = input_term.chunk(3, dim=-1)",
        "the reset and update gates read each other's rows of weight_ih (gate order)",
    ),
    Mutation(
        "gru-reset-scales-the-input-term-too",
        "rnn_guide/_equations.py",
        "n = torch.tanh(x_n + r * h_n)",
        "n = torch.tanh(r * (x_n + h_n))",
        "the reset gate multiplies x W_in^T + b_in as well, not only h W_hn^T + b_hn",
    ),
    Mutation(
        "gru-z-interpolation-reversed",
        "rnn_guide/_equations.py",
        "return ((1 - z) * n + z * h_prev,)",
        "return (z * n + (1 - z) * h_prev,)",
        "h_t = z * n + (1 - z) * h_{t-1}: z keeps the candidate, not the old state",
    ),
    # --- LSTM state and shapes: _unroll.py, _parameters.py, _shapes.py, _cell.py
    Mutation(
        "lstm-returns-h_n-as-c_n",
        "rnn_guide/_unroll.py",
        "return output, h_n if paired else h_n[0]",
        "return output, (h_n[0], h_n[0]) if paired else h_n[0]",
        "unroll returns (h_n, h_n) for an LSTM instead of (h_n, c_n)",
    ),
    Mutation(
        "lstm-zero-c0-h-out-wide",
        "rnn_guide/_parameters.py",
        "return (H_out, rnn.hidden_size) if",
        "return (H_out, H_out) if",
        "an omitted c_0 is H_out wide, not H_cell wide (wrong with proj_size > 0)",
    ),
    Mutation(
        "parameter-count-gates-missing",
        "rnn_guide/_parameters.py",
        "    G = _GATES[kind]\n",
        "    G = 1\n",
        "parameter_count counts one block of rows for LSTM and GRU, not 4 or 3",
    ),
    Mutation(
        "parameter-count-projection-missing",
        "rnn_guide/_parameters.py",
        "projection = H_out * H_cell if proj_size else 0",
        "projection = 0",
        "parameter_count leaves out weight_hr",
    ),
    Mutation(
        "explain-shapes-weight-hh-one-gate",
        "rnn_guide/_shapes.py",
        "shape_hh, formula_hh = (G * H_cell, H_out)",
        "shape_hh, formula_hh = (H_cell, H_out)",
        "weight_hh's rows counted as H_cell, not G * H_cell",
    ),
    Mutation(
        "explain-shapes-c-rows-h-out-wide",
        "rnn_guide/_shapes.py",
        "cell_state = (D * num_layers, N, H_cell)",
        "cell_state = (D * num_layers, N, H_out)",
        "c_0 and c_n shown H_out wide, not H_cell wide (wrong with proj_size > 0)",
    ),
    Mutation(
        "from-lstm-projection-not-copied",
        "rnn_guide/_cell.py",
        "            cell.hr.weight.copy_(weights.weight_hr)",
        "            pass",
        "from_lstm keeps the cell's own random W_hr instead of the module's",
    ),
    # --- data: rnn_guide/_data.py ------------------------------------------
    Mutation(
        "sine-windows-target-is-last-input",
        "rnn_guide/_data.py",
        "targets = wave[:, L].clone()  # (N, 1)",
        "targets = wave[:, L - 1].clone()  # (N, 1)",
        "the 'next' target is the window's last value, one step early",
    ),
    Mutation(
        "padded-batch-not-zero-padded",
        "rnn_guide/_data.py",
        "padded = torch.where(is_data[:, :, None], values, 0.0).to(dtype)",
        "padded = values.to(dtype)",
        "the padding holds random values instead of zeros",
    ),
    Mutation(
        "padded-batch-batch-first-reshaped",
        "rnn_guide/_data.py",
        "padded = padded.transpose(0, 1).contiguous()",
        "padded = padded.reshape(N, L_max, H_in)",
        "batch_first reshapes instead of transposing: steps and sequences mixed up",
    ),
    Mutation(
        "random-lengths-excludes-max",
        "rnn_guide/_data.py",
        "torch.randint(low, high + 1,",
        "torch.randint(low, high,",
        "max_length is never drawn (randint's upper end is exclusive)",
    ),
    # --- backpropagation through time: rnn_guide/_bptt.py ------------------
    Mutation(
        "bptt-missing-tanh-derivative",
        "rnn_guide/_bptt.py",
        "return 1 - h_t * h_t  # (N, H_out)",
        "return torch.ones_like(h_t)  # (N, H_out)",
        "the (1 - h_t^2) factor is dropped: tanh treated as the identity",
    ),
    Mutation(
        "bptt-delta-whh-transposed",
        "rnn_guide/_bptt.py",
        "delta = g_t @ weight_hh  #",
        "delta = g_t @ weight_hh.T  #",
        "dℓ/dh_{t-1} = g_t W_hh^T instead of g_t W_hh",
    ),
    Mutation(
        "bptt-grad-whh-wrong-state",
        "rnn_guide/_bptt.py",
        "grad_weight_hh += g_t.T @ states[t - 1]",
        "grad_weight_hh += g_t.T @ states[t]",
        "dℓ/dW_hh pairs g_t with h_t instead of h_{t-1}",
    ),
    Mutation(
        "bptt-unbatched-hx-grad-not-squeezed",
        "rnn_guide/_bptt.py",
        'grads["hx"] = layout.from_batched(grads["hx"])',
        'grads["hx"] = grads["hx"]',
        "unbatched input: the hx gradient keeps the batch of one, (1, 1, H_out)",
    ),
    # --- gradient probes: rnn_guide/_probes.py -----------------------------
    Mutation(
        "spectral-radius-is-max-singular-value",
        "rnn_guide/_probes.py",
        "torch.linalg.eigvals(matrix.detach())",
        "torch.linalg.svdvals(matrix.detach())",
        "spectral radius computed as the largest singular value (the 2-norm)",
    ),
    Mutation(
        "gradient-norms-default-is-tanh",
        "rnn_guide/_probes.py",
        "nonlinearity = _nonlinearity(rnn)",
        'nonlinearity = "tanh"',
        "nonlinearity=None measures a relu RNN as if it were tanh",
    ),
    Mutation(
        "gradient-norms-ignores-hx",
        "rnn_guide/_probes.py",
        "h_0 = input.new_zeros(N, rnn.hidden_size) if hx is None else hx[0]",
        "h_0 = input.new_zeros(N, rnn.hidden_size)",
        "the caller's hx is replaced by zeros",
    ),
    Mutation(
        "set-spectral-radius-first-layer-only",
        "rnn_guide/_probes.py",
        'if not name.startswith("weight_hh"):',
        'if name != "weight_hh_l0":',
        "only weight_hh_l0 is rescaled, not the other layers or the reverse direction",
    ),
    # --- gated variants: the steps in _equations.py, VariantCell in _cell.py -
    # Taught by docs/gated-variants.md (tests/test_variants.py checks them too).
    Mutation(
        "no-forget-blocks-g-o-swapped",
        "rnn_guide/_equations.py",
        "i, g, o = (input_term + recurrent_term).chunk(3, dim=-1)",
        "i, o, g = (input_term + recurrent_term).chunk(3, dim=-1)",
        "the 1997 LSTM reads its g and o blocks in each other's rows (VARIANTS says i g o)",
    ),
    Mutation(
        "coupled-input-gate-is-f",
        "rnn_guide/_equations.py",
        "c_t = f * c_prev + (1 - f) * torch.tanh(g)",
        "c_t = f * c_prev + f * torch.tanh(g)",
        "coupled gates write with f instead of 1 - f: what is forgotten is not what is written",
    ),
    Mutation(
        "no-output-tanh-keeps-tanh",
        "rnn_guide/_equations.py",
        "return torch.sigmoid(o) * c_t, c_t  # h_t: (N, H_cell), unbounded",
        "return torch.sigmoid(o) * torch.tanh(c_t), c_t  # h_t: (N, H_cell), unbounded",
        "the variant without the output tanh still applies it: h_t = o * tanh(c_t)",
    ),
    Mutation(
        "no-output-gate-drops-tanh-too",
        "rnn_guide/_equations.py",
        "    return torch.tanh(c_t), c_t  # h_t: (N, H_cell)\n",
        "    return c_t, c_t  # h_t: (N, H_cell)\n",
        "the variant without an output gate drops the output tanh too: h_t = c_t",
    ),
    Mutation(
        "cho-gru-resets-after-the-product",
        "rnn_guide/_equations.py",
        "n = torch.tanh(x_n + F.linear(r * h_prev, weight_hn, bias_hn))",
        "n = torch.tanh(x_n + r * F.linear(h_prev, weight_hn, bias_hn))",
        "Cho et al.'s GRU resets after W_hn, as PyTorch does: the variant is nn.GRU again",
    ),
    Mutation(
        "cho-gru-weight_hn-from-the-r-block",
        "rnn_guide/_cell.py",
        "weight_hn=self.hh.weight[2 * H :],",
        "weight_hn=self.hh.weight[:H],",
        "VariantCell hands Cho's step W_hr, the first block of hh, as W_hn",
    ),
    Mutation(
        "variant-blocks-order-not-the-steps",
        "rnn_guide/_equations.py",
        '"coupled": ("fgo", _coupled_step),',
        '"coupled": ("fog", _coupled_step),',
        "VARIANTS names the coupled cell's blocks f o g while its step reads f g o",
    ),
    Mutation(
        "peephole-weights-not-bound",
        "rnn_guide/_cell.py",
        "return partial(step, peephole=self.peephole)",
        "return partial(step, peephole=torch.zeros_like(self.peephole))",
        "VariantCell runs its peephole step with zeros, not its own peephole weights",
    ),
    # --- bridge_state: rnn_guide/_bridge.py --------------------------------
    # Taught by docs/encoder-decoder.md (tests/test_bridge.py checks them too).
    Mutation(
        "bridge-h_n-read-direction-major",
        "rnn_guide/_bridge.py",
        "by_layer = state.view(num_layers, 2, N, H_out)",
        "by_layer = state.view(2, num_layers, N, H_out).transpose(0, 1)",
        "h_n's rows read as all forward layers, then all backward ones, not layer by layer",
    ),
    Mutation(
        "bridge-concat-backward-first",
        "rnn_guide/_bridge.py",
        "torch.cat([forward, backward], dim=2)",
        "torch.cat([backward, forward], dim=2)",
        '"concat" puts the backward direction first, not [forward, backward]',
    ),
    Mutation(
        "bridge-forward-keeps-backward",
        "rnn_guide/_bridge.py",
        "return forward  # (num_layers, N, H_out)",
        "return backward  # (num_layers, N, H_out)",
        '"forward" keeps the backward direction',
    ),
    Mutation(
        "bridge-lstm-c_n-not-joined",
        "rnn_guide/_bridge.py",
        "return tuple(_join(part, num_layers, bidirectional, mode) for part in h_n)",
        "return (_join(h_n[0], num_layers, bidirectional, mode), h_n[1])",
        "an LSTM's c_n is passed on unjoined: (D * num_layers, N, H_out)",
    ),
    # --- Attention and length_mask: rnn_guide/_attention.py ------------------
    # Taught by docs/attention.md (tests/test_attention.py checks them too).
    Mutation(
        "length-mask-off-by-one",
        "rnn_guide/_attention.py",
        "return steps < torch.tensor(checked, device=device)[:, None]  # (N, S)",
        "return steps <= torch.tensor(checked, device=device)[:, None]  # (N, S)",
        "length_mask marks one padded step as real: padding gets weight",
    ),
    Mutation(
        "attention-softmax-over-queries",
        "rnn_guide/_attention.py",
        "weights = torch.softmax(scores, dim=-1)  # (N, L, S): over the source steps",
        "weights = torch.softmax(scores, dim=1)  # (N, L, S): over the source steps",
        "the softmax runs over the decoder steps, not the source steps",
    ),
    Mutation(
        "attention-default-scale-one-over-e_k",
        "rnn_guide/_attention.py",
        "self.scale = 1 / math.sqrt(key_size) if scale is None else float(scale)",
        "self.scale = 1 / key_size if scale is None else float(scale)",
        "the default scale is 1 / E_k, not scaled_dot_product_attention's 1 / sqrt(E_k)",
    ),
    Mutation(
        "attention-additive-without-tanh",
        "rnn_guide/_attention.py",
        "return self.v(torch.tanh(q + k)).squeeze(-1)  # (N, L, S)",
        "return self.v(q + k).squeeze(-1)  # (N, L, S)",
        "the additive score drops its tanh: v^T (W_q q + W_k k_s)",
    ),
]

# Loaded into every pytest run with -p: fails the run before any test when the
# rnn_guide it imports is not the copy's. Importing it here also pins that
# module in sys.modules for every chapter of the session.
GUARD = """\
import os
from pathlib import Path

import pytest


def pytest_sessionstart(session):
    import rnn_guide

    root = Path(os.environ["MUTANTS_COPY_ROOT"]).resolve()
    where = Path(rnn_guide.__file__).resolve()
    if root not in where.parents:
        pytest.exit(f"rnn_guide imported from {where}, not from the copy {root}", returncode=4)
"""
GUARD_MODULE = "_mutants_guard"


@dataclass
class Outcome:
    rc: int
    seconds: float
    first_failure: str  # the first FAILED/ERROR test id, or ""
    reason: str  # the rest of that summary line
    tail: str  # the end of pytest's output, shown when something is off
    failures: list[str]  # every FAILED/ERROR test id, in the order pytest lists them


def tracked_files(root: Path) -> list[str]:
    listing = subprocess.run(
        ["git", "ls-files", "-z", "-c", "-o", "--exclude-standard"],
        cwd=root,
        check=True,
        capture_output=True,
    ).stdout.decode()
    return sorted({name for name in listing.split("\0") if name})


def copy_repository(root: Path, dest: Path) -> int:
    copied = 0
    for name in tracked_files(root):
        source = root / name
        if not source.exists() and not source.is_symlink():
            continue  # tracked but deleted in the working tree
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
        copied += 1
    return copied


def check_snippets(copy: Path, mutations: list[Mutation]) -> None:
    """Stop before running anything if a snippet is not found exactly once."""
    problems = []
    for m in mutations:
        path = copy / m.path
        if not path.is_file():
            problems.append(f"{m.name}: {m.path} does not exist")
            continue
        text = path.read_text(encoding="utf-8")
        count = text.count(m.old)
        if count != 1:
            problems.append(f"{m.name}: snippet found {count} times in {m.path}: {m.old!r}")
            continue
        try:
            compile(text.replace(m.old, m.new), m.path, "exec")
        except SyntaxError as error:
            problems.append(f"{m.name}: the mutated {m.path} does not compile: {error}")
    names = [m.name for m in mutations]
    problems += [f"{name}: duplicate name" for name in set(names) if names.count(name) > 1]
    if problems:
        sys.exit("mutations out of date with the code:\n  " + "\n  ".join(problems))


def import_location(copy: Path, env: dict[str, str]) -> str:
    probe = [sys.executable, "-c", "import rnn_guide; print(rnn_guide.__file__)"]
    result = subprocess.run(probe, cwd=copy, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"cannot import rnn_guide in the copy:\n{result.stderr}")
    return result.stdout.strip()


def pytest_env(copy: Path, guard_dir: Path) -> dict[str, str]:
    """The copy's rnn_guide first on sys.path, and the guard importable."""
    env = os.environ.copy()
    inherited = [entry for entry in env.get("PYTHONPATH", "").split(os.pathsep) if entry]
    probe_env = {key: value for key, value in env.items() if key != "PYTHONPATH"}
    found = import_location(copy, probe_env)
    print(f"rnn_guide without PYTHONPATH, from the copy root: {found}")
    env["PYTHONPATH"] = os.pathsep.join([str(copy), str(guard_dir), *inherited])
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no stale bytecode from the previous mutant
    env["COLUMNS"] = "200"  # room for the test id and message in the summary line
    env["MUTANTS_COPY_ROOT"] = str(copy)
    found = import_location(copy, env)
    print(f"rnn_guide with PYTHONPATH=<copy root>:        {found}")
    if copy.resolve() not in Path(found).resolve().parents:
        sys.exit(f"rnn_guide still resolves outside the copy {copy}: {found}")
    return env


def run_docs(copy: Path, env: dict[str, str], command: list[str]) -> Outcome:
    for cache in (copy / "rnn_guide").glob("**/__pycache__"):
        shutil.rmtree(cache)
    start = time.monotonic()
    try:
        result = subprocess.run(
            [*command, "-p", GUARD_MODULE],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return Outcome(-1, time.monotonic() - start, "", f"timed out after {TIMEOUT} s", "", [])
    seconds = time.monotonic() - start
    output = result.stdout + result.stderr
    failures, reasons = [], []
    for line in output.splitlines():
        match = re.match(r"(?:FAILED|ERROR) (\S+)(?: - (.*))?$", line)
        if match:
            failures.append(match.group(1))
            reasons.append(match.group(2) or "")
    first_failure, reason = (failures[0], reasons[0]) if failures else ("", "")
    tail = "\n".join(output.rstrip().splitlines()[-25:])
    return Outcome(result.returncode, seconds, first_failure, reason, tail, failures)


def verdict(outcome: Outcome) -> str:
    if outcome.rc == 0:
        return "SURVIVED"
    if outcome.rc == 1 or (outcome.rc == 2 and outcome.first_failure):
        return "caught"  # 2: interrupted by an error during collection
    return "ERROR"  # timeout, usage error, internal error, guard tripped


def shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only these mutations")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument(
        "--against",
        action="append",
        metavar="PATH",
        help="what pytest runs against each mutation, once per path (default: "
        "docs); e.g. --against tests/test_gated.py to check that the tests notice it",
    )
    parser.add_argument(
        "--every-failure",
        action="store_true",
        help="run without -x and count every failing example (slower): how many "
        "examples, in which chapters, catch each mutation",
    )
    args = parser.parse_args()
    if args.list:
        for m in MUTATIONS:
            print(f"{m.name:<42} {m.path:<26} {m.bug}")
        return 0
    unknown = sorted(set(args.names) - {m.name for m in MUTATIONS})
    if unknown:
        parser.error(f"unknown mutation(s): {', '.join(unknown)}; see --list")
    mutations = [m for m in MUTATIONS if not args.names or m.name in args.names]
    options = (
        [arg for arg in PYTEST_OPTIONS if arg != "-x"] if args.every_failure else PYTEST_OPTIONS
    )
    command = [sys.executable, "-m", "pytest", *(args.against or ["docs"]), *options]

    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rnn-guide-mutants-") as scratch:
        copy, guard_dir = Path(scratch) / "repo", Path(scratch) / "guard"
        copy.mkdir()
        guard_dir.mkdir()
        (guard_dir / f"{GUARD_MODULE}.py").write_text(GUARD, encoding="utf-8")
        print(f"copied {copy_repository(REPO, copy)} files from {REPO} to {copy}")
        check_snippets(copy, mutations)
        env = pytest_env(copy, guard_dir)

        print(f"baseline: {' '.join(command[1:])} ...", flush=True)
        baseline = run_docs(copy, env, command)
        if baseline.rc != 0:
            print(baseline.tail)
            print(f"baseline FAILED (exit {baseline.rc}): the unmutated chapters must pass first")
            return 1
        print(f"baseline passed in {baseline.seconds:.1f} s")

        results = []
        for index, m in enumerate(mutations, 1):
            path = copy / m.path
            original = path.read_text(encoding="utf-8")
            path.write_text(original.replace(m.old, m.new), encoding="utf-8")
            try:
                outcome = run_docs(copy, env, command)
            finally:
                path.write_text(original, encoding="utf-8")
            result = verdict(outcome)
            results.append((m, result, outcome))
            where = outcome.first_failure or "(every chapter passed)"
            counter = f"[{index:>2}/{len(mutations)}]"
            print(f"{counter} {result:<8} {m.name} ({outcome.seconds:.1f} s) {where}")
            if result == "ERROR":
                print(outcome.tail)

    total = time.monotonic() - start
    name_width = max(len(m.name) for m, _, _ in results)
    print()
    print(f"{'mutation':<{name_width}}  {'result':<8}  {'time':>6}  first failing test")
    print(f"{'-' * name_width}  {'-' * 8}  {'-' * 6}  {'-' * 40}")
    for m, result, outcome in results:
        where = outcome.first_failure or "-"
        if outcome.reason:
            where += f" - {shorten(outcome.reason, 70)}"
        print(f"{m.name:<{name_width}}  {result:<8}  {outcome.seconds:>5.1f}s  {where}")
        if args.every_failure and outcome.failures:
            chapters = sorted({test.split("::")[0] for test in outcome.failures})
            print(f"{'':<{name_width}}  {len(outcome.failures)} failing: {', '.join(chapters)}")
    caught = sum(result == "caught" for _, result, _ in results)
    survived = [m for m, result, _ in results if result == "SURVIVED"]
    errors = [m for m, result, _ in results if result == "ERROR"]
    print()
    print(
        f"{caught}/{len(results)} caught, {len(survived)} survived, {len(errors)} errors; "
        f"baseline {baseline.seconds:.1f} s, total {total:.1f} s"
    )
    for m in survived:
        print(f"SURVIVED {m.name}: {m.bug} ({m.path})")
    return 1 if survived or errors else 0


if __name__ == "__main__":
    sys.exit(main())
