"""Superset for the TechHub warehouse: install, initialise, run, provision (`make dashboards`).

Run with the warehouse's Python (.venv), which knows where the warehouse is:

    .venv/bin/python dashboards/superset_ctl.py serve      # all of it, then serve until Ctrl-C
    .venv/bin/python dashboards/superset_ctl.py up         # the same, but leave it in the background
    .venv/bin/python dashboards/superset_ctl.py stop       # stop the background server
    .venv/bin/python dashboards/superset_ctl.py status

Superset lives in its own virtual environment (.superset/venv, pinned by
dashboards/requirements.txt and constraints.txt) with its metadata in SQLite
(.superset/superset.db), all git-ignored. It listens on 127.0.0.1 only (port SUPERSET_PORT,
default 8088) and reads the warehouse as the role techhub_bi (password TECHHUB_BI_PASSWORD,
none by default: the embedded server trusts its socket). The database is the warehouse's
(PGDATABASE, default techhub_dwh). The admin login is SUPERSET_ADMIN_USER /
SUPERSET_ADMIN_PASSWORD (default admin / admin: the server is reachable from this machine only).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOME = Path(os.environ.get("TECHHUB_SUPERSET_HOME") or ROOT / ".superset")
VENV = HOME / "venv"
BIN = VENV / "bin"
PIDFILE = HOME / "superset.pid"
LOGFILE = HOME / "superset.log"
REQUIREMENTS = HERE / "requirements.txt"
CONSTRAINTS = HERE / "constraints.txt"
HOST = "127.0.0.1"
PORT = int(os.environ.get("SUPERSET_PORT") or 8088)
URL = f"http://{HOST}:{PORT}"
ADMIN_USER = os.environ.get("SUPERSET_ADMIN_USER", "admin")
ADMIN_PASSWORD = os.environ.get("SUPERSET_ADMIN_PASSWORD", "admin")


def log(message: str) -> None:
    print(f"superset: {message}", flush=True)


def superset_env() -> dict[str, str]:
    """Superset's own environment: its config, and none of the build user's libpq variables
    (the dashboard must read the warehouse as techhub_bi, never as the build user)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update({
        "SUPERSET_CONFIG_PATH": str(HERE / "superset_config.py"),
        "TECHHUB_SUPERSET_HOME": str(HOME),
        "FLASK_APP": "superset",
        "SUPERSET_LOAD_EXAMPLES": "no",
        "SCARF_ANALYTICS": "false",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def run(command: list[str], quiet: bool = False) -> None:
    result = subprocess.run(command, env=superset_env(), cwd=ROOT, text=True,
                            capture_output=quiet)
    if result.returncode != 0:
        if quiet:
            sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"superset: `{' '.join(command)}` failed (exit {result.returncode})")


def _stamp(*paths: Path) -> str:
    digest = hashlib.md5(b"".join(path.read_bytes() for path in paths)).hexdigest()[:12]
    return digest


def install() -> None:
    """Create .superset/venv and install the pinned Superset, unless already done."""
    stamp = VENV / f".installed-{_stamp(REQUIREMENTS, CONSTRAINTS)}"
    if stamp.exists():
        return
    python = os.environ.get("SUPERSET_PYTHON") or _python311()
    if not (BIN / "python").exists():
        log(f"creating {VENV} with {python}")
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    log("installing Superset (a few minutes the first time)")
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip", "setuptools", "wheel"], check=True)
    subprocess.run([*pip, "-r", str(REQUIREMENTS), "-c", str(CONSTRAINTS)], check=True)
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def _python311() -> str:
    for candidate in ("python3.11", "python3.12", "python3"):
        for folder in os.environ.get("PATH", "").split(os.pathsep):
            if (Path(folder) / candidate).exists():
                return str(Path(folder) / candidate)
    return sys.executable


def initialise() -> None:
    """Metadata database migrations, roles and permissions, the admin user."""
    version = subprocess.run([str(BIN / "python"), "-c", "import importlib.metadata as m; "
                              "print(m.version('apache-superset'))"], capture_output=True, text=True,
                             check=True).stdout.strip()
    stamp = HOME / f".initialised-{version}"
    if stamp.exists():
        return
    log(f"initialising the metadata database ({HOME / 'superset.db'})")
    run([str(BIN / "superset"), "db", "upgrade"], quiet=True)
    run([str(BIN / "superset"), "fab", "create-admin", "--username", ADMIN_USER, "--firstname", "TechHub",
         "--lastname", "Admin", "--email", f"{ADMIN_USER}@techhub.invalid", "--password", ADMIN_PASSWORD],
        quiet=True)
    run([str(BIN / "superset"), "init"], quiet=True)
    for old in HOME.glob(".initialised-*"):
        old.unlink()
    stamp.touch()


def healthy() -> bool:
    try:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(f"{URL}/health", timeout=3) as reply:
            return reply.status == 200
    except (urllib.error.URLError, OSError):
        return False


def running_pid() -> int | None:
    try:
        pid = int(PIDFILE.read_text())
        os.kill(pid, 0)
        return pid
    except (FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        return None


def start() -> bool:
    """Start the web server in the background; False when one already answers on the port."""
    if healthy():
        log(f"already serving on {URL}")
        return False
    HOME.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "gunicorn"), "--bind", f"{HOST}:{PORT}", "--workers", "2", "--worker-class", "gthread",
               "--threads", "4", "--timeout", "120", "--limit-request-line", "0",
               "--limit-request-field_size", "0", "superset.app:create_app()"]
    with open(LOGFILE, "ab") as logfile:
        process = subprocess.Popen(command, env=superset_env(), cwd=ROOT, stdout=logfile, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    PIDFILE.write_text(str(process.pid))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"superset: the server exited (code {process.returncode}); see {LOGFILE}")
        if healthy():
            log(f"serving on {URL} (pid {process.pid}, log {LOGFILE.relative_to(ROOT)})")
            return True
        time.sleep(1)
    raise SystemExit(f"superset: no answer on {URL} after 3 minutes; see {LOGFILE}")


