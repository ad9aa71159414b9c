"""Production code never imports the evaluation package: stages, training and corpus readers
stand alone, and `eventatlas.evaluate` sits on top of them (issue 18/23)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "eventatlas"
# The CLI registers the eval commands, and three commands borrow its table printer/readers.
ALLOWED = {"cli.py", "commands/actors.py", "commands/demo.py", "commands/flows.py"}


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
