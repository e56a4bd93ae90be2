# The two commands a new machine needs: `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install system-deps run test lint bench

$(STAMP): requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Chromium (browser tests, chart images) and Redis (shared cache tests) from Debian's packages.
system-deps:
	bash scripts/install-system-deps.sh

run: install
	$(PY) -m dashboard serve

test: install system-deps
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check dashboard tests bench

bench: install
	$(PY) bench/run.py
