"""Ratios, goals, the printed table, results.json and BENCHMARKS.md."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

from techhub_dwh.paths import project_root

GOAL_SCALE = 10.0
NOTES_FILE = Path("benchmarks") / "NOTES.md"


# -- ratios and goals ------------------------------------------------------------------------
def _ratio(numerator: float | None, denominator: float | None, digits: int = 3) -> float | None:
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return round(numerator / denominator, digits)


def _summary(values: list[float]) -> dict | None:
    values = [value for value in values if value is not None and value > 0]
    if not values:
        return None
    geomean = math.exp(sum(math.log(value) for value in values) / len(values))
    return {"min": round(min(values), 1), "geomean": round(geomean, 1), "max": round(max(values), 1),
            "count": len(values)}


# -- per-build figures -------------------------------------------------------------------------
def night(figures: dict, number: int) -> dict:
    """Night `number`'s entry (advance, analyze, build times and run_results), or {}."""
    return next((entry for entry in figures.get("nights") or [] if entry.get("night") == number), {})


def night_numbers(per_scale: list[dict]) -> list[int]:
    """The nights measured at any scale (at least night 1)."""
    return sorted({entry["night"] for figures in per_scale for entry in figures.get("nights") or []} | {1})


def builds(figures: dict) -> list[tuple[str, dict]]:
    """(label, run_results summary) of the full build and of each night, in order."""
    nights = sorted(figures.get("nights") or [], key=lambda entry: entry["night"])
    return [("full build", figures.get("full_build_nodes") or {}),
            *((f"night {entry['night']}", entry.get("nodes") or {}) for entry in nights)]


def test_share(nodes: dict) -> dict | None:
    """The tests' share of the thread time of models and tests, from a run_results summary."""
    by_type = (nodes or {}).get("by_resource_type") or {}
    if not by_type:
        return None
    test, model = by_type.get("test") or {}, by_type.get("model") or {}
    test_s, model_s = test.get("seconds", 0.0), model.get("seconds", 0.0)
    return {"test_nodes": test.get("count", 0), "model_nodes": model.get("count", 0), "test_s": test_s,
            "model_s": model_s, "share": _ratio(test_s, test_s + model_s)}


def build_cost(wall_s: float | None, nodes: dict | None) -> dict | None:
    """Nodes executed per type, dbt's elapsed time, the startup around it, the cost per node."""
    by_type = (nodes or {}).get("by_resource_type") or {}
    elapsed = (nodes or {}).get("dbt_elapsed_s")
    if wall_s is None or not by_type or not elapsed:
        return None
    executed = sum(value["count"] for kind, value in by_type.items() if kind != "exposure")
    thread_s = sum(value["seconds"] for value in by_type.values())
    return {
        "wall_s": wall_s,
        "dbt_elapsed_s": elapsed,
        "startup_s": round(wall_s - elapsed, 2),
        "nodes_by_type": {kind: value["count"] for kind, value in by_type.items()},
        "nodes": executed,
        "per_node_s": _ratio(elapsed, executed, 4),
        "thread_s_per_node": _ratio(thread_s, executed, 4),
    }


FIXED_COST_NOTE = (
    "at this scale almost nothing is new, so the night's time is what dbt spends per node whatever the "
    "data (compiling, the statements and round trips of each node, its threads' scheduling); startup is "
    "the wall time minus dbt's own elapsed time: process start, loading the project and partial parse, "
    "writing the artifacts")


def fixed_cost(figures: dict | None) -> dict | None:
    """The per-node fixed cost, from the tiny scale's full build and its first night."""
    if figures is None:
        return None
    return {
        "scale": figures["scale"],
        "database": figures["database"],
        "separate_run": bool(figures.get("fixed_cost_run")),
        "skipped": figures.get("skipped"),
        "wall_s": figures.get("scale_wall_s"),
        "builds": {
            "full build": build_cost(figures.get("full_build_s"), figures.get("full_build_nodes")),
            "night 1": build_cost(figures.get("incremental_build_s"), figures.get("incremental_build_nodes")),
        },
        "errors": figures.get("errors", []),
        "note": FIXED_COST_NOTE,
    }


