# Two commands for a fresh machine (see README):
#   make demo   creates .venv, installs the pinned stack, builds the gazetteer, extracts the seed
#   make test   runs ruff and the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SEED := tests/fixtures/seed/ara-news-raqqa-evacuation.txt

.PHONY: setup demo test lint clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	$(BIN)/eventatlas gazetteer build
	$(BIN)/eventatlas models fetch
	touch $@

demo: setup
	$(BIN)/eventatlas extract $(SEED) --published 2016-11-11 --format table

test: setup
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info
