"""The nightly schedule: 02:00 in Almaty, every day."""

from __future__ import annotations

import dagster as dg

from techhub_orchestration.defs.jobs import nightly_job

NIGHTLY_CRON = "0 2 * * *"
BUSINESS_TIMEZONE = "Asia/Almaty"

nightly_schedule = dg.ScheduleDefinition(
    name="nightly_schedule",
    job=nightly_job,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=BUSINESS_TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="The nightly build at 02:00 Asia/Almaty, after the source copy has landed.",
)

SCHEDULES = [nightly_schedule]
