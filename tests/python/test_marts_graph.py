"""The project's graph keeps the layer rules, and the marts and KPIs keep the spec's names.

Read from the manifest of `dbt parse` (no database needed):
  - marts and kpi read intermediate, marts and seeds (and snapshots), never staging or sources;
    intermediate reads staging, intermediate and seeds, never sources directly;
  - the eleven KPI models exist with exactly the spec's columns (at least), contracts enforced on
    every marts and kpi model, every column typed, the grain held by a primary key or a unique index;
  - every model of these layers and every column is described;
  - one exposure per dashboard area, each a dashboard ending on kpi models.
"""

from __future__ import annotations

import json
import os
from functools import cache

import pytest

from techhub_dwh.dbt import run_dbt
from techhub_dwh.paths import project_root

LAYERS = ("intermediate", "marts", "kpi", "pii")
# warehouse.md, "KPI models": the columns each KPI must have
KPI_COLUMNS = {
    "kpi_users_monthly": ["month", "mau", "new_users", "activations", "activations_converted",
                          "registration_conversion"],
    "kpi_user_roles": ["role", "active_users", "verified_users", "share_verified"],
    "kpi_companies_monthly": ["month", "new_companies", "verified_companies"],
    "kpi_company_segments": ["segment", "companies", "verified", "share_verified"],
    "kpi_top_companies": ["company_id", "name", "requests", "published_events", "published_vacancies", "bookings",
                          "activity_score", "rank", "position"],
    "kpi_service_funnel": ["service_code", "month", "drafts", "sent", "approved", "succeeded", "rejected"],
    "kpi_service_performance": ["service_code", "requests", "avg_days_to_process", "approval_rate",
                                "rank_by_requests"],
    "kpi_events_monthly": ["month", "published_events", "avg_attendance", "online", "offline", "hybrid"],
    "kpi_vacancies_monthly": ["month", "published_vacancies", "closed_vacancies", "share_closed"],
    "kpi_vacancy_salary": ["vacancy_type", "vacancies", "avg_salary_kzt"],
    "kpi_top_employers": ["company_id", "name", "published_vacancies", "rank", "position"],
}
# warehouse.md, "The star schema": the columns each mart must have
MART_COLUMNS = {
    "dim_user": ["user_id", "email", "email_domain", "full_name", "role", "is_active", "is_verified", "registered_at",
                 "registered_date_id", "org_code", "language", "signup_channel"],
    "dim_company": ["company_id", "tin", "name", "type", "status", "verified", "verified_at", "is_startup",
                    "is_it_company", "is_techpark_resident", "is_ts_member", "employees", "city_id", "created_date_id"],
    "dim_service": ["service_code", "name_ru", "name_kk", "name_en", "org_code", "kind", "is_active"],
    "dim_date": ["date_id", "date", "year", "quarter", "month", "week", "day", "day_of_week", "is_weekend",
                 "is_holiday", "month_name_ru", "month_name_kk", "month_name_en"],
    "dim_org": ["org_code", "name_ru", "name_kk", "name_en", "active"],
    "dim_city": ["city_id", "name", "name_ru", "name_kk", "name_en", "country"],
    "dim_room": ["room_id", "name", "floor", "max_people", "pavilion", "is_active"],
    "fact_service_request": ["request_id", "user_id", "company_id", "service_code", "created_date_id", "status",
                             "days_to_process", "is_approved", "is_rejected"],
    "fact_event": ["event_id", "author_id", "company_id", "org_code", "event_date_id", "event_type", "event_format",
                   "is_published", "participants_count", "attended_count", "view_count"],
    "fact_vacancy": ["vacancy_id", "author_id", "company_id", "city_id", "created_date_id", "vacancy_type",
                     "is_published", "is_closed", "salary_min", "salary_max", "currency", "candidates_count",
                     "view_count"],
    "fact_booking": ["booking_id", "author_id", "company_id", "room_id", "booking_date_id", "duration_hours", "status"],
    "dim_company_history": ["company_id", "valid_from", "valid_to", "is_current"],
    "dim_user_history": ["user_id", "valid_from", "valid_to", "is_current"],
}
AREAS = {"users", "companies", "services", "events", "vacancies"}


@cache
def manifest() -> dict:
    target = f"{os.environ.get('DBT_TARGET_PATH', 'target')}_graph"
    result = run_dbt(["parse", "--target-path", target], capture=True)
    assert result.returncode == 0, result.stdout[-5000:]
    return json.loads((project_root() / target / "manifest.json").read_text())


