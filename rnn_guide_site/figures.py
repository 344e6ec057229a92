"""Regenerate the guide's measured figures: `python -m rnn_guide_site.figures`.

Each figure is drawn from numbers the code measures, never by hand, and
`tests/test_figures.py` regenerates every one and compares it with the committed
file, so a change that alters a measurement cannot leave a stale figure behind.
"""

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from rnn_guide import gradient_norms_by_radius

from .model_figures import char_model_figure, classify_figure, forecast_figure, speed_figure
from .seq2seq_figures import attention_heatmap_figure, attention_length_figure
from .svgplot import Series, line_chart
from .variants_figures import recall_figure

# Relative to the working directory: `make figures` runs from the repository root.
FIGURES_DIR = Path("docs") / "figures"

# How each nonlinearity is drawn, the same in every figure.
STYLES = {
    "identity": dict(label="linear", dash="", marker="circle", accent=False),
    "tanh": dict(label="tanh", dash="7 4", marker="square", accent=True),
    "relu": dict(label="relu", dash="2 3", marker="triangle", accent=False),
}

LENGTH = 30  # L for both figures


def radius_figure() -> str:
    """Draw `‖dℓ/dh_1‖ / ‖dℓ/dh_L‖` against the spectral radius of `W_hh`.

    See [Vanishing and exploding gradients](gradients.md#measuring-it).

    Returns:
        The SVG markup of `docs/figures/bptt-radius.svg`.
    """
    radii = [round(0.5 + 0.1 * i, 1) for i in range(16)]  # 0.5 to 2.0
    series = []
    for nonlinearity, style in STYLES.items():
        ratios = gradient_norms_by_radius(radii, nonlinearity, length=LENGTH)
        # A marker at radius 0.5, 1.0, 1.5 and 2.0: enough to tell the lines apart.
        series.append(Series(x=radii, y=ratios[:, 0].tolist(), mark_every=5, **style))
    return line_chart(
        series,
        title=(
            f"The gradient that reaches step 1 from a loss at step {LENGTH}, "
            f"against the spectral radius of W_hh, for a linear, a tanh and a "
            f"relu RNN"
        ),
        x_label="spectral radius of W_hh",
        y_label=f"‖dℓ/dh₁‖ / ‖dℓ/dh{_subscript(LENGTH)}‖",
        y_range=(1e-16, 1e12),
        x_ticks=[0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0],
        reference_y=1.0,
    )


def steps_figure() -> str:
    """Draw `‖dℓ/dh_t‖ / ‖dℓ/dh_L‖` against steps back, for a linear RNN.

    See [Vanishing and exploding gradients](gradients.md#measuring-it).

    Returns:
        The SVG markup of `docs/figures/bptt-steps.svg`.
    """
    radii = [0.8, 1.0, 1.2]
    ratios = gradient_norms_by_radius(radii, "identity", length=LENGTH)
    steps_back = list(range(LENGTH))  # L - t for t = L, L - 1, ..., 1
    # A marker every 5 steps back, on the x ticks: 90 would weigh down the page.
    looks = [
        dict(dash="", marker="circle", accent=False, mark_every=5),
        dict(dash="7 4", marker="square", accent=True, mark_every=5),
        dict(dash="2 3", marker="triangle", accent=False, mark_every=5),
    ]
    series = [
        Series(
            label=f"spectral radius {radius}",
            x=steps_back,
            y=row.flip(0).tolist(),  # from t = L back to t = 1
            **look,
        )
        for radius, row, look in zip(radii, ratios, looks, strict=True)
    ]
    return line_chart(
        series,
        title=(
            f"A linear RNN: the gradient's norm at each step back from a loss "
            f"at step {LENGTH}, for W_hh with spectral radius 0.8, 1.0 and 1.2"
        ),
        x_label=f"steps back from the loss, {LENGTH} − t",
        y_label=f"‖dℓ/dhₜ‖ / ‖dℓ/dh{_subscript(LENGTH)}‖",
        y_range=(1e-4, 1e4),
        x_ticks=[0, 5, 10, 15, 20, 25, 29],
        reference_y=1.0,
    )


