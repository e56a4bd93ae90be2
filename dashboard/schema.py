"""The export format's columns and the snapshot's parquet schema.

`COLUMNS` is the column table of export-format.md (version 1) as data: English and Russian
header, whether required, and the kind of value. `CASE_SCHEMA` is the export's fields as a
snapshot stores them, one row per case, multi-valued fields as lists of codes; `SNAPSHOT_SCHEMA`
is what a snapshot's `cases.parquet` holds: those plus the columns the import derives from the
whole snapshot (`DERIVED_SCHEMA`, computed by `snapshot_select`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Column:
    name: str
    russian: str
    required: bool
    kind: str  # id, text, label, labels, date, integer, yes_no
    dimension: str | None = None  # vocabulary dimension for label(s) columns


COLUMNS: tuple[Column, ...] = (
    Column("case_id", "id_случая", True, "id"),
    Column("client_id", "id_клиента", True, "id"),
    Column("country", "страна", True, "label", "country"),
    Column("region", "регион", False, "text"),
    Column("organization", "организация", False, "text"),
    Column("registered_on", "дата_регистрации", True, "date"),
    Column("incident_on", "дата_инцидента", False, "date"),
    Column("intake_channel", "канал_обращения", False, "label", "intake_channel"),
    Column("gender", "пол", True, "label", "gender"),
    Column("age", "возраст", False, "integer"),
    Column("age_group", "возрастная_группа", False, "label", "age_group"),
    Column("key_groups", "ключевые_группы", True, "labels", "key_group"),
    Column("primary_key_group", "основная_группа", False, "label", "key_group"),
    Column("qualified_violation", "квалифицировано_как_нарушение", True, "yes_no"),
    Column("violations", "нарушения", False, "labels", "violation"),
    Column("perpetrators", "нарушители", False, "labels", "perpetrator"),
    Column("reaction_status", "статус_реагирования", True, "label", "reaction_status"),
    Column("decline_reasons", "причины_отказа", False, "labels", "decline_reason"),
    Column("services_provided", "услуги_оказаны", False, "labels", "service"),
    Column("services_referred", "услуги_перенаправлены", False, "labels", "service"),
    Column("services_unavailable", "услуги_недоступны", False, "labels", "service"),
)
LIST_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "labels")

_LIST = pa.list_(pa.string())
CASE_SCHEMA = pa.schema(
    [
        ("case_id", pa.string()),
        ("client_id", pa.string()),
        ("country", pa.string()),
        ("region", pa.string()),
        ("organization", pa.string()),
        ("registered_on", pa.date32()),
        ("incident_on", pa.date32()),
        ("intake_channel", pa.string()),
        ("gender", pa.string()),
        ("age", pa.int16()),
        ("age_group", pa.string()),
        ("key_groups", _LIST),
        ("primary_key_group", pa.string()),
        ("qualified_violation", pa.bool_()),
        ("violations", _LIST),
        ("perpetrators", _LIST),
        ("reaction_status", pa.string()),
        ("decline_reasons", _LIST),
        ("services_provided", _LIST),
        ("services_referred", _LIST),
        ("services_unavailable", _LIST),
    ]
)

# Derived at import so that the client measures need no search through text ids:
# - client_key: the client as a small integer (client_ids numbered in text order);
# - client_cases: how many cases the client has in the whole snapshot. A client with one case has
#   at most one case in any scope, so counting distinct clients only needs to de-duplicate the
#   clients with several (a minority: REAct clients rarely come back);
# - case_rank: the case's place in (registered_on, case_id) order, so "the client's latest case in
#   scope" (statistics.md: latest registered_on, ties broken by the larger case_id in plain text
#   order) is the one with the largest case_rank.
# None of them carries anything the export's own columns do not.
DERIVED_SCHEMA = pa.schema(
    [
        ("client_key", pa.int32()),
        ("client_cases", pa.int32()),
        ("case_rank", pa.int32()),
    ]
)
SNAPSHOT_SCHEMA = pa.schema(list(CASE_SCHEMA) + list(DERIVED_SCHEMA))


def snapshot_select(source: str) -> str:
    """SQL selecting every SNAPSHOT_SCHEMA column, in order, from `source` (a table expression of
    the CASE_SCHEMA columns), sorted as a snapshot is stored: by country, then registered_on.

    The one definition of the derived columns: the import writes snapshots with it, and the query
    layer derives them with it for a snapshot written before they existed.
    """
    columns = ", ".join(f"cases.{name}" for name in CASE_SCHEMA.names)
    return f"""
        with cases as ({source}),
        clients as (
            select client_id,
                   (row_number() over (order by client_id))::integer as client_key,
                   count(*)::integer as client_cases
            from cases group by client_id
        )
        select {columns}, clients.client_key, clients.client_cases,
               (row_number() over (order by cases.registered_on, cases.case_id))::integer as case_rank
        from cases join clients on cases.client_id = clients.client_id
        order by cases.country, cases.registered_on, cases.case_id
    """


# The snapshot's DuckDB copy (snapshots.write_native_copy) adds integers that stand for text:
# - `<column>_mask` per multi-valued column: bit i set when the case lists the i-th code of
#   `code_lists()[column]`. Counting mentions then groups a handful of distinct integers instead
#   of unnesting every case's list (1 M cases: perpetrator mentions 39 -> 7 ms), and a filter on
#   the column reads an integer, not a list.
# - `latest_key`: case_rank * 65536 + the case's "person" (gender index * 256 + age group index,
#   255 for a missing value). A client's largest latest_key in scope is their latest case in
#   scope, and its low 16 bits are that case's gender and age group: one max() over integers
#   instead of two arg_max() over text (people.sql).
# The code lists are written into the copy beside the cases (table `codes`), so a copy keeps its
# meaning if the vocabulary later gains codes.
MASKED_LISTS = {
    "key_groups": "key_group",
    "perpetrators": "perpetrator",
    "violations": "violation",
    "decline_reasons": "decline_reason",
    "services_provided": "service",
    "services_referred": "service",
    "services_unavailable": "service",
}
MASK_BITS = 63  # masks are BIGINT
PERSON_COLUMNS = ("gender", "age_group")  # coded into latest_key, 8 bits each
PERSON_SHIFT = {"gender": 8, "age_group": 0}


def code_lists() -> dict[str, list[str]]:
    """Codes in index order (the vocabulary's order today) for each masked list column and for
    gender and age group."""
    from dashboard.vocab import vocabulary

    vocab = vocabulary()
    codes = {column: list(vocab.codes(dimension)) for column, dimension in MASKED_LISTS.items()}
    codes.update({column: list(vocab.codes(column)) for column in PERSON_COLUMNS})
    too_long = [column for column, found in codes.items()
                if len(found) > (MASK_BITS if column in MASKED_LISTS else 254)]
    if too_long:
        raise ValueError(f"more codes than the copy's integers hold for {', '.join(too_long)}")
    return codes


def sql_list(values: list[str]) -> str:
    """A DuckDB list literal of text values (for DDL, which takes no parameters)."""
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def coded_select(source: str, codes: dict[str, list[str]]) -> str:
    """SQL selecting every column of `source` plus each `<column>_mask` and `latest_key`.

    A code listed twice sets its bit once (bit_or), as statistics.md counts it once per case.
    """
    masks = [
        f"coalesce(list_aggregate(list_transform({column}, lambda code: "
        f"1::bigint << (list_position({sql_list(codes[column])}, code) - 1)), 'bit_or'), 0)::bigint as {column}_mask"
        for column in MASKED_LISTS
    ]
    person = " + ".join(
        f"(coalesce(list_position({sql_list(codes[column])}, {column}), 256) - 1) * {1 << PERSON_SHIFT[column]}"
        for column in PERSON_COLUMNS
    )
    latest_key = f"case_rank::bigint * 65536 + {person} as latest_key"
    return f"select *, {', '.join(masks)}, {latest_key} from ({source})"


# Rows per parquet row group: small enough that a country-and-period filter skips most of a
# large snapshot (it is sorted by country, then registered_on), large enough to scan fast.
CASES_ROW_GROUP = 122_880
