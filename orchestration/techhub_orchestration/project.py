"""The dbt project as Dagster sees it, and the warehouse environment every dbt call needs.

The manifest is read when the code location loads (`@dbt_assets` builds one asset per model from
it), so it must exist and be current before `definitions.py` is imported:

- `ensure_manifest()` parses only when the manifest is missing or a file of the dbt project (or
  an environment variable the parse reads) changed since the last parse: under `dagster dev`
  through dagster-dbt's `prepare_if_dev()`, elsewhere (`techhub-dwh build`, tests, a deployed
  code server) with `dbt parse`. An unchanged project loads without starting dbt at all, which
  matters because every run worker and step process imports the code location again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
from pathlib import Path

from dagster_dbt import DbtProject
from dagster_dbt.dbt_project import using_dagster_dev

from techhub_dwh import db
from techhub_dwh.dbt import dbt_executable
from techhub_dwh.paths import project_root

PROJECT_DIR = project_root()
PROFILES_DIR = PROJECT_DIR / "profiles"

# Everything whose change can change the manifest.
_PARSED_PATHS = ("models", "macros", "seeds", "snapshots", "tests/dbt", "analyses", "docs")
_PARSED_FILES = ("dbt_project.yml", "packages.yml", "dependencies.yml", "profiles/profiles.yml")
# Environment variables the project's YAML and SQL read at parse time.
_PARSE_ENV = ("TECHHUB_SOURCE_SCHEMA", "PGDATABASE")
_STAMP_NAME = "techhub_manifest.stamp"


def ensure_warehouse_env() -> None:
    """Give this process (and so every dbt child of DbtCliResource) the warehouse's libpq
    environment: kept as it is when PGHOST is set, else the embedded server's (started if needed)."""
    if not os.environ.get("PGHOST"):
        os.environ.update(db.settings().env())
    os.environ.setdefault("DBT_PROFILES_DIR", str(PROFILES_DIR))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def target_path() -> Path:
    """dbt's target folder, relative to the project: $DBT_TARGET_PATH (default `target`), so that
    several people (and the tests) can build side by side."""
    return Path(os.environ.get("DBT_TARGET_PATH") or "target")


def _project_state() -> tuple[str, float]:
    """A fingerprint of everything dbt parses (newest mtime, file count, parse-time env), and the
    newest mtime itself."""
    newest = 0.0
    count = 0
    for folder in _PARSED_PATHS:
        base = PROJECT_DIR / folder
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            if path.is_file():
                count += 1
                newest = max(newest, path.stat().st_mtime)
    for name in _PARSED_FILES:
        path = PROJECT_DIR / name
        if path.is_file():
            count += 1
            newest = max(newest, path.stat().st_mtime)
    env = {name: os.environ.get(name, "") for name in _PARSE_ENV}
    raw = json.dumps({"newest": newest, "files": count, "env": env}, sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest(), newest


def manifest_is_current(project: DbtProject) -> tuple[bool, str]:
    """Whether the manifest reflects the project's files as they are, and their fingerprint."""
    manifest = project.manifest_path
    stamp = manifest.with_name(_STAMP_NAME)
    fingerprint, newest = _project_state()
    if not manifest.exists():
        return False, fingerprint
    if stamp.exists():
        return stamp.read_text() == fingerprint, fingerprint
    # Parsed outside this module (a deploy step running `dbt parse`): current if newer than every file.
    return manifest.stat().st_mtime > newest, fingerprint


def ensure_manifest(project: DbtProject) -> bool:
    """Parse the dbt project when the manifest is missing or stale; return whether it parsed.

    Under `dagster dev` the parse is dagster-dbt's own `prepare_if_dev()`; elsewhere a plain
    `dbt parse`. Either way an unchanged project is not parsed again, so the code server, each
    run worker and each step process of a run load in about a second."""
    current, fingerprint = manifest_is_current(project)
    stamp = project.manifest_path.with_name(_STAMP_NAME)
    if current:
        if not stamp.exists():
            stamp.write_text(fingerprint)
        return False
    with _parse_lock(project):
        current, fingerprint = manifest_is_current(project)  # another process may just have parsed
        if current:
            return False
        _parse(project)
        stamp.write_text(fingerprint)
    return True


@contextlib.contextmanager
def _parse_lock(project: DbtProject):
    """One parse at a time per target folder (step processes of a run load concurrently)."""
    folder = project.project_dir / project.target_path
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "techhub_manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _parse(project: DbtProject) -> None:
    ensure_warehouse_env()
    if using_dagster_dev():
        project.prepare_if_dev()
    else:
        env = {**os.environ, "DBT_TARGET_PATH": str(project.target_path),
               "DBT_PROFILES_DIR": str(project.profiles_dir)}
        result = subprocess.run(
            [dbt_executable(), "parse", "--quiet"],
            cwd=project.project_dir, env=env, text=True, capture_output=True,
        )
        if result.returncode != 0 or not project.manifest_path.exists():
            raise RuntimeError(
                f"`dbt parse` failed (exit {result.returncode}), so the Dagster definitions cannot load:\n"
                + (result.stdout + result.stderr)[-5000:]
            )


# dbt (started by DbtCliResource with this process's environment) and GX need the warehouse.
ensure_warehouse_env()
techhub_project = DbtProject(
    project_dir=PROJECT_DIR,
    profiles_dir=PROFILES_DIR,
    target_path=target_path(),
)
ensure_manifest(techhub_project)
