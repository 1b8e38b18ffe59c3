"""Provision the TechHub KPI dashboard in a running Superset through its REST API.

Reads dashboards/kpi_dashboard.yml and creates or updates, idempotently:
  - the warehouse connection (as the read-only role techhub_bi),
  - one dataset per kpi table (plus the small SQL views the spec defines), with bilingual
    column labels,
  - the charts, identified by a stable UUID derived from their key,
  - the dashboard, one tab per area, each tab ending with a note on where its numbers come from.

Usually run by `python dashboards/superset_ctl.py provision` (or `make dashboards`), which
knows the warehouse URL; standalone:

    python dashboards/provision.py --superset http://127.0.0.1:8088 \
        --sqlalchemy-uri 'postgresql+psycopg2://techhub_bi@localhost:5432/techhub_dwh?host=/path/.pgdata'
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import uuid
from pathlib import Path
from typing import Any

import requests
import yaml

SPEC_PATH = Path(__file__).with_name("kpi_dashboard.yml")
NAMESPACE = uuid.UUID("0f4b7c1e-58a4-4c55-9a0e-5d2b3f1e7a10")  # fixed: chart UUIDs stay stable
CERTIFIED_BY = "techhub-dwh"
CERTIFICATION = "Provisioned from dashboards/kpi_dashboard.yml; edit the file, not the chart."
GRID_COLUMNS = 12


class ProvisionError(RuntimeError):
    pass


def stable_uuid(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"techhub-dwh/{kind}/{key}"))


class Superset:
    """A logged-in API session: JWT bearer token plus the CSRF token Superset wants on writes."""

    def __init__(self, base_url: str, username: str, password: str) -> None:
        self.base = base_url.rstrip("/")
        self.http = requests.Session()
        self.http.trust_env = False  # 127.0.0.1 only: never through a proxy
        login = self.http.post(f"{self.base}/api/v1/security/login", timeout=60,
                               json={"username": username, "password": password, "provider": "db", "refresh": True})
        if login.status_code != 200:
            raise ProvisionError(f"cannot log in to Superset at {self.base} as {username}: {login.text[:300]}")
        self.http.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        csrf = self.http.get(f"{self.base}/api/v1/security/csrf_token/", timeout=60)
        csrf.raise_for_status()
        self.http.headers["X-CSRFToken"] = csrf.json()["result"]
        self.http.headers["Referer"] = self.base

    def call(self, method: str, path: str, ok: tuple[int, ...] = (200, 201), **kwargs: Any) -> dict[str, Any]:
        response = self.http.request(method, f"{self.base}/api/v1/{path}", timeout=120, **kwargs)
        if response.status_code not in ok:
            raise ProvisionError(f"{method} /api/v1/{path}: HTTP {response.status_code}: {response.text[:800]}")
        return response.json() if response.content else {}

    def get_or_none(self, path: str) -> dict[str, Any] | None:
        response = self.http.get(f"{self.base}/api/v1/{path}", timeout=60)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ProvisionError(f"GET /api/v1/{path}: HTTP {response.status_code}: {response.text[:800]}")
        return response.json()["result"]

    def list_all(self, resource: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        page = 0
        while True:
            batch = self.call("GET", f"{resource}/?q=(page:{page},page_size:100)")["result"]
            rows.extend(batch)
            if len(batch) < 100:
                return rows
            page += 1


# --- database and datasets -------------------------------------------------------------------

def ensure_database(api: Superset, name: str, sqlalchemy_uri: str) -> int:
    test = api.http.post(f"{api.base}/api/v1/database/test_connection/", timeout=120,
                         json={"database_name": name, "sqlalchemy_uri": sqlalchemy_uri})
    if test.status_code != 200:
        raise ProvisionError(f"Superset cannot connect to the warehouse ({redact(sqlalchemy_uri)}): "
                             f"{test.text[:800]}\nHas `make demo` (or a dbt build) created the kpi schema "
                             "and the techhub_bi role?")
    body = {
        "database_name": name,
        "sqlalchemy_uri": sqlalchemy_uri,
        "expose_in_sqllab": True,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_dml": False,
        "allow_run_async": False,
        "extra": json.dumps({"allows_virtual_table_explore": True, "metadata_cache_timeout": {}}),
    }
    existing = [row for row in api.list_all("database") if row["database_name"] == name]
    if existing:
        database_id = existing[0]["id"]
        api.call("PUT", f"database/{database_id}", json=body)
    else:
        database_id = api.call("POST", "database/", json=body)["id"]
    return database_id


def redact(url: str) -> str:
    return re.sub(r"(//[^:/@]+):[^@]*@", r"\1:***@", url)


def ensure_dataset(api: Superset, database_id: int, key: str, spec: dict[str, Any], sql: str | None,
                   existing: list[dict[str, Any]]) -> int:
    """A physical dataset on kpi.<key>, or a virtual one named <key> when sql is given."""
    dataset_uuid = stable_uuid("dataset", key)
    found = api.get_or_none(f"dataset/{dataset_uuid}")
    if found is None:
        same = [row for row in existing
                if row["table_name"] == key and row.get("schema") == "kpi"
                and (row.get("database") or {}).get("id") == database_id]
        found = api.get_or_none(f"dataset/{same[0]['id']}") if same else None
    try:
        if found is None:
            body: dict[str, Any] = {"database": database_id, "schema": "kpi", "table_name": key,
                                    "uuid": dataset_uuid}
            if sql:
                body["sql"] = sql
            dataset_id = api.call("POST", "dataset/", json=body)["id"]
        else:
            dataset_id = found["id"]
            if sql and found.get("sql") != sql:
                api.call("PUT", f"dataset/{dataset_id}", json={"sql": sql})
            # the table may have gained or lost columns since the last run
            api.call("PUT", f"dataset/{dataset_id}/refresh")
    except ProvisionError as error:
        what = "the SQL of " if sql else "the table kpi."
        raise ProvisionError(f"{error}\nDataset {key}: is {what}{key} there and readable by techhub_bi "
                             "in this database? Build the warehouse first (make demo).") from error

    dataset = api.get_or_none(f"dataset/{dataset_id}")
    assert dataset is not None
    labels: dict[str, str] = spec.get("columns", {})
    known = {column["column_name"] for column in dataset["columns"]}
    missing = sorted(set(labels) - known)
    if missing:
        raise ProvisionError(f"dataset {key}: columns {missing} are not in the warehouse table "
                             f"(it has {sorted(known)}); update dashboards/kpi_dashboard.yml or the model")
    column_fields = ("id", "column_name", "type", "verbose_name", "description", "expression", "filterable",
                     "groupby", "is_active", "is_dttm", "python_date_format")
    columns = []
    for column in dataset["columns"]:
        row = {field: column.get(field) for field in column_fields if field in column}
        row["verbose_name"] = labels.get(column["column_name"], row.get("verbose_name"))
        if column["column_name"] == spec.get("main_dttm_col"):
            row["is_dttm"] = True
        columns.append({field: value for field, value in row.items() if value is not None})
    update: dict[str, Any] = {"description": spec.get("description"), "columns": columns}
    if spec.get("main_dttm_col"):
        update["main_dttm_col"] = spec["main_dttm_col"]
    api.call("PUT", f"dataset/{dataset_id}?override_columns=true", json=update)
    return dataset_id


# --- charts ----------------------------------------------------------------------------------

def adhoc_metric(metric: dict[str, str]) -> dict[str, Any]:
    return {
        "expressionType": "SQL",
        "sqlExpression": metric["sql"],
        "label": metric["label"],
        "hasCustomLabel": True,
        "optionName": "metric_" + short_hash(metric["sql"] + metric["label"]),
    }


def short_hash(text: str) -> str:
    return uuid.uuid5(NAMESPACE, text).hex[:12]


def form_data(chart: dict[str, Any], dataset_id: int, temporal_columns: set[str]) -> dict[str, Any]:
    kind = chart["type"]
    filters: list[dict[str, Any]] = []
    x = chart.get("x")
    temporal = x in temporal_columns
    if temporal:
        filters.append({"clause": "WHERE", "comparator": "No filter", "expressionType": "SIMPLE",
                        "operator": "TEMPORAL_RANGE", "subject": x})
    if chart.get("where"):
        filters.append({"clause": "WHERE", "expressionType": "SQL", "sqlExpression": chart["where"]})
    number_format = chart.get("format") or (chart.get("metric") or {}).get("format") or "SMART_NUMBER"
    base: dict[str, Any] = {
        "datasource": f"{dataset_id}__table",
        "adhoc_filters": filters,
        "extra_form_data": {},
        "annotation_layers": [],
        "color_scheme": "supersetColors",
    }
    if kind in ("line", "bar"):
        metrics = [adhoc_metric(metric) for metric in chart["metrics"]]
        base.update({
            "viz_type": "echarts_timeseries_line" if kind == "line" else "echarts_timeseries_bar",
            "x_axis": x,
            "metrics": metrics,
            "groupby": [],
            "row_limit": 10000,
            "show_legend": True,
            "legendOrientation": "top",
            "legendType": "scroll",
            "rich_tooltip": True,
            "showTooltipTotal": False,
            "y_axis_format": number_format,
            "y_axis_bounds": [None, None],
            "truncateXAxis": True,
            "truncate_metric": True,
            "show_empty_columns": True,
            "x_axis_sort_asc": True,
            "x_axis_title_margin": 15,
            "y_axis_title_margin": 15,
            "y_axis_title_position": "Left",
            "tooltipTimeFormat": "%Y-%m",
            "x_axis_time_format": "%Y-%m",
            "only_total": True,
        })
        if temporal:
            base["time_grain_sqla"] = "P1M"
        if kind == "line":
            base.update({"markerEnabled": True, "markerSize": 4, "seriesType": "line"})
        else:
            base.update({"orientation": "horizontal" if chart.get("horizontal") else "vertical",
                         "stack": "Stack" if chart.get("stack") else None})
        if chart.get("sort_by_metric"):
            # largest first: on the left, or on top of a horizontal chart (drawn bottom-up)
            base.update({"x_axis_sort": metrics[0]["label"], "x_axis_sort_asc": bool(chart.get("horizontal"))})
    elif kind == "big_number":
        base.update({
            "viz_type": "big_number_total",
            "metric": adhoc_metric(chart["metric"]),
            "header_font_size": 0.4,
            "subheader_font_size": 0.15,
            "y_axis_format": number_format,
            "time_format": "smart_date",
        })
    elif kind == "big_number_trend":
        base.update({
            "viz_type": "big_number",
            "x_axis": x,
            "time_grain_sqla": "P1M",
            "metric": adhoc_metric(chart["metric"]),
            "show_trend_line": True,
            "start_y_axis_at_zero": True,
            "compare_lag": 1,
            "compare_suffix": "к прошлому месяцу / vs previous month",
            "header_font_size": 0.4,
            "subheader_font_size": 0.15,
            "y_axis_format": number_format,
            "time_format": "%Y-%m",
            "rolling_type": "None",
        })
    elif kind == "table":
        formats: dict[str, str] = chart.get("formats", {})
        base.update({
            "viz_type": "table",
            "query_mode": "raw",
            "all_columns": chart["columns"],
            "groupby": [],
            "metrics": [],
            "percent_metrics": [],
            "order_by_cols": [json.dumps([column, ascending]) for column, ascending in chart.get("order_by", [])],
            "row_limit": chart.get("row_limit", 1000),
            "server_page_length": 10,
            "order_desc": True,
            "table_timestamp_format": "%Y-%m-%d",
            "show_cell_bars": True,
            "color_pn": True,
            "allow_render_html": False,
            "include_search": False,
            "column_config": {column: {"d3NumberFormat": fmt} for column, fmt in formats.items()},
        })
    elif kind == "funnel":
        base.update({
            "viz_type": "funnel",
            "groupby": [chart["dimension"]],
            "metric": adhoc_metric(chart["metric"]),
            "row_limit": 10,
            "sort_by_metric": True,
            "show_labels": True,
            "show_legend": True,
            "show_tooltip_labels": True,
            "legendOrientation": "top",
            "legendMargin": 50,
            "number_format": number_format,
            "percent_calculation_type": "first_step",
            "tooltip_label_type": 5,
            "label_type": "key_value_percent",
        })
    else:
        raise ProvisionError(f"chart {chart['key']}: unknown type {kind!r}")
    return base


def ensure_chart(api: Superset, chart: dict[str, Any], dataset_id: int, temporal_columns: set[str]) -> int:
    params = form_data(chart, dataset_id, temporal_columns)
    body = {
        "slice_name": chart["title"],
        "viz_type": params["viz_type"],
        "datasource_id": dataset_id,
        "datasource_type": "table",
        "params": json.dumps(params, ensure_ascii=False),
        "description": chart.get("description"),
        "certified_by": CERTIFIED_BY,
        "certification_details": CERTIFICATION,
    }
    chart_uuid = stable_uuid("chart", chart["key"])
    found = api.get_or_none(f"chart/{chart_uuid}")
    if found is None:
        return api.call("POST", "chart/", json={**body, "uuid": chart_uuid})["id"]
    api.call("PUT", f"chart/{found['id']}", json=body)
    return found["id"]


# --- dashboard -------------------------------------------------------------------------------

def layout(spec: dict[str, Any], chart_ids: dict[str, int]) -> dict[str, Any]:
    """Superset's position JSON: ROOT > TABS > TAB > ROW > CHART / MARKDOWN."""
    positions: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["TABS-kpi"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": spec["dashboard"]["title"]}},
        "TABS-kpi": {"type": "TABS", "id": "TABS-kpi", "children": [], "parents": ["ROOT_ID"], "meta": {}},
    }
    for tab in spec["tabs"]:
        tab_id = f"TAB-{tab['key']}"
        tab_parents = ["ROOT_ID", "TABS-kpi"]
        positions["TABS-kpi"]["children"].append(tab_id)
        positions[tab_id] = {"type": "TAB", "id": tab_id, "children": [], "parents": tab_parents,
                             "meta": {"text": tab["title"], "defaultText": "Tab title", "placeholder": "Tab title"}}
        rows = [*tab["rows"], [{"markdown": source_note(tab), "width": GRID_COLUMNS, "height": 20}]]
        for number, row in enumerate(rows, start=1):
            row_id = f"ROW-{tab['key']}-{number}"
            row_parents = [*tab_parents, tab_id]
            positions[tab_id]["children"].append(row_id)
            positions[row_id] = {"type": "ROW", "id": row_id, "children": [], "parents": row_parents,
                                 "meta": {"background": "BACKGROUND_TRANSPARENT"}}
            default_width = GRID_COLUMNS // len(row)
            for position, item in enumerate(row, start=1):
                parents = [*row_parents, row_id]
                if "markdown" in item:
                    item_id = f"MARKDOWN-{tab['key']}-{number}-{position}"
                    positions[item_id] = {"type": "MARKDOWN", "id": item_id, "children": [], "parents": parents,
                                          "meta": {"code": item["markdown"], "width": item["width"],
                                                   "height": item["height"]}}
                else:
                    item_id = f"CHART-{item['key']}"
                    default_height = 30 if item["type"].startswith("big_number") else 55
                    positions[item_id] = {"type": "CHART", "id": item_id, "children": [], "parents": parents,
                                          "meta": {"chartId": chart_ids[item["key"]],
                                                   "width": item.get("width", default_width),
                                                   "height": item.get("height", default_height),
                                                   "sliceName": item["title"]}}
                positions[row_id]["children"].append(item_id)
    return positions