GATES_LENGTH = 50  # L for the gated-layers figure


def gates_figure() -> str:
    """Draw `‖dℓ/dx_t‖ / ‖dℓ/dx_L‖` against steps back for the three layers.

    Default `nn.RNN`, `nn.LSTM` and `nn.GRU`, then the LSTM with its forget
    gate's bias at 3 and the GRU with its update gate's at 3. See
    [Why gates](why-gates.md#the-gradient-that-reaches-step-1).

    Returns:
        The SVG markup of `docs/figures/why-gates-gradient.svg`.
    """
    import torch
    from torch import nn

    def keep_open(layer: nn.Module, value: float) -> nn.Module:
        hidden = layer.hidden_size
        with torch.no_grad():
            layer.bias_ih_l0[hidden : 2 * hidden] = value
            layer.bias_hh_l0[hidden : 2 * hidden] = 0.0
        return layer

    layers = [
        ("RNN", lambda: nn.RNN(4, 32), dict(dash="", marker="circle")),
        ("LSTM", lambda: nn.LSTM(4, 32), dict(dash="7 4", marker="square")),
        ("GRU", lambda: nn.GRU(4, 32), dict(dash="2 3", marker="triangle")),
        (
            "LSTM, forget bias 3",
            lambda: keep_open(nn.LSTM(4, 32), 3.0),
            dict(dash="", marker="square", accent=True),
        ),
        (
            "GRU, update bias 3",
            lambda: keep_open(nn.GRU(4, 32), 3.0),
            dict(dash="2 3", marker="triangle", accent=True),
        ),
    ]
    series = []
    for label, make, look in layers:
        torch.manual_seed(0)
        layer = make().double()
        x = torch.randn(GATES_LENGTH, 16, 4, dtype=torch.float64, requires_grad=True)
        output, _ = layer(x)
        output[-1].sum().backward()
        norms = x.grad.norm(dim=(1, 2))  # (L,)
        shares = (norms / norms[-1]).flip(0)  # from t = L back to t = 1
        series.append(
            Series(
                label=label,
                x=list(range(GATES_LENGTH)),
                y=shares.tolist(),
                mark_every=7,
                **look,
            )
        )
    return line_chart(
        series,
        title=(
            f"The gradient of a loss at step {GATES_LENGTH} with respect to each "
            f"earlier input, for a default RNN, LSTM and GRU, and for the LSTM "
            f"and GRU with the gate that keeps their state biased to 3"
        ),
        x_label=f"steps back from the loss, {GATES_LENGTH} − t",
        y_label=f"‖dℓ/dxₜ‖ / ‖dℓ/dx{_subscript(GATES_LENGTH)}‖",
        y_range=(1e-14, 1e10),  # the legend sits above the lines
        x_ticks=[0, 7, 14, 21, 28, 35, 42, 49],
        reference_y=1.0,
    )


def _subscript(number: int) -> str:
    return str(number).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


FIGURES: dict[str, Callable[[], str]] = {
    "attention-heatmap.svg": attention_heatmap_figure,
    "attention-length.svg": attention_length_figure,
    "bptt-radius.svg": radius_figure,
    "bptt-steps.svg": steps_figure,
    "char-model-loss.svg": char_model_figure,
    "classify-lengths.svg": classify_figure,
    "forecast-horizon.svg": forecast_figure,
    "speed-cpu.svg": speed_figure,
    "variants-recall.svg": recall_figure,
    "why-gates-gradient.svg": gates_figure,
}


def main(argv: list[str] | None = None) -> int:
    """Write every figure into `docs/figures/`, or with `--check` compare only."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if a committed figure differs",
    )
    args = parser.parse_args(argv)
    stale = []
    for name, draw in FIGURES.items():
        path = FIGURES_DIR / name
        svg = draw()
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != svg:
                stale.append(name)
            continue
        path.write_text(svg, encoding="utf-8")
        print(f"wrote {path}")
    if stale:
        print(
            f"stale figures: {', '.join(stale)}; run `python -m rnn_guide_site.figures`",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
