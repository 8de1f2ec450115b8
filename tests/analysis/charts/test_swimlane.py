"""The swimlane, checked through its artists against the journal."""

from __future__ import annotations

import re

import pytest
from matplotlib.colors import to_hex

from analysis.charts.canvas import STATUS_COLOURS
from analysis.charts.labels import word
from analysis.charts.swimlane import (
    INJECT_OFFSET,
    MESSAGES,
    MILESTONE_LANE,
    lanes,
    plot_swimlane,
)


def lane_y(record):
    return {role: float(i) for i, role in enumerate(lanes(record))}


def offsets(collection):
    return sorted(tuple(map(float, p)) for p in collection.get_offsets())


def test_one_lane_per_role_grouped_by_the_plan(ddos):
    order = lanes(ddos)
    assert sorted(order) == sorted(ddos.roles)
    groups = [ddos.group_of(r) for r in order]
    assert groups == sorted(groups, key=list(ddos.org.groups).index)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lane_labels_are_the_role_names(ddos, ddos_metrics, lang):
    ax = plot_swimlane(ddos, ddos_metrics, lang)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == word("milestones_lane", lang)
    assert labels[1:] == [ddos.org.roles[r].name.get(lang) for r in lanes(ddos)]
    assert list(ax.get_yticks()) == [MILESTONE_LANE, *lane_y(ddos).values()]


def test_injects_sit_on_the_lanes_of_their_recipients(ddos, ddos_metrics):
    injects = plot_swimlane(ddos, ddos_metrics).collections[0]
    y = lane_y(ddos)
    expected = sorted((e.t, y[r] + INJECT_OFFSET)
                      for e in ddos.of("inject.fired") for r in e.data["to"])
    assert expected and offsets(injects) == pytest.approx(expected)


def test_actions_and_messages_sit_on_the_actors_lane_apart(ddos, ddos_metrics):
    ax = plot_swimlane(ddos, ddos_metrics)
    actions, messages = ax.collections[1], ax.collections[2]
    y = lane_y(ddos)
    taken = ddos.of("action.taken")
    said = sorted((e.t, y[e.actor]) for e in taken if e.data["action"] in MESSAGES)
    done = sorted((e.t, y[e.actor]) for e in taken if e.data["action"] not in MESSAGES)
    assert said and done
    assert offsets(messages) == pytest.approx(said)
    assert offsets(actions) == pytest.approx(done)
    assert actions.get_paths()[0] != messages.get_paths()[0]  # distinct markers


def test_milestones_are_stars_at_the_time_reached_coloured_by_status(sloppy, sloppy_metrics):
    ax = plot_swimlane(sloppy, sloppy_metrics, "en")
    stars = ax.collections[3]
    assert stars.get_gid() == "milestones"
    reached = [m for m in sloppy_metrics["speed"]["milestones"] if m["reached"] is not None]
    assert [tuple(p) for p in stars.get_offsets()] == pytest.approx(
        [(m["reached"], MILESTONE_LANE) for m in reached])
    assert [to_hex(c) for c in stars.get_facecolors()] == [
        STATUS_COLOURS[m["status"]] for m in reached]
    assert {m["status"] for m in reached} >= {"on_time", "late"}


def test_time_axis_reads_as_the_drill_clock(ddos, ddos_metrics):
    ax = plot_swimlane(ddos, ddos_metrics, "en")
    ax.get_figure().draw_without_rendering()
    low, high = ax.get_xlim()
    ticks = [t.get_text() for t in ax.get_xticklabels() if low <= t.get_position()[0] <= high]
    assert ticks[0] == "0:00"
    assert all(re.fullmatch(r"\d+:\d\d", t) for t in ticks)
    assert ax.get_xlim()[1] >= ddos.end


def test_legend_names_every_mark_and_group_in_the_language(ddos, ddos_metrics):
    legend = plot_swimlane(ddos, ddos_metrics, "zh").get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    for key in ("inject_received", "action_taken", "message_sent"):
        assert word(key, "zh") in labels
    for group in ddos.org.groups.values():
        assert group.name.zh in labels
