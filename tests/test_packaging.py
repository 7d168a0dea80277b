"""What the install relies on: lock files that match pyproject.toml, and every imported package declared."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tasks() -> object:
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")


@pytest.mark.parametrize("lock", ["app", "test", "bundle"])
def test_each_lock_file_was_made_from_todays_dependencies(lock: str) -> None:
    tasks = _tasks()
    text = (ROOT / "requirements" / f"{lock}.txt").read_text(encoding="utf-8")
    assert text.startswith(f"{tasks.INPUTS_LINE}{tasks._inputs_digest(lock)}\n"), (  # type: ignore[attr-defined]
        f"requirements/{lock}.txt is stale: run `python3 tasks.py lock`"
    )
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==\S+(?: ;[^\\\n]*)? \\\n\s+--hash=sha256:[0-9a-f]{64}", text, re.M)
    assert len(pins) == len(re.findall(r"^[A-Za-z0-9_.-]+==", text, re.M)), "every pin carries a hash"


def test_every_package_the_app_imports_is_a_declared_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    owners = metadata.packages_distributions()
    imported: set[str] = set()
    for package in ("workbench", "ui"):
        for path in (ROOT / package).rglob("*.py"):
            if "migrations/versions" in path.as_posix():
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"workbench", "ui", "__future__"}
    # Imported only for a PostgreSQL library: declared in the `postgres` extra.
    extras = {"psycopg": {_name(r) for r in project["optional-dependencies"]["postgres"]}}
    missing = {}
    for module in sorted(third_party):
        dists = {_name(d) for d in owners.get(module, [module])}
        if not dists & (declared | extras.get(module, set())):
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml dependencies: {missing}"
