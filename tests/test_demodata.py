"""The demo-data generator: size, determinism, calendar events and the Tajikistan anchors.

The Tajikistan 2023 H1 figures are recomputed straight from the CSV (labels matched through
the vocabulary, dates in either format) under the rules of the statistics contract, and
compared with the published report, whose numbers are copied below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.demodata import MINIMUM_CASES, generator, write_demo_export
from dashboard.demodata.model import CODE_LISTS, EXPORT_COLUMNS, PRIVATE_COLUMNS
from dashboard.vocab import vocabulary

SIZE = MINIMUM_CASES + 3_000

# reference/tajikistan-2023-h1.json (counts exact, percentages as published).
REFERENCE = {
    "totals": {"clients": 520, "cases": 522, "qualified_cases": 480},
    "key_group_clients": {
        "plhiv": 279,
        "tb": 56,
        "former_prisoner": 71,
        "pwud": 71,
        "hepc": 35,
        "sex_worker": 49,
        "lgbtiq": 49,
        "no_kpg": 46,
        "migrant": 38,
        "alcohol": 26,
        "partner_pwid": 14,
        "other": 25,
        "disability": 6,
        "homeless": 6,
        "prisoner": 2,
        "undisclosed": 3,
    },
    "gender_pct": {"female": 52.2, "male": 46.8, "trans_female": 0.4, "trans_male": 0.4, "unknown": 0.2},
    "age_group_pct": {"a00_15": 0.6, "a16_18": 0.4, "a19_35": 51.5, "a36_55": 42.3, "a56_plus": 5.2},
    "profile_cases": {"plhiv": 265, "pwud": 50, "sex_worker": 41, "lgbtiq": 34},
    "profile_perpetrator_pct": {
        "plhiv": {"healthcare": 9.0, "individuals": 85.0, "state_services": 1.5, "police": 4.5},
        "pwud": {"healthcare": 2.0, "individuals": 64.0, "police": 34.0},
        "sex_worker": {"healthcare": 4.6, "individuals": 57.7, "police": 37.7},
        "lgbtiq": {"individuals": 19.5, "police": 72.2, "healthcare": 8.3},
    },
    "reaction_status_pct": {
        "in_progress": 14.0,
        "resolved_positive": 66.9,
        "resolved_negative": 2.1,
        "no_help_provided": 1.2,
        "client_declined": 4.3,
        "no_resolution_required": 0.6,
        "lost_contact": 0.4,
        "partially_resolved": 10.5,
    },
    "decline_reason_pct": {
        "safety_fears": 11.3,
        "distrust_police": 7.8,
        "self_stigma": 28.7,
        "sogi_disclosure": 2.6,
        "hiv_disclosure": 13.0,
        "not_worth_effort": 15.7,
        "no_faith_in_outcome": 15.7,
        "other": 5.2,
    },
}
STATUS_CASES = {
    "in_progress": 73,
    "resolved_positive": 349,
    "resolved_negative": 11,
    "no_help_provided": 6,
    "client_declined": 23,
    "no_resolution_required": 3,
    "lost_contact": 2,
    "partially_resolved": 55,
}
SINGLE = {
    "country": "country",
    "intake_channel": "intake_channel",
    "gender": "gender",
    "age_group": "age_group",
    "primary_key_group": "key_group",
    "reaction_status": "reaction_status",
}
MULTI = {
    "key_groups": "key_group",
    "violations": "violation",
    "perpetrators": "perpetrator",
    "decline_reasons": "decline_reason",
    "services_provided": "service",
    "services_referred": "service",
    "services_unavailable": "service",
}
YES = {"yes", "true", "1", "да"}
NO = {"no", "false", "0", "нет"}


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    if "." in text:
        day, month, year = text.split(".")
        return dt.date(int(year), int(month), int(day))
    return dt.date.fromisoformat(text)


def _codes(dimension: str, cell: str) -> list[str]:
    """Codes of a `;` cell in the order listed; an unknown label fails the test."""
    out: list[str] = []
    for item in cell.split(";"):
        if item.strip():
            code = vocabulary().match(dimension, item)
            assert code is not None, f"{dimension}: unknown label {item!r}"
            if code not in out:
                out.append(code)
    return out


def _single(dimension: str, cell: str) -> str:
    if not cell.strip():
        return ""
    code = vocabulary().match(dimension, cell)
    assert code is not None, f"{dimension}: unknown label {cell!r}"
    return code


def _mapped(column: pd.Series, convert) -> pd.Series:
    """`convert` applied once per distinct cell."""
    return column.map({value: convert(value) for value in column.unique()})


def normalize(raw: pd.DataFrame) -> pd.DataFrame:
    """The export as codes, lists of codes, dates and booleans."""
    df = raw.copy()
    for column, dimension in SINGLE.items():
        df[column] = _mapped(raw[column], lambda v, d=dimension: _single(d, v))
    for column, dimension in MULTI.items():
        df[column] = _mapped(raw[column], lambda v, d=dimension: _codes(d, v))
    df["primary_key_group"] = [p or groups[0] for p, groups in zip(df["primary_key_group"], df["key_groups"])]
    df["registered_on"] = _mapped(raw["registered_on"], _date)
    df["incident_on"] = _mapped(raw["incident_on"], _date)
    flags = raw["qualified_violation"].str.strip().str.lower()
    assert flags.isin(YES | NO).all()
    df["qualified_violation"] = flags.isin(YES)
    return df


_FILES: dict[tuple[int, int], Path] = {}
_FRAMES: dict[tuple[int, int], pd.DataFrame] = {}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A factory of generated files, each made once per (cases, seed)."""

    def make(cases: int = SIZE, seed: int = 1) -> Path:
        key = (cases, seed)
        if key not in _FILES:
            path = tmp_path_factory.mktemp("demo") / f"demo-{cases}-{seed}.csv"
            assert write_demo_export(path, cases, seed) == cases
            _FILES[key] = path
        return _FILES[key]

    return make


