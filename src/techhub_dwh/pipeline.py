"""The nightly pipeline without the UI (for cron-less servers and CI)."""

from __future__ import annotations

from techhub_dwh import db
from techhub_dwh.dbt import run_dbt


def run_nightly(full_refresh: bool = False, docs: bool = True) -> int:
    conn = db.settings()
    steps: list[list[str]] = [["seed"], ["source", "freshness"], ["build"]]
    if full_refresh:
        steps[2].append("--full-refresh")
    if docs:
        steps.append(["docs", "generate"])
    for step in steps:
        result = run_dbt(step, conn)
        if result.returncode != 0:
            print(f"techhub-dwh build: `dbt {' '.join(step)}` failed (exit {result.returncode})")
            return result.returncode
    return 0
