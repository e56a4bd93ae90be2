"""Checking and normalizing the rows of one batch, cell by cell and across cells.

Every rule of export-format.md that concerns a value lives here: labels to codes, the two date
forms, the age rules, yes/no, the primary group, incident before registration. A cell's text
is parsed once per distinct text in a batch (exports repeat the same labels and dates a lot),
which keeps large imports fast. Rows with any problem are left out of the valid table and
reported; repeated case ids are found later, across batches, by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from dashboard.ingest.problems import N_, Problem, Reason
from dashboard.ingest.reader import Batch
from dashboard.schema import CASE_SCHEMA, COLUMNS, LIST_COLUMNS
from dashboard.vocab import age_group_for, normalize_text, vocabulary

EARLIEST_REGISTRATION = date(2015, 1, 1)
REQUIRED = Reason(N_("is required but empty"))
STAGING_SCHEMA = CASE_SCHEMA.append(pa.field("_row", pa.int64()))
IDS_SCHEMA = pa.schema([("case_id", pa.string()), ("_row", pa.int64())])

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOTTED_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_AGE = re.compile(r"^\d{1,3}$")
_YES = {"yes", "true", "1", "да"}
_NO = {"no", "false", "0", "нет"}

# A parser turns a cell's text into (value, [(value shown, reason), ...]).
Parsed = tuple[object, list[tuple[str, str]]]


@dataclass
class BatchResult:
    valid: pa.Table  # STAGING_SCHEMA
    ids: pa.Table  # IDS_SCHEMA: every non-empty case_id with its row, valid or not
    problems: list[Problem]
    rejected: set[int]


def _parse_id(text: str) -> Parsed:
    value = text.strip()
    return value, ([] if value else [(text, REQUIRED)])


def _parse_text(text: str) -> Parsed:
    return normalize_text(text) or "Unknown", []


def _parse_date(text: str) -> Parsed:
    value = text.strip()
    if not value:
        return None, []
    try:
        if _ISO_DATE.match(value):
            return date.fromisoformat(value), []
        dotted = _DOTTED_DATE.match(value)
        if dotted:
            day, month, year = (int(g) for g in dotted.groups())
            return date(year, month, day), []
    except ValueError:
        return None, [(text, Reason(N_("is not a real calendar date")))]
    return None, [(text, Reason(N_("is not a date in the form YYYY-MM-DD or DD.MM.YYYY")))]


def _parse_age(text: str) -> Parsed:
    value = text.strip()
    if not value:
        return None, []
    if _AGE.match(value) and int(value) <= 120:
        return int(value), []
    return None, [(text, Reason(N_("is not a whole number from 0 to 120")))]


def _parse_yes_no(text: str) -> Parsed:
    value = text.strip().casefold()
    if value in _YES:
        return True, []
    if value in _NO:
        return False, []
    if not value:
        return None, [(text, REQUIRED)]
    return None, [(text, Reason(N_("is not yes or no (yes, no, true, false, 1, 0, да, нет)")))]


def _label_parser(dimension: str, required: bool) -> Callable[[str], Parsed]:
    vocab = vocabulary()

    def parse(text: str) -> Parsed:
        if not text.strip():
            return None, ([(text, REQUIRED)] if required else [])
        code = vocab.match(dimension, text)
        if code is None:
            return None, [(text, _unknown(vocab, dimension, text))]
        return code, []

    return parse


def _labels_parser(dimension: str, required: bool) -> Callable[[str], Parsed]:
    vocab = vocabulary()

    def parse(text: str) -> Parsed:
        codes: list[str] = []
        errors = []
        for item in text.split(";"):
            if not item.strip():
                continue
            code = vocab.match(dimension, item)
            if code is None:
                parts = [p for p in item.split(",") if p.strip()]
                if len(parts) > 1 and all(vocab.match(dimension, p) for p in parts):
                    errors.append((item.strip(), Reason(N_("lists several %(dimension)s values separated by ',': "
                                                           "separate them by ';'"), dimension=dimension)))
                else:
                    errors.append((item.strip(), _unknown(vocab, dimension, item)))
            elif code not in codes:
                codes.append(code)
        if required and not codes and not errors:
            errors.append((text, Reason(N_("needs at least one %(dimension)s"), dimension=dimension)))
        return codes, errors

    return parse


def _unknown(vocab, dimension: str, text: str) -> str:
    """Why a label is refused, with the nearest label when it looks like a typo."""
    nearest = vocab.closest(dimension, text)
    if nearest is not None:
        return Reason(N_("is not a known %(dimension)s; did you mean '%(nearest)s'? (the labels are listed in "
                         "docs/export-format.md)"), dimension=dimension, nearest=nearest)
    return Reason(N_("is not a known %(dimension)s (the labels are listed in docs/export-format.md)"),
                  dimension=dimension)


def _parsers() -> dict[str, Callable[[str], Parsed]]:
    parsers: dict[str, Callable[[str], Parsed]] = {}
    for column in COLUMNS:
        if column.kind == "id":
            parsers[column.name] = _parse_id
        elif column.kind == "text":
            parsers[column.name] = _parse_text
        elif column.kind == "date":
            parsers[column.name] = _parse_date
        elif column.kind == "integer":
            parsers[column.name] = _parse_age
        elif column.kind == "yes_no":
            parsers[column.name] = _parse_yes_no
        elif column.kind == "label":
            parsers[column.name] = _label_parser(column.dimension, column.required)
        else:
            parsers[column.name] = _labels_parser(column.dimension, column.required)
    # An empty registration date is an error; an empty incident date is allowed.
    optional_date = parsers["registered_on"]
    parsers["registered_on"] = lambda text: (
        (None, [(text, REQUIRED)]) if not text.strip() else optional_date(text)
    )
    return parsers


def _parse_column(parse: Callable[[str], Parsed], cells: list[str]) -> tuple[list, dict[int, list]]:
    """Values of one column and {row index: [(value shown, reason)]}; each distinct text parsed once."""
    parsed = {text: parse(text) for text in set(cells)}
    values = [parsed[text][0] for text in cells]
    bad = {text for text, (_value, errors) in parsed.items() if errors}
    errors = {i: parsed[text][1] for i, text in enumerate(cells) if text in bad} if bad else {}
    return values, errors


def _cross_checks(values: dict[str, object], cells: dict[str, str], today: date) -> list[tuple[str, str, str]]:
    """Rules between cells of one row; fills derived values in place. Returns (column, value, reason)."""
    errors = []
    registered = values["registered_on"]
    if isinstance(registered, date):
        if registered > today:
            reason = Reason(N_("is after the day of the import (%(today)s)"), today=today.isoformat())
            errors.append(("registered_on", cells["registered_on"], reason))
        elif registered < EARLIEST_REGISTRATION:
            errors.append(("registered_on", cells["registered_on"], Reason(N_("is before 2015-01-01"))))
        incident = values["incident_on"]
        if isinstance(incident, date) and incident > registered:
            errors.append(("incident_on", cells["incident_on"],
                           Reason(N_("is after registered_on (%(day)s)"), day=registered.isoformat())))

    age, group = values["age"], values["age_group"]
    if age is None and group is None and not cells["age"].strip() and not cells["age_group"].strip():
        errors.append(("age_group", "", Reason(N_("neither age nor age_group is filled; at least one is required"))))
    elif age is not None and group is None and not cells["age_group"].strip():
        values["age_group"] = age_group_for(age)
    elif age is not None and group is not None and age_group_for(age) != group:
        expected = vocabulary().label("age_group", age_group_for(age))
        reason = Reason(N_("disagrees with age %(age)s, which is in the age group '%(group)s'"), age=age,
                        group=expected)
        errors.append(("age_group", cells["age_group"], reason))

    groups = values["key_groups"] or []
    primary = values["primary_key_group"]
    if primary is None and not cells["primary_key_group"].strip():
        values["primary_key_group"] = groups[0] if groups else None
    elif primary is not None and primary not in groups:
        errors.append(("primary_key_group", cells["primary_key_group"],
                       Reason(N_("is not one of the case's key_groups"))))

    if values["intake_channel"] is None and not cells["intake_channel"].strip():
        values["intake_channel"] = "other"
    return errors


# Columns the cross-row rules read; the others are only parsed.
_CROSS_COLUMNS = ("registered_on", "incident_on", "age", "age_group", "key_groups", "primary_key_group",
                  "intake_channel")


def validate_batch(batch: Batch, today: date) -> BatchResult:
    parsers = _parsers()
    size = len(batch.rows)
    empty = [""] * size
    raw = {name: batch.cells.get(name, empty) for name in parsers}
    values: dict[str, list] = {}
    errors: dict[int, list[tuple[str | None, str | None, str]]] = {}
    for name, parse in parsers.items():
        values[name], column_errors = _parse_column(parse, raw[name])
        for index, found in column_errors.items():
            errors.setdefault(index, []).extend((name, shown, reason) for shown, reason in found)

    for index in range(size):
        row_values = {name: values[name][index] for name in _CROSS_COLUMNS}
        row_cells = {name: raw[name][index] for name in _CROSS_COLUMNS}
        found = _cross_checks(row_values, row_cells, today)
        if found:
            errors.setdefault(index, []).extend(found)
        for name in ("age_group", "primary_key_group", "intake_channel"):
            values[name][index] = row_values[name]
    for row in batch.overflow:
        errors.setdefault(batch.rows.index(row), []).append(
            (None, None, "has filled cells beyond the last column of the header"))

    # Lists are stored sorted; the same parsed list object is shared by rows with the same cell text.
    for name in LIST_COLUMNS:
        sorted_lists: dict[int, list[str]] = {}
        for index, value in enumerate(values[name]):
            if id(value) not in sorted_lists:
                sorted_lists[id(value)] = sorted(value)
            values[name][index] = sorted_lists[id(value)]
    values["_row"] = batch.rows
    table = pa.Table.from_pydict({field.name: values[field.name] for field in STAGING_SCHEMA}, schema=STAGING_SCHEMA)
    keep = [index not in errors for index in range(size)]
    ids = [(values["case_id"][i], batch.rows[i]) for i in range(size) if values["case_id"][i]]

    return BatchResult(
        valid=table.filter(pa.array(keep, pa.bool_())) if errors else table,
        ids=pa.Table.from_pydict({"case_id": [i for i, _ in ids], "_row": [r for _, r in ids]}, schema=IDS_SCHEMA),
        problems=[Problem(batch.rows[i], column, shown, reason)
                  for i in sorted(errors) for column, shown, reason in errors[i]],
        rejected={batch.rows[i] for i in errors},
    )
