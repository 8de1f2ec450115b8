"""Threat processes: the four risks of plan section 2, one module each.

Each threat is a SimPy-driven object that pushes on the :class:`~simulator.engine.world.World`
at every tick and changes when the organisation's tasks mitigate it. :func:`make_threat` picks the
class for a scenario's threat specification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.threats.base import ThreatProcess
from simulator.threats.ddos import Ddos
from simulator.threats.exfiltration import Exfiltration
from simulator.threats.malware import Malware
from simulator.threats.vulnerability import Vulnerability

if TYPE_CHECKING:
    from simulator.engine.ports import ThreatRoom

KINDS: dict[str, type[ThreatProcess]] = {
    "ddos": Ddos, "exfiltration": Exfiltration, "malware": Malware, "vulnerability": Vulnerability,
}


def make_threat(room: ThreatRoom, spec) -> ThreatProcess:
    """The threat process for ``spec``, pushing on the world of ``room``."""
    return KINDS[spec.kind](room, spec)


__all__ = ["KINDS", "ThreatProcess", "make_threat"]
