"""The command line starts light: ``--help`` loads no heavy library, ``--version`` works.

Each check runs ``warroom`` in a fresh interpreter and inspects its ``sys.modules`` at exit, since
the test process itself has long imported everything. Timings are in
``benchmarks/cli_startup.py``, not here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version

HEAVY = ("matplotlib", "textual", "networkx", "jinja2", "websockets", "numpy", "pydantic",
         "simpy")

PROBE = """
import json, sys
from tui.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
sys.stdout.flush()
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr)
sys.exit(code or 0)
"""


def _run(*argv: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True, text=True,
                          timeout=120)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    return done, loaded


def test_help_loads_no_heavy_library():
    done, loaded = _run("--help")
    assert done.returncode == 0
    assert "validate" in done.stdout and "report" in done.stdout
    assert "tui" in loaded  # the probe does see the modules the run loaded
    assert sorted(loaded & set(HEAVY)) == []


def test_each_subcommand_help_loads_no_heavy_library():
    for command in ("scenarios", "validate", "rehearse", "serve", "join", "play", "report",
                    "history", "export"):
        done, loaded = _run(command, "--help")
        assert done.returncode == 0, command
        assert sorted(loaded & set(HEAVY)) == [], command


def test_validate_loads_neither_charts_nor_console_nor_network():
    done, loaded = _run("validate", "ddos-618")
    assert done.returncode == 0
    assert done.stdout.strip() == "ok ddos-618"
    assert "pydantic" in loaded  # it does validate
    assert sorted(loaded & {"matplotlib", "textual", "networkx", "websockets", "numpy"}) == []


def test_version_prints_the_installed_version():
    done = subprocess.run([sys.executable, "-m", "tui.cli", "--version"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0
    assert done.stdout == f"warroom {version('warroom')}\n"
