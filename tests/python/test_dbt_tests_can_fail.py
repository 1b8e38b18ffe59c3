"""Every business-invariant test of the dbt project can fail (CONTRIBUTING.md, "Tests"): each
invariant is broken once on purpose, and its test is seen failing.

On the session's warehouse, the tables the mutations touch are copied aside, every mutation is
applied at once (each one a row of a model, or of the staging table a view reads, chosen so that
exactly its own test fails), ONE dbt run executes those tests, and each must fail with exactly
the number of failing rows its mutation makes (so no test fails for another one's mutation, and
every part of a multi-part mutation is seen). The tables are restored in a finally block: later
tests see the warehouse untouched. The run is `dbt test` (a `build` would skip the tests
downstream of a failing one); so that no test of an incremental model is narrowed to the keys a
nightly build reloaded (macros/incremental/test_window.sql), whichever build ran last, the
state's reloaded_keys are set aside as well and cleared for the run: every row is tested.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable

import psycopg2
import psycopg2.errors
import pytest
from psycopg2.extensions import cursor as Cursor

from techhub_dwh import db
from techhub_dwh.dbt import run_dbt
from techhub_dwh.paths import project_root

TARGET = project_root() / os.environ["DBT_TARGET_PATH"]


@dataclasses.dataclass(frozen=True)
class Mutation:
    """`apply` breaks the invariant of `test` (a dbt test name, or a callable finding it in the
    manifest) in `tables`, so that the test returns `failures` rows."""
    test: str | Callable[[dict], str]
    tables: tuple[str, ...]
    apply: Callable[[Cursor], None]
    failures: int | Callable[[Cursor], int]  # a number, or a query of the mutated warehouse
    status: str = "fail"


def _one(cur: Cursor, statement: str) -> tuple:
    cur.execute(statement)
    row = cur.fetchone()
    assert row is not None, f"no row to mutate: {statement}"
    return row


# ---------------------------------------------------------------- the rewritten singular tests

def _swap_positions(cur: Cursor, table: str, low: int, high: int) -> None:
    """Two listed companies swap positions (position is unique, between 1 and 50: through a copy)."""
    cur.execute(f"create temporary table swapped as select * from {table} where position = {low}")
    cur.execute(f"delete from {table} where position = {low}")
    cur.execute(f"update {table} set position = {low} where position = {high}")
    cur.execute(f"update swapped set position = {high}")
    cur.execute(f"insert into {table} select * from swapped")
    cur.execute("drop table swapped")


def _top_companies(cur: Cursor) -> None:
    # the first company's rank no longer follows its score (1 row)
    cur.execute("update kpi.kpi_top_companies set rank = rank + 1 where position = 1")
    # two companies of different scores swap positions (2 rows); position is unique, so through a gap
    low, high = _one(cur, """
        select a.position, b.position from kpi.kpi_top_companies as a
        join kpi.kpi_top_companies as b on b.activity_score < a.activity_score
        where a.position between 2 and 20 and b.position between 21 and 40 order by 1, 2 limit 1""")
    _swap_positions(cur, "kpi.kpi_top_companies", low, high)
    # a company of the first 50 is left out (1 row)
    cur.execute("delete from kpi.kpi_top_companies where position = 45")


def _top_employers(cur: Cursor) -> None:
    low, high = _one(cur, """
        select a.position, b.position from kpi.kpi_top_employers as a
        join kpi.kpi_top_employers as b on b.published_vacancies < a.published_vacancies
        where a.position between 1 and 20 and b.position between 21 and 40 order by 1, 2 limit 1""")
    _swap_positions(cur, "kpi.kpi_top_employers", low, high)
    cur.execute("delete from kpi.kpi_top_employers where position = 45")


def _service_funnel(cur: Cursor) -> None:
    # one request fewer reached sent, in a cell where the funnel still narrows (the old test passed)
    _one(cur, """
        update kpi.kpi_service_funnel set sent = sent - 1
        where (service_code, month) = (
            select service_code, month from kpi.kpi_service_funnel
            where sent - 1 >= greatest(approved, rejected) order by service_code, month limit 1)
        returning 1""")


def _request_stages(cur: Cursor) -> None:
    # a rejected request that the log shows approved first loses its approval (monotonic still)
    _one(cur, """
        update marts.fact_service_request set reached_approved = 0, is_approved = 0
        where request_id = (
            select min(request_id) from marts.fact_service_request
            where status = 'reject' and reached_approved = 1)
        returning 1""")


def _request_times(cur: Cursor) -> None:
    # one closed request took a day more than its log says (still positive)
    _one(cur, """
        update marts.fact_service_request set days_to_process = days_to_process + 1
        where request_id = (
            select max(request_id) from marts.fact_service_request where days_to_process > 0)
        returning 1""")


def _event_participation(cur: Cursor) -> None:
    # one more attendee than the source has, still within the participants (the old test passed)
    _one(cur, """
        update marts.fact_event set attended_count = attended_count + 1
        where event_id = (
            select min(event_id) from marts.fact_event where attended_count < participants_count)
        returning 1""")


def _monthly_kpis(cur: Cursor) -> None:
    # a company moved from one month to the next: the total still matches (the old test passed), 2 months do not
    first, second = _one(cur, """
        select month, month + interval '1 month' from kpi.kpi_companies_monthly
        where new_companies > 0 order by month limit 1""")
    cur.execute("update kpi.kpi_companies_monthly set new_companies = new_companies - 1 where month = %s", (first,))
    cur.execute("update kpi.kpi_companies_monthly set new_companies = new_companies + 1 where month = %s", (second,))


def _orphan_flag(cur: Cursor) -> None:
    # a comment on an existing event flagged as an orphan: the event would lose it downstream
    _one(cur, """
        update staging.stg_techhub__core_comment set is_orphan = true
        where comment_id = (
            select min(comment_id) from staging.stg_techhub__core_comment
            where source = 'event' and set_aside_reason is null and not is_orphan)
        returning 1""")


def _marts_relationship(cur: Cursor) -> None:
    # an event whose author is no user (error severity now: the test fails, it does not warn)
    _one(cur, "update marts.fact_event set author_id = -1 "
              "where event_id = (select max(event_id) from marts.fact_event) returning 1")


def _generic(name: str, model: str, column: str) -> Callable[[dict], str]:
    def find(manifest: dict) -> str:
        [node] = [node["name"] for node in manifest["nodes"].values()
                  if node["resource_type"] == "test"
                  and (node.get("test_metadata") or {}).get("name") == name
                  and node.get("attached_node", "").endswith(f".{model}")
                  and node.get("column_name") == column]
        return node
    return find


# ---------------------------------------------------------------- the other singular tests

def _interactions(cur: Cursor) -> None:
    _one(cur, """
        delete from staging.stg_techhub__content_interactions
        where (content_type, content_id, user_id, kind) = (
            select content_type, content_id, user_id, kind from staging.stg_techhub__content_interactions
            order by 1, 2, 3, 4 limit 1)
        returning 1""")


def _dim_date(cur: Cursor) -> None:
    _one(cur, "delete from marts.dim_date where date = date '2020-06-16' and not is_holiday returning 1")


def _reconciliation(cur: Cursor) -> None:
    _one(cur, "update dq.dq_reconciliation set staged_rows = staged_rows + 1 where source_table = 'core_city' "
              "returning 1")


def _history(cur: Cursor) -> None:
    _one(cur, """
        update marts.dim_user_history set is_current = false
        where user_id = (select min(user_id) from marts.dim_user) and is_current
        returning 1""")


def _event_formats(cur: Cursor) -> None:
    _one(cur, """
        update kpi.kpi_events_monthly set online = online + 1
        where month = (select min(month) from kpi.kpi_events_monthly) returning 1""")


def _holiday_year(cur: Cursor) -> None:
    # the seed loses a year that dim_date holds
    _one(cur, """
        delete from reference.kz_public_holidays
        where extract(year from holiday_date) = (select min(year) + 1 from marts.dim_date) returning 1""")


def _holidays_listed_every_year(cur: Cursor) -> int:
    """The failing rows: one per holiday the seed (now without that year) lists in all its years."""
    cur.execute("""
        with years as (
            select distinct extract(year from holiday_date) as year, holiday_code from reference.kz_public_holidays)
        select count(*) from (
            select holiday_code from years group by holiday_code
            having count(*) = (select count(distinct year) from years)) as every_year""")
    return cur.fetchone()[0]


def _backdating(cur: Cursor) -> None:
    _one(cur, """
        update marts.dim_user_history set is_backdated = not is_backdated
        where user_id = (select max(user_id) from marts.dim_user) and version_number = 1
        returning 1""")


def _clear_pii(cur: Cursor) -> None:
    _one(cur, """
        update marts.dim_user set email = 'clear.address@example.com'
        where user_id = (select min(user_id) from marts.dim_user)
        returning 1""")


MUTATIONS = [
    Mutation("assert_top_companies_follow_the_score", ("kpi.kpi_top_companies",), _top_companies, 4),
    Mutation("assert_top_employers_follow_the_score", ("kpi.kpi_top_employers",), _top_employers, 3),
    Mutation("assert_service_funnel_matches_the_source", ("kpi.kpi_service_funnel",), _service_funnel, 1),
    Mutation("assert_request_stages_match_the_log", ("marts.fact_service_request",), _request_stages, 1),
    Mutation("assert_request_processing_times_match_the_log", ("marts.fact_service_request",), _request_times, 1),
    Mutation("assert_event_participation_matches_the_source", ("marts.fact_event",), _event_participation, 1),
    Mutation("assert_monthly_kpis_match_the_source", ("kpi.kpi_companies_monthly",), _monthly_kpis, 2),
    Mutation(_generic("resolves_unless_orphan", "stg_techhub__core_comment__event", "target_id"),
             ("staging.stg_techhub__core_comment",), _orphan_flag, 1),
    Mutation(_generic("relationships", "fact_event", "author_id"), ("marts.fact_event",), _marts_relationship, 1),
    Mutation("assert_content_interactions_account_for_every_element", ("staging.stg_techhub__content_interactions",),
             _interactions, 1),
    Mutation("assert_dim_date_is_complete", ("marts.dim_date",), _dim_date, 1),
    Mutation("assert_dq_reconciliation_balanced", ("dq.dq_reconciliation",), _reconciliation, 1),
    Mutation("assert_history_has_one_current_version", ("marts.dim_user_history",), _history, 1),
    Mutation("assert_marts_hold_no_clear_pii", ("marts.dim_user",), _clear_pii, 1),
    Mutation("assert_event_formats_add_up", ("kpi.kpi_events_monthly",), _event_formats, 1),
    Mutation("assert_holidays_cover_dim_date", ("reference.kz_public_holidays",), _holiday_year,
             _holidays_listed_every_year),
    Mutation("assert_history_starts_at_creation", ("marts.dim_user_history",), _backdating, 1),
]


# read by the test window of incremental models: cleared, every row is tested (as after a full build)
STATE = "observability.incremental_state"


def _aside(table: str) -> str:
    """The temporary copy of schema.table (the mutations may read it back)."""
    return table.split(".")[1] + "__aside"


def test_every_invariant_test_fails_when_its_invariant_is_broken(built_warehouse: db.ConnectionSettings) -> None:
    manifest = json.loads((TARGET / "manifest.json").read_text())
    names = [mutation.test if isinstance(mutation.test, str) else mutation.test(manifest) for mutation in MUTATIONS]
    tables = sorted({STATE, *(table for mutation in MUTATIONS for table in mutation.tables)})
    # one connection holds the copies (temporary tables) from the mutation to the restore
    connection = psycopg2.connect(built_warehouse.dsn())
    connection.autocommit = True
    try:
        with connection.cursor() as cur:
            for table in tables:
                cur.execute(f"create temporary table {_aside(table)} as select * from {table}")
            cur.execute(f"update {STATE} set reloaded_keys = null")
            for mutation in MUTATIONS:
                mutation.apply(cur)
            expected_failures = [mutation.failures if isinstance(mutation.failures, int) else mutation.failures(cur)
                                 for mutation in MUTATIONS]

            result = run_dbt(["test", "--select", *names], built_warehouse, capture=True)

        unique_ids = {node["unique_id"]: node["name"] for node in manifest["nodes"].values() if node["name"] in names}
        results = {unique_ids[row["unique_id"]]: row
                   for row in json.loads((TARGET / "run_results.json").read_text())["results"]
                   if row["unique_id"] in unique_ids}
        outcome = {name: (results[name]["status"], results[name]["failures"]) if name in results else None
                   for name in names}
        expected = {name: (mutation.status, failures)
                    for name, mutation, failures in zip(names, MUTATIONS, expected_failures, strict=True)}
        assert outcome == expected, (
            "each mutated invariant's test must fail with its own rows only (status, failing rows):\n"
            + "\n".join(f"  {name}: expected {expected[name]}, got {outcome[name]}"
                        for name in names if outcome[name] != expected[name])
            + "\n" + result.stdout[-5000:])
    finally:
        with connection.cursor() as cur:
            for table in tables:
                cur.execute(f"truncate {table}")
                cur.execute(f"insert into {table} select * from {_aside(table)}")
        connection.close()


def test_top_lists_refuse_a_fifty_first_position(built_warehouse: db.ConnectionSettings) -> None:
    """The cut at 50 is the models' contract (position unique, between 1 and 50): a 51st position
    or a second company at one position is refused, so the list never holds more than 50 rows."""
    connection = psycopg2.connect(built_warehouse.dsn())
    try:
        with connection.cursor() as cur:
            for table in ("kpi.kpi_top_companies", "kpi.kpi_top_employers"):
                with pytest.raises(psycopg2.errors.CheckViolation):
                    cur.execute(f"update {table} set position = 51 where position = 1")
                connection.rollback()
                with pytest.raises(psycopg2.errors.UniqueViolation):
                    cur.execute(f"update {table} set position = 1 where position = 2")
                connection.rollback()
    finally:
        connection.close()


def test_marts_relationships_fail_the_build_unless_a_reason_is_given(built_warehouse: db.ConnectionSettings) -> None:
    """A relationships test of a mart or KPI is an error, unless its config carries meta.warn_reason
    (the YAML says why a dangling key is expected there); a warning without one is refused."""
    manifest = json.loads((TARGET / "manifest.json").read_text())
    unexplained, explained = [], 0
    for node in manifest["nodes"].values():
        if (node["resource_type"] != "test" or (node.get("test_metadata") or {}).get("name") != "relationships"
                or node["original_file_path"].split("/")[1] not in ("marts", "kpi")):
            continue
        if node["config"]["severity"].lower() == "warn":
            if (node["config"].get("meta") or {}).get("warn_reason"):
                explained += 1
            else:
                unexplained.append(node["name"])
    assert not unexplained, f"warn-only relationships tests on marts without meta.warn_reason: {unexplained}"
    assert explained > 0
