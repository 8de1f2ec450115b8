"""Errors a user can cause and fix: printed as one line, exit code 2, never a traceback."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI's --help must not load pydantic
    from simulator.scenario.errors import ScenarioError


class UserError(Exception):
    """An error the user caused and can fix; ``str()`` is the whole message."""


def scenario_problem(ref: str, error: ScenarioError) -> str:
    """One line about a scenario that does not load."""
    if len(error.problems) == 1:
        return str(error.problems[0])
    return f"{ref} is not valid ({len(error.problems)} problems); run warroom validate {ref}"
