"""Where the project lives on disk, so every command works from any directory."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding dbt_project.yml: $TECHHUB_DWH_HOME, else the nearest parent of the
    working directory, else the checkout this package was installed from (editable install)."""
    override = os.environ.get("TECHHUB_DWH_HOME")
    if override:
        return Path(override).resolve()
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / "dbt_project.yml").is_file() and (folder / "src" / "techhub_dwh").is_dir():
            return folder
    return Path(__file__).resolve().parents[2]


def embedded_data_dir() -> Path:
    return project_root() / ".pgdata"
