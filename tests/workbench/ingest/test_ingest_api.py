"""The package's public interface, its cheap import, and its independence from Qt."""

from __future__ import annotations

import ast
import dataclasses
import datetime
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import workbench.ingest as ingest
from workbench.errors import ImportFailed

PACKAGE = Path(ingest.__file__).parent
HEAVY = ("trafilatura", "pypdf", "docx", "lxml", "charset_normalizer", "htmldate", "PySide6")


def test_public_names() -> None:
    assert ingest.DEFAULT_MAX_BYTES == 50 * 1024 * 1024
    assert isinstance(ingest.SUPPORTED_SUFFIXES, frozenset)
    for name in ("ParsedDocument", "read_document", "parse_bytes", "iter_import_files"):
        assert hasattr(ingest, name)
    assert ingest.ImportFailed is ImportFailed


def test_parsed_document_is_a_frozen_dataclass_with_optional_metadata() -> None:
    fields = [(f.name, f.default) for f in dataclasses.fields(ingest.ParsedDocument)]
    assert fields == [
        ("text", dataclasses.MISSING),
        ("format", dataclasses.MISSING),
        ("title", None),
        ("outlet", None),
        ("published", None),
        ("url", None),
        ("author", None),
        ("language", None),
    ]
    document = ingest.ParsedDocument(text="t", format="text", published=datetime.date(2022, 1, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        document.text = "changed"  # type: ignore[misc]


def test_max_bytes_is_keyword_only() -> None:
    for function in (ingest.read_document, ingest.parse_bytes):
        parameter = inspect.signature(function).parameters["max_bytes"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY
        assert parameter.default == ingest.DEFAULT_MAX_BYTES


def test_importing_the_package_loads_no_format_library() -> None:
    code = (
        "import sys, workbench.ingest; "
        f"print([m for m in sys.modules if m.split('.')[0] in {HEAVY!r}])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parents[1]
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_no_module_imports_qt_or_the_ui(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & {"PySide6", "PyQt5", "PyQt6", "ui"}


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_format_libraries_are_imported_lazily(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    for node in tree.body:  # module level only
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        else:
            continue
        assert not [n for n in names if n.split(".")[0] in HEAVY], f"{module.name}: {names}"
