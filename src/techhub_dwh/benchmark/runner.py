"""`techhub-dwh bench`: how fast the nightly build is, how it grows, and against what.

First, once per run (not with --smoke), dbt's fixed cost per node: scale 0.01 on a database of its
own (`bench_s0_01`): generate, parse, full build, advance one day, incremental build; at that
scale almost nothing is new, so the night's time is dbt's cost per node and its startup. A run
whose scales include 0.01 reads these figures from that scale instead.

Then for each scale, on a fresh database of its own (`bench_s1`, `bench_s10`, ...), on the
configured server, when the free disk allows it (about 1.6 GB per scale unit plus 8 GB; a scale
that does not fit is skipped and the reason recorded):

1. generate the synthetic source (timed), then `vacuum analyze` it as a copy would be;
2. the floor: `create table ... as select *` of every source table into a scratch schema;
3. the approach without dbt: materialized views (benchmark/sql), refreshed whole;
4. dbt parse, full (`--no-partial-parse`) and partial;
5. `dbt build --full-refresh`, with peak memory and the ten slowest models;
6. dashboard queries on `kpi` and the facts, against the same questions on the raw source;
7. the same full build through Dagster;
8. night 1: `advance` one day, `analyze` the source, the incremental `dbt build`; then the views'
   refresh again (measured once);
9. nights 2 and 3 (not with --smoke): the same advance (another seed each night),
   `analyze` and incremental build.

Every build's run_results give the time per node type, hence the tests' share of it.

It prints a table and writes results.json and BENCHMARKS.md (benchmarks/ and the project
root; a temporary folder with --smoke). Speed goals live here, never in timed tests.

Environment: TECHHUB_BENCH_KEEP=1 keeps each scale's database (to profile it afterwards);
TECHHUB_BENCH_NIGHTLY=0 skips timing the whole nightly pipeline (freshness and Great
Expectations included), which is for information only; TECHHUB_BENCH_DATABASE_PREFIX names the
databases (default `bench`, `bench_smoke` with --smoke). dbt artifacts and logs of every step stay
in $DBT_TARGET_PATH/<database>/<step>/ (default target_bench/).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2

from techhub_dwh import db
from techhub_dwh.benchmark import machine, memory, mviews, queries, report
from techhub_dwh.dbt import build_args, run_dbt
from techhub_dwh.paths import embedded_data_dir, project_root
from techhub_dwh.source import contract

SEED = 42
DIRTY_RATE = 0.01
FLOOR_SCHEMA = "bench_floor"
NIGHTS = 3  # nights in a row per scale: advance one day, analyze, incremental build
SMOKE_NIGHTS = 1  # --smoke: one night, to run every step while staying quick (CI runs the smoke)
FIXED_COST_SCALE = 0.01  # the tiny scale of the per-node fixed cost
# Free disk a scale needs: the scale-10 database peaks near 14 GB, plus up to 8 GB of WAL.
DISK_GB_PER_SCALE = 1.6
DISK_GB_BASE = 8.0
GB = 1024**3


@dataclasses.dataclass
class Options:
    runs: int  # timed repetitions of each dashboard query
    query_budget_s: float  # stop repeating a query after this long (at least 3 runs)
    keep_databases: bool
    database_prefix: str
    # the module run as a child process to time the build through Dagster (the command line names
    # the code location's; the library does not import it)
    orchestrated_child: str
    nights: int = NIGHTS


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for this process and its children, restoring them after."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _project_relative(path: Path) -> str:
    """A path as dbt's target-path setting: relative to the project when inside it."""
    try:
        return str(path.relative_to(project_root()))
    except ValueError:
        return str(path)


def _label(scale: float) -> str:
    return f"{scale:g}".replace(".", "_").replace("-", "m")


def _recreate_database(base: db.ConnectionSettings, database: str) -> None:
    with contextlib.closing(psycopg2.connect(base.dsn("postgres"))) as admin:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'drop database if exists "{database}" with (force)')
            cur.execute(f'create database "{database}"')


def _drop_database(base: db.ConnectionSettings, database: str) -> None:
    with contextlib.closing(psycopg2.connect(base.dsn("postgres"))) as admin:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'drop database if exists "{database}" with (force)')


