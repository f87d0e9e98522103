# One task runner for people and CI. `make run` and `make test` are all a new machine needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
NPRZ := $(BIN)/nprz
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# The scale benchmark creates and drops a database of its own (nprz_bench_scale) on this server.
PG_SERVER ?= postgres://postgres@127.0.0.1:5432
HOST ?= 127.0.0.1
PORT ?= 8000
SITE := http://$(HOST):$(PORT)/
WRK ?= wrk

.PHONY: help run test lint typecheck pytest pytest-postgres bench clean

help:
	@echo "make run    installeer, laad de NPRZ-dataset 2024 en het voorbeeldprogramma Delft en Westland, toon de doelen, maak de rapporten in out/ en start de website op $(SITE)"
	@echo "make test   installeer met ontwikkeltools, lint, typecheck en de hele testsuite"
	@echo "make bench  meet de snelheid van de rekenkern, het laden, de website onder last (met wrk), de rapportset en de schaal van heel Nederland (op PostgreSQL)"

# The packages are installed by uv (from PyPI, pinned here), which installs the same pinned
# versions as pip in a quarter of the time (decision 027). Byte-compiled at install: with
# PYTHONDONTWRITEBYTECODE set, as on CI machines, every process would compile them again.
UV_VERSION := 0.13.10
UV_INSTALL := $(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -c constraints.txt

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"

# Stamp files: reinstall only when the project definition or the pins change.
$(VENV)/.run-installed: $(BIN)/python pyproject.toml constraints.txt
	$(UV_INSTALL) -e .
	@touch $@

$(VENV)/.dev-installed: $(BIN)/python pyproject.toml constraints.txt
	$(UV_INSTALL) -e ".[dev]"
	@touch $@ $(VENV)/.run-installed

# NPRZ is loaded first, so it is the default programme at the site's root; the example
# programme (src/nprz/programmes/bundled/delft-westland) gets its own section,
# /programma/delft-westland/, and its report in out/delft-westland/.
EXAMPLE := delft-westland

run: $(VENV)/.run-installed
	@$(NPRZ) migrate
	@$(NPRZ) load nprz2024
	@$(NPRZ) --programma nprz import cbs --tabel 85984NED --bron src/nprz/datasets/cbs2024/85984NED --bekend-overslaan --beknopt
	@$(NPRZ) --programma nprz import file src/nprz/datasets/cbs2024/kwb-kaart-2024.csv --bekend-overslaan --beknopt
	@$(NPRZ) --programma nprz import file src/nprz/datasets/cbs2024/bevolking-1-januari-2012-2024.csv --bekend-overslaan --beknopt
	@$(NPRZ) load $(EXAMPLE)
	@$(NPRZ) --programma $(EXAMPLE) import file src/nprz/programmes/bundled/$(EXAMPLE)/levering-cbs-2012-2024.csv --bekend-overslaan --beknopt
	@$(NPRZ) --programma nprz targets --year 2024
	@$(NPRZ) --programma nprz report --year 2024 --out out --definitief
	@$(NPRZ) --programma $(EXAMPLE) targets --year 2024
	@$(NPRZ) --programma $(EXAMPLE) report --year 2024 --out out/$(EXAMPLE)
	@$(NPRZ) info
	@$(NPRZ) --programma nprz demo-accounts
	@$(NPRZ) serve --host $(HOST) --port $(PORT)

# Lint, types and the SQLite and PostgreSQL passes at the same time: each alone leaves a core
# idle (mypy uses one, a pass's last module one); together they keep both busy (decision 025).
# -O prints each one's output whole when it ends, not interleaved. Python may keep what it
# compiles (an empty PYTHONDONTWRITEBYTECODE is unset; CI machines set it): otherwise every
# test process and every `nprz` a test starts compiles the project and rewrites the tests'
# asserts again, 3 s of the 6 s each test process takes to start.
test: $(VENV)/.dev-installed
	@PYTHONDONTWRITEBYTECODE= $(MAKE) --no-print-directory -O -j4 lint typecheck pytest pytest-postgres

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy src benchmarks
	DATABASE_URL=sqlite://:memory: $(NPRZ) manage makemigrations --check --dry-run

# pytest exits 5 when it collected nothing; a suite that runs no test must not pass.
# One worker per core (pytest-xdist); a test module stays on one worker, so a module's
# expensive fixture (the year cycle, the built report) is made once.
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadscope
pytest: $(VENV)/.dev-installed
	@$(PYTEST); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "FOUT: pytest vond geen tests"; exit 1; fi; exit $$rc

# On PostgreSQL again: the tests whose outcome can depend on the database engine, those that
# write to the store (loading, imports, deliveries and editions, the progress round and its
# simultaneous saves, accounts, uploads, a second programme), the cache shared by two servers
# and the country-wide benchmark. The pages, reports and charts only read, with the same
# queries, and run on SQLite alone (decision 025).
PG_TESTS := tests/cli tests/deliveries tests/imports tests/monitor tests/interventions \
	tests/staff tests/uploads tests/publication tests/programmes tests/benchmarks \
	tests/cycle/test_next_year_dataset.py tests/web/test_shared_servers.py \
	--ignore=tests/publication/test_attack.py
pytest-postgres: $(VENV)/.dev-installed
	@if $(BIN)/python -m nprz.site.pgcheck "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(PYTEST) -m django_db $(PG_TESTS); rc=$$?; \
		if [ $$rc -eq 5 ]; then echo "FOUT: geen databasetests gevonden"; exit 1; fi; exit $$rc; \
	else \
		echo "PostgreSQL niet bereikbaar op $(PG_URL): de PostgreSQL-tests zijn OVERGESLAGEN"; \
	fi

# The benchmarks live in benchmarks/ (not in the package) and run as modules from this folder,
# which `python -m` puts first on the path. The web part needs wrk (Debian package wrk).
bench: $(VENV)/.run-installed
	@command -v $(WRK) >/dev/null || { echo "make bench: wrk ontbreekt; installeer het met: apt-get install wrk"; exit 1; }
	$(BIN)/python -m benchmarks.steps
	$(BIN)/python -m benchmarks.web --wrk $(WRK)
	$(BIN)/python -m benchmarks.report
	$(BIN)/python -m benchmarks.scale --pg $(PG_SERVER)

clean:
	rm -rf $(VENV) var out .pytest_cache .mypy_cache .ruff_cache .hypothesis
