"""The import direction is checked, not just intended: ui talks to the core only through workbench.service."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED_CORE = ("workbench.service", "workbench.errors", "workbench.worddiff")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names if node.module == "workbench")
    return found


def allowed_in_ui(module: str) -> bool:
    """Qt, the standard library, the service and its plain helpers; never SQLAlchemy or core internals."""
    if module.split(".")[0] in ("sqlalchemy", "alembic"):
        return False
    if module.startswith("workbench."):
        return module.startswith(ALLOWED_CORE) or module in ("workbench.__version__", "workbench.bundled_path")
    return True


def test_ui_imports_neither_sqlalchemy_nor_core_internals() -> None:
    bad = {}
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for module in imported_modules(path):
            if not allowed_in_ui(module):
                bad.setdefault(path.name, []).append(module)
    assert bad == {}


def test_core_never_imports_qt_or_the_ui() -> None:
    bad = {}
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        for module in imported_modules(path):
            if module.split(".")[0] in ("PySide6", "shiboken6", "ui"):
                bad.setdefault(str(path.relative_to(ROOT)), []).append(module)
    assert bad == {}