@contextlib.contextmanager
def _cursor(conn: db.ConnectionSettings) -> Iterator:
    connection = psycopg2.connect(conn.dsn(), application_name="techhub-dwh-bench")
    connection.autocommit = True
    try:
        with connection.cursor() as cur:
            yield cur
    finally:
        connection.close()


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


class ScaleRun:
    """One scale's measurements on its own database; failures are recorded, not raised."""

    def __init__(self, base: db.ConnectionSettings, scale: float, options: Options, smoke: bool):
        self.scale = scale
        self.options = options
        self.smoke = smoke
        self.database = f"{options.database_prefix}_s{_label(scale)}"
        self.conn = dataclasses.replace(base, database=self.database)
        self.base = base
        self.source = contract.source_schema()
        target_base = os.environ.get("DBT_TARGET_PATH") or "target_bench"
        log_base = os.environ.get("DBT_LOG_PATH") or "logs_bench"
        self.target_root = project_root() / target_base / self.database
        self.log_path = str(Path(log_base) / self.database)
        self.figures: dict = {"scale": scale, "database": self.database, "errors": []}
        self.views: list[mviews.View] = []
        self.tag = f"bench s{scale:g}"

    # -- plumbing -------------------------------------------------------------------------
    def _step(self, name: str, action: Callable[[], None]) -> bool:
        print(f"[{self.tag}] {name} ...", flush=True)
        started = time.perf_counter()
        try:
            action()
        except Exception as error:  # a failed step is a finding, the others still run
            detail = "".join(traceback.format_exception_only(error)).strip()
            self.figures["errors"].append({"step": name, "error": detail})
            print(f"[{self.tag}] {name} FAILED: {detail}", file=sys.stderr, flush=True)
            traceback.print_exc(file=sys.stderr)
            return False
        print(f"[{self.tag}] {name} done in {time.perf_counter() - started:.1f} s", flush=True)
        return True

    def _target(self, step: str) -> Path:
        path = self.target_root / step
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def _dbt(self, args: list[str], step: str, seed_partial_parse: bool = True) -> tuple[float, Path, int]:
        """Run dbt with its own target folder (given the parse step's partial-parse state, as
        a nightly server reuses its own); output goes to <target>/dbt.log."""
        target = self._target(step)
        saved = self.target_root / "parse" / "partial_parse.msgpack"
        if seed_partial_parse and saved.exists():
            shutil.copy2(saved, target / "partial_parse.msgpack")
        with _environment(DBT_TARGET_PATH=str(target), DBT_LOG_PATH=self.log_path):
            elapsed, result = _timed(lambda: run_dbt(args, self.conn, capture=True))
        (target / "dbt.log").write_text(result.stdout + result.stderr)
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-25:])
            self.figures["errors"].append(
                {"step": f"dbt {' '.join(args)}", "error": f"exit {result.returncode}; see {target / 'dbt.log'}"})
            print(f"dbt {' '.join(args)} exited {result.returncode}:\n{tail}", file=sys.stderr, flush=True)
        return elapsed, target, result.returncode

    # -- steps ----------------------------------------------------------------------------
    def generate(self) -> None:
        from techhub_dwh.source import generator

        elapsed, counts = _timed(lambda: generator.generate(self.conn, scale=self.scale, seed=SEED,
                                                            dirty_rate=DIRTY_RATE))
        self.figures["generation_s"] = round(elapsed, 2)
        self.figures["source_rows"] = dict(counts)
        self.figures["source_rows_total"] = sum(counts.values())
        with _cursor(self.conn) as cur:
            analyze_s, _ = _timed(lambda: cur.execute(f"vacuum analyze {self._source_tables_sql()}"))
            self.figures["source_vacuum_analyze_s"] = round(analyze_s, 2)
            self.figures["source_bytes"] = self._schema_bytes(cur, self.source)

    def _source_tables_sql(self) -> str:
        return ", ".join(f"{self.source}.{name}" for name in contract.tables())

    @staticmethod
    def _schema_bytes(cur, schema: str) -> int:
        cur.execute(
            """
            select coalesce(sum(pg_total_relation_size(c.oid)), 0)
            from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname = %s and c.relkind in ('r', 'm')
            """,
            (schema,),
        )
        return int(cur.fetchone()[0])

    def floor(self) -> None:
        with _cursor(self.conn) as cur:
            cur.execute(f"drop schema if exists {FLOOR_SCHEMA} cascade")
            cur.execute(f"create schema {FLOOR_SCHEMA}")
            started = time.perf_counter()
            for name in contract.tables():
                cur.execute(f"create table {FLOOR_SCHEMA}.{name} as select * from {self.source}.{name}")
            self.figures["floor_s"] = round(time.perf_counter() - started, 2)
            self.figures["floor_bytes"] = self._schema_bytes(cur, FLOOR_SCHEMA)
            cur.execute(f"drop schema {FLOOR_SCHEMA} cascade")

    def mv_full(self) -> None:
        with _cursor(self.conn) as cur:
            self.views = mviews.create(cur, self.source)
            total, per_view = mviews.refresh_all(cur, self.views)
            self.figures["mv_views"] = len(self.views)
            self.figures["mv_full_s"] = round(total, 2)
            self.figures["mv_slowest_views"] = _slowest(per_view)
            self.figures["mv_bytes"] = self._schema_bytes(cur, mviews.SCHEMA)

    def mv_incremental(self) -> None:
        with _cursor(self.conn) as cur:
            total, per_view = mviews.refresh_all(cur, self.views or mviews.load(self.source)[1])
            self.figures["mv_incremental_s"] = round(total, 2)
            self.figures["mv_incremental_slowest_views"] = _slowest(per_view)

    def parse(self) -> None:
        if (project_root() / "packages.yml").exists() or (project_root() / "dependencies.yml").exists():
            self._dbt(["deps"], "deps", seed_partial_parse=False)
        full_s, target, code = self._dbt(["parse", "--no-partial-parse"], "parse", seed_partial_parse=False)
        self.figures["parse_full_s"] = round(full_s, 2)
        if code != 0:
            raise RuntimeError("dbt parse failed")
        with _environment(DBT_TARGET_PATH=str(target), DBT_LOG_PATH=self.log_path):
            if not (target / "partial_parse.msgpack").exists():  # the first partial-enabled parse saves it
                run_dbt(["parse"], self.conn, capture=True)
            partial_s, result = _timed(lambda: run_dbt(["parse"], self.conn, capture=True))
        self.figures["parse_partial_s"] = round(partial_s, 2)
        if result.returncode != 0:
            raise RuntimeError("dbt parse (partial) failed")

    def full_build(self) -> None:
        with _cursor(self.conn) as cur:
            sampler = memory.PeakSampler(cur, self.database)
            with sampler:
                elapsed, target, code = self._dbt(build_args(full_refresh=True), "full_build")
        self.figures["full_build_s"] = round(elapsed, 2)
        self.figures["full_build_exit"] = code
        self.figures["full_build_memory"] = sampler.result()
        self.figures["full_build_nodes"] = _run_results(target)
        with _cursor(self.conn) as cur:
            self.figures["warehouse_bytes"] = {
                schema: self._schema_bytes(cur, schema)
                for schema in ("staging", "intermediate", "marts", "kpi", "pii", "dq", "snapshots")
            }

    def dashboard_queries(self) -> None:
        with _cursor(self.conn) as cur:
            views = self.views or mviews.load(self.source)[1]
            self.figures["queries"] = queries.measure(cur, self.source, views, self.options.runs,
                                                      self.options.query_budget_s)

    def dagster_build(self) -> None:
        from techhub_dwh.benchmark import orchestrated

        target = self._target("dagster")
        saved = self.target_root / "parse" / "partial_parse.msgpack"
        if saved.exists():
            shutil.copy2(saved, target / "partial_parse.msgpack")
        with _environment(DBT_TARGET_PATH=_project_relative(target), DBT_LOG_PATH=self.log_path):
            child = self.options.orchestrated_child
            prepared = orchestrated.run_child(child, "prepare", self.conn, "dagster_prepare.log")
            self.figures["dagster_prepare_s"] = prepared.get("import_s")
            if prepared["exit"] != 0:
                raise RuntimeError("the Dagster code location did not load: see dagster_prepare.log")
            elapsed, outcome = _timed(lambda: orchestrated.run_child(child, "dbt", self.conn, "dagster_build.log"))
        self.figures["dagster_full_s"] = round(elapsed, 2)
        self.figures["dagster_method"] = outcome["method"]
        self.figures["dagster_import_s"] = outcome.get("import_s")
        self.figures["dagster_execute_s"] = outcome.get("execute_s")
        self.figures["dagster_exit"] = outcome["exit"]
        if outcome["exit"] != 0:
            raise RuntimeError(f"the Dagster build failed (exit {outcome['exit']}): see {target}/dagster_build.log")

    def dagster_nightly(self) -> None:
        from techhub_dwh.benchmark import orchestrated

        target = self.target_root / "dagster"
        with _environment(DBT_TARGET_PATH=_project_relative(target), DBT_LOG_PATH=self.log_path):
            elapsed, outcome = _timed(lambda: orchestrated.run_child(
                self.options.orchestrated_child, "nightly", self.conn, "dagster_nightly.log"))
        self.figures["dagster_nightly_full_s"] = round(elapsed, 2)
        self.figures["dagster_nightly_method"] = outcome["method"]
        self.figures["dagster_nightly_exit"] = outcome["exit"]
        if outcome["exit"] != 0:
            raise RuntimeError(f"the nightly pipeline failed (exit {outcome['exit']}): "
                               f"see {target}/dagster_nightly.log")

    def _night(self, night: int) -> dict:
        """This night's entry in figures["nights"] (night 1 is also incremental_build_s etc.)."""
        nights = self.figures.setdefault("nights", [])
        for entry in nights:
            if entry["night"] == night:
                return entry
        nights.append({"night": night})
        return nights[-1]

    def advance(self, night: int = 1) -> None:
        """Advance the source by one day, with another seed each night, then analyze it."""
        from techhub_dwh.source import generator

        seed = SEED + night - 1
        elapsed, counts = _timed(lambda: generator.advance(self.conn, days=1, seed=seed, dirty_rate=DIRTY_RATE))
        with _cursor(self.conn) as cur:
            analyze_s, _ = _timed(lambda: cur.execute(f"analyze {self._source_tables_sql()}"))
        entry = self._night(night)
        entry.update(seed=seed, advance_s=round(elapsed, 2), analyze_s=round(analyze_s, 2))
        if isinstance(counts, dict):
            entry["advance_rows"] = dict(counts)
        if night == 1:
            self.figures["advance_s"] = entry["advance_s"]
            if "advance_rows" in entry:
                self.figures["advance_rows"] = entry["advance_rows"]

    def incremental_build(self, night: int = 1) -> None:
        step = "incremental_build" if night == 1 else f"incremental_build_night{night}"
        elapsed, target, code = self._dbt(build_args(), step)
        entry = self._night(night)
        entry.update(build_s=round(elapsed, 2), exit=code, nodes=_run_results(target))
        if night == 1:
            self.figures["incremental_build_s"] = entry["build_s"]
            self.figures["incremental_build_exit"] = code
            self.figures["incremental_build_nodes"] = entry["nodes"]

    # -- the whole scale ------------------------------------------------------------------
    def _fits_on_disk(self) -> bool:
        """Whether the server's disk has room for this scale; the reason recorded when not."""
        needed_gb = round(DISK_GB_BASE + DISK_GB_PER_SCALE * self.scale, 1)
        path = _data_directory(self.base)
        try:
            free_gb = None if path is None else round(shutil.disk_usage(path).free / GB, 1)
        except OSError:
            free_gb = None
        if path is None or free_gb is None:
            self.figures["disk"] = {"needed_gb": needed_gb, "checked": False,
                                    "note": "the server's data directory is not readable from this machine"}
            return True
        self.figures["disk"] = {"path": str(path), "free_gb": free_gb, "needed_gb": needed_gb, "checked": True}
        if free_gb >= needed_gb:
            return True
        self.figures["skipped"] = (
            f"not enough free disk: {free_gb:g} GB free on {path}, scale {self.scale:g} needs about "
            f"{needed_gb:g} GB ({DISK_GB_PER_SCALE:g} GB per scale unit plus {DISK_GB_BASE:g} GB)")
        print(f"[{self.tag}] skipped, {self.figures['skipped']}", file=sys.stderr, flush=True)
        return False

    def run(self) -> dict:
        print(f"\n=== {self.tag} on database {self.database} ===", flush=True)
        if not self._fits_on_disk():
            return self.figures
        _recreate_database(self.base, self.database)
        started = time.perf_counter()
        try:
            with _environment(PGDATABASE=self.database):
                self._measure()
        finally:
            self.figures["scale_wall_s"] = round(time.perf_counter() - started, 1)
            if not self.options.keep_databases:
                with contextlib.suppress(psycopg2.Error):
                    _drop_database(self.base, self.database)
        return self.figures

    def _measure(self) -> None:
        if not self._step("generate the source", self.generate):
            return
        self._step("floor: create table as select", self.floor)
        self._step("materialized views: full refresh", self.mv_full)
        parsed = self._step("dbt parse (full, partial)", self.parse)
        built = parsed and self._step("dbt build --full-refresh", self.full_build)
        if built:
            self._step("dashboard queries", self.dashboard_queries)
        nightly = not self.smoke and os.environ.get("TECHHUB_BENCH_NIGHTLY", "1") != "0"
        if self._step("Dagster: the same full build", self.dagster_build) and nightly:
            self._step("Dagster: the nightly pipeline, full refresh", self.dagster_nightly)
        self._nights(built)

    def _nights(self, built: bool, views: bool = True) -> None:
        """Night 1 (and the views' refresh after it), then the further nights in a row."""
        if not self._step("night 1: advance the source by one day", self.advance):
            return
        if built:
            self._step("night 1: dbt build (incremental)", self.incremental_build)
        if views:
            self._step("materialized views: refresh after advance", self.mv_incremental)
        for night in range(2, self.options.nights + 1):
            if not built or not self._step(f"night {night}: advance the source by one day",
                                           lambda night=night: self.advance(night)):
                return
            self._step(f"night {night}: dbt build (incremental)", lambda night=night: self.incremental_build(night))


