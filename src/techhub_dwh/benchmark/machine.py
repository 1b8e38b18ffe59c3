"""What the benchmark ran on: the machine, the PostgreSQL server and its settings, the tools."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

import psutil

from techhub_dwh.paths import project_root

POSTGRES_SETTINGS = [
    "shared_buffers", "effective_cache_size", "work_mem", "maintenance_work_mem", "max_wal_size",
    "synchronous_commit", "fsync", "wal_level", "jit", "max_parallel_workers_per_gather", "max_parallel_workers",
    "max_worker_processes", "effective_io_concurrency", "random_page_cost", "max_connections",
    "checkpoint_timeout", "autovacuum", "default_statistics_target", "huge_pages",
]


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git_revision() -> str | None:
    try:
        root = project_root()
        revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True,
                                  text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
        return revision + ("+uncommitted" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def describe(cursor, server_embedded: bool) -> dict:
    """The machine and server, read at the start of the run."""
    memory = psutil.virtual_memory()
    try:
        load = [round(value, 2) for value in os.getloadavg()]
    except OSError:
        load = None
    cursor.execute("select version(), current_setting('server_version')")
    version, short_version = cursor.fetchone()
    cursor.execute(
        "select name, setting, unit from pg_settings where name = any(%s) order by name", (POSTGRES_SETTINGS,)
    )
    settings = {}
    for name, setting, unit in cursor.fetchall():
        settings[name] = _human(setting, unit)
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "cpu_model": _cpu_model(),
        "logical_cores": psutil.cpu_count(logical=True),
        "physical_cores": psutil.cpu_count(logical=False),
        "memory_gb": round(memory.total / 1024**3, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": load,
        "postgres_version": short_version,
        "postgres_full_version": version,
        "postgres_embedded": server_embedded,
        "postgres_settings": settings,
        "dbt_core": _version("dbt-core"),
        "dbt_postgres": _version("dbt-postgres"),
        "dagster": _version("dagster"),
        "dagster_dbt": _version("dagster-dbt"),
        "git_revision": _git_revision(),
        "dbt_threads": int(os.environ.get("TECHHUB_DBT_THREADS", "4")),
    }


def _human(setting: str, unit: str | None) -> str:
    """pg_settings gives sizes in units of 8kB or kB: show them as MB/GB like postgresql.conf."""
    factors = {"8kB": 8 * 1024, "kB": 1024, "MB": 1024**2, "B": 1}
    if unit in factors and setting.lstrip("-").isdigit():
        size = int(setting) * factors[unit]
        if size < 0:
            return setting
        for suffix, factor in (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024)):
            if size >= factor and size % factor == 0:
                return f"{size // factor}{suffix}"
        return f"{size}B"
    return f"{setting}{unit}" if unit in ("s", "ms", "min") else setting
