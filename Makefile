# The two commands of the README: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000
# The pure cores never touch a database: the PostgreSQL pass skips their tests.
PG_PYTEST_ARGS ?= --ignore=tests/matching --ignore-glob='tests/workshops/test_scheduling*.py' \
	--ignore=tests/workshops/test_timetable.py --ignore=tests/workshops/test_exports.py

.PHONY: run test fuzz install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(STAMP)

# A random secret key for this machine, written once; the app refuses to serve without a real one.
instance/config.py: | $(BIN)/python
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = \"{secrets.token_hex(32)}\"')" > $@

run: install instance/config.py
	$(BIN)/matchmaker db upgrade
	$(BIN)/matchmaker demo --if-empty
	$(BIN)/matchmaker run --host $(HOST) --port $(PORT)

# The whole suite on SQLite; again on PostgreSQL when MATCHMAKER_TEST_DATABASE_URL names one (.ci/run sets it).
test: install
	env -u MATCHMAKER_TEST_DATABASE_URL $(BIN)/python -m pytest
	@if [ -n "$$MATCHMAKER_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL =="; $(BIN)/python -m pytest $(PG_PYTEST_ARGS); fi

# Thousands of random and hostile inputs per form (the suite itself runs a few dozen).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/security/test_fuzz.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info
