"""The nightly job run in-process, without the UI: what `techhub-dwh build` calls.

It executes the very job the schedule launches (`nightly`, or `full_refresh`), on the local
instance in `.dagster_home/` (so the run shows up in `make dagster`'s UI afterwards), prints a
summary, sends the same alert as the failure sensor, and says which asset and check failed.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import dagster as dg

from techhub_dwh.paths import project_root
from techhub_orchestration.alerts import RunReport, WebhookChannel, channels_from_env, notify, run_report

DAGSTER_HOME_DIR = ".dagster_home"
TEMPLATE = Path(__file__).resolve().parents[1] / "dagster.yaml"


def local_dagster_home() -> Path:
    """$DAGSTER_HOME, else the project's git-ignored .dagster_home/ with the template dagster.yaml
    (copied afresh, so an edit of orchestration/dagster.yaml takes effect)."""
    if os.environ.get("DAGSTER_HOME"):
        return Path(os.environ["DAGSTER_HOME"])
    home = project_root() / DAGSTER_HOME_DIR
    home.mkdir(exist_ok=True)
    shutil.copyfile(TEMPLATE, home / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(home)
    return home


@dataclass
class NightlyOutcome:
    success: bool
    run_id: str
    report: RunReport
    seconds: float
    step_seconds: dict[str, float] = field(default_factory=dict)
    checks_by_kind: dict[str, Counter] = field(default_factory=dict)
    materialized_by_group: Counter = field(default_factory=Counter)

    @property
    def exit_code(self) -> int:
        return 0 if self.success and not self.report.blocking_failures else 1


def _check_kind(check_name: str) -> str:
    if check_name == "great_expectations":
        return "Great Expectations"
    if check_name == "freshness":
        return "source freshness"
    return "dbt tests"


def execute_nightly(full_refresh: bool = False, docs: bool = True, instance: dg.DagsterInstance | None = None,
                    log_level: str = "INFO") -> NightlyOutcome:
    """Run the nightly job in this process and gather its outcome."""
    started = time.perf_counter()
    from techhub_orchestration.definitions import defs
    from techhub_orchestration.defs.jobs import INCREMENTAL_WITHOUT_DOCS, WAREHOUSE_TAGS, WITHOUT_DOCS

    job_name = "full_refresh" if full_refresh else "nightly"
    if docs:
        job = defs.resolve_job_def(job_name)
    else:
        variant = dg.define_asset_job(
            f"{job_name}_without_docs",
            selection=WITHOUT_DOCS if full_refresh else INCREMENTAL_WITHOUT_DOCS,
            tags={**WAREHOUSE_TAGS, "techhub/pipeline": job_name},
        )
        job = dg.Definitions.merge(defs, dg.Definitions(jobs=[variant])).resolve_job_def(variant.name)
    if instance is None:
        local_dagster_home()
        instance = dg.DagsterInstance.get()
    run_config: dict[str, Any] = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    if full_refresh:
        run_config["ops"] = {"techhub_dbt": {"config": {"full_refresh": True}}}
    result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=run_config,
                                    tags={"techhub/launched_by": "techhub-dwh build"})
    report = run_report(instance, result.run_id)
    outcome = NightlyOutcome(result.success, result.run_id, report, time.perf_counter() - started)
    graph = defs.resolve_asset_graph()
    asset_groups = {key: graph.get(key).group_name for key in graph.get_all_asset_keys()}
    materialized: set[dg.AssetKey] = set()
    latest: dict[dg.AssetCheckKey, Any] = {}  # after a retry, the last evaluation of each check counts
    for event in result.all_events:
        if event.event_type in (dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE):
            duration = getattr(event.event_specific_data, "duration_ms", None)
            if duration is not None and event.step_key:
                outcome.step_seconds[event.step_key] = duration / 1000
        elif event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION:
            materialized.add(event.asset_key)
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            latest[event.event_specific_data.asset_check_key] = event.event_specific_data
    outcome.materialized_by_group = Counter(asset_groups.get(key, "?") for key in materialized)
    for evaluation in latest.values():
        status = "passed" if evaluation.passed else f"failed ({evaluation.severity.value})"
        outcome.checks_by_kind.setdefault(_check_kind(evaluation.check_name), Counter())[status] += 1
    return outcome


def summary(outcome: NightlyOutcome) -> str:
    report = outcome.report
    lines = [f"techhub-dwh build: job `{report.job}`, run {outcome.run_id} "
             f"({'succeeded' if outcome.success else 'FAILED'}) in {outcome.seconds:.0f} s"]
    if outcome.step_seconds:
        steps = outcome.step_seconds.items()
        lines.append("  steps: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in steps))
    if outcome.materialized_by_group:
        lines.append("  materialised: " + ", ".join(
            f"{group} {count}" for group, count in sorted(outcome.materialized_by_group.items())))
    for kind, counts in sorted(outcome.checks_by_kind.items()):
        lines.append(f"  {kind}: " + ", ".join(f"{count} {status}" for status, count in sorted(counts.items())))
    for step in report.failed_steps:
        lines.append(f"  FAILED step {step.step}: {step.why}")
    for check in report.failed_checks:
        lines.append(f"  {'FAILED' if check.severity == 'ERROR' else 'warning'}: check `{check.check}` "
                     f"on `{check.asset}` ({check.severity}): {check.why}")
    return "\n".join(lines)


def failure_headline(outcome: NightlyOutcome) -> str | None:
    """One sentence for the end of the output, naming the failing asset and check."""
    blocking = outcome.report.blocking_failures
    if blocking:
        first = blocking[0]
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        return (f"techhub-dwh build failed: check `{first.check}` on asset `{first.asset}` failed{more}: "
                f"{first.why}")
    if not outcome.success:
        step = outcome.report.failed_steps[0] if outcome.report.failed_steps else None
        where = f"step `{step.step}`" + (f" ({', '.join(step.assets)})" if step and 0 < len(step.assets) <= 3 else "")
        return f"techhub-dwh build failed: {where if step else 'the run'} failed: {step.why if step else '?'}"
    return None


def run(full_refresh: bool = False, docs: bool = True, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    outcome = execute_nightly(full_refresh=full_refresh, docs=docs)
    print(summary(outcome), file=out)
    if not outcome.success or outcome.report.failed_checks:
        # The failure sensor watches runs the daemon launched; a build from the command line
        # alerts by itself, through the same channels (the log is the output above).
        webhooks = [channel for channel in channels_from_env() if isinstance(channel, WebhookChannel)]
        notify(outcome.report.text(), webhooks)
    headline = failure_headline(outcome)
    if headline:
        print(headline, file=err)
    return outcome.exit_code
