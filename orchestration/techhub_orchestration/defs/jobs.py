"""Jobs: the nightly pipeline, a full refresh, and one job per layer for manual runs.

Every job is tagged `techhub/warehouse: build`; the instance's run queue (dagster.yaml) lets
one such run at a time write to the warehouse.
"""

from __future__ import annotations

import dagster as dg
from dagster_dbt import build_dbt_asset_selection

from techhub_dwh.dbt import WHOLE_TABLE_TESTS
from techhub_orchestration.defs.assets import DOCS_KEY, DbtBuildConfig, techhub_dbt

WAREHOUSE_TAGS = {"techhub/warehouse": "build"}

# Everything: the dbt nodes (and their dbt tests), source freshness on the external source
# tables, the Great Expectations checks, and the docs site last (it depends on every model).
NIGHTLY_SELECTION = dg.AssetSelection.all() | dg.AssetSelection.all_asset_checks()
WITHOUT_DOCS = NIGHTLY_SELECTION - dg.AssetSelection.assets(DOCS_KEY)

# The checks of the tests an incremental dbt build leaves out (views and seeds), selected by the
# build's own exclusion: the nightly job does not plan them, so a night leaves no check without a
# result; the full refresh runs them.
WHOLE_TABLE_CHECKS = build_dbt_asset_selection([techhub_dbt], dbt_select=WHOLE_TABLE_TESTS)
INCREMENTAL_SELECTION = NIGHTLY_SELECTION - WHOLE_TABLE_CHECKS
INCREMENTAL_WITHOUT_DOCS = INCREMENTAL_SELECTION - dg.AssetSelection.assets(DOCS_KEY)

nightly_job = dg.define_asset_job(
    "nightly",
    selection=INCREMENTAL_SELECTION,
    description="The nightly pipeline: source freshness, `dbt build` of everything (seeds, snapshots, "
    "models, dbt tests as asset checks), the Great Expectations suites on marts and KPIs, then the "
    "dbt docs site. Scheduled at 02:00 Asia/Almaty; `techhub-dwh build` runs it without the UI.",
    tags={**WAREHOUSE_TAGS, "techhub/pipeline": "nightly"},
)

full_refresh_job = dg.define_asset_job(
    "full_refresh",
    selection=NIGHTLY_SELECTION,
    config=dg.RunConfig(ops={techhub_dbt.op.name: DbtBuildConfig(full_refresh=True)}),
    description="The nightly pipeline with `dbt build --full-refresh`: incremental models and "
    "snapshots... rebuilt from scratch (after a logic change, or to check incremental = full).",
    tags={**WAREHOUSE_TAGS, "techhub/pipeline": "full_refresh"},
)


def layer_job(name: str, groups: list[str], description: str) -> dg.UnresolvedAssetJobDefinition:
    return dg.define_asset_job(
        name,
        selection=dg.AssetSelection.groups(*groups),
        description=description + " Its dbt tests and data checks run with it; upstream layers are not rebuilt.",
        tags={**WAREHOUSE_TAGS, "techhub/pipeline": f"layer:{name}"},
    )


staging_job = layer_job("staging", ["staging"], "Rebuild the staging views.")
marts_job = layer_job("marts", ["intermediate", "marts"], "Rebuild intermediate and the star schema.")
kpi_job = layer_job("kpi", ["kpi"], "Rebuild the KPI tables.")

JOBS = [nightly_job, full_refresh_job, staging_job, marts_job, kpi_job]
