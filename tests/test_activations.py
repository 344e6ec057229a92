"""The shaded text of "What a trained cell tracks": current, themed, and as its page says."""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import torch

from rnn_guide_site import activation_figures
from rnn_guide_site.activation_figures import (
    DRAWN,
    backticks,
    draw,
    draw_saturation,
    saturation,
    shaded_text,
)

SVG = "{http://www.w3.org/2000/svg}"
CONSTRAINTS = Path(__file__).resolve().parent.parent / "constraints.txt"
PINNED = re.search(r"^torch==(\S+)$", CONSTRAINTS.read_text(), re.M)[1]
ON_THE_PIN = torch.__version__.split("+")[0] == PINNED
# The text is the running torch's docstrings: the committed figure is the pin's.
pin_only = pytest.mark.skipif(not ON_THE_PIN, reason=f"the figure is drawn on torch {PINNED}")


@pin_only
@pytest.mark.parametrize("path", sorted(DRAWN), ids=lambda path: path.name)
def test_committed_figure_is_up_to_date(path):
    assert path.read_text(encoding="utf-8") == DRAWN[path](), (
        f"{path} is stale: run `python -m rnn_guide_site.activation_figures` and commit it"
    )


@pytest.mark.parametrize("draw_figure", [draw, draw_saturation], ids=["text", "saturation"])
def test_figures_draw_only_with_the_text_colour(draw_figure):
    svg = draw_figure()
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text.strip()
    for element in root.iter():
        for attribute in ("fill", "stroke", "color"):
            assert element.get(attribute) in (None, "none", "currentColor")
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(|style=|class=", svg)


def test_the_shade_is_at_most_the_stated_opacity():
    root = ET.fromstring(draw())
    opacities = {float(e.get("fill-opacity")) for e in root.iter(f"{SVG}rect")}
    assert opacities and max(opacities) <= activation_figures.MAX_OPACITY == 0.25


def test_saturation_has_one_point_per_unit_below_the_diagonal():
    root = ET.fromstring(draw_saturation())
    assert len(list(root.iter(f"{SVG}circle"))) == 3 * 64
    for lefts, rights in saturation().values():
        assert len(lefts) == len(rights) == 64
        assert all(a + b <= 1 for a, b in zip(lefts, rights, strict=True))


@pin_only
def test_saturation_counts_are_those_its_description_gives():
    # units saturated on more than half of the characters: (right, left)
    counts = {
        name: (sum(r > 0.5 for r in rights), sum(a > 0.5 for a in lefts))
        for name, (lefts, rights) in saturation().items()
    }
    assert counts == {"input": (42, 1), "forget": (26, 9), "output": (15, 11)}
    # and inside the ranges of the chapter's table (left share, right share, units)
    table = {
        "input": ((0.04, 0.15), (0.50, 0.75), (40, 55)),
        "forget": ((0.12, 0.25), (0.40, 0.60), (25, 40)),
        "output": ((0.25, 0.40), (0.25, 0.45), (10, 25)),
    }
    for name, (lefts, rights) in saturation().items():
        values = [sum(lefts) / 64, sum(rights) / 64, counts[name][0]]
        for value, (low, high) in zip(values, table[name], strict=True):
            assert low <= value <= high, (name, value)


def test_one_glyph_per_character_and_a_line_under_each_one_inside_backticks():
    text, shades = shaded_text()
    root = ET.fromstring(draw())
    glyphs = [e.text for e in root.iter(f"{SVG}text")]
    assert glyphs == ["\u21b5" if ch == "\n" else ch for ch in text if ch != " "]
    assert len(list(root.iter(f"{SVG}line"))) == int(backticks(text).sum())
    assert len(shades) == len(text) == activation_figures.ROWS * activation_figures.WIDTH_CHARS


def _spans(text):
    """The (start, end) of each run of characters inside backticks."""
    inside = backticks(text).tolist() + [0]
    starts = [k for k in range(len(text)) if inside[k] and not (k and inside[k - 1])]
    return [(k, inside.index(0, k)) for k in starts]


def test_the_shading_is_more_than_twice_as_dark_inside_backticks():
    # What the chapter says of the figure, on whichever torch runs it.
    text, shades = shaded_text()
    shades = torch.tensor(shades, dtype=torch.float64)
    inside = backticks(text).bool()
    assert shades[inside].mean() > 2 * shades[~inside].mean()


@pin_only
def test_the_figure_is_as_its_description_says():
    # The page's alt text names the spans: the last two dark, the first four not.
    text, shades = shaded_text()
    spans = _spans(text)
    words = [text[a:b].strip("`") for a, b in spans]
    assert words == ["False", "True", "False", "False", "Linear", "LayerN"]
    assert text.startswith("h, seq, feature). Default: ``False``")
    means = [sum(shades[a:b]) / (b - a) for a, b in spans]
    assert all(m == 0 for m in means[:4]) and all(m >= 3 for m in means[4:])


def test_backticks_flip_at_the_last_backtick_of_a_run_and_reset_at_a_blank_line():
    assert backticks("a `b` c").tolist() == [0, 0, 1, 1, 0, 0, 0]
    assert backticks("``b``").tolist() == [0, 1, 1, 1, 0]
    assert backticks("`a\n\nb").tolist() == [1, 1, 1, 0, 0]


def test_window_says_what_it_needed_when_the_text_has_none():
    with pytest.raises(ValueError, match="no stretch of held-out text with four backtick spans"):
        activation_figures._window("no code here\n" * 100)


def test_check_mode_reports_a_stale_figure(tmp_path, monkeypatch, capsys):
    stale = {tmp_path / "x.svg": draw, tmp_path / "y.svg": draw_saturation}
    monkeypatch.setattr(activation_figures, "DRAWN", stale)
    assert activation_figures.main(["--check"]) == 1
    assert "python -m rnn_guide_site.activation_figures" in capsys.readouterr().err
    assert activation_figures.main([]) == 0
    assert activation_figures.main(["--check"]) == 0
