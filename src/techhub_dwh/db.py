"""The warehouse's PostgreSQL: an external server named by the libpq variables, or the
embedded one (pgserver) kept in the project's git-ignored `.pgdata` folder.

With `PGHOST` set, the standard libpq variables are used as they are. Without it, the
embedded server is started on demand, reused by every later command, and stays up until
`techhub-dwh db stop`.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import psycopg2.extensions

from techhub_dwh.paths import embedded_data_dir

DEFAULT_DATABASE = "techhub_dwh"


class DatabaseUnavailable(RuntimeError):
    """The warehouse server cannot be reached; the message says which one and why."""


@dataclass(frozen=True)
class ConnectionSettings:
    host: str
    port: int
    user: str
    password: str
    database: str
    embedded: bool

    def env(self) -> dict[str, str]:
        """The libpq environment that dbt's profile, psql and every tool of the project read."""
        return {
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGDATABASE": self.database,
        }

    def dsn(self, database: str | None = None) -> str:
        parts = {
            "host": self.host,
            "port": str(self.port),
            "user": self.user,
            "dbname": database or self.database,
        }
        if self.password:
            parts["password"] = self.password
        return " ".join(f"{key}='{value}'" for key, value in parts.items())

    def sqlalchemy_url(self) -> str:
        """A URL for SQLAlchemy-based tools (Great Expectations). A socket directory goes in
        the `host` query parameter: GX rejects a URL without a host name."""
        credentials = self.user + (f":{self.password}" if self.password else "")
        if self.host.startswith("/"):
            return (
                f"postgresql+psycopg2://{credentials}@localhost:{self.port}/{self.database}"
                f"?host={self.host}"
            )
        return f"postgresql+psycopg2://{credentials}@{self.host}:{self.port}/{self.database}"


def is_external() -> bool:
    """PGHOST names an external server, unless it is the embedded server's own socket folder
    (as after `eval "$(techhub-dwh db env)"`)."""
    host = os.environ.get("PGHOST")
    if not host:
        return False
    data_dir = embedded_data_dir()
    return not (host.startswith("/") and Path(host).resolve() == data_dir.resolve())


def _external_settings() -> ConnectionSettings:
    return ConnectionSettings(
        host=os.environ["PGHOST"],
        port=int(os.environ.get("PGPORT") or 5432),
        user=os.environ.get("PGUSER") or "postgres",
        password=os.environ.get("PGPASSWORD", ""),
        database=os.environ.get("PGDATABASE") or DEFAULT_DATABASE,
        embedded=False,
    )


def _embedded_settings(socket_dir: Path) -> ConnectionSettings:
    return ConnectionSettings(
        host=str(socket_dir),
        port=5432,
        user="postgres",
        password="",
        database=os.environ.get("PGDATABASE") or DEFAULT_DATABASE,
        embedded=True,
    )


def _postmaster(data_dir: Path):  # -> pgserver.utils.PostmasterInfo | None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        from pgserver.utils import PostmasterInfo  # slow import: only the embedded path pays it

    info = PostmasterInfo.read_from_pgdata(data_dir)
    return info if info is not None and info.is_running() and info.status == "ready" else None


def embedded_running(data_dir: Path | None = None) -> bool:
    return _postmaster(data_dir or embedded_data_dir()) is not None


# Sized for a single-user analytical server on a 2-core, 24 GB machine; the defaults suit a
# tiny OLTP box. BENCHMARKS.md explains each choice for a production warehouse server.
EMBEDDED_SETTINGS = {
    "shared_buffers": "'1GB'",
    "work_mem": "'128MB'",
    "maintenance_work_mem": "'512MB'",
    "max_wal_size": "'8GB'",
    "synchronous_commit": "'off'",
    "jit": "'off'",
    "max_connections": "50",
}


def start_embedded(data_dir: Path | None = None) -> ConnectionSettings:
    """Start (or reuse) the embedded server; pgserver initialises the folder on first use."""
    data_dir = data_dir or embedded_data_dir()
    info = _postmaster(data_dir)
    if info is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
            import pgserver

        data_dir.mkdir(parents=True, exist_ok=True)
        fresh = not (data_dir / "PG_VERSION").exists()
        server = pgserver.get_server(data_dir, cleanup_mode=None)
        if fresh:
            conf = data_dir / "postgresql.auto.conf"
            tuning = "".join(f"{key} = {value}\n" for key, value in EMBEDDED_SETTINGS.items())
            conf.write_text(conf.read_text() + tuning)
            _pg_ctl(server, ["-w", "restart", "-m", "fast"])
        info = _postmaster(data_dir)
        if info is None:
            raise RuntimeError(f"the embedded PostgreSQL in {data_dir} did not start: see {data_dir / 'log'}")
    return _embedded_settings(info.socket_dir)


def _pg_ctl(server, args: list[str]) -> None:  # server: pgserver.PostgresServer
    from pgserver._commands import pg_ctl

    socket_args = ["-o", '-h ""', "-o", f"-k {server.get_postmaster_info().socket_dir}"]
    pg_ctl([*socket_args, "-l", str(server.log), *args], pgdata=server.pgdata, user=server.system_user)


def stop_embedded(data_dir: Path | None = None) -> bool:
    data_dir = data_dir or embedded_data_dir()
    if _postmaster(data_dir) is None:
        return False
    from pgserver._commands import pg_ctl

    user = "pgserver" if os.geteuid() == 0 else None
    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=data_dir, user=user)
    return True


def settings() -> ConnectionSettings:
    """The server every command uses: external when PGHOST is set, else the embedded one."""
    conn = _external_settings() if is_external() else start_embedded()
    ensure_database(conn)
    return conn


def ensure_database(conn: ConnectionSettings) -> None:
    try:
        admin_connection = psycopg2.connect(conn.dsn("postgres"), connect_timeout=10)
    except psycopg2.OperationalError as error:
        where = f"embedded server in {conn.host}" if conn.embedded else f"{conn.host}:{conn.port}"
        raise DatabaseUnavailable(f"cannot connect to PostgreSQL ({where}): {error}".strip()) from error
    with contextlib.closing(admin_connection) as admin:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute("select 1 from pg_database where datname = %s", (conn.database,))
            if cur.fetchone() is None:
                cur.execute(f'create database "{conn.database}"')


@contextlib.contextmanager
def connect(conn: ConnectionSettings | None = None) -> Iterator[psycopg2.extensions.connection]:
    conn = conn or settings()
    connection = psycopg2.connect(conn.dsn(), application_name="techhub-dwh")
    try:
        yield connection
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.close()


def subprocess_env(conn: ConnectionSettings | None = None) -> dict[str, str]:
    """os.environ plus the libpq variables, for dbt and other child processes."""
    conn = conn or settings()
    return {**os.environ, **conn.env()}
