"""The benchmark runs end to end at a tiny scale on databases of its own and reports every
figure. No timing is asserted: speed goals live in the benchmark's report, never in tests."""

from __future__ import annotations

import json

import pytest

from techhub_dwh import bench

SCALE = 0.01

TIMINGS = [
    "generation_s", "floor_s", "parse_full_s", "parse_partial_s", "full_build_s", "dagster_full_s",
    "advance_s", "incremental_build_s", "mv_full_s", "mv_incremental_s",
]
RATIOS = [
    "incremental_over_full", "full_over_floor", "dagster_over_plain", "ours_over_mv_full", "ours_over_mv_incremental",
]
GOALS = {
    "incremental build / full build", "full build / floor (create table as select)", "full build time x10 data",
    "incremental build time x10 data", "Dagster full build / plain dbt build",
    "raw-source query / KPI query (slowest-gaining KPI)",
}


@pytest.mark.slow
def test_bench_smoke_reports_every_figure(tmp_path, capsys) -> None:
    exit_code = bench.run([SCALE], smoke=True, output_dir=tmp_path, database_prefix="bench_test")
    output = capsys.readouterr().out
    results = json.loads((tmp_path / "results.json").read_text())
    figures = results["scales"][0]
    assert exit_code == 0, f"benchmark steps failed: {figures['errors']}\n{output[-5000:]}"
    assert figures["errors"] == []

    # the machine and server it ran on
    machine = results["machine"]
    for key in ("date", "cpu_model", "logical_cores", "memory_gb", "postgres_version", "postgres_settings"):
        assert machine[key], key
    assert "work_mem" in machine["postgres_settings"]

    # every timing, positive
    for key in TIMINGS:
        assert isinstance(figures[key], (int, float)) and figures[key] > 0, key
    assert figures["source_rows_total"] > 0
    assert set(figures["source_rows"]) >= {"account_user", "core_actionlog", "service_servicerequest"}

    # the ten slowest models of both builds, from run_results.json
    for key in ("full_build_nodes", "incremental_build_nodes"):
        slowest = figures[key]["slowest_models"]
        assert 1 <= len(slowest) <= 10
        assert all(model["seconds"] >= 0 and model["model"] for model in slowest)
        assert [model["seconds"] for model in slowest] == sorted((m["seconds"] for m in slowest), reverse=True)
        assert figures[key]["failures"] == []

    # peak memory of the build: the dbt process tree at least
    peak = figures["full_build_memory"]
    assert peak["dbt_peak_rss_mb"] > 0 and peak["peak_total_mb"] >= peak["dbt_peak_rss_mb"]
    assert peak["dbt_children_maxrss_mb"] > 0

    # the materialized-view baseline: every view refreshed, twice
    assert figures["mv_views"] >= 40
    assert figures["mv_slowest_views"]

    # dashboard queries: every KPI table, each with its raw-source question; five fact questions
    queries = figures["queries"]
    kpi_names = {entry["name"] for entry in queries["kpi"]}
    assert len(kpi_names) >= 11
    compared = [entry for entry in queries["kpi"] if "raw" in entry] + queries["facts"]
    assert len(compared) >= 11 + 5
    for entry in compared:
        for side in ("ours", "raw"):
            timing = entry[side]
            assert 0 < timing["p50_ms"] <= timing["p95_ms"], (entry["name"], side)
            assert timing["runs"] >= 3
        assert entry["raw_over_ours"] > 0
    assert len(queries["facts"]) == 5

    # ratios and goals, stored and printed
    ratios = results["ratios"]["by_scale"][str(SCALE)]
    for key in RATIOS:
        assert ratios[key] is not None and ratios[key] > 0, key
    assert ratios["raw_over_kpi"]["summary"]["count"] >= 11
    assert {goal["goal"] for goal in results["goals"]} == GOALS
    assert "goals:" in output and "dbt build --full-refresh" in output

    markdown = (tmp_path / "BENCHMARKS.md").read_text()
    for heading in ("## Machine", "## Figures", "## Goals", "## Dashboard queries",
                    "## Recommended PostgreSQL settings for the warehouse server"):
        assert heading in markdown
