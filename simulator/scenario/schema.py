"""JSON Schema of scenario and organisation files, for editors.

An editor that knows the schema (VS Code with the YAML extension, for one) completes keys and
flags mistakes while the author types. The schema comes from the pydantic models, adjusted where
the loader accepts a shorter form than the model's mapping: a target written ``15m after
first-alert``, a profile point written ``[0:05, 120000]``, a start time without seconds.

The files live in ``scenarios/schema/`` and are generated, never edited by hand::

    python -m simulator.scenario.schema --write   # regenerate
    python -m simulator.scenario.schema --check   # exit 1 if a file is stale

A scenario file can point an editor at its schema with a first line such as
``# yaml-language-server: $schema=schema/scenario.schema.json``.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from simulator.duration import DURATION_PATTERN, MAX_DURATION
from simulator.org.model import Organisation
from simulator.scenario.model import Scenario

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_DURATION = {"anyOf": [{"type": "string", "pattern": DURATION_PATTERN},
                       {"type": "number", "minimum": 0, "maximum": MAX_DURATION}]}
_TARGET_TEXT = DURATION_PATTERN[:-1] + r"( after [a-z0-9][a-z0-9_-]*)?$"
_DATETIME = (r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
             r"\s*([Zz]|[-+]\d{2}(:?\d{2})?)?)?$")


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    schema = Scenario.model_json_schema()
    defs = schema["$defs"]
    target = defs["Target"]
    defs["Target"] = {
        "description": target.pop("description", ""),
        "anyOf": [target, {"type": "string", "pattern": _TARGET_TEXT},
                  {"type": "number", "minimum": 0, "maximum": MAX_DURATION}],
    }
    point = defs["Point"]
    defs["Point"] = {
        "description": point.pop("description", ""),
        "anyOf": [point, {"type": "array", "minItems": 2, "maxItems": 2,
                          "prefixItems": [copy.deepcopy(_DURATION),
                                          {"type": "number", "minimum": 0}]}],
    }
    starts = schema["properties"]["starts"]
    starts.pop("format", None)
    starts["pattern"] = _DATETIME
    return _document(schema, "warroom scenario")


def org_schema() -> dict[str, Any]:
    """The JSON Schema of an organisation file."""
    return _document(Organisation.model_json_schema(), "warroom organisation")


def _document(schema: dict[str, Any], title: str) -> dict[str, Any]:
    schema["$schema"] = DIALECT
    schema["title"] = title
    return schema


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "scenario.schema.json": scenario_schema,
    "org.schema.json": org_schema,
}
"""File name in ``scenarios/schema/`` → function that makes its schema."""


def render(schema: dict[str, Any]) -> str:
    """The schema as file text: sorted keys, indent 2, a trailing newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_dir() -> Path:
    """``scenarios/schema/`` of the source tree (or of the installed package)."""
    return Path(str(resources.files("scenarios"))) / "schema"


def stale(folder: Path | None = None) -> list[Path]:
    """The schema files in ``folder`` that are missing or differ from the models."""
    folder = schema_dir() if folder is None else folder
    out = []
    for name, make in SCHEMAS.items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render(make()):
            out.append(path)
    return out


def write(folder: Path | None = None) -> list[Path]:
    """Write every schema file to ``folder``; returns the files that changed."""
    folder = schema_dir() if folder is None else folder
    folder.mkdir(parents=True, exist_ok=True)
    changed = stale(folder)
    for path in changed:
        path.write_text(render(SCHEMAS[path.name]()), encoding="utf-8")
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``--write`` regenerates the files, ``--check`` exits 1 if one is stale."""
    parser = argparse.ArgumentParser(prog="python -m simulator.scenario.schema",
                                     description="Generate the JSON Schemas of scenario files.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="write the schema files")
    mode.add_argument("--check", action="store_true", help="exit 1 if a schema file is stale")
    parser.add_argument("--dir", type=Path, default=None,
                        help="folder of the schema files (default: scenarios/schema)")
    args = parser.parse_args(argv)
    if args.write:
        for path in write(args.dir):
            print(f"wrote {path}")
        return 0
    outdated = stale(args.dir)
    for path in outdated:
        print(f"{path} is stale; run python -m simulator.scenario.schema --write",
              file=sys.stderr)
    return 1 if outdated else 0


if __name__ == "__main__":
    sys.exit(main())
