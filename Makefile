# Two commands on a fresh machine with Python 3.11+ and make:
#   make reports   set up .venv and run the reports on the shipped data
#   make test      set up .venv, lint (ruff, the import-layer contract), run all tests (incl. nbval)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup reports test test-fast lint format check summary workshop mutate clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

reports: setup
	MPLBACKEND=Agg $(BIN)/python -m nplv_analysis reports

workshop: setup
	$(BIN)/python -m nplv_analysis workshop

check: setup
	$(BIN)/python -m nplv_analysis check

summary: setup
	$(BIN)/python -m nplv_analysis summary

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# pytest's own exit code is kept: 5 (no tests collected) fails the target like any failure.
test: lint
	MPLBACKEND=Agg $(BIN)/python -m pytest

# The loop while you work: everything but the tests marked slow (report runs, notebooks, the
# browser, processes; tests/conftest.py SLOW_MODULES), on every core (pytest-xdist; JOBS=0 for one
# process). Each test module stays on one worker (--dist loadfile): a module's expensive fixtures
# are built once and its tests never share files with a test running beside them.
# The property tests try fewer examples (--hypothesis-profile=fast, tests/conftest.py). `make test`
# (and CI) runs them all, every example, in one process.
JOBS ?= auto
test-fast: lint
	MPLBACKEND=Agg $(BIN)/python -m pytest -m "not slow" -n $(JOBS) --dist loadfile \
	    --hypothesis-profile=fast

# Mutation testing of the rules and the engine (not part of `make test`; about 20 minutes on two
# cores). The files and tests are in [tool.mutmut] of pyproject.toml; a surviving mutant is a
# missing test. `$(BIN)/mutmut show NAME` prints one. mutants/ is removed first: mutmut does not
# test a known survivor again after a test is added.
mutate: setup
	rm -rf mutants
	MPLBACKEND=Agg $(BIN)/mutmut run
	$(BIN)/mutmut results

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
