"""Building the unprotected tables of a release from a snapshot, through dashboard.measures only.

Every number comes from the measures (no second implementation): this module only chooses the
scope (countries and dates of the release), attaches English and Russian labels, groups regions
with fewer than 50 cases into "Other regions" per country, and adds the empty months of the
trend as zeros. Zero categories are left out, as the measures do: anyone who knows the
vocabulary reads a missing category as 0, and it is one.
"""

from __future__ import annotations

from datetime import date

from dashboard import measures
from dashboard.filters import Filters
from dashboard.periods import bucket_label
from dashboard.releases.model import CASES, CLIENTS, PROFILE, TOTALS, Draft, Row, Scope, Table
from dashboard.snapshots import Snapshot
from dashboard.vocab import vocabulary

REGION_MINIMUM = 50  # privacy.md: regions with fewer cases in the period are grouped
OTHER_REGIONS = {"en": "Other regions", "ru": "Другие регионы"}
TOTAL_LABELS = {
    "cases": {"en": "Cases", "ru": "Случаи"},
    "clients": {"en": "Clients", "ru": "Клиенты"},
    "qualified_cases": {"en": "Qualified as human-rights violations", "ru": "Квалифицированы как нарушения прав"},
}
SERVICE_COLUMNS = ("provided", "referred", "unavailable")


def trend_grain(scope: Scope) -> str:
    """Months within a year or less, quarters for longer periods."""
    return "month" if scope.months <= 12 else "quarter"


def build_draft(snapshot: Snapshot, scope: Scope) -> Draft:
    filters = Filters().with_values(country=scope.countries).with_range(scope.start, scope.end)
    people = measures.people(snapshot, filters)  # totals and the client breakdowns, one pass
    totals = people["totals"]
    cases = totals["cases"]
    grain = trend_grain(scope)
    tables = [
        Table(TOTALS, ("count",), [Row(code, TOTAL_LABELS[code], {"count": totals[code]}) for code in TOTAL_LABELS],
              "cases", None),
        _coded("key_group", "key_group", people["key_group"], "clients", None, CLIENTS),
        _coded("gender", "gender", people["gender"], "clients", "share", CLIENTS),
        _coded("age_group", "age_group", people["age_group"], "clients", "share", CLIENTS),
        *_profiles(measures.key_group_profiles(snapshot, filters)),
        _coded("perpetrator", "perpetrator", measures.mentions(snapshot, filters, "perpetrator", cases),
               "cases", "share_of_cases", CASES, cases),
        _coded("violation", "violation", measures.mentions(snapshot, filters, "violation", cases),
               "cases", "share_of_cases", CASES, cases),
        _coded("reaction_status", "reaction_status", measures.per_case(snapshot, filters, "reaction_status", cases),
               "cases", "share", CASES, cases),
        _coded("decline_reason", "decline_reason", measures.mentions(snapshot, filters, "decline_reason", cases),
               "cases", "share_of_mentions", CASES),
        _services(measures.services(snapshot, filters)),
        _coded("intake_channel", "intake_channel", measures.per_case(snapshot, filters, "intake_channel", cases),
               "cases", "share", CASES, cases),
    ]
    if len(scope.countries) != 1:
        tables.append(_coded("country", "country", measures.per_case(snapshot, filters, "country", cases),
                             "cases", None, CASES))
    tables.append(_regions(measures.places(snapshot, filters, "region"), len(scope.countries) != 1))
    tables.append(_trend(measures.trend(snapshot, filters, grain), scope, grain))
    by_name = {table.name: table for table in tables}
    values = {key: row.values[key[2]] for table in tables for row in table.rows
              for key in [(table.name, row.code, column) for column in table.columns]}
    return Draft(scope=scope, snapshot_id=snapshot.id, data_date=snapshot.data_date, grain=grain, tables=by_name,
                 values=values, fixed=frozenset({CASES, CLIENTS}))


def _labels(dimension: str) -> dict[str, dict[str, str]]:
    vocab = vocabulary()
    english, russian = vocab.labels(dimension, "en"), vocab.labels(dimension, "ru")
    return {code: {"en": english[code], "ru": russian.get(code, english[code])} for code in english}


def _coded(name: str, dimension: str, rows: list[dict], count: str, share: str | None, base,
           share_base: int | None = None) -> Table:
    labels = _labels(dimension)
    out = [Row(r["code"], labels.get(r["code"], {"en": r["code"], "ru": r["code"]}), {count: r[count]},
               {count: r[share]} if share and share in r else {}) for r in rows]
    if share and share_base is None:  # shares of the rows' own sum (mentions, clients by latest value)
        share_base = sum(r[count] for r in rows)
    return Table(name, (count,), out, count, base, share_base if share else None)


def _profiles(profiles: list[dict]) -> list[Table]:
    """Cases per primary key group, then one table of perpetrator mentions per profile."""
    labels = _labels("key_group")
    table = Table(PROFILE, ("cases",), [Row(p["code"], labels[p["code"]], {"cases": p["cases"]}) for p in profiles],
                  "cases", CASES)
    breakdowns = []
    for profile in profiles:
        # Shares of the profile's (shown) cases, not of mentions: a share of mentions would give the
        # breakdown's sum away, and with it any single hidden cell.
        rows = [{**r, "share_of_profile_cases": r["cases"] / profile["cases"]} for r in profile["perpetrator"]]
        part = _coded(f"{PROFILE}/{profile['code']}", "perpetrator", rows, "cases", "share_of_profile_cases", None,
                      profile["cases"])
        part.parent = (PROFILE, profile["code"], "cases")
        breakdowns.append(part)
    return [table, *breakdowns]


def _services(rows: list[dict]) -> Table:
    labels = _labels("service")
    return Table("service", SERVICE_COLUMNS,
                 [Row(r["code"], labels[r["code"]], {c: r[c] for c in SERVICE_COLUMNS}) for r in rows
                  if any(r[c] for c in SERVICE_COLUMNS)], "cases", CASES)


def _regions(rows: list[dict], several_countries: bool) -> Table:
    """Cases per region; regions with fewer than 50 cases become one "Other regions" row per country."""
    countries = _labels("country")

    def label(name: dict[str, str], country: str) -> dict[str, str]:
        if not several_countries:  # with several countries, a region's name says which country
            return name
        return {lang: f"{text} ({countries.get(country, {}).get(lang, country)})" for lang, text in name.items()}

    named: list[Row] = []
    other: dict[str, int] = {}
    for r in rows:
        if r["cases"] >= REGION_MINIMUM:
            named.append(Row(f"{r['country']}|{r['region']}", label({"en": r["region"], "ru": r["region"]},
                                                                    r["country"]),
                             {"cases": r["cases"]}, country=r["country"]))
        else:
            other[r["country"]] = other.get(r["country"], 0) + r["cases"]
    grouped = [Row(f"{country}|*", label(dict(OTHER_REGIONS), country), {"cases": n}, country=country)
               for country, n in sorted(other.items())]
    return Table("region", ("cases",), named + grouped, "cases", CASES)


def _trend(buckets: list[dict], scope: Scope, grain: str) -> Table:
    """Cases per month (or quarter) of the period, empty buckets included as zeros."""
    counts = {b["period"]: b["cases"] for b in buckets}
    rows, seen = [], set()
    day = scope.start
    while day <= scope.end:
        label = bucket_label(day, grain)
        if label not in seen:
            seen.add(label)
            rows.append(Row(label, {"en": label, "ru": label}, {"cases": counts.get(label, 0)}))
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return Table("trend", ("cases",), rows, "cases", CASES)
