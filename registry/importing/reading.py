"""Reading import files: encodings, CSV dialects and XLSX workbooks, streamed row by row.

CSV in UTF-8, UTF-8 with BOM or Windows-1250 (detected by a streaming strict UTF-8 pass),
comma/semicolon/tab delimiter (csv.Sniffer), or the first sheet of an XLSX workbook (openpyxl's
read-only mode). Nothing here knows what the columns mean.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from registry.spreadsheets import csv_cell_read


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, no name column...)."""


def detect_encoding(stream: IO[bytes]) -> str:
    """'utf-8-sig' with a BOM, 'utf-8' if the whole file decodes strictly, else 'cp1250'."""
    stream.seek(0)
    head = stream.read(3)
    if head.startswith(codecs.BOM_UTF8):
        stream.seek(0)
        return "utf-8-sig"
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := stream.read(1 << 16):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1250"
    finally:
        stream.seek(0)
    return "utf-8"


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    encoding = detect_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    sample = text.read(1 << 15)
    text.seek(0)
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        dialect = csv.excel
        if first.count(";") > first.count(","):
            dialect = type("semicolon", (csv.excel,), {"delimiter": ";"})
    reader = csv.reader(text, dialect)
    for row in reader:
        yield reader.line_num, [csv_cell_read(cell) for cell in row]
    text.detach()


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"Nie można odczytać pliku XLSX: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        workbook.close()


def read_table(stream: IO[bytes], *, filename: str) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number in the file, cells) for every row, header included."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(stream)
    if filename.lower().endswith(".xls"):
        raise ImportFileError("Format XLS nie jest obsługiwany: zapisz plik jako XLSX lub CSV.")
    return _csv_rows(stream)


def row_is_blank(cells: list[Any]) -> bool:
    """Blank lines are not rows: they are only counted."""
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def cell_text(value: Any) -> str:
    """A cell as stripped text; a whole float (a spreadsheet's identifier) without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets turn identifiers into numbers
    return str(value).strip()
