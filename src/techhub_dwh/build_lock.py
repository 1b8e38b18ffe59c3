"""One build at a time per warehouse database: a PostgreSQL session advisory lock.

A build (`techhub-dwh build`, `techhub-dwh dbt build|run|seed|snapshot|retry`, the Dagster dbt
asset of a daemon-launched run) takes the lock with `pg_try_advisory_lock` on a connection of its
own, named after the build (`application_name`: who, which process), and keeps that connection
open until it ends; a crash or a kill closes the connection, and the server releases the lock.
A second build does not wait: it stops at once with `BuildLockHeld`, whose one-line message names
the running build (from `pg_stat_activity`), and the command line exits with `EXIT_BUILD_RUNNING`.

The holder passes the lock down to what it starts, so that its own children do not refuse to run:
`TECHHUB_BUILD_LOCK_HOLDER` (the holding backend's pid) for Python in the same process or a child
(the Dagster asset run in-process by `techhub-dwh build`), and `PGOPTIONS` with
`-c techhub.build_lock_holder=<pid>` for dbt, whose on-run-start hook `take_build_lock()`
(macros/operations/build_lock.sql) reads it with `current_setting`. A holder is accepted only
while that backend really holds the lock on the same database.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg2
import psycopg2.extensions

from techhub_dwh import db

# pg_try_advisory_lock(int4, int4): pg_locks shows classid = LOCK_CLASS, objid = LOCK_ID,
# objsubid = 2. The same numbers are in macros/operations/build_lock.sql.
LOCK_CLASS = 1952804916  # "techhub-dwh" (any constant of the project's own)
LOCK_ID = 1  # the warehouse build
EXIT_BUILD_RUNNING = 75  # EX_TEMPFAIL: try again later
HOLDER_ENV = "TECHHUB_BUILD_LOCK_HOLDER"
HOLDER_SETTING = "techhub.build_lock_holder"
# dbt commands that write to the warehouse take the lock; the others (compile, ls, parse, debug,
# docs generate, source freshness, show, test) only read it.
WRITING_DBT_COMMANDS = frozenset({"build", "run", "seed", "snapshot", "retry"})

_HOLDER_SQL = """
    select activity.pid, activity.application_name, activity.usename,
           coalesce(host(activity.client_addr), case activity.client_port when -1 then 'a local socket' end, '?'),
           to_char(activity.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ')
    from pg_locks as lock
    left join pg_stat_activity as activity on activity.pid = lock.pid
    where lock.locktype = 'advisory' and lock.granted
        and lock.database = (select oid from pg_database where datname = current_database())
        and lock.classid = %(class)s::oid and lock.objid = %(id)s::oid and lock.objsubid = 2
        and (%(pid)s::int is null or lock.pid = %(pid)s::int)
"""
_KEY = {"class": LOCK_CLASS, "id": LOCK_ID}


@dataclass(frozen=True)
class Holder:
    pid: int
    application_name: str
    user: str
    client: str
    since: str | None

    def describe(self) -> str:
        since = f", since {self.since}" if self.since else ""
        name = self.application_name or "an unnamed session"
        return f"{name} (backend pid {self.pid}, user {self.user}, from {self.client}{since})"


class BuildLockHeld(RuntimeError):
    """Another build holds the warehouse lock; str() is the one line to show."""

    def __init__(self, database: str, holder: Holder | None) -> None:
        self.database = database
        self.holder = holder
        running = holder.describe() if holder else "a build that has just ended"
        super().__init__(f"techhub-dwh: another build is running on database {database}: {running}; "
                         "nothing was done, try again when it has finished")


def build_name(what: str, pid: int | None = None) -> str:
    """The holder's application_name: what runs, who started it, where (PostgreSQL keeps 63 bytes)."""
    name = f"techhub-dwh {what} by {getpass.getuser()}@{socket.gethostname()} pid {pid or os.getpid()}"
    return name.encode("ascii", "replace")[:63].decode("ascii")


def holder(cur: psycopg2.extensions.cursor, pid: int | None = None) -> Holder | None:
    """The session holding the lock on the current database (only `pid`, if given), if any."""
    cur.execute(_HOLDER_SQL, {**_KEY, "pid": pid})
    row = cur.fetchone()
    return Holder(row[0], row[1] or "", row[2] or "?", row[3], row[4]) if row else None


def parent_holder(cur: psycopg2.extensions.cursor) -> int | None:
    """The backend named by TECHHUB_BUILD_LOCK_HOLDER, when it holds the lock on this database."""
    value = os.environ.get(HOLDER_ENV, "")
    if not value.isdigit():
        return None
    return int(value) if holder(cur, int(value)) is not None else None


@dataclass
class BuildLock:
    """A lock held (or inherited from the build that started this one)."""

    database: str
    backend_pid: int
    inherited: bool


@contextlib.contextmanager
def hold(conn: db.ConnectionSettings, what: str) -> Iterator[BuildLock]:
    """Hold the warehouse lock for the block (or use the one the parent build holds); raise
    BuildLockHeld at once when another build holds it."""
    connection = psycopg2.connect(conn.dsn(), application_name=build_name(what), connect_timeout=10)
    connection.autocommit = True
    try:
        with connection.cursor() as cur:
            inherited = parent_holder(cur)
            if inherited is None:
                _keep_alive(cur)
                pid = _try_lock(cur, conn.database)
        if inherited is not None:
            connection.close()  # the parent's session holds the lock
            yield BuildLock(conn.database, inherited, inherited=True)
        else:
            with _passed_down(pid):
                yield BuildLock(conn.database, pid, inherited=False)
    finally:
        connection.close()  # releases the lock


def _keep_alive(cur: psycopg2.extensions.cursor) -> None:
    """The lock lives as long as this idle session: no idle timeout may end it, and a vanished
    client is noticed within minutes (server-side TCP keepalives), not hours."""
    for name, value in (("idle_session_timeout", "0"), ("idle_in_transaction_session_timeout", "0"),
                        ("tcp_keepalives_idle", "60"), ("tcp_keepalives_interval", "10"),
                        ("tcp_keepalives_count", "6")):
        cur.execute("select set_config(%s, %s, false)", (name, value))


def _try_lock(cur: psycopg2.extensions.cursor, database: str) -> int:
    for _ in range(3):  # a holder that ends between the attempt and the look-up: try again
        cur.execute("select pg_try_advisory_lock(%(class)s, %(id)s), pg_backend_pid()", _KEY)
        taken, pid = cur.fetchone()
        if taken:
            return pid
        running = holder(cur)
        if running is not None:
            raise BuildLockHeld(database, running)
    raise BuildLockHeld(database, None)


@contextlib.contextmanager
def _passed_down(pid: int) -> Iterator[None]:
    """The holder's pid in this process's environment (so in every child's) for the block."""
    saved = {name: os.environ.get(name) for name in (HOLDER_ENV, "PGOPTIONS")}
    options = " ".join(part for part in (saved["PGOPTIONS"], f"-c {HOLDER_SETTING}={pid}") if part)
    os.environ.update({HOLDER_ENV: str(pid), "PGOPTIONS": options})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def dbt_command(args: list[str]) -> str | None:
    """The dbt sub-command in a dbt argument list (`--debug build -s x` -> build)."""
    return next((arg for arg in args if not arg.startswith("-")), None)


def needed_by_dbt(args: list[str]) -> bool:
    return dbt_command(args) in WRITING_DBT_COMMANDS
