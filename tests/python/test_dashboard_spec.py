"""The dashboard as code (dashboards/kpi_dashboard.yml), checked without Superset: a chart over
months shows complete months only, on a KPI table whose contract has `is_complete_month`."""

from __future__ import annotations

from typing import Any

import yaml

from techhub_dwh.paths import project_root

ROOT = project_root()


def _charts() -> list[dict[str, Any]]:
    spec = yaml.safe_load((ROOT / "dashboards" / "kpi_dashboard.yml").read_text())
    return [chart for tab in spec["tabs"] for row in tab["rows"] for chart in row]


def _kpi_columns() -> dict[str, set[str]]:
    models = yaml.safe_load((ROOT / "models" / "kpi" / "_kpi__models.yml").read_text())["models"]
    return {model["name"]: {column["name"] for column in model.get("columns", [])} for model in models}


def test_charts_over_months_leave_out_the_running_month() -> None:
    over_months = [chart for chart in _charts() if chart.get("x") == "month"]
    assert len(over_months) >= 5, "the dashboard lost its monthly trends"
    partial = [chart["key"] for chart in over_months if "is_complete_month" not in (chart.get("where") or "")]
    assert partial == [], f"charts over months that show the running month: {partial}"


def test_monthly_kpi_tables_carry_is_complete_month() -> None:
    columns = _kpi_columns()
    monthly = sorted(name for name, names in columns.items() if "month" in names)
    assert monthly, "no monthly KPI table found"
    missing = [name for name in monthly if "is_complete_month" not in columns[name]]
    assert missing == [], f"monthly KPI tables without is_complete_month: {missing}"
    charted = {chart["dataset"] for chart in _charts() if chart.get("x") == "month"}
    assert charted <= set(monthly), f"charts over months on a table that is not monthly: {charted - set(monthly)}"
