"""Milestone time against target, checked through its bars, ticks and notes."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex

from analysis.charts.canvas import STATUS_COLOURS
from analysis.charts.labels import word
from analysis.charts.milestones import BARRED, bar_width, plot_milestones
from tests.analysis.charts.conftest import unwrap


def bars(ax):
    return [container.patches[0] for container in ax.containers]


def test_one_bar_per_milestone_reached_or_missed_as_wide_as_its_time(ddos, ddos_metrics):
    ax = plot_milestones(ddos, ddos_metrics, "en")
    items = ddos_metrics["speed"]["milestones"]
    assert len(bars(ax)) == len(items)
    assert [b.get_width() for b in bars(ax)] == pytest.approx([m["elapsed"] for m in items])
    assert [b.get_y() + b.get_height() / 2 for b in bars(ax)] == list(range(len(items)))


def test_budgets_are_ticks_on_each_row(ddos, ddos_metrics):
    ax = plot_milestones(ddos, ddos_metrics)
    ticks = next(c for c in ax.collections if c.get_gid() == "budgets")
    items = ddos_metrics["speed"]["milestones"]
    assert [tuple(p) for p in ticks.get_offsets()] == pytest.approx(
        [(m["budget"], y) for y, m in enumerate(items)])


def test_each_status_is_drawn_its_own_way(wrong_call, wrong_call_metrics, cut_short,
                                          cut_short_metrics):
    seen: set[str] = set()
    for record, metrics in ((wrong_call, wrong_call_metrics), (cut_short, cut_short_metrics)):
        items = metrics["speed"]["milestones"]
        statuses = {m["status"] for m in items}
        seen |= statuses
        ax = plot_milestones(record, metrics, "zh")
        drawn = [m for m in items if m["status"] in BARRED]
        assert len(bars(ax)) == len(drawn) < len(items), "not required, not started: no bar"
        colours = [to_hex(b.get_facecolor()[:3]) for b in bars(ax)]
        assert colours == [STATUS_COLOURS[m["status"]] for m in drawn]
        for bar, milestone in zip(bars(ax), drawn, strict=True):
            if milestone["status"] == "missed":
                assert bar.get_hatch() == "///"
                assert bar.get_width() == pytest.approx(record.end - milestone["root_t"])
                assert bar_width(milestone, record.end) == pytest.approx(bar.get_width())
        notes = [t.get_text() for t in ax.texts]
        if "missed" in statuses:
            assert any(n.startswith(word("missed", "zh")) for n in notes)
        for status in ("not_required", "not_started"):
            if status in statuses:
                assert word(status, "zh").strip() in [n.strip() for n in notes]
    assert seen == {"on_time", "late", "missed", "not_required", "not_started"}, \
        "the two drills show every status between them"


def test_missed_milestones_of_a_real_drill_run_to_its_end(sloppy, sloppy_metrics):
    ax = plot_milestones(sloppy, sloppy_metrics, "en")
    items = sloppy_metrics["speed"]["milestones"]
    missed = [(b, m) for b, m in zip(bars(ax), items, strict=True) if m["status"] == "missed"]
    assert missed
    for bar, milestone in missed:
        assert bar.get_x() + bar.get_width() == pytest.approx(sloppy.end - milestone["root_t"])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_are_named_in_the_language(ddos, ddos_metrics, lang):
    ax = plot_milestones(ddos, ddos_metrics, lang)
    names = [unwrap(t.get_text(), lang) for t in ax.get_yticklabels()]
    assert names == [m["name"][lang] for m in ddos_metrics["speed"]["milestones"]]
    assert ax.get_title() == word("milestones_title", lang)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [word(k, lang) for k in ("on_time", "late", "missed", "target")]


def test_notes_give_time_and_budget(ddos, ddos_metrics):
    ax = plot_milestones(ddos, ddos_metrics, "en")
    notes = [t.get_text() for t in ax.texts if t.get_gid() == "note"]
    assert notes[0] == "2m15s / 10m"
    assert len(notes) == len(ddos_metrics["speed"]["milestones"])
