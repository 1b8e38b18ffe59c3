"""Telling people that the nightly build failed: which asset, which check, and why.

Channels are pluggable (`Channel`): the log is always one; `TECHHUB_ALERT_WEBHOOK_URL` adds a JSON
POST to a webhook. The payload is `{"text": ...}`, which Slack (and Mattermost, Rocket.Chat,
Teams' simple connector) incoming webhooks accept; when the URL is a Telegram bot's
`https://api.telegram.org/bot<token>/sendMessage`, the payload is `{"chat_id": ..., "text": ...}`
with the chat from `TECHHUB_ALERT_TELEGRAM_CHAT_ID`.

The run report is read back from the Dagster instance, so the failure sensor (in the daemon)
and `techhub-dwh build` (in-process) send the same message.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import dagster as dg

logger = logging.getLogger("techhub_orchestration.alerts")

WEBHOOK_ENV = "TECHHUB_ALERT_WEBHOOK_URL"
TELEGRAM_CHAT_ENV = "TECHHUB_ALERT_TELEGRAM_CHAT_ID"
MAX_TEXT = 3500  # Telegram caps a message at 4096 characters; Slack's limit is higher.


@dataclass(frozen=True)
class FailedCheck:
    asset: str
    check: str
    severity: str
    why: str


@dataclass(frozen=True)
class FailedStep:
    step: str
    assets: tuple[str, ...]
    why: str


@dataclass
class RunReport:
    job: str
    run_id: str
    status: str
    failed_steps: list[FailedStep] = field(default_factory=list)
    failed_checks: list[FailedCheck] = field(default_factory=list)
    checks_passed: int = 0
    checks_total: int = 0
    materialized: int = 0

    @property
    def blocking_failures(self) -> list[FailedCheck]:
        return [check for check in self.failed_checks if check.severity == "ERROR"]

    def text(self) -> str:
        """The alert: a headline, then each failed step and check with its reason."""
        lines = [
            f"TechHub warehouse: job `{self.job}` {self.status.lower()} (run {self.run_id[:8]}); "
            f"{self.materialized} assets materialised, {self.checks_passed}/{self.checks_total} checks passed."
        ]
        for step in self.failed_steps:
            assets = f" [{', '.join(step.assets)}]" if 0 < len(step.assets) <= 3 else ""
            lines.append(f"- step `{step.step}`{assets} failed: {step.why}")
        for check in self.failed_checks:
            lines.append(f"- check `{check.check}` on asset `{check.asset}` failed ({check.severity}): {check.why}")
        text = "\n".join(lines)
        return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 20] + "\n... (truncated)"


def _first_line(text: str | None, limit: int = 400) -> str:
    text = (text or "").strip()
    return (text.splitlines()[0] if text else "")[:limit]


def _error_text(error: Any) -> str:
    """The user-facing message of a SerializableErrorInfo, following its causes: a blocking-check
    failure, a dbt error or a dagster.Failure's description."""
    parts: list[str] = []
    while error is not None and len(parts) < 3:
        message = (getattr(error, "message", "") or "").strip()
        message = message.removeprefix("dagster._core.definitions.events.Failure: ")
        if message and not message.startswith("dagster._core.errors.DagsterExecutionStepExecutionError"):
            parts.append(message.replace("\n", " ")[:600])
        error = getattr(error, "cause", None)
    return " <- ".join(parts) or "unknown error"


def check_why(evaluation: Any) -> str:
    """Why a check failed: its description, else the most telling metadata."""
    if getattr(evaluation, "description", None):
        return _first_line(evaluation.description, 600)
    metadata = getattr(evaluation, "metadata", {}) or {}
    for key in ("failing_expectations", "dagster_dbt/failed_row_count", "status", "message"):
        if key in metadata:
            value = getattr(metadata[key], "value", metadata[key])
            return f"{key} = {_first_line(str(value), 400)}"
    return "no reason recorded"


