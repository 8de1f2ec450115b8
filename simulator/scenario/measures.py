"""The world measures a condition can watch, and the values each can take.

A world condition names a measure by its path, ``storefront.availability`` or ``orders.ratio``.
This module is the one list of those paths for a given world, shared by the loader (which refuses
an unknown path), the linter (which warns about a threshold a measure can never pass) and the
engine (which keeps every measure under the same path):

=============================  ========================================================
path                           what it measures
=============================  ========================================================
``<service>.availability``     share of requests served, 0 to 1 (with its dependencies)
``<service>.load_ratio``       (legitimate + attack requests) / capacity
``orders.per_min``             orders per minute now
``orders.ratio``               orders per minute / baseline, 0 to 1
``orders.lost``                orders lost so far (not placed because of the incident)
``money.lost_cny``             money lost so far (lost orders and fraud), CNY
``<store>.exfiltrated``        records read out of that store so far
``records.exfiltrated``        records read out of all stores so far
``<segment>.infected``         infected hosts in that segment
``<segment>.encrypted``        encrypted hosts in that segment
``hosts.infected``             infected hosts in all segments
``hosts.encrypted``            encrypted hosts in all segments
``complaints.total``           user complaints so far
``complaints.per_min``         user complaints per minute now
``complaints.backlog``         complaints waiting for an answer
``sentiment``                  public sentiment, -1 (outrage) to 1 (praise)
=============================  ========================================================
"""

from __future__ import annotations

import math

from simulator.scenario.model import World

GLOBAL_MEASURES = (
    "orders.per_min", "orders.ratio", "orders.lost", "money.lost_cny", "records.exfiltrated",
    "hosts.infected", "hosts.encrypted", "complaints.total", "complaints.per_min",
    "complaints.backlog", "sentiment",
)
"""Measures every world has, whatever its services, stores and segments."""

SERVICE_MEASURES = ("availability", "load_ratio")
STORE_MEASURES = ("exfiltrated",)
SEGMENT_MEASURES = ("infected", "encrypted")


def measure_paths(world: World) -> set[str]:
    """Every measure path of ``world`` (see the module docstring)."""
    paths = set(GLOBAL_MEASURES)
    paths.update(f"{sid}.{m}" for sid in world.services for m in SERVICE_MEASURES)
    paths.update(f"{sid}.{m}" for sid in world.stores for m in STORE_MEASURES)
    paths.update(f"{sid}.{m}" for sid in world.segments for m in SEGMENT_MEASURES)
    return paths


def measure_range(world: World, path: str) -> tuple[float, float]:
    """The lowest and highest value the measure at ``path`` can take in ``world``.

    Raises:
        KeyError: ``path`` is not a measure of ``world``.
    """
    if path not in measure_paths(world):
        raise KeyError(path)
    owner, _, measure = path.rpartition(".")
    all_records = float(sum(store.records for store in world.stores.values()))
    all_hosts = float(sum(segment.hosts for segment in world.segments.values()))
    fixed = {
        "orders.per_min": (0.0, world.orders_per_min),
        "orders.ratio": (0.0, 1.0),
        "records.exfiltrated": (0.0, all_records),
        "hosts.infected": (0.0, all_hosts),
        "hosts.encrypted": (0.0, all_hosts),
        "sentiment": (-1.0, 1.0),
    }
    if path in fixed:
        return fixed[path]
    if path in GLOBAL_MEASURES:
        return 0.0, math.inf
    if measure == "availability" and owner in world.services:
        return 0.0, 1.0
    if measure == "exfiltrated" and owner in world.stores:
        return 0.0, float(world.stores[owner].records)
    if measure in SEGMENT_MEASURES and owner in world.segments:
        return 0.0, float(world.segments[owner].hosts)
    return 0.0, math.inf
