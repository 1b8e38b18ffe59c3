"""Ratios, goals, the printed table, results.json and BENCHMARKS.md."""

from __future__ import annotations

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


def scale_ratios(figures: dict) -> dict:
    query_results = figures.get("queries") or {}
    kpi = {entry["name"]: entry.get("raw_over_ours") for entry in query_results.get("kpi", [])}
    facts = {entry["name"]: entry.get("raw_over_ours") for entry in query_results.get("facts", [])}
    return {
        "incremental_over_full": _ratio(figures.get("incremental_build_s"), figures.get("full_build_s")),
        "full_over_floor": _ratio(figures.get("full_build_s"), figures.get("floor_s"), 2),
        "dagster_over_plain": _ratio(figures.get("dagster_full_s"), figures.get("full_build_s")),
        "raw_over_kpi": {"per_query": kpi, "summary": _summary(list(kpi.values()))},
        "raw_over_fact_queries": {"per_query": facts, "summary": _summary(list(facts.values()))},
        "ours_over_mv_full": _ratio(figures.get("full_build_s"), figures.get("mv_full_s")),
        "ours_over_mv_incremental": _ratio(figures.get("incremental_build_s"), figures.get("mv_incremental_s")),
    }


def across_scales(small: dict, large: dict) -> dict:
    keys = ["generation_s", "floor_s", "full_build_s", "incremental_build_s", "dagster_full_s", "mv_full_s",
            "mv_incremental_s"]
    return {
        "scales": [small["scale"], large["scale"]],
        "scale_factor": _ratio(large["scale"], small["scale"], 2),
        "data_factor": _ratio(large.get("source_rows_total"), small.get("source_rows_total"), 2),
        **{key.removesuffix("_s"): _ratio(large.get(key), small.get(key), 2) for key in keys},
    }


def _goal(name: str, value: float | None, limit: float, at_most: bool, scale: float, note: str = "") -> dict:
    met = None if value is None else (value <= limit if at_most else value >= limit)
    if value is None:
        miss = "not measured"
    elif met:
        miss = ""
    elif at_most:
        miss = f"{value / limit:.2f}x the limit"
    else:
        miss = f"{limit / value:.2f}x short" if value > 0 else "not met"
    return {"goal": name, "value": value, "limit": limit, "comparison": "<=" if at_most else ">=",
            "met": met, "scale": scale, "miss": miss, "note": note}


def goals(per_scale: list[dict], ratios: dict, across: dict | None) -> list[dict]:
    largest = per_scale[-1]
    scale = largest["scale"]
    note = "" if scale == GOAL_SCALE else f"goals are set for scale {GOAL_SCALE:g}; evaluated at scale {scale:g}"
    mine = ratios[str(scale)]
    kpi = (mine["raw_over_kpi"]["summary"] or {}).get("min")
    result = [
        _goal("incremental build / full build", mine["incremental_over_full"], 0.03, True, scale, note),
        _goal("full build / floor (create table as select)", mine["full_over_floor"], 2.5, True, scale, note),
    ]
    if across:
        factor = across["scale_factor"] or 0
        incremental_limit = 2.0 if abs(factor - 10) < 1e-9 else round(factor ** math.log10(2), 2)
        growth_note = f"scale {across['scales'][1]:g} over scale {across['scales'][0]:g}"
        result += [
            _goal(f"full build time x{factor:g} data", across["full_build"], factor, True, scale, growth_note),
            _goal(f"incremental build time x{factor:g} data", across["incremental_build"], incremental_limit, True,
                  scale, growth_note),
        ]
    else:
        result += [
            _goal("full build time x10 data", None, 10.0, True, scale, "needs two scales"),
            _goal("incremental build time x10 data", None, 2.0, True, scale, "needs two scales"),
        ]
    result += [
        _goal("Dagster full build / plain dbt build", mine["dagster_over_plain"], 1.10, True, scale, note),
        _goal("raw-source query / KPI query (slowest-gaining KPI)", kpi, 100.0, False, scale, note),
    ]
    return result