@pytest.fixture(scope="module")
def frame(export):
    """A factory of normalized exports, each read once per (cases, seed)."""

    def make(cases: int = SIZE, seed: int = 1) -> pd.DataFrame:
        key = (cases, seed)
        if key not in _FRAMES:
            raw = pd.read_csv(export(cases, seed), dtype=str, keep_default_na=False)
            _FRAMES[key] = normalize(raw)
        return _FRAMES[key]

    return make


@pytest.fixture(scope="module")
def raw(export) -> pd.DataFrame:
    return pd.read_csv(export(), dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def cases(frame) -> pd.DataFrame:
    return frame()


def tj_h1(df: pd.DataFrame) -> pd.DataFrame:
    start, end = dt.date(2023, 1, 1), dt.date(2023, 6, 30)
    in_period = np.array([start <= d <= end for d in df["registered_on"]])
    return df[(df["country"] == "TJ") & in_period]


def latest_per_client(scope: pd.DataFrame) -> pd.DataFrame:
    ordered = scope.sort_values(["registered_on", "case_id"])
    return ordered.groupby("client_id").tail(1)


def mentions(series: pd.Series) -> pd.Series:
    return series.explode().dropna().value_counts()


def assert_pct(counts: pd.Series, total: int, published: dict[str, float]) -> None:
    for code, pct in published.items():
        share = 100 * counts.get(code, 0) / total
        assert abs(share - pct) <= 0.2, f"{code}: {share:.3f} % vs published {pct} %"
    extra = set(counts[counts > 0].index) - set(published)
    assert not extra, f"values not in the published list: {extra}"


# --- size, format, determinism -------------------------------------------------------------


def test_row_count_and_header(raw):
    assert len(raw) == SIZE
    assert tuple(raw.columns) == EXPORT_COLUMNS + PRIVATE_COLUMNS


def test_minimum_size_is_tajikistan_only(export):
    df = pd.read_csv(export(MINIMUM_CASES), dtype=str, keep_default_na=False)
    assert len(df) == MINIMUM_CASES
    assert {_single("country", c) for c in df["country"]} == {"TJ"}


def test_too_small_is_refused(tmp_path):
    with pytest.raises(ValueError, match=str(MINIMUM_CASES)):
        write_demo_export(tmp_path / "x.csv", MINIMUM_CASES - 1)
    assert not list(tmp_path.iterdir())


def test_bad_seed_is_refused(tmp_path):
    with pytest.raises(ValueError, match="seed"):
        write_demo_export(tmp_path / "x.csv", MINIMUM_CASES, -1)


def test_batches_split_large_months(tmp_path, monkeypatch):
    assert generator.batch_sizes(0) == []
    assert generator.batch_sizes(10, 4) == [4, 3, 3]
    monkeypatch.setattr(generator, "MAX_BATCH", 7)
    path = tmp_path / "small-batches.csv"
    assert write_demo_export(path, MINIMUM_CASES + 500) == MINIMUM_CASES + 500
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert len(df) == MINIMUM_CASES + 500 and df["case_id"].is_unique


def test_same_seed_same_bytes_other_seed_other_bytes(export, tmp_path):
    again = tmp_path / "again.csv"
    write_demo_export(again, MINIMUM_CASES, 1)
    assert again.read_bytes() == export(MINIMUM_CASES, 1).read_bytes()
    assert again.read_bytes() != export(MINIMUM_CASES, 2).read_bytes()


def test_code_lists_match_the_vocabulary():
    for dimension, codes in CODE_LISTS.items():
        if dimension == "country":  # the demo covers seven of the vocabulary's countries
            assert set(codes) <= set(vocabulary().codes(dimension))
        else:
            assert codes == vocabulary().codes(dimension), dimension


def test_case_ids_unique_and_client_ids_pseudonymous(raw):
    assert raw["case_id"].is_unique
    assert raw["client_id"].str.fullmatch(r"[A-Z]{2}-C\d{6,}").all()
    assert raw["case_id"].str.fullmatch(r"[A-Z]{2}-\d{4}-\d{6,}").all()


def test_private_columns_are_synthetic_and_exercise_quoting(raw):
    assert raw["narrative"].str.startswith("Synthetic narrative").all()
    assert raw["narrative"].str.contains("\n").any()
    assert raw["narrative"].str.contains('"').any()
    assert raw["reactor_name"].str.startswith("Synthetic REActor").all()


def test_some_rows_use_russian_labels_aliases_and_day_first_dates(raw):
    localized = ~raw["country"].isin(CODE_LISTS["country"])
    assert 0.03 <= localized.mean() <= 0.05
    assert raw["registered_on"].str.contains(r"\.").any()
    assert raw["qualified_violation"].isin(["да", "нет", "Да", "Нет"]).any()


# --- row rules ---------------------------------------------------------------------------


def test_dates_in_range_and_incident_never_after_registration(cases):
    registered = cases["registered_on"]
    assert registered.min() >= dt.date(2019, 1, 1)
    assert registered.max() <= dt.date(2025, 12, 31)
    with_incident = cases[cases["incident_on"].notna()]
    assert (with_incident["incident_on"] <= with_incident["registered_on"]).all()
    assert cases["incident_on"].isna().any()


def test_age_and_age_group_present_and_consistent(cases, raw):
    ages = pd.to_numeric(raw["age"], errors="coerce")
    assert (ages.notna() | (cases["age_group"] != "")).all()
    both = ages.notna() & (cases["age_group"] != "")
    derived = pd.cut(ages[both], [-1, 15, 18, 35, 55, 120], labels=["a00_15", "a16_18", "a19_35", "a36_55", "a56_plus"])
    assert (derived.astype(str) == cases.loc[both, "age_group"]).all()


def test_key_groups(cases):
    assert all(p in g for p, g in zip(cases["primary_key_group"], cases["key_groups"]))
    for groups in cases["key_groups"]:
        assert groups
        if "no_kpg" in groups or "undisclosed" in groups:
            assert len(groups) == 1
    assert (cases["key_groups"].map(len) > 1).mean() > 0.1
    assert (cases.groupby("client_id").size() > 1).any()


def test_decline_reasons_mostly_on_declined_cases(cases):
    with_reason = cases[cases["decline_reasons"].map(len) > 0]
    assert (with_reason["reaction_status"] == "client_declined").mean() > 0.6


# --- calendar events ---------------------------------------------------------------------


def test_tajikistan_2020_has_165_cases_and_2019_none(cases):
    years = cases[cases["country"] == "TJ"]["registered_on"].map(lambda d: d.year)
    assert (years == 2020).sum() == 165
    assert (years == 2019).sum() == 0


def test_no_hotline_in_tj_uz_before_october_2021_then_a_jump(cases):
    tj_uz = cases[cases["country"].isin(["TJ", "UZ"]) & (cases["intake_channel"] == "hotline")]
    assert (tj_uz["registered_on"] >= dt.date(2021, 10, 1)).all()
    assert len(tj_uz) > 100


def test_covid_dip_in_spring_2020(cases):
    others = cases[cases["country"] != "TJ"]  # REAct started in Tajikistan in 2020

    def spring(year: int) -> int:
        return sum(d.year == year and 3 <= d.month <= 5 for d in others["registered_on"])

    assert spring(2020) < 0.6 * spring(2019)


def test_war_cases_in_ukraine_only_after_24_february_2022(cases):
    ua = cases[cases["country"] == "UA"]
    war_like = ua["perpetrators"].map(lambda p: bool({"other", "unknown"} & set(p)))
    after = ua["registered_on"] >= dt.date(2022, 2, 24)
    assert war_like[after].mean() > 3 * war_like[~after].mean()
    assert ua.loc[after, "key_groups"].map(lambda g: "migrant" in g).mean() > 0.15


def test_ukraine_is_the_largest_scaled_country(cases):
    counts = cases[cases["country"] != "TJ"]["country"].value_counts()
    assert counts.index[0] == "UA"


# --- the Tajikistan 2023 H1 reference block ----------------------------------------------


@pytest.fixture(scope="module", params=[1, 2, 3])
def tj(request, frame) -> pd.DataFrame:
    size = SIZE if request.param == 1 else MINIMUM_CASES
    return tj_h1(frame(size, request.param))


def test_reference_totals(tj):
    assert len(tj) == 522
    assert tj["client_id"].nunique() == 520
    assert tj["qualified_violation"].sum() == 480


def test_reference_key_group_clients(tj):
    pairs = tj[["client_id", "key_groups"]].explode("key_groups").drop_duplicates()
    counts = pairs["key_groups"].value_counts().to_dict()
    assert counts == REFERENCE["key_group_clients"]


def test_reference_profiles_and_their_perpetrators(tj):
    profiles = tj["primary_key_group"].value_counts()
    for group, n in REFERENCE["profile_cases"].items():
        assert profiles[group] == n
    for group, published in REFERENCE["profile_perpetrator_pct"].items():
        counts = mentions(tj[tj["primary_key_group"] == group]["perpetrators"])
        assert_pct(counts, int(counts.sum()), published)


def test_reference_gender_and_age_of_clients_by_latest_case(tj):
    latest = latest_per_client(tj)
    assert len(latest) == 520
    assert_pct(latest["gender"].value_counts(), 520, REFERENCE["gender_pct"])
    # an age-only row derives its group from the age, as the importer does
    groups = [g or _age_group(a) for g, a in zip(latest["age_group"], latest["age"])]
    assert_pct(pd.Series(groups).value_counts(), 520, REFERENCE["age_group_pct"])


def _age_group(age: str) -> str:
    bounds = ((15, "a00_15"), (18, "a16_18"), (35, "a19_35"), (55, "a36_55"))
    return next((code for high, code in bounds if int(age) <= high), "a56_plus")


def test_reference_reaction_status_and_decline_reasons(tj):
    status = tj["reaction_status"].value_counts()
    assert status.to_dict() == STATUS_CASES
    assert_pct(status, 522, REFERENCE["reaction_status_pct"])
    reasons = mentions(tj["decline_reasons"])
    assert reasons.sum() == 115
    assert_pct(reasons, 115, REFERENCE["decline_reason_pct"])
    declined = tj["reaction_status"] == "client_declined"
    assert (tj.loc[declined, "decline_reasons"].map(len) > 0).all()


def test_reference_repeat_clients_have_cases_on_different_days(tj):
    repeat = tj[tj.duplicated("client_id", keep=False)]
    assert repeat["client_id"].nunique() == 2
    assert repeat.groupby("client_id")["registered_on"].nunique().eq(2).all()


def test_tajikistan_is_the_same_whatever_the_size(frame):
    # Tajikistan's cases are fixed; only the other countries grow with the file size.
    columns = ["case_id", "client_id", "registered_on", "gender", "reaction_status"]
    small = frame(MINIMUM_CASES, 1)
    big = frame(SIZE, 1)
    big_tj = big[big["country"] == "TJ"][columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(small[columns].reset_index(drop=True), big_tj)
    assert len(tj_h1(big)) == 522
