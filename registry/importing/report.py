"""The report of an import: counts, the rows not taken with their reasons, the preview.

``created + updated + unchanged + rejected == total``; the downloadable report lists every
rejected row with its row number, the Polish reason and the values as they were in the file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from registry.importing.mapping import HEADER_ALIASES
from registry.spreadsheets import SafeCsvWriter


@dataclass
class RejectedRow:
    row: int
    reason: str
    values: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "reason": self.reason, "values": self.values}


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    blank_lines: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    preview: list[dict[str, Any]] = field(default_factory=list)
    dry_run: bool = False

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)

    def summary_line(self) -> str:
        return (
            f"total={self.total} created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} rejected={self.rejected_count}"
        )


def rejected_report_csv(rejected: list[dict[str, Any]] | list[RejectedRow]) -> str:
    """The downloadable report: one line per row not taken, with the reason (UTF-8 with BOM)."""
    rows = [r.as_dict() if isinstance(r, RejectedRow) else r for r in rejected]
    order = {name: i for i, name in enumerate(HEADER_ALIASES)}
    columns = sorted(
        {key for r in rows for key in r.get("values", {})}, key=lambda c: order.get(c, len(order))
    )
    out = io.StringIO()
    out.write("\ufeff")
    # The rows were refused, so they are raw input: never let a spreadsheet run them.
    writer = SafeCsvWriter(out, delimiter=";")
    writer.writerow(["wiersz", "powód", *columns])
    for r in rows:
        writer.writerow([r["row"], r["reason"], *(r.get("values", {}).get(c, "") for c in columns)])
    return out.getvalue()
