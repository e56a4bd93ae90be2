"""The mistakes a coordinator makes in a spreadsheet by hand, each caught with a message they can
act on: a misspelt header (refused, naming the column it resembles, unless declared private),
Excel's `;` CSV (imported, same numbers), labels with typos ("did you mean"), labels separated by
`,`, an old .xls; and the success sentence, the dry run's preview, the template and the guide."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from dashboard.filters import Filters
from dashboard.ingest import IngestRefused, ingest_file
from dashboard.ingest.template import template
from dashboard.schema import COLUMNS
from dashboard.snapshots import SnapshotStore
from dashboard.summary import summary_document
from dashboard.vocab import DIMENSIONS, vocabulary
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2025, 1, 1)


def _rows() -> list[list[str]]:
    with (FIXTURES / "small_export.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _renamed(rows: list[list[str]], old: str, new: str) -> list[list[str]]:
    header = [new if cell.strip() == old else cell for cell in rows[0]]
    assert header != rows[0], old
    return [header, *rows[1:]]


def _column(rows: list[list[str]], name: str) -> int:
    return next(i for i, cell in enumerate(rows[0]) if cell.strip().lower() == name.lower())


@pytest.mark.parametrize(("written", "new", "resembles"), [
    ("Perpetrators", "perpetrator", "perpetrators"),
    ("причины_отказа", "Decline reason", "decline_reasons"),
    ("причины_отказа", "Причина отказа", "причины_отказа"),
    ("Perpetrators", "нарушитель", "нарушители"),
    ("id_случая", "case id", "case_id"),
    ("Services_Unavailable", "services unavailible", "services_unavailable"),
])
def test_a_header_like_a_contract_column_is_refused_and_named(tmp_path, written, new, resembles):
    data = tmp_path / "data"
    ingest_file(FIXTURES / "small_export.csv", data, today=TODAY)
    before = SnapshotStore(data).current_id()
    bad = _write(tmp_path / "export.csv", _renamed(_rows(), written, new))
    with pytest.raises(IngestRefused) as refused:
        ingest_file(bad, data, today=TODAY)
    assert refused.value.kind == "lookalike_column"
    assert f"column {new!r} looks like {resembles!r}" in str(refused.value)
    assert "--private" in str(refused.value) and "docs/export-format.md" in str(refused.value)
    assert SnapshotStore(data).current_id() == before and len(SnapshotStore(data).list()) == 1


def test_a_lookalike_declared_private_is_dropped_unread(tmp_path):
    rows = _renamed(_rows(), "Perpetrators", "perpetrator")
    report = ingest_file(_write(tmp_path / "export.csv", rows), tmp_path / "data", today=TODAY,
                         private=["Perpetrator"])
    assert "perpetrator" in report.dropped_columns and report.rows_imported == 30
    snapshot = SnapshotStore(tmp_path / "data").get()
    assert summary_document(snapshot, Filters())["breakdowns"]["perpetrator"] == []  # declared: none imported


def test_real_private_columns_are_still_dropped_without_a_word(tmp_path):
    report = ingest_file(FIXTURES / "small_export.csv", tmp_path / "data", today=TODAY)
    assert report.dropped_columns == ["client_name", "narrative"]


def test_a_semicolon_csv_from_excel_gives_exactly_the_same_numbers(tmp_path):
    comma = ingest_file(FIXTURES / "small_export.csv", tmp_path / "a", today=TODAY)
    semi = ingest_file(_write(tmp_path / "excel.csv", _rows(), ";"), tmp_path / "b", today=TODAY)
    assert semi.summary == comma.summary and semi.rows_imported == 30

    def numbers(folder):
        document = summary_document(SnapshotStore(folder).get(), Filters())
        document.pop("snapshot")
        return document

    assert numbers(tmp_path / "b") == numbers(tmp_path / "a")


def _problem_reasons(tmp_path, edit) -> list[str]:
    rows = _rows()
    edit(rows)
    with pytest.raises(IngestRefused) as refused:
        ingest_file(_write(tmp_path / "export.csv", rows), tmp_path / "data", today=TODAY)
    return [str(p) for p in refused.value.problems]


def test_a_mistyped_label_gets_a_did_you_mean_in_its_own_language(tmp_path):
    def edit(rows):
        column = _column(rows, "Perpetrators")
        rows[1][column], rows[2][column] = "Polise", "Полицыя"

    reasons = _problem_reasons(tmp_path, edit)
    assert any("'Polise': is not a known perpetrator; did you mean 'Police'?" in r for r in reasons), reasons
    assert any("'Полицыя': is not a known perpetrator; did you mean 'Полиция'?" in r for r in reasons)
    assert all("docs/export-format.md" in r for r in reasons)


def test_labels_separated_by_commas_get_told_to_use_semicolons(tmp_path):
    def edit(rows):
        rows[1][_column(rows, "key_groups")] = "People living with HIV, Sex worker"

    [reason] = _problem_reasons(tmp_path, edit)
    assert reason.endswith("lists several key group values separated by ',': separate them by ';'")


def test_an_age_that_disagrees_with_its_group_is_said_in_words_not_codes(tmp_path):
    def edit(rows):
        rows[1][_column(rows, "Age")] = "61"
        rows[1][_column(rows, "возрастная_группа")] = "19-35"

    [reason] = _problem_reasons(tmp_path, edit)
    assert "disagrees with age 61, which is in the age group 'more than 55'" in reason
    assert "a56_plus" not in reason


def test_an_old_xls_file_is_told_to_be_saved_as_xlsx(tmp_path):
    old = tmp_path / "export.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(IngestRefused, match=r"save it as \.xlsx") as refused:
        ingest_file(old, tmp_path / "data", today=TODAY)
    assert "xlrd" not in str(refused.value)


def test_success_says_what_was_imported(tmp_path):
    report = ingest_file(FIXTURES / "small_export.csv", tmp_path / "data", today=TODAY)
    assert report.sentence() == ("Imported 30 cases of 22 clients in KG, TJ, UZ, registered 2022-03-03 to "
                                 "2024-10-01; private columns dropped unread: client_name, narrative.")


def test_a_dry_run_writes_nothing_and_shows_what_would_change(tmp_path):
    data = tmp_path / "data"
    ingest_file(FIXTURES / "small_export.csv", data, today=TODAY)
    before = SnapshotStore(data).current_id()
    rows = _rows()
    removed = rows.pop(3)  # one case gone
    status = _column(rows, "reaction_status")
    rows[1][status] = "resolved negatively" if "negativ" not in rows[1][status].lower() else "in progress"  # changed
    added = list(rows[2])
    added[_column(rows, "id_случая")] = "NEW-0001"  # one new case, a copy of another
    rows.append(added)
    report = ingest_file(_write(tmp_path / "next.csv", rows), data, today=TODAY, dry_run=True)
    assert report.dry_run and report.sentence().startswith("Would import 30 cases")
    assert SnapshotStore(data).current_id() == before and len(SnapshotStore(data).list()) == 1
    totals = {key: sum(r[key] for r in report.changes) for key in ("added", "removed", "changed", "unchanged")}
    assert totals == {"added": 1, "removed": 1, "changed": 1, "unchanged": 28}
    gone = next(r for r in report.changes if r["removed"])
    assert (gone["year"], gone["removed"]) == (int(removed[_column(rows, "дата_регистрации")][-4:])
                                               if "." in removed[_column(rows, "дата_регистрации")]
                                               else int(removed[_column(rows, "дата_регистрации")][:4]), 1)


def test_rolling_back_makes_an_earlier_snapshot_current(tmp_path):
    data = tmp_path / "data"
    first = ingest_file(FIXTURES / "small_export.csv", data, today=TODAY).snapshot_id
    rows = _rows()[:-5]
    second = ingest_file(_write(tmp_path / "fewer.csv", rows), data, today=TODAY).snapshot_id
    store = SnapshotStore(data)
    assert store.current_id() == second
    assert store.make_current(first).id == first and store.current_id() == first
    assert summary_document(store.get(), Filters())["totals"]["cases"] == 30


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_template_has_drop_downs_and_its_example_row_imports(tmp_path, lang):
    body = template(lang)
    book = openpyxl.load_workbook(io.BytesIO(body))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers == [c.russian if lang == "ru" else c.name for c in COLUMNS]
    validated = {str(rule.sqref).split(":")[0] for rule in sheet.data_validations.dataValidation}
    assert len(validated) == sum(1 for c in COLUMNS if c.dimension)
    assert book["lists"].sheet_state == "hidden"
    path = tmp_path / f"template.{lang}.xlsx"
    path.write_bytes(body)
    report = ingest_file(path, tmp_path / "data", today=TODAY)
    assert report.rows_imported == 1 and report.summary["countries"] == ["TJ"]


@pytest.mark.parametrize(("name", "lang"), [("export-format.md", "en"), ("export-format.ru.md", "ru")])
def test_the_guide_lists_every_column_and_label_the_import_accepts(name, lang):
    guide = (ROOT / "docs" / name).read_text(encoding="utf-8")
    for column in COLUMNS:
        assert column.name in guide and column.russian in guide
    for dimension in DIMENSIONS:
        for entry in vocabulary().entries(dimension):
            assert re.search(rf"\| `{re.escape(entry.code)}` \| {re.escape(entry.en)} \| {re.escape(entry.ru)} \|",
                             guide), (dimension, entry.code)