class FixedCostRun(ScaleRun):
    """dbt's fixed cost per node: a tiny scale where almost nothing is new, built fully, then
    one night (advance one day, incremental build); no floor, views, queries or Dagster."""

    def __init__(self, base: db.ConnectionSettings, options: Options):
        super().__init__(base, FIXED_COST_SCALE, dataclasses.replace(options, nights=1), smoke=False)
        self.tag = f"fixed cost s{FIXED_COST_SCALE:g}"
        self.figures["fixed_cost_run"] = True

    def _measure(self) -> None:
        if not self._step("generate the source", self.generate):
            return
        if self._step("dbt parse (full, partial)", self.parse) and self._step("dbt build --full-refresh",
                                                                             self.full_build):
            self._nights(built=True, views=False)


def _data_directory(base: db.ConnectionSettings) -> Path | None:
    """The server's data directory when it is on this machine (the embedded one always is)."""
    if base.embedded:
        return embedded_data_dir()
    try:
        with _cursor(base) as cur:
            cur.execute("show data_directory")
            path = Path(cur.fetchone()[0])
        return path if path.exists() else None
    except (psycopg2.Error, OSError):  # not allowed to read the setting, or another machine's path
        return None


def _slowest(per_item: dict[str, float], count: int = 10) -> list[dict]:
    ranked = sorted(per_item.items(), key=lambda item: item[1], reverse=True)[:count]
    return [{"name": name, "seconds": round(seconds, 3)} for name, seconds in ranked]


