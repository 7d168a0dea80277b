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
  literal ``_xHHHH_`` as ``_x005F_xHHHH_``), as Excel and LibreOffice do. ``xlsx_unescape`` decodes
  such text exactly once; the verdict import reads the sheet XML itself (``xlsx_read``) because
  openpyxl decodes shared strings halfway and inline strings not at all.
- Excel holds at most 32,767 characters in a cell, counted in UTF-16 code units (an emoji counts
  two), and LibreOffice breaks a paragraph longer than 16,367 of them in a multi-line cell (it
  inserts a line break when it saves). ``needs_parts`` tells such a text; ``cell_parts`` cuts it
  into parts of 16,000, at code point boundaries and never between CR and LF; the workbook
  continues the text on its "Long text" sheet, so nothing is cut or changed.
- Spreadsheets turn CR and CRLF inside a cell or CSV field into LF: ``same_text`` compares with line
  endings made equal, so an unedited cell is not taken for an edit.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CHARS = 32767  # Excel's limit on the text of one cell, in UTF-16 code units
PART_CHARS = 16000  # a long text's parts: below LibreOffice's 16,367 per paragraph of a multi-line cell

_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet could take this text for a formula."""
    return text.startswith(FORMULA_TRIGGERS)


_ESCAPED_AFTER_APOSTROPHE = (*FORMULA_TRIGGERS, "\n")  # a spreadsheet saves a leading CR as LF


def csv_escape(text: str) -> str:
    """Text for a CSV field: formula-like text gets a leading apostrophe (reversible)."""
    if looks_like_formula(text) or (text.startswith("'") and text.lstrip("'").startswith(_ESCAPED_AFTER_APOSTROPHE)):
        return "'" + text
    return text


def csv_unescape(text: str) -> str:
    """The original text of a CSV field written by csv_escape (also after a spreadsheet saved it again)."""
    if text.startswith("'") and text.lstrip("'").startswith(_ESCAPED_AFTER_APOSTROPHE):
        return text[1:]
    return text


def utf16_len(text: str) -> int:
    """The length of text in UTF-16 code units, as Excel counts it."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def cell_parts(text: str, limit: int = EXCEL_MAX_CHARS, first_limit: int | None = None) -> list[str]:
    """text cut into parts of at most limit UTF-16 units (the first of at most first_limit).

    Parts end at code point boundaries and never between CR and LF; joined, they are the text.
    """
    parts: list[str] = []
    start, size, budget = 0, 0, first_limit if first_limit is not None else limit
    for i, ch in enumerate(text):
        width = 2 if ord(ch) > 0xFFFF else 1
        if size + width > budget:
            cut = i - 1 if ch == "\n" and i - 1 > start and text[i - 1] == "\r" else i
            parts.append(text[start:cut])
            start, budget = cut, limit
            size = utf16_len(text[cut:i])
        size += width
    parts.append(text[start:])
    return parts


def needs_parts(text: str) -> bool:
    """True when a text cannot go into one cell unchanged: over Excel's limit, or a multi-line text with a
    paragraph LibreOffice would break."""
    if len(text) <= PART_CHARS // 2:
        return False
    return utf16_len(text) > EXCEL_MAX_CHARS or (
        "\n" in text and any(utf16_len(p) > PART_CHARS for p in text.split("\n"))
    )


def same_line_endings(text: str) -> str:
    """text with CRLF and CR made LF, as spreadsheets save it."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def xlsx_unescape(text: str) -> str:
    """The text of an XLSX string cell as a spreadsheet shows it (decodes ``_xHHHH_``)."""
    if "_x" not in text:
        return text
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def same_text(sheet_text: str, stored: str) -> bool:
    """True when a cell's text is the stored text as a spreadsheet saves it again.

    Line endings aside (a save makes CR and CRLF LF), and a text that is a number ("0042") saved as
    that number ("42") by a spreadsheet that read it as one.
    """
    if sheet_text == stored or same_line_endings(sheet_text) == same_line_endings(stored):
        return True
    a, b = sheet_text.strip(), stored.strip()
    return bool(_NUMBER.fullmatch(a) and _NUMBER.fullmatch(b)) and float(a) == float(b)


def cut_at_limit(sheet_text: str, stored: str) -> bool:
    """True when a cell holds the stored text cut at Excel's limit (Excel cuts a long CSV field when it opens it)."""
    return (
        utf16_len(sheet_text) >= EXCEL_MAX_CHARS - 1 and utf16_len(stored) > utf16_len(sheet_text)
        and same_line_endings(stored).startswith(same_line_endings(sheet_text))
    )
