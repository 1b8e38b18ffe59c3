"""`techhub-dwh`: the warehouse's command line (database, synthetic source, build, benchmark).

The top layer: it uses the library (`techhub_dwh`) and the Dagster code location
(`techhub_orchestration`), and neither of them imports it (tests/python/test_layering.py).
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from techhub_dwh import build_lock, db

# The benchmark times the build through Dagster in a child process running this module.
ORCHESTRATED_BENCHMARK = "techhub_orchestration.benchmark_child"


def _db(args: argparse.Namespace) -> int:
    if args.action == "start":
        conn = db.settings()
        where = "embedded server in " + conn.host if conn.embedded else f"{conn.host}:{conn.port}"
        print(f"PostgreSQL ready ({where}), database {conn.database}")
    elif args.action == "stop":
        if db.is_external():
            print("PGHOST is set: the external server is not ours to stop.")
        elif db.stop_embedded():
            print("embedded PostgreSQL stopped")
        else:
            print("embedded PostgreSQL was not running")
    elif args.action == "status":
        if db.is_external():
            conn = db.settings()
            print(f"external server {conn.host}:{conn.port}, database {conn.database}: reachable")
        else:
            print("embedded PostgreSQL: " + ("running" if db.embedded_running() else "stopped"))
    elif args.action == "env":
        for key, value in db.settings().env().items():
            print(f"export {key}={shlex.quote(value)}")
    return 0


def _source(args: argparse.Namespace) -> int:
    from techhub_dwh.source import generator

    conn = db.settings()
    started = time.perf_counter()
    if args.action == "generate":
        counts = generator.generate(conn, scale=args.scale, seed=args.seed, dirty_rate=args.dirty_rate)
    else:
        counts = generator.advance(conn, days=args.days, seed=args.seed, dirty_rate=args.dirty_rate)
    elapsed = time.perf_counter() - started
    width = max(len(name) for name in counts)
    for name, rows in counts.items():
        print(f"  {name:<{width}}  {rows:>12,}")
    print(f"  {'total':<{width}}  {sum(counts.values()):>12,}")
    print(f"{args.action} took {elapsed:.1f} s")
    return 0


def _source_check(args: argparse.Namespace) -> int:
    """Schema drift: the source copy against the contract. Exit 1 when a contract table or column
    is missing or has an incompatible type; extra tables and columns are only reported."""
    from techhub_dwh.source import contract, drift

    schema = args.schema or contract.source_schema()
    findings = drift.check_source_schema(db.settings(), schema)
    for finding in findings:
        print(finding)
    failed = drift.errors(findings)
    print(f"source schema {schema}: {len(failed)} error(s), {len(findings) - len(failed)} note(s)")
    return 1 if failed else 0


def _build(args: argparse.Namespace) -> int:
    """The warehouse lock is taken first, before Dagster is even loaded: a second build stops at
    once (EXIT_BUILD_RUNNING) with one line naming the running one."""
    with build_lock.hold(db.settings(), "build"):  # fails fast, with a clear line, on a bad server
        from techhub_orchestration import nightly

        return nightly.run(full_refresh=args.full_refresh, docs=not args.no_docs)


def _dbt(args: argparse.Namespace) -> int:
    """dbt with the warehouse's environment; a command that writes (build, run, seed, snapshot,
    retry) holds the warehouse lock for its whole run and first sets the reader roles' passwords."""
    from techhub_dwh import reader_passwords
    from techhub_dwh.dbt import run_dbt

    if not build_lock.needed_by_dbt(args.dbt_args):
        return run_dbt(args.dbt_args).returncode
    conn = db.settings()
    with build_lock.hold(conn, "dbt " + (build_lock.dbt_command(args.dbt_args) or "")):
        reader_passwords.apply(conn)
        return run_dbt(args.dbt_args, conn).returncode


def _lint(args: argparse.Namespace) -> int:
    """sqlfluff with the dbt templater needs a live database: the environment comes from db."""
    import subprocess

    from techhub_dwh.dbt import dbt_env, dbt_executable
    from techhub_dwh.paths import project_root

    sqlfluff = str(Path(dbt_executable()).with_name("sqlfluff"))
    paths = args.paths or ["models"]
    command = [sqlfluff, "fix" if args.fix else "lint", *paths]
    return subprocess.run(command, cwd=project_root(), env=dbt_env()).returncode


def _bench(args: argparse.Namespace) -> int:
    from techhub_dwh.benchmark import runner

    scales = [float(scale) for scale in args.scales.split(",")]
    return runner.run(scales, smoke=args.smoke, orchestrated_child=ORCHESTRATED_BENCHMARK)