def _run_results(target: Path) -> dict:
    """The ten slowest models, time per resource type, failures (run_results + manifest)."""
    results_file = target / "run_results.json"
    if not results_file.exists():
        return {}
    results = json.loads(results_file.read_text())
    manifest_file = target / "manifest.json"
    nodes = json.loads(manifest_file.read_text()).get("nodes", {}) if manifest_file.exists() else {}
    by_type: dict[str, dict] = {}
    models = []
    failures = []
    for result in results.get("results", []):
        unique_id = result["unique_id"]
        kind = unique_id.split(".", 1)[0]
        seconds = result.get("execution_time") or 0.0
        bucket = by_type.setdefault(kind, {"count": 0, "seconds": 0.0})
        bucket["count"] += 1
        bucket["seconds"] = round(bucket["seconds"] + seconds, 2)
        if result.get("status") in ("error", "fail", "runtime error"):
            failures.append({"node": unique_id, "status": result.get("status"),
                             "message": (result.get("message") or "")[:300]})
        if kind == "model":
            node = nodes.get(unique_id, {})
            models.append({
                "model": unique_id.rsplit(".", 1)[-1],
                "schema": node.get("schema"),
                "materialized": node.get("config", {}).get("materialized"),
                "seconds": round(seconds, 3),
                "rows": (result.get("adapter_response") or {}).get("rows_affected"),
            })
    models.sort(key=lambda model: model["seconds"], reverse=True)
    return {
        "dbt_elapsed_s": round(results.get("elapsed_time") or 0.0, 2),
        "by_resource_type": by_type,
        "slowest_models": models[:10],
        "failures": failures,
    }


