"""Every measure of statistics.md, as JSON-ready rows built from the query files.

Each function runs its query for a scope and returns the rows the summary document holds for
that breakdown: labelled in the requested language, shares computed from exact counts and left
unrounded (absent when the denominator is 0), ordered by the main count descending, then code.
The summary command, the API and the pages all read numbers through here.
"""

from __future__ import annotations

from dashboard import db
from dashboard.catalogue import FILTERS
from dashboard.filters import Filters
from dashboard.periods import GRAINS, bucket_label
from dashboard.snapshots import Snapshot
from dashboard.vocab import vocabulary

Rows = list[dict]


def relabelled(function, result, args: tuple, lang: str):
    """A measure's result (as computed in English) with its category labels in `lang`: the cache keeps
    one result per scope whatever the language, and labels are applied after it. New rows, never
    the cached ones changed in place."""
    if lang == "en":
        return result
    vocab = vocabulary()

    def label(rows: Rows, dimension: str | None) -> Rows:
        labels = vocab.labels(dimension, lang) if dimension else {}
        return [dict(r, label=labels.get(r["code"], r["code"])) if "code" in r and "label" in r else r
                for r in rows]

    if function is people:
        return {**result, **{d: label(result[d], d) for d in ("key_group", "gender", "age_group")}}
    if function is key_group_profiles:
        return [dict(p, perpetrator=label(p["perpetrator"], "perpetrator")) for p in label(result, "key_group")]
    if function in (mentions, per_case):
        return label(result, args[0])
    if function is services:
        return label(result, "service")
    if function is trend_split:
        return label(result, SPLIT_DIMENSIONS[args[1]])
    return result  # counts without labels (totals, trend, places)


def _coded(snapshot: Snapshot, query: str, filters: Filters, dimension: str, count: str, lang: str) -> Rows:
    frame = db.run(snapshot, query, filters)
    labels = vocabulary().labels(dimension, lang)
    rows = [
        {"code": code, "label": labels.get(code, code), count: int(n)}
        for code, n in zip(frame["code"], frame[count])
        if n > 0
    ]
    rows.sort(key=lambda r: (-r[count], r["code"]))
    return rows


def _with_share(rows: Rows, count: str, denominator: int, name: str = "share") -> Rows:
    for row in rows:
        if denominator:
            row[name] = row[count] / denominator
    return rows


def totals(snapshot: Snapshot, filters: Filters) -> dict:
    """Cases, distinct clients and qualified cases (pages that show no client breakdown)."""
    row = db.run(snapshot, "totals", filters).iloc[0]
    return {"cases": int(row["cases"]), "clients": int(row["clients"]), "qualified_cases": int(row["qualified_cases"])}


def case_count(snapshot: Snapshot, filters: Filters) -> int:
    """Cases in scope, without counting clients (cheaper than totals)."""
    return int(db.run(snapshot, "case_count", filters)["cases"].iloc[0])


_TOTALS = ("cases", "clients", "qualified_cases")


def people(snapshot: Snapshot, filters: Filters, lang: str = "en") -> dict:
    """Totals, clients by key group and clients by gender and age group, from one query.

    {"totals": {...}, "key_group": rows, "gender": rows, "age_group": rows}. key_group: distinct
    clients per group (multiple membership); gender, age_group: clients by the value on their
    latest case in scope. Its totals equal totals(), which pages showing no client breakdown run
    alone (the cheaper query).
    """
    frame = db.run(snapshot, "people", filters)
    scalars = {m: int(n) for m, n in zip(frame["measure"], frame["n"]) if m in _TOTALS}
    out: dict = {"totals": {name: scalars[name] for name in _TOTALS}}  # people.sql always returns all three
    for dimension in ("key_group", "gender", "age_group"):
        labels = vocabulary().labels(dimension, lang)
        rows = [
            {"code": code, "label": labels.get(code, code), "clients": int(n)}
            for measure, code, n in zip(frame["measure"], frame["code"], frame["n"])
            if measure == dimension and n > 0
        ]
        rows.sort(key=lambda r: (-r["clients"], r["code"] or ""))
        out[dimension] = rows if dimension == "key_group" else _with_share(rows, "clients", sum(
            r["clients"] for r in rows))
    return out


