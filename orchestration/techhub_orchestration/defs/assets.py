"""Assets: the 43 source tables (external, not built here), every dbt node (seeds, snapshots,
models; dbt tests become asset checks), and the dbt docs site."""


import re
import shutil
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import dagster_dbt.asset_utils
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from techhub_dwh import build_lock, reader_passwords
from techhub_dwh.dbt import build_args
from techhub_dwh.source import contract
from techhub_orchestration.defs.resources import WarehouseResource
from techhub_orchestration.failures import DB_RETRY_POLICY, failure, is_transient, retry_only_transient
from techhub_orchestration.project import techhub_project

# dagster-dbt passes a subset (a layer job) to dbt as --select arguments, but past 200 nodes it
# copies the whole project folder to a temporary one to write a selectors.yml there. Our project
# folder is the repository (with .venv and the embedded database's .pgdata): never copy it.
# Linux takes command lines of megabytes; a few thousand node names fit easily.
dagster_dbt.asset_utils._SELECTION_ARGS_THRESHOLD = 10_000  # type: ignore[misc]

SOURCE_NAME = "techhub"
SOURCE_GROUP = "techhub_source"
LAYERS = ("staging", "intermediate", "marts", "kpi", "pii", "dq")
DOCS_KEY = dg.AssetKey(["dbt_docs"])

# Who answers for what (Dagster owners: an e-mail or `team:<name>`). A model may name its own
# owners with `meta: {dagster: {owners: [...]}}` in its YAML.
OWNERS_BY_GROUP = {
    "staging": ["team:data-engineering"],
    "intermediate": ["team:data-engineering"],
    "marts": ["team:analytics-engineering"],
    "kpi": ["team:analytics-engineering", "team:bi"],
    "pii": ["team:data-protection"],
    "dq": ["team:data-engineering"],
    "snapshots": ["team:data-engineering"],
    "seeds": ["team:analytics-engineering"],
    SOURCE_GROUP: ["team:techhub-platform"],
}


def layer_of(props: Mapping[str, Any]) -> str:
    """The layer (and Dagster group) of a dbt node: its top folder under models/ (= its schema),
    `seeds` or `snapshots`."""
    resource_type = props.get("resource_type")
    if resource_type == "seed":
        return "seeds"
    if resource_type == "snapshot":
        return "snapshots"
    if resource_type == "source":
        return SOURCE_GROUP
    fqn = props.get("fqn") or []
    if len(fqn) > 2 and fqn[1] in LAYERS:
        return fqn[1]
    schema = (props.get("config") or {}).get("schema")
    return schema if schema in LAYERS else "other"


