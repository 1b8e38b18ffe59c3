"""How a Great Expectations suite is written in this repository: plain Python, reviewed like code.

A `Suite` names one warehouse table (a mart or a KPI), the Dagster asset it checks, and its
expectations. Each expectation is either `error(...)` (the data is wrong: the check fails with
ERROR severity and, being blocking, stops what is downstream) or `warn(...)` (suspicious: the
check fails with WARN severity, the build goes on). Two kinds are computed at run time, because
they depend on the clock and on the previous run:

- `RowCountBand`: the row count stays within a band of the previous run's count (kept in the
  warehouse table `dq.gx_row_counts`);
- `Freshness`: the newest value of a time column is recent enough.

Great Expectations itself is imported only when a suite runs (it takes seconds to import).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

BUSINESS_TZ = ZoneInfo("Asia/Almaty")
Severity = Literal["error", "warn"]


@dataclass(frozen=True)
class Expect:
    """A lazily built GX expectation: `type` is the class name in `great_expectations.expectations`."""

    type: str
    kwargs: dict[str, Any]
    severity: Severity = "error"

    def build(self) -> Any:
        import great_expectations.expectations as gxe

        cls = getattr(gxe, self.type)
        return cls(**self.kwargs, meta={"severity": self.severity})

    def label(self) -> str:
        args = ", ".join(f"{key}={value!r}" for key, value in self.kwargs.items())
        return f"{self.type}({args})"


def _expect(severity: Severity) -> Callable[..., Expect]:
    def make(type_: str, **kwargs: Any) -> Expect:
        return Expect(type_, kwargs, severity)

    return make


error = _expect("error")
warn = _expect("warn")


# Shorthands for the expectations the suites use most.
def unique(*columns: str) -> list[Expect]:
    if len(columns) == 1:
        return [error("ExpectColumnValuesToNotBeNull", column=columns[0]),
                error("ExpectColumnValuesToBeUnique", column=columns[0])]
    return [error("ExpectCompoundColumnsToBeUnique", column_list=list(columns))]


def between(column: str, min_value: float | None = None, max_value: float | None = None, *,
            strict_min: bool = False, strict_max: bool = False, severity: Severity = "error") -> Expect:
    kwargs: dict[str, Any] = {"column": column}
    if min_value is not None:
        kwargs["min_value"] = min_value
        if strict_min:
            kwargs["strict_min"] = True
    if max_value is not None:
        kwargs["max_value"] = max_value
        if strict_max:
            kwargs["strict_max"] = True
    return Expect("ExpectColumnValuesToBeBetween", kwargs, severity)


def in_set(column: str, values: Sequence[Any], severity: Severity = "error") -> Expect:
    return Expect("ExpectColumnValuesToBeInSet", {"column": column, "value_set": list(values)}, severity)


def not_null(column: str, severity: Severity = "error") -> Expect:
    return Expect("ExpectColumnValuesToNotBeNull", {"column": column}, severity)


def at_most(smaller: str, larger: str, severity: Severity = "error") -> Expect:
    """`smaller <= larger` on every row where both are set."""
    return Expect(
        "ExpectColumnPairValuesAToBeGreaterThanB",
        {"column_A": larger, "column_B": smaller, "or_equal": True, "ignore_row_if": "either_value_is_missing"},
        severity,
    )


@dataclass(frozen=True)
class RowCountBand:
    """Fail (WARN) when the row count leaves [previous * lower, previous * upper]; `slack` rows
    of tolerance either way keep tiny tables (five roles, twelve months) from flapping."""

    lower: float = 0.5
    upper: float = 2.0
    slack: int = 2
    severity: Severity = "warn"

    def expectation(self, previous: int | None) -> Expect | None:
        if previous is None:
            return None
        low = max(0, math.floor(previous * self.lower) - self.slack)
        high = math.ceil(previous * self.upper) + self.slack
        return Expect("ExpectTableRowCountToBeBetween", {"min_value": low, "max_value": high}, self.severity)


@dataclass(frozen=True)
class Freshness:
    """The newest `column` is at most `max_age` old. `kind`: a timestamp, a `yyyymmdd` date_id, or
    a month (a `date`, the first of the month). Local days and months are Asia/Almaty's."""

    column: str
    max_age: dt.timedelta
    kind: Literal["timestamp", "date_id", "month"] = "timestamp"
    severity: Severity = "warn"

    def expectation(self, now: dt.datetime) -> Expect:
        oldest = now.astimezone(BUSINESS_TZ) - self.max_age
        if self.kind == "date_id":
            bound: Any = int(oldest.strftime("%Y%m%d"))
        elif self.kind == "month":
            bound = oldest.date().replace(day=1).isoformat()
        else:
            bound = oldest.isoformat()
        return Expect("ExpectColumnMaxToBeBetween", {"column": self.column, "min_value": bound}, self.severity)


@dataclass(frozen=True)
class Suite:
    schema: str
    table: str
    expectations: Sequence[Expect]
    row_count: RowCountBand | None = field(default_factory=RowCountBand)
    freshness: Freshness | None = None
    allow_empty: bool = False
    description: str = ""

    @property
    def name(self) -> str:
        return f"{self.schema}.{self.table}"

    @property
    def asset_key_path(self) -> list[str]:
        return [self.schema, self.table]

    def expectations_for_run(self, previous_row_count: int | None, now: dt.datetime) -> list[Expect]:
        result = list(self.expectations)
        if not self.allow_empty:
            result.insert(0, error("ExpectTableRowCountToBeBetween", min_value=1))
        if self.row_count is not None:
            band = self.row_count.expectation(previous_row_count)
            if band is not None:
                result.append(band)
        if self.freshness is not None:
            result.append(self.freshness.expectation(now))
        return result
