"""The enum values a mart or KPI column may hold: the source contract's sets
(shared/spec/source-system.md) plus `unknown`, which staging gives any value outside them."""

from __future__ import annotations

UNKNOWN = "unknown"

USER_ROLES = ["member", "expert", "moderator", "manager", "admin", UNKNOWN]
LANGUAGES = ["ru", "kk", "en", UNKNOWN]
SIGNUP_CHANNELS = ["sms", "email", "google-oauth2", "facebook", "apple-id", "egov", UNKNOWN]
COMPANY_TYPES = ["llp", "jsc", "ie", "branch", "foreign", "ngo", UNKNOWN]
COMPANY_STATUSES = ["active", "blocked", "deleted", UNKNOWN]
SERVICE_KINDS = ["grant", "accreditation", "tax_preference", "visa", "acceleration", "consultation", "other", UNKNOWN]
REQUEST_STATUSES = ["draft", "sent", "approved", "success", "reject", UNKNOWN]
EVENT_TYPES = ["meetup", "conference", "hackathon", "workshop", "webinar", "demo_day", "pitch", UNKNOWN]
EVENT_FORMATS = ["online", "offline", "hybrid", UNKNOWN]
VACANCY_TYPES = ["full_time", "part_time", "internship", "contract", "remote", UNKNOWN]
CURRENCIES = ["KZT", "USD", UNKNOWN]  # ISO codes stay upper-case
BOOKING_STATUSES = ["active", "finished", "deactivated", UNKNOWN]
COMPANY_SEGMENTS = ["startup", "it_company", "techpark_resident", "ts_member", "all"]
BOOLEAN_FLAGS = [0, 1]
