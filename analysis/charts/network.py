"""The communication network: who passed information or orders to whom during the drill.

Each role is a node, coloured by its home group and placed on a circle with its group together;
an arrow from one role to another means the first reached the second (a message, an instruction,
a report), and its width grows with how often. Roles that never talked stand alone, which is the
point: the plan wants the groups to coordinate. The title carries the network's density (the share
of possible links used), its centralisation (how much the talk runs through one role) and its
fragmentation (the share of roles cut off from the largest connected part).

The graph and its layout come from networkx; the drawing uses matplotlib's object API directly,
because networkx's drawing helpers import pyplot.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from analysis.charts.canvas import group_colours, new_axes, wrap
from analysis.charts.labels import local, word
from analysis.record import DrillRecord

NODE_SIZE = (500.0, 160.0)
"""Marker area of a node: a base, and more for each neighbour (points squared)."""

LABEL_GAP = 5.0
"""Points between a node's edge and its label."""

WIDTH = (0.8, 5.0)
"""Line width of the thinnest and the thickest edge."""


def graph(metrics: dict[str, Any]) -> nx.DiGraph:
    """The directed communication graph: every node of the metrics, edges with a count above 0."""
    net = metrics["coordination"]["network"]
    g = nx.DiGraph()
    for node in net["nodes"]:
        g.add_node(node["role"], group=node.get("group"), degree=node.get("degree", 0))
    for edge in net["edges"]:
        if edge.get("count", 0) > 0:
            g.add_edge(edge["from"], edge["to"], count=edge["count"])
    return g


def layout(g: nx.DiGraph, groups: list[str]) -> dict[str, tuple[float, float]]:
    """Node positions on a circle, group by group in ``groups`` order (no randomness)."""
    rank = {group: i for i, group in enumerate(groups)}
    order = sorted(g.nodes, key=lambda n: (rank.get(g.nodes[n].get("group"), len(rank)),
                                           list(g.nodes).index(n)))
    pos = nx.circular_layout(order) if order else {}
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


MANY_EDGES = 150
"""Above this many edges (a drill with dozens of people), edges are drawn as one collection of
straight lines without arrowheads: thousands of arrows take seconds to draw and cannot be read."""


def _draw_as_lines(ax: Axes, g: nx.DiGraph, pos: dict, colours: dict[str, str], top: int) -> None:
    """Every edge as one straight line in a single ``LineCollection`` (gid ``edges``)."""
    segments, widths, colors = [], [], []
    for a, b, data in g.edges(data=True):
        segments.append([pos[a], pos[b]])
        widths.append(WIDTH[0] + (WIDTH[1] - WIDTH[0]) * (data["count"] - 1) / max(top - 1, 1))
        colors.append(colours.get(g.nodes[a].get("group"), "#555555"))
    lines = LineCollection(segments, linewidths=widths, colors=colors, alpha=0.35, zorder=2)
    lines.set_gid("edges")
    ax.add_collection(lines)


def plot_network(record: DrillRecord, metrics: dict[str, Any], lang: str = "zh",
                 ax: Axes | None = None) -> Axes:
    """Draw who talked to whom.

    Args:
        record: The drill (role and group names).
        metrics: The drill's metrics (``coordination.network`` is used).
        lang: ``zh`` or ``en``.
        ax: Axes to draw on; a new figure when None.

    Returns:
        The axes: one ``FancyArrowPatch`` per edge with a count above 0 (gid ``from->to``), or
        above :data:`MANY_EDGES` edges one ``LineCollection`` of them all (gid ``edges``); one
        scatter of the nodes (gid ``nodes``, offsets in node order) and one text per node.
    """
    ax = new_axes(ax, (8, 7.5))
    net = metrics["coordination"]["network"]
    g = graph(metrics)
    groups = list(record.org.groups)
    colours = group_colours(groups)
    pos = layout(g, groups)
    nodes = list(g.nodes)
    top = max((d["count"] for _, _, d in g.edges(data=True)), default=1)
    degrees = [g.nodes[n].get("degree", 0) or 0 for n in nodes]
    sizes = [NODE_SIZE[0] + NODE_SIZE[1] * math.sqrt(d) for d in degrees]
    radius = {n: math.sqrt(s) / 2 for n, s in zip(nodes, sizes, strict=True)}

    if g.number_of_edges() > MANY_EDGES:
        _draw_as_lines(ax, g, pos, colours, top)
    else:
        for a, b, data in g.edges(data=True):
            width = WIDTH[0] + (WIDTH[1] - WIDTH[0]) * (data["count"] - 1) / max(top - 1, 1)
            both = g.has_edge(b, a)
            arrow = FancyArrowPatch(
                pos[a], pos[b], arrowstyle="-|>", mutation_scale=8 + width * 2,
                linewidth=width, color=colours.get(g.nodes[a].get("group"), "#555555"),
                alpha=0.55, shrinkA=radius[a] + 1, shrinkB=radius[b] + 3,
                connectionstyle=f"arc3,rad={0.12 if both else 0.04}", zorder=2,
                gid=f"{a}->{b}")
            ax.add_patch(arrow)

    dots = ax.scatter([pos[n][0] for n in nodes], [pos[n][1] for n in nodes], s=sizes,
                      c=[colours.get(g.nodes[n].get("group"), "#7f7f7f") for n in nodes],
                      edgecolors="white", linewidths=1.5, zorder=3)
    dots.set_gid("nodes")
    for n in nodes:
        x, y = pos[n]
        spec = record.org.roles.get(n)
        name = wrap(local(spec.name, lang, n) if spec else n, 16, lang)
        away = radius[n] + LABEL_GAP
        ax.annotate(name, (x, y), xytext=(x * away, y * away), textcoords="offset points",
                    ha="left" if x > 0.2 else "right" if x < -0.2 else "center",
                    va="bottom" if y > 0.2 else "top" if y < -0.2 else "center",
                    fontsize="small", zorder=4, gid=f"label:{n}")

    ax.set_xlim(-1.5, 1.5)
    ax.set_ylim(-1.45, 1.4)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if g.number_of_edges() == 0:
        ax.text(0, 0, word("no_messages", lang), ha="center", va="center", color="#555555")
    stats = " · ".join(f"{word(k, lang)} {float(net.get(k) or 0):.2f}"
                       for k in ("density", "centralisation", "fragmentation"))
    ax.set_title(f"{word('network_title', lang)}\n{stats}")
    present = {g.nodes[n].get("group") for n in nodes}
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=colours[group],
                      label=local(record.org.groups[group].name, lang, group))
               for group in groups if group in present]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, -0.06), ncol=3,
              frameon=False, fontsize="small")
    return ax
