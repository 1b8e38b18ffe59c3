"""The full build run through Dagster, in a child Python process per measurement (so each scale
loads the code location afresh with its own database and dbt target folder). The child is the
code location's `techhub_orchestration.benchmark_child`, named by the command line: the library
runs it as a program and never imports it. Its modes:

- `prepare` (not timed): load the code location once, which parses the dbt project into the
  target folder if needed, as a deployed code server has its manifest before the night starts;
- `dbt` (the figure compared with plain dbt): a job of exactly what `dbt build --full-refresh`
  does (every dbt node, dbt tests as asset checks), executed in process on an ephemeral instance;
- `nightly`: `techhub_orchestration.nightly.run(full_refresh=True, docs=False)`, the nightly
  pipeline with its source-freshness and Great Expectations checks as well.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from techhub_dwh import db
from techhub_dwh.paths import project_root

RESULT_MARKER = "TECHHUB_BENCH_RESULT "
MODES = ("prepare", "dbt", "nightly")


def run_child(child_module: str, mode: str, conn: db.ConnectionSettings, log_name: str) -> dict:
    """Run one mode of `child_module` in a child process; its result (method, exit code, import and
    execution seconds). The caller sets PGDATABASE and DBT_TARGET_PATH and times the whole call."""
    env = {**os.environ, **conn.env()}
    with tempfile.TemporaryDirectory(prefix="techhub-bench-dagster-") as home:
        env["DAGSTER_HOME"] = home  # an instance of its own: bench runs stay out of .dagster_home
        result = subprocess.run(
            [sys.executable, "-m", child_module, mode],
            cwd=project_root(), env=env, text=True, capture_output=True,
        )
    target = os.environ.get("DBT_TARGET_PATH")
    if target:
        log = project_root() / target / log_name
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text(result.stdout + result.stderr)
    outcome = {"method": "unknown", "exit": result.returncode}
    for line in result.stdout.splitlines():
        if line.startswith(RESULT_MARKER):
            outcome.update(json.loads(line[len(RESULT_MARKER):]))
    outcome["exit"] = result.returncode
    if result.returncode != 0:
        print("\n".join((result.stdout + result.stderr).splitlines()[-30:]), file=sys.stderr)
    return outcome
