"""Threat processes: the four risks of plan section 2, one module each.

Each threat is a SimPy-driven object that pushes on the :class:`~simulator.engine.world.World`
at every tick and changes when the organisation's tasks mitigate it. :func:`make_threat` picks the
class for a scenario's threat specification.
"""

from __future__ import annotations

from simulator.threats.base import ThreatProcess
from simulator.threats.ddos import Ddos
from simulator.threats.exfiltration import Exfiltration
from simulator.threats.malware import Malware
from simulator.threats.vulnerability import Vulnerability

KINDS: dict[str, type[ThreatProcess]] = {
    "ddos": Ddos, "exfiltration": Exfiltration, "malware": Malware, "vulnerability": Vulnerability,
}


def make_threat(drill, spec) -> ThreatProcess:
    """The threat process for ``spec`` in ``drill``."""
    return KINDS[spec.kind](drill, spec)


__all__ = ["KINDS", "ThreatProcess", "make_threat"]
