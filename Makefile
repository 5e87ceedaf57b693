# The README names two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Test processes: most tests wait on sockets, servers and child processes more than on the CPU,
# so more workers than cores finish sooner (each worker starts its own PostgreSQL and Redis).
# --dist loadgroup: the tests of one xdist_group (tests/nodes: three real nodes, started once)
# run in one worker; every other test is spread as usual.
TEST_WORKERS ?= 4

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/dentin demo

test: $(VENV)/.dev-installed
	./scripts/system-deps.sh
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(VENV)/.dev-installed
	$(BIN)/python bench/keys.py
	$(BIN)/python bench/gateway.py
	$(BIN)/python bench/office_reads.py
	$(BIN)/python bench/sqlite_threads.py
	$(BIN)/python bench/aging.py
	$(BIN)/python bench/connector.py
	./scripts/system-deps.sh
	$(BIN)/python bench/fast_path.py
	$(BIN)/python bench/events.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/node_relay.py

clean:
	rm -rf $(VENV) data tests/artifacts
