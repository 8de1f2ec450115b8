"""The layers import one way: the import-linter contracts of pyproject.toml hold, and bite.

Each contract is also broken on purpose: the packages and ``pyproject.toml`` are copied to a
temporary directory, one probe import that breaks exactly that contract is added to the copy, and
``lint-imports`` run there must fail naming that contract and no other. The probe's own line
appears in the report, which proves that the copy was analysed and not the installed packages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("simulator", "analysis", "tui")
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
    "tool"]["importlinter"]["contracts"]

PROBES = {
    "simulator-headless": ("simulator/live/codes.py", "import textual"),
    "analysis-no-ui": ("analysis/format.py", "import tui.lang"),
    "analysis-reads-records": ("analysis/format.py", "import simulator.engine.clock"),
    "engine-core-no-io": ("simulator/threats/ddos.py", "import sqlite3"),
    "tools-are-leaves": ("simulator/live/limits.py", "import simulator.tools.protocol_docs"),
    "engine-no-bots": ("simulator/engine/clock.py", "import simulator.bots.table"),
}
"""Per contract id: a module of the copy and the import that breaks exactly that contract."""


def _lint_imports() -> str:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a dev dependency (make install)"
    return lint


def _run(cwd: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the tree in ``cwd``: its config, its packages first on the path."""
    env = {**os.environ, "PYTHONPATH": str(cwd), "COLUMNS": "250", "NO_COLOR": "1"}
    return subprocess.run([_lint_imports(), "--no-logo", "--no-cache", str(cwd / "pyproject.toml")],
                          cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _verdicts(output: str) -> dict[str, str]:
    """KEPT or BROKEN per contract name, as the report lists them."""
    flat = _flat(output)
    return {c["name"]: m.group(1) for c in CONTRACTS
            if (m := re.search(re.escape(c["name"]) + r" (KEPT|BROKEN)", flat))}


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The packages and pyproject.toml, copied (without caches) to a temporary directory."""
    where = tmp_path_factory.mktemp("layers")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, where / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    return where


def test_import_contracts_hold():
    result = subprocess.run([_lint_imports()], cwd=ROOT, capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(CONTRACTS)} kept, 0 broken" in result.stdout


def test_every_contract_has_an_id_and_a_probe():
    assert sorted(c.get("id", c["name"]) for c in CONTRACTS) == sorted(PROBES)


def test_the_unmodified_copy_keeps_every_contract(copy):
    result = _run(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(_verdicts(result.stdout).values()) == {"KEPT"}
    assert len(_verdicts(result.stdout)) == len(CONTRACTS)


@pytest.mark.parametrize("contract", sorted(PROBES))
def test_a_probe_import_breaks_exactly_its_contract(copy, contract):
    path, probe = PROBES[contract]
    module = copy / path
    original = module.read_text(encoding="utf-8")
    line = original.count("\n") + 1
    module.write_text(f"{original}{probe}  # probe\n", encoding="utf-8")
    try:
        result = _run(copy)
    finally:
        module.write_text(original, encoding="utf-8")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    name = next(c["name"] for c in CONTRACTS if c.get("id") == contract)
    verdicts = _verdicts(result.stdout)
    assert verdicts == {c["name"]: "BROKEN" if c["name"] == name else "KEPT"
                        for c in CONTRACTS}, output
    assert f"{len(CONTRACTS) - 1} kept, 1 broken" in result.stdout, output
    importer = path.removesuffix(".py").replace("/", ".")
    assert f"{importer} -> " in result.stdout and f"(l.{line})" in result.stdout, output


def test_engine_core_imports_no_ui_or_network():
    code = ("import sys, simulator.rehearsal, simulator.replay;"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'tui', 'analysis', 'websockets', 'matplotlib', 'asyncio')];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
