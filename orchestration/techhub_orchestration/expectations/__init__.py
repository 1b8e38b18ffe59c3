"""Great Expectations suites on the marts and KPIs, kept as code (see suite.py for the format)."""

from __future__ import annotations

from techhub_orchestration.expectations.kpi import KPIS
from techhub_orchestration.expectations.marts import MARTS
from techhub_orchestration.expectations.suite import Suite

SUITES: list[Suite] = [*MARTS, *KPIS]

__all__ = ["SUITES", "Suite"]