def assemble(description: dict, per_scale: list[dict], smoke: bool, options: dict, wall_s: float) -> dict:
    ratios = {str(figures["scale"]): scale_ratios(figures) for figures in per_scale}
    across = across_scales(per_scale[0], per_scale[-1]) if len(per_scale) > 1 else None
    return {
        "benchmark": "techhub-dwh",
        "smoke": smoke,
        "date": description["date"],
        "wall_s": round(wall_s, 1),
        "options": options,
        "machine": description,
        "scales": per_scale,
        "ratios": {"by_scale": ratios, "across_scales": across},
        "goals": goals(per_scale, ratios, across),
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


def figure_rows(results: dict) -> list[tuple[str, list[str]]]:
    """(label, one cell per scale) for the summary table."""
    scales = results["scales"]
    ratios = results["ratios"]["by_scale"]

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
        ("dbt build, incremental after advance 1 day", cells(lambda f, r: _s(f.get("incremental_build_s")))),
        ("full build through Dagster", cells(lambda f, r: _s(f.get("dagster_full_s")))),
        ("  nightly pipeline, full refresh (+ freshness, GX)", cells(lambda f, r: _s(f.get("dagster_nightly_full_s")))),
        ("materialized views: full refresh", cells(lambda f, r: _s(f.get("mv_full_s")))),
        ("materialized views: refresh after advance", cells(lambda f, r: _s(f.get("mv_incremental_s")))),
        ("advance source 1 day", cells(lambda f, r: _s(f.get("advance_s")))),
        ("peak memory of the full build", cells(lambda f, r: memory(f))),
        ("KPI query p50 (median over KPIs)", cells(lambda f, r: queries(f, "kpi", "ours"))),
        ("  same from raw source", cells(lambda f, r: queries(f, "kpi", "raw"))),
        ("fact query p50 (median of 5)", cells(lambda f, r: queries(f, "facts", "ours"))),
        ("  same from raw source", cells(lambda f, r: queries(f, "facts", "raw"))),
        ("ratio incremental / full", cells(lambda f, r: _x(r["incremental_over_full"]))),
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


def _goal_line(goal: dict) -> tuple[str, str, str, str]:
    state = "n/a" if goal["met"] is None else "met" if goal["met"] else "MISSED"
    value = "-" if goal["value"] is None else _x(goal["value"])
    detail = "; ".join(part for part in (goal["miss"], goal["note"]) if part)
    return state, value, f"{goal['comparison']} {goal['limit']:g}", detail


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
    across = results["ratios"]["across_scales"]
    if across:
        lines.append(f"\ngrowth, scale {across['scales'][1]:g} / scale {across['scales'][0]:g} "
                     f"(data x{_x(across['data_factor'])}): full build x{_x(across['full_build'])}, "
                     f"incremental x{_x(across['incremental_build'])}, floor x{_x(across['floor'])}")
    lines.append("\ngoals:")
    for goal in results["goals"]:
        state, value, limit, detail = _goal_line(goal)
        lines.append(f"  [{state:>6}] {goal['goal']}: {value} ({limit})" + (f"  {detail}" if detail else ""))
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


def markdown(results: dict) -> str:
    machine = results["machine"]
    scales = results["scales"]
    scale_list = ",".join(f"{figures['scale']:g}" for figures in scales)
    parts = [
        "# Benchmarks",
        "",
        f"Generated by `techhub-dwh bench --scales {scale_list}{' --smoke' if results['smoke'] else ''}` "
        f"on {machine['date']} (whole run {results['wall_s'] / 60:.0f} min); every figure below comes from "
        f"that one run. Re-run with `make bench`; `make bench-smoke` only checks that it runs.",
    ]
    if results["smoke"]:
        parts += ["", "**Smoke run: a tiny scale and few repetitions; the figures mean nothing.**"]
    server = "embedded, pgserver" if machine["postgres_embedded"] else "external server"
    tools = (f"Python {machine['python']}, dbt-core {machine['dbt_core']}, dbt-postgres {machine['dbt_postgres']}, "
             f"dagster {machine['dagster']}, dagster-dbt {machine['dagster_dbt']}, "
             f"{machine['dbt_threads']} dbt threads")
    parts += ["", "## Machine", "", _md_table(["", ""], [
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

    headers = ["figure", *[f"scale {figures['scale']:g}" for figures in scales]]
    parts += ["", "## Figures", "", _md_table(headers, [[label, *cells] for label, cells in figure_rows(results)])]

    across = results["ratios"]["across_scales"]
    if across:
        rows = [[key.replace("_", " "), _x(across.get(key))] for key in
                ("data_factor", "generation", "floor", "full_build", "incremental_build", "dagster_full", "mv_full",
                 "mv_incremental")]
        parts += ["", f"## Growth: scale {across['scales'][1]:g} over scale {across['scales'][0]:g}", "",
                  _md_table(["time ratio", "x"], rows)]

    parts += ["", "## Goals", ""]
    parts.append(_md_table(["goal", "value", "limit", "state", "by how much / note"],
                           [[goal["goal"], *(lambda s, v, lim, d: [v, lim, s, d])(*_goal_line(goal))]
                            for goal in results["goals"]], align="lrrll"))

    for figures in scales:
        label = f"scale {figures['scale']:g}"
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
