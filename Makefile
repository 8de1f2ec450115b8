# warroom: the two commands of the Quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export MPLCONFIGDIR := $(CURDIR)/.venv/mplconfig

.PHONY: install demo test lint benchmark schema docs clean

# The venv is rebuilt only when pyproject.toml changes; otherwise `make install` is a no-op.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# In a terminal: play the CIO in the DDoS drill against bots (4 h at 16x: about 15 minutes; q to
# leave early), then write its report. Without a terminal: a bot-only rehearsal and its report.
demo: install
	rm -f runs/demo/journal.sqlite runs/demo/journal.sqlite-wal runs/demo/journal.sqlite-shm
	if [ -t 0 ] && [ -t 1 ]; then \
	  $(BIN)/warroom play ddos-618 --role cio --speed 16 --journal runs/demo/journal.sqlite; \
	else \
	  $(BIN)/warroom rehearse ddos-618 --seed 618 --out runs/demo; \
	fi
	$(BIN)/warroom report runs/demo/journal.sqlite --out runs/demo/report --history runs/history.sqlite

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -q -m "not benchmark"

benchmark: install
	$(BIN)/python benchmarks/engine_vs_simpy.py
	$(BIN)/python benchmarks/engine_per_drill.py --runs 10
	$(BIN)/python benchmarks/live_load.py
	$(BIN)/python benchmarks/report_load.py
	$(BIN)/python benchmarks/console_load.py
	$(BIN)/python benchmarks/cli_startup.py
	$(BIN)/python benchmarks/hostile_clients.py --frames 100000
	$(BIN)/python benchmarks/fuzz_scenarios.py --cases 10000
	$(BIN)/python benchmarks/crash_recovery.py --kills 20
	$(BIN)/python benchmarks/soak.py --clients 300

schema: install
	$(BIN)/python -m simulator.scenario.schema --write

docs: install
	$(BIN)/python -m simulator.tools.protocol_docs --write

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache .hypothesis
