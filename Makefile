# make demo   set everything up, build the demo database from the seed article, extract its positions
# make test   set everything up and run the whole test suite
# make bench  run the benchmarks (see benchmarks/README.md)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db

.PHONY: demo test bench install install-extract install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-extract: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[extract]'

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,extract,llm]'

demo: install-extract
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/policytrack --db $(DEMO_DB) init --seed
	$(BIN)/policytrack --db $(DEMO_DB) timeline
	@echo
	$(BIN)/policytrack --db $(DEMO_DB) reversals --rollup
	@echo
	$(BIN)/policytrack --db $(DEMO_DB) extract caliber-2024-11-21

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
