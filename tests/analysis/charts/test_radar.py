"""The capability radar, checked through its polygon and labels."""

from __future__ import annotations

import math

import pytest
from matplotlib.figure import Figure

from analysis.charts.labels import word
from analysis.charts.radar import angles, plot_radar


def test_polygon_vertices_are_the_scores(ddos, ddos_metrics):
    ax = plot_radar(ddos, ddos_metrics)
    capabilities = ddos_metrics["ratings"]["capabilities"]
    scores = [c["score"] if c["score"] is not None else 0.0 for c in capabilities]
    line = ax.lines[0]
    assert list(line.get_ydata()) == pytest.approx([*scores, scores[0]])
    spokes = angles(len(capabilities))
    assert list(line.get_xdata()) == pytest.approx([*spokes, spokes[0]])
    assert spokes[1] == pytest.approx(2 * math.pi / len(capabilities))


def test_unscored_capabilities_are_marked_at_the_centre(cut_short, cut_short_metrics):
    ax = plot_radar(cut_short, cut_short_metrics, "en")
    capabilities = cut_short_metrics["ratings"]["capabilities"]
    marks = next(c for c in ax.collections if c.get_gid() == "unscored")
    spokes = angles(len(capabilities))
    expected = [(a, 0.0) for a, c in zip(spokes, capabilities, strict=True) if c["score"] is None]
    assert expected and [tuple(p) for p in marks.get_offsets()] == pytest.approx(expected)
    labels = [t.get_text() for t in ax.get_xticklabels()]
    unscored = [lab for lab, c in zip(labels, capabilities, strict=True) if c["score"] is None]
    assert all(word("no_score", "en") in lab for lab in unscored)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_spokes_are_named_with_their_rating(ddos, ddos_metrics, lang):
    ax = plot_radar(ddos, ddos_metrics, lang)
    labels = [t.get_text().replace("\n", " " if lang == "en" else "") for t in ax.get_xticklabels()]
    for label, capability in zip(labels, ddos_metrics["ratings"]["capabilities"], strict=True):
        assert capability["name"][lang] in label
        if capability["rating"]:
            assert f"{capability['rating']} · {capability['score']:.2f}" in label
    assert ax.get_title() == word("radar_title", lang)


def test_needs_polar_axes(ddos, ddos_metrics):
    with pytest.raises(ValueError, match="polar"):
        plot_radar(ddos, ddos_metrics, ax=Figure().add_subplot())
    polar = Figure().add_subplot(projection="polar")
    assert plot_radar(ddos, ddos_metrics, ax=polar) is polar
    assert plot_radar(ddos, ddos_metrics).name == "polar"
