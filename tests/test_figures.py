"""The committed figures are what the code draws today, and draw only with the theme."""

import re
import xml.etree.ElementTree as ET

import pytest

from rnn_guide_site.figures import FIGURES, FIGURES_DIR, main
from rnn_guide_site.svgplot import Series, line_chart

REFRESH = "python -m rnn_guide_site.figures"
ALLOWED_CLASSES = {"box", "shared", "wire", "muted", "accent", "backdrop"}
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def drawn():
    return {name: draw() for name, draw in FIGURES.items()}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_committed_figure_is_up_to_date(name, drawn):
    committed = (FIGURES_DIR / name).read_text(encoding="utf-8")
    assert committed == drawn[name], (
        f"docs/figures/{name} is stale: the code now draws something else. "
        f"Run `{REFRESH}` and commit the result."
    )


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_follows_the_theme(name, drawn):
    svg = drawn[name]
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text.strip()
    classes = {c for e in root.iter() for c in e.get("class", "").split()}
    assert classes <= ALLOWED_CLASSES
    # No fixed colours: only currentColor, "none" and, for a backdrop, Canvas
    # (the viewer's own background colour) in paint attributes.
    for element in root.iter():
        for attribute in ("fill", "stroke", "color"):
            allowed = (None, "none", "currentColor")
            if "backdrop" in element.get("class", "").split():
                allowed += ("Canvas",)
            assert element.get(attribute) in allowed
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(|style=", svg)
    # Every series line is told apart by a dash pattern or a marker, not colour.
    # A heatmap has no lines: its cells carry their value in their opacity.
    lines = root.findall(f".//{SVG}polyline")
    assert not lines or len({line.get("stroke-dasharray") for line in lines}) >= 3


def test_check_mode_reports_a_stale_figure(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("rnn_guide_site.figures.FIGURES_DIR", tmp_path)
    assert main(["--check"]) == 1
    assert REFRESH in capsys.readouterr().err
    assert main([]) == 0
    assert main(["--check"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FIGURES)


def test_line_chart_maps_powers_of_ten_evenly_and_rounds_coordinates():
    svg = line_chart(
        [Series("a", [0, 1, 2], [1e-2, 1.0, 1e2])],
        title="t",
        x_label="x",
        y_label="y",
    )
    points = re.search(r'points="([^"]+)"', svg).group(1).split()
    ys = [float(p.split(",")[1]) for p in points]
    assert ys[0] - ys[1] == pytest.approx(ys[1] - ys[2])
    assert all(re.fullmatch(r"-?\d+\.\d,-?\d+\.\d", p) for p in points)


def test_line_chart_rejects_non_positive_values_on_a_log_scale():
    with pytest.raises(ValueError, match="positive y values"):
        line_chart([Series("a", [0, 1], [0.0, 1.0])], title="t", x_label="x", y_label="y")
    with pytest.raises(ValueError, match="same nonzero length"):
        Series("a", [0, 1], [1.0])
    with pytest.raises(ValueError, match="marker"):
        Series("a", [0], [1.0], marker="star")


def test_mark_every_draws_a_marker_on_every_nth_point_from_the_first():
    xs = list(range(11))
    svg = line_chart(
        [Series("a", xs, [1.0] * 11, mark_every=5)], title="t", x_label="x", y_label="y"
    )
    # Points 0, 5 and 10, and one more in the legend.
    assert svg.count("<circle") == 3 + 1
    with pytest.raises(ValueError, match="mark_every"):
        Series("a", [0], [1.0], mark_every=0)
    with pytest.raises(TypeError, match="mark_every"):
        Series("a", [0], [1.0], mark_every=2.0)


def test_a_legend_crossed_by_a_gridline_sits_on_a_backdrop_under_the_series():
    # A linear scale has a gridline at every fifth of the height: the second,
    # 61.6 px below the top, runs through the third legend entry.
    labels = ["a long legend entry", "b", "c"]
    series = [Series(label, [0, 1], [0.0, i + 1.0]) for i, label in enumerate(labels)]
    svg = line_chart(series, title="t", x_label="x", y_label="y", log_y=False)
    root = ET.fromstring(svg)
    drawn = list(root.find(f"{SVG}g"))
    backdrop = next(i for i, e in enumerate(drawn) if e.get("class") == "backdrop")
    grid = [i for i, e in enumerate(drawn) if e.tag == f"{SVG}path"]
    data = [i for i, e in enumerate(drawn) if e.tag == f"{SVG}polyline"]
    assert max(grid) < backdrop < min(data)
    # It spans every entry: 0.6 em (14 px) a character after the entry's line.
    rect = drawn[backdrop]
    x, y = float(rect.get("x")), float(rect.get("y"))
    texts = [t for t in root.iter(f"{SVG}text") if t.text in labels]
    assert len(texts) == 3
    for text in texts:
        assert y < float(text.get("y")) < y + float(rect.get("height"))
    assert x + float(rect.get("width")) >= float(texts[0].get("x")) + 0.6 * 14 * len(labels[0])


def test_a_legend_no_line_crosses_has_no_backdrop():
    svg = line_chart([Series("a", [0, 1], [1.0, 1e3])], title="t", x_label="x", y_label="y")
    assert "backdrop" not in svg
