"""Fixtures for the chart tests: rehearsed drills, their metrics, and a clean matplotlib state."""

from __future__ import annotations

import copy
import os
import tempfile
import warnings
from pathlib import Path

os.environ.setdefault("MPLCONFIGDIR", str(Path(tempfile.gettempdir()) / "warroom-mpl"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import pytest  # noqa: E402

from analysis.charts.fonts import use_cjk_font  # noqa: E402
from analysis.metrics import compute  # noqa: E402
from analysis.record import DrillRecord, from_events  # noqa: E402
from simulator.engine.drill import Drill  # noqa: E402
from simulator.rehearsal import journal_meta, rehearse  # noqa: E402
from simulator.scenario.loader import load_scenario  # noqa: E402


def rehearsed(scenario: str, seed: int, mistake_rate: float | None = None) -> DrillRecord:
    """A bundled scenario played by bots, as analysis reads it (no journal file needed)."""
    loaded = load_scenario(scenario)
    run = rehearse(loaded, seed, mistake_rate=mistake_rate)
    bots = run.events[0].data["bots"]
    meta = journal_meta(loaded, seed, bots, run.events[0].data["mistake_rate"], "zh")
    return from_events(run.events, meta)


@pytest.fixture(scope="session")
def ddos() -> DrillRecord:
    """The 618 DDoS drill, played well (every milestone on time)."""
    return rehearsed("ddos-618", 618)


@pytest.fixture(scope="session")
def sloppy() -> DrillRecord:
    """The ransomware drill with clumsy bots: waits, late and missed milestones."""
    return rehearsed("ransomware-warehouse", 3, mistake_rate=0.7)


@pytest.fixture(scope="session")
def wrong_call() -> DrillRecord:
    """The 618 DDoS drill with the CIO played by a person who, 25 minutes in, sets the severity to
    IV (一般, which needs no regulator report) and does nothing else; bots play the rest. Its
    milestones are on time, late, missed and not required."""
    loaded = load_scenario("ddos-618")
    bots = [r for r in loaded.org.roles if r != "cio"]
    drill = Drill(loaded.scenario, loaded.org, 618, bots=bots, mistake_rate=0.0)
    drill.start()
    drill.advance(25 * 60)
    assert drill.submit("cio", "set_severity", {"level": "IV"}).accepted
    drill.run()
    return from_events(drill.events, journal_meta(loaded, 618, bots, drill.mistake_rate, "zh"))


@pytest.fixture(scope="session")
def wrong_call_metrics(wrong_call):
    """metrics.json of :func:`wrong_call` (read only)."""
    return compute(wrong_call)


@pytest.fixture(scope="session")
def cut_short(ddos) -> DrillRecord:
    """The 618 DDoS journal as a drill that crashed before its first alert: several capabilities
    have nothing to be scored on."""
    first = next(e.t for e in ddos.of("inject.fired"))
    return from_events([e for e in ddos.events if e.t < first], ddos.meta)


@pytest.fixture(scope="session")
def cut_short_metrics(cut_short):
    """metrics.json of :func:`cut_short` (read only)."""
    return compute(cut_short)


@pytest.fixture(scope="session")
def _ddos_metrics(ddos):
    """metrics.json of :func:`ddos`, computed once by ``analysis`` as ``warroom report`` does."""
    return compute(ddos)


@pytest.fixture(scope="session")
def _sloppy_metrics(sloppy):
    """metrics.json of :func:`sloppy`, computed once by ``analysis``."""
    return compute(sloppy)


@pytest.fixture
def ddos_metrics(_ddos_metrics):
    """Metrics of :func:`ddos`, a copy a test may change."""
    return copy.deepcopy(_ddos_metrics)


@pytest.fixture
def sloppy_metrics(_sloppy_metrics):
    """Metrics of :func:`sloppy`, a copy a test may change."""
    return copy.deepcopy(_sloppy_metrics)


@pytest.fixture(autouse=True)
def clean_matplotlib():
    """Each test starts from matplotlib's defaults with a Chinese font (when there is one, as
    ``draw_all`` would set it), and leaves no rcParams or warning filters behind."""
    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()
        use_cjk_font(warn=False)
        yield


def unwrap(text: str, lang: str) -> str:
    """``text`` as it was before :func:`analysis.charts.canvas.wrap` broke it into lines."""
    return text.replace("\n", "" if lang == "zh" else " ")
