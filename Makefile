# The two commands of the README: `make run` and `make test`. Everything else is their plumbing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 5000
# The pure cores never touch a database: the PostgreSQL pass skips their tests.
PG_PYTEST_ARGS ?= --ignore=tests/matching --ignore-glob='tests/workshops/test_scheduling*.py' \
	--ignore=tests/workshops/test_timetable.py --ignore=tests/workshops/test_exports.py --ignore=tests/browser
CHROMIUM := /usr/bin/chromium
# Tests run on every core (pytest-xdist); the browser tests share one worker.
PYTEST_PARALLEL ?= -n auto --dist loadgroup

.PHONY: run test fuzz install clean translations browser-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# Compiled catalogues (.mo) are built from the .po files in the repository, never committed.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard matchmaker/translations/*/LC_MESSAGES/messages.po))
%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ 2>/dev/null

install: $(STAMP) $(CATALOGUES)

# After changing UI text: extract every marked string, merge it into the es/fr/de catalogues, compile them.
translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
	  --project Matchmaker -o matchmaker/translations/messages.pot matchmaker templates
	for lang in es fr de; do \
	  if [ -f matchmaker/translations/$$lang/LC_MESSAGES/messages.po ]; then \
	    $(BIN)/pybabel update --no-fuzzy-matching -i matchmaker/translations/messages.pot -d matchmaker/translations -l $$lang; \
	  else $(BIN)/pybabel init -i matchmaker/translations/messages.pot -d matchmaker/translations -l $$lang; fi; \
	done
	$(BIN)/pybabel compile -d matchmaker/translations

# A random secret key for this machine, written once; the app refuses to serve without a real one.
instance/config.py: | $(BIN)/python
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = \"{secrets.token_hex(32)}\"')" > $@

run: install instance/config.py
	$(BIN)/matchmaker db upgrade
	$(BIN)/matchmaker demo --if-empty
	$(BIN)/matchmaker run --host $(HOST) --port $(PORT)

# The browser tests (tests/browser) drive Debian's Chromium and inject axe-core, pinned in package-lock.json.
# Without Chromium they skip, unless MATCHMAKER_REQUIRE_BROWSER is set (.ci/run sets it): then they fail.
browser-deps: node_modules/.package-lock.json
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then export DEBIAN_FRONTEND=noninteractive; apt-get install -y chromium || { apt-get update && apt-get install -y chromium; }; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get install -y chromium || { sudo apt-get update && sudo apt-get install -y chromium; }; \
	  else echo "*** The browser tests need Chromium at $(CHROMIUM) and cannot install it without root:"; \
	    echo "*** run 'sudo apt-get install -y chromium'. Until then they are skipped (or fail under MATCHMAKER_REQUIRE_BROWSER)."; \
	  fi; \
	fi

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "*** npm is missing: run 'sudo apt-get install -y npm' for the browser tests' axe-core."; exit 1; }
	npm ci --no-audit --no-fund

# The whole suite on SQLite; again on PostgreSQL when MATCHMAKER_TEST_DATABASE_URL names one (.ci/run sets it).
test: install browser-deps
	env -u MATCHMAKER_TEST_DATABASE_URL $(BIN)/python -m pytest $(PYTEST_PARALLEL)
	@if [ -n "$$MATCHMAKER_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL =="; $(BIN)/python -m pytest $(PYTEST_PARALLEL) $(PG_PYTEST_ARGS); fi

# Thousands of random and hostile inputs per form (the suite itself runs a few dozen).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/security/test_fuzz.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info node_modules test-results