def _models(layer: str) -> dict[str, dict]:
    return {node["name"]: node for node in manifest()["nodes"].values()
            if node["resource_type"] == "model" and node["fqn"][1:2] == [layer]}


def _layer_of(unique_id: str) -> str:
    if unique_id.startswith("source."):
        return "source"
    node = manifest()["nodes"][unique_id]
    if node["resource_type"] in ("seed", "snapshot"):
        return node["resource_type"]
    return node["fqn"][1]


@pytest.mark.parametrize("layer,allowed", [
    ("marts", {"intermediate", "marts", "seed", "snapshot"}),
    ("kpi", {"intermediate", "marts", "seed"}),
    ("intermediate", {"staging", "intermediate", "seed"}),
    # pii takes its clear values from the staging views: no stored intermediate table holds them
    ("pii", {"intermediate", "staging"}),
])
def test_layers_read_only_what_they_may(layer: str, allowed: set[str]) -> None:
    models = _models(layer)
    assert models, f"no model in {layer}"
    wrong = [f"{name} reads {parent}" for name, node in models.items()
             for parent in node["depends_on"]["nodes"] if _layer_of(parent) not in allowed]
    assert not wrong, f"{layer} may read only {sorted(allowed)}:\n" + "\n".join(wrong)


def test_snapshots_read_staging() -> None:
    snapshots = {node["name"]: node for node in manifest()["nodes"].values() if node["resource_type"] == "snapshot"}
    assert set(snapshots) >= {"snap_company", "snap_user"}
    for name, node in snapshots.items():
        assert {_layer_of(parent) for parent in node["depends_on"]["nodes"]} == {"staging"}, name


def test_kpi_models_have_the_spec_names_and_columns() -> None:
    kpis = _models("kpi")
    assert set(kpis) == set(KPI_COLUMNS)
    for name, columns in KPI_COLUMNS.items():
        declared = list(kpis[name]["columns"])
        assert declared[:len(columns)] == columns or set(columns) <= set(declared), (name, declared)


def test_marts_have_the_spec_columns() -> None:
    marts = _models("marts")
    for name, columns in MART_COLUMNS.items():
        assert name in marts, name
        missing = set(columns) - set(marts[name]["columns"])
        assert not missing, f"{name} lacks {sorted(missing)}"


@pytest.mark.parametrize("layer", ["marts", "kpi"])
def test_contracts_enforced_with_types_and_keys(layer: str) -> None:
    for name, node in _models(layer).items():
        assert node["config"]["contract"]["enforced"], name
        assert node["config"]["materialized"] in ("table", "incremental"), name
        untyped = [column for column, spec in node["columns"].items() if not spec.get("data_type")]
        assert not untyped, f"{name}: columns without data_type {untyped}"
        keys = [column for column, spec in node["columns"].items()
                if any(c["type"] == "primary_key" for c in spec.get("constraints", []))]
        keys += [c for constraint in node.get("constraints", []) if constraint["type"] == "primary_key"
                 for c in constraint["columns"]]
        # a unique index holds the grain as well as a primary key, and loads faster on the largest facts
        keys += [c for index in node["config"].get("indexes") or [] if index.get("unique") for c in index["columns"]]
        assert keys, f"{name} has no primary key constraint or unique index"


@pytest.mark.parametrize("layer", LAYERS)
def test_every_model_and_column_described(layer: str) -> None:
    problems = []
    for name, node in _models(layer).items():
        if not node["description"].strip():
            problems.append(f"{name}: no description")
        problems += [f"{name}.{column}: no description" for column, spec in node["columns"].items()
                     if not spec.get("description", "").strip()]
        if not node["columns"]:
            problems.append(f"{name}: no columns documented")
    assert not problems, "\n".join(problems)


def test_one_dashboard_exposure_per_area() -> None:
    exposures = list(manifest()["exposures"].values())
    assert {exposure["name"].removesuffix("_dashboard") for exposure in exposures} >= AREAS
    for exposure in exposures:
        assert exposure["type"] == "dashboard", exposure["name"]
        assert exposure["owner"].get("email") or exposure["owner"].get("name"), exposure["name"]
        kpi_parents = [parent for parent in exposure["depends_on"]["nodes"] if _layer_of(parent) == "kpi"]
        assert kpi_parents, f"{exposure['name']} depends on no kpi model"


def test_every_kpi_has_a_unit_test() -> None:
    tested = {node["depends_on"]["nodes"][0].split(".")[-1] for node in manifest()["unit_tests"].values()}
    assert set(KPI_COLUMNS) <= tested, sorted(set(KPI_COLUMNS) - tested)
