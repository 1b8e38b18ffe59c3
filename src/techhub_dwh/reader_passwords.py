"""The reader roles' passwords, set from Python before dbt runs, never by dbt.

dbt writes what its Jinja reads and renders into its artifacts and logs (`env_var()` values in
manifest.json and partial_parse.msgpack, rendered hooks in run_results.json, compiled SQL and
dbt.log), so the passwords stay out of dbt entirely. The build (the Dagster dbt asset, so
`techhub-dwh build` and daemon runs; `techhub-dwh dbt build|run|...`) calls `apply()`: for each
reader role whose variable is set (`TECHHUB_BI_PASSWORD`, `TECHHUB_PII_PASSWORD`), it creates the
role if missing and sends a SCRAM-SHA-256 verifier computed here (`techhub_dwh.scram`), never the
clear text, and nothing is sent when the stored verifier already matches the password. For a
superuser the transaction also turns off the server's statement logging; otherwise a server
with `log_statement = ddl` (or `all`) logs the verifier (not the password, see scram.py).
A role whose variable is unset keeps its password (or none).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping

import psycopg2
import psycopg2.errors
from psycopg2 import sql

from techhub_dwh import db, scram

READER_ROLES = {"techhub_bi": "TECHHUB_BI_PASSWORD", "techhub_pii": "TECHHUB_PII_PASSWORD"}
# Per-transaction settings that keep the statement out of the server's log and statistics
# (superuser-only settings: applied when the build user is a superuser).
_QUIET = (
    ("log_statement", "none"),
    ("log_min_duration_statement", "-1"),
    ("log_min_error_statement", "panic"),
    ("pg_stat_statements.track_utility", "off"),
)

log = logging.getLogger(__name__)


def wanted(env: Mapping[str, str] | None = None, roles: Mapping[str, str] = READER_ROLES) -> dict[str, str]:
    """The roles whose password the environment sets, with that password."""
    env = os.environ if env is None else env
    return {role: env[variable] for role, variable in roles.items() if env.get(variable)}


def apply(conn: db.ConnectionSettings, env: Mapping[str, str] | None = None,
          roles: Mapping[str, str] = READER_ROLES) -> list[str]:
    """Give each role (default: the reader roles, each with its variable) the password its variable
    sets; return the roles changed. A build user without CREATEROLE gets a warning (as the roles'
    on-run-start hook does), not a failure."""
    passwords = wanted(env, roles)
    if not passwords:
        return []
    changed: list[str] = []
    connection = psycopg2.connect(conn.dsn(), application_name="techhub-dwh reader passwords")
    with contextlib.closing(connection):
        with connection.cursor() as cur:
            cur.execute("select rolsuper from pg_roles where rolname = current_user")
            superuser = bool(cur.fetchone()[0])
        for role, password in passwords.items():
            for attempt in (1, 2):
                try:
                    with connection, connection.cursor() as cur:
                        if superuser:
                            for name, value in _QUIET:
                                cur.execute("select set_config(%s, %s, true)", (name, value))
                        if _set_password(cur, role, password, superuser):
                            changed.append(role)
                    break
                except psycopg2.errors.DuplicateObject:
                    if attempt == 2:  # roles are cluster-wide: another database's build created it meanwhile
                        raise
                except psycopg2.errors.InsufficientPrivilege:
                    # the message names the role only: the statement is never part of it
                    log.warning("techhub-dwh: cannot set the password of %s: the build user lacks CREATEROLE", role)
                    break
    return changed


def _set_password(cur: psycopg2.extensions.cursor, role: str, password: str, superuser: bool) -> bool:
    cur.execute("select rolname from pg_roles where rolname = %s", (role,))
    if cur.fetchone() is None:
        cur.execute(sql.SQL("create role {} login").format(sql.Identifier(role)))
    elif superuser:
        cur.execute("select rolpassword from pg_authid where rolname = %s", (role,))
        stored = cur.fetchone()[0]
        if stored and scram.matches(password, stored):
            return False
    cur.execute(sql.SQL("alter role {} login password {}").format(
        sql.Identifier(role), sql.Literal(scram.make_verifier(password))))
    return True