# -- ratios and goals ----------------------------------------------------------------------------
def scale_ratios(figures: dict) -> dict:
    query_results = figures.get("queries") or {}
    kpi = {entry["name"]: entry.get("raw_over_ours") for entry in query_results.get("kpi", [])}
    facts = {entry["name"]: entry.get("raw_over_ours") for entry in query_results.get("facts", [])}
    return {
        "incremental_over_full": _ratio(figures.get("incremental_build_s"), figures.get("full_build_s")),
        "nights_over_full": {str(entry["night"]): _ratio(entry.get("build_s"), figures.get("full_build_s"))
                             for entry in figures.get("nights") or []},
        "full_over_floor": _ratio(figures.get("full_build_s"), figures.get("floor_s"), 2),
        "dagster_over_plain": _ratio(figures.get("dagster_full_s"), figures.get("full_build_s")),
        "raw_over_kpi": {"per_query": kpi, "summary": _summary(list(kpi.values()))},
        "raw_over_fact_queries": {"per_query": facts, "summary": _summary(list(facts.values()))},
        "ours_over_mv_full": _ratio(figures.get("full_build_s"), figures.get("mv_full_s")),
        "ours_over_mv_incremental": _ratio(figures.get("incremental_build_s"), figures.get("mv_incremental_s")),
        "test_share": {label: test_share(nodes) for label, nodes in builds(figures)},
    }


GROWTH_KEYS = ["generation", "floor", "full_build", "incremental_build", "night_2", "night_3", "dagster_full",
               "mv_full", "mv_incremental"]


def _times(figures: dict) -> dict[str, float | None]:
    times = {key: figures.get(f"{key}_s") for key in GROWTH_KEYS}
    times.update({f"night_{number}": night(figures, number).get("build_s") for number in (2, 3)})
    return times


def across_scales(small: dict, large: dict) -> dict:
    small_times, large_times = _times(small), _times(large)
    return {
        "scales": [small["scale"], large["scale"]],
        "scale_factor": _ratio(large["scale"], small["scale"], 2),
        "data_factor": _ratio(large.get("source_rows_total"), small.get("source_rows_total"), 2),
        **{key: _ratio(large_times[key], small_times[key], 2) for key in GROWTH_KEYS},
    }


def _goal(name: str, value: float | None, limit: float, scale: float, note: str = "",
          fallback: float | None = None) -> dict:
    """A goal `value <= limit`; with a fallback, the lesser goal `value <= fallback` as well."""
    met = None if value is None else value <= limit
    fallback_met = None if value is None or fallback is None else value <= fallback
    if value is None:
        state, miss = "n/a", "not measured"
    elif met:
        state, miss = "met", ""
    elif fallback_met:
        state, miss = "fallback met", f"{value / limit:.2f}x the limit"
    else:
        state = "MISSED"
        miss = f"{value / limit:.2f}x the limit" + (f", {value / fallback:.2f}x the fallback" if fallback else "")
    return {"goal": name, "value": value, "limit": limit, "fallback": fallback, "comparison": "<=", "met": met,
            "fallback_met": fallback_met, "state": state, "scale": scale, "miss": miss, "note": note}


def goal_figures(per_scale: list[dict]) -> dict:
    """The scale the goals are evaluated at: GOAL_SCALE when measured, else the largest."""
    return next((figures for figures in per_scale if figures["scale"] == GOAL_SCALE), per_scale[-1])


GROWTH_GOAL = f"nightly incremental build, scale {GOAL_SCALE:g} / scale {GOAL_SCALE / 10:g}"
GROWTH_LIMIT = 1.5


