"""The house rules: production code never imports the evaluation package (stages, training
and corpus readers stand alone, `eventatlas.evaluate` sits on top of them), no import cycles,
no grab-bag modules (issue 18/23)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "eventatlas"
# The CLI registers the eval commands, and two commands borrow its table printer.
ALLOWED = {"cli.py", "commands/actors.py", "commands/flows.py"}
# Past this a module holds more than one concern (issue 18: split along the seams).
MAX_LINES = 500


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_stage_imports_the_evaluation_package() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith("evaluate/") or relative in ALLOWED:
            continue
        if any(name.startswith("eventatlas.evaluate") for name in _imports(path)):
            offenders.append(relative)
    assert offenders == []


def _import_cycles() -> list[list[str]]:
    """Groups of modules that import each other, directly or not (Tarjan's strongly connected
    components over grimp's import graph; imports under TYPE_CHECKING do not run)."""
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("eventatlas", exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = stack[stack.index(module):]
            del stack[stack.index(module):]
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_is_part_of_an_import_cycle() -> None:
    assert _import_cycles() == []


def test_the_import_contracts_in_pyproject_are_kept() -> None:
    lint = Path(sys.executable).parent / "lint-imports"
    if not lint.exists():
        pytest.skip("import-linter is not installed (the dev extra has it)")
    run = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True,
                         cwd=PACKAGE.parents[1], check=False)
    assert run.returncode == 0, run.stdout[-2000:]


def test_no_source_file_is_a_grab_bag() -> None:
    long = {path.relative_to(PACKAGE).as_posix(): lines for path in PACKAGE.rglob("*.py")
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
