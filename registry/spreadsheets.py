"""Spreadsheet-safe cells: values from the public never become formulas (CSV injection).

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula when a spreadsheet opens the file (OWASP "CSV Injection"): a public form entry named
``=HYPERLINK(...)`` would turn into a live link once accepted into the register.

- CSV has no cell types, so such a cell gets a leading apostrophe, the spreadsheets' own "this
  is text" mark. A value that itself begins with an apostrophe followed by one of those
  characters (or by another apostrophe) gets one too, so ``csv_cell_read`` undoes exactly what
  ``csv_cell`` did and an exported file imports back unchanged.
- XLSX cells are typed: every text cell is written as a string cell, never as a formula, so the
  value stays as it is.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_APOSTROPHE = "'"
_AFTER_APOSTROPHE = (*FORMULA_TRIGGERS, _APOSTROPHE)


def csv_cell(value: Any) -> Any:
    """The value as it must be written to a CSV cell (text that cannot run as a formula)."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_TRIGGERS) or (
        value.startswith(_APOSTROPHE) and value[1:2] in _AFTER_APOSTROPHE
    ):
        return _APOSTROPHE + value
    return value


def csv_cell_read(value: str) -> str:
    """The value ``csv_cell`` was given (the importer's side of the round trip)."""
    if value.startswith(_APOSTROPHE) and value[1:2] in _AFTER_APOSTROPHE:
        return value[1:]
    return value


class SafeCsvWriter:
    """``csv.writer`` whose rows go through ``csv_cell``."""

    def __init__(self, out: IO[str], **kwargs: Any) -> None:
        self._writer = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for ``sheet.append`` (write-only workbook): text is always a string cell.

    openpyxl makes any text starting with ``=`` a formula; the cell type is set back to string.
    Control characters that XLSX cannot hold (openpyxl would refuse the whole file) are dropped.
    """
    cells = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
            cell.data_type = "s"
        else:
            cell = WriteOnlyCell(sheet, value=value)
        cells.append(cell)
    return cells
