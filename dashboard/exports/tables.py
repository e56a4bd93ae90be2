"""A chart's numbers as CSV and XLSX: the caption lines, a blank line, then the rows behind it.

The rows are exactly `charts.table_of(figure)` (aggregates only: the figure never held more).
Text cells that a spreadsheet would run as a formula (=, +, -, @ first) are written with a
leading apostrophe: region and organization names come from the import and are not trusted.
CSV is UTF-8 with a byte-order mark, so Excel reads Cyrillic right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pandas as pd
from openpyxl.styles import Font

from dashboard.exports.caption import Caption

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHARE_FORMAT = "0.0%"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A value a spreadsheet will show as written, never evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def frame(rows: Sequence[dict]) -> pd.DataFrame:
    """The rows as a data frame, column names and text cells made safe."""
    table = pd.DataFrame(list(rows))
    table.columns = [safe_cell(str(c)) for c in table.columns]
    return table.map(safe_cell) if not table.empty else table


def to_csv(rows: Sequence[dict], caption: Caption) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows([safe_cell(label), safe_cell(value)] for label, value in caption.header())
    writer.writerow([])
    frame(rows).to_csv(out, index=False, lineterminator="\r\n")
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(rows: Sequence[dict], caption: Caption, sheet: str = "data") -> bytes:
    return workbook([(sheet, rows, caption)])


def sheet_name(text: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = "".join("_" if ch in '[]:*?/\\' else ch for ch in text)[:31] or "data"
    base, number = name, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def workbook(sheets: Sequence[tuple[str, Sequence[dict], Caption]]) -> bytes:
    """One sheet per (name, rows, caption), each with its caption above its rows."""
    out = io.BytesIO()
    taken: set[str] = set()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, rows, caption in sheets:
            _write_sheet(writer, sheet_name(name, taken), rows, caption)
    return out.getvalue()


def _write_sheet(writer, sheet: str, rows: Sequence[dict], caption: Caption) -> None:
    header = caption.header()
    table = frame(rows)
    table.to_excel(writer, sheet_name=sheet, startrow=len(header) + 1, index=False)
    worksheet = writer.sheets[sheet]
    for line, (label, value) in enumerate(header, start=1):
        worksheet.cell(row=line, column=1, value=safe_cell(label)).font = Font(bold=True)
        worksheet.cell(row=line, column=2, value=safe_cell(value))
    first_data_row = len(header) + 3
    for index, name in enumerate(table.columns, start=1):
        if str(name).startswith("share"):
            for row in range(first_data_row, first_data_row + len(table)):
                worksheet.cell(row=row, column=index).number_format = SHARE_FORMAT
    worksheet.column_dimensions["A"].width = 28
    worksheet.column_dimensions["B"].width = 40
