"""The frozen JSON document of a release: only what is shown, in English and Russian.

A hidden cell is `"value": null, "suppressed": true` with `"hidden_as": "<11"` (a count from 1
to 10) or `"≥11"` (a larger count hidden so that the small ones cannot be worked out). Rows are
ordered by their shown count, largest first, and the rows with a hidden count come last in code
order: ordering them by their true count would tell where they fall. A share is given only with
a shown count and a denominator of at least 30, and a share of mentions only in a table that
hides nothing: count / share is the table's sum, which would give a single hidden cell away.
`iter_cells` reads a document back into its cells, for the audit of later releases (ledger.py).
"""

from __future__ import annotations

from dashboard.releases.model import (
    BREAKDOWN_PREFIX,
    PRIMARY,
    PROFILE,
    SHOWN,
    TOTALS,
    Draft,
    Protection,
    Table,
)

FORMAT = "react-release/1"
SHARE_MINIMUM = 30

UNITS = {"cases": {"en": "cases", "ru": "случ."}, "clients": {"en": "clients", "ru": "клиент."}}
SHARE_OF = {"cases": {"en": "of cases", "ru": "от числа случаев"},
            "clients": {"en": "of clients", "ru": "от числа клиентов"},
            "mentions": {"en": "of mentions", "ru": "от числа упоминаний"},
            "profile_cases": {"en": "of the group's cases", "ru": "от числа случаев группы"}}
_MULTIPLE = {"en": "A case can name several; the bars add up to more than the cases.",
             "ru": "В одном случае их может быть несколько; сумма больше числа случаев."}
TEXT = {
    TOTALS: ({"en": "Totals", "ru": "Итоги"}, None, None),
    "key_group": ({"en": "Clients by key group", "ru": "Клиенты по ключевым группам"}, None,
                  {"en": "A client in several key groups counts in each.",
                   "ru": "Клиент из нескольких ключевых групп учитывается в каждой."}),
    "gender": ({"en": "Clients by gender", "ru": "Клиенты по полу"}, "clients", None),
    "age_group": ({"en": "Clients by age group", "ru": "Клиенты по возрастным группам"}, "clients", None),
    PROFILE: ({"en": "Cases by the key group most relevant to the violation",
               "ru": "Случаи по ключевой группе, наиболее связанной с нарушением"}, None,
              {"en": "A client in several key groups is counted in the group most relevant to the violation.",
               "ru": "Клиент из нескольких групп учитывается в группе, наиболее связанной с нарушением."}),
    "breakdown": ({"en": "Perpetrators", "ru": "Нарушители"}, "profile_cases", _MULTIPLE),
    "perpetrator": ({"en": "Cases by perpetrator", "ru": "Случаи по нарушителям"}, "cases", _MULTIPLE),
    "violation": ({"en": "Cases by type of violation", "ru": "Случаи по видам нарушений"}, "cases", _MULTIPLE),
    "reaction_status": ({"en": "Cases by reaction status", "ru": "Случаи по статусу реагирования"}, "cases", None),
    "decline_reason": ({"en": "Why clients did not want to pursue their case",
                        "ru": "Почему клиенты не захотели решать случай"}, "mentions",
                       {"en": "Any status; a case can give several reasons.",
                        "ru": "При любом статусе; в случае может быть несколько причин."}),
    "service": ({"en": "Services: provided, referred, needed but unavailable",
                 "ru": "Услуги: оказаны, перенаправлены, нужны, но недоступны"}, None, None),
    "intake_channel": ({"en": "Cases by intake channel", "ru": "Случаи по каналу обращения"}, "cases", None),
    "country": ({"en": "Cases by country", "ru": "Случаи по странам"}, None, None),
    "region": ({"en": "Cases by region", "ru": "Случаи по регионам"}, None,
               {"en": "Regions with fewer than 50 cases in the period are grouped as “Other regions”.",
                "ru": "Регионы, где за период меньше 50 случаев, объединены в «Другие регионы»."}),
    "trend": ({"en": "Cases per {grain}", "ru": "Случаи по {grain}"}, None, None),
}
GRAIN_WORDS = {"month": {"en": "month", "ru": "месяцам"}, "quarter": {"en": "quarter", "ru": "кварталам"}}
COLUMN_LABELS = {"provided": {"en": "Provided", "ru": "Оказаны"},
                 "referred": {"en": "Referred", "ru": "Перенаправлены"},
                 "unavailable": {"en": "Needed, unavailable", "ru": "Нужны, недоступны"}}


