"""The full build run through Dagster, in a child Python process per measurement (so each scale
loads the code location afresh with its own database and dbt target folder).

- `prepare` (not timed): load the code location once, which parses the dbt project into the
  target folder if needed, as a deployed code server has its manifest before the night starts;
- `dbt` (the figure compared with plain dbt): a job of exactly what `dbt build --full-refresh`
  does (every dbt node, dbt tests as asset checks), executed in process on an ephemeral instance;
- `nightly`: `techhub_dwh.pipeline.run_nightly(full_refresh=True, docs=False)`, the nightly
  pipeline with its source-freshness and Great Expectations checks as well.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from techhub_dwh import db
from techhub_dwh.paths import project_root

RESULT_MARKER = "TECHHUB_BENCH_RESULT "
MODES = ("prepare", "dbt", "nightly")


def run_child(mode: str, conn: db.ConnectionSettings, log_name: str) -> dict:
    """Run one mode in a child process; its result (method, exit code, import and execution
    seconds). The caller sets PGDATABASE and DBT_TARGET_PATH and times the whole call."""
    env = {**os.environ, **conn.env()}
    with tempfile.TemporaryDirectory(prefix="techhub-bench-dagster-") as home:
        env["DAGSTER_HOME"] = home  # an instance of its own: bench runs stay out of .dagster_home
        result = subprocess.run(
            [sys.executable, "-m", "techhub_dwh.benchmark.orchestrated", mode],
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


def _report(**values: object) -> None:
    print(RESULT_MARKER + json.dumps(values), flush=True)


def _dbt_build_job():
    """The code location's definitions plus a job selecting every dbt node with its dbt tests,
    and none of the other checks (source freshness, Great Expectations) nor the docs."""
    import dagster as dg

    from techhub_orchestration.definitions import defs
    from techhub_orchestration.defs.assets import techhub_dbt

    selection = dg.AssetSelection.assets(techhub_dbt).without_checks() | dg.AssetSelection.checks(
        *techhub_dbt.check_keys)
    job = dg.define_asset_job("bench_dbt_build_full_refresh", selection=selection)
    return dg.Definitions.merge(defs, dg.Definitions(jobs=[job])).get_job_def(job.name)


def main(mode: str) -> int:
    started = time.perf_counter()
    if mode == "prepare":
        import techhub_orchestration.definitions  # noqa: F401  (parses the dbt project if needed)

        _report(method="load the code location", import_s=round(time.perf_counter() - started, 2))
        return 0
    if mode == "nightly":
        from techhub_dwh import pipeline

        code = pipeline.run_nightly(full_refresh=True, docs=False)
        _report(method="techhub_dwh.pipeline.run_nightly(full_refresh=True, docs=False): the nightly job "
                "with source freshness and Great Expectations checks, without docs",
                execute_s=round(time.perf_counter() - started, 2))
        return code
    import dagster as dg

    job = _dbt_build_job()
    imported = time.perf_counter()
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        run_config={"ops": {"techhub_dbt": {"config": {"full_refresh": True}}}},
    )
    _report(method="Dagster in process: every dbt asset with its dbt-test checks, --full-refresh",
            import_s=round(imported - started, 2), execute_s=round(time.perf_counter() - imported, 2))
    return 0 if result.success else 1


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in MODES:
        print(f"usage: python -m techhub_dwh.benchmark.orchestrated {{{','.join(MODES)}}}", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
