"""The export format's columns and the snapshot's parquet schema.

`COLUMNS` is the column table of export-format.md (version 1) as data: English and Russian
header, whether required, and the kind of value. `SNAPSHOT_SCHEMA` is what a snapshot's
`cases.parquet` holds, one row per case, multi-valued fields as lists of codes.
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
COLUMN_BY_NAME = {c.name: c for c in COLUMNS}
LIST_COLUMNS = tuple(c.name for c in COLUMNS if c.kind == "labels")

_LIST = pa.list_(pa.string())
SNAPSHOT_SCHEMA = pa.schema(
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

# Rows per parquet row group: small enough that a country-and-period filter skips most of a
# large snapshot (it is sorted by country, then registered_on), large enough to scan fast.
CASES_ROW_GROUP = 122_880
