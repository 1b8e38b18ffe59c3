"""Running the suites with Great Expectations 1.x (an ephemeral, in-memory data context: the suites
live in this repository as code, nothing is kept in a `gx/` folder) and summarising the results."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from techhub_dwh import db
from techhub_orchestration.expectations.suite import Expect, Suite

EXAMPLES = 5  # failing values shown per expectation


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else str(value)


def _jsonable(value: Any) -> Any:
    """Values as JSON can carry them: numerics as numbers, dates and the rest as text."""
    return json.loads(json.dumps(value, default=_plain))


@dataclass(frozen=True)
class ExpectationOutcome:
    label: str
    type: str
    column: str | None
    severity: str
    success: bool
    observed: Any = None
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    examples: list[Any] = field(default_factory=list)
    error: str | None = None

    def why(self) -> str:
        if self.error:
            return f"{self.label}: could not be evaluated: {self.error}"
        parts = [self.label]
        if self.unexpected_count:
            share = f" ({self.unexpected_percent:.2f}%)" if self.unexpected_percent is not None else ""
            parts.append(f"{self.unexpected_count} unexpected row(s){share}")
        if self.examples:
            parts.append(f"e.g. {self.examples}")
        if self.observed is not None and not self.unexpected_count:
            parts.append(f"observed {self.observed}")
        return ": ".join(parts[:1]) + (" - " + ", ".join(parts[1:]) if len(parts) > 1 else "")


@dataclass
class SuiteOutcome:
    suite: Suite
    outcomes: list[ExpectationOutcome]
    row_count: int | None
    previous_row_count: int | None

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def severity(self) -> str:
        """`error` when an error-level expectation failed, else `warn` (or `error` when all passed)."""
        if any(outcome.severity == "error" for outcome in self.failures):
            return "error"
        return "warn" if self.failures else "error"

    def statistics(self) -> dict[str, Any]:
        evaluated = len(self.outcomes)
        unsuccessful = len(self.failures)
        return {
            "evaluated_expectations": evaluated,
            "successful_expectations": evaluated - unsuccessful,
            "unsuccessful_expectations": unsuccessful,
            "success_percent": round(100.0 * (evaluated - unsuccessful) / evaluated, 2) if evaluated else 100.0,
            "unsuccessful_percent": round(100.0 * unsuccessful / evaluated, 2) if evaluated else 0.0,
        }

    def description(self) -> str:
        """The first line says what failed and why (alerts and the CLI quote it); then one line
        per failed expectation."""
        evaluated = self.statistics()["evaluated_expectations"]
        if self.passed:
            return f"{evaluated}/{evaluated} expectations met on {self.suite.name}"
        errors = [outcome for outcome in self.failures if outcome.severity == "error"]
        warnings = [outcome for outcome in self.failures if outcome.severity != "error"]
        ordered = errors + warnings
        reasons = "; ".join(outcome.why() for outcome in ordered[:2]) + ("; ..." if len(ordered) > 2 else "")
        head = (f"{len(ordered)} of {evaluated} expectations failed on {self.suite.name} "
                f"({len(errors)} error, {len(warnings)} warning): {reasons}")
        return "\n".join([head, *(f"[{outcome.severity}] {outcome.why()}" for outcome in ordered)])

    def metadata(self) -> dict[str, Any]:
        import dagster as dg

        metadata: dict[str, Any] = {
            **self.statistics(),
            "table": self.suite.name,
            "row_count": self.row_count if self.row_count is not None else -1,
            "previous_row_count": self.previous_row_count if self.previous_row_count is not None else -1,
            "expectations": dg.MetadataValue.md(self._markdown()),
        }
        if self.failures:
            metadata["failing_expectations"] = dg.MetadataValue.json(
                [
                    {
                        "expectation": outcome.label,
                        "severity": outcome.severity,
                        "unexpected_count": outcome.unexpected_count,
                        "unexpected_percent": outcome.unexpected_percent,
                        "observed": outcome.observed,
                        "failing_examples": outcome.examples,
                        "error": outcome.error,
                    }
                    for outcome in self.failures
                ]
            )
        return metadata

    def _markdown(self) -> str:
        rows = ["| | severity | expectation | unexpected | examples / observed |", "|---|---|---|---|---|"]
        for outcome in self.outcomes:
            mark = "pass" if outcome.success else "**FAIL**"
            unexpected = (f"{outcome.unexpected_count} ({outcome.unexpected_percent:.2f}%)"
                          if outcome.unexpected_count is not None and outcome.unexpected_percent is not None else "")
            detail = outcome.error or (outcome.examples if outcome.examples else outcome.observed)
            label = outcome.label.replace("|", "\\|")
            rows.append(f"| {mark} | {outcome.severity} | `{label}` | {unexpected} | "
                        f"{str(detail if detail is not None else '').replace('|', '/')[:200]} |")
        return "\n".join(rows)


def _import_gx() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    return gx


class Validator:
    """One GX ephemeral context and one PostgreSQL data source, for many suites."""

    def __init__(self, conn: db.ConnectionSettings):
        gx = _import_gx()
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        self._gx = gx
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(),
            progress_bars=ProgressBarsConfig(globally=False),
            analytics_enabled=False,
        )
        self.context = gx.get_context(mode="ephemeral", project_config=config)
        self._url = conn.sqlalchemy_url()
        self._datasources: dict[str, Any] = {}

    def _datasource(self, schema: str) -> Any:
        """One GX data source per warehouse schema, whose connection sets the search_path (GX 1.x
        deprecates naming the schema on the table asset)."""
        if schema not in self._datasources:
            separator = "&" if "?" in self._url else "?"
            url = f"{self._url}{separator}options=-csearch_path%3D{schema}"
            self._datasources[schema] = self.context.data_sources.add_postgres(
                name=f"techhub_{schema}", connection_string=url
            )
        return self._datasources[schema]

    def validate(self, suite: Suite, previous_row_count: int | None, row_count: int | None,
                 now: dt.datetime | None = None) -> SuiteOutcome:
        gx = self._gx
        now = now or dt.datetime.now(dt.UTC)
        expects: list[Expect] = suite.expectations_for_run(previous_row_count, now)
        asset = self._datasource(suite.schema).add_table_asset(name=suite.name, table_name=suite.table)
        batch = asset.add_batch_definition_whole_table(f"{suite.name} whole table")
        gx_suite = self.context.suites.add(
            gx.ExpectationSuite(name=suite.name, expectations=[expect.build() for expect in expects])
        )
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{suite.name} validation", data=batch, suite=gx_suite)
        )
        result = definition.run(result_format={"result_format": "SUMMARY", "partial_unexpected_count": EXAMPLES})
        by_id = {expectation.id: expect for expectation, expect in zip(gx_suite.expectations, expects, strict=True)}
        outcomes = [self._outcome(item, by_id) for item in result.results]
        return SuiteOutcome(suite, outcomes, row_count, previous_row_count)

    @staticmethod
    def _outcome(item: Any, by_id: dict[str, Expect]) -> ExpectationOutcome:
        config = item.expectation_config
        expect = by_id.get(config.id)
        details = item.result or {}
        exception = item.exception_info or {}
        raised = exception.get("raised_exception") if isinstance(exception, dict) else False
        message = exception.get("exception_message") if raised else None
        severity = (config.meta or {}).get("severity") or (expect.severity if expect else "error")
        examples: list[Any] = []
        for value in _jsonable(details.get("partial_unexpected_list") or []):
            if value not in examples:
                examples.append(value)
        return ExpectationOutcome(
            label=expect.label() if expect else config.type,
            type=config.type,
            column=config.kwargs.get("column"),
            severity=severity,
            success=bool(item.success) and not raised,
            observed=_jsonable(details.get("observed_value")),
            unexpected_count=details.get("unexpected_count"),
            unexpected_percent=details.get("unexpected_percent"),
            examples=examples[:EXAMPLES],
            error=message,
        )


@contextmanager
def validator(conn: db.ConnectionSettings) -> Iterator[Validator]:
    yield Validator(conn)
