"""The nightly pipeline without the UI (for cron-less servers and CI).

It runs the Dagster job the schedule runs (`nightly`, or `full_refresh`), in this process:
source freshness, `dbt build` with the dbt tests as asset checks, the Great Expectations suites,
then the docs site. See orchestration/techhub_orchestration/nightly.py.
"""

from __future__ import annotations

from techhub_dwh import db


def run_nightly(full_refresh: bool = False, docs: bool = True) -> int:
    """Exit status: 0 when every step succeeded and no blocking check failed; 1 otherwise, with a
    message naming the failing asset and check (warnings are listed but do not fail the build)."""
    db.settings()  # fail fast, with DatabaseUnavailable's clear message, before loading Dagster
    from techhub_orchestration import nightly

    return nightly.run(full_refresh=full_refresh, docs=docs)
