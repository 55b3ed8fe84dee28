# tidtam: `make run` runs the bot locally, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test lint bench bench-reminders clean

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

bench: install
	$(BIN)/python -m bench.status_query

bench-reminders: install
	$(BIN)/python -m bench.reminders_slot

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
