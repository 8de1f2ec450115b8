# warroom: the two commands of the Quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export MPLCONFIGDIR := $(CURDIR)/.venv/mplconfig

.PHONY: install demo test lint benchmark schema clean

# The venv is rebuilt only when pyproject.toml changes; otherwise `make install` is a no-op.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/warroom rehearse ddos-618 --seed 618 --out runs/demo
	$(BIN)/warroom report runs/demo/journal.sqlite --out runs/demo/report --history runs/history.sqlite

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest -q -m "not benchmark"

benchmark: install
	$(BIN)/python benchmarks/engine_vs_simpy.py
	$(BIN)/python benchmarks/live_load.py
	$(BIN)/python benchmarks/report_load.py

schema: install
	$(BIN)/python -m simulator.scenario.schema --write

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache .hypothesis
