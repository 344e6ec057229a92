"""Time four ways of running one RNN layer, and the gated layers, on the CPU.

    python -m rnn_guide_site.speed            measure, write docs/data/speed-cpu.json
    python -m rnn_guide_site.speed --quick    fewer sizes, shorter runs, print only

The four ways, each a forward pass with no gradient, for a batch of N
sequences of L steps, H_in = H_out = H:

- `per-step`: a Python loop over time with both products at every step,
  `x_t W_ih^T + b_ih + h W_hh^T + b_hh`.
- `projection-first`: the input projection of every step in one matrix
  product, then a Python loop with one product per step, for the state.
- `unroll`: `rnn_guide.unroll`, the guide's scratch loop. It projects the
  input first too, and checks its arguments and handles every configuration
  around that loop.
- `nn.RNN`: one call, which reaches `torch._VF.rnn_tanh`: ATen's C++ loop,
  which on the CPU also projects the input of every step first.

And the gated layers of the same sizes, in float32, each one call:

- `nn.GRU`: ATen's C++ loop, as for `nn.RNN`, with three gates' products.
- `nn.LSTM`: on an x86 CPU in float32 ATen hands the whole layer to oneDNN
  (`mkldnn_rnn_layer`).
- `nn.LSTM, ATen loop`: the same layer with oneDNN switched off
  (`torch.backends.mkldnn.flags(enabled=False)`), so ATen's own loop runs it.

Timings come from `torch.utils.benchmark.Timer` on one thread, counting the
process's CPU time (`time.process_time`), not the wall clock: on a shared
machine the time spent waiting for a core while other processes run does not
count. That is a CPU-only method. Passing a `timer` replaces Timer's default
clock, the one that synchronises an accelerator before reading the time, and
CPU time leaves out the work a GPU does: on a GPU it would time the kernel
launches, not the kernels. Time GPU code with Timer's default `timer`. At
each size, 15 rounds in which every way runs a block of about 10 ms
in turn; the fastest block of each way is kept, since disturbances (caches,
interrupts) only ever slow a block down, and interleaving gives every way the
same chances. The JSON records the machine: CPU
model, core count, torch and Python versions, and the date. See
[What nn.RNN runs](speed.md). `python -m rnn_guide_site.figures` draws the
figure from the JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import torch
from torch import nn
from torch.utils import benchmark

from rnn_guide import unroll

# Relative to the working directory: `make speed` runs from the repository root.
DATA = Path("docs") / "data" / "speed-cpu.json"
WAYS = ("per-step", "projection-first", "unroll", "nn.RNN")
LAYERS = ("nn.RNN", "nn.GRU", "nn.LSTM", "nn.LSTM, ATen loop")
WITHOUT_ONEDNN = {"nn.LSTM, ATen loop"}
LENGTHS = (10, 30, 100, 300)
WIDTHS = (16, 64, 256)
BATCH = 32
ROUNDS = 15


def per_step(rnn: nn.RNN, input: torch.Tensor) -> torch.Tensor:
    """Run a one-layer tanh `rnn` with both products at every step.

    Args:
        rnn: A one-layer, one-direction, time-major `nn.RNN` with biases.
        input: `(L, N, H_in)`.

    Returns:
        `output`, `(L, N, H_out)`: what `rnn(input)[0]` returns, up to rounding.
    """
    W_ih, W_hh = rnn.weight_ih_l0, rnn.weight_hh_l0
    b_ih, b_hh = rnn.bias_ih_l0, rnn.bias_hh_l0
    h = input.new_zeros(input.shape[1], rnn.hidden_size)  # (N, H_out)
    states = []
    for x_t in input:  # (N, H_in)
        h = torch.tanh(x_t @ W_ih.T + b_ih + h @ W_hh.T + b_hh)  # (N, H_out)
        states.append(h)
    return torch.stack(states)  # (L, N, H_out)


def projection_first(rnn: nn.RNN, input: torch.Tensor) -> torch.Tensor:
    """Run a one-layer tanh `rnn` with the input projection done first.

    Args:
        rnn: A one-layer, one-direction, time-major `nn.RNN` with biases.
        input: `(L, N, H_in)`.

    Returns:
        `output`, `(L, N, H_out)`: what `rnn(input)[0]` returns, up to rounding.
    """
    W_ih, W_hh = rnn.weight_ih_l0, rnn.weight_hh_l0
    bias = rnn.bias_ih_l0 + rnn.bias_hh_l0
    projected = input @ W_ih.T + bias  # (L, N, H_out): every step at once
    h = input.new_zeros(input.shape[1], rnn.hidden_size)  # (N, H_out)
    states = []
    for p_t in projected:  # (N, H_out)
        h = torch.tanh(p_t + h @ W_hh.T)  # (N, H_out)
        states.append(h)
    return torch.stack(states)  # (L, N, H_out)


def cpu_model() -> str:
    """The CPU's model name, from /proc/cpuinfo where there is one."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def machine() -> dict:
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "threads": 1,
        "kernels": torch.backends.cpu.get_cpu_capability(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "date": datetime.date.today().isoformat(),
    }


