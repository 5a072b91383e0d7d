# newscrawl: `make demo` crawls the bundled fixture portal, `make test` runs lint and the whole suite.
# Both create the virtualenv .venv/ first (Python 3.11+ as $(PYTHON)).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/newscrawl demo --out out

lint: $(BIN)/.installed
	$(BIN)/ruff check newscrawl tests benchmarks
	$(BIN)/ruff format --check newscrawl tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
