"""The communication network: who told whom, and how well the roles were connected.

Nodes are every role of the organisation (a role nobody spoke to is still a node: it is the gap).
An edge goes from a sender to each recipient of a message, an instruction or an incident report,
weighted by how many there were. Three standard social-network measures describe it:

- **density**: edges present over edges possible (directed), 0 to 1;
- **centralisation** (Freeman, degree, on the undirected graph): 1 for a star where everything
  goes through one role, 0 when every role is equally connected;
- **fragmentation** (Borgatti): the share of pairs of roles that cannot reach each other at all,
  0 when everyone is connected, 1 when nobody is.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from analysis.coordination import MESSAGES
from analysis.evidence import num, rule, seqs
from analysis.record import DrillRecord

NETWORK_RULE = rule(
    "节点为组织中的全部角色；消息、指令和事件报告从发送方指向每个接收方。"
    "密度 = 实际有向边数 / 可能边数；"
    "中心化为Freeman度中心化（无向图）；碎片化 = 互相不可达的角色对所占比例（Borgatti）。",
    "Nodes are all roles of the organisation; messages, instructions and incident reports are "
    "edges from the sender to each recipient. Density = directed edges / possible edges; "
    "centralisation is Freeman's degree centralisation (undirected); fragmentation = share of "
    "pairs of roles that cannot reach each other (Borgatti).",
)


def graph(record: DrillRecord) -> tuple[nx.DiGraph, dict[tuple[str, str], list[int]]]:
    """The directed communication graph and the records behind each edge."""
    g = nx.DiGraph()
    g.add_nodes_from(record.roles)
    evidence: dict[tuple[str, str], list[int]] = {}
    for event in record.of("action.taken"):
        if event.data["action"] not in MESSAGES:
            continue
        result = event.data.get("result") or {}
        for role in result.get("recipients") or result.get("to") or []:
            if role == event.actor or role not in g or event.actor not in g:
                continue
            evidence.setdefault((event.actor, role), []).append(event.seq)
    for (a, b), found in evidence.items():
        g.add_edge(a, b, count=len(found))
    return g, evidence


def centralisation(g: nx.Graph) -> float:
    """Freeman's degree centralisation of an undirected graph (0 for fewer than 3 nodes)."""
    n = g.number_of_nodes()
    if n < 3:
        return 0.0
    degrees = [d for _, d in g.degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * (n - 2))


def fragmentation(g: nx.Graph) -> float:
    """Borgatti's fragmentation: the share of node pairs that cannot reach each other."""
    n = g.number_of_nodes()
    if n < 2:
        return 0.0
    joined = sum(len(c) * (len(c) - 1) for c in nx.connected_components(g))
    return 1.0 - joined / (n * (n - 1))


def network(record: DrillRecord) -> dict[str, Any]:
    """The network section of the coordination metrics."""
    g, evidence = graph(record)
    undirected = g.to_undirected()
    return {
        "nodes": [{"role": r, "group": record.group_of(r), "degree": undirected.degree(r)}
                  for r in g.nodes],
        "edges": [{"from": a, "to": b, "count": len(found), "evidence": seqs(found)}
                  for (a, b), found in sorted(evidence.items())],
        "density": num(nx.density(g)),
        "centralisation": num(centralisation(undirected)),
        "fragmentation": num(fragmentation(undirected)),
        "components": nx.number_connected_components(undirected),
        "rule": NETWORK_RULE,
        "evidence": seqs(s for found in evidence.values() for s in found),
    }
