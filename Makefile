# tidtam: `make run` runs the bot locally, `make test` runs every test.
# Packages come from requirements.lock, the whole dependency tree pinned; `make lock` and
# `make upgrade` regenerate it on purpose (README, Development).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements.lock
UV     := $(BIN)/uv
UV_VERSION := $(shell sed -n 's/^uv==//p' $(LOCK))
# One lock for every platform and every Python >= 3.11, one version of each package.
COMPILE := pyproject.toml --extra dev --universal --fork-strategy fewest --python-version 3.11 \
           --quiet -o $(LOCK)
# uv reads no pip.conf; it installs into the venv's own Python and never downloads one.
export UV_PYTHON_DOWNLOADS := never

.PHONY: install run test lint bench bench-import bench-reminders lock upgrade clean

# A bare venv (no pip: seeding it costs seconds) and uv in it, installed by this machine's pip,
# the only tool a fresh machine needs besides Python.
$(UV):
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install --quiet "uv==$(UV_VERSION)"

# Install exactly the lock (removing anything else), then tidtam itself without dependencies.
$(STAMP): pyproject.toml $(LOCK) | $(UV)
	$(UV) pip sync --quiet --compile-bytecode --python $(BIN)/python $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
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

# After editing pyproject.toml: resolve again, keeping every pin that still fits.
lock: | $(UV)
	$(UV) pip compile $(COMPILE)

# Move to the newest releases pyproject.toml allows: all (`make upgrade`) or one
# (`make upgrade PACKAGE=holidays`). Then `make test`, and commit requirements.lock.
upgrade: | $(UV)
	$(UV) pip compile $(COMPILE) $(if $(PACKAGE),--upgrade-package $(PACKAGE),--upgrade)

bench-import: install
	$(BIN)/python -m bench.import_variants -n 3000

bench-reminders: install
	$(BIN)/python -m bench.reminders_slot

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
