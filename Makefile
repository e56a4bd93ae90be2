# The two commands a new machine needs: `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install system-deps run test lint bench translations

$(STAMP): requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

# axe-core (npm) for the accessibility tests: pinned in package.json / package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch node_modules/.installed

install: $(STAMP) node_modules/.installed

# Chromium (browser tests, chart images) and Redis (shared cache tests) from Debian's packages.
system-deps:
	bash scripts/install-system-deps.sh

# gunicorn as in production (Procfile), on this computer only; the demo snapshot is built on first start.
run: install
	$(VENV)/bin/gunicorn --workers 2 --threads 4 --bind 127.0.0.1:8050 --timeout 60 dashboard.app:server

test: install system-deps
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check dashboard tests bench

bench: install
	$(PY) bench/run.py

# After changing interface texts: extract them, merge into the catalogs, translate the new
# entries in dashboard/translations/ru/LC_MESSAGES/messages.po, then compile (the .mo is committed).
translations: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ -k _ -k ngettext:1,2 -k translate --no-location --sort-output --project "REAct dashboard" -o dashboard/translations/messages.pot .
	$(VENV)/bin/pybabel update -i dashboard/translations/messages.pot -d dashboard/translations --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d dashboard/translations
