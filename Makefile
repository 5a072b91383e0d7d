# newscrawl: `make demo` crawls the bundled fixture portal, `make test` runs lint and the whole suite,
# `make bench [ARTICLES=N]` runs the benchmarks, `make mutation` mutation-tests the extractors and portals. Each creates the virtualenv .venv/ first (Python 3.11+
# as $(PYTHON)); test and bench also install nginx and chromium (Debian) when missing.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

ARTICLES ?= 10000

REALWORLD ?= ../shared/realworld
EVAL_TOOL ?= $(REALWORLD)/../tools/extract_eval.py

.PHONY: demo test lint install system-deps bench eval mutation clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed

system-deps:
	benchmarks/install-system-deps

demo: $(BIN)/.installed
	$(BIN)/newscrawl demo --out out

lint: $(BIN)/.installed
	$(BIN)/ruff check newscrawl tests benchmarks
	$(BIN)/ruff format --check newscrawl tests benchmarks
	$(BIN)/mypy

test: lint system-deps
	$(BIN)/python -m pytest

$(BIN)/.bench-installed: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	touch $@

bench: $(BIN)/.bench-installed
	benchmarks/install-system-deps --wrk
	$(BIN)/python -m benchmarks.crawl --articles $(ARTICLES) --scale

# The generic path on real pages with known truth, scored beside trafilatura (kept outside the repository).
eval: $(BIN)/.bench-installed
	cd $(REALWORLD) && $(abspath $(BIN))/python $(abspath $(EVAL_TOOL)) --manifest manifest.jsonl \
		--extractors trafilatura --command '$(abspath $(BIN))/newscrawl extract --jsonl' --command-name newscrawl

# mutmut over newscrawl/extract and newscrawl/portals ([tool.mutmut] in pyproject.toml), from scratch
# each time (a few minutes on 2 cores), then the kill rate per module. Not part of `make test`.
$(BIN)/.mutation-installed: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[mutation]'
	touch $@

mutation: $(BIN)/.mutation-installed
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/mutmut results --all true | awk -f benchmarks/mutation_rates.awk

clean:
	rm -rf $(VENV) out .bench .pytest_cache .ruff_cache mutants
