"""A tiny SVG line-chart writer for the guide's figures, with no dependencies.

The site has no plotting library and does not need one: a figure is a few
polylines, two axes and a legend. The SVG uses only the diagram classes of
`docs/stylesheets/extra.css` (`wire`, `shared`, `box`, `accent`, `muted`,
`backdrop`) and text in the page's colour, so it follows the light/dark toggle;
without the site's CSS the legend's backdrop is `Canvas`, the viewer's own
background colour. Series differ
by dash pattern and marker shape as well as colour, so they stay apart in
print and for readers who do not see the colour. Coordinates are rounded to
0.1 px, so tiny floating-point differences between machines do not change the
file.
"""

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass

from rnn_guide._validate import _check_int

MARKERS = ("circle", "square", "triangle", "none")
_MUTED = ' opacity="0.45"'  # the fallback for `muted` without the site's CSS
_EM = 14  # the labels' font size in px (svg.diagram in extra.css)
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Series:
    """One line of a chart: its points and how to draw them.

    See [Vanishing and exploding gradients](gradients.md).

    Args:
        label: The legend entry.
        x: The x values.
        y: The y values, all positive on a log-scale chart.
        dash: An SVG `stroke-dasharray` such as `"6 4"`; empty for a solid line.
        marker: `"circle"`, `"square"`, `"triangle"` or `"none"`.
        accent: Draw in the accent colour instead of the text colour.
        mark_every: Put a marker on every n-th point only, starting with the
            first, to lighten a line with many points.
    """

    label: str
    x: Sequence[float]
    y: Sequence[float]
    dash: str = ""
    marker: str = "circle"
    accent: bool = False
    mark_every: int = 1

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or not self.x:
            raise ValueError(
                f"Series expects x and y of the same nonzero length, "
                f"got {len(self.x)} and {len(self.y)}"
            )
        if self.marker not in MARKERS:
            raise ValueError(f"Series expects marker in {MARKERS}, got {self.marker!r}")
        _check_int(self.mark_every, "mark_every", "Series", minimum=1)


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    x_label: str,
    y_label: str,
    log_y: bool = True,
    y_range: tuple[float, float] | None = None,
    x_ticks: Sequence[float] | None = None,
    reference_y: float | None = None,
    width: int = 640,
    height: int = 400,
) -> str:
    """Draw series as an SVG line chart and return the markup.

    See [Vanishing and exploding gradients](gradients.md).

    Args:
        series: The lines to draw, in legend order.
        title: The figure's `<title>`, its accessible name outside the site.
        x_label: The x axis label.
        y_label: The y axis label.
        log_y: Use a base-10 log scale for y, with a tick at each power of 10.
        y_range: `(low, high)` for the y axis; by default the data's range,
            widened to whole powers of 10 on a log scale. Points outside it are
            clipped to the edge.
        x_ticks: Where to put x ticks; by default 6 evenly spaced values.
        reference_y: Draw a dashed, muted horizontal line at this y.
        width: The SVG's width in px.
        height: The SVG's height in px.

    Returns:
        The SVG document as a string, ending with a newline.

    Raises:
        ValueError: If `series` is empty, or `log_y` and a y value or the range
            is not positive.
    """
    if not series:
        raise ValueError("line_chart() expects at least one series, got none")
    xs = [float(x) for s in series for x in s.x]
    ys = [float(y) for s in series for y in s.y]
    if log_y and (min(ys) <= 0 or (y_range is not None and min(y_range) <= 0)):
        raise ValueError("line_chart() expects positive y values on a log scale")
    transform = math.log10 if log_y else float
    if y_range is None:
        low, high = transform(min(ys)), transform(max(ys))
        if log_y:
            low, high = math.floor(low), math.ceil(high)
    else:
        low, high = transform(y_range[0]), transform(y_range[1])
    if high == low:
        high = low + 1
    x_low, x_high = min(xs), max(xs)
    if x_high == x_low:
        x_high = x_low + 1

    # The plotting area, with room for the y label and ticks on the left.
    left, right, top, bottom = 84, width - 16, 36, height - 56

    def px(x: float) -> float:
        return left + (x - x_low) / (x_high - x_low) * (right - left)

    def py(y: float) -> float:
        value = min(max(transform(y), low), high)
        return bottom - (value - low) / (high - low) * (bottom - top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f"  <title>{html.escape(title)}</title>",
        # On the site the classes decide every colour. These attributes are
        # only the fallback for a viewer without the site's CSS (a notebook, a
        # file preview): lines and text in the text colour, never a fixed one.
        '  <g fill="none" stroke="currentColor" stroke-width="1.5">',
    ]
    labels = ['  <g fill="currentColor" stroke="none">']
    # Grid and y ticks.
    if log_y:
        y_ticks = [10.0**k for k in range(int(low), int(high) + 1)]
        step = max(1, math.ceil(len(y_ticks) / 8))
        y_ticks = y_ticks[::step]
    else:
        y_ticks = [low + i * (high - low) / 5 for i in range(6)]
    for y in y_ticks:
        yy = _f(py(y))
        parts.append(f'    <path class="wire muted"{_MUTED} d="M {left} {yy} H {right}"/>')
        labels.append(
            f'    <text x="{left - 8}" y="{yy}" dy="0.35em" '
            f'text-anchor="end">{_tick_label(y, log_y)}</text>'
        )
    if x_ticks is None:
        x_ticks = [x_low + i * (x_high - x_low) / 5 for i in range(6)]
    for x in x_ticks:
        xx = _f(px(x))
        parts.append(f'    <path class="wire" d="M {xx} {bottom} V {bottom + 5}"/>')
        labels.append(
            f'    <text x="{xx}" y="{bottom + 20}" text-anchor="middle">{_number(x)}</text>'
        )
    # Axes and labels.
    parts.append(f'    <path class="wire" d="M {left} {top} V {bottom} H {right}"/>')
    labels.append(
        f'    <text x="{(left + right) / 2:.1f}" y="{height - 12}" '
        f'text-anchor="middle">{html.escape(x_label)}</text>'
    )
    labels.append(
        f'    <text transform="translate(18 {(top + bottom) / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{html.escape(y_label)}</text>'
    )
    if reference_y is not None:
        yy = _f(py(reference_y))
        parts.append(
            f'    <path class="wire muted"{_MUTED} stroke-dasharray="2 4" '
            f'd="M {left} {yy} H {right}"/>'
        )
    # Where a gridline or the reference line runs through the legend, a
    # backdrop in the page's colour, over them and under the series: no line
    # strikes a legend entry, and no data is hidden. Its width allows 0.6 em a
    # character (text is not measured here).
    legend_top, legend_bottom = top + 3, top + 3 + 22 * len(series)
    lines_y = [py(y) for y in y_ticks] + ([] if reference_y is None else [py(reference_y)])
    if any(legend_top <= y <= legend_bottom for y in lines_y):
        legend_width = 46 + math.ceil(0.6 * _EM * max(len(s.label) for s in series)) + 10
        parts.append(
            f'    <rect class="backdrop" fill="Canvas" stroke="none" x="{left + 6}" '
            f'y="{legend_top}" width="{legend_width}" height="{legend_bottom - legend_top}"/>'
        )
    # The series, then the legend in the top-left corner.
    for s in series:
        points = [(px(x), py(y)) for x, y in zip(s.x, s.y, strict=True)]
        parts.append(_polyline(s, points))
        if s.marker != "none":
            parts.extend(_marker(s, x, y) for x, y in points[:: s.mark_every])
    for i, s in enumerate(series):
        y = top + 14 + 22 * i
        x = left + 14
        legend = Series(s.label, [0, 1], [0, 0], s.dash, s.marker, s.accent)
        parts.append(_polyline(legend, [(x, y), (x + 36, y)]))
        if s.marker != "none":
            parts.append(_marker(legend, x + 18, y))
        labels.append(f'    <text x="{x + 46}" y="{y}" dy="0.35em">{html.escape(s.label)}</text>')
    parts.append("  </g>")
    parts.extend(labels)
    parts.append("  </g>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _polyline(s: Series, points: list[tuple[float, float]]) -> str:
    # `shared` sets only the stroke, in the accent colour; the enclosing group
    # keeps the fill off. (`wire shared` would not do: `wire` comes later in
    # extra.css and wins.)
    css = "shared" if s.accent else "wire"
    dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
    coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in points)
    return f'    <polyline class="{css}"{dash} points="{coords}"/>'


def _marker(s: Series, x: float, y: float) -> str:
    # Filled in the accent colour, or hollow (the code background) in the
    # text colour; without the site's CSS, filled or hollow in the text colour.
    css = 'class="accent" fill="currentColor"' if s.accent else 'class="box"'
    if s.marker == "circle":
        return f'    <circle {css} cx="{_f(x)}" cy="{_f(y)}" r="3.5"/>'
    if s.marker == "square":
        return f'    <rect {css} x="{_f(x - 3.5)}" y="{_f(y - 3.5)}" width="7" height="7"/>'
    corners = [(x, y - 4.5), (x + 4.5, y + 3.5), (x - 4.5, y + 3.5)]
    coords = " ".join(f"{_f(a)},{_f(b)}" for a, b in corners)
    return f'    <polygon {css} points="{coords}"/>'


def _f(value: float) -> str:
    """Round a coordinate to 0.1 px, and never print -0.0."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _number(value: float) -> str:
    return f"{value:g}"


def _tick_label(value: float, log_y: bool) -> str:
    if not log_y:
        return _number(value)
    exponent = round(math.log10(value))
    return "1" if exponent == 0 else "10" + str(exponent).translate(_SUPERSCRIPT)
