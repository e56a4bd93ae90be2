"""What the import reports: one problem per bad cell or row, and the refusal that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    row: int | None  # spreadsheet row number, header = 1; None for file-level problems
    column: str | None  # contract column name (English)
    value: str | None  # the offending value as written (contract columns only)
    reason: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        text = ", ".join(where)
        if self.value is not None:
            text += f", value {self.value!r}"
        return f"{text}: {self.reason}" if text else self.reason


class IngestRefused(Exception):
    """The file was refused as a whole; nothing was written and the current snapshot stays.

    `kind` names the refusal of export-format.md: empty_file, header_only, not_csv_or_xlsx,
    encoding, missing_column, duplicate_column or invalid_rows.
    """

    def __init__(self, kind: str, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.kind = kind
        self.problems = problems or []
