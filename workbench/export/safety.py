"""Spreadsheet safety: text a spreadsheet would run as a formula stays inert, and reads back exactly.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what
OWASP calls CSV (formula) injection: Excel, LibreOffice and Google Sheets may evaluate it.

- CSV has no cell types, so such text gets a leading apostrophe (OWASP's advice): spreadsheets show
  it as text. The escape is reversible: ``csv_unescape`` removes exactly the apostrophes
  ``csv_escape`` added (text that already starts with an apostrophe before a trigger gets a second
  one), so the round trip gives back the original quote.
- XLSX has cell types. Every text is written as a string cell (XlsxWriter ``write_string``, with
  ``strings_to_formulas`` off), which no spreadsheet evaluates, so the cell reads exactly as the
  quote. Formula-like text also carries the ``quotePrefix`` style: Excel shows the hidden
  apostrophe in the formula bar and keeps the cell text when a reviewer edits it, instead of
  turning it into a formula.
- OOXML text cannot hold most C0 control characters: XlsxWriter escapes them as ``_xHHHH_`` (and a
  literal ``_xHHHH_`` as ``_x005F_xHHHH_``), as Excel does. Spreadsheets decode this; openpyxl does
  not, so ``xlsx_unescape`` decodes text read back with openpyxl.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CHARS = 32767  # Excel's limit on the text of one cell

_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could take this text for a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def csv_escape(text: str) -> str:
    """Text for a CSV field: formula-like text gets a leading apostrophe (reversible)."""
    if looks_like_formula(text) or (text.startswith("'") and looks_like_formula(text.lstrip("'"))):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """The original text of a CSV field written by csv_escape."""
    if text.startswith("'") and looks_like_formula(text.lstrip("'")):
        return text[1:]
    return text


def xlsx_text(text: str) -> str:
    """Text for an XLSX string cell: cut to Excel's limit of 32,767 characters per cell."""
    return text if len(text) <= EXCEL_MAX_CHARS else text[:EXCEL_MAX_CHARS]


def xlsx_unescape(text: str) -> str:
    """The text of an XLSX string cell as a spreadsheet shows it (decodes ``_xHHHH_``)."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def same_as_exported(sheet_text: str, stored: str) -> bool:
    """True when a cell's text is the stored text as an export wrote it (allowing Excel's cut)."""
    if sheet_text == stored:
        return True
    return len(stored) > EXCEL_MAX_CHARS and sheet_text == xlsx_text(stored)
