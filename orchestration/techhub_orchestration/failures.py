"""Transient database errors: what is retried, and the retry policy itself.

A nightly build should survive the warehouse restarting or a dropped connection, but must not
rebuild everything three times because a model has a bug or a test fails. So every op that talks
to the database carries `DB_RETRY_POLICY`, and raises `dagster.Failure(allow_retries=False)` for
anything that is not a lost or refused connection (see `raise_for`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import psycopg2

DB_RETRY_POLICY = dg.RetryPolicy(
    max_retries=2,
    delay=20,
    backoff=dg.Backoff.EXPONENTIAL,
    jitter=dg.Jitter.PLUS_MINUS,
)

# What PostgreSQL, libpq, psycopg2, SQLAlchemy and dbt print when the connection, not the SQL, failed.
TRANSIENT_PATTERNS = re.compile(
    "|".join(
        [
            r"could not connect to server",
            r"connection to server .* failed",
            r"connection refused",
            r"server closed the connection unexpectedly",
            r"connection already closed",
            r"terminating connection due to administrator command",
            r"the database system is (starting up|shutting down|in recovery mode)",
            r"could not receive data from server",
            r"could not send data to server",
            r"SSL SYSCALL error",
            r"SSL connection has been closed unexpectedly",
            r"no connection to the server",
            r"canceling statement due to conflict with recovery",
            r"too many clients already",
            r"remaining connection slots are reserved",
            r"timeout expired",
            r"Connection reset by peer",
            r"Broken pipe",
        ]
    ),
    re.IGNORECASE,
)


def is_transient(error: BaseException | str | None) -> bool:
    """True for a lost, refused or overloaded connection (worth retrying), False for anything else."""
    if error is None:
        return False
    if isinstance(error, str):
        return bool(TRANSIENT_PATTERNS.search(error))
    if isinstance(error, psycopg2.InterfaceError):
        return True
    if isinstance(error, psycopg2.OperationalError):
        # OperationalError also covers a wrong password or a missing database: not transient.
        return bool(TRANSIENT_PATTERNS.search(str(error))) or getattr(error, "pgcode", None) is None
    try:
        import sqlalchemy.exc
    except ImportError:  # pragma: no cover - SQLAlchemy comes with Great Expectations
        pass
    else:
        if isinstance(error, sqlalchemy.exc.DBAPIError) and error.connection_invalidated:
            return True
        if isinstance(error, sqlalchemy.exc.OperationalError):
            return is_transient(error.orig) if error.orig is not None else True
    cause = error.__cause__ or error.__context__
    return bool(TRANSIENT_PATTERNS.search(str(error))) or (cause is not None and is_transient(cause))


def failure(description: str, *, transient: bool, metadata: dict | None = None) -> dg.Failure:
    """A step failure that the retry policy retries only when the cause is transient."""
    prefix = "transient database error (will be retried): " if transient else ""
    return dg.Failure(description=prefix + description, metadata=metadata or {}, allow_retries=transient)


@contextmanager
def retry_only_transient(what: str) -> Iterator[None]:
    """Around an op's body: a transient error is retried by DB_RETRY_POLICY, anything else (a bug,
    bad SQL) fails the step at once instead of being retried."""
    try:
        yield
    except dg.Failure:
        raise
    except Exception as error:
        raise failure(f"{what}: {type(error).__name__}: {error}", transient=is_transient(error)) from error