def run_report(instance: dg.DagsterInstance, run_id: str) -> RunReport:
    run = instance.get_run_by_id(run_id)
    if run is None:
        raise ValueError(f"no run {run_id} in this Dagster instance")
    report = RunReport(job=run.job_name, run_id=run_id, status=run.status.value)
    materialized: set[dg.AssetKey] = set()
    latest: dict[dg.AssetCheckKey, Any] = {}  # a retried step evaluates its checks again: the last word counts
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None:
            continue
        if event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION:
            materialized.add(event.asset_key)
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            latest[evaluation.asset_check_key] = evaluation
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.event_specific_data.error
            report.failed_steps.append(FailedStep(step=event.step_key or "?", assets=(), why=_error_text(error)))
        elif event.event_type == dg.DagsterEventType.RUN_FAILURE and not report.failed_steps:
            data = event.event_specific_data
            if data is not None and getattr(data, "error", None) is not None:
                report.failed_steps.append(FailedStep(step="(run)", assets=(), why=_error_text(data.error)))
    report.materialized = len(materialized)
    report.checks_total = len(latest)
    report.checks_passed = sum(1 for evaluation in latest.values() if evaluation.passed)
    report.failed_checks = [
        FailedCheck(
            asset=evaluation.asset_key.to_user_string(),
            check=evaluation.check_name,
            severity=evaluation.severity.value,
            why=check_why(evaluation),
        )
        for evaluation in latest.values()
        if not evaluation.passed
    ]
    # Name the assets a failed step was computing, where the plan says.
    plan_assets = _assets_by_step(instance, run)
    report.failed_steps = [
        FailedStep(step.step, tuple(plan_assets.get(step.step, ())), step.why) for step in report.failed_steps
    ]
    # A step that computes many assets (the dbt build) says itself which nodes failed.
    # Errors first, then warnings.
    report.failed_checks.sort(key=lambda check: (check.severity != "ERROR", check.asset, check.check))
    return report


def _assets_by_step(instance: dg.DagsterInstance, run: dg.DagsterRun) -> dict[str, list[str]]:
    try:
        snapshot = instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
    except Exception:  # an old or foreign run: naming the assets is a nicety
        return {}
    result: dict[str, list[str]] = {}
    for step in snapshot.steps:
        names = []
        for output in step.outputs:
            props = getattr(output, "properties", None)
            key = getattr(props, "asset_key", None) if props is not None else None
            check_key = getattr(props, "asset_check_key", None) if props is not None else None
            if key is not None:
                names.append(key.to_user_string())
            elif check_key is not None:
                names.append(f"{check_key.asset_key.to_user_string()}:{check_key.name}")
        result[step.key] = names
    return result


class Channel(Protocol):
    name: str

    def send(self, text: str) -> None: ...


class LogChannel:
    """The run's or the sensor's log: ERROR for a failed run, WARNING for warnings only."""

    name = "log"

    def __init__(self, log: Any = None, level: str = "error"):
        self._log = log or logger
        self._level = level

    def send(self, text: str) -> None:
        getattr(self._log, self._level)(text)


class WebhookChannel:
    """A JSON POST: Slack-style `{"text": ...}`, or Telegram's sendMessage body."""

    name = "webhook"

    def __init__(self, url: str, telegram_chat_id: str | None = None, timeout: float = 10.0):
        self.url = url
        self.telegram_chat_id = telegram_chat_id
        self.timeout = timeout

    @property
    def is_telegram(self) -> bool:
        return "api.telegram.org" in self.url or "/sendMessage" in self.url or bool(self.telegram_chat_id)

    def payload(self, text: str) -> dict[str, Any]:
        if self.is_telegram:
            if not self.telegram_chat_id:
                raise ValueError(f"a Telegram webhook needs {TELEGRAM_CHAT_ENV}")
            return {"chat_id": self.telegram_chat_id, "text": text, "disable_web_page_preview": True}
        return {"text": text}

    def send(self, text: str) -> None:
        body = json.dumps(self.payload(text)).encode()
        request = urllib.request.Request(
            self.url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if response.status >= 300:
                raise RuntimeError(f"webhook answered HTTP {response.status}")


def channels_from_env(log: Any = None, level: str = "error") -> list[Channel]:
    channels: list[Channel] = [LogChannel(log, level)]
    url = os.environ.get(WEBHOOK_ENV, "").strip()
    if url:
        channels.append(WebhookChannel(url, os.environ.get(TELEGRAM_CHAT_ENV, "").strip() or None))
    return channels


def notify(text: str, channels: Iterable[Channel] | None = None, log: Any = None) -> Sequence[str]:
    """Send to every channel; a channel that fails is logged, never raised (an alert must not
    hide the failure it reports). Returns the names of the channels that delivered."""
    delivered = []
    for channel in channels if channels is not None else channels_from_env(log):
        try:
            channel.send(text)
            delivered.append(channel.name)
        except (OSError, urllib.error.URLError, RuntimeError, ValueError) as error:
            (log or logger).warning(f"alert channel {channel.name} failed: {error}")
    return delivered
