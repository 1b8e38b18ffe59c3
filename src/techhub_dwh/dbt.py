"""Running dbt as a child process against the project's warehouse."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from techhub_dwh import db
from techhub_dwh.paths import project_root


def dbt_executable() -> str:
    beside_python = Path(sys.executable).with_name("dbt")
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def dbt_env(conn: db.ConnectionSettings | None = None) -> dict[str, str]:
    root = project_root()
    env = db.subprocess_env(conn)
    env.setdefault("DBT_PROFILES_DIR", str(root / "profiles"))
    env.setdefault("DBT_PROJECT_DIR", str(root))
    env.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    return env


def run_dbt(args: list[str], conn: db.ConnectionSettings | None = None, check: bool = False,
            capture: bool = False) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args>` in the project folder; output streams through unless captured."""
    return subprocess.run(
        [dbt_executable(), *args],
        cwd=project_root(),
        env=dbt_env(conn),
        check=check,
        text=True,
        capture_output=capture,
    )
