"""The Dagster code location: it loads, its schedule is right, a run of the nightly job builds
everything with its checks green, a failing check is reported as configured, and a failed run
is sent to the alert channels."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import psycopg2
import pytest

from techhub_dwh import db
from techhub_dwh.paths import project_root
from techhub_dwh.reader_passwords import READER_ROLES

# --- helpers -----------------------------------------------------------------------------------

class _Hook(BaseHTTPRequestHandler):
    received: list[dict]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append({"path": self.path, "json": json.loads(body)})  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def webhook() -> Iterator[tuple[str, list[dict]]]:
    """A fake Slack/Telegram endpoint on 127.0.0.1; yields its base URL and what it received."""
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.received  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def defs(warehouse: db.ConnectionSettings) -> dg.Definitions:
    from techhub_orchestration.definitions import defs

    return defs


@pytest.fixture(scope="module")
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test() as instance:
        yield instance


def _evaluations(result: dg.ExecuteInProcessResult) -> list:
    return [event.event_specific_data for event in result.all_events
            if event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION]


# --- fast: definitions, schedule, alerts, retries -------------------------------------------------

def test_definitions_load(defs: dg.Definitions) -> None:
    from techhub_orchestration.defs.checks import FRESHNESS_SOURCES, GX_SUITES
    from techhub_orchestration.expectations import SUITES
    from techhub_orchestration.project import techhub_project

    graph = defs.resolve_asset_graph()
    groups: dict[str, set[str]] = {}
    for key in graph.get_all_asset_keys():
        groups.setdefault(graph.get(key).group_name, set()).add(key.to_user_string())

    assert len(groups["techhub_source"]) == 43
    for layer in ("staging", "intermediate", "marts", "kpi", "pii", "dq", "snapshots", "seeds", "docs"):
        assert groups.get(layer), f"no assets in group {layer}"
    assert "marts/dim_user" in groups["marts"] and "kpi/kpi_users_monthly" in groups["kpi"]
    assert all(name.startswith("staging/stg_techhub__") for name in groups["staging"])

    dim_user = graph.get(dg.AssetKey(["marts", "dim_user"]))
    assert dim_user.owners and dim_user.tags["layer"] == "marts"
    assert dg.AssetKey(["techhub", "account_user"]) in dim_user.parent_keys or any(
        parent.path[0] == "intermediate" for parent in dim_user.parent_keys)

    # Every GX suite targets a model of the project; dbt tests and freshness are checks too.
    assert set(GX_SUITES) == {dg.AssetKey(suite.asset_key_path) for suite in SUITES}
    check_keys = graph.asset_check_keys
    assert {key for key in check_keys if key.name == "great_expectations"} == {
        dg.AssetCheckKey(key, "great_expectations") for key in GX_SUITES}
    assert len({key for key in check_keys if key.name == "freshness"}) == len(FRESHNESS_SOURCES) > 0
    assert sum(1 for key in check_keys if key.name not in ("great_expectations", "freshness")) > 100

    for name in ("nightly", "full_refresh", "staging", "marts", "kpi"):
        assert defs.resolve_job_def(name) is not None
    assert techhub_project.manifest_path.exists()


def test_nightly_schedule_runs_at_two_in_almaty(defs: dg.Definitions) -> None:
    from techhub_orchestration.defs.schedules import nightly_schedule

    assert nightly_schedule.cron_schedule == "0 2 * * *"
    assert nightly_schedule.execution_timezone == "Asia/Almaty"
    assert nightly_schedule.job_name == "nightly"
    assert defs.resolve_schedule_def("nightly_schedule") is not None

    # Almaty is UTC+5 all year (no DST since 2024): 02:00 there is 21:00 UTC the day before.
    from dagster._utils.schedules import cron_string_iterator  # how Dagster's scheduler computes ticks

    start = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
    iterator = cron_string_iterator(start.timestamp(), nightly_schedule.cron_schedule, "Asia/Almaty")
    first, second = next(iterator), next(iterator)
    assert first.astimezone(ZoneInfo("Asia/Almaty")).replace(tzinfo=None) == dt.datetime(2026, 3, 2, 2, 0)
    assert first.astimezone(dt.UTC) == dt.datetime(2026, 3, 1, 21, 0, tzinfo=dt.UTC)
    assert (second - first) == dt.timedelta(days=1)

    context = dg.build_schedule_context(scheduled_execution_time=first)
    requests = nightly_schedule.evaluate_tick(context).run_requests
    assert requests and len(requests) == 1


def test_webhook_channel_speaks_slack_and_telegram(webhook: tuple[str, list[dict]]) -> None:
    from techhub_orchestration.alerts import LogChannel, WebhookChannel, notify

    base, received = webhook
    delivered = notify("hello", [LogChannel(), WebhookChannel(base + "/services/T000/B000/XXXX")])
    assert delivered == ["log", "webhook"]
    assert received[-1] == {"path": "/services/T000/B000/XXXX", "json": {"text": "hello"}}

    notify("привет", [WebhookChannel(base + "/bot123:ABC/sendMessage", telegram_chat_id="-100200")])
    assert received[-1]["path"] == "/bot123:ABC/sendMessage"
    assert received[-1]["json"]["chat_id"] == "-100200" and received[-1]["json"]["text"] == "привет"

    # A dead endpoint is logged, never raised: the alert must not hide the failure it reports.
    assert notify("x", [WebhookChannel("http://127.0.0.1:9/nothing", telegram_chat_id=None)]) == []


def test_only_transient_database_errors_are_retried() -> None:
    from techhub_orchestration.failures import is_transient, retry_only_transient

    assert is_transient(psycopg2.OperationalError("server closed the connection unexpectedly"))
    assert is_transient("could not connect to server: Connection refused")
    assert is_transient(psycopg2.InterfaceError("connection already closed"))
    assert not is_transient(psycopg2.errors.UndefinedTable("relation \"kpi.x\" does not exist"))
    assert not is_transient("Compilation Error in model fact_event")

    attempts: dict[str, int] = {"transient": 0, "bug": 0}

    @dg.op(retry_policy=dg.RetryPolicy(max_retries=2))
    def flaky() -> None:
        attempts["transient"] += 1
        with retry_only_transient("query"):
            if attempts["transient"] < 2:
                raise psycopg2.OperationalError("terminating connection due to administrator command")

    @dg.op(retry_policy=dg.RetryPolicy(max_retries=2))
    def buggy() -> None:
        attempts["bug"] += 1
        with retry_only_transient("query"):
            raise KeyError("no such column")

    assert dg.GraphDefinition("g1", node_defs=[flaky]).to_job().execute_in_process().success
    assert attempts["transient"] == 2
    assert not dg.GraphDefinition("g2", node_defs=[buggy]).to_job().execute_in_process(raise_on_error=False).success
    assert attempts["bug"] == 1


def test_failure_sensor_names_asset_and_check(webhook: tuple[str, list[dict]], monkeypatch, instance) -> None:
    """A run failing on a blocking check: the sensor fires and the webhook hears which asset,
    which check and why."""
    from techhub_orchestration.defs.sensors import alert_on_run_failure

    @dg.asset(key=["kpi", "kpi_demo"])
    def kpi_demo() -> None:
        return None

    @dg.asset_check(asset=kpi_demo, name="great_expectations", blocking=True)
    def share_is_a_share() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.ERROR,
                                   description="share_verified between 0 and 1: 1 unexpected row, e.g. [1.5]")

    job = dg.define_asset_job("demo", selection=dg.AssetSelection.all() | dg.AssetSelection.all_asset_checks())
    demo_defs = dg.Definitions(assets=[kpi_demo], asset_checks=[share_is_a_share], jobs=[job])
    result = demo_defs.resolve_job_def("demo").execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success

    base, received = webhook
    monkeypatch.setenv("TECHHUB_ALERT_WEBHOOK_URL", base + "/slack")
    context = dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
    ).for_run_failure()
    alert_on_run_failure(context)

    assert len(received) == 1
    text = received[0]["json"]["text"]
    assert "job `demo` failure" in text
    assert "check `great_expectations` on asset `kpi/kpi_demo` failed (ERROR)" in text
    assert "share_verified between 0 and 1" in text

    # Telegram: the same message, to the chat configured.
    monkeypatch.setenv("TECHHUB_ALERT_WEBHOOK_URL", base + "/bot1:x/sendMessage")
    monkeypatch.setenv("TECHHUB_ALERT_TELEGRAM_CHAT_ID", "42")
    alert_on_run_failure(context)
    assert received[-1]["json"] == {"chat_id": "42", "text": text, "disable_web_page_preview": True}


# --- slow: the whole nightly job against PostgreSQL (a second build of the session's source) ----

def _stored_passwords(conn: db.ConnectionSettings) -> dict[str, str | None]:
    with db.connect(conn) as connection, connection.cursor() as cur:
        cur.execute("select rolname, rolpassword from pg_authid where rolname = any(%s)", (list(READER_ROLES),))
        return dict(cur.fetchall())


@pytest.fixture(scope="module")
def reader_canaries(warehouse: db.ConnectionSettings) -> Iterator[dict[str, str]]:
    """A unique password per reader role for the nightly run below, which must write them nowhere.
    The roles are cluster-wide: their stored passwords (verifiers) are put back afterwards."""
    saved = _stored_passwords(warehouse)
    yield {variable: f"canary-{secrets.token_hex(16)}" for variable in READER_ROLES.values()}
    from psycopg2 import sql

    with db.connect(warehouse) as connection, connection.cursor() as cur:
        for role, verifier in saved.items():
            cur.execute(sql.SQL("alter role {} password {}").format(sql.Identifier(role), sql.Literal(verifier)))


@pytest.fixture(scope="module")
def nightly(defs: dg.Definitions, generated_source: dict[str, int], instance: dg.DagsterInstance,
            reader_canaries: dict[str, str]):
    """One in-process run of the nightly job (freshness, dbt build, GX, docs) on the session's
    generated source, with the reader passwords set to canaries."""
    from techhub_orchestration import nightly

    before = {name: os.environ.get(name) for name in reader_canaries}
    os.environ.update(reader_canaries)
    try:
        outcome = nightly.execute_nightly(instance=instance, log_level="WARNING")
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    print(nightly.summary(outcome))
    return outcome


@pytest.mark.slow
def test_nightly_job_builds_everything_with_checks_green(nightly, defs, instance, warehouse) -> None:
    from techhub_orchestration.defs.checks import GX_SUITES
    from techhub_orchestration.project import techhub_project

    report = nightly.report
    assert nightly.success, "\n".join(f"{step.step}: {step.why}" for step in report.failed_steps)
    assert not report.blocking_failures, report.text()
    assert nightly.exit_code == 0

    # Every asset the job can build was built and every check it plans ran: it plans none of the
    # dbt tests of views and seeds, nor those tagged whole_source, which the nightly build leaves to
    # full refreshes and CI
    # (techhub_dwh.dbt.NIGHTLY_BUILD), so no check is left without a result.
    job = defs.resolve_job_def("nightly")
    planned_checks = set(job.asset_layer.asset_graph.asset_check_keys)
    every_check = set(defs.resolve_job_def("full_refresh").asset_layer.asset_graph.asset_check_keys)
    nodes = json.loads(techhub_project.manifest_path.read_text())["nodes"]
    whole_table_tests = {
        node["name"] for node in nodes.values()
        if node["resource_type"] == "test" and ("whole_source" in node.get("tags", []) or any(
            nodes.get(parent, {}).get("config", {}).get("materialized") in ("view", "seed")
            for parent in node["depends_on"]["nodes"]))
    }
    records = instance.all_logs(nightly.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION)
    evaluated = {record.dagster_event.event_specific_data.asset_check_key for record in records}
    assert whole_table_tests and not {key.name for key in planned_checks} & whole_table_tests
    # dagster-dbt runs only the tests that are checks of the job: a singular test reading several
    # models must name its model (meta.dagster.ref), or the night silently skips it.
    dbt_tests = {node["name"] for node in nodes.values() if node["resource_type"] == "test"}
    assert dbt_tests - whole_table_tests == {key.name for key in planned_checks} & dbt_tests
    assert planned_checks == {key for key in every_check if key.name not in whole_table_tests}
    assert evaluated == planned_checks, sorted(str(key) for key in planned_checks ^ evaluated)[:10]
    for group in ("staging", "intermediate", "marts", "kpi", "pii", "dq", "seeds", "snapshots", "docs"):
        assert nightly.materialized_by_group[group] > 0, group

    # Great Expectations: one green check per suite, with its statistics as metadata.
    gx = {record.dagster_event.event_specific_data.asset_key: record.dagster_event.event_specific_data
          for record in records if record.dagster_event.event_specific_data.check_name == "great_expectations"}
    assert set(gx) == set(GX_SUITES)
    for key, evaluation in gx.items():
        metadata = evaluation.metadata
        assert evaluation.passed, f"{key.to_user_string()}: {evaluation.description}"
        assert metadata["evaluated_expectations"].value >= len(GX_SUITES[key].expectations)
        assert metadata["unsuccessful_expectations"].value == 0
        assert metadata["success_percent"].value == 100.0
        assert metadata["row_count"].value > 0

    # Freshness checks ran on the growing sources; the docs site is there.
    freshness = [record for record in records if record.dagster_event.event_specific_data.check_name == "freshness"]
    assert len(freshness) > 5
    target = techhub_project.project_dir / techhub_project.target_path
    assert (target / "index.html").exists() and (target / "catalog.json").exists()

    # The row counts the next run compares with.
    with db.connect(warehouse) as connection, connection.cursor() as cur:
        cur.execute("select count(distinct table_name) from dq.gx_row_counts where run_id = %s", (nightly.run_id,))
        assert cur.fetchone()[0] == len(GX_SUITES)


@pytest.fixture()
def bad_kpi_user_roles(nightly, warehouse: db.ConnectionSettings) -> Iterator[None]:
    """kpi.kpi_user_roles replaced, for one test, by a copy with an impossible share."""
    with db.connect(warehouse) as connection, connection.cursor() as cur:
        cur.execute("alter table kpi.kpi_user_roles rename to kpi_user_roles__good")
        cur.execute("create table kpi.kpi_user_roles as select * from kpi.kpi_user_roles__good")
        cur.execute("update kpi.kpi_user_roles set share_verified = 1.5 "
                    "where role = (select min(role) from kpi.kpi_user_roles)")
    try:
        yield
    finally:
        with db.connect(warehouse) as connection, connection.cursor() as cur:
            cur.execute("drop table kpi.kpi_user_roles")
            cur.execute("alter table kpi.kpi_user_roles__good rename to kpi_user_roles")


@pytest.mark.slow
def test_failing_gx_check_is_blocking_and_reported(bad_kpi_user_roles, defs, instance, webhook, monkeypatch) -> None:
    from techhub_orchestration import nightly as nightly_module
    from techhub_orchestration.alerts import run_report
    from techhub_orchestration.defs.sensors import alert_on_run_failure

    key = dg.AssetKey(["kpi", "kpi_user_roles"])
    job = dg.define_asset_job("gx_kpi_user_roles", selection=dg.AssetSelection.checks(
        dg.AssetCheckKey(key, "great_expectations")))
    result = dg.Definitions.merge(defs, dg.Definitions(jobs=[job])).resolve_job_def(job.name).execute_in_process(
        instance=instance, raise_on_error=False)

    # Blocking + ERROR severity: the step (so the run) fails...
    assert not result.success
    [evaluation] = _evaluations(result)
    assert not evaluation.passed
    assert evaluation.severity == dg.AssetCheckSeverity.ERROR
    assert evaluation.blocking
    # ... with the statistics and the failing examples as metadata.
    metadata = evaluation.metadata
    assert metadata["unsuccessful_expectations"].value == 1
    assert 0 < metadata["success_percent"].value < 100
    [failing] = metadata["failing_expectations"].value
    assert "share_verified" in failing["expectation"] and failing["severity"] == "error"
    assert failing["unexpected_count"] == 1
    assert [float(value) for value in failing["failing_examples"]] == [1.5]
    assert "share_verified" in evaluation.description

    # The report (CLI message, alert) names the asset, the check and why.
    report = run_report(instance, result.run_id)
    [check] = report.blocking_failures
    assert (check.asset, check.check) == ("kpi/kpi_user_roles", "great_expectations")
    outcome = nightly_module.NightlyOutcome(result.success, result.run_id, report, 1.0)
    headline = nightly_module.failure_headline(outcome)
    assert outcome.exit_code == 1
    assert headline.startswith("techhub-dwh build failed: check `great_expectations` on asset `kpi/kpi_user_roles`")
    assert "share_verified" in headline

    base, received = webhook
    monkeypatch.setenv("TECHHUB_ALERT_WEBHOOK_URL", base + "/slack")
    alert_on_run_failure(dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure", dagster_instance=instance, dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event()).for_run_failure())
    text = received[-1]["json"]["text"]
    assert "kpi/kpi_user_roles" in text and "great_expectations" in text and "share_verified" in text


@pytest.mark.slow
def test_cli_summary_names_what_ran(nightly) -> None:
    from techhub_orchestration.nightly import summary

    text = summary(nightly)
    assert "job `nightly`" in text and "succeeded" in text
    assert "Great Expectations:" in text and "dbt tests:" in text and "source freshness:" in text
    assert "materialised:" in text and "marts" in text


@pytest.mark.slow
def test_nightly_dbt_build_runs_under_the_warehouse_lock(nightly) -> None:
    """The dbt asset held the warehouse lock (techhub_dwh.build_lock) and passed it down: dbt's
    on-run-start hook found it held by the build that started it."""
    from techhub_orchestration.project import techhub_project

    target = techhub_project.project_dir / techhub_project.target_path
    logs = list(target.glob(f"techhub_dbt-{nightly.run_id[:7]}-*/dbt.log*"))  # dbt.log rotates at 10 MB
    assert any("Build lock: held by the build that started this run" in log.read_text() for log in logs), logs


@pytest.mark.slow
def test_reader_passwords_are_written_nowhere(nightly, reader_canaries, instance, warehouse) -> None:
    """The run set the reader roles' passwords (the stored SCRAM verifiers match the canaries), and
    neither a password nor its verifier is in any file of the dbt target folder (manifest.json,
    run_results.json, partial_parse.msgpack, compiled hooks, each invocation's dbt.log, the docs
    site), the dbt log folder, or the Dagster instance (event log, compute logs), nor in an event
    of the run."""
    from dagster._serdes import serialize_value

    from techhub_dwh import scram
    from techhub_orchestration.project import techhub_project

    stored = _stored_passwords(warehouse)
    for role, variable in READER_ROLES.items():
        assert stored[role] and scram.matches(reader_canaries[variable], stored[role]), role
    needles = {**{f"password {name}": value for name, value in reader_canaries.items()},
               **{f"verifier of {role}": verifier for role, verifier in stored.items() if verifier}}

    folders = [techhub_project.project_dir / techhub_project.target_path,
               project_root() / os.environ.get("DBT_LOG_PATH", "logs"), Path(instance.root_directory)]
    files = [path for folder in folders if folder.is_dir() for path in folder.rglob("*") if path.is_file()]
    found = [f"{what} in {path}" for path in files for what, needle in needles.items()
             if needle.encode() in path.read_bytes()]
    events = [serialize_value(record) for record in instance.all_logs(nightly.run_id)]
    found += [f"{what} in a Dagster event" for what, needle in needles.items()
              if any(needle in event for event in events)]
    assert found == [], "\n".join(found)
    # The scan saw what it must: dbt's artifacts and logs, the docs site, the run's events.
    names = {path.name for path in files}
    assert {"manifest.json", "run_results.json", "partial_parse.msgpack", "dbt.log", "index.html",
            "catalog.json"} <= names, sorted(names)[:50]
    assert any("hooks" in path.parts for path in files) and len(events) > 100
