"""Reading an export file: what kind of file it is, its header, and its rows in batches.

This module owns the file-level refusals of export-format.md (empty, header only, not CSV or
XLSX, another encoding, missing, duplicate or lookalike columns), finds the CSV's separator
(`,` or Excel's `;`) and turns every cell into text, so the
validation sees the same strings whether the file was CSV or XLSX. Private columns are
identified here by their header and never read past it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from dashboard.ingest.problems import N_, IngestRefused, Reason
from dashboard.schema import COLUMNS
from dashboard.vocab import match_key

BATCH_ROWS = 50_000

# Signatures of common files that are neither CSV nor XLSX, to name them in the refusal.
_BINARY_SIGNATURES = {
    b"%PDF": N_("a PDF document"),
    b"\x89PNG": N_("a PNG image"),
    b"\xff\xd8\xff": N_("a JPEG image"),
    b"GIF8": N_("a GIF image"),
    b"\xd0\xcf\x11\xe0": N_("an old Excel (.xls) or Word (.doc) file; in Excel, save it as .xlsx"),
    b"PK\x03\x04": N_("a ZIP archive"),
}

_HEADER_NAMES = {}
for _column in COLUMNS:
    _HEADER_NAMES[match_key(_column.name)] = _column.name
    _HEADER_NAMES[match_key(_column.russian)] = _column.name

MAX_EDITS = 2  # export-format.md: a header within edit distance 2 of a contract header resembles it
# Singular/plural endings ignored when comparing headers (English, then Russian).
_ENDINGS = ("es", "s", "ы", "и", "а", "я", "ов", "ей")


def _squeezed(text: str) -> str:
    """A header with case, spaces, underscores and hyphens ignored."""
    return "".join(ch for ch in match_key(text) if ch not in " _-")


def _stem(text: str) -> str:
    for ending in _ENDINGS:
        if text.endswith(ending) and len(text) > len(ending) + 2:
            return text[: -len(ending)]
    return text


# (squeezed contract header, the header as the contract writes it), English and Russian.
_CONTRACT_FORMS = [(_squeezed(name), name) for column in COLUMNS for name in (column.name, column.russian)]


def resembled_column(header: str) -> str | None:
    """The contract header this non-contract header resembles (export-format.md), if any."""
    squeezed = _squeezed(header)
    if not squeezed:
        return None
    for form, name in _CONTRACT_FORMS:
        if squeezed == form or _stem(squeezed) == _stem(form):
            return name
    best = min(_CONTRACT_FORMS, key=lambda item: Levenshtein.distance(squeezed, item[0]))
    return best[1] if Levenshtein.distance(squeezed, best[0], score_cutoff=MAX_EDITS) <= MAX_EDITS else None


@dataclass(frozen=True)
class Header:
    """Where each contract column sits, and the private columns that are dropped."""

    positions: dict[str, int]  # contract column name -> index in the row
    originals: dict[str, str]  # contract column name -> header text as written
    private: list[str]  # header texts of dropped columns, in file order
    width: int


@dataclass(frozen=True)
class Batch:
    rows: list[int]  # spreadsheet row numbers (header = 1)
    cells: dict[str, list[str]]  # contract column -> cell texts, one per row
    overflow: list[int]  # rows with filled cells beyond the header's last column


def detect_format(path: Path) -> str:
    """'csv' or 'xlsx'; refuses empty files and files that are neither."""
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head.lstrip(codecs.BOM_UTF8).strip():
        raise IngestRefused("empty_file", Reason(N_("%(file)s is empty: it has no header and no rows"), file=path.name))
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
    if _looks_like_utf16_or_32(head):
        raise IngestRefused(
            "encoding",
            Reason(N_("%(file)s is UTF-16 or UTF-32 text (Excel's 'Unicode text'), not UTF-8; save it as "
                      "'CSV UTF-8' and import it again"), file=path.name),
        )
    for signature, what in _BINARY_SIGNATURES.items():
        if head.startswith(signature):
            raise IngestRefused(
                "not_csv_or_xlsx", Reason(N_("%(file)s is %(what)s, not a CSV or XLSX export"), file=path.name,
                                          what=what)
            )
    if b"\x00" in head:
        raise IngestRefused(
            "not_csv_or_xlsx", Reason(N_("%(file)s is a binary file, not a CSV or XLSX export"), file=path.name)
        )
    return "csv"


def _looks_like_utf16_or_32(head: bytes) -> bool:
    """A byte-order mark of UTF-16/32, or text whose every other byte is NUL (UTF-16 without one)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = head[:512]
    if len(sample) < 8:
        return False
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    return max(even_nuls, odd_nuls) > 0.4 and min(even_nuls, odd_nuls) < 0.1