def source_note(tab: dict[str, Any]) -> str:
    return (
        "**Откуда эти числа / Where these numbers come from.** "
        f"{tab['source']}. "
        "Месяцы — по времени Asia/Almaty / months are local (Asia/Almaty). "
        "Строки, отложенные при очистке, — в `dq.dq_set_aside` / rows set aside by cleaning are in "
        "`dq.dq_set_aside`. Описание моделей — в dbt docs (`make docs`) / model docs: `make docs`."
    )


def ensure_dashboard(api: Superset, spec: dict[str, Any], chart_ids: dict[str, int]) -> int:
    slug = spec["dashboard"]["slug"]
    found = api.get_or_none(f"dashboard/{slug}")
    if found is None:
        dashboard_id = api.call("POST", "dashboard/", json={
            "dashboard_title": spec["dashboard"]["title"], "slug": slug, "published": True,
            "uuid": stable_uuid("dashboard", slug)})["id"]
    else:
        dashboard_id = found["id"]
    positions = layout(spec, chart_ids)
    metadata = {
        "color_scheme": "supersetColors",
        "refresh_frequency": 0,
        "expanded_slices": {},
        "label_colors": {},
        "timed_refresh_immune_slices": [],
        "cross_filters_enabled": False,
        "native_filter_configuration": [],
        "chart_configuration": {},
        "default_filters": "{}",
        "positions": positions,
    }
    api.call("PUT", f"dashboard/{dashboard_id}", json={
        "dashboard_title": spec["dashboard"]["title"],
        "slug": slug,
        "published": True,
        "certified_by": CERTIFIED_BY,
        "certification_details": CERTIFICATION,
        "position_json": json.dumps(positions, ensure_ascii=False),
        "json_metadata": json.dumps(metadata, ensure_ascii=False),
    })
    return dashboard_id