def stop() -> None:
    pid = running_pid()
    if pid is None:
        log("not running (no live pid in .superset/superset.pid)")
        return
    os.killpg(pid, signal.SIGTERM)  # gunicorn's master and workers: the session we started
    for _ in range(30):
        if running_pid() is None:
            break
        time.sleep(0.5)
    PIDFILE.unlink(missing_ok=True)
    log(f"stopped (pid {pid})")


def warehouse_uri() -> str:
    """The warehouse as techhub_bi: same server and database as the build, another role."""
    sys.path.insert(0, str(ROOT / "src"))
    from techhub_dwh import db

    conn = db.settings()
    user = os.environ.get("TECHHUB_BI_USER", "techhub_bi")
    password = os.environ.get("TECHHUB_BI_PASSWORD", "")
    credentials = quote(user, safe="") + (f":{quote(password, safe='')}" if password else "")
    if conn.host.startswith("/"):  # the embedded server: a unix socket folder
        return (f"postgresql+psycopg2://{credentials}@localhost:{conn.port}/{quote(conn.database)}"
                f"?host={quote(conn.host, safe='/')}")
    return f"postgresql+psycopg2://{credentials}@{conn.host}:{conn.port}/{quote(conn.database)}"


def provision() -> str:
    sys.path.insert(0, str(HERE))
    import provision as provisioning

    log("provisioning the KPI dashboard from dashboards/kpi_dashboard.yml")
    try:
        return provisioning.provision(URL, ADMIN_USER, ADMIN_PASSWORD, warehouse_uri())
    except provisioning.ProvisionError as error:
        raise SystemExit(f"superset: {error}") from error


def up() -> tuple[str, bool]:
    install()
    initialise()
    started = start()
    return provision(), started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Superset for the TechHub warehouse.")
    parser.add_argument("action", choices=["install", "init", "start", "provision", "up", "serve", "stop", "status"])
    args = parser.parse_args(argv)
    if args.action == "install":
        install()
    elif args.action == "init":
        install()
        initialise()
    elif args.action == "start":
        start()
    elif args.action == "provision":
        provision()
    elif args.action == "up":
        url, _ = up()
        log(f"dashboard: {url}  (login {ADMIN_USER}; stop with `superset_ctl.py stop`)")
    elif args.action == "serve":
        url, started = up()
        log(f"dashboard: {url}  (login {ADMIN_USER}); Ctrl-C stops the server")
        if not started:
            return 0
        try:
            while running_pid() is not None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
    elif args.action == "stop":
        stop()
    elif args.action == "status":
        pid = running_pid()
        state = "serving" if healthy() else "not answering"
        log(f"{state} on {URL}" + (f" (pid {pid})" if pid else ""))
        return 0 if healthy() else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