def notes(threshold: int) -> tuple[dict, dict]:
    """The protection note every public page carries, and the sentence explaining `≥11`."""
    top = threshold - 1
    return ({"en": f"Numbers from 1 to {top} are hidden to protect the people who reported these cases.",
             "ru": f"Числа от 1 до {top} скрыты, чтобы защитить людей, сообщивших об этих случаях."},
            {"en": f"Some larger numbers (shown as ≥{threshold}) are hidden too, so that the small ones "
                   "cannot be worked out from the totals.",
             "ru": f"Некоторые большие числа (показаны как ≥{threshold}) тоже скрыты, чтобы маленькие "
                   "нельзя было вычислить из итогов."})


def tables_document(draft: Draft, protection: Protection, threshold: int) -> dict:
    omitted = protection.omitted(draft)
    out = {}
    for table in draft.tables.values():
        if table.parent is None:
            out[table.name] = _table(draft, protection, omitted, table, threshold)
    for row in out[PROFILE]["rows"]:
        name = f"{BREAKDOWN_PREFIX}{row['code']}"
        row["breakdown"] = None if name in omitted else _table(draft, protection, omitted, draft.tables[name],
                                                                 threshold)
    return out


def _table(draft: Draft, protection: Protection, omitted: set, table: Table, threshold: int) -> dict:
    title, share_of, note = TEXT["breakdown" if table.parent else table.name]
    if table.name == "trend":
        title = {lang: text.format(grain=GRAIN_WORDS[draft.grain][lang]) for lang, text in title.items()}
    base = table.parent or table.base
    withheld = table.name in protection.withheld
    rows = [] if withheld else [_row(draft, protection, omitted, table, row, threshold) for row in table.rows]
    if share_of == "mentions" and any(c["suppressed"] for r in rows for c in r["cells"].values()):
        for row in rows:  # a share of mentions gives the table's sum away (count / share), and with it a hidden cell
            for cell in row["cells"].values():
                cell["share"] = None
    if table.name != "trend" and table.name != TOTALS:
        rows.sort(key=lambda r: _order(r, table.columns[0]))
    return {"title": title, "unit": table.unit, "unit_label": UNITS[table.unit],
            "n": draft.values[base] if base else None,
            "columns": [{"code": c, "label": COLUMN_LABELS.get(c, UNITS.get(c, UNITS["cases"]))}
                        for c in table.columns],
            "share_of": SHARE_OF[share_of] if share_of else None, "note": note, "withheld": withheld, "rows": rows}


def _row(draft: Draft, protection: Protection, omitted: set, table: Table, row, threshold: int) -> dict:
    out = {"code": row.code, "label": row.label}
    if row.country:
        out["country"] = row.country
    out["cells"] = {}
    for column in table.columns:
        key = (table.name, row.code, column)
        kind = protection.kind(draft, key, omitted=omitted)
        shown = kind == SHOWN
        share = row.shares.get(column) if shown and (table.share_base or 0) >= SHARE_MINIMUM else None
        out["cells"][column] = {
            "value": row.values[column] if shown else None, "suppressed": not shown,
            "hidden_as": None if shown else (f"<{threshold}" if kind == PRIMARY else f"≥{threshold}"),
            "share": share,
        }
    return out


def _order(row: dict, column: str) -> tuple:
    value = row["cells"][column]["value"]
    return (1, 0, row["code"]) if value is None else (0, -value, row["code"])


def iter_cells(tables: dict):
    """(cell key, cell, table document) of every table a document holds, breakdowns included."""
    for name, table in tables.items():
        yield from _cells(name, table)
        if name == PROFILE:
            for row in table["rows"]:
                if row.get("breakdown") is not None:
                    yield from _cells(f"{BREAKDOWN_PREFIX}{row['code']}", row["breakdown"])


def _cells(name: str, table: dict):
    for row in table["rows"]:
        for column, cell in row["cells"].items():
            yield (name, row["code"], column), cell, table
