"""Exports (XLSX verdict workbook, CSV tables, ClaimReview and Web Annotation JSON-LD) and the
verdict round trip back from an edited workbook. Plain Python: no Qt here."""

from __future__ import annotations

from workbench.export.registry import FORMATS, ExportFormat, infer_format
from workbench.export.report import AppliedRow, ConflictRow, ExportReport, RowError, VerdictImportReport
from workbench.export.scope import ExportScope, parse_date
from workbench.export.tables import TABLE_NAMES

__all__ = [
    "FORMATS",
    "TABLE_NAMES",
    "AppliedRow",
    "ConflictRow",
    "ExportFormat",
    "ExportReport",
    "ExportScope",
    "RowError",
    "VerdictImportReport",
    "infer_format",
    "parse_date",
]
