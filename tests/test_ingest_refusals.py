"""Every refusal of export-format.md, each from a small file written in tmp_path.

Each refusal test imports a valid file first, then the bad one, and checks that the import is
refused with the right kind, that the problems name the spreadsheet row (header = row 1), the
contract column, the offending value and a reason, and that the current snapshot and the
snapshot folders are exactly as before.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from dashboard.filters import parse_filters
from dashboard.ingest import IngestRefused, ingest_file
from dashboard.snapshots import SnapshotStore
from dashboard.summary import summary_document

TODAY = date(2024, 6, 1)
MARKERS = ("SECRET-NARRATIVE-7731", "SECRET-NAME-4402")

CONTRACT = [
    "case_id", "client_id", "country", "region", "organization", "registered_on", "incident_on",
    "intake_channel", "gender", "age", "age_group", "key_groups", "primary_key_group",
    "qualified_violation", "violations", "perpetrators", "reaction_status", "decline_reasons",
    "services_provided", "services_referred", "services_unavailable",
]
REQUIRED = [
    "case_id", "client_id", "country", "registered_on", "gender", "key_groups",
    "qualified_violation", "reaction_status",
]
RUSSIAN = {
    "case_id": "id_случая", "client_id": "id_клиента", "country": "страна", "region": "регион",
    "organization": "организация", "registered_on": "дата_регистрации",
    "incident_on": "дата_инцидента", "intake_channel": "канал_обращения", "gender": "пол",
    "age": "возраст", "age_group": "возрастная_группа", "key_groups": "ключевые_группы",
    "primary_key_group": "основная_группа", "qualified_violation": "квалифицировано_как_нарушение",
    "violations": "нарушения", "perpetrators": "нарушители", "reaction_status": "статус_реагирования",
    "decline_reasons": "причины_отказа", "services_provided": "услуги_оказаны",
    "services_referred": "услуги_перенаправлены", "services_unavailable": "услуги_недоступны",
}
BASE = {
    "case_id": "A1", "client_id": "P1", "country": "TJ", "region": "Dushanbe",
    "organization": "SPIN Plus", "registered_on": "2023-03-01", "incident_on": "",
    "intake_channel": "office", "gender": "female", "age": "30", "age_group": "",
    "key_groups": "plhiv", "primary_key_group": "", "qualified_violation": "yes",
    "violations": "discrimination", "perpetrators": "healthcare", "reaction_status": "in_progress",
    "decline_reasons": "", "services_provided": "primary_legal", "services_referred": "",
    "services_unavailable": "", "narrative": "SECRET-NARRATIVE-7731 what happened",
    "client_name": "SECRET-NAME-4402 Someone",
}
ALL_COLUMNS = list(BASE)

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF_BYTES = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


# --------------------------------------------------------------------------------------------
# building files


def records(*changes: dict) -> list[dict]:
    """One case per change set: case A<n>, client P<n>, the base values overridden."""
    return [
        {**BASE, "case_id": f"A{n}", "client_id": f"P{n}", **change}
        for n, change in enumerate(changes, start=1)
    ]


def write_table(path: Path, header: list[str], rows: list[list[object]], *,
                encoding: str = "utf-8", bom: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_csv(path: Path, cases: list[dict], columns: list[str] = ALL_COLUMNS, *,
              names: dict[str, str] | None = None, **options) -> Path:
    names = names or {}
    header = [names.get(c, c) for c in columns]
    return write_table(path, header, [[case[c] for c in columns] for case in cases], **options)


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def xlsx_of(path: Path, cases: list[dict], columns: list[str] = ALL_COLUMNS) -> Path:
    return write_xlsx(path, list(columns), [[case[c] for c in columns] for case in cases])


# --------------------------------------------------------------------------------------------
# checking


def folder_listing(data_dir: Path) -> list[str]:
    snapshots = data_dir / "snapshots"
    return sorted(p.name for p in snapshots.iterdir()) if snapshots.is_dir() else []


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """A data dir whose current snapshot is a valid two-case import."""
    data = tmp_path / "data"
    good = write_csv(tmp_path / "good.csv", records({}, {"gender": "male", "age": "40"}))
    report = ingest_file(good, data, today=TODAY)
    assert report.rows_imported == 2
    assert SnapshotStore(data).current_id() == report.snapshot_id
    return data


def refuse(data_dir: Path, source: Path, kind: str) -> IngestRefused:
    """Import `source`, expect a refusal of `kind`, and check nothing changed."""
    store = SnapshotStore(data_dir)
    current = store.current_id()
    folders = folder_listing(data_dir)
    with pytest.raises(IngestRefused) as info:
        ingest_file(source, data_dir, today=TODAY)
    error = info.value
    assert error.kind == kind, f"expected {kind}, got {error.kind}: {error}"
    assert str(error).strip()
    assert store.current_id() == current
    assert folder_listing(data_dir) == folders
    assert store.get().id == current
    if kind == "invalid_rows":
        assert error.problems
        for problem in error.problems:
            assert problem.row is not None and problem.row >= 2, problem
            assert problem.reason.strip(), problem
    return error


def at(error: IngestRefused, row: int, column: str | tuple[str, ...]):
    """The problem reported for (row, column); fails listing every problem when absent."""
    columns = (column,) if isinstance(column, str) else column
    found = [p for p in error.problems if p.row == row and p.column in columns]
    assert found, f"no problem at row {row}, column {column}; got {[str(p) for p in error.problems]}"
    return found[0]


def rows_with_problems(error: IngestRefused) -> set[int]:
    return {p.row for p in error.problems}


def assert_no_private_content(data_dir: Path) -> None:
    for path in data_dir.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        for marker in MARKERS:
            assert marker.encode() not in raw, f"{marker} in {path}"
            assert marker.encode("utf-16-le") not in raw, f"{marker} in {path}"
        texts: list[str] = []
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            texts.append(json.dumps(table.to_pylist(), default=str, ensure_ascii=False))
            texts.append(" ".join(table.column_names))
            texts.append(repr(table.schema.metadata))
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path, read_only=True)
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    texts.append(" ".join(str(v) for v in row if v is not None))
        for text in texts:
            for marker in MARKERS:
                assert marker not in text, f"{marker} in {path}"


# --------------------------------------------------------------------------------------------
# row refusals (kind invalid_rows)


def test_unknown_label(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {},
        {"perpetrators": "aliens"},
        {"key_groups": "plhiv;martians"},
        {"intake_channel": "carrier pigeon"},  # never mapped to `other` on its own
        {"reaction_status": "solved-ish"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "perpetrators").value == "aliens"
    assert "martians" in at(error, 4, "key_groups").value
    assert at(error, 5, "intake_channel").value == "carrier pigeon"
    assert at(error, 6, "reaction_status").value == "solved-ish"
    assert rows_with_problems(error) == {3, 4, 5, 6}


def test_unknown_country(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records({"country": "RU"}, {}, {"country": "Russia"}))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 2, "country").value == "RU"
    assert at(error, 4, "country").value == "Russia"
    assert rows_with_problems(error) == {2, 4}


def test_problem_names_the_english_column_under_a_russian_header(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records({}, {"country": "Россия"}), names=RUSSIAN)
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "country").value == "Россия"


def test_repeated_case_id_refuses_every_row_with_it(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"case_id": "A1"}, {"case_id": "A2"}, {"case_id": "A1"}, {"case_id": "A4"},
        {"case_id": "A5"}, {"case_id": " A5 "},  # the same id once trimmed
    ))
    error = refuse(data_dir, source, "invalid_rows")
    for row in (2, 4, 6, 7):
        assert at(error, row, "case_id").value.strip() in ("A1", "A5")
    assert rows_with_problems(error) == {2, 4, 6, 7}


@pytest.mark.parametrize("column, value", [
    ("registered_on", "2023-02-30"),
    ("registered_on", "31/12/2023"),
    ("registered_on", "2023-13-01"),
    ("registered_on", "31.02.2023"),
    ("registered_on", "yesterday"),
    ("registered_on", "12.31.2023"),
    ("incident_on", "2023-99-01"),
    ("incident_on", "soon"),
])
def test_bad_date(data_dir, tmp_path, column, value):
    source = write_csv(tmp_path / "bad.csv", records({}, {column: value}))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, column).value == value
    assert rows_with_problems(error) == {3}


def test_registered_on_after_the_import_day(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"registered_on": "2024-06-01"},  # the import day itself is fine
        {"registered_on": "2024-06-02"},
        {"registered_on": "02.06.2024"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "registered_on").value == "2024-06-02"
    assert at(error, 4, "registered_on").value == "02.06.2024"
    assert rows_with_problems(error) == {3, 4}


def test_registered_on_before_2015(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"registered_on": "2015-01-01"},
        {"registered_on": "2014-12-31"},
        {"registered_on": "31.12.2014"},
        {"registered_on": "01.01.2015"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "registered_on").value == "2014-12-31"
    assert at(error, 4, "registered_on").value == "31.12.2014"
    assert rows_with_problems(error) == {3, 4}


def test_incident_after_registration(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"registered_on": "2023-03-01", "incident_on": "2023-03-01"},
        {"registered_on": "2023-03-01", "incident_on": "2023-03-02"},
        {"registered_on": "2023-03-01", "incident_on": "02.03.2023"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "incident_on").value == "2023-03-02"
    assert at(error, 4, "incident_on").value == "02.03.2023"
    assert rows_with_problems(error) == {3, 4}


def test_age_out_of_range_or_not_an_integer(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"age": "0"}, {"age": "120"},
        {"age": "121"}, {"age": "-1"}, {"age": "thirty"}, {"age": "30.5"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    for row, value in ((4, "121"), (5, "-1"), (6, "thirty"), (7, "30.5")):
        assert at(error, row, "age").value == value
    assert rows_with_problems(error) == {4, 5, 6, 7}


def test_age_and_age_group_disagree(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"age": "35", "age_group": "19-35"},
        {"age": "30", "age_group": "36-55"},
        {"age": "56", "age_group": "36–55"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    at(error, 3, ("age", "age_group"))
    at(error, 4, ("age", "age_group"))
    assert rows_with_problems(error) == {3, 4}


def test_neither_age_nor_age_group(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"age": "", "age_group": "a19_35"},
        {"age": "", "age_group": ""},
        {"age": "  ", "age_group": " "},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    at(error, 3, ("age", "age_group"))
    at(error, 4, ("age", "age_group"))
    assert rows_with_problems(error) == {3, 4}


def test_primary_group_not_among_key_groups(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"key_groups": "plhiv;PWID", "primary_key_group": "People who use drugs"},
        {"key_groups": "plhiv", "primary_key_group": "pwud"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "primary_key_group").value == "pwud"
    assert rows_with_problems(error) == {3}


def test_empty_key_groups(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {}, {"key_groups": ""}, {"key_groups": ";"}, {"key_groups": " ; ; "},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    for row in (3, 4, 5):
        at(error, row, "key_groups")
    assert rows_with_problems(error) == {3, 4, 5}


@pytest.mark.parametrize("value", ["maybe", "2", "y", "", "не знаю"])
def test_qualified_violation_not_yes_or_no(data_dir, tmp_path, value):
    source = write_csv(tmp_path / "bad.csv", records({"qualified_violation": "Нет"}, {"qualified_violation": value}))
    error = refuse(data_dir, source, "invalid_rows")
    assert (at(error, 3, "qualified_violation").value or "") == value
    assert rows_with_problems(error) == {3}


@pytest.mark.parametrize("column", [
    "case_id", "client_id", "country", "registered_on", "gender", "reaction_status",
])
def test_required_cell_left_empty(data_dir, tmp_path, column):
    source = write_csv(tmp_path / "bad.csv", records({}, {column: ""}))
    error = refuse(data_dir, source, "invalid_rows")
    at(error, 3, column)
    assert rows_with_problems(error) == {3}


def test_row_numbers_count_a_multi_line_cell_as_one_row(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"narrative": "SECRET-NARRATIVE-7731 first line\nsecond line\n\nfourth line"},
        {"country": "Atlantis"},
        {"narrative": "SECRET-NARRATIVE-7731 one, \"two\"\r\nthree"},
        {"gender": "robot"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "country").value == "Atlantis"
    assert at(error, 5, "gender").value == "robot"
    assert rows_with_problems(error) == {3, 5}


def test_every_problem_of_the_file_is_reported(data_dir, tmp_path):
    source = write_csv(tmp_path / "bad.csv", records(
        {"country": "RU"},
        {},
        {"registered_on": "2023-02-30", "gender": "robot"},  # two problems in one row
        {"age": "200"},
        {},
        {"key_groups": "plhiv", "primary_key_group": "tb", "perpetrators": "police;aliens"},
    ))
    error = refuse(data_dir, source, "invalid_rows")
    found = {(p.row, p.column) for p in error.problems}
    expected = {
        (2, "country"), (4, "registered_on"), (4, "gender"), (5, "age"),
        (7, "primary_key_group"), (7, "perpetrators"),
    }
    assert expected <= found, sorted(found)
    assert rows_with_problems(error) == {2, 4, 5, 7}


def test_xlsx_row_refusal_names_the_sheet_row(data_dir, tmp_path):
    cases = records({}, {"gender": "robot"}, {"registered_on": "2014-05-05"})
    cases[0]["registered_on"] = date(2023, 3, 1)  # a real Excel date
    source = xlsx_of(tmp_path / "bad.xlsx", cases)
    error = refuse(data_dir, source, "invalid_rows")
    assert at(error, 3, "gender").value == "robot"
    at(error, 4, "registered_on")
    assert rows_with_problems(error) == {3, 4}


# --------------------------------------------------------------------------------------------
# file refusals


@pytest.mark.parametrize("missing", REQUIRED)
def test_missing_required_column(data_dir, tmp_path, missing):
    columns = [c for c in ALL_COLUMNS if c != missing]
    source = write_csv(tmp_path / "bad.csv", records({}, {}), columns)
    error = refuse(data_dir, source, "missing_column")
    assert missing in str(error) or any(p.column == missing for p in error.problems)


def test_missing_column_in_xlsx(data_dir, tmp_path):
    columns = [c for c in ALL_COLUMNS if c != "gender"]
    source = xlsx_of(tmp_path / "bad.xlsx", records({}), columns)
    error = refuse(data_dir, source, "missing_column")
    assert "gender" in str(error) or any(p.column == "gender" for p in error.problems)


@pytest.mark.parametrize("extra_header", ["country", "страна", "  COUNTRY ", "Страна"])
def test_duplicate_column(data_dir, tmp_path, extra_header):
    header = ALL_COLUMNS + [extra_header]
    rows = [[case[c] for c in ALL_COLUMNS] + ["TJ"] for case in records({}, {})]
    source = write_table(tmp_path / "bad.csv", header, rows)
    error = refuse(data_dir, source, "duplicate_column")
    message = str(error).lower()
    assert ("country" in message or "страна" in message
            or any(p.column == "country" for p in error.problems))


def test_duplicate_column_in_xlsx(data_dir, tmp_path):
    header = ALL_COLUMNS + ["страна"]
    rows = [[case[c] for c in ALL_COLUMNS] + ["TJ"] for case in records({})]
    refuse(data_dir, write_xlsx(tmp_path / "bad.xlsx", header, rows), "duplicate_column")


def test_empty_file(data_dir, tmp_path):
    source = tmp_path / "empty.csv"
    source.write_bytes(b"")
    refuse(data_dir, source, "empty_file")


def test_empty_xlsx(data_dir, tmp_path):
    refuse(data_dir, write_xlsx(tmp_path / "empty.xlsx", [], []), "empty_file")


def test_header_only_file(data_dir, tmp_path):
    refuse(data_dir, write_table(tmp_path / "header.csv", ALL_COLUMNS, []), "header_only")


def test_header_only_file_with_bom_and_russian_headers(data_dir, tmp_path):
    header = [RUSSIAN.get(c, c) for c in ALL_COLUMNS]
    refuse(data_dir, write_table(tmp_path / "header.csv", header, [], bom=True), "header_only")


def test_header_only_xlsx(data_dir, tmp_path):
    refuse(data_dir, write_xlsx(tmp_path / "header.xlsx", ALL_COLUMNS, []), "header_only")


@pytest.mark.parametrize("name, content", [
    ("picture.png", PNG_BYTES),
    ("report.pdf", PDF_BYTES),
    ("export.xlsx", PNG_BYTES),
])
def test_not_csv_or_xlsx(data_dir, tmp_path, name, content):
    source = tmp_path / name
    source.write_bytes(content)
    refuse(data_dir, source, "not_csv_or_xlsx")


@pytest.mark.parametrize("encoding", ["cp1251", "utf-16"])
def test_file_in_another_encoding(data_dir, tmp_path, encoding):
    cases = records({"country": "Таджикистан", "gender": "Женщина", "key_groups": "ЛЖВ"}, {})
    source = write_csv(tmp_path / "export.csv", cases, names=RUSSIAN, encoding=encoding)
    refuse(data_dir, source, "encoding")


# --------------------------------------------------------------------------------------------
# what must import


def test_bom_is_accepted(tmp_path):
    source = write_csv(tmp_path / "bom.csv", records({}, {"country": "Таджикистан"}), names=RUSSIAN, bom=True)
    report = ingest_file(source, tmp_path / "data", today=TODAY)
    assert report.rows_imported == 2
    assert report.problems == []


def test_optional_columns_may_be_absent(tmp_path):
    source = write_csv(tmp_path / "minimal.csv", records({}, {"age": "", "age_group": "56+"}),
                       REQUIRED + ["age", "age_group"])
    data = tmp_path / "data"
    report = ingest_file(source, data, today=TODAY)
    assert report.rows_imported == 2
    filters, _ = parse_filters({})
    doc = summary_document(SnapshotStore(data).get(), filters)
    assert [(e["country"], e["region"], e["cases"]) for e in doc["breakdowns"]["region"] if e["cases"]] == [
        ("TJ", "Unknown", 2),
    ]
    assert [(e["code"], e["cases"]) for e in doc["breakdowns"]["intake_channel"] if e["cases"]] == [
        ("other", 2),
    ]


# --------------------------------------------------------------------------------------------
# skip_invalid, the rejects file, and privacy


def _read_rejects(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    to_contract = {c: c for c in CONTRACT} | {v: k for k, v in RUSSIAN.items()}
    if path.suffix.lower() == ".xlsx":
        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        table = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
    header = [h.strip().lower() for h in table[0]]
    names = [to_contract.get(h, h) for h in header]
    return names, [dict(zip(names, row)) for row in table[1:]]


def test_skip_invalid_imports_the_valid_rows_and_writes_rejects(data_dir, tmp_path):
    previous = SnapshotStore(data_dir).current_id()
    cases = records(
        {},                                                                      # row 2: ok
        {"country": "RU", "region": "  Khatlon  ", "perpetrators": "police;Police;",
         "narrative": "SECRET-NARRATIVE-7731 with a\nnewline"},                 # row 3: bad
        {"registered_on": "15.03.2023"},                                         # row 4: ok
        {"case_id": "A4"},                                                       # row 5: repeated id
        {"case_id": "A4", "gender": "M"},                                        # row 6: repeated id
        {"age": "", "age_group": "16–18"},                                       # row 7: ok
    )
    source = write_csv(tmp_path / "mixed.csv", cases)
    report = ingest_file(source, data_dir, skip_invalid=True, today=TODAY)

    assert report.rows_read == 6
    assert report.rows_imported == 3
    assert report.rows_rejected == 3
    assert {p.row for p in report.problems} == {3, 5, 6}
    assert sorted(report.dropped_columns) == ["client_name", "narrative"]
    store = SnapshotStore(data_dir)
    assert store.current_id() == report.snapshot_id != previous
    filters, _ = parse_filters({})
    assert summary_document(store.get(), filters)["totals"]["cases"] == 3
    assert store.get(previous).id == previous  # the earlier snapshot stays readable

    assert report.rejects_path is not None and Path(report.rejects_path).is_file()
    names, rejected = _read_rejects(Path(report.rejects_path))
    assert "narrative" not in names and "client_name" not in names
    assert set(CONTRACT) <= set(names)
    wanted = [cases[1], cases[3], cases[4]]
    got = sorted(rejected, key=lambda r: (r["case_id"], r["gender"]))
    assert len(got) == 3
    for expected, row in zip(sorted(wanted, key=lambda r: (r["case_id"], r["gender"])), got):
        for column in CONTRACT:
            assert row[column] == expected[column], (column, row[column], expected[column])

    assert_no_private_content(data_dir)


def test_private_columns_never_reach_the_data_dir(tmp_path):
    data = tmp_path / "data"
    fixture = Path(__file__).parent / "fixtures" / "small_export.csv"
    ingest_file(fixture, data, today=date(2025, 1, 15))
    bad = write_csv(tmp_path / "bad.csv", records({}, {"country": "RU"}))
    with pytest.raises(IngestRefused):
        ingest_file(bad, data, today=TODAY)
    ingest_file(bad, data, skip_invalid=True, today=TODAY)
    xlsx = xlsx_of(tmp_path / "more.xlsx", records({}, {"gender": "robot"}))
    ingest_file(xlsx, data, skip_invalid=True, today=TODAY)
    assert_no_private_content(data)
