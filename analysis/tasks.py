"""Tasks: the work the teams did, what they waited for, and work done twice or at cross purposes.

A decision starts a task (``task.queued``); it waits for its team's staff and its tools
(``task.started`` records how long, ``task.blocked`` the tool that was down) and then takes its
time (``task.done``). From those records:

- **waits**: how long each task waited, and the total, 90th percentile and longest wait;
- **utilisation**: for each role, staff-seconds busy over headcount times the drill's length;
- **duplicates**: the same measure on the same target queued while an earlier one was not done;
- **conflicts**: work on one target that pulls two ways at once: a task that takes the target out
  of service (take it offline, isolate a host or segment) while another brings it back (restore
  the service, restore from backup). Layered mitigations side by side (a WAF rule and rate
  limiting on one service) are not conflicts.
"""

from __future__ import annotations

from typing import Any

from analysis.evidence import num, quantile, seqs
from analysis.record import DrillRecord

TAKES_OUT = frozenset({"take_offline", "isolate_host", "isolate_segment"})
"""Tasks that take their target out of service."""

BRINGS_BACK = frozenset({"restore_service", "restore_from_backup"})
"""Tasks that bring their target back into service."""


def items(record: DrillRecord) -> list[dict[str, Any]]:
    """Each task with its queue, start and end times, wait and blocking tools."""
    tasks: dict[str, dict[str, Any]] = {}
    for event in record.of("task.queued", "task.started", "task.done", "task.blocked"):
        tid = event.data["task_id"]
        row = tasks.get(tid)
        if row is None:
            row = tasks[tid] = {"task_id": tid, "task": event.data.get("task"),
                                "role": event.actor, "target": event.data.get("target"),
                                "staff": event.data.get("staff", 1), "queued": None,
                                "started": None, "done": None, "waited": None,
                                "blocked_by": [], "evidence": []}
        row["evidence"].append(event.seq)
        if event.kind == "task.queued":
            row["queued"] = num(event.t)
            row["staff"] = event.data.get("staff", 1)
        elif event.kind == "task.started":
            row["started"] = num(event.t)
            row["waited"] = num(event.data.get("waited", 0.0))
        elif event.kind == "task.done":
            row["done"] = num(event.t)
        elif event.data.get("tool") not in row["blocked_by"]:
            row["blocked_by"].append(event.data.get("tool"))
    out = list(tasks.values())
    for row in out:
        row["evidence"] = seqs(row["evidence"])
        if row["waited"] is None and row["queued"] is not None:  # still waiting at the end
            row["waited"] = num(record.end - row["queued"])
    return out


def duplicates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Groups of the same task on the same target queued while an earlier one was still open."""
    out = []
    by_key: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for row in rows:
        by_key.setdefault((row["task"], row["target"]), []).append(row)
    for (task, target), group in by_key.items():
        involved: list[dict[str, Any]] = []
        for i, later in enumerate(group):
            if later["queued"] is None:
                continue
            still_open = [e for e in group[:i] if e["done"] is None or e["done"] > later["queued"]]
            if still_open:
                involved += [e for e in [*still_open, later] if e not in involved]
        if involved:
            out.append({"task": task, "target": target,
                        "task_ids": [r["task_id"] for r in group if r in involved],
                        "evidence": seqs(s for r in involved for s in r["evidence"])})
    return out


def conflicts(rows: list[dict[str, Any]], end: float) -> list[dict[str, Any]]:
    """Pairs of tasks on the same target, one taking it out and one bringing it back, at once."""
    out = []
    working = [r for r in rows if r["target"] and r["started"] is not None]
    for i, a in enumerate(working):
        a_end = a["done"] if a["done"] is not None else end
        for b in working[i + 1:]:
            pair = {a["task"], b["task"]}
            if b["target"] != a["target"] or not (pair & TAKES_OUT and pair & BRINGS_BACK):
                continue
            b_end = b["done"] if b["done"] is not None else end
            if a["started"] < b_end and b["started"] < a_end:
                out.append({"target": a["target"], "task_ids": [a["task_id"], b["task_id"]],
                            "roles": [a["role"], b["role"]],
                            "evidence": seqs(a["evidence"], b["evidence"])})
    return out


def utilisation(record: DrillRecord, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each role's busy staff-seconds and their share of its headcount over the drill."""
    length = max(record.end, 1e-9)
    out = []
    for role, spec in record.org.roles.items():
        mine = [r for r in rows if r["role"] == role]
        busy = sum(r["staff"] * ((r["done"] if r["done"] is not None else record.end)
                                 - r["started"]) for r in mine if r["started"] is not None)
        out.append({"role": role, "headcount": spec.headcount, "busy": num(busy),
                    "share": num(min(1.0, busy / (spec.headcount * length))),
                    "waited": num(sum(r["waited"] or 0.0 for r in mine)),
                    "evidence": seqs(s for r in mine for s in r["evidence"])})
    return out


def tasks(record: DrillRecord) -> dict[str, Any]:
    """The tasks section of the coordination metrics."""
    rows = items(record)
    waits = [r["waited"] for r in rows if r["waited"] is not None]
    return {
        "items": rows,
        "duplicates": duplicates(rows),
        "conflicts": conflicts(rows, record.end),
        "wait": {"total": num(sum(waits)), "p90": num(quantile(waits, 0.9)),
                 "max": num(max(waits, default=None)),
                 "evidence": seqs(s for r in rows if r["waited"] for s in r["evidence"])},
        "utilisation": utilisation(record, rows),
    }
