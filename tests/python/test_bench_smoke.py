"""The benchmark runs end to end at a tiny scale on databases of its own and reports every
figure. No timing is asserted: speed goals live in the benchmark's report, never in tests."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest

from techhub_cli.main import ORCHESTRATED_BENCHMARK
from techhub_dwh import db
from techhub_dwh.benchmark import report
from techhub_dwh.benchmark import runner as bench

SCALE = 0.01

TIMINGS = [
    "generation_s", "floor_s", "parse_full_s", "parse_partial_s", "full_build_s", "dagster_full_s",
    "advance_s", "incremental_build_s", "mv_full_s", "mv_incremental_s",
]
RATIOS = [
    "incremental_over_full", "full_over_floor", "dagster_over_plain", "ours_over_mv_full", "ours_over_mv_incremental",
]
GOALS = {
    "nightly incremental build / full build", "nightly incremental build, scale 10 / scale 1",
    "full build / materialized views' full refresh",
    "nightly incremental build / materialized views' nightly refresh",
    "full build / floor (create table as select)", "Dagster full build / plain dbt build",
}


@pytest.mark.slow
@pytest.mark.bench
def test_bench_smoke_reports_every_figure(tmp_path, capsys) -> None:
    exit_code = bench.run([SCALE], smoke=True, orchestrated_child=ORCHESTRATED_BENCHMARK, output_dir=tmp_path,
                          database_prefix="bench_test")
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

    # the nights in a row (one with --smoke), each timed, with its run_results; night 1 is the incremental build
    nights = figures["nights"]
    assert [entry["night"] for entry in nights] == list(range(1, bench.SMOKE_NIGHTS + 1))
    assert len({entry["seed"] for entry in nights}) == len(nights)
    for entry in nights:
        for key in ("advance_s", "analyze_s", "build_s"):
            assert entry[key] > 0, (entry["night"], key)
        assert entry["exit"] == 0 and entry["nodes"]["failures"] == []
        assert entry["nodes"]["by_resource_type"]["model"]["count"] > 0
    assert nights[0]["build_s"] == figures["incremental_build_s"]

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
    assert set(ratios["nights_over_full"]) == {str(entry["night"]) for entry in nights}
    # the tests' share of the thread time, for the full build and every night
    assert set(ratios["test_share"]) == {"full build", *(f"night {entry['night']}" for entry in nights)}
    for label, share in ratios["test_share"].items():
        assert share["test_nodes"] > 0 and 0 < share["share"] < 1, label
    assert {goal["goal"] for goal in results["goals"]} == GOALS
    assert {goal["state"] for goal in results["goals"]} <= {"met", "fallback met", "MISSED", "n/a"}
    assert "goals:" in output and "dbt build --full-refresh" in output

    # the per-node fixed cost: --smoke at scale 0.01 reads it from that scale instead of a run of its own
    fixed = results["fixed_cost"]
    assert fixed["scale"] == bench.FIXED_COST_SCALE and not fixed["separate_run"]
    night_cost = fixed["builds"]["night 1"]
    assert night_cost["nodes"] > 0 and night_cost["nodes_by_type"]["model"] > 0
    assert night_cost["per_node_s"] > 0 and night_cost["dbt_elapsed_s"] < night_cost["wall_s"]
    assert "per-node fixed cost" in output

    markdown = (tmp_path / "BENCHMARKS.md").read_text()
    for heading in ("## Machine", "## Figures", "## Goals", "## The nightly build", "## Per-node fixed cost",
                    "## Tests against models", "## Dashboard queries",
                    "## Recommended PostgreSQL settings for the warehouse server"):
        assert heading in markdown
    assert "night 1: dbt build" in markdown and "| fallback |" in markdown


def test_scale_that_does_not_fit_on_disk_is_skipped(monkeypatch) -> None:
    """The disk check runs before anything is created; the reason is kept in the results."""
    base = db.ConnectionSettings(host="/nowhere", port=5432, user="u", password="", database="d", embedded=True)
    options = bench.Options(runs=1, query_budget_s=1.0, keep_databases=False, database_prefix="bench_test",
                            orchestrated_child=ORCHESTRATED_BENCHMARK)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: SimpleNamespace(total=100 * bench.GB, free=20 * bench.GB))
    figures = bench.ScaleRun(base, 30, options, smoke=False).run()  # would need 8 + 1.6 * 30 = 56 GB
    assert "56 GB" in figures["skipped"] and figures["disk"]["free_gb"] == 20
    assert bench._exit_code([figures], []) == 1  # nothing measured

    results = report.assemble({"date": "today"}, [figures], smoke=False, options={}, wall_s=1.0)
    assert results["scales"] == [] and results["goals"] == []
    assert results["skipped_scales"][0]["scale"] == 30


def test_goals_with_a_fallback_limit_say_which_is_met() -> None:
    states = {value: report._goal("g", value, 0.03, 10.0, fallback=0.10) for value in (0.02, 0.05, 0.2, None)}
    assert [goal["state"] for goal in states.values()] == ["met", "fallback met", "MISSED", "n/a"]
    assert states[0.05]["met"] is False and states[0.05]["fallback_met"] is True
    assert "x the fallback" in states[0.2]["miss"]