def measure(length: int, width: int, rounds: int) -> dict[str, float]:
    """The fastest seconds per forward pass of each way and layer, at one size."""
    torch.manual_seed(0)
    rnn = nn.RNN(width, width)
    gru = nn.GRU(width, width)
    lstm = nn.LSTM(width, width)
    input = torch.randn(length, BATCH, width)  # (L, N, H_in)
    calls = {
        "per-step": lambda: per_step(rnn, input),
        "projection-first": lambda: projection_first(rnn, input),
        "unroll": lambda: unroll(rnn, input),
        "nn.RNN": lambda: rnn(input),
        "nn.GRU": lambda: gru(input),
        "nn.LSTM": lambda: lstm(input),
        "nn.LSTM, ATen loop": lambda: lstm(input),
    }
    with torch.no_grad():
        expected = rnn(input)[0]
        for way in WAYS[:3]:
            got = calls[way]()
            got = got[0] if isinstance(got, tuple) else got
            torch.testing.assert_close(got, expected)
        by_onednn = lstm(input)
        with _onednn(False):  # ATen's loop computes what oneDNN computes
            torch.testing.assert_close(lstm(input), by_onednn)
        timers = {
            way: benchmark.Timer(
                stmt="call()", globals={"call": call}, num_threads=1, timer=time.process_time
            )
            for way, call in calls.items()
        }

        def timeit(way: str, number: int) -> float:
            with _onednn(way not in WITHOUT_ONEDNN):
                return timers[way].timeit(number).mean

        # Blocks of about 10 ms each, whatever the size.
        numbers = {way: max(1, int(0.01 / timeit(way, 1))) for way in timers}
        seconds = dict.fromkeys(calls, math.inf)
        for _ in range(rounds):  # interleaved, so every way meets the same load
            for way in timers:
                seconds[way] = min(seconds[way], timeit(way, numbers[way]))
    return seconds


@contextlib.contextmanager
def _onednn(enabled: bool):
    """Let ATen hand an LSTM to oneDNN, or not, for the block's duration."""
    with warnings.catch_warnings():
        # Switching oneDNN warns about TF32 on Intel GPUs, which we do not use.
        warnings.filterwarnings("ignore", message=".*TF32")
        with torch.backends.mkldnn.flags(enabled=enabled):
            yield


def run(lengths, widths, rounds: int) -> dict:
    results = []
    for width in widths:
        for length in lengths:
            seconds = measure(length, width, rounds)
            for way in seconds:
                # Four significant digits: the noise is larger than that.
                seconds_4 = float(f"{seconds[way]:.4g}")
                results.append({"way": way, "L": length, "H": width, "seconds": seconds_4})
            print(
                f"H={width:<4} L={length:<4} "
                + "  ".join(f"{way} {seconds[way] * 1e3:.3f} ms" for way in seconds),
                flush=True,
            )
    # The 1-minute load average at the end: above 1 on one thread, other
    # programs were running (the CPU time measured still excludes their work).
    return {
        "machine": machine() | {"load": round(os.getloadavg()[0], 2)},
        "batch": BATCH,
        "rounds": rounds,
        "ways": list(WAYS),
        "layers": list(LAYERS),
        "results": results,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run; print only")
    args = parser.parse_args(argv)
    with torch.no_grad():
        if args.quick:
            run((10, 100), (16,), rounds=3)
            return 0
        data = run(LENGTHS, WIDTHS, rounds=ROUNDS)
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {DATA}; now run `python -m rnn_guide_site.figures`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
