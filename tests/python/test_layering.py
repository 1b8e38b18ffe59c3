"""Python layering, arrows one way (CONTRIBUTING.md): the library `techhub_dwh` (database,
contract, generator, benchmark) imports neither the Dagster code location nor the command line;
the code location `techhub_orchestration` does not import the command line; `techhub_cli` sits on
top of both. Every import counts, those inside functions too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from techhub_dwh.paths import project_root

ROOT = project_root()
LAYERS = {
    "techhub_dwh": (ROOT / "src" / "techhub_dwh", {"techhub_orchestration", "techhub_cli"}),
    "techhub_orchestration": (ROOT / "orchestration" / "techhub_orchestration", {"techhub_cli"}),
}


def imported_packages(path: Path) -> set[str]:
    packages = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            packages.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            packages.add(node.module.split(".")[0])
    return packages


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_package_imports_only_layers_below(package: str) -> None:
    folder, forbidden = LAYERS[package]
    files = sorted(folder.rglob("*.py"))
    assert files, f"no Python file under {folder}"
    upward = {str(path.relative_to(ROOT)): sorted(imported_packages(path) & forbidden) for path in files}
    assert {path: names for path, names in upward.items() if names} == {}


def test_the_scanner_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from techhub_orchestration import nightly\n    import techhub_cli.main\n")
    assert imported_packages(module) == {"techhub_orchestration", "techhub_cli"}