def _growth_goal(per_scale: list[dict], figures: dict) -> dict:
    """The night-1 build at the goal scale over a scale ten times smaller (or the smallest)."""
    scale = figures["scale"]
    smaller = [other for other in per_scale if other["scale"] < scale]
    if not smaller:
        return _goal(GROWTH_GOAL, None, GROWTH_LIMIT, scale, "needs two scales")
    small = next((other for other in smaller if math.isclose(other["scale"] * 10, scale)), smaller[0])
    factor = scale / small["scale"]
    limit = GROWTH_LIMIT if math.isclose(factor, 10) else round(factor ** math.log10(GROWTH_LIMIT), 2)
    note = ""
    if scale != GOAL_SCALE or not math.isclose(factor, 10):
        note = f"evaluated as scale {scale:g} / scale {small['scale']:g}"
        if not math.isclose(factor, 10):
            note += f" (x{factor:g} data: limit {GROWTH_LIMIT:g}^log10({factor:g}) = {limit:g})"
    value = _ratio(figures.get("incremental_build_s"), small.get("incremental_build_s"), 2)
    return _goal(GROWTH_GOAL, value, limit, scale, note)


def goals(per_scale: list[dict], ratios: dict) -> list[dict]:
    """The issue's goals, at GOAL_SCALE (else the largest scale measured); the nightly build is
    night 1's incremental build. The dashboard queries are reported, not a goal."""
    if not per_scale:
        return []
    figures = goal_figures(per_scale)
    scale = figures["scale"]
    note = "" if scale == GOAL_SCALE else f"goals are set for scale {GOAL_SCALE:g}; evaluated at scale {scale:g}"
    mine = ratios[str(scale)]
    return [
        _goal("nightly incremental build / full build", mine["incremental_over_full"], 0.03, scale, note, 0.10),
        _growth_goal(per_scale, figures),
        _goal("full build / materialized views' full refresh", mine["ours_over_mv_full"], 1.0, scale, note),
        _goal("nightly incremental build / materialized views' nightly refresh", mine["ours_over_mv_incremental"],
              0.05, scale, note, 0.3),
        _goal("full build / floor (create table as select)", mine["full_over_floor"], 2.5, scale, note, 4.0),
        _goal("Dagster full build / plain dbt build", mine["dagster_over_plain"], 1.10, scale, note),
    ]


def assemble(description: dict, per_scale: list[dict], smoke: bool, options: dict, wall_s: float,
             fixed_cost_figures: dict | None = None) -> dict:
    measured = [figures for figures in per_scale if not figures.get("skipped")]
    ratios = {str(figures["scale"]): scale_ratios(figures) for figures in measured}
    return {
        "benchmark": "techhub-dwh",
        "smoke": smoke,
        "date": description["date"],
        "wall_s": round(wall_s, 1),
        "options": options,
        "machine": description,
        "requested_scales": [figures["scale"] for figures in per_scale],
        "scales": measured,
        "skipped_scales": [{"scale": figures["scale"], "reason": figures["skipped"], "disk": figures.get("disk")}
                           for figures in per_scale if figures.get("skipped")],
        "fixed_cost": fixed_cost(fixed_cost_figures),
        "ratios": {"by_scale": ratios,
                   "across_scales": [across_scales(small, large) for small, large in itertools.pairwise(measured)]},
        "goals": goals(measured, ratios),
    }


# -- formatting ---------------------------------------------------------------------------------
def _s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _ms(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} ms" if value < 100 else f"{value:,.0f} ms"


def _x(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}" if value < 1 else f"{value:,.2f}" if value < 100 else f"{value:,.0f}"


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f} MB"


def _bytes(value: int | None) -> str:
    return "-" if value is None else f"{value / 1024**2:,.0f} MB"


