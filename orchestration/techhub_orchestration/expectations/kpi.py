"""Great Expectations suites on the dashboard tables (`kpi`), per warehouse.md."""

from __future__ import annotations

import datetime as dt

from techhub_orchestration.expectations.enums import COMPANY_SEGMENTS, USER_ROLES, VACANCY_TYPES
from techhub_orchestration.expectations.suite import (
    Freshness,
    RowCountBand,
    Suite,
    at_most,
    between,
    error,
    in_set,
    not_null,
    unique,
)

SHARE = {"min_value": 0, "max_value": 1}
TOP_N = 50
# A month table gains one row a month: the band is tight, but a fresh database may start short.
MONTHLY = RowCountBand(lower=0.9, upper=1.5, slack=2)


KPIS = [
    Suite("kpi", "kpi_users_monthly", [
        *unique("month"),
        between("registration_conversion", **SHARE),
        between("mau", 0),
        between("new_users", 0),
        between("activations", 0),
        at_most("activations_converted", "activations"),
    ], row_count=MONTHLY, freshness=Freshness("month", dt.timedelta(days=62), kind="month"),
        description="Monthly users: conversion is a share, converted never exceeds activations."),
    Suite("kpi", "kpi_user_roles", [
        *unique("role"),
        in_set("role", USER_ROLES),
        between("share_verified", **SHARE),
        at_most("verified_users", "active_users"),
    ], row_count=RowCountBand(lower=0.5, upper=2, slack=3), description="Users by role."),
    Suite("kpi", "kpi_companies_monthly", [
        *unique("month"),
        between("new_companies", 0),
        at_most("verified_companies", "new_companies"),
    ], row_count=MONTHLY, freshness=Freshness("month", dt.timedelta(days=120), kind="month"),
        description="Monthly companies."),
    Suite("kpi", "kpi_company_segments", [
        *unique("segment"),
        in_set("segment", COMPANY_SEGMENTS),
        error("ExpectTableRowCountToEqual", value=len(COMPANY_SEGMENTS)),
        between("share_verified", **SHARE),
        at_most("verified", "companies"),
    ], row_count=None, description="Active companies by segment: exactly the five segments."),
    Suite("kpi", "kpi_top_companies", [
        *unique("company_id"),
        *unique("position"),
        between("position", 1, TOP_N),
        between("rank", 1, TOP_N),
        between("activity_score", 0),
        *(between(column, 0) for column in ("requests", "published_events", "published_vacancies", "bookings")),
    ], row_count=RowCountBand(lower=0.5, upper=2, slack=10), description="The 50 most active companies."),
    Suite("kpi", "kpi_service_funnel", [
        *unique("service_code", "month"),
        not_null("service_code"),
        not_null("month"),
        at_most("sent", "drafts"),
        at_most("approved", "sent"),
        at_most("succeeded", "approved"),
        at_most("rejected", "sent"),
    ], description="Funnel by service and month: every stage is within the previous one."),
    Suite("kpi", "kpi_service_performance", [
        *unique("service_code"),
        between("approval_rate", **SHARE),
        between("avg_days_to_process", 0),
        between("requests", 0),
        between("rank_by_requests", 1),
    ], row_count=RowCountBand(lower=0.8, upper=1.5), description="Service performance."),
    Suite("kpi", "kpi_events_monthly", [
        *unique("month"),
        between("published_events", 0),
        between("avg_attendance", 0),
        *(between(column, 0) for column in ("online", "offline", "hybrid")),
    ], row_count=MONTHLY, description="Monthly events."),
    Suite("kpi", "kpi_vacancies_monthly", [
        *unique("month"),
        between("share_closed", **SHARE),
        between("published_vacancies", 0),
        between("closed_vacancies", 0),
    ], row_count=MONTHLY, freshness=Freshness("month", dt.timedelta(days=120), kind="month"),
        description="Monthly vacancies."),
    Suite("kpi", "kpi_vacancy_salary", [
        *unique("vacancy_type"),
        in_set("vacancy_type", VACANCY_TYPES),
        between("vacancies", 1),
        between("avg_salary_kzt", 0, 100_000_000, strict_min=True, strict_max=True),
    ], row_count=RowCountBand(lower=0.5, upper=2, slack=3), description="Average salary by vacancy type (KZT)."),
    Suite("kpi", "kpi_top_employers", [
        *unique("company_id"),
        *unique("position"),
        between("position", 1, TOP_N),
        between("rank", 1, TOP_N),
        between("published_vacancies", 1),
    ], row_count=RowCountBand(lower=0.5, upper=2, slack=10), description="The 50 biggest employers."),
]