def _docs(args: argparse.Namespace) -> int:
    """The dbt docs site: generated when the catalog is missing (or on --generate), then served
    on 127.0.0.1 only. Anonymous usage stats are off, so the page loads nothing from outside."""
    import os

    from techhub_dwh.dbt import run_dbt
    from techhub_dwh.paths import project_root

    target = project_root() / (os.environ.get("DBT_TARGET_PATH") or "target")
    if args.generate or not (target / "catalog.json").exists() or not (target / "index.html").exists():
        result = run_dbt(["docs", "generate"])
        if result.returncode != 0:
            return result.returncode
    if not args.serve:
        return 0
    port = args.port or int(os.environ.get("DOCS_PORT") or 8080)
    print(f"dbt docs: http://127.0.0.1:{port}/  (Ctrl-C stops the server)", flush=True)
    return run_dbt(["docs", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-browser"]).returncode


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="techhub-dwh",
        description="TechHub's analytics warehouse. Without PGHOST it runs on an embedded "
        "PostgreSQL kept in .pgdata/; with the libpq variables set it uses that server.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    db_parser = commands.add_parser("db", help="start, stop or inspect the warehouse database")
    db_parser.add_argument("action", choices=["start", "stop", "status", "env"],
                           help="env prints shell exports for dbt, psql and friends: eval \"$(techhub-dwh db env)\"")
    db_parser.set_defaults(handler=_db)

    source = commands.add_parser("source", help="create and fill a synthetic TechHub source schema")
    source_actions = source.add_subparsers(dest="action", required=True)
    generate = source_actions.add_parser(
        "generate", help="drop and recreate the source schema ($TECHHUB_SOURCE_SCHEMA, default techhub) "
        "and fill it; scale 1 is about 50k users and 1M+ action-log rows")
    generate.add_argument("--scale", type=float, default=1.0, help="size relative to a real TechHub (default 1)")
    advance = source_actions.add_parser(
        "advance", help="simulate more days of life: new rows, and updates to existing ones")
    advance.add_argument("--days", type=int, default=1, help="days to simulate (default 1)")
    for sub in (generate, advance):
        sub.add_argument("--seed", type=int, default=42, help="random seed: same seed, same data (default 42)")
        sub.add_argument("--dirty-rate", type=float, default=0.01,
                         help="share of rows given each kind of real-world messiness (default 0.01)")
    source.set_defaults(handler=_source)
    check = source_actions.add_parser(
        "check", help="compare the source schema with the contract: missing tables or columns and "
        "incompatible types are errors (exit 1), extra ones are ignored")
    check.add_argument("--schema", help="source schema (default $TECHHUB_SOURCE_SCHEMA or techhub)")
    check.set_defaults(handler=_source_check)

    build = commands.add_parser(
        "build", help="the nightly pipeline without the UI: freshness, dbt build, data checks, docs")
    build.add_argument("--full-refresh", action="store_true", help="rebuild incremental models from scratch")
    build.add_argument("--no-docs", action="store_true", help="skip generating the docs site")
    build.set_defaults(handler=_build)

    dbt_parser = commands.add_parser("dbt", help="run dbt with the warehouse's environment set")
    dbt_parser.add_argument("dbt_args", nargs=argparse.REMAINDER, help="arguments passed to dbt")
    dbt_parser.set_defaults(handler=_dbt)

    lint = commands.add_parser("lint", help="sqlfluff (dbt templater, postgres dialect) on the project's SQL")
    lint.add_argument("paths", nargs="*", help="files or folders (default: models)")
    lint.add_argument("--fix", action="store_true", help="apply sqlfluff's fixes")
    lint.set_defaults(handler=_lint)

    bench = commands.add_parser("bench", help="benchmark the nightly build; writes BENCHMARKS.md")
    bench.add_argument("--scales", default="1,10", help="comma-separated scales, each on a fresh database")
    bench.add_argument("--smoke", action="store_true", help="a tiny end-to-end run, no figures kept")
    bench.set_defaults(handler=_bench)

    docs = commands.add_parser("docs", help="generate the dbt docs site if missing; --serve serves it on 127.0.0.1")
    docs.add_argument("--serve", action="store_true", help="serve the site until Ctrl-C")
    docs.add_argument("--generate", action="store_true", help="regenerate even when target/catalog.json exists")
    docs.add_argument("--port", type=int, default=None, help="port to serve on (default $DOCS_PORT or 8080)")
    docs.set_defaults(handler=_docs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        return 130
    except db.DatabaseUnavailable as error:
        print(f"techhub-dwh: {error}", file=sys.stderr)
        return 2
    except build_lock.BuildLockHeld as running:
        print(running, file=sys.stderr)
        return build_lock.EXIT_BUILD_RUNNING


if __name__ == "__main__":
    sys.exit(main())