def check_utf8(path: Path) -> None:
    """Refuse a CSV that is not UTF-8 (typically cp1251 from an old Excel), naming the line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                line += chunk[: error.start].count(b"\n")
                raise IngestRefused(
                    "encoding",
                    Reason(N_("%(file)s is not UTF-8 text (first unreadable byte on line %(line)s); save it as "
                              "'CSV UTF-8' and import it again"), file=path.name, line=line),
                ) from None
            line += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise IngestRefused(
                "encoding", Reason(N_("%(file)s is not UTF-8 text (it ends in the middle of a character)"),
                                   file=path.name)
            ) from None


def parse_header(cells: list[str], file_name: str, declared_private: frozenset[str] = frozenset()) -> Header:
    """declared_private: headers the user says are private although they resemble a contract column."""
    declared = {match_key(name) for name in declared_private}
    lookalikes: list[tuple[str, str]] = []
    positions: dict[str, int] = {}
    originals: dict[str, str] = {}
    private: list[str] = []
    seen: dict[str, str] = {}
    duplicates: list[str] = []
    for index, raw in enumerate(cells):
        text = (raw or "").strip()
        if not text:
            private.append(f"(unnamed column {index + 1})")
            continue
        key = match_key(text)
        contract = _HEADER_NAMES.get(key)
        identity = contract or key
        if identity in seen:
            duplicates.append(f"{seen[identity]!r} and {text!r}")
            continue
        seen[identity] = text
        if contract is None:
            resembled = None if key in declared else resembled_column(text)
            if resembled is not None:
                lookalikes.append((text, resembled))
            private.append(text)
        else:
            positions[contract] = index
            originals[contract] = text
    if duplicates:
        raise IngestRefused(
            "duplicate_column",
            Reason(N_("%(file)s has a duplicate column: %(columns)s name the same column"), file=file_name,
                   columns="; ".join(duplicates)),
        )
    if lookalikes:
        raise IngestRefused(
            "lookalike_column",
            Reason(N_("%(file)s: %(columns)s. Rename the column to the format's name, or, if it really is "
                      "private (never imported), declare it so (--private NAME, or the field on the data desk). "
                      "The column names are in docs/export-format.md."), file=file_name,
                   columns="; ".join(f"column {a!r} looks like {b!r}" for a, b in lookalikes),
                   columns_ru="; ".join(f"столбец {a!r} похож на {b!r}" for a, b in lookalikes)),
        )
    missing = [c.name for c in COLUMNS if c.required and c.name not in positions]
    if missing:
        raise IngestRefused(
            "missing_column",
            Reason(N_("%(file)s is missing required column(s): %(columns)s (the column names are in "
                      "docs/export-format.md)"), file=file_name, columns=", ".join(missing)),
        )
    return Header(positions, originals, private, len(cells))


def delimiter(path: Path) -> str:
    """`,` or `;` (Excel in a Russian locale), whichever separates the header row's cells."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    outside_quotes = "".join(part for i, part in enumerate(first.split('"')) if i % 2 == 0)
    return ";" if outside_quotes.count(";") > outside_quotes.count(",") else ","


def _csv_records(path: Path) -> Iterator[list[str]]:
    separator = delimiter(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.reader(handle, delimiter=separator, strict=True)


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(path: Path) -> Iterator[tuple[int, list[str]]]:
    import openpyxl  # imported here: only XLSX imports pay for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise IngestRefused(
            "not_csv_or_xlsx", f"{path.name} could not be read as an XLSX workbook ({error})"
        ) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions; read what is there
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_xlsx_text(value) for value in row]
    finally:
        book.close()


def numbered_records(path: Path, kind: str) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for every record, header included."""
    if kind == "xlsx":
        yield from _xlsx_records(path)
        return
    try:
        yield from enumerate(_csv_records(path), start=1)
    except csv.Error as error:
        raise IngestRefused(
            "not_csv_or_xlsx", f"{path.name} is not a readable CSV file ({error})"
        ) from None


def read_header(path: Path, declared_private: frozenset[str] = frozenset()
                ) -> tuple[str, Header, Iterator[tuple[int, list[str]]]]:
    """Detect the format, check the header, and hand back the remaining records."""
    kind = detect_format(path)
    if kind == "csv":
        check_utf8(path)
    records = numbered_records(path, kind)
    for _number, cells in records:
        if any(cell.strip() for cell in cells):
            return kind, parse_header(cells, path.name, declared_private), records
    raise IngestRefused("empty_file", Reason(N_("%(file)s is empty: it has no header and no rows"), file=path.name))


def batches(header: Header, records: Iterator[tuple[int, list[str]]]) -> Iterator[Batch]:
    """Data rows in batches; wholly blank rows are skipped (spreadsheets leave them)."""
    numbers: list[int] = []
    kept: list[list[str]] = []
    overflow: list[int] = []
    for number, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > header.width and any(cell.strip() for cell in record[header.width :]):
            overflow.append(number)
        numbers.append(number)
        kept.append(record)
        if len(kept) >= BATCH_ROWS:
            yield _transpose(header, numbers, kept, overflow)
            numbers, kept, overflow = [], [], []
    if kept:
        yield _transpose(header, numbers, kept, overflow)


def _transpose(header: Header, numbers: list[int], records: list[list[str]], overflow: list[int]) -> Batch:
    """Rows to columns, reading only the contract columns (private cells are never copied)."""
    cells = {
        name: [record[index] if index < len(record) else "" for record in records]
        for name, index in header.positions.items()
    }
    return Batch(numbers, cells, overflow)