def _rows(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def _median_p50(entries: list[dict], side: str) -> float | None:
    values = sorted(entry[side]["p50_ms"] for entry in entries if entry.get(side))
    if not values:
        return None
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _share(share: dict | None) -> str:
    if not share or share["share"] is None:
        return "-"
    return f"{share['share']:.0%} ({share['test_nodes']} tests)"


def figure_rows(results: dict) -> list[tuple[str, list[str]]]:
    """(label, one cell per scale) for the summary table."""
    scales = results["scales"]
    ratios = results["ratios"]["by_scale"]
    nights = night_numbers(scales)

    def cells(getter) -> list[str]:
        out = []
        for figures in scales:
            try:
                out.append(getter(figures, ratios[str(figures["scale"])]))
            except (KeyError, TypeError):
                out.append("-")
        return out

    def memory(figures: dict) -> str:
        peak = figures["full_build_memory"]
        server = peak.get("postgres_backends_peak_pss_mb")
        return f"{_mb(peak['peak_total_mb'])} (dbt {_mb(peak['dbt_peak_rss_mb'])}, server {_mb(server)})"

    def queries(figures: dict, key: str, side: str) -> str:
        return _ms(_median_p50(figures["queries"][key], side))

    return [
        ("source rows", cells(lambda f, r: _rows(f.get("source_rows_total")))),
        ("source size", cells(lambda f, r: _bytes(f.get("source_bytes")))),
        ("source generation", cells(lambda f, r: _s(f.get("generation_s")))),
        ("floor: create table as select *", cells(lambda f, r: _s(f.get("floor_s")))),
        ("dbt parse, full", cells(lambda f, r: _s(f.get("parse_full_s")))),
        ("dbt parse, partial", cells(lambda f, r: _s(f.get("parse_partial_s")))),
        ("dbt build --full-refresh", cells(lambda f, r: _s(f.get("full_build_s")))),
        *((f"night {n}: dbt build, incremental after advance 1 day",
           cells(lambda f, r, n=n: _s(night(f, n).get("build_s")))) for n in nights),
        ("full build through Dagster", cells(lambda f, r: _s(f.get("dagster_full_s")))),
        ("  nightly pipeline, full refresh (+ freshness, GX)", cells(lambda f, r: _s(f.get("dagster_nightly_full_s")))),
        ("materialized views: full refresh", cells(lambda f, r: _s(f.get("mv_full_s")))),
        ("materialized views: refresh after advance (night 1)", cells(lambda f, r: _s(f.get("mv_incremental_s")))),
        ("advance source 1 day (night 1)", cells(lambda f, r: _s(f.get("advance_s")))),
        ("peak memory of the full build", cells(lambda f, r: memory(f))),
        ("tests' share of model + test thread time, full build", cells(
            lambda f, r: _share(r["test_share"].get("full build")))),
        *((f"  night {n}", cells(lambda f, r, n=n: _share(r["test_share"].get(f"night {n}")))) for n in nights),
        ("KPI query p50 (median over KPIs)", cells(lambda f, r: queries(f, "kpi", "ours"))),
        ("  same from raw source", cells(lambda f, r: queries(f, "kpi", "raw"))),
        ("fact query p50 (median of 5)", cells(lambda f, r: queries(f, "facts", "ours"))),
        ("  same from raw source", cells(lambda f, r: queries(f, "facts", "raw"))),
        ("ratio nightly incremental (night 1) / full", cells(lambda f, r: _x(r["incremental_over_full"]))),
        *((f"  night {n} / full", cells(lambda f, r, n=n: _x(r["nights_over_full"].get(str(n)))))
          for n in nights if n > 1),
        ("ratio full / floor", cells(lambda f, r: _x(r["full_over_floor"]))),
        ("ratio Dagster / plain dbt", cells(lambda f, r: _x(r["dagster_over_plain"]))),
        ("ratio raw / KPI query (min, geomean)", cells(
            lambda f, r: f"{_x(r['raw_over_kpi']['summary']['min'])}, {_x(r['raw_over_kpi']['summary']['geomean'])}")),
        ("ratio raw / fact query (min, geomean)", cells(
            lambda f, r: f"{_x(r['raw_over_fact_queries']['summary']['min'])}, "
                         f"{_x(r['raw_over_fact_queries']['summary']['geomean'])}")),
        ("ratio ours / materialized views, full", cells(lambda f, r: _x(r["ours_over_mv_full"]))),
        ("ratio ours / materialized views, incremental", cells(lambda f, r: _x(r["ours_over_mv_incremental"]))),
    ]


GROWTH_LABELS = {"data_factor": "data factor", "generation": "generation", "floor": "floor",
                 "full_build": "full build", "incremental_build": "night 1 (incremental build)",
                 "night_2": "night 2", "night_3": "night 3", "dagster_full": "dagster full",
                 "mv_full": "mv full", "mv_incremental": "mv incremental"}


def _goal_line(goal: dict) -> tuple[str, str, str, str, str]:
    """state, value, limit, fallback limit, detail."""
    value = "-" if goal["value"] is None else _x(goal["value"])
    fallback = "-" if goal.get("fallback") is None else f"{goal['comparison']} {goal['fallback']:g}"
    detail = "; ".join(part for part in (goal["miss"], goal["note"]) if part)
    return goal["state"], value, f"{goal['comparison']} {goal['limit']:g}", fallback, detail


def _fixed_cost_lines(fixed: dict | None) -> list[str]:
    """One line per build of the per-node fixed cost (console)."""
    if not fixed:
        return []
    source = "a run of its own" if fixed["separate_run"] else "that scale of this run"
    lines = [f"\nper-node fixed cost, scale {fixed['scale']:g} ({source}):"]
    if fixed.get("skipped"):
        return [*lines, f"  skipped, {fixed['skipped']}"]
    for label, cost in fixed["builds"].items():
        if cost is None:
            lines.append(f"  {label}: not measured")
            continue
        lines.append(f"  {label}: {cost['nodes']} nodes ({_node_counts(cost)}), wall {_s(cost['wall_s'])}, "
                     f"dbt elapsed {_s(cost['dbt_elapsed_s'])}, startup {_s(cost['startup_s'])}, "
                     f"{_ms(cost['per_node_s'] * 1000)} elapsed per node")
    return lines


def _node_counts(cost: dict) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in cost["nodes_by_type"].items())


