"""Exact numbers from the hand-checked fixture `fixtures/small_export.csv`.

Every expected value here was computed by hand from the fixture; `fixtures/README.md` shows, for
each filter combination, which cases are in scope and how each number follows under
`statistics.md`. If a test fails, recheck the hand computation there before touching the code.

Categories with a count of 0 may be left out of a breakdown (statistics.md), so the helpers drop
zero entries before comparing; they also check the contract's order (main count descending, then
code, then country / region / organization name) on the list as returned.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest

from dashboard.filters import parse_filters
from dashboard.ingest import ingest_file
from dashboard.snapshots import SnapshotStore
from dashboard.summary import summary_document

FIXTURE = Path(__file__).parent / "fixtures" / "small_export.csv"
IMPORT_DAY = date(2025, 1, 15)


# --------------------------------------------------------------------------------------------
# fixtures and helpers


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("fixture-data")
    report = ingest_file(FIXTURE, data_dir, today=IMPORT_DAY)
    return data_dir, report


@pytest.fixture(scope="module")
def snapshot(imported):
    return SnapshotStore(imported[0]).get()


def summary(snapshot, *, lang: str = "en", grain: str | None = None, **params) -> dict:
    filters, problems = parse_filters(params)
    assert problems == []
    return summary_document(snapshot, filters, lang=lang, grain=grain)


def counts(doc: dict, name: str, measure: str = "cases") -> list[tuple[str, int]]:
    """(code, count) of a coded breakdown, zero entries dropped, order checked."""
    entries = doc["breakdowns"][name]
    keys = [(-e[measure], e["code"]) for e in entries]
    assert keys == sorted(keys), f"{name}: not ordered by {measure} desc, then code"
    return [(e["code"], e[measure]) for e in entries if e[measure] != 0]


def clients(doc: dict, name: str) -> list[tuple[str, int]]:
    return counts(doc, name, "clients")


def shares(doc: dict, name: str, field: str, measure: str = "cases") -> dict[str, float]:
    return {e["code"]: e[field] for e in doc["breakdowns"][name] if e[measure] != 0}


def profile(doc: dict, code: str) -> dict:
    (entry,) = [e for e in doc["breakdowns"]["key_group_profile"] if e["code"] == code]
    return entry


def profile_perpetrators(doc: dict, code: str) -> list[tuple[str, int]]:
    entries = profile(doc, code)["perpetrator"]
    keys = [(-e["cases"], e["code"]) for e in entries]
    assert keys == sorted(keys), f"profile {code}: perpetrators out of order"
    return [(e["code"], e["cases"]) for e in entries if e["cases"] != 0]


def places(doc: dict, name: str) -> list[tuple[str, str, int]]:
    """(country, region|organization, cases), zero entries dropped, order checked."""
    entries = doc["breakdowns"][name]
    keys = [(-e["cases"], e["country"], e[name]) for e in entries]
    assert keys == sorted(keys), f"{name}: not ordered by cases desc, then country, then name"
    return [(e["country"], e[name], e["cases"]) for e in entries if e["cases"] != 0]


def services(doc: dict) -> list[tuple[str, int, int, int]]:
    entries = doc["breakdowns"]["service"]
    keys = [(-e["provided"], e["code"]) for e in entries]
    assert keys == sorted(keys), "service: not ordered by provided desc, then code"
    return [
        (e["code"], e["provided"], e["referred"], e["unavailable"])
        for e in entries
        if (e["provided"], e["referred"], e["unavailable"]) != (0, 0, 0)
    ]


def totals(doc: dict) -> tuple[int, int, int]:
    t = doc["totals"]
    return t["cases"], t["clients"], t["qualified_cases"]


def canonical(doc: dict) -> str:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


# --------------------------------------------------------------------------------------------
# the import itself


def test_fixture_imports_cleanly(imported):
    data_dir, report = imported
    assert report.rows_read == 30
    assert report.rows_imported == 30
    assert report.rows_rejected == 0
    assert report.problems == []
    assert sorted(report.dropped_columns) == ["client_name", "narrative"]
    assert report.rejects_path is None or not Path(report.rejects_path).exists()
    assert SnapshotStore(data_dir).current_id() == report.snapshot_id


def assert_no_private_content(data_dir: Path) -> None:
    """No marker of the private columns in any file, nor inside (possibly compressed) parquet."""
    for path in Path(data_dir).rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts = []
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            assert not {"narrative", "client_name"} & {c.lower() for c in table.column_names}
            texts.append(json.dumps(table.to_pylist(), default=str, ensure_ascii=False))
        for marker in ("SECRET-NARRATIVE-7731", "SECRET-NAME-4402"):
            assert marker.encode() not in data, f"{marker} found in {path}"
            assert marker.encode("utf-16-le") not in data, f"{marker} found in {path}"
            assert all(marker not in text for text in texts), f"{marker} found in {path}"


def test_private_columns_leave_no_trace(imported):
    assert_no_private_content(imported[0])


# --------------------------------------------------------------------------------------------
# A. no filters


def test_no_filters_totals_and_people(snapshot):
    doc = summary(snapshot)
    assert totals(doc) == (30, 22, 21)
    assert clients(doc, "key_group") == [
        ("plhiv", 8), ("pwud", 5), ("lgbtiq", 3),
        ("hepc", 2), ("migrant", 2), ("sex_worker", 2), ("tb", 2),
        ("alcohol", 1), ("disability", 1), ("former_prisoner", 1), ("homeless", 1),
        ("no_kpg", 1), ("other", 1), ("prisoner", 1), ("undisclosed", 1),
    ]
    assert counts(doc, "key_group_profile") == [
        ("pwud", 6), ("lgbtiq", 4), ("plhiv", 4), ("sex_worker", 3),
        ("former_prisoner", 2), ("migrant", 2), ("tb", 2),
        ("alcohol", 1), ("hepc", 1), ("homeless", 1), ("no_kpg", 1), ("other", 1),
        ("prisoner", 1), ("undisclosed", 1),
    ]
    assert sum(n for _, n in counts(doc, "key_group_profile")) == 30
    assert profile_perpetrators(doc, "pwud") == [("police", 5), ("healthcare", 1)]
    assert {e["code"]: e["share_of_mentions"] for e in profile(doc, "pwud")["perpetrator"]} == (
        pytest.approx({"police": 5 / 6, "healthcare": 1 / 6})
    )
    assert profile_perpetrators(doc, "plhiv") == [
        ("healthcare", 3), ("close_surroundings", 1), ("individuals", 1),
    ]
    assert {e["code"]: e["share_of_mentions"] for e in profile(doc, "plhiv")["perpetrator"]} == (
        pytest.approx({"healthcare": 3 / 5, "close_surroundings": 1 / 5, "individuals": 1 / 5})
    )
    assert clients(doc, "gender") == [
        ("female", 10), ("male", 9), ("trans_female", 1), ("trans_male", 1), ("unknown", 1),
    ]
    assert shares(doc, "gender", "share", "clients") == pytest.approx({
        "female": 10 / 22, "male": 9 / 22, "trans_female": 1 / 22, "trans_male": 1 / 22,
        "unknown": 1 / 22,
    })
    assert clients(doc, "age_group") == [
        ("a19_35", 10), ("a36_55", 7), ("a56_plus", 3), ("a00_15", 1), ("a16_18", 1),
    ]


def test_no_filters_case_breakdowns(snapshot):
    doc = summary(snapshot)
    assert counts(doc, "perpetrator") == [
        ("police", 9), ("healthcare", 8), ("individuals", 6),
        ("close_surroundings", 2), ("employer", 2), ("state_services", 2),
        ("education", 1), ("penitentiary", 1), ("unknown", 1),
    ]
    perpetrator = {e["code"]: e for e in doc["breakdowns"]["perpetrator"]}
    assert perpetrator["police"]["share_of_mentions"] == pytest.approx(9 / 32)
    assert perpetrator["police"]["share_of_cases"] == pytest.approx(9 / 30)
    assert perpetrator["unknown"]["share_of_mentions"] == pytest.approx(1 / 32)
    assert counts(doc, "violation") == [
        ("physical_violence", 6), ("discrimination", 5), ("refusal_of_services", 5),
        ("unlawful_detention", 4), ("extortion", 3),
        ("confidentiality_breach", 2), ("emotional_violence", 2), ("other", 2),
        ("sexual_violence", 2), ("material_damage", 1),
    ]
    assert shares(doc, "violation", "share_of_mentions")["physical_violence"] == (
        pytest.approx(6 / 32)
    )
    assert counts(doc, "reaction_status") == [
        ("resolved_positive", 8), ("client_declined", 6), ("in_progress", 5),
        ("no_resolution_required", 3), ("lost_contact", 2), ("partially_resolved", 2),
        ("resolved_negative", 2), ("client_died", 1), ("no_help_provided", 1),
    ]
    assert shares(doc, "reaction_status", "share") == pytest.approx({
        "resolved_positive": 8 / 30, "client_declined": 6 / 30, "in_progress": 5 / 30,
        "no_resolution_required": 3 / 30, "lost_contact": 2 / 30, "partially_resolved": 2 / 30,
        "resolved_negative": 2 / 30, "client_died": 1 / 30, "no_help_provided": 1 / 30,
    })
    assert counts(doc, "decline_reason") == [
        ("distrust_police", 3), ("hiv_disclosure", 2), ("safety_fears", 2), ("self_stigma", 2),
        ("no_faith_in_outcome", 1), ("not_worth_effort", 1), ("sogi_disclosure", 1),
    ]
    assert shares(doc, "decline_reason", "share_of_mentions") == pytest.approx({
        "distrust_police": 3 / 12, "hiv_disclosure": 2 / 12, "safety_fears": 2 / 12,
        "self_stigma": 2 / 12, "no_faith_in_outcome": 1 / 12, "not_worth_effort": 1 / 12,
        "sogi_disclosure": 1 / 12,
    })
    assert services(doc) == [
        ("primary_legal", 9, 0, 1),
        ("psychosocial", 6, 0, 0),
        ("medical_social", 3, 1, 1),
        ("secondary_legal", 2, 2, 1),
        ("art", 1, 3, 0),
        ("hcv_treatment", 0, 1, 0),
        ("mediation", 0, 1, 0),
        ("ost", 0, 0, 1),
        ("shelter", 0, 1, 2),
        ("tb_treatment", 0, 2, 0),
    ]
    assert counts(doc, "intake_channel") == [
        ("office", 11), ("hotline", 8), ("online", 5), ("outreach", 5), ("other", 1),
    ]
    assert shares(doc, "intake_channel", "share")["other"] == pytest.approx(1 / 30)


def test_no_filters_places(snapshot):
    doc = summary(snapshot)
    assert counts(doc, "country") == [("TJ", 16), ("KG", 7), ("UZ", 7)]
    assert places(doc, "region") == [
        ("TJ", "Dushanbe", 7),
        ("TJ", "Khatlon", 5),
        ("KG", "Bishkek", 4),
        ("UZ", "Tashkent", 4),
        ("KG", "Osh", 3),
        ("TJ", "Sughd", 3),
        ("UZ", "Samarkand", 3),
        ("TJ", "Unknown", 1),
    ]
    assert places(doc, "organization") == [
        ("TJ", "SPIN Plus", 8),
        ("KG", "Harm Reduction Network", 6),
        ("TJ", "Equal Rights", 6),
        ("UZ", "Intilish", 5),
        ("TJ", "Unknown", 2),
        ("UZ", "Ishonch va hayot", 2),
        ("KG", "Unknown", 1),
    ]


def test_no_filters_yearly_trend(snapshot):
    doc = summary(snapshot, grain="year")
    trend = [(t["period"], t["cases"], t["clients"]) for t in doc["trend"] if t["cases"]]
    assert trend == [("2022", 4, 4), ("2023", 22, 15), ("2024", 4, 4)]


# --------------------------------------------------------------------------------------------
# B. country TJ + period 2023H1 (boundaries 2022-12-31, 2023-01-01, 2023-06-30, 2023-07-01)


def test_tj_2023h1(snapshot):
    doc = summary(snapshot, country=["TJ"], period="2023H1")
    assert doc["filters"]["country"] == ["TJ"]
    assert doc["filters"]["start"] == "2023-01-01"
    assert doc["filters"]["end"] == "2023-06-30"
    assert doc["snapshot"]["id"] == snapshot.id
    assert totals(doc) == (9, 7, 5)
    assert clients(doc, "key_group") == [
        ("plhiv", 4), ("pwud", 3),
        ("former_prisoner", 1), ("hepc", 1), ("lgbtiq", 1), ("migrant", 1), ("no_kpg", 1),
        ("sex_worker", 1),
    ]
    assert counts(doc, "key_group_profile") == [
        ("former_prisoner", 2), ("sex_worker", 2),
        ("hepc", 1), ("lgbtiq", 1), ("migrant", 1), ("no_kpg", 1), ("pwud", 1),
    ]
    assert profile_perpetrators(doc, "sex_worker") == [("individuals", 2), ("police", 1)]
    assert {e["code"]: e["share_of_mentions"] for e in profile(doc, "sex_worker")["perpetrator"]} == (
        pytest.approx({"individuals": 2 / 3, "police": 1 / 3})
    )
    assert profile_perpetrators(doc, "no_kpg") == []
    assert clients(doc, "gender") == [("female", 3), ("male", 3), ("trans_female", 1)]
    assert shares(doc, "gender", "share", "clients") == pytest.approx(
        {"female": 3 / 7, "male": 3 / 7, "trans_female": 1 / 7}
    )
    # K03's latest case is C9 (a19_35): same day as C10, and "C9" > "C10" in plain text order.
    assert clients(doc, "age_group") == [("a19_35", 4), ("a36_55", 2), ("a56_plus", 1)]
    assert counts(doc, "perpetrator") == [
        ("police", 4), ("healthcare", 2), ("individuals", 2), ("state_services", 2), ("employer", 1),
    ]
    perpetrator = {e["code"]: e for e in doc["breakdowns"]["perpetrator"]}
    assert perpetrator["police"]["share_of_mentions"] == pytest.approx(4 / 11)
    assert perpetrator["police"]["share_of_cases"] == pytest.approx(4 / 9)
    assert counts(doc, "violation") == [
        ("extortion", 2), ("refusal_of_services", 2), ("unlawful_detention", 2),
        ("confidentiality_breach", 1), ("discrimination", 1), ("emotional_violence", 1),
        ("material_damage", 1), ("physical_violence", 1), ("sexual_violence", 1),
    ]
    assert shares(doc, "violation", "share_of_mentions")["extortion"] == pytest.approx(2 / 12)
    assert counts(doc, "reaction_status") == [
        ("client_declined", 3), ("in_progress", 1), ("lost_contact", 1), ("no_help_provided", 1),
        ("no_resolution_required", 1), ("partially_resolved", 1), ("resolved_positive", 1),
    ]
    assert shares(doc, "reaction_status", "share")["client_declined"] == pytest.approx(3 / 9)
    assert counts(doc, "decline_reason") == [
        ("distrust_police", 2), ("self_stigma", 2),
        ("hiv_disclosure", 1), ("not_worth_effort", 1), ("safety_fears", 1),
    ]
    assert shares(doc, "decline_reason", "share_of_mentions")["distrust_police"] == (
        pytest.approx(2 / 7)
    )
    assert services(doc) == [
        ("primary_legal", 5, 0, 1),
        ("psychosocial", 2, 0, 0),
        ("medical_social", 1, 0, 0),
        ("art", 0, 1, 0),
        ("hcv_treatment", 0, 1, 0),
        ("mediation", 0, 1, 0),
        ("ost", 0, 0, 1),
        ("secondary_legal", 0, 1, 1),
        ("shelter", 0, 0, 1),
    ]
    assert counts(doc, "intake_channel") == [
        ("online", 3), ("office", 2), ("outreach", 2), ("hotline", 1), ("other", 1),
    ]
    assert counts(doc, "country") == [("TJ", 9)]
    assert places(doc, "region") == [
        ("TJ", "Dushanbe", 3), ("TJ", "Khatlon", 3), ("TJ", "Sughd", 2), ("TJ", "Unknown", 1),
    ]
    assert places(doc, "organization") == [
        ("TJ", "SPIN Plus", 4), ("TJ", "Equal Rights", 3), ("TJ", "Unknown", 2),
    ]


def test_tj_2023h1_monthly_trend(snapshot):
    doc = summary(snapshot, grain="month", country=["TJ"], period="2023H1")
    trend = [(t["period"], t["cases"], t["clients"]) for t in doc["trend"]]
    assert trend == [
        ("2023-01", 1, 1), ("2023-02", 1, 1), ("2023-03", 2, 1),
        ("2023-04", 1, 1), ("2023-05", 2, 1), ("2023-06", 2, 2),
    ]


def test_zero_categories_are_absent_or_zero(snapshot):
    doc = summary(snapshot, country=["TJ"], period="2023H1")
    seen = {e["code"]: e["cases"] for e in doc["breakdowns"]["perpetrator"]}
    for code in ("penitentiary", "education", "close_surroundings", "unknown", "other"):
        assert seen.get(code, 0) == 0
    seen = {e["code"]: e["clients"] for e in doc["breakdowns"]["gender"]}
    assert seen.get("trans_male", 0) == 0 and seen.get("unknown", 0) == 0
    for entry in doc["breakdowns"]["gender"]:
        if entry["clients"] == 0:
            assert "share" not in entry or entry["share"] == 0


# --------------------------------------------------------------------------------------------
# C. key_group plhiv (clients in several groups)


def test_key_group_plhiv(snapshot):
    doc = summary(snapshot, key_group=["plhiv"])
    assert totals(doc) == (10, 8, 9)
    assert clients(doc, "key_group") == [
        ("plhiv", 8), ("pwud", 2), ("lgbtiq", 1), ("migrant", 1), ("sex_worker", 1), ("tb", 1),
    ]
    assert counts(doc, "key_group_profile") == [
        ("plhiv", 4), ("pwud", 2), ("lgbtiq", 1), ("migrant", 1), ("sex_worker", 1), ("tb", 1),
    ]
    # K02's only plhiv case is C4 (female); C5 (trans_female) is out of scope.
    assert clients(doc, "gender") == [("female", 6), ("male", 2)]
    assert shares(doc, "gender", "share", "clients") == pytest.approx({"female": 6 / 8, "male": 2 / 8})
    assert clients(doc, "age_group") == [("a19_35", 4), ("a36_55", 4)]
    assert counts(doc, "perpetrator") == [
        ("healthcare", 6), ("individuals", 2), ("police", 2), ("close_surroundings", 1), ("employer", 1),
    ]
    perpetrator = {e["code"]: e for e in doc["breakdowns"]["perpetrator"]}
    assert perpetrator["healthcare"]["share_of_mentions"] == pytest.approx(6 / 12)
    assert perpetrator["healthcare"]["share_of_cases"] == pytest.approx(6 / 10)
    assert counts(doc, "violation") == [
        ("discrimination", 4), ("confidentiality_breach", 2), ("extortion", 2),
        ("refusal_of_services", 2), ("emotional_violence", 1), ("material_damage", 1),
        ("unlawful_detention", 1),
    ]
    assert counts(doc, "reaction_status") == [
        ("resolved_positive", 5), ("client_declined", 3), ("in_progress", 1), ("partially_resolved", 1),
    ]
    assert counts(doc, "country") == [("TJ", 6), ("KG", 2), ("UZ", 2)]


# --------------------------------------------------------------------------------------------
# D. perpetrator / violation filters combined with countries


def test_perpetrator_police_in_tj(snapshot):
    doc = summary(snapshot, perpetrator=["police"], country=["TJ"])
    assert totals(doc) == (5, 4, 5)
    # C2 lists `police;Police;`: one mention, not two.
    assert counts(doc, "perpetrator") == [("police", 5), ("employer", 1), ("individuals", 1)]
    perpetrator = {e["code"]: e for e in doc["breakdowns"]["perpetrator"]}
    assert perpetrator["police"]["share_of_mentions"] == pytest.approx(5 / 7)
    assert perpetrator["police"]["share_of_cases"] == pytest.approx(1.0)
    assert counts(doc, "violation") == [
        ("extortion", 2), ("physical_violence", 2), ("unlawful_detention", 2),
        ("material_damage", 1), ("sexual_violence", 1),
    ]
    assert clients(doc, "key_group") == [
        ("plhiv", 2), ("pwud", 2), ("former_prisoner", 1), ("migrant", 1), ("sex_worker", 1),
    ]
    assert counts(doc, "key_group_profile") == [
        ("pwud", 2), ("former_prisoner", 1), ("migrant", 1), ("sex_worker", 1),
    ]
    assert clients(doc, "gender") == [("female", 2), ("male", 1), ("trans_female", 1)]
    # K03's only case in scope is C10 (a16_18).
    assert clients(doc, "age_group") == [("a19_35", 2), ("a16_18", 1), ("a36_55", 1)]
    assert counts(doc, "reaction_status") == [
        ("client_declined", 2), ("in_progress", 1), ("lost_contact", 1), ("resolved_negative", 1),
    ]
    assert places(doc, "region") == [("TJ", "Dushanbe", 3), ("TJ", "Khatlon", 1), ("TJ", "Sughd", 1)]


def test_violation_filter_in_two_countries(snapshot):
    doc = summary(snapshot, violation=["physical_violence", "sexual_violence"], country=["UZ", "KG"])
    assert totals(doc) == (4, 4, 4)
    assert counts(doc, "violation") == [
        ("physical_violence", 3), ("emotional_violence", 1), ("sexual_violence", 1),
        ("unlawful_detention", 1),
    ]
    violation = {e["code"]: e for e in doc["breakdowns"]["violation"]}
    assert violation["physical_violence"]["share_of_mentions"] == pytest.approx(3 / 6)
    assert violation["physical_violence"]["share_of_cases"] == pytest.approx(3 / 4)
    assert counts(doc, "country") == [("KG", 2), ("UZ", 2)]


# --------------------------------------------------------------------------------------------
# E. reaction_status client_declined -> decline reasons drill-down


def test_client_declined_drill_down(snapshot):
    doc = summary(snapshot, reaction_status=["client_declined"])
    assert totals(doc) == (6, 5, 5)
    assert counts(doc, "reaction_status") == [("client_declined", 6)]
    assert shares(doc, "reaction_status", "share") == pytest.approx({"client_declined": 1.0})
    assert counts(doc, "decline_reason") == [
        ("distrust_police", 3), ("hiv_disclosure", 2), ("safety_fears", 2), ("self_stigma", 2),
        ("no_faith_in_outcome", 1), ("sogi_disclosure", 1),
    ]
    assert shares(doc, "decline_reason", "share_of_mentions") == pytest.approx({
        "distrust_police": 3 / 11, "hiv_disclosure": 2 / 11, "safety_fears": 2 / 11,
        "self_stigma": 2 / 11, "no_faith_in_outcome": 1 / 11, "sogi_disclosure": 1 / 11,
    })
    assert counts(doc, "country") == [("TJ", 3), ("KG", 2), ("UZ", 1)]


def test_client_declined_drill_down_inside_tj_2023h1(snapshot):
    doc = summary(snapshot, country=["TJ"], period="2023H1", reaction_status=["client_declined"])
    assert totals(doc) == (3, 2, 2)
    assert counts(doc, "decline_reason") == [
        ("distrust_police", 2), ("self_stigma", 2), ("hiv_disclosure", 1), ("safety_fears", 1),
    ]
    assert shares(doc, "decline_reason", "share_of_mentions") == pytest.approx({
        "distrust_police": 2 / 6, "self_stigma": 2 / 6, "hiv_disclosure": 1 / 6, "safety_fears": 1 / 6,
    })


# --------------------------------------------------------------------------------------------
# F. qualified_only


def test_qualified_only(snapshot):
    doc = summary(snapshot, qualified_only=True)
    assert doc["filters"]["qualified_only"] is True
    assert totals(doc) == (21, 15, 21)
    assert counts(doc, "reaction_status") == [
        ("resolved_positive", 7), ("client_declined", 5), ("in_progress", 4),
        ("partially_resolved", 2), ("resolved_negative", 2), ("lost_contact", 1),
    ]
    assert shares(doc, "reaction_status", "share")["resolved_positive"] == pytest.approx(7 / 21)
    assert clients(doc, "gender") == [("male", 7), ("female", 6), ("trans_female", 1), ("trans_male", 1)]
    assert clients(doc, "age_group") == [("a19_35", 7), ("a36_55", 5), ("a16_18", 2), ("a56_plus", 1)]
    assert counts(doc, "intake_channel") == [("office", 8), ("hotline", 7), ("online", 3), ("outreach", 3)]
    assert counts(doc, "country") == [("TJ", 10), ("UZ", 6), ("KG", 5)]


# --------------------------------------------------------------------------------------------
# G. gender + age_group filters (the case's own values)


def test_gender_and_age_group_filters(snapshot):
    doc = summary(snapshot, gender=["female"], age_group=["a19_35"])
    assert totals(doc) == (7, 6, 5)
    assert clients(doc, "gender") == [("female", 6)]
    assert shares(doc, "gender", "share", "clients") == pytest.approx({"female": 1.0})
    assert clients(doc, "age_group") == [("a19_35", 6)]
    assert clients(doc, "key_group") == [
        ("plhiv", 5), ("hepc", 1), ("migrant", 1), ("pwud", 1), ("sex_worker", 1), ("tb", 1),
    ]
    assert counts(doc, "country") == [("TJ", 4), ("UZ", 2), ("KG", 1)]


# --------------------------------------------------------------------------------------------
# H. region and organization filters


def test_region_filter(snapshot):
    doc = summary(snapshot, region=["Dushanbe", "Unknown"])
    assert totals(doc) == (8, 5, 7)
    assert places(doc, "region") == [("TJ", "Dushanbe", 7), ("TJ", "Unknown", 1)]
    assert places(doc, "organization") == [("TJ", "SPIN Plus", 8)]
    assert counts(doc, "perpetrator") == [
        ("healthcare", 3), ("police", 3), ("close_surroundings", 1), ("employer", 1),
        ("individuals", 1), ("state_services", 1),
    ]
    assert clients(doc, "gender") == [("female", 4), ("male", 1)]
    padded = summary(snapshot, region=["  Dushanbe ", "Unknown"])
    assert canonical(padded) == canonical(doc)


def test_organization_filter(snapshot):
    doc = summary(snapshot, organization=["Ishonch va hayot"])
    assert totals(doc) == (2, 2, 1)
    assert places(doc, "organization") == [("UZ", "Ishonch va hayot", 2)]


# --------------------------------------------------------------------------------------------
# I, J. periods: month, quarter, year, custom start/end


def test_month_period(snapshot):
    doc = summary(snapshot, period="2023-03")
    assert doc["filters"]["start"] == "2023-03-01"
    assert doc["filters"]["end"] == "2023-03-31"
    assert totals(doc) == (4, 3, 2)
    assert clients(doc, "gender") == [("female", 2), ("trans_female", 1)]
    assert clients(doc, "age_group") == [("a16_18", 1), ("a19_35", 1), ("a56_plus", 1)]
    assert counts(doc, "country") == [("TJ", 2), ("KG", 1), ("UZ", 1)]
    assert clients(doc, "key_group") == [("sex_worker", 2), ("disability", 1), ("homeless", 1), ("plhiv", 1)]
    assert services(doc) == [
        ("psychosocial", 2, 0, 0), ("mediation", 0, 1, 0), ("medical_social", 0, 1, 0), ("shelter", 0, 1, 2),
    ]


def test_quarter_and_year_periods(snapshot):
    assert totals(summary(snapshot, period="2023Q1")) == (8, 7, 6)
    assert totals(summary(snapshot, period="2023")) == (22, 15, 16)


def test_custom_range_across_new_year(snapshot):
    doc = summary(snapshot, start="2022-12-31", end="2023-01-01")
    assert totals(doc) == (4, 3, 3)
    # K01's latest case in scope is C2 (a36_55), not C1 (a19_35).
    assert clients(doc, "age_group") == [("a36_55", 2), ("a19_35", 1)]
    assert clients(doc, "gender") == [("male", 2), ("female", 1)]
    assert counts(doc, "country") == [("TJ", 2), ("UZ", 2)]


def test_open_ended_ranges(snapshot):
    assert totals(summary(snapshot, start="2024-01-01")) == (4, 4, 3)
    assert totals(summary(snapshot, end="2022-12-31")) == (4, 4, 2)


# --------------------------------------------------------------------------------------------
# L, M. primary_key_group and intake_channel filters


def test_primary_key_group_filter(snapshot):
    doc = summary(snapshot, primary_key_group=["pwud"])
    assert totals(doc) == (6, 3, 6)
    assert clients(doc, "key_group") == [("pwud", 3), ("plhiv", 2), ("hepc", 1)]
    assert counts(doc, "key_group_profile") == [("pwud", 6)]


def test_empty_intake_channel_is_other(snapshot):
    doc = summary(snapshot, intake_channel=["other"])
    assert totals(doc) == (1, 1, 0)
    assert counts(doc, "intake_channel") == [("other", 1)]


# --------------------------------------------------------------------------------------------
# languages, determinism, XLSX


def test_labels_in_russian(snapshot):
    en = summary(snapshot, country=["TJ"], period="2023H1")
    ru = summary(snapshot, lang="ru", country=["TJ"], period="2023H1")

    def label(doc, name, code):
        (entry,) = [e for e in doc["breakdowns"][name] if e["code"] == code]
        return entry["label"]

    assert label(en, "key_group", "plhiv") == "People living with HIV"
    assert label(en, "country", "TJ") == "Tajikistan"
    assert label(ru, "country", "TJ") == "Таджикистан"
    assert label(ru, "key_group", "plhiv") == "Люди, живущие с ВИЧ"
    assert label(ru, "key_group_profile", "former_prisoner") == "Бывший заключённый"
    assert label(ru, "gender", "female") == "Женский"
    assert label(ru, "age_group", "a19_35") == "19–35 лет"
    assert label(ru, "perpetrator", "police") == "Полиция"
    assert label(ru, "reaction_status", "client_declined") == "Не решено — клиент не захотел решать случай"
    assert label(ru, "decline_reason", "distrust_police") == (
        "Клиент боится полиции / не доверяет ей из-за негативного опыта"
    )
    assert label(ru, "service", "primary_legal") == "Первичная правовая помощь"
    assert label(ru, "intake_channel", "online") == "Онлайн"
    sex_worker_ru = [e for e in ru["breakdowns"]["key_group_profile"] if e["code"] == "sex_worker"][0]
    assert {e["code"]: e["label"] for e in sex_worker_ru["perpetrator"]}["individuals"] == "Частные лица"

    def without_labels(value):
        if isinstance(value, dict):
            return {k: without_labels(v) for k, v in value.items() if k != "label"}
        if isinstance(value, list):
            return [without_labels(v) for v in value]
        return value

    assert without_labels(ru["breakdowns"]) == without_labels(en["breakdowns"])
    assert ru["totals"] == en["totals"]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": ["TJ"], "period": "2023H1"},
        {"key_group": ["plhiv"], "qualified_only": True},
    ],
)
def test_document_is_byte_identical_across_runs(imported, snapshot, params):
    first = canonical(summary(snapshot, grain="month", **params))
    again = canonical(summary(snapshot, grain="month", **params))
    fresh = canonical(summary(SnapshotStore(imported[0]).get(), grain="month", **params))
    assert first == again == fresh


def _fixture_as_xlsx(target: Path) -> None:
    """The fixture as a workbook: real Excel dates in half the rows, ages as numbers."""
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    registered = header.index("дата_регистрации")
    age = header.index("Age")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "cases"
    sheet.append(header)
    for number, row in enumerate(rows[1:]):
        cells: list[object] = list(row)
        text = row[registered].strip()
        if number % 2 == 0:
            if "." in text:
                day, month, year = text.split(".")
                cells[registered] = date(int(year), int(month), int(day))
            else:
                cells[registered] = date.fromisoformat(text)
        if row[age].strip():
            cells[age] = int(row[age])
        sheet.append(cells)
    book.create_sheet("notes").append(["not the data sheet", "SECRET-NARRATIVE-7731"])
    book.save(target)


def test_xlsx_copy_gives_the_same_document(tmp_path, snapshot):
    source = tmp_path / "small_export.xlsx"
    _fixture_as_xlsx(source)
    data_dir = tmp_path / "data"
    report = ingest_file(source, data_dir, today=IMPORT_DAY)
    assert report.rows_imported == 30
    assert_no_private_content(data_dir)
    from_xlsx = SnapshotStore(data_dir).get()
    for params in ({}, {"country": ["TJ"], "period": "2023H1"}, {"key_group": ["plhiv"]}):
        a = summary(snapshot, **params)
        b = summary(from_xlsx, **params)
        assert a["totals"] == b["totals"]
        assert canonical(a["breakdowns"]) == canonical(b["breakdowns"])
