"""Loading scenarios and organisation files: YAML in, validated and cross-checked models out.

Configuration is validated before the engine starts: a scenario is parsed with positions
(:mod:`simulator.scenario.source`), validated by the pydantic models, and cross-checked against
its organisation file and itself (:mod:`simulator.scenario.crossref`). Whatever is wrong comes
back at once as a :class:`~simulator.scenario.errors.ScenarioError` whose problems each name the
file, line, column and field.

A scenario is named by a path or by the id of a bundled scenario: bundled scenarios ship in the
``scenarios`` package (``scenarios/*.yaml``, organisation files in ``scenarios/org/*.yaml``) and
are read through :mod:`importlib.resources`, so an installed package is enough to run them. A
scenario's organisation is the file of its ``org`` id in an ``org/`` folder beside it, else the
bundled one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from simulator.org.model import Organisation
from simulator.scenario.crossref import org_problems, scenario_problems
from simulator.scenario.errors import Problem, ScenarioError, quote, validation_problems
from simulator.scenario.model import Scenario
from simulator.scenario.source import Source, parse_source, read_source

BUNDLED_PACKAGE = "scenarios"
"""The package holding the bundled scenarios and organisation files."""
DEFAULT_ORG = "ecommerce"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Loaded:
    """A scenario ready to run, with the texts it was read from (journals keep them).

    Attributes:
        scenario: The validated scenario.
        org: The validated organisation it is played by.
        name: How the scenario was named in problems: the path as given, or the bundled file.
        path: The scenario file, or None when it came from a text (a journal, say).
        scenario_text: The scenario YAML exactly as read.
        org_text: The organisation YAML exactly as read.
        org_name: How the organisation file was named in problems.
        source: The scenario document with positions (for warnings).
        org_source: The organisation document with positions.
    """

    scenario: Scenario
    org: Organisation
    name: str
    path: Path | None
    scenario_text: str
    org_text: str
    org_name: str = ""
    source: Source | None = field(default=None, repr=False, compare=False)
    org_source: Source | None = field(default=None, repr=False, compare=False)


def list_bundled() -> list[str]:
    """Ids of the bundled scenarios, sorted."""
    return sorted(_stem(item.name) for item in _bundled_dir().iterdir()
                  if item.is_file() and item.name.endswith(_SUFFIXES))


def list_bundled_orgs() -> list[str]:
    """Ids of the bundled organisation files, sorted."""
    folder = _bundled_dir() / "org"
    if not folder.is_dir():
        return []
    return sorted(_stem(item.name) for item in folder.iterdir()
                  if item.is_file() and item.name.endswith(_SUFFIXES))


def bundled_path(scenario_id: str) -> Traversable | None:
    """The bundled file of ``scenario_id``, or None."""
    return _find(_bundled_dir(), scenario_id)


def load_org(ref: str | Path = DEFAULT_ORG) -> Organisation:
    """Load an organisation file, by path or bundled id.

    Raises:
        ScenarioError: The file is missing or has problems.
    """
    return org_from_source(_read_org(ref))


def load_org_text(text: str, name: str = "<org>") -> Organisation:
    """Load an organisation from its YAML text; ``name`` is used in problems."""
    return org_from_source(parse_source(text, name))


def load_scenario(ref: str | Path, *, org: str | Path | None = None) -> Loaded:
    """Load a scenario by path or bundled id, with its organisation.

    Args:
        ref: A scenario file, or the id of a bundled scenario.
        org: An organisation file or bundled id to use instead of the scenario's ``org``.

    Raises:
        ScenarioError: Every problem found in the scenario and its organisation file.
    """
    path, source = _read_scenario(ref)
    return scenario_from_source(source, path=path, org=org)


def load_scenario_text(text: str, name: str = "<scenario>", org_text: str | None = None,
                       org_name: str = "<org>") -> Loaded:
    """Load a scenario from its YAML text (a journal keeps both texts).

    Args:
        text: The scenario YAML.
        name: The name used in problems.
        org_text: The organisation YAML (default: the bundled file of the scenario's ``org``).
        org_name: The name of the organisation text in problems.

    Raises:
        ScenarioError: Every problem found.
    """
    source = parse_source(text, name)
    try:
        if org_text is None:
            org_source = _org_for(source, None)
        else:
            org_source = parse_source(org_text, org_name)
    except ScenarioError as error:
        return _load(source, None, None, error.problems)
    return _load(source, org_source, None)


def _load(source: Source, org_source: Source | None, path: Path | None,
          problems: list[Problem] | None = None) -> Loaded:
    """Validate ``source`` against ``org_source``; report every problem of both at once."""
    problems = list(problems or [])
    org = None
    if org_source is not None:
        try:
            org = org_from_source(org_source)
        except ScenarioError as error:
            problems += error.problems
    try:
        scenario = Scenario.model_validate(source.data)
    except ValidationError as error:
        raise ScenarioError(validation_problems(error, source) + problems) from None
    if org is None or org_source is None:
        raise ScenarioError(problems)
    problems = scenario_problems(scenario, org, source)
    if problems:
        raise ScenarioError(problems)
    return Loaded(scenario, org, source.name, path, source.text, org_source.text, org_source.name,
                  source, org_source)


def org_from_source(source: Source) -> Organisation:
    """Validate and cross-check a parsed organisation file.

    Raises:
        ScenarioError: Every problem found.
    """
    try:
        org = Organisation.model_validate(source.data)
    except ValidationError as error:
        raise ScenarioError(validation_problems(error, source)) from None
    problems = org_problems(org, source)
    if problems:
        raise ScenarioError(problems)
    return org


def scenario_from_source(source: Source, *, path: Path | None = None,
                         org: str | Path | None = None) -> Loaded:
    """Validate and cross-check a parsed scenario with its organisation.

    Args:
        source: The parsed scenario.
        path: The scenario file, whose ``org/`` folder is searched for the organisation.
        org: An organisation file or bundled id to use instead of the scenario's ``org``.

    Raises:
        ScenarioError: Every problem found in the scenario and its organisation file.
    """
    try:
        if org is not None:
            org_source = _read_org(org)
        else:
            org_source = _org_for(source, path.parent if path is not None else None)
    except ScenarioError as error:
        return _load(source, None, path, error.problems)
    return _load(source, org_source, path)


def _read_scenario(ref: str | Path) -> tuple[Path | None, Source]:
    path = Path(ref)
    if path.exists() or _looks_like_path(ref):
        return path, read_source(path, str(ref))
    bundled = bundled_path(str(ref))
    if bundled is None:
        known = ", ".join(list_bundled()) or "none"
        raise ScenarioError([Problem(str(ref), 0, 0, "", "no such file or bundled scenario "
                                     f"(bundled: {known})")])
    return _read_traversable(bundled)


def _read_org(ref: str | Path) -> Source:
    path = Path(ref)
    if path.exists() or _looks_like_path(ref):
        return read_source(path, str(ref))
    bundled = _find(_bundled_dir() / "org", str(ref))
    if bundled is None:
        known = ", ".join(list_bundled_orgs()) or "none"
        raise ScenarioError([Problem(str(ref), 0, 0, "", "no such file or bundled organisation "
                                     f"(bundled: {known})")])
    return _read_traversable(bundled)[1]


def _org_for(source: Source, folder: Path | None) -> Source:
    """The organisation file a scenario names: ``org/<id>.yaml`` beside it, else bundled."""
    org_id = source.data.get("org", DEFAULT_ORG)
    if not isinstance(org_id, str) or not _ID.match(org_id):
        # The model reports the bad value; cross-check against the default meanwhile.
        org_id = DEFAULT_ORG
    if folder is not None:
        for suffix in _SUFFIXES:
            local = folder / "org" / (org_id + suffix)
            if local.is_file():
                return read_source(local)
    bundled = _find(_bundled_dir() / "org", org_id)
    if bundled is None:
        where = f"{folder / 'org'}/ or " if folder is not None else ""
        known = ", ".join(list_bundled_orgs()) or "none"
        raise ScenarioError([source.problem(("org",), f"no organisation file {quote(org_id)} in "
                                            f"{where}the bundled ones ({known})")])
    return _read_traversable(bundled)[1]


def _read_traversable(item: Traversable) -> tuple[Path | None, Source]:
    """Read a bundled file: from disk when it is a file there, else through its reader."""
    if isinstance(item, Path):
        return item, read_source(item)
    return None, parse_source(item.read_bytes(), f"{BUNDLED_PACKAGE}/{item.name}")


def _bundled_dir() -> Traversable:
    return resources.files(BUNDLED_PACKAGE)


def _find(folder: Traversable, ident: str) -> Traversable | None:
    if not _ID.match(ident) or not folder.is_dir():
        return None
    for suffix in _SUFFIXES:
        item = folder / (ident + suffix)
        if item.is_file():
            return item
    return None


def _looks_like_path(ref: str | Path) -> bool:
    text = str(ref)
    return isinstance(ref, Path) or "/" in text or "\\" in text or text.endswith(_SUFFIXES)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0]
