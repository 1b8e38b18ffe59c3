"""The TechHub warehouse's Dagster code location (`dagster dev` finds it through pyproject.toml's
[tool.dagster] module_name).

Importing it prepares the dbt manifest (see project.py) and the warehouse environment.
"""

from __future__ import annotations

import dagster as dg

from techhub_orchestration.defs.assets import SOURCE_SPECS, dbt_docs, techhub_dbt
from techhub_orchestration.defs.checks import ASSET_CHECKS
from techhub_orchestration.defs.jobs import JOBS
from techhub_orchestration.defs.resources import build_resources
from techhub_orchestration.defs.schedules import SCHEDULES
from techhub_orchestration.defs.sensors import SENSORS

defs = dg.Definitions(
    assets=[*SOURCE_SPECS, techhub_dbt, dbt_docs],
    asset_checks=ASSET_CHECKS,
    jobs=JOBS,
    schedules=SCHEDULES,
    sensors=SENSORS,
    resources=build_resources(),
)
