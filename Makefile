# Two commands for a fresh machine (see README):
#   make demo   creates .venv, installs the pinned stack, builds the gazetteer and the web UI,
#               extracts the seed article
#   make test   runs ruff and the test suite (also installs the optional Ray extra it tests)
#   make test-fast  the same without the slow tests, for the edit-test loop
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock
SEED := tests/fixtures/seed/ara-news-raqqa-evacuation.txt
WEB_BUILD := src/eventatlas/web/static/index.html

.PHONY: setup web demo test test-fast lint clean

setup: $(VENV)/.installed $(WEB_BUILD)

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) -e '.[dev]'
	$(BIN)/eventatlas gazetteer build
	$(BIN)/eventatlas models fetch
	touch $@

# The web UI's libraries come from npm; --ignore-scripts skips a telemetry install hook.
$(WEB_BUILD): web/package.json web/package-lock.json web/build.mjs web/basemap.mjs \
		$(wildcard web/src/*) $(wildcard web/src/js/*)
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && npm run build

web: $(WEB_BUILD)

$(VENV)/.ray: $(VENV)/.installed
	$(PIP) -e '.[dev,ray]'
	touch $@

demo: setup
	$(BIN)/eventatlas extract $(SEED) --published 2016-11-11 --format table

test: setup $(VENV)/.ray
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest

# Everything but the tests marked slow or fuzz (training, browsers, subprocess faults, wheels),
# on two worker processes.
test-fast: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -m "not slow and not fuzz" -q -n 2

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info web/node_modules src/eventatlas/web/static
