"""The communication network, checked through its arrows, nodes and labels."""

from __future__ import annotations

import pytest
from matplotlib.patches import FancyArrowPatch

from analysis.charts.labels import word
from analysis.charts.network import WIDTH, graph, layout, plot_network
from tests.analysis.charts.conftest import unwrap


def arrows(ax):
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def test_one_arrow_per_edge(ddos, ddos_metrics):
    edges = ddos_metrics["coordination"]["network"]["edges"]
    ax = plot_network(ddos, ddos_metrics)
    assert len(arrows(ax)) == len(edges) > 5
    assert sorted(a.get_gid() for a in arrows(ax)) == sorted(
        f"{e['from']}->{e['to']}" for e in edges)


def test_arrow_width_grows_with_the_count(ddos, ddos_metrics):
    ax = plot_network(ddos, ddos_metrics)
    width = {a.get_gid(): a.get_linewidth() for a in arrows(ax)}
    edges = ddos_metrics["coordination"]["network"]["edges"]
    by_count = sorted(edges, key=lambda e: e["count"])
    assert width[f"{by_count[-1]['from']}->{by_count[-1]['to']}"] == pytest.approx(WIDTH[1])
    assert width[f"{by_count[0]['from']}->{by_count[0]['to']}"] == pytest.approx(WIDTH[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_role_is_a_named_node(ddos, ddos_metrics, lang):
    ax = plot_network(ddos, ddos_metrics, lang)
    nodes = next(c for c in ax.collections if c.get_gid() == "nodes")
    roles = [n["role"] for n in ddos_metrics["coordination"]["network"]["nodes"]]
    assert len(nodes.get_offsets()) == len(roles)
    names = {unwrap(t.get_text(), lang) for t in ax.texts
             if (t.get_gid() or "").startswith("label:")}
    assert names == {ddos.org.roles[r].name.get(lang) for r in roles}
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [g.name.get(lang) for g in ddos.org.groups.values()]


def test_title_carries_the_network_measures(ddos, ddos_metrics):
    net = ddos_metrics["coordination"]["network"]
    title = plot_network(ddos, ddos_metrics, "en").get_title()
    assert title.startswith(word("network_title", "en"))
    for key in ("density", "centralisation", "fragmentation"):
        assert f"{word(key, 'en')} {net[key]:.2f}" in title


def test_layout_is_deterministic_and_keeps_groups_together(ddos, ddos_metrics):
    g = graph(ddos_metrics)
    groups = list(ddos.org.groups)
    assert layout(g, groups) == layout(graph(ddos_metrics), groups)
    first = plot_network(ddos, ddos_metrics).collections[0].get_offsets()
    again = plot_network(ddos, ddos_metrics).collections[0].get_offsets()
    assert first.tolist() == again.tolist()


def test_a_silent_drill_says_so(cut_short, cut_short_metrics):
    assert cut_short_metrics["coordination"]["network"]["edges"] == []  # nobody spoke yet
    ax = plot_network(cut_short, cut_short_metrics, "zh")
    assert arrows(ax) == []
    assert word("no_messages", "zh") in [t.get_text() for t in ax.texts]


def test_many_edges_are_one_line_collection(ddos, ddos_metrics, monkeypatch):
    from analysis.charts import network

    edges = ddos_metrics["coordination"]["network"]["edges"]
    monkeypatch.setattr(network, "MANY_EDGES", len(edges) - 1)  # the drill's edges are "many"
    ax = plot_network(ddos, ddos_metrics)
    assert not arrows(ax)
    lines = next(c for c in ax.collections if c.get_gid() == "edges")
    assert len(lines.get_segments()) == len(edges)
