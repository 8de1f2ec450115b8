"""Team utilisation and waits, checked through their bars."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from analysis.charts.labels import word
from analysis.charts.utilisation import plot_utilisation


def widths(ax):
    return [p.get_width() for p in ax.containers[0].patches]


def test_bars_are_the_shares_and_the_waits(sloppy, sloppy_metrics):
    ax = plot_utilisation(sloppy, sloppy_metrics, "en")
    items = sloppy_metrics["coordination"]["tasks"]["utilisation"]
    assert len(ax.containers[0].patches) == len(items)
    assert widths(ax) == pytest.approx([u["share"] for u in items])
    assert widths(ax.waits) == pytest.approx([u["waited"] / 60 for u in items])
    assert max(u["waited"] for u in items) > 0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_name_the_role_and_its_headcount(ddos, ddos_metrics, lang):
    ax = plot_utilisation(ddos, ddos_metrics, lang)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    items = ddos_metrics["coordination"]["tasks"]["utilisation"]
    for label, item in zip(labels, items, strict=True):
        assert ddos.org.roles[item["role"]].name.get(lang) in label
        assert f"{item['headcount']}" in label and word("headcount", lang) in label
    assert ax.get_title() == word("utilisation_title", lang)
    assert ax.waits.get_xlabel() == word("waited_axis", lang)


def test_a_given_axes_is_split_in_its_grid_cell(ddos, ddos_metrics):
    figure = Figure(layout="constrained")
    left, right = figure.subplots(1, 2)
    ax = plot_utilisation(ddos, ddos_metrics, ax=right)
    assert ax is right
    assert len(figure.axes) == 3
    assert ax.waits.get_subplotspec().get_gridspec() is ax.get_subplotspec().get_gridspec()
    figure.draw_without_rendering()
    assert ax.waits.get_position().x0 > ax.get_position().x1 > left.get_position().x1
