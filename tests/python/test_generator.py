"""The synthetic source generator: deterministic for a seed, linear in the scale, realistic in
shape, every kind of the spec's messiness at a high dirty rate, and `advance` moving the data
on. Each scenario generates into a schema of its own (tiny scales), never the shared
`generated_source`."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator

import pytest

from conftest import query
from techhub_dwh import db
from techhub_dwh.source import contract, generator

AS_OF = "2026-11-23"  # pins "today", so a run across midnight still compares equal
TINY = 0.005

Generate = Callable[..., dict[str, int]]


@contextlib.contextmanager
def source_schema(schema: str) -> Iterator[None]:
    """The generator works on $TECHHUB_SOURCE_SCHEMA; point it at a test schema for a while."""
    saved = os.environ.get("TECHHUB_SOURCE_SCHEMA")
    os.environ["TECHHUB_SOURCE_SCHEMA"] = schema
    try:
        yield
    finally:
        if saved is None:
            del os.environ["TECHHUB_SOURCE_SCHEMA"]
        else:
            os.environ["TECHHUB_SOURCE_SCHEMA"] = saved


@pytest.fixture(scope="module")
def make_source(warehouse: db.ConnectionSettings) -> Iterator[Generate]:
    """generate(schema, scale, seed, dirty_rate) into a schema of the test's own, with "today"
    pinned; all of them are dropped at the end of the module."""
    made: set[str] = set()
    patch = pytest.MonkeyPatch()
    patch.setenv(generator.AS_OF_VARIABLE, AS_OF)

    def make(schema: str, scale: float = TINY, seed: int = 3, dirty_rate: float = 0.01) -> dict[str, int]:
        made.add(schema)
        with source_schema(schema):
            return generator.generate(warehouse, scale=scale, seed=seed, dirty_rate=dirty_rate)

    yield make
    patch.undo()
    with db.connect(warehouse) as connection, connection.cursor() as cur:
        for schema in made:
            cur.execute(f"drop schema if exists {schema} cascade")


@pytest.fixture(scope="module")
def tiny(make_source: Generate) -> dict[str, int]:
    return make_source("gen_test_a")


def checksums(conn: db.ConnectionSettings, schema: str) -> dict[str, str]:
    result = {}
    for name, table in contract.tables().items():
        key = table.primary_key
        rows = query(conn, f"select md5(string_agg(t::text, '|' order by t.{key})) from {schema}.{name} t")
        result[name] = rows[0][0]
    return result


def scalar(conn: db.ConnectionSettings, sql: str) -> int:
    return query(conn, sql)[0][0]


# ---------------------------------------------------------------- determinism and scale


def test_same_seed_same_rows(tiny: dict[str, int], make_source: Generate, warehouse: db.ConnectionSettings) -> None:
    assert make_source("gen_test_b") == tiny
    assert checksums(warehouse, "gen_test_a") == checksums(warehouse, "gen_test_b")


def test_other_seed_other_rows(tiny: dict[str, int], make_source: Generate, warehouse: db.ConnectionSettings) -> None:
    make_source("gen_test_c", seed=4)
    differing = {
        name for name, (a, c) in zip(contract.tables(),
                                     zip(checksums(warehouse, "gen_test_a").values(),
                                         checksums(warehouse, "gen_test_c").values(), strict=True),
                                     strict=True)
        if a != c
    }
    assert {"account_user", "service_servicerequest", "core_actionlog"} <= differing


def test_counts_grow_linearly(tiny: dict[str, int], make_source: Generate) -> None:
    small = tiny
    large = make_source("gen_test_x4", scale=TINY * 4)
    for table in ("account_user", "account_company", "service_servicerequest", "core_event",
                  "booking_booking", "techorda_applicationform", "core_actionlog"):
        assert 3.6 <= large[table] / small[table] <= 4.4, (table, small[table], large[table])
    assert small["core_actionlog"] > 3 * max(v for k, v in small.items() if k != "core_actionlog")


def test_sequences_continue_after_generated_ids(tiny: dict[str, int], warehouse: db.ConnectionSettings) -> None:
    new_id = scalar(warehouse, """
        insert into gen_test_a.core_actionlog (log_type, primary_key, action, created_at)
        values ('user', '1', 'login', now()) returning id""")
    assert new_id > scalar(warehouse, f"select max(id) from gen_test_a.core_actionlog where id <> {new_id}")


# ---------------------------------------------------------------- realistic shape (clean data)


@pytest.fixture(scope="module")
def clean(make_source: Generate) -> str:
    make_source("gen_test_clean", scale=0.02, dirty_rate=0.0)
    return "gen_test_clean"


SHAPE_CHECKS = {
    # every request's status is the status_to of its last log row, and sent_at/closed_at agree
    "request status = last log": """
        select count(*) from {s}.service_servicerequest r
        where r.status <> (select l.status_to from {s}.service_servicerequestlog l where l.request_id = r.id
                           order by l.created_at desc, l.id desc limit 1)""",
    "sent_at/closed_at follow status": """
        select count(*) from {s}.service_servicerequest
        where (status = 'draft') <> (sent_at is null)
           or (status in ('success', 'reject')) <> (closed_at is not null)
           or closed_at < sent_at or sent_at < created_at""",
    "reject only from sent or approved": """
        select count(*) from {s}.service_servicerequestlog
        where status_to = 'reject' and status_from not in ('sent', 'approved')""",
    "participants fit capacity": """
        select count(*) from {s}.core_event e
        where e.max_participants < (select count(*) from {s}.core_eventparticipant p
                                    where p.event_id = e.id and p.status in ('registered', 'attended'))""",
    "verified = accreditation success": """
        select count(*) from {s}.account_company c
        where c.verified <> exists (
            select from {s}.service_servicerequest r join {s}.service_service v on v.id = r.service_id
            where r.company_id = c.id and v.kind = 'accreditation' and r.status = 'success')""",
    "published = success": """
        select count(*) from {s}.core_event where published <> (status = 'success')""",
    "feed for every published item": """
        select (select count(*) from {s}.core_blog where published)
             - (select count(*) from {s}.core_feed where source = 'blog')""",
    # AS_OF is "today": the data end at its local midnight
    "nothing after the anchor": """
        select (select count(*) from {s}.core_actionlog where created_at >= timestamptz '2026-11-23 00:00+05')
             + (select count(*) from {s}.service_servicerequest where updated_at >= timestamptz '2026-11-23 00:00+05')
             + (select count(*) from {s}.account_user where last_login >= timestamptz '2026-11-23 00:00+05')""",
    "ie tin is a 12-digit IIN": """
        select count(*) from {s}.account_company where type = 'ie' and tin !~ '^[0-9]{{12}}$'""",
    "booking history ends in the booking's status": """
        select count(*) from {s}.booking_booking b
        where b.status <> (select s.status from {s}.booking_bookingstatus s where s.booking_id = b.id
                           order by s.created_at desc, s.id desc limit 1)""",
}


@pytest.mark.parametrize("name", list(SHAPE_CHECKS))
def test_shape_is_consistent(clean: str, warehouse: db.ConnectionSettings, name: str) -> None:
    assert scalar(warehouse, SHAPE_CHECKS[name].format(s=clean)) == 0


def test_growth_and_rhythm(clean: str, warehouse: db.ConnectionSettings) -> None:
    by_year = dict(query(warehouse, f"""
        select extract(year from created_at at time zone 'Asia/Almaty')::int, count(*)
        from {clean}.core_actionlog group by 1"""))
    assert min(by_year) == 2019 and max(by_year) == 2026
    assert by_year[2025] > 2 * by_year[2019]
    weekday, weekend = query(warehouse, f"""
        select count(*) filter (where extract(isodow from created_at at time zone 'Asia/Almaty') < 6) / 5.0,
               count(*) filter (where extract(isodow from created_at at time zone 'Asia/Almaty') >= 6) / 2.0
        from {clean}.core_actionlog""")[0]
    assert weekday > 2 * weekend
    business = scalar(warehouse, f"""
        select count(*) filter (where extract(hour from created_at at time zone 'Asia/Almaty') between 9 and 18)::float
               / count(*) from {clean}.core_actionlog""")
    assert business > 0.7


def test_few_very_active_users(clean: str, warehouse: db.ConnectionSettings) -> None:
    top_share, median = query(warehouse, f"""
        with per_user as (
            select u.id, count(a.id) as n from {clean}.account_user u
            left join {clean}.core_actionlog a on a.user_id = u.id group by u.id
        )
        select (select sum(n) from (select n from per_user order by n desc
                                    limit greatest(1, (select count(*) from per_user) / 50)) t)::float
               / sum(n), percentile_cont(0.5) within group (order by n)
        from per_user""")[0]
    assert top_share > 0.15  # the top 2% of users make more than 15% of the actions
    assert median < 0.5 * scalar(warehouse, f"""
        select count(user_id)::float / (select count(*) from {clean}.account_user) from {clean}.core_actionlog""")


# ---------------------------------------------------------------- messiness at a high rate


@pytest.fixture(scope="module")
def dirty(make_source: Generate) -> str:
    make_source("gen_test_dirty", scale=0.01, dirty_rate=0.3)
    return "gen_test_dirty"


# kind -> (table, condition on its rows `t`); each must match at least one row
MESSINESS = {
    "i18n missing key": ("core_event", "jsonb_typeof(title) = 'object' and not title ? 'ru'"),
    "i18n empty string": ("core_event", "title ->> 'ru' = ''"),
    "i18n JSON null": ("core_blog", "jsonb_typeof(title) = 'null'"),
    "i18n bare string": ("core_vacancy", "jsonb_typeof(title) = 'string'"),
    "i18n upper-case keys": ("core_event", "title ? 'RU'"),
    "i18n SQL NULL": ("core_event", "title is null"),
    "tags missing keys": ("account_company", "jsonb_typeof(tags) = 'object' and not tags ? 'tag_ts_member'"),
    "tags true/false strings": ("account_company", "jsonb_typeof(tags -> 'tag_startup') = 'string'"),
    "tags 1/0": ("account_company", "jsonb_typeof(tags -> 'tag_startup') = 'number'"),
    "tags JSON null": ("account_company", "jsonb_typeof(tags -> 'tag_startup') = 'null'"),
    "tags SQL NULL": ("account_company", "tags is null"),
    "tags not an object": ("account_company", "jsonb_typeof(tags) in ('array', 'string')"),
    "array NULL": ("core_blog", "published and reaction_up_users is null"),
    "array {}": ("core_blog", "reaction_up_users = '{{}}'"),
    "array duplicates": ("core_event", "cardinality(reaction_up_users) "
                         "> (select count(distinct u) from unnest(reaction_up_users) u)"),
    "array NULL element": ("core_event", "array_position(reaction_up_users, null) is not null"),
    "array unknown user": ("core_event", "exists (select from unnest(favorite_users) u "
                           "where u not in (select id from {s}.account_user))"),
    "poly key to missing row": ("core_comment", "source = 'event' and primary_key ~ '^[0-9]+$' "
                                "and primary_key::bigint not in (select id from {s}.core_event)"),
    "poly key abc": ("core_comment", "primary_key = 'abc'"),
    "poly key empty": ("core_actionlog", "primary_key = ''"),
    "poly key padded": ("core_actionlog", "primary_key ~ '^ [0-9]+ $'"),
    "unknown source": ("core_comment", "source = 'news'"),
    "unknown log type": ("core_actionlog", "log_type = 'news'"),
    "feed source disagrees": ("core_feed", "source = 'event' and event_id is null and blog_id is not null"),
    "feed two keys": ("core_feed",
                      "num_nonnulls(blog_id, event_id, article_id, tech_task_id, discussion_id, vacancy_id) > 1"),
    "status odd case": ("service_servicerequest", "status <> lower(trim(status))"),
    "status unknown": ("service_servicerequest",
                       "lower(trim(status)) not in ('draft', 'sent', 'approved', 'success', 'reject')"),
    "log out of order": ("service_servicerequestlog", "lower(trim(status_to)) = 'sent' and exists (select from "
                         "{s}.service_servicerequestlog d where d.request_id = t.request_id "
                         "and d.status_to = 'draft' and t.created_at < d.created_at)"),
    "log of missing request": ("service_servicerequestlog",
                               "request_id not in (select id from {s}.service_servicerequest)"),
    "end before start": ("core_event", "datetime_end < datetime_start"),
    "far future": ("booking_booking", "start >= timestamptz '2099-01-01'"),
    "epoch": ("account_user", "last_login = timestamptz '1970-01-01 00:00+00'"),
    "0-minute booking": ("booking_booking", '"end" = start'),
    "e-mail differing in case/space": ("account_user", "email <> lower(trim(email)) and exists (select from "
                                       "{s}.account_user o where o.email = lower(trim(t.email)))"),
    "phone +7 (7xx) ...": ("account_user", "left(phone, 4) = '+7 ('"),
    "phone 8...": ("account_user", "phone ~ '^8[0-9]{{10}}$'"),
    "phone 10 digits": ("account_user", "phone ~ '^[0-9]{{10}}$'"),
    "salary min > max": ("core_vacancy", "salary_min > salary_max and salary_min > 0"),
    "salary negative": ("core_vacancy", "salary_min < 0"),
    "salary zero": ("core_vacancy", "salary_min = 0"),
    "salary absurd": ("core_vacancy", "salary_max >= 1000000000"),
    "salary one null": ("core_vacancy", "num_nulls(salary_min, salary_max) = 1"),
    "tin wrong length": ("account_company", "length(tin) <> 12"),
    "tin letters": ("account_company", "tin ~ '[A-Za-z]'"),
    "duplicate user-company pair": ("account_usercompany", "exists (select from {s}.account_usercompany o "
                                    "where o.user_id = t.user_id and o.company_id = t.company_id and o.id <> t.id)"),
}


@pytest.mark.parametrize("kind", list(MESSINESS))
def test_messiness_present(dirty: str, warehouse: db.ConnectionSettings, kind: str) -> None:
    table, condition = MESSINESS[kind]
    assert scalar(warehouse, f"select count(*) from {dirty}.{table} t where {condition.format(s=dirty)}") > 0


def test_secrets_are_plausible_fakes(dirty: str, warehouse: db.ConnectionSettings) -> None:
    users = f"{dirty}.account_user"
    assert scalar(warehouse, f"select count(*) from {users} where left(password, 14) <> 'pbkdf2_sha256$'") == 0
    assert scalar(warehouse, f"select count(*) from {dirty}.authtoken_token where key !~ '^[0-9a-f]{{40}}$'") == 0
    assert scalar(warehouse, f"""select count(*) from {dirty}.social_auth_usersocialauth
        where not extra_data ? 'access_token'""") == 0


# ---------------------------------------------------------------- advance


def test_advance_inserts_and_updates(make_source: Generate, warehouse: db.ConnectionSettings) -> None:
    schema = "gen_test_advance"
    make_source(schema, scale=0.01)
    before = {table: scalar(warehouse, f"select coalesce(max(id), 0) from {schema}.{table}")
              for table in ("account_user", "service_servicerequest", "service_servicerequestlog",
                            "core_actionlog", "booking_booking", "booking_bookingstatus")}
    stamps = dict(query(warehouse, f"select id, updated_at from {schema}.service_servicerequest"))
    latest = scalar(warehouse, f"select max(created_at) from {schema}.core_actionlog")

    with source_schema(schema):
        changes = generator.advance(warehouse, days=10, seed=5, dirty_rate=0.01)

    for table, max_id in before.items():
        assert scalar(warehouse, f"select count(*) from {schema}.{table} where id > {max_id}") > 0, table
    assert changes["core_actionlog"] > 0 and changes["service_servicerequest"] > 0
    new_rows = query(warehouse, f"select min(created_at), max(created_at) from {schema}.core_actionlog where id > %s",
                     (before["core_actionlog"],))[0]
    assert latest < new_rows[0] and (new_rows[1] - latest).days <= 10
    moved = [(request_id, updated) for request_id, updated in
             query(warehouse, f"select id, updated_at from {schema}.service_servicerequest where id <= %s",
                   (before["service_servicerequest"],))
             if updated > stamps[request_id]]
    assert moved and all(updated > latest for _, updated in moved)
    # progressed requests got a log row, and bookings that ended were finished
    assert scalar(warehouse, f"""select count(*) from {schema}.service_servicerequestlog
        where request_id <= {before['service_servicerequest']} and id > {before['service_servicerequestlog']}""") > 0
    assert query(warehouse, f"""select count(*) from {schema}.booking_booking
        where id <= {before['booking_booking']} and updated_at > %s""", (latest,))[0][0] > 0
