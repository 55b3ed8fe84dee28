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
# Our own modules compiled once and kept (in __pycache__, which git ignores), not again by every
# process: a machine may set PYTHONDONTWRITEBYTECODE (this one does), and then each test worker,
# spawned bot worker and CLI run compiles ~340 files anew (test collection: 11.4 s → 6.4 s).
export PYTHONDONTWRITEBYTECODE :=

.PHONY: install run test check lint chaos bench bench-quick bench-tools bench-import bench-reminders bench-sheet bench-outbound bench-dashboard browser screens lock upgrade clean

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

# Everything: the tests that run in one process (and PostgreSQL's) on both cores, then the
# real-process suites (workers killed, gunicorn, `make run`), two at a time: they mostly wait on
# leases and restarts, so two share the cores without timing out (three did, now and then).
test: install browser
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/pytest -n 2 -p no:cacheprovider -m "not processes"
	$(BIN)/pytest -n 2 -p no:cacheprovider -m processes

# The fast inner loop: lint, types and every test that runs in this process (no PostgreSQL,
# no worker or gunicorn processes, no simulated year), on both cores; `make test` runs everything.
check: install
	$(BIN)/ruff check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/pytest -q -n 2 -p no:cacheprovider -m "not postgres and not processes and not slow"

# The chaos suite with more officers than `make test` runs (CHAOS_OFFICERS=6 there).
chaos: install
	CHAOS_OFFICERS=$${CHAOS_OFFICERS:-40} $(BIN)/pytest -q -p no:cacheprovider tests/test_chaos.py

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

# The dashboard's browser test drives Debian's Chromium (tests/test_dashboard_browser.py).
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || (apt-get install -y chromium chromium-driver || (apt-get update && apt-get install -y chromium chromium-driver))

# Phone-width screenshots of the dashboard's pages into docs/screens (from the browser test).
screens: install browser
	TIDTAM_SCREENS=docs/screens $(BIN)/pytest -q -p no:cacheprovider tests/test_dashboard_browser.py

bench-tools:
	@command -v wrk >/dev/null || (apt-get install -y wrk || (apt-get update && apt-get install -y wrk))
	@test -x $(BIN)/py-spy || $(UV) pip install --quiet --python $(BIN)/python py-spy

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

bench-sheet: install
	$(BIN)/python -m bench.sheet_xlsx

bench-dashboard: install
	$(BIN)/python -m bench.dashboard_overview

# Pushes a second from one process through the outbound client (also part of `make bench`).
bench-outbound: install
	$(BIN)/python -m bench.outbound_push

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache
