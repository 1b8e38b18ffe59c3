"""Asset checks beyond the dbt tests (which dagster-dbt attaches to the dbt assets):

- `dbt_source_freshness`: `dbt source freshness`, one check per source table with a freshness
  policy in `_techhub__sources.yml`, mapped from `sources.json` (WARN past `warn_after`, ERROR
  past `error_after`; never blocking: stale sources are reported, the build goes on);
- `great_expectations`: the suites of `techhub_orchestration.expectations`, one check per mart
  or KPI table, blocking: an ERROR (an `error(...)` expectation failed) stops what is
  downstream; a WARN (row count out of band, stale data) does not.
"""


import json
import time
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource

from techhub_orchestration.defs.assets import DBT_ASSET_KEYS, TRANSLATOR, invocation_target
from techhub_orchestration.defs.resources import WarehouseResource
from techhub_orchestration.expectations import SUITES, Suite
from techhub_orchestration.failures import DB_RETRY_POLICY, failure, is_transient, retry_only_transient
from techhub_orchestration.project import techhub_project

FRESHNESS_CHECK = "freshness"
GX_CHECK = "great_expectations"


# --- source freshness --------------------------------------------------------------------------

def _manifest() -> Mapping[str, Any]:
    return json.loads(techhub_project.manifest_path.read_text())


def _freshness_policy(source: Mapping[str, Any]) -> dict[str, Any] | None:
    config = source.get("config") or {}
    policy = config.get("freshness") or source.get("freshness") or {}
    loaded_at = config.get("loaded_at_field") or source.get("loaded_at_field") or config.get("loaded_at_query")
    has_bound = any((policy.get(bound) or {}).get("count") for bound in ("warn_after", "error_after"))
    return policy if loaded_at and has_bound else None


def _describe_bound(bound: Mapping[str, Any] | None) -> str:
    return f"{bound['count']} {bound['period']}(s)" if bound and bound.get("count") else "never"


def freshness_sources() -> dict[dg.AssetKey, dict[str, Any]]:
    """The dbt sources with a freshness policy, by their Dagster asset key."""
    result = {}
    for unique_id, source in _manifest().get("sources", {}).items():
        policy = _freshness_policy(source)
        if policy is not None:
            result[TRANSLATOR.get_asset_key(source)] = {"unique_id": unique_id, "source": source, "policy": policy}
    return result


FRESHNESS_SOURCES = freshness_sources()


def _source_freshness(context: dg.AssetCheckExecutionContext, dbt: DbtCliResource) -> Iterator[dg.AssetCheckResult]:
    """Runs `dbt source freshness` on the source tables that grow."""
    selected = [key for key in context.selected_asset_check_keys if key.asset_key in FRESHNESS_SOURCES]
    args = ["source", "freshness"]
    if len(selected) < len(FRESHNESS_SOURCES):
        names = [f"source:{FRESHNESS_SOURCES[key.asset_key]['source']['source_name']}."
                 f"{FRESHNESS_SOURCES[key.asset_key]['source']['name']}" for key in selected]
        args += ["--select", *names]
    with retry_only_transient("dbt source freshness"):
        target = invocation_target("source_freshness", context.run.run_id)
        invocation = dbt.cli(args, raise_on_error=False, target_path=target)
        invocation.wait()
        yield from _freshness_results(invocation, selected)


dbt_source_freshness = dg.multi_asset_check(
    name="dbt_source_freshness",
    specs=[
        dg.AssetCheckSpec(
            FRESHNESS_CHECK,
            asset=key,
            description=f"dbt source freshness on `{item['source'].get('loaded_at_field') or 'loaded_at'}`: "
            f"warn after {_describe_bound(item['policy'].get('warn_after'))}, "
            f"error after {_describe_bound(item['policy'].get('error_after'))}.",
            blocking=False,
        )
        for key, item in sorted(FRESHNESS_SOURCES.items(), key=lambda pair: pair[0].to_user_string())
    ],
    can_subset=True,
    retry_policy=DB_RETRY_POLICY,
    description="Runs `dbt source freshness` on the source tables that grow.",
)(_source_freshness) if FRESHNESS_SOURCES else None


def _freshness_results(invocation: Any, selected: list[dg.AssetCheckKey]) -> Iterator[dg.AssetCheckResult]:
    try:
        sources_json = invocation.get_artifact("sources.json")
    except Exception:
        sources_json = None
    if sources_json is None:
        error = invocation.get_error()
        raise failure(f"`dbt source freshness` produced no sources.json: {error}", transient=is_transient(str(error)))
    by_id = {result["unique_id"]: result for result in sources_json.get("results", [])}
    for check_key in selected:
        item = FRESHNESS_SOURCES[check_key.asset_key]
        result = by_id.get(item["unique_id"])
        if result is None:
            yield dg.AssetCheckResult(
                asset_key=check_key.asset_key, check_name=FRESHNESS_CHECK, passed=False,
                severity=dg.AssetCheckSeverity.WARN, description="dbt reported no freshness result for this source",
            )
            continue
        status = result.get("status")
        age_s = result.get("max_loaded_at_time_ago_in_s")
        metadata: dict[str, Any] = {
            "status": status,
            "max_loaded_at": str(result.get("max_loaded_at")),
            "snapshotted_at": str(result.get("snapshotted_at")),
            "age_hours": round(age_s / 3600, 2) if isinstance(age_s, (int, float)) else -1,
            "warn_after": _describe_bound(item["policy"].get("warn_after")),
            "error_after": _describe_bound(item["policy"].get("error_after")),
        }
        if status == "pass":
            description = f"fresh: newest row {metadata['age_hours']} h old"
        elif status in ("warn", "error"):
            limit = metadata["warn_after"] if status == "warn" else metadata["error_after"]
            description = f"stale: newest row {metadata['age_hours']} h old, more than {limit}"
        else:
            description = f"freshness query failed: {(result.get('error') or result.get('message') or status)}"
            if is_transient(description):
                raise failure(description, transient=True)
        yield dg.AssetCheckResult(
            asset_key=check_key.asset_key,
            check_name=FRESHNESS_CHECK,
            passed=status == "pass",
            severity=dg.AssetCheckSeverity.WARN if status == "warn" else dg.AssetCheckSeverity.ERROR,
            description=description,
            metadata=metadata,
        )


# --- Great Expectations ------------------------------------------------------------------------

def active_suites() -> dict[dg.AssetKey, Suite]:
    """The suites whose table is a dbt model of this project (all of them, once the project is
    complete; a suite for a model not yet written is left out rather than failing the load)."""
    return {
        dg.AssetKey(suite.asset_key_path): suite
        for suite in SUITES
        if dg.AssetKey(suite.asset_key_path) in DBT_ASSET_KEYS
    }


GX_SUITES = active_suites()


def _great_expectations(context: dg.AssetCheckExecutionContext,
                        warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    """Validates the selected tables with their suites; one check result each."""
    with retry_only_transient("Great Expectations"):
        yield from run_suites(context, warehouse.settings(),
                              [GX_SUITES[key.asset_key] for key in context.selected_asset_check_keys
                               if key.asset_key in GX_SUITES])


great_expectations = dg.multi_asset_check(
    name="great_expectations",
    specs=[
        dg.AssetCheckSpec(
            GX_CHECK,
            asset=key,
            description=(suite.description + " " if suite.description else "")
            + f"Great Expectations suite `{suite.name}` "
            f"({len(suite.expectations)} expectations + row-count band and freshness); blocking on errors.",
            blocking=True,
        )
        for key, suite in GX_SUITES.items()
    ],
    can_subset=True,
    retry_policy=DB_RETRY_POLICY,
    description="Validates the marts and KPI tables with the Great Expectations suites kept as code "
    "in techhub_orchestration/expectations.",
)(_great_expectations) if GX_SUITES else None


def run_suites(context: Any, conn: Any, suites: list[Suite]) -> Iterator[dg.AssetCheckResult]:
    """Validate `suites` (row counts first, then one GX validation each) and record the counts."""
    from techhub_orchestration.expectations import history
    from techhub_orchestration.expectations.runner import Validator

    suites = sorted(suites, key=lambda suite: suite.name)
    names = [suite.name for suite in suites]
    try:
        counts = history.current_counts(conn, names)
        previous = history.previous_counts(conn, names, context.run.run_id)
        started = time.perf_counter()
        validator = Validator(conn)
        context.log.info(f"Great Expectations ready in {time.perf_counter() - started:.1f} s")
    except Exception as error:
        raise failure(f"cannot start the validations: {error}", transient=is_transient(error)) from error

    for suite in suites:
        key = dg.AssetKey(suite.asset_key_path)
        if counts.get(suite.name) is None:
            yield dg.AssetCheckResult(
                asset_key=key, check_name=GX_CHECK, passed=False, severity=dg.AssetCheckSeverity.ERROR,
                description=f"table {suite.name} does not exist", metadata={"table": suite.name},
            )
            continue
        started = time.perf_counter()
        try:
            outcome = validator.validate(suite, previous.get(suite.name), counts[suite.name])
        except Exception as error:
            if is_transient(error):
                raise failure(f"validating {suite.name}: {error}", transient=True) from error
            yield dg.AssetCheckResult(
                asset_key=key, check_name=GX_CHECK, passed=False, severity=dg.AssetCheckSeverity.ERROR,
                description=f"the suite could not run on {suite.name}: {str(error)[:500]}",
                metadata={"table": suite.name},
            )
            continue
        if any(is_transient(item.error) for item in outcome.failures):
            raise failure(f"validating {suite.name}: lost the database connection", transient=True)
        metadata = outcome.metadata()
        metadata["duration_s"] = round(time.perf_counter() - started, 2)
        yield dg.AssetCheckResult(
            asset_key=key,
            check_name=GX_CHECK,
            passed=outcome.passed,
            severity=dg.AssetCheckSeverity.ERROR if outcome.severity == "error" else dg.AssetCheckSeverity.WARN,
            description=outcome.description(),
            metadata=metadata,
        )
    history.record(conn, counts, context.run.run_id)


ASSET_CHECKS = [check for check in (dbt_source_freshness, great_expectations) if check is not None]
