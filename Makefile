# make demo   set everything up, build the demo database from the seed article, extract its positions,
#             draw demo.png, write demo-site/
# make test   set everything up and run the whole test suite
# make lint   ruff and mypy (configured in pyproject.toml)
# make docs   regenerate docs/cli.md from every command's --help
# make bench  run the benchmarks (see benchmarks/README.md)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
# The optional extras: pictures, the web, reading articles, model-backed extraction.
EXTRAS := plot,web,extract,llm

.PHONY: demo test lint docs bench install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,lint,$(EXTRAS)]'

demo: install
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/policytrack --db $(DEMO_DB) init --seed
	$(BIN)/policytrack --db $(DEMO_DB) timeline
	@echo
	$(BIN)/policytrack --db $(DEMO_DB) reversals --rollup
	@echo
	$(BIN)/policytrack --db $(DEMO_DB) extract caliber-2024-11-21
	$(BIN)/policytrack --db $(DEMO_DB) plot --rollup -o demo.png
	$(BIN)/policytrack --db $(DEMO_DB) publish demo-site --rollup

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/mypy

docs: install
	$(BIN)/python -m policytrack.cli.reference docs/cli.md

bench: install
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm demo.png demo-site
