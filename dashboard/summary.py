"""The summary document of statistics.md: one JSON shape for the command line and the API.

Holds no timestamps or timings, so the same snapshot and filters give byte-identical output
(`dumps` fixes the key order and formatting).
"""

from __future__ import annotations

import json

from dashboard import measures
from dashboard.filters import Filters
from dashboard.snapshots import Snapshot


def summary_document(snapshot: Snapshot, filters: Filters, lang: str = "en", grain: str | None = None) -> dict:
    people = measures.people(snapshot, filters, lang)
    totals = people["totals"]
    cases = totals["cases"]
    document = {
        "snapshot": {"id": snapshot.id, "imported_on": snapshot.imported_on, "data_date": snapshot.data_date},
        "filters": filters.as_dict(),
        "totals": totals,
        "breakdowns": {
            "key_group": people["key_group"],
            "key_group_profile": measures.key_group_profiles(snapshot, filters, lang),
            "gender": people["gender"],
            "age_group": people["age_group"],
            "perpetrator": measures.mentions(snapshot, filters, "perpetrator", cases, lang),
            "violation": measures.mentions(snapshot, filters, "violation", cases, lang),
            "reaction_status": measures.per_case(snapshot, filters, "reaction_status", cases, lang),
            "decline_reason": measures.mentions(snapshot, filters, "decline_reason", cases, lang),
            "service": measures.services(snapshot, filters, lang),
            "intake_channel": measures.per_case(snapshot, filters, "intake_channel", cases, lang),
            "country": measures.per_case(snapshot, filters, "country", cases, lang),
            "region": measures.places(snapshot, filters, "region"),
            "organization": measures.places(snapshot, filters, "organization"),
        },
    }
    if grain is not None:
        document["trend"] = [
            {"period": b["period"], "cases": b["cases"], "clients": b["clients"]}
            for b in measures.trend(snapshot, filters, grain)
        ]
    return document


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
