"""Reader passwords are set from Python as SCRAM-SHA-256 verifiers, never in clear and never by dbt.

- The verifier computed on the client is exactly the one PostgreSQL computes itself from the same
  password, salt and iteration count (so a login checks it as it would a password set in clear),
  for ASCII and non-ASCII passwords (SASLprep); PostgreSQL stores it as sent.
- `reader_passwords.apply` sends the verifier, never the password, and nothing at all when the
  stored verifier already matches; the role can then log in with the password over TCP (checked
  when the server asks 127.0.0.1 for a password; with `trust` the verifier check above is the proof).
- dbt reads no password variable (no `env_var` of them anywhere in the project).

That a build writes the passwords nowhere (dbt artifacts and logs, the docs site, Dagster's event
log) is checked on the Dagster run of test_orchestration.py (`test_reader_passwords_are_written_nowhere`).
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from collections.abc import Iterator

import psycopg2
import psycopg2.extras
import pytest
from psycopg2 import sql

from reliability_helpers import execute
from techhub_dwh import db, reader_passwords, scram
from techhub_dwh.paths import project_root

# ASCII, Kazakh, fullwidth letters and a ligature (NFKC changes them), a no-break space and a soft
# hyphen (mapped), Hebrew (right-to-left), an emoji (prohibited: the raw bytes are used).
PASSWORDS = ["s3cret-Pass", "Қазақстан-пароль", "\uff46\uff55\uff4c\uff4c-\ufb01", "no\u00a0break\u00adsoft",
             "\u05d0\u05d1\u05d2", "\U0001f511 key"]


@pytest.fixture()
def probe_role(warehouse: db.ConnectionSettings) -> Iterator[str]:
    """A login role of this test only (roles are cluster-wide: a unique name, dropped after)."""
    role = f"techhub_probe_{secrets.token_hex(4)}"
    execute(warehouse, sql.SQL("create role {} login").format(sql.Identifier(role)))
    try:
        yield role
    finally:
        execute(warehouse, sql.SQL("drop role if exists {}").format(sql.Identifier(role)))


def _stored(conn: db.ConnectionSettings, role: str) -> str | None:
    return execute(conn, "select rolpassword from pg_authid where rolname = %s", (role,))[0][0]


def test_client_verifier_is_the_one_postgresql_computes(warehouse: db.ConnectionSettings, probe_role: str) -> None:
    with db.connect(warehouse) as connection, connection.cursor() as cur:
        for password in PASSWORDS:
            # PostgreSQL hashes a clear password itself (random salt): ours, with its salt and
            # iteration count, must be byte for byte the same.
            cur.execute("set local password_encryption = 'scram-sha-256'")
            cur.execute(sql.SQL("alter role {} password {}").format(sql.Identifier(probe_role), sql.Literal(password)))
            cur.execute("select rolpassword from pg_authid where rolname = %s", (probe_role,))
            server_made = cur.fetchone()[0]
            parsed = scram.parse(server_made)
            assert parsed is not None, server_made[:14]
            assert scram.make_verifier(password, parsed.salt, parsed.iterations) == server_made, repr(password)
            assert scram.matches(password, server_made) and not scram.matches(password + "x", server_made)

    # A verifier sent is stored as sent (PostgreSQL recognised it, and did not hash it as a password).
    ours = scram.make_verifier("another-" + secrets.token_hex(8))
    execute(warehouse, sql.SQL("alter role {} password {}").format(sql.Identifier(probe_role), sql.Literal(ours)))
    assert _stored(warehouse, probe_role) == ours
    assert re.fullmatch(r"SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}", ours)


class _Recording(psycopg2.extras.LoggingConnection):
    """A connection that keeps every statement it sends."""

    sent: list[str]

    def initialize(self, logobj: object = None) -> None:  # type: ignore[override]
        self.sent = []
        super().initialize(logobj or self)

    def write(self, text: str) -> None:  # the "log object" LoggingConnection writes to
        self.sent.append(text)


def _login_refused(conn: db.ConnectionSettings, role: str, password: str) -> bool:
    try:
        psycopg2.connect(dataclasses.replace(conn, user=role, password=password).dsn(), connect_timeout=10).close()
        return False
    except psycopg2.OperationalError as error:
        assert "authentication failed" in str(error), str(error)
        return True


def test_apply_sends_a_verifier_never_the_password(warehouse: db.ConnectionSettings, probe_role: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    canary = f"canary-{secrets.token_hex(12)}"
    env, roles = {"PROBE_PASSWORD": canary}, {probe_role: "PROBE_PASSWORD"}
    connections: list[_Recording] = []
    real_connect = psycopg2.connect

    def recording_connect(*args: object, **kwargs: object) -> _Recording:
        connection = real_connect(*args, connection_factory=_Recording, **kwargs)  # type: ignore[call-overload]
        connection.initialize()
        connections.append(connection)
        return connection

    monkeypatch.setattr(reader_passwords.psycopg2, "connect", recording_connect)
    assert reader_passwords.apply(warehouse, env, roles) == [probe_role]
    stored = _stored(warehouse, probe_role)
    assert stored and scram.matches(canary, stored)
    sent = [statement for connection in connections for statement in connection.sent]
    assert any(stored in statement for statement in sent)  # the verifier went out ...
    assert not any(canary in statement for statement in sent)  # ... the password never did

    # Unchanged password: nothing is sent (no new salt, nothing to log), the verifier stays.
    connections.clear()
    assert reader_passwords.apply(warehouse, env, roles) == []
    assert not any("alter role" in statement.lower() for c in connections for statement in c.sent)
    assert _stored(warehouse, probe_role) == stored
    # An unset variable leaves the password alone.
    assert reader_passwords.apply(warehouse, {}, roles) == []
    assert _stored(warehouse, probe_role) == stored


def test_role_logs_in_with_the_password_over_tcp(warehouse: db.ConnectionSettings, probe_role: str) -> None:
    """Only where the server asks 127.0.0.1 for a password: with `trust` any password gets in, and
    the verifier being PostgreSQL's own (above) is the proof."""
    canary = f"canary-{secrets.token_hex(12)}"
    assert reader_passwords.apply(warehouse, {"PROBE_PASSWORD": canary}, {probe_role: "PROBE_PASSWORD"}) == [probe_role]
    tcp = dataclasses.replace(warehouse, host="127.0.0.1") if warehouse.host.startswith("/") else warehouse
    if not _login_refused(tcp, probe_role, canary + "-wrong"):
        pytest.skip(f"{tcp.host}:{tcp.port} trusts TCP logins: the verifier was checked against PostgreSQL's own")
    assert not _login_refused(tcp, probe_role, canary)


def test_dbt_reads_no_password_variable() -> None:
    """dbt records every env_var() it reads (manifest.json, partial_parse.msgpack): it must read none
    of the password variables, anywhere in the project's dbt files."""
    root = project_root()
    files = [path for folder in ("macros", "models", "snapshots", "seeds", "tests/dbt", "analyses", "profiles")
             if (root / folder).is_dir() for path in (root / folder).rglob("*") if path.suffix in (".sql", ".yml")]
    files.append(root / "dbt_project.yml")
    pattern = re.compile(r"PASSWORD", re.I)
    found = [f"{path.relative_to(root)}: {line.strip()}" for path in files
             for line in path.read_text().splitlines()
             if "env_var" in line and pattern.search(line) and "PGPASSWORD" not in line]
    assert found == []
    assert len(files) > 50

