# Two commands do everything on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SETUP_STAMP := $(VENV)/.setup-$(shell cat pyproject.toml | md5sum | cut -c1-12)
DEMO_SCALE ?= 0.05
TEST_SCALE ?= 0.02
TEST_WORKERS ?= 2

.PHONY: setup demo test test-bench lint lint-python lint-sql pytest dagster docs dashboards test-browser bench bench-smoke clean db-start db-stop

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

# The test files run on TEST_WORKERS pytest-xdist workers, a file's tests on one worker (they
# share its module fixtures: a database built once per file).
test: setup lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile -m "not bench"

# The benchmark end to end at a tiny scale, every figure reported (about 3 minutes).
test-bench: setup
	$(BIN)/pytest -m bench tests/python/test_bench_smoke.py

lint: lint-python lint-sql

lint-python: setup
	$(BIN)/ruff check src orchestration tests/python dashboards

lint-sql: setup
	$(BIN)/techhub-dwh lint

# Dagster UI with the project's code location; runs and history in the git-ignored .dagster_home/.
dagster: setup
	@mkdir -p .dagster_home && cp orchestration/dagster.yaml .dagster_home/dagster.yaml
	eval "$$($(BIN)/techhub-dwh db env)" && export DAGSTER_HOME="$(CURDIR)/.dagster_home" PATH="$(CURDIR)/$(BIN):$$PATH" \
		&& $(BIN)/dagster dev -h 127.0.0.1 -p 3000

# The dbt docs site on http://127.0.0.1:8080 (DOCS_PORT), generated first when the catalog is missing.
docs: setup
	$(BIN)/techhub-dwh docs --serve

# Superset in its own virtual environment (.superset/, git-ignored) with the KPI dashboard
# provisioned from dashboards/kpi_dashboard.yml, served on http://127.0.0.1:8088 until Ctrl-C
# (login admin / admin; SUPERSET_ADMIN_USER, SUPERSET_ADMIN_PASSWORD, SUPERSET_PORT).
dashboards: setup
	$(BIN)/python dashboards/superset_ctl.py serve

# Headless Chromium (Debian's, installed when missing) against the docs site and the dashboard of
# the warehouse `make demo` built; screenshots land in screenshots/.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
test-browser: setup
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		echo "installing Debian's chromium and chromium-driver"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }
	TECHHUB_BROWSER_TESTS=1 TECHHUB_BROWSER_DATABASE="$${PGDATABASE:-techhub_dwh}" \
		TECHHUB_BROWSER_TARGET_PATH="$${DBT_TARGET_PATH:-target}" TECHHUB_BROWSER_LOG_PATH="$${DBT_LOG_PATH:-logs}" \
		$(BIN)/pytest -m browser tests/python/test_browser.py

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
