"""The baseline without dbt: plain SQL materialized views (sql/*.sql) in the schema `mv_bench`,
one per polymorphic target and per mart and KPI, refreshed whole in dependency order."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path

SQL_DIR = Path(__file__).with_name("sql")
SCHEMA = "mv_bench"
_VIEW = re.compile(r"^\s*create materialized view mv_bench\.(\w+) as\s+(.*)$", re.IGNORECASE | re.DOTALL)
_REFERENCE = re.compile(r"\bmv_bench\.(\w+)\b(?!\s*\()")


@dataclass(frozen=True)
class View:
    name: str
    body: str  # the defining select, with {source} substituted
    depends_on: tuple[str, ...]


def _statements(source: str) -> list[str]:
    statements = []
    for path in sorted(SQL_DIR.glob("*.sql")):
        text = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("--"))
        for chunk in re.split(r";\s*$", text, flags=re.MULTILINE):
            if chunk.strip():
                statements.append(chunk.strip().replace("{source}", source))
    return statements


def load(source: str) -> tuple[list[str], list[View], list[str]]:
    """(function DDL, views in refresh order, index DDL) for a source schema."""
    functions, views, indexes = [], [], []
    for statement in _statements(source):
        match = _VIEW.match(statement)
        if match:
            name, body = match.groups()
            known = {view.name for view in views}
            depends = tuple(dict.fromkeys(_REFERENCE.findall(body)))
            missing = [ref for ref in depends if ref not in known]
            if missing:
                raise ValueError(f"materialized view {name} reads {missing} before they are defined")
            views.append(View(name, body, depends))
        elif statement.lower().startswith("create index"):
            indexes.append(statement)
        else:
            functions.append(statement)
    return functions, views, indexes


def create(cursor, source: str) -> list[View]:
    """Drop and recreate the schema with every view defined but empty (not timed)."""
    functions, views, indexes = load(source)
    cursor.execute(f"drop schema if exists {SCHEMA} cascade")
    cursor.execute(f"create schema {SCHEMA}")
    for statement in functions:
        cursor.execute(statement)
    for view in views:
        cursor.execute(f"create materialized view {SCHEMA}.{view.name} as {view.body} with no data")
    for statement in indexes:
        cursor.execute(statement)
    return views


def refresh_all(cursor, views: list[View]) -> tuple[float, dict[str, float]]:
    """Refresh every view in order, then analyze them (as a nightly job would); (total, per view)."""
    per_view = {}
    started = time.perf_counter()
    for view in views:
        begun = time.perf_counter()
        cursor.execute(f"refresh materialized view {SCHEMA}.{view.name}")
        cursor.execute(f"analyze {SCHEMA}.{view.name}")
        per_view[view.name] = time.perf_counter() - begun
    return time.perf_counter() - started, per_view


def raw_query(views: list[View], name: str) -> str:
    """The view's question asked of the raw source in one statement: every view it reads,
    directly or not, inlined as a CTE (the helper functions stay: they are inlined SQL)."""
    by_name = {view.name: view for view in views}
    needed: list[str] = []

    def visit(view_name: str) -> None:
        for dependency in by_name[view_name].depends_on:
            if dependency not in needed:
                visit(dependency)
        if view_name not in needed:
            needed.append(view_name)

    visit(name)

    def unqualify(body: str) -> str:
        return _REFERENCE.sub(lambda m: m.group(1) if m.group(1) in by_name else m.group(0), body)

    ctes = [f"{view_name} as (\n{unqualify(by_name[view_name].body)}\n)" for view_name in needed]
    ctes[-1] = ctes[-1].replace(f"{name} as (", "__question as (", 1)
    return "with " + ",\n".join(ctes) + "\nselect * from __question"
