"""Sensors: alert when a run fails (which asset, which check, why), and when a run succeeds with
checks failing at WARN severity (stale sources, row counts out of band)."""


import dagster as dg

from techhub_orchestration.alerts import channels_from_env, notify, run_report


@dg.run_failure_sensor(
    name="alert_on_run_failure",
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Sends a failed run's report to the log and to $TECHHUB_ALERT_WEBHOOK_URL "
    "(Slack-compatible JSON, or a Telegram bot's sendMessage with $TECHHUB_ALERT_TELEGRAM_CHAT_ID).",
)
def alert_on_run_failure(context: dg.RunFailureSensorContext) -> None:
    report = run_report(context.instance, context.dagster_run.run_id)
    delivered = notify(report.text(), channels_from_env(context.log), log=context.log)
    context.log.info(f"failure of run {context.dagster_run.run_id} reported to: {', '.join(delivered) or 'nobody'}")


@dg.run_status_sensor(
    name="alert_on_check_warnings",
    run_status=dg.DagsterRunStatus.SUCCESS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="After a successful run, reports the checks that failed with WARN severity, if any.",
)
def alert_on_check_warnings(context: dg.RunStatusSensorContext) -> None:
    report = run_report(context.instance, context.dagster_run.run_id)
    if report.failed_checks:
        notify(report.text(), channels_from_env(context.log, level="warning"), log=context.log)


SENSORS = [alert_on_run_failure, alert_on_check_warnings]
