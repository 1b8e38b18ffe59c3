"""Running dbt as a child process against the project's warehouse."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from techhub_dwh import db
from techhub_dwh.paths import project_root

# What the nightly build runs (the Dagster asset techhub_dbt, `techhub-dwh build`, the benchmark):
# every seed, snapshot and model, and the data tests of the tables and incremental models, those of
# an incremental model narrowed to the keys it reloaded (macros/incremental/test_window.sql). Unit
# tests check SQL logic on fixed inputs, not the night's data: CI runs them, as dbt advises. The
# tests of views re-read whole source tables, and those of seeds check files that change only with
# the code: they run with --full-refresh and in CI. So do the singular tests tagged `whole_source`,
# which recompute a whole model from the source tables to check it by another path.
UNIT_TESTS = ["--exclude-resource-type", "unit_test"]
# one argument (dbt reads a space as a union): dagster-dbt takes a single value after --exclude
WHOLE_TABLE_TESTS = ("resource_type:test,config.materialized:view resource_type:test,config.materialized:seed "
                     "tag:whole_source")
NIGHTLY_BUILD = ["build", *UNIT_TESTS, "--exclude", WHOLE_TABLE_TESTS]
FULL_REFRESH_BUILD = ["build", "--full-refresh", *UNIT_TESTS]


def build_args(full_refresh: bool = False) -> list[str]:
    """The nightly build's dbt arguments: incremental, or a full refresh that tests everything."""
    return list(FULL_REFRESH_BUILD if full_refresh else NIGHTLY_BUILD)


def dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def dbt_env(conn: db.ConnectionSettings | None = None) -> dict[str, str]:
    root = project_root()
    env = db.subprocess_env(conn)
    env.setdefault("DBT_PROFILES_DIR", str(root / "profiles"))
    env.setdefault("DBT_PROJECT_DIR", str(root))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def run_dbt(args: list[str], conn: db.ConnectionSettings | None = None, check: bool = False,
            capture: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args>` in the project folder; output streams through unless captured."""
    return subprocess.run(
        [dbt_executable(), *args],
        cwd=project_root(),
        env=dbt_env(conn),
        check=check,
        text=True,
        capture_output=capture,
    )
