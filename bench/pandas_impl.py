"""The same numbers in plain pandas, "the way most Dash apps are written": the baseline.

The snapshot's parquet file is read into one DataFrame per process (`load`); a page's callback
filters it with boolean masks (`scope`) and computes each measure with value_counts, groupby and
explode. Nothing here is clever on purpose (no pre-exploded tables, no categorical tricks, no
cache): it is the usual first version of a pandas dashboard, written carefully.

`QUERIES[name](frame_in_scope, **extra)` returns the same columns as dashboard/queries/<name>.sql,
so bench/compare.py can check, for every filter change, that both give exactly the same numbers.
Never imported by the product.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

LIST_COLUMNS = {  # filter name -> multi-valued column
    "key_group": "key_groups", "perpetrator": "perpetrators", "violation": "violations",
}
SCALAR_COLUMNS = {  # filter name -> one-valued column
    "country": "country", "primary_key_group": "primary_key_group", "reaction_status": "reaction_status",
    "region": "region", "organization": "organization", "gender": "gender", "age_group": "age_group",
    "intake_channel": "intake_channel",
}


def load(parquet_path) -> pd.DataFrame:
    """The whole snapshot in memory, dates as datetime64 (what anyone would do first)."""
    frame = pd.read_parquet(parquet_path)
    frame["registered_on"] = pd.to_datetime(frame["registered_on"])
    return frame


def scope(frame: pd.DataFrame, filters) -> pd.DataFrame:
    """The cases every filter lets through (statistics.md): OR within a filter, AND across them."""
    mask = pd.Series(True, index=frame.index)
    if filters.start is not None:
        mask &= frame["registered_on"] >= pd.Timestamp(filters.start)
    if filters.end is not None:
        mask &= frame["registered_on"] <= pd.Timestamp(filters.end)
    for name, column in SCALAR_COLUMNS.items():
        chosen = getattr(filters, name)
        if chosen:
            mask &= frame[column].isin(chosen)
    if filters.qualified_only:
        mask &= frame["qualified_violation"].fillna(False).astype(bool)
    part = frame[mask]
    # List filters last, on the rows left: explode, test membership, back to one flag per case.
    for name, column in LIST_COLUMNS.items():
        chosen = getattr(filters, name)
        if chosen and len(part):
            hits = part[column].explode().isin(chosen).groupby(level=0).any()
            part = part[hits.reindex(part.index, fill_value=False)]
    return part


def _counts(values: pd.Series, name: str, code: str = "code") -> pd.DataFrame:
    counts = values.value_counts(dropna=False)
    return pd.DataFrame({code: counts.index.astype(object), name: counts.to_numpy()})


def _mentions(part: pd.DataFrame, column: str) -> pd.Series:
    return part[column].explode().dropna()


def totals(part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "cases": [len(part)],
        "clients": [part["client_id"].nunique()],
        "qualified_cases": [int(part["qualified_violation"].fillna(False).astype(bool).sum())],
    })


def clients_by_key_group(part: pd.DataFrame) -> pd.DataFrame:
    pairs = part[["client_id", "key_groups"]].explode("key_groups").dropna(subset=["key_groups"])
    counts = pairs.groupby("key_groups")["client_id"].nunique()
    return pd.DataFrame({"code": counts.index.astype(object), "clients": counts.to_numpy()})


def clients_by_latest_attribute(part: pd.DataFrame) -> pd.DataFrame:
    latest = (part[["client_id", "registered_on", "case_id", "gender", "age_group"]]
              .sort_values(["client_id", "registered_on", "case_id"])
              .drop_duplicates("client_id", keep="last"))
    frames = []
    for dimension in ("gender", "age_group"):
        counts = _counts(latest[dimension], "clients")
        counts.insert(0, "dimension", dimension)
        frames.append(counts)
    return pd.concat(frames, ignore_index=True)


def people(part: pd.DataFrame) -> pd.DataFrame:
    """dashboard/queries/people.sql: totals and the three client breakdowns as (measure, code, n)."""
    frames = [pd.DataFrame({"measure": list(columns), "code": [None] * 3, "n": totals(part).iloc[0].tolist()})
              for columns in [("cases", "clients", "qualified_cases")]]
    groups = clients_by_key_group(part).rename(columns={"clients": "n"})
    groups.insert(0, "measure", "key_group")
    latest = clients_by_latest_attribute(part).rename(columns={"dimension": "measure", "clients": "n"})
    return pd.concat(frames + [groups, latest], ignore_index=True)


def case_count(part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"cases": [len(part)]})


def profile_perpetrator_cases(part: pd.DataFrame) -> pd.DataFrame:
    pairs = part[["primary_key_group", "perpetrators"]].explode("perpetrators").dropna(subset=["perpetrators"])
    counts = pairs.groupby(["primary_key_group", "perpetrators"], dropna=False).size()
    return pd.DataFrame({"profile": counts.index.get_level_values(0).astype(object),
                         "code": counts.index.get_level_values(1).astype(object), "cases": counts.to_numpy()})


def cases_by_service(part: pd.DataFrame) -> pd.DataFrame:
    columns = {how: _mentions(part, f"services_{how}").value_counts()
               for how in ("provided", "referred", "unavailable")}
    table = pd.DataFrame(columns).fillna(0).astype("int64")
    return pd.DataFrame({"code": table.index.astype(object), **{how: table[how].to_numpy() for how in columns}})


def _places(part: pd.DataFrame, column: str) -> pd.DataFrame:
    counts = part.groupby(["country", column], dropna=False).size()
    return pd.DataFrame({"country": counts.index.get_level_values(0).astype(object),
                         column: counts.index.get_level_values(1).astype(object), "cases": counts.to_numpy()})


def _buckets(dates: pd.Series, grain: str) -> pd.Series:
    if grain == "month":
        return dates.dt.to_period("M").dt.start_time
    if grain == "quarter":
        return dates.dt.to_period("Q").dt.start_time
    if grain == "half":
        return pd.to_datetime(pd.DataFrame({"year": dates.dt.year, "month": (dates.dt.month > 6) * 6 + 1, "day": 1}))
    return dates.dt.to_period("Y").dt.start_time


def trend(part: pd.DataFrame, grain: str) -> pd.DataFrame:
    grouped = part.assign(bucket_start=_buckets(part["registered_on"], grain)).groupby("bucket_start")
    out = grouped.agg(cases=("case_id", "size"), clients=("client_id", "nunique")).reset_index()
    return out.sort_values("bucket_start", ignore_index=True)


MULTI_VALUED = {"key_group": "key_groups", "perpetrator": "perpetrators", "violation": "violations"}


def trend_by_dimension(part: pd.DataFrame, grain: str, dimension: str) -> pd.DataFrame:
    column = MULTI_VALUED.get(dimension, dimension)
    pairs = pd.DataFrame({"bucket_start": _buckets(part["registered_on"], grain), "value": part[column]})
    if dimension in MULTI_VALUED:
        pairs = pairs.explode("value").dropna(subset=["value"])
    counts = pairs.groupby(["bucket_start", "value"], dropna=False).size()
    return pd.DataFrame({"bucket_start": counts.index.get_level_values(0),
                         "value": counts.index.get_level_values(1).astype(object), "cases": counts.to_numpy()})


def _one_valued(column: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda part: _counts(part[column], "cases")


def _mentioned(column: str) -> Callable[[pd.DataFrame], pd.DataFrame]:
    return lambda part: _counts(_mentions(part, column), "cases")


QUERIES: dict[str, Callable[..., pd.DataFrame]] = {
    "totals": totals,
    "case_count": case_count,
    "people": people,
    "profile_perpetrator_cases": profile_perpetrator_cases,
    "cases_by_primary_key_group": _one_valued("primary_key_group"),
    "cases_by_country": _one_valued("country"),
    "cases_by_reaction_status": _one_valued("reaction_status"),
    "cases_by_intake_channel": _one_valued("intake_channel"),
    "cases_by_perpetrator": _mentioned("perpetrators"),
    "cases_by_violation": _mentioned("violations"),
    "cases_by_decline_reason": _mentioned("decline_reasons"),
    "cases_by_service": cases_by_service,
    "cases_by_region": lambda part: _places(part, "region"),
    "cases_by_organization": lambda part: _places(part, "organization"),
    "trend": trend,
    "trend_by_dimension": trend_by_dimension,
}


def page_numbers(frame: pd.DataFrame, calls: Iterable[tuple[str, object, dict]]) -> list[pd.DataFrame]:
    """What one page's callback computes: each (query, filters, extra), filtering once per scope."""
    scoped: dict[object, pd.DataFrame] = {}
    out = []
    for name, filters, extra in calls:
        if filters not in scoped:
            scoped[filters] = scope(frame, filters)
        out.append(QUERIES[name](scoped[filters], **extra))
    return out


def canonical(frame: pd.DataFrame) -> list[tuple]:
    """Rows as sorted tuples of plain Python values (dates as ISO text, counts as int): for comparing."""
    def plain(value):
        if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if hasattr(value, "isoformat"):
            return value.isoformat()[:10]
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    columns = sorted(frame.columns)
    rows = [tuple(plain(v) for v in row) for row in frame[columns].itertuples(index=False, name=None)]
    return [tuple(columns)] + sorted(rows, key=repr)
