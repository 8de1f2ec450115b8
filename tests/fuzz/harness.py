"""One hostile file in, one verdict out: rehearsed to its end, or refused with positions.

:func:`check_case` writes the file where the loader would find it, loads it, and then either
rehearses it (bots in every role) and encodes every event as the journal would, or checks that
every problem names a file, line and column (or the file alone) on one short line. It also runs
``warroom validate`` on the same file and checks its exit code and every line it printed. Anything
else (an exception other than :class:`~simulator.scenario.errors.ScenarioError`, a traceback, a
malformed line) raises :class:`Violation`.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from simulator.rehearsal import rehearse
from simulator.scenario.errors import Problem, ScenarioError
from simulator.scenario.loader import load_scenario

POSITIONED = re.compile(r"^[^:\n]+:\d+:\d+: ")
"""A problem about a place in a file: ``file:line:col: ...``."""
MAX_LINE = 600
"""Longest problem line accepted: a message quotes a value, never a whole huge string."""
SHOWN = 50
"""``warroom validate`` prints at most this many problems a file (and one "more" line)."""
_DDOS = (resources.files("scenarios") / "ddos-618.yaml").read_bytes()


class Violation(AssertionError):
    """A case ended neither valid and rehearsed nor refused with positions."""


@dataclass(frozen=True)
class Outcome:
    """How a case ended.

    Attributes:
        result: ``rehearsed`` (valid, and played to its end) or ``refused``.
        problems: How many problems the loader reported (0 when rehearsed).
        events: How many events the rehearsal made (0 when refused).
        seconds: Wall time of the load, the rehearsal and the validate run.
    """

    result: str
    problems: int
    events: int
    seconds: float


def case_file(raw: bytes, kind: str, folder: Path) -> tuple[Path, Path]:
    """Write a case; return (the file to validate, the scenario to load).

    A scenario case is ``folder/case.yaml``. An organisation case is ``folder/org/ecommerce.yaml``
    beside an untouched copy of the bundled DDoS scenario, which the loader plays with it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    scenario = folder / "case.yaml"
    if kind == "scenario":
        scenario.write_bytes(raw)
        return scenario, scenario
    (folder / "org").mkdir(exist_ok=True)
    org = folder / "org" / "ecommerce.yaml"
    org.write_bytes(raw)
    scenario.write_bytes(_DDOS)
    return org, scenario


def check_problem(problem: Problem, files: dict[str, bytes]) -> None:
    """One problem is one short line naming its file and, if it has one, a real position."""
    line = str(problem)
    if "\n" in line or "\r" in line or len(line) > MAX_LINE:
        raise Violation(f"problem is not one short line: {line[:300]!r}")
    if problem.line:
        if not POSITIONED.match(line):
            raise Violation(f"problem without file:line:col: {line!r}")
        raw = files.get(problem.file)
        if raw is not None:
            lines = raw.count(b"\n") + raw.count(b"\r") + 2
            if not 1 <= problem.line <= lines or problem.col < 1:
                raise Violation(f"position outside the file: {line!r}")
    elif not line.startswith(f"{problem.file}: "):
        raise Violation(f"file-level problem does not start with its file: {line!r}")


def check_events(events: list) -> None:
    """Every event encodes as the journal encodes it (no NaN, no infinity, str keys)."""
    for event in events:
        try:
            json.dumps(event.as_dict(), allow_nan=False, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError) as error:
            raise Violation(f"event {event.seq} {event.kind} is not journal-encodable: "
                            f"{error}: {str(event.data)[:300]}") from None


def check_validate(path: Path, refused: bool | None) -> int:
    """Run ``warroom validate PATH``; check its exit code and output; return the exit code.

    Args:
        path: The file.
        refused: Whether loading refused it (None: do not compare, for organisation files,
            which validate checks on their own).
    """
    from tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    lines = err.getvalue().splitlines()
    if "Traceback" in err.getvalue() or "could not be checked" in err.getvalue():
        raise Violation(f"validate crashed: {err.getvalue()[-1500:]}")
    if code not in (0, 2):
        raise Violation(f"validate exited {code}")
    if refused is not None and (code == 2) != refused:
        raise Violation(f"validate exited {code} but loading {'refused' if refused else 'took'}"
                        " the file")
    if len(lines) > SHOWN + 1:
        raise Violation(f"validate printed {len(lines)} lines")
    for line in lines:
        if not (POSITIONED.match(line) or line.startswith(f"{path}: ")) or len(line) > MAX_LINE:
            raise Violation(f"validate printed a malformed line: {line[:300]!r}")
    if code == 0 and out.getvalue().strip() != f"ok {path}":
        raise Violation(f"validate said {out.getvalue()!r}")
    return code


def check_case(raw: bytes, kind: str, folder: Path, seed: int = 0, *,
               validate: bool = True) -> Outcome:
    """Load, then rehearse or check the refusal of, one case; raise :class:`Violation` if bad.

    Args:
        raw: The file's bytes.
        kind: ``scenario`` or ``org``.
        folder: An empty folder to write the case in.
        seed: The rehearsal's seed.
        validate: Also run ``warroom validate`` on the file.
    """
    started = time.perf_counter()
    checked, scenario = case_file(raw, kind, folder)
    files = {str(checked): raw, str(scenario): scenario.read_bytes()}
    try:
        loaded = load_scenario(scenario)
    except ScenarioError as error:
        if not error.problems:
            raise Violation("refused without a problem") from None
        for problem in error.problems:
            check_problem(problem, files)
        if not any(p.is_error for p in error.problems):
            raise Violation("refused with warnings only") from None
        if validate:
            check_validate(checked, True if kind == "scenario" else None)
        return Outcome("refused", len(error.problems), 0, time.perf_counter() - started)
    result = rehearse(loaded, seed)
    if not result.events or result.events[-1].kind != "drill.ended":
        last = result.events[-1].kind if result.events else "nothing"
        raise Violation(f"the rehearsal did not end (last event: {last})")
    check_events(result.events)
    if validate:
        check_validate(checked, False if kind == "scenario" else None)
    return Outcome("rehearsed", 0, len(result.events), time.perf_counter() - started)
