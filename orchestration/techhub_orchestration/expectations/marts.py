"""Great Expectations suites on the star schema (`marts`), per warehouse.md."""

from __future__ import annotations

import datetime as dt

from techhub_orchestration.expectations.enums import (
    BOOKING_STATUSES,
    BOOLEAN_FLAGS,
    COMPANY_STATUSES,
    COMPANY_TYPES,
    CURRENCIES,
    EVENT_FORMATS,
    EVENT_TYPES,
    LANGUAGES,
    REQUEST_STATUSES,
    SERVICE_KINDS,
    SIGNUP_CHANNELS,
    USER_ROLES,
    VACANCY_TYPES,
)
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
    warn,
)

SALARY_BOUND = 100_000_000  # a valid salary bound lies in (0, 100000000)
DATE_ID_MIN = 20150101      # timestamps before 2015-01-01 are cleaned to null
DATE_ID_MAX = 21001231

MARTS = [
    Suite("marts", "dim_user", [
        *unique("user_id"),
        in_set("role", USER_ROLES),
        in_set("language", LANGUAGES),
        in_set("signup_channel", SIGNUP_CHANNELS),
        not_null("is_active"),
        not_null("is_verified"),
        # Masked: never a clear e-mail in a mart (a***@domain, or *** for a non-address).
        error("ExpectColumnValuesToMatchRegex", column="email", regex=r"^([^@]\*\*\*@.+|\*\*\*)$"),
        between("registered_date_id", DATE_ID_MIN, DATE_ID_MAX),
    ], freshness=Freshness("registered_at", dt.timedelta(days=14)),
        description="Users: one row per user, masked PII, known roles and sign-up channels."),
    Suite("marts", "dim_company", [
        *unique("company_id"),
        in_set("type", COMPANY_TYPES),
        in_set("status", COMPANY_STATUSES),
        error("ExpectColumnValuesToMatchRegex", column="tin", regex=r"^[0-9]{12}$"),
        *(not_null(flag) for flag in ("is_startup", "is_it_company", "is_techpark_resident", "is_ts_member")),
        between("employees", 0, severity="warn"),
        between("created_date_id", DATE_ID_MIN, DATE_ID_MAX),
    ], description="Companies: one row per company, valid TINs, known legal forms and statuses."),
    Suite("marts", "dim_service", [
        *unique("service_code"),
        in_set("kind", SERVICE_KINDS),
    ], row_count=RowCountBand(lower=0.8, upper=1.5), description="The service catalogue."),
    Suite("marts", "dim_date", [
        *unique("date_id"),
        *unique("date"),
        between("day_of_week", 1, 7),
        between("month", 1, 12),
        between("quarter", 1, 4),
        between("week", 1, 53),
        not_null("is_holiday"),
        not_null("is_weekend"),
        # 2019-01-01 to the end of next year: at least 2019..2021 whatever today is.
        error("ExpectTableRowCountToBeBetween", min_value=3 * 365),
        error("ExpectColumnMinToBeBetween", column="date_id", min_value=20190101, max_value=20190101),
    ], row_count=RowCountBand(lower=0.9, upper=1.2), description="The calendar, in local days."),
    Suite("marts", "dim_org", [*unique("org_code")], row_count=RowCountBand(lower=0.8, upper=1.5),
          description="Organisations."),
    Suite("marts", "dim_city", [*unique("city_id")], row_count=RowCountBand(lower=0.8, upper=1.5),
          description="Cities."),
    Suite("marts", "dim_room", [
        *unique("room_id"),
        between("max_people", 0, strict_min=True, severity="warn"),
    ], row_count=RowCountBand(lower=0.8, upper=1.5), description="Rooms."),
    Suite("marts", "fact_service_request", [
        *unique("request_id"),
        in_set("status", REQUEST_STATUSES),
        between("days_to_process", 0),
        in_set("is_approved", BOOLEAN_FLAGS),
        in_set("is_rejected", BOOLEAN_FLAGS),
        between("created_date_id", DATE_ID_MIN, DATE_ID_MAX),
        # Nothing is still open once it has a processing time.
        warn("ExpectColumnValuesToBeBetween", column="days_to_process", max_value=3650),
    ], freshness=Freshness("created_date_id", dt.timedelta(days=14), kind="date_id"),
        description="Service requests: known statuses, non-negative processing times."),
    Suite("marts", "fact_event", [
        *unique("event_id"),
        in_set("event_type", EVENT_TYPES),
        in_set("event_format", EVENT_FORMATS),
        between("participants_count", 0),
        between("attended_count", 0),
        between("view_count", 0),
        at_most("attended_count", "participants_count"),
    ], description="Events: counts are non-negative and attendance never exceeds registration."),
    Suite("marts", "fact_vacancy", [
        *unique("vacancy_id"),
        in_set("vacancy_type", VACANCY_TYPES),
        in_set("currency", CURRENCIES),
        between("salary_min", 0, SALARY_BOUND, strict_min=True, strict_max=True),
        between("salary_max", 0, SALARY_BOUND, strict_min=True, strict_max=True),
        at_most("salary_min", "salary_max"),
        between("candidates_count", 0),
        between("view_count", 0),
    ], freshness=Freshness("created_date_id", dt.timedelta(days=30), kind="date_id"),
        description="Vacancies: salaries in range and ordered."),
    Suite("marts", "fact_booking", [
        *unique("booking_id"),
        in_set("status", BOOKING_STATUSES),
        between("duration_hours", 0, strict_min=True),
        warn("ExpectColumnValuesToBeBetween", column="duration_hours", max_value=24 * 14),
    ], description="Bookings: positive durations, known statuses."),
]