def run(scales: list[float], smoke: bool = False, *, orchestrated_child: str, output_dir: Path | str | None = None,
        database_prefix: str | None = None, keep_databases: bool | None = None) -> int:
    """Benchmark each scale on a fresh database; print the table, write the results. Returns
    the exit code: 0 when every step ran (goals missed do not fail the run, they are reported)."""
    if not scales:
        print("techhub-dwh bench: no scales given", file=sys.stderr)
        return 2
    scales = sorted(scales)
    options = Options(
        runs=3 if smoke else 20,
        query_budget_s=2.0 if smoke else 30.0,
        nights=SMOKE_NIGHTS if smoke else NIGHTS,
        keep_databases=bool(int(os.environ.get("TECHHUB_BENCH_KEEP", "0"))) if keep_databases is None
        else keep_databases,
        database_prefix=database_prefix or os.environ.get("TECHHUB_BENCH_DATABASE_PREFIX")
        or ("bench_smoke" if smoke else "bench"),
        orchestrated_child=orchestrated_child,
    )
    base = db.settings()
    with _cursor(base) as cur:
        description = machine.describe(cur, base.embedded)
    started = time.perf_counter()
    separate = not smoke and FIXED_COST_SCALE not in scales  # else read from that scale, or not at all
    fixed = FixedCostRun(base, options).run() if separate else None
    per_scale = [ScaleRun(base, scale, options, smoke).run() for scale in scales]
    if not separate:
        fixed = next((figures for figures in per_scale if figures["scale"] == FIXED_COST_SCALE), None)
    results = report.assemble(description, per_scale, smoke=smoke, options=dataclasses.asdict(options),
                              wall_s=time.perf_counter() - started, fixed_cost_figures=fixed)
    if output_dir is not None:
        json_path, markdown_path = Path(output_dir) / "results.json", Path(output_dir) / "BENCHMARKS.md"
    elif smoke:
        folder = Path(tempfile.mkdtemp(prefix="techhub-bench-smoke-"))
        json_path, markdown_path = folder / "results.json", folder / "BENCHMARKS.md"
    else:
        json_path, markdown_path = project_root() / "benchmarks" / "results.json", project_root() / "BENCHMARKS.md"
    report.write(results, json_path, markdown_path)
    print(report.table(results))
    print(f"\nresults: {json_path}\nreport:  {markdown_path}")
    return _exit_code(per_scale, [fixed] if separate and fixed else [])


def _exit_code(per_scale: list[dict], others: list[dict]) -> int:
    """1 when a step failed or no scale was measured; skipped scales are reported, not failures."""
    runs = per_scale + others
    for figures in runs:
        if figures.get("skipped"):
            print(f"\ntechhub-dwh bench: scale {figures['scale']:g} skipped, {figures['skipped']}", file=sys.stderr)
    errors = [(figures, error) for figures in runs for error in figures["errors"]]
    if errors:
        print(f"\ntechhub-dwh bench: {len(errors)} step(s) failed:", file=sys.stderr)
        for figures, error in errors:
            print(f"  - {figures['database']}: {error['step']}: {error['error']}", file=sys.stderr)
        return 1
    if all(figures.get("skipped") for figures in per_scale):
        print("techhub-dwh bench: no scale was measured", file=sys.stderr)
        return 1
    return 0

