"""Late and changed rows: updates to old source rows (weeks older than the incremental lookback)
and rows deleted in the source reach the marts on the next incremental build, which equals a
full refresh of the same source.

One database of its own (`<test database>_late`): a full build, then the source changes below,
then one incremental build (what the nightly runs), then a full refresh to compare with. Every
build pins var('build_timestamp'), so the comparison cannot depend on when each build ran.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from reliability_helpers import PINNED_VARS, checksums, dbt_ok, differences, drop_database, execute, source_database
from techhub_dwh import db
from techhub_dwh.source import contract

SCHEMA = contract.source_schema()
# Models, seeds and snapshots, as the nightly `dbt build` makes them (data tests are not the
# subject here; the session build and the hostile build run them).
BUILD = ["build", "--exclude-resource-type", "test", "unit_test", *PINNED_VARS]
OLD = "30 days"  # ten times the incremental lookback (var incremental_lookback_days = 3)


@dataclasses.dataclass
class Late:
    conn: db.ConnectionSettings
    picked: dict[str, object]
    before: dict[str, object]
    incremental: dict[str, tuple[int, str]] = dataclasses.field(default_factory=dict)


def _one(conn: db.ConnectionSettings, query: str, params: tuple = ()) -> tuple:
    rows = execute(conn, query, params)
    assert rows, f"no candidate row for: {query}"
    return rows[0]


def _next_id(conn: db.ConnectionSettings, table: str) -> int:
    return execute(conn, f"select coalesce(max(id), 0) + 1 from {SCHEMA}.{table}")[0][0]


def _pick_and_change(conn: db.ConnectionSettings) -> tuple[dict[str, object], dict[str, object]]:
    picked: dict[str, object] = {}
    before: dict[str, object] = {}
    s = SCHEMA

    # A request drafted weeks ago, sent the next day (that log row arrives only now, dated weeks
    # ago) and approved today.
    old_drafts = execute(conn, f"""
        select f.request_id from marts.fact_service_request as f
        join {s}.service_servicerequest as r on r.id = f.request_id
        where f.status = 'draft' and r.status = 'draft' and f.is_approved = 0 and f.is_rejected = 0
            and r.created_at between '2019-01-01' and now() - interval '{OLD}'
            and r.updated_at < now() - interval '{OLD}'
        order by f.request_id limit 2""")
    assert len(old_drafts) == 2, "need two old draft requests"
    (request,), (late_request,) = old_drafts
    sent_log = _next_id(conn, "service_servicerequestlog")
    execute(conn, f"""
        update {s}.service_servicerequest
        set status = 'approved', sent_at = created_at + interval '1 day', updated_at = now() where id = %(r)s;
        insert into {s}.service_servicerequestlog (id, request_id, status_from, status_to, author_id, comment,
                                                  created_at)
        select %(sent)s, id, 'draft', 'sent', null::bigint, 'late row', created_at + interval '1 day'
        from {s}.service_servicerequest where id = %(r)s
        union all
        select %(sent)s + 1, %(r)s, 'sent', 'approved', null::bigint, 'approved weeks later', now()""",
            {"r": request, "sent": sent_log})
    picked["approved_request"], picked["approval_log"] = request, sent_log + 1
    picked["approved_request_sent_log"] = sent_log

    # Another, sent and rejected three weeks ago, whose log rows only arrive now (a replica
    # catching up): new ids, old dates.
    late_log = _next_id(conn, "service_servicerequestlog")
    execute(conn, f"""
        update {s}.service_servicerequest
        set status = 'reject', sent_at = now() - interval '22 days', closed_at = now() - interval '21 days',
            updated_at = now() - interval '21 days'
        where id = %(r)s;
        insert into {s}.service_servicerequestlog (id, request_id, status_from, status_to, author_id, comment,
                                                  created_at)
        values (%(log)s, %(r)s, 'draft', 'sent', null, 'late row', now() - interval '22 days'),
               (%(log)s + 1, %(r)s, 'sent', 'reject', null, 'late row', now() - interval '21 days')""",
            {"r": late_request, "log": late_log})
    picked["rejected_request"], picked["late_log"] = late_request, late_log + 1

    # A company verified weeks after it was created.
    (company,) = _one(conn, f"""
        select company_id from marts.dim_company
        where not verified and status = 'active' and created_at < now() - interval '{OLD}'
        order by company_id limit 1""")
    execute(conn, f"update {s}.account_company set verified = true, verified_at = now(), updated_at = now() "
                  "where id = %s", (company,))
    picked["verified_company"] = company

    # An old booking cancelled now.
    (booking,) = _one(conn, f"""
        select booking_id from marts.fact_booking
        where status in ('active', 'finished') and created_at < now() - interval '{OLD}'
        order by booking_id limit 1""")
    execute(conn, f"""
        update {s}.booking_booking set status = 'deactivated', updated_at = now() where id = %s;
        insert into {s}.booking_bookingstatus (id, booking_id, status, author_id, created_at)
        values (%s, %s, 'deactivated', null, now())""", (booking, _next_id(conn, "booking_bookingstatus"), booking))
    picked["cancelled_booking"] = booking

    # Two participants of events that ended weeks ago: one cancels (its status changes in place,
    # core_eventparticipant has no updated_at), one row is deleted.
    participants = execute(conn, f"""
        select p.id, p.event_id from {s}.core_eventparticipant as p
        join marts.fact_event as e on e.event_id = p.event_id
        where lower(trim(p.status)) in ('registered', 'attended')
            and e.datetime_end < now() - interval '{OLD}' and e.participants_count >= 2
            and (select count(*) from {s}.core_eventparticipant as q
                 where q.event_id = p.event_id and q.user_id = p.user_id) = 1
        order by p.event_id, p.id""")
    events: dict[int, int] = {}
    for participant, event in participants:
        events.setdefault(event, participant)
        if len(events) == 2:
            break
    assert len(events) == 2, "need two ended events with participants"
    (cancel_event, cancel_row), (delete_event, delete_row) = events.items()
    for event in events:
        before[f"participants_{event}"] = execute(
            conn, "select participants_count from marts.fact_event where event_id = %s", (event,))[0][0]
    execute(conn, f"update {s}.core_eventparticipant set status = 'cancelled' where id = %s", (cancel_row,))
    execute(conn, f"delete from {s}.core_eventparticipant where id = %s", (delete_row,))
    picked["cancel_event"], picked["delete_participant_event"] = cancel_event, delete_event

    # Deleted in the source (Django cascades to the children): an old vacancy with candidates, an
    # old service request with its log, and a candidate of another old vacancy.
    vacancies = execute(conn, f"""
        select vacancy_id, candidates_count from marts.fact_vacancy
        where candidates_count >= 2 and created_at < now() - interval '{OLD}'
        order by vacancy_id limit 2""")
    assert len(vacancies) == 2, "need two old vacancies with candidates"
    (vacancy, _), (thinned_vacancy, candidates) = vacancies
    execute(conn, f"""
        delete from {s}.core_vacancycandidate where vacancy_id = %(v)s;
        delete from {s}.core_feed where vacancy_id = %(v)s;
        delete from {s}.core_vacancy where id = %(v)s;
        delete from {s}.core_vacancycandidate where id = (
            select min(id) from {s}.core_vacancycandidate as c where c.vacancy_id = %(t)s
                and (select count(*) from {s}.core_vacancycandidate as d
                     where d.vacancy_id = c.vacancy_id and d.user_id = c.user_id) = 1)""",
            {"v": vacancy, "t": thinned_vacancy})
    picked["deleted_vacancy"], picked["thinned_vacancy"] = vacancy, thinned_vacancy
    before["thinned_candidates"] = candidates

    (deleted_request,) = _one(conn, f"""
        select f.request_id from marts.fact_service_request as f
        where f.created_at < now() - interval '{OLD}' and f.request_id not in (%s, %s)
            and exists (select 1 from marts.fact_request_status_transition as t where t.request_id = f.request_id)
        order by f.request_id limit 1""", (request, late_request))
    execute(conn, f"""
        delete from {s}.service_vote where request_id = %(r)s;
        delete from {s}.service_expertdocument where expertise_id in (
            select id from {s}.service_expertise where request_id = %(r)s);
        delete from {s}.service_expertise where request_id = %(r)s;
        delete from {s}.service_externaldocument where request_id = %(r)s;
        delete from {s}.service_report where request_id = %(r)s;
        delete from {s}.service_servicerequestlog where request_id = %(r)s;
        delete from {s}.service_servicerequest where id = %(r)s""", {"r": deleted_request})
    picked["deleted_request"] = deleted_request

    # Action-log rows of one user on one old local day, deleted (a retention purge). A day without
    # views, so that only the activity fact is concerned (view counts have the same gap).
    user, date_id = _one(conn, f"""
        select f.user_id, f.activity_date_id from marts.fact_user_activity_daily as f
        where f.activity_date_id < to_char(now() - interval '{OLD}', 'YYYYMMDD')::int
            and not exists (
                select 1 from {s}.core_actionlog as a
                where a.user_id = f.user_id and lower(trim(a.action)) = 'view'
                    and to_char(a.created_at at time zone 'Asia/Almaty', 'YYYYMMDD')::int = f.activity_date_id)
        order by f.activity_date_id, f.user_id limit 1""")
    execute(conn, f"""
        delete from {s}.core_actionlog
        where user_id = %s and to_char(created_at at time zone 'Asia/Almaty', 'YYYYMMDD')::int = %s""",
            (user, date_id))
    picked["purged_activity"] = (user, date_id)
    return picked, before


@pytest.fixture(scope="module")
def late(warehouse: db.ConnectionSettings) -> Iterator[Late]:
    conn = source_database(warehouse, "late")
    dbt_ok(conn, [*BUILD, "--full-refresh"])
    picked, before = _pick_and_change(conn)
    dbt_ok(conn, BUILD)  # the nightly incremental build
    state = Late(conn, picked, before, checksums(conn))
    yield state
    drop_database(conn)


@pytest.mark.slow
def test_request_approved_weeks_later(late: Late) -> None:
    request = late.picked["approved_request"]
    assert execute(late.conn, "select status, is_approved from marts.fact_service_request where request_id = %s",
                   (request,)) == [("approved", 1)]
    transitions = execute(late.conn, "select request_log_id, status_to from marts.fact_request_status_transition "
                                     "where request_id = %s order by transition_number", (request,))
    assert transitions[-2:] == [(late.picked["approved_request_sent_log"], "sent"),
                                (late.picked["approval_log"], "approved")]


@pytest.mark.slow
def test_late_log_row_dated_weeks_ago(late: Late) -> None:
    assert execute(late.conn, "select status, is_rejected from marts.fact_service_request where request_id = %s",
                   (late.picked["rejected_request"],)) == [("reject", 1)]
    assert execute(late.conn, "select status_to from marts.fact_request_status_transition "
                              "where request_log_id = %s", (late.picked["late_log"],)) == [("reject",)]


@pytest.mark.slow
def test_company_verified_weeks_later(late: Late) -> None:
    company = late.picked["verified_company"]
    rows = execute(late.conn, "select verified, verified_at is not null from marts.dim_company where company_id = %s",
                   (company,))
    assert rows == [(True, True)]
    history = execute(late.conn, "select verified, is_current from marts.dim_company_history "
                                 "where company_id = %s order by valid_from", (company,))
    assert history[-2:] == [(False, False), (True, True)]


@pytest.mark.slow
def test_booking_cancelled_weeks_later(late: Late) -> None:
    assert execute(late.conn, "select status from marts.fact_booking where booking_id = %s",
                   (late.picked["cancelled_booking"],)) == [("deactivated",)]


@pytest.mark.slow
def test_participant_cancelling_after_an_old_event(late: Late) -> None:
    event = late.picked["cancel_event"]
    (count,) = execute(late.conn, "select participants_count from marts.fact_event where event_id = %s", (event,))[0]
    assert count == late.before[f"participants_{event}"] - 1, (
        "fact_event.participants_count missed a status change of an old event's participant "
        "(int_event_participation recomputes only events with new rows or recent times)")


@pytest.mark.slow
def test_deleted_participant_disappears(late: Late) -> None:
    event = late.picked["delete_participant_event"]
    (count,) = execute(late.conn, "select participants_count from marts.fact_event where event_id = %s", (event,))[0]
    assert count == late.before[f"participants_{event}"] - 1, (
        "fact_event.participants_count still counts a participant row deleted in the source")


@pytest.mark.slow
def test_deleted_vacancy_and_candidate_disappear(late: Late) -> None:
    assert execute(late.conn, "select count(*) from marts.fact_vacancy where vacancy_id = %s",
                   (late.picked["deleted_vacancy"],)) == [(0,)]
    (count,) = execute(late.conn, "select candidates_count from marts.fact_vacancy where vacancy_id = %s",
                       (late.picked["thinned_vacancy"],))[0]
    assert count == late.before["thinned_candidates"] - 1, (
        "fact_vacancy.candidates_count still counts a candidate row deleted in the source")


@pytest.mark.slow
def test_deleted_request_disappears_with_its_transitions(late: Late) -> None:
    request = late.picked["deleted_request"]
    assert execute(late.conn, "select count(*) from marts.fact_service_request where request_id = %s",
                   (request,)) == [(0,)]
    assert execute(late.conn, "select count(*) from marts.fact_request_status_transition where request_id = %s",
                   (request,)) == [(0,)], "the deleted request's log rows are still in fact_request_status_transition"


@pytest.mark.slow
def test_purged_action_log_disappears_from_activity(late: Late) -> None:
    user, date_id = late.picked["purged_activity"]
    assert execute(late.conn, "select count(*) from marts.fact_user_activity_daily "
                              "where user_id = %s and activity_date_id = %s", (user, date_id)) == [(0,)], (
        "fact_user_activity_daily keeps a user-day whose action-log rows were deleted in the source")


@pytest.mark.slow
def test_reconciliation_still_balances(late: Late) -> None:
    rows = execute(late.conn, "select source_table, source_rows, staged_rows, set_aside_rows from dq.dq_reconciliation "
                              "where not is_balanced order by 1")
    assert rows == [], "after deletes in the source, staged + set aside no longer equals the source"


@pytest.mark.slow
def test_incremental_equals_full_refresh(late: Late) -> None:
    dbt_ok(late.conn, [*BUILD, "--full-refresh"])
    assert differences(late.incremental, checksums(late.conn)) == []