def table(results: dict) -> str:
    rows = figure_rows(results)
    headers = ["figure", *[f"scale {figures['scale']:g}" for figures in results["scales"]]]
    widths = [max(len(headers[0]), *(len(label) for label, _ in rows))]
    for index in range(len(results["scales"])):
        widths.append(max(len(headers[index + 1]), *(len(cells[index]) for _, cells in rows)))
    lines = ["", "  ".join(header.ljust(width) for header, width in zip(headers, widths, strict=True)),
             "  ".join("-" * width for width in widths)]
    for label, cells in rows:
        lines.append("  ".join([label.ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(cells, widths[1:],
                                                                                           strict=True))]))
    for skipped in results.get("skipped_scales") or []:
        lines.append(f"\nscale {skipped['scale']:g} skipped: {skipped['reason']}")
    for across in results["ratios"]["across_scales"]:
        lines.append(f"\ngrowth, scale {across['scales'][1]:g} / scale {across['scales'][0]:g} "
                     f"(data x{_x(across['data_factor'])}): full build x{_x(across['full_build'])}, "
                     f"nights 1-3 x{_x(across['incremental_build'])}, x{_x(across['night_2'])}, "
                     f"x{_x(across['night_3'])}, floor x{_x(across['floor'])}")
    lines += _fixed_cost_lines(results.get("fixed_cost"))
    lines.append("\ngoals:")
    for goal in results["goals"]:
        state, value, limit, fallback, detail = _goal_line(goal)
        limits = limit + (f"; fallback {fallback}" if goal.get("fallback") is not None else "")
        lines.append(f"  [{state:>12}] {goal['goal']}: {value} ({limits})" + (f"  {detail}" if detail else ""))
    for figures in results["scales"]:
        slowest = (figures.get("full_build_nodes") or {}).get("slowest_models") or []
        if slowest:
            lines.append(f"\nslowest models, full build, scale {figures['scale']:g}:")
            lines += [f"  {model['seconds']:>8.2f} s  {model['schema']}.{model['model']} ({model['materialized']})"
                      for model in slowest]
    if results["smoke"]:
        lines.append("\n(smoke run: a tiny scale and few repetitions; the figures mean nothing)")
    return "\n".join(lines)


