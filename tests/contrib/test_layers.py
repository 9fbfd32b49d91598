"""The packages depend one way: linkwatch (the checker) may import handbook, never the reverse.

The checker writes its report and state; the site build only reads them, through the types in
handbook/linkdata.py and the verdict registry in handbook/verdicts.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, at any depth (functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_imports_are_parsed() -> None:
    assert "handbook.yamlsource" in imported_modules(SCRIPTS / "linkwatch" / "collect.py")


def test_handbook_never_imports_linkwatch() -> None:
    offenders = {
        str(path.relative_to(SCRIPTS)): sorted(
            m for m in imported_modules(path) if m == "linkwatch" or m.startswith("linkwatch.")
        )
        for path in sorted((SCRIPTS / "handbook").rglob("*.py"))
    }
    assert {path: mods for path, mods in offenders.items() if mods} == {}, (
        "scripts/handbook must not import linkwatch: move what both need into handbook "
        "(as linkdata.py and verdicts.py are) and import it from linkwatch"
    )
