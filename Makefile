# tidtam: `make run` runs the bot locally, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint bench bench-quick bench-tools clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/tidtam run

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check . || true
	$(BIN)/mypy .
	$(BIN)/lint-imports

# Benchmarks (not part of `make test`): ingest vs the echo bot, end to end, throughput,
# status queries; writes the table in docs/BENCHMARKS.md. Installs wrk and py-spy if missing.
bench: install bench-tools
	$(BIN)/python -m bench.run_all

bench-quick: install bench-tools
	$(BIN)/python -m bench.run_all --quick

bench-tools:
	@command -v wrk >/dev/null || (apt-get install -y wrk || (apt-get update && apt-get install -y wrk))
	@test -x $(BIN)/py-spy || $(BIN)/python -m pip install --quiet py-spy

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