# -- BENCHMARKS.md ----------------------------------------------------------------------------
def _md_table(headers: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(headers) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(out)


def _md_machine(machine: dict) -> list[str]:
    server = "embedded, pgserver" if machine["postgres_embedded"] else "external server"
    tools = (f"Python {machine['python']}, dbt-core {machine['dbt_core']}, dbt-postgres {machine['dbt_postgres']}, "
             f"dagster {machine['dagster']}, dagster-dbt {machine['dagster_dbt']}, "
             f"{machine['dbt_threads']} dbt threads")
    return ["", "## Machine", "", _md_table(["", ""], [
        ["CPU", f"{machine['cpu_model']}, {machine['logical_cores']} logical cores "
                f"({machine['physical_cores']} physical)"],
        ["memory", f"{machine['memory_gb']} GB"],
        ["OS", machine["os"]],
        ["PostgreSQL", f"{machine['postgres_version']} ({server})"],
        ["PostgreSQL settings", ", ".join(f"{k}={v}" for k, v in machine["postgres_settings"].items())],
        ["tools", tools],
        ["project revision", str(machine["git_revision"])],
        ["load average at start", str(machine["load_average_at_start"])],
    ], align="ll")]


def _md_skipped(results: dict) -> list[str]:
    skipped = results.get("skipped_scales") or []
    if not skipped:
        return []
    return ["", "## Scales skipped", "", *(f"- scale {entry['scale']:g}: {entry['reason']}" for entry in skipped)]


def _md_growth(results: dict) -> list[str]:
    pairs = results["ratios"]["across_scales"]
    if not pairs:
        return []
    headers = ["time ratio", *(f"scale {a['scales'][1]:g} / scale {a['scales'][0]:g}" for a in pairs)]
    rows = [[label, *(_x(across.get(key)) for across in pairs)] for key, label in GROWTH_LABELS.items()]
    return ["", "## Growth", "", _md_table(headers, rows)]


def _md_goals(results: dict) -> list[str]:
    if not results["goals"]:
        return []
    scale = results["goals"][0]["scale"]
    rows = [[goal["goal"], value, limit, fallback, state, detail]
            for goal in results["goals"] for state, value, limit, fallback, detail in [_goal_line(goal)]]
    return ["", "## Goals", "",
            f"At scale {scale:g}; the nightly build is night 1's incremental build. Where a goal has two "
            "limits, `met` is within the limit, `fallback met` within the fallback (the least acceptable) "
            "only, `MISSED` neither. The dashboard queries are reported above, not a goal.", "",
            _md_table(["goal", "value", "limit", "fallback", "state", "by how much / note"], rows, align="lrrrll")]


NUMBERS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}


def _md_nights(results: dict) -> list[str]:
    rows = []
    for figures in results["scales"]:
        for entry in sorted(figures.get("nights") or [], key=lambda item: item["night"]):
            nodes = entry.get("nodes") or {}
            rows.append([f"{figures['scale']:g}", str(entry["night"]), _s(entry.get("advance_s")),
                         _s(entry.get("analyze_s")), _s(entry.get("build_s")), _s(nodes.get("dbt_elapsed_s")),
                         _x(_ratio(entry.get("build_s"), figures.get("full_build_s"))),
                         str(len(nodes.get("failures") or [])) if nodes else "-"])
    if not rows:
        return []
    count = len(night_numbers(results["scales"]))
    seeds = sorted({entry["seed"] for figures in results["scales"] for entry in figures.get("nights") or []
                    if "seed" in entry})
    title = "The nightly build" if count == 1 else f"{NUMBERS.get(count, str(count))} nights in a row"
    return ["", f"## {title}", "",
            f"Each night: `advance` the source by one day (seed {', '.join(map(str, seeds))}), `analyze` it, then "
            "the nightly incremental `dbt build` (`techhub_dwh.dbt.build_args()`). Night 1 is the incremental "
            "build of the ratios; the materialized views are refreshed once, after night 1's advance.", "",
            _md_table(["scale", "night", "advance", "analyze", "dbt build", "dbt elapsed", "build / full build",
                       "failed nodes"], rows)]


