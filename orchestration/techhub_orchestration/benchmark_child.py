"""The benchmark's child process: the full build through Dagster, timed from inside (see
techhub_dwh.benchmark.orchestrated, which runs `python -m techhub_orchestration.benchmark_child
<mode>` and reads the line it reports)."""

from __future__ import annotations

import json
import sys
import time

from techhub_dwh.benchmark.orchestrated import MODES, RESULT_MARKER


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
        from techhub_orchestration import nightly

        code = nightly.run(full_refresh=True, docs=False)
        _report(method="techhub_orchestration.nightly.run(full_refresh=True, docs=False): the nightly job "
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
        print(f"usage: python -m techhub_orchestration.benchmark_child {{{','.join(MODES)}}}", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