def key_group_profiles(snapshot: Snapshot, filters: Filters, lang: str = "en") -> Rows:
    """Cases per primary key group, each with its own perpetrator mentions."""
    profiles = _coded(snapshot, "cases_by_primary_key_group", filters, "key_group", "cases", lang)
    mentions = db.run(snapshot, "profile_perpetrator_cases", filters)
    labels = vocabulary().labels("perpetrator", lang)
    by_profile: dict[str, Rows] = {}
    for group, code, n in zip(mentions["profile"], mentions["code"], mentions["cases"]):
        by_profile.setdefault(group, []).append({"code": code, "label": labels.get(code, code), "cases": int(n)})
    for profile in profiles:
        rows = by_profile.get(profile["code"], [])
        rows.sort(key=lambda r: (-r["cases"], r["code"]))
        profile["perpetrator"] = _with_share(rows, "cases", sum(r["cases"] for r in rows), "share_of_mentions")
    return profiles


def mentions(snapshot: Snapshot, filters: Filters, dimension: str, cases: int, lang: str = "en") -> Rows:
    """Cases mentioning each perpetrator, violation or decline reason, with their shares."""
    if dimension not in ("perpetrator", "violation", "decline_reason"):
        raise ValueError(f"no mention breakdown for {dimension!r}")
    rows = _coded(snapshot, f"cases_by_{dimension}", filters, dimension, "cases", lang)
    _with_share(rows, "cases", sum(r["cases"] for r in rows), "share_of_mentions")
    if dimension != "decline_reason":
        _with_share(rows, "cases", cases, "share_of_cases")
    return rows


def per_case(snapshot: Snapshot, filters: Filters, dimension: str, cases: int, lang: str = "en") -> Rows:
    """Cases per reaction status, intake channel or country (one value per case)."""
    if dimension not in ("reaction_status", "intake_channel", "country"):
        raise ValueError(f"no per-case breakdown for {dimension!r}")
    rows = _coded(snapshot, f"cases_by_{dimension}", filters, dimension, "cases", lang)
    return rows if dimension == "country" else _with_share(rows, "cases", cases)


def services(snapshot: Snapshot, filters: Filters, lang: str = "en") -> Rows:
    frame = db.run(snapshot, "cases_by_service", filters)
    labels = vocabulary().labels("service", lang)
    rows = [
        {"code": c, "label": labels.get(c, c), "provided": int(p), "referred": int(r), "unavailable": int(u)}
        for c, p, r, u in zip(frame["code"], frame["provided"], frame["referred"], frame["unavailable"])
    ]
    rows.sort(key=lambda r: (-r["provided"], r["code"]))
    return rows


def places(snapshot: Snapshot, filters: Filters, dimension: str) -> Rows:
    """Cases per region or organization, as written in the data, with the country code."""
    if dimension not in ("region", "organization"):
        raise ValueError(f"no place breakdown for {dimension!r}")
    frame = db.run(snapshot, f"cases_by_{dimension}", filters)
    rows = [
        {"country": c, dimension: name, "cases": int(n)}
        for c, name, n in zip(frame["country"], frame[dimension], frame["cases"])
    ]
    rows.sort(key=lambda r: (-r["cases"], r["country"], r[dimension]))
    return rows


def trend(snapshot: Snapshot, filters: Filters, grain: str) -> Rows:
    """Cases and clients per time bucket, in time order; empty buckets are left out."""
    if grain not in GRAINS:
        raise ValueError(f"grain {grain!r} is not one of {', '.join(GRAINS)}")
    frame = db.run(snapshot, "trend", filters, grain=grain)
    return [
        {"period": bucket_label(start, grain), "start": start.isoformat(), "cases": int(c), "clients": int(k)}
        for start, c, k in zip(frame["bucket_start"].dt.date, frame["cases"], frame["clients"])
    ]


# Dimensions a trend can be split by, with the vocabulary that labels their values (None: as written).
SPLIT_DIMENSIONS = {spec.name: spec.dimension for spec in FILTERS}  # every filter can split a trend


def trend_split(snapshot: Snapshot, filters: Filters, grain: str, dimension: str, lang: str = "en") -> Rows:
    """Cases per time bucket and value of one dimension (mentions for multi-valued ones)."""
    if grain not in GRAINS:
        raise ValueError(f"grain {grain!r} is not one of {', '.join(GRAINS)}")
    if dimension not in SPLIT_DIMENSIONS:
        raise ValueError(f"cannot split by {dimension!r}")
    frame = db.run(snapshot, "trend_by_dimension", filters, grain=grain, dimension=dimension)
    vocab_dimension = SPLIT_DIMENSIONS[dimension]
    labels = vocabulary().labels(vocab_dimension, lang) if vocab_dimension else {}
    return [
        {"period": bucket_label(start, grain), "start": start.isoformat(), "code": value,
         "label": labels.get(value, value), "cases": int(n)}
        for start, value, n in zip(frame["bucket_start"].dt.date, frame["value"], frame["cases"])
    ]