class TechHubTranslator(DagsterDbtTranslator):
    """Keys `<schema>/<name>` (marts/dim_user, kpi/kpi_users_monthly, reference/<seed>), groups by
    layer, owners by layer, and tags: the layer, `pii`, the materialisation and the dbt tags."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        props = dbt_resource_props
        if props.get("resource_type") == "source":
            return super().get_asset_key(props)
        meta_key = ((props.get("config") or {}).get("meta") or {}).get("dagster", {}).get("asset_key")
        if meta_key:
            return dg.AssetKey(meta_key)
        schema = (props.get("config") or {}).get("schema") or layer_of(props)
        return dg.AssetKey([schema, props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return layer_of(dbt_resource_props)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> Sequence[str] | None:
        return super().get_owners(dbt_resource_props) or OWNERS_BY_GROUP.get(layer_of(dbt_resource_props))

    def get_tags(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, str]:
        tags = dict(super().get_tags(dbt_resource_props))
        layer = layer_of(dbt_resource_props)
        tags["layer"] = layer
        materialized = (dbt_resource_props.get("config") or {}).get("materialized")
        if materialized:
            tags["materialized"] = materialized
        has_pii_column = any(
            "pii" in (column.get("tags") or []) or (column.get("meta") or {}).get("pii")
            for column in (dbt_resource_props.get("columns") or {}).values()
        )
        if layer in ("pii", "staging") and (has_pii_column or layer == "pii"):
            tags["pii"] = "true"
        return tags


TRANSLATOR = TechHubTranslator(
    settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_code_references=True)
)


# --- the source tables -------------------------------------------------------------------------

def _source_specs() -> list[dg.AssetSpec]:
    """One external asset per table of the source contract: Dagster does not build them (the
    Django application, or the copy job, does), but they head the lineage and carry the freshness
    checks."""
    specs = []
    for table in contract.tables().values():
        columns = dg.TableSchema(
            columns=[
                dg.TableColumn(column.name, column.data_type,
                               constraints=dg.TableColumnConstraints(nullable=column.nullable))
                for column in table.columns
            ]
        )
        specs.append(
            dg.AssetSpec(
                key=dg.AssetKey([SOURCE_NAME, table.name]),
                description=f"TechHub source table `{table.name}` (copy of the Django database); "
                f"primary key `{table.primary_key}`.",
                group_name=SOURCE_GROUP,
                owners=OWNERS_BY_GROUP[SOURCE_GROUP],
                kinds={"postgres"},
                tags={"layer": "source"},
                metadata={
                    "dagster/table_name": f"{contract.source_schema()}.{table.name}",
                    "dagster/column_schema": columns,
                },
            )
        )
    return specs


SOURCE_SPECS = _source_specs()


# --- dbt ---------------------------------------------------------------------------------------

class DbtBuildConfig(dg.Config):
    full_refresh: bool = False


_INVOCATION_DIR = re.compile(r"^[a-z_]+-[0-9a-f]{7}-[0-9a-f]{7}$")
KEEP_INVOCATION_DIRS = 20


def prune_invocation_dirs(keep: int = KEEP_INVOCATION_DIRS) -> None:
    """dagster-dbt gives every dbt call its own folder under the target path (artifacts, logs);
    keep the newest few."""
    target = techhub_project.project_dir / techhub_project.target_path
    if not target.is_dir():
        return
    folders = sorted(
        (path for path in target.iterdir() if path.is_dir() and _INVOCATION_DIR.match(path.name)),
        key=lambda path: path.stat().st_mtime,
        reverse=True,
    )
    for folder in folders[keep:]:
        shutil.rmtree(folder, ignore_errors=True)


def invocation_target(name: str, run_id: str) -> Path:
    return (techhub_project.project_dir / techhub_project.target_path
            / f"{name}-{run_id[:7]}-{uuid.uuid4().hex[:7]}")


def dbt_failure_summary(invocation: Any) -> tuple[str, bool]:
    """What failed in a dbt invocation, from run_results.json, and whether it looks transient."""
    failed: list[str] = []
    messages: list[str] = []
    try:
        run_results = invocation.get_artifact("run_results.json")
    except Exception:
        run_results = {"results": []}
    for result in run_results.get("results", []):
        if result.get("status") in ("error", "fail", "runtime error"):
            unique_id = result.get("unique_id", "?")
            message = (result.get("message") or "").strip()
            lines = [line.strip() for line in message.splitlines() if line.strip() and not line.strip().startswith(">")]
            failed.append(f"{unique_id.split('.', 2)[-1]} ({result['status']}): {' '.join(lines[:2])[:240]}")
            messages.append(message)
    error = invocation.get_error()
    error_text = str(error) if error else ""
    transient = is_transient(error_text) or any(is_transient(message) for message in messages)
    if failed:
        shown = "; ".join(failed[:10]) + (f"; and {len(failed) - 10} more" if len(failed) > 10 else "")
        return f"dbt `{invocation.dbt_command}`: {len(failed)} node(s) failed: {shown}", transient
    return f"dbt `{invocation.dbt_command}` failed: {error_text[-1500:]}", transient


@dbt_assets(
    manifest=techhub_project.manifest_path,
    project=techhub_project,
    dagster_dbt_translator=TRANSLATOR,
    name="techhub_dbt",
    retry_policy=DB_RETRY_POLICY,
    op_tags={"kind": "dbt"},
)
def techhub_dbt(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
                config: DbtBuildConfig):
    """`dbt build` of the selected nodes (everything in the nightly job): seeds, snapshots and
    models in dependency order, each followed by its data tests (reported as asset checks). An
    incremental build tests what it changed (techhub_dwh.dbt.NIGHTLY_BUILD); a full refresh tests
    everything. Unit tests are left to CI.

    It holds the warehouse lock (techhub_dwh.build_lock) for the dbt build, or uses the one held
    by `techhub-dwh build` when that runs it in-process; another build holding it fails the step at
    once, naming that build. The reader roles' passwords are set first, outside dbt
    (techhub_dwh.reader_passwords)."""
    prune_invocation_dirs()
    args = build_args(full_refresh=config.full_refresh)
    if context.retry_number:
        context.log.warning(f"retry {context.retry_number} after a transient database error")
    conn = warehouse.settings()
    holder = f"dagster run {context.run.run_id[:8]} dbt build"
    try:
        with retry_only_transient("dbt build"), build_lock.hold(conn, holder) as lock:
            how = "inherited from the build running this job" if lock.inherited else "held by this step"
            context.log.info(f"warehouse lock: {how} (backend pid {lock.backend_pid})")
            changed = reader_passwords.apply(conn)
            if changed:
                context.log.info(f"reader role passwords set (as SCRAM verifiers): {', '.join(changed)}")
            invocation = dbt.cli(args, context=context, raise_on_error=False)
            yield from invocation.stream()
    except build_lock.BuildLockHeld as running:
        raise failure(str(running), transient=False) from None
    if not invocation.is_successful():
        description, transient = dbt_failure_summary(invocation)
        raise failure(description, transient=transient)


DBT_ASSET_KEYS = set(techhub_dbt.keys)


# --- docs --------------------------------------------------------------------------------------

@dg.asset(
    key=DOCS_KEY,
    group_name="docs",
    deps=sorted(DBT_ASSET_KEYS, key=lambda key: key.to_user_string()),
    kinds={"dbt"},
    owners=["team:analytics-engineering"],
    retry_policy=DB_RETRY_POLICY,
    description="The dbt docs site (index.html, manifest.json, catalog.json in the dbt target folder), "
    "generated after everything else so that the catalog describes the tables just built.",
)
def dbt_docs(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> dg.MaterializeResult:
    target = techhub_project.project_dir / techhub_project.target_path
    started = time.perf_counter()
    with retry_only_transient("dbt docs generate"):
        invocation = dbt.cli(["docs", "generate"], target_path=target, raise_on_error=False)
        invocation.wait()
    if not invocation.is_successful():
        description, transient = dbt_failure_summary(invocation)
        raise failure(description, transient=transient)
    catalog = invocation.get_artifact("catalog.json")
    return dg.MaterializeResult(
        metadata={
            "index_html": dg.MetadataValue.path(str(target / "index.html")),
            "catalog_nodes": len(catalog.get("nodes", {})),
            "catalog_sources": len(catalog.get("sources", {})),
            "duration_s": round(time.perf_counter() - started, 1),
        }
    )
