# Two commands do everything on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SETUP_STAMP := $(VENV)/.setup-$(shell cat pyproject.toml | md5sum | cut -c1-12)
DEMO_SCALE ?= 0.05
TEST_SCALE ?= 0.02

.PHONY: setup demo test lint lint-python lint-sql pytest dagster docs dashboards test-browser bench bench-smoke clean db-start db-stop

setup: $(SETUP_STAMP)

$(SETUP_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.setup-* && touch $@

demo: setup
	$(BIN)/techhub-dwh db start
	$(BIN)/techhub-dwh source generate --scale $(DEMO_SCALE)
	$(BIN)/techhub-dwh build
	@$(BIN)/python -m techhub_dwh.summary

test: setup lint
	$(BIN)/pytest

lint: lint-python lint-sql

lint-python: setup
	$(BIN)/ruff check src orchestration tests/python

lint-sql: setup
	$(BIN)/techhub-dwh lint

# Dagster UI with the project's code location; runs and history in the git-ignored .dagster_home/.
dagster: setup
	@mkdir -p .dagster_home && cp orchestration/dagster.yaml .dagster_home/dagster.yaml
	eval "$$($(BIN)/techhub-dwh db env)" && export DAGSTER_HOME="$(CURDIR)/.dagster_home" PATH="$(CURDIR)/$(BIN):$$PATH" \
		&& $(BIN)/dagster dev -h 127.0.0.1 -p 3000

docs: setup
	$(BIN)/techhub-dwh docs --serve

bench: setup
	$(BIN)/techhub-dwh bench --scales 1,10

bench-smoke: setup
	$(BIN)/techhub-dwh bench --smoke --scales 0.01

db-start: setup
	$(BIN)/techhub-dwh db start

db-stop: setup
	$(BIN)/techhub-dwh db stop

clean:
	-$(BIN)/techhub-dwh db stop
	rm -rf target target_* logs .pytest_cache .ruff_cache
