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

.PHONY: run test fuzz install clean translations

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
