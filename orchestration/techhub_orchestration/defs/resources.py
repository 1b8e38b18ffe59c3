"""Resources: dbt (the CLI on the project) and the warehouse (its connection settings)."""

from __future__ import annotations

import dagster as dg
from dagster_dbt import DbtCliResource

from techhub_dwh import db
from techhub_dwh.dbt import dbt_executable
from techhub_orchestration.project import ensure_warehouse_env, techhub_project


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse's PostgreSQL, as `techhub_dwh.db` finds it: the server named by the libpq
    variables, else the embedded one (started on demand)."""

    def settings(self) -> db.ConnectionSettings:
        ensure_warehouse_env()
        return db.settings()


def build_resources() -> dict[str, object]:
    return {
        "dbt": DbtCliResource(project_dir=techhub_project, dbt_executable=dbt_executable()),
        "warehouse": WarehouseResource(),
    }
