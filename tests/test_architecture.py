"""The layers import one way: the import-linter contracts of pyproject.toml hold."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a dev dependency (make install)"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout
    assert "simulator.engine imports no simulator.bots KEPT" in result.stdout


def test_engine_core_imports_no_ui_or_network():
    code = ("import sys, simulator.rehearsal, simulator.replay;"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'tui', 'analysis', 'websockets', 'matplotlib', 'asyncio')];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