def remove_stale_charts(api: Superset, wanted: set[int]) -> list[str]:
    removed = []
    for row in api.list_all("chart"):
        if row.get("certified_by") == CERTIFIED_BY and row["id"] not in wanted:
            api.call("DELETE", f"chart/{row['id']}")
            removed.append(row["slice_name"])
    return removed


def provision(superset_url: str, username: str, password: str, sqlalchemy_uri: str,
              spec_path: Path = SPEC_PATH) -> str:
    spec = yaml.safe_load(spec_path.read_text())
    api = Superset(superset_url, username, password)
    database_id = ensure_database(api, spec["database"]["name"], sqlalchemy_uri)

    existing = api.list_all("dataset")
    dataset_ids: dict[str, int] = {}
    temporal: dict[str, set[str]] = {}
    for key, dataset in spec["datasets"].items():
        dataset_ids[key] = ensure_dataset(api, database_id, key, dataset, None, existing)
    for key, dataset in spec.get("virtual_datasets", {}).items():
        dataset_ids[key] = ensure_dataset(api, database_id, key, dataset, dataset["sql"].strip(), existing)
    for key, dataset in {**spec["datasets"], **spec.get("virtual_datasets", {})}.items():
        temporal[key] = {dataset["main_dttm_col"]} if dataset.get("main_dttm_col") else set()
    print(f"  datasets: {len(dataset_ids)}")

    chart_ids: dict[str, int] = {}
    for tab in spec["tabs"]:
        for row in tab["rows"]:
            for chart in row:
                if chart["key"] in chart_ids:
                    raise ProvisionError(f"chart key {chart['key']} is used twice")
                dataset_id = dataset_ids[chart["dataset"]]
                chart_ids[chart["key"]] = ensure_chart(api, chart, dataset_id, temporal[chart["dataset"]])
    print(f"  charts: {len(chart_ids)}")
    dashboard_id = ensure_dashboard(api, spec, chart_ids)
    removed = remove_stale_charts(api, set(chart_ids.values()))
    if removed:
        print(f"  removed charts no longer in the spec: {', '.join(removed)}")
    url = f"{api.base}/superset/dashboard/{spec['dashboard']['slug']}/"
    print(f"  dashboard {dashboard_id}: {url}")
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--superset", default=os.environ.get("SUPERSET_URL", "http://127.0.0.1:8088"))
    parser.add_argument("--username", default=os.environ.get("SUPERSET_ADMIN_USER", "admin"))
    parser.add_argument("--password", default=os.environ.get("SUPERSET_ADMIN_PASSWORD", "admin"))
    parser.add_argument("--sqlalchemy-uri", required=True, help="the warehouse, as the techhub_bi role")
    parser.add_argument("--spec", type=Path, default=SPEC_PATH)
    args = parser.parse_args(argv)
    try:
        provision(args.superset, args.username, args.password, args.sqlalchemy_uri, args.spec)
    except ProvisionError as error:
        print(f"provision: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
