"""The dbt project as Dagster sees it, and the warehouse environment every dbt call needs.

The manifest is read when the code location loads (`@dbt_assets` builds one asset per model from
it), so it must exist and be current before `definitions.py` is imported:

- under `dagster dev`, `prepare_if_dev()` re-parses on every load (dagster-dbt's convention;
  partial parsing keeps it to a few seconds);
- everywhere else (`techhub-dwh build`, tests, a deployed code server), `ensure_manifest()` runs
  `dbt parse` only when the manifest is missing or older than a file of the dbt project, so an
  unchanged project loads without starting dbt at all.
"""

from __future__ import annotations

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


def ensure_manifest(project: DbtProject) -> bool:
    """Run `dbt parse` when the manifest is missing or stale; return whether it ran."""
    manifest = project.manifest_path
    stamp = manifest.with_name(_STAMP_NAME)
    fingerprint, newest = _project_state()
    if manifest.exists():
        if stamp.exists() and stamp.read_text() == fingerprint:
            return False
        if not stamp.exists() and manifest.stat().st_mtime > newest:
            # Parsed outside this module (a deploy step running `dbt parse`): trust it.
            stamp.write_text(fingerprint)
            return False
    ensure_warehouse_env()
    env = {**os.environ, "DBT_TARGET_PATH": str(project.target_path), "DBT_PROFILES_DIR": str(project.profiles_dir)}
    result = subprocess.run(
        [dbt_executable(), "parse", "--quiet"],
        cwd=project.project_dir, env=env, text=True, capture_output=True,
    )
    if result.returncode != 0 or not manifest.exists():
        raise RuntimeError(
            f"`dbt parse` failed (exit {result.returncode}), so the Dagster definitions cannot load:\n"
            + (result.stdout + result.stderr)[-5000:]
        )
    stamp.write_text(fingerprint)
    return True


# dbt (started by DbtCliResource with this process's environment) and GX need the warehouse.
ensure_warehouse_env()
techhub_project = DbtProject(
    project_dir=PROJECT_DIR,
    profiles_dir=PROFILES_DIR,
    target_path=target_path(),
)
if using_dagster_dev():
    techhub_project.prepare_if_dev()
    techhub_project.manifest_path.with_name(_STAMP_NAME).write_text(_project_state()[0])
else:
    ensure_manifest(techhub_project)