def _md_fixed_cost(fixed: dict | None) -> list[str]:
    if not fixed:
        return []
    source = (f"a run of its own before the scales, on database `{fixed['database']}`"
              if fixed["separate_run"] else "the figures of that scale in this run")
    parts = ["", "## Per-node fixed cost", "",
             f"Scale {fixed['scale']:g} ({source}): generate, full build, advance one day, incremental build. "
             f"Note: {fixed['note']}. Per node: dbt's elapsed time over the nodes executed (exposures not "
             "counted); thread time per node: the nodes' own execution times summed over threads, per node."]
    if fixed.get("skipped"):
        return [*parts, "", f"Skipped: {fixed['skipped']}."]
    rows = [[label, str(cost["nodes"]), _node_counts(cost), _s(cost["wall_s"]), _s(cost["dbt_elapsed_s"]),
             _s(cost["startup_s"]), _ms(cost["per_node_s"] * 1000),
             _ms(cost["thread_s_per_node"] * 1000) if cost["thread_s_per_node"] is not None else "-"]
            for label, cost in fixed["builds"].items() if cost]
    parts += ["", _md_table(["build", "nodes", "per type", "wall", "dbt elapsed", "startup", "per node",
                             "thread time per node"], rows, align="lrlrrrrr")]
    if fixed.get("errors"):
        parts += ["", *(f"- failed: {error['step']}: {error['error']}" for error in fixed["errors"])]
    return parts


def _md_tests(results: dict) -> list[str]:
    rows = []
    for figures in results["scales"]:
        shares = results["ratios"]["by_scale"][str(figures["scale"])]["test_share"]
        for label, share in shares.items():
            if share:
                rows.append([f"{figures['scale']:g}", label, str(share["test_nodes"]), str(share["model_nodes"]),
                             _s(share["test_s"]), _s(share["model_s"]),
                             "-" if share["share"] is None else f"{share['share']:.0%}"])
    if not rows:
        return []
    return ["", "## Tests against models", "",
            "Thread time (each node's execution time, summed over dbt's threads) of the data tests and of the "
            "models, from each build's run_results; the share is test / (model + test).", "",
            _md_table(["scale", "build", "test nodes", "model nodes", "test time", "model time", "test share"],
                      rows, align="rlrrrrr")]


def _md_scale_details(figures: dict) -> list[str]:
    label = f"scale {figures['scale']:g}"
    parts: list[str] = []
    for key, title in (("full_build_nodes", "full build"), ("incremental_build_nodes", "incremental build")):
        nodes = figures.get(key) or {}
        if nodes.get("slowest_models"):
            parts += ["", f"## Ten slowest models, {title}, {label}", "",
                      _md_table(["model", "materialized", "seconds", "rows"],
                                [[f"{m['schema']}.{m['model']}", str(m["materialized"]), f"{m['seconds']:.2f}",
                                  _rows(m["rows"]) if isinstance(m["rows"], int) and m["rows"] >= 0 else "-"]
                                 for m in nodes["slowest_models"]], align="llrr")]
            by_type = nodes.get("by_resource_type") or {}
            parts += ["", "Time per node type (sum over threads): " + ", ".join(
                f"{kind} {value['count']} nodes {value['seconds']:.1f} s" for kind, value in by_type.items())
                + f"; dbt's own elapsed time {nodes.get('dbt_elapsed_s')} s."]
    query_results = figures.get("queries")
    if query_results:
        rows = []
        for group in ("kpi", "facts"):
            for entry in query_results[group]:
                ours, raw = entry["ours"], entry.get("raw")
                rows.append([
                    f"kpi.{entry['name']}" if group == "kpi" else entry["name"],
                    _ms(ours["p50_ms"]), _ms(ours["p95_ms"]),
                    _ms(raw["p50_ms"]) if raw else "-", _ms(raw["p95_ms"]) if raw else "-",
                    _x(entry.get("raw_over_ours")), f"{ours['runs']}/{raw['runs'] if raw else '-'}",
                ])
        parts += ["", f"## Dashboard queries, {label}", "",
                  "p50 and p95 of the client-side time (execute and fetch every row) after one warm-up run. "
                  "The raw-source version asks the same question of the source tables (for a KPI: the "
                  "materialized-view baseline's definition with every view it reads inlined). Parameters: "
                  + ", ".join(f"{k}={v}" for k, v in query_results["parameters"].items()) + ".", "",
                  _md_table(["query", "ours p50", "ours p95", "raw p50", "raw p95", "raw / ours", "runs"], rows)]
    if figures.get("mv_slowest_views"):
        parts += ["", f"## Materialized-view baseline, {label}", "",
                  f"{figures.get('mv_views')} views; slowest at the full refresh: " + ", ".join(
                      f"{view['name']} {view['seconds']:.2f} s" for view in figures["mv_slowest_views"][:6]) + "."]
    if figures.get("full_build_memory"):
        peak = figures["full_build_memory"]
        parts += ["", f"## Memory of the full build, {label}", "",
                  f"Peak of the sampled sum: {_mb(peak['peak_total_mb'])}: the dbt process tree "
                  f"{_mb(peak['dbt_peak_rss_mb'])} RSS (the kernel's max RSS of a finished child: "
                  f"{_mb(peak['dbt_children_maxrss_mb'])}) and the PostgreSQL backends of the build's database "
                  f"{_mb(peak.get('postgres_backends_peak_pss_mb'))} PSS ({peak['samples']} samples)."]
    if figures.get("errors"):
        parts += ["", f"## Steps that failed, {label}", ""]
        parts += [f"- {error['step']}: {error['error']}" for error in figures["errors"]]
    return parts


def markdown(results: dict) -> str:
    scales = results["scales"]
    requested = results.get("requested_scales") or [figures["scale"] for figures in scales]
    scale_list = ",".join(f"{scale:g}" for scale in requested)
    parts = [
        "# Benchmarks",
        "",
        f"Generated by `techhub-dwh bench --scales {scale_list}{' --smoke' if results['smoke'] else ''}` "
        f"on {results['machine']['date']} (whole run {results['wall_s'] / 60:.0f} min); every figure below comes "
        f"from that one run. Re-run with `make bench`; `make bench-smoke` only checks that it runs.",
    ]
    if results["smoke"]:
        parts += ["", "**Smoke run: a tiny scale and few repetitions; the figures mean nothing.**"]
    parts += _md_machine(results["machine"])
    headers = ["figure", *[f"scale {figures['scale']:g}" for figures in scales]]
    parts += ["", "## Figures", "", _md_table(headers, [[label, *cells] for label, cells in figure_rows(results)])]
    parts += _md_skipped(results)
    parts += _md_growth(results)
    parts += _md_goals(results)
    parts += _md_nights(results)
    parts += _md_fixed_cost(results.get("fixed_cost"))
    parts += _md_tests(results)
    for figures in scales:
        parts += _md_scale_details(figures)

    notes = project_root() / NOTES_FILE
    if notes.exists() and not results["smoke"]:
        parts += ["", notes.read_text().strip()]
    parts += ["", (TEXTS / "method.md").read_text().strip(), "", (TEXTS / "settings.md").read_text().strip(), ""]
    return "\n".join(parts)


TEXTS = Path(__file__).parent


def write(results: dict, json_path: Path, markdown_path: Path) -> None:
    json_path.parent.mkdir(parents=True, exist_ok=True)
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    markdown_path.write_text(markdown(results))
