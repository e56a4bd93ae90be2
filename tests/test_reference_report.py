"""The demo data reproduces the published REAct page 'Tajikistan. 2023 | Half year' through the
project's own import and summary code: counts exactly, published shares within 0.2 points."""

import json
from pathlib import Path

import pytest

from dashboard.filters import parse_filters
from dashboard.snapshots import SnapshotStore
from dashboard.summary import summary_document

REFERENCE = json.loads((Path(__file__).parent / "fixtures/reference/tajikistan-2023-h1.json").read_text())
TOLERANCE_POINTS = 0.2


@pytest.fixture(scope="module")
def document(demo_data_dir):
    filters, _ = parse_filters({"country": ["TJ"], "period": "2023H1"})
    return summary_document(SnapshotStore(demo_data_dir).get(), filters)


def _by_code(rows, key):
    return {row["code"]: row[key] for row in rows}


def test_totals_match_exactly(document):
    assert document["totals"] == REFERENCE["totals"] == {"cases": 522, "clients": 520, "qualified_cases": 480}


def test_key_group_clients_match_exactly(document):
    assert _by_code(document["breakdowns"]["key_group"], "clients") == REFERENCE["key_group_clients"]


def test_profile_case_counts_match_exactly(document):
    profiles = _by_code(document["breakdowns"]["key_group_profile"], "cases")
    for code, published in REFERENCE["key_group_profiles"].items():
        assert profiles[code] == published["cases"]


def _assert_close(computed: dict, published_pct: dict):
    assert set(computed) == set(published_pct), "the same categories, no extra and none missing"
    for code, pct in published_pct.items():
        assert abs(computed[code] * 100 - pct) <= TOLERANCE_POINTS, (code, computed[code] * 100, pct)


def test_profile_perpetrator_shares(document):
    profiles = {p["code"]: p for p in document["breakdowns"]["key_group_profile"]}
    for code, published in REFERENCE["key_group_profiles"].items():
        shares = _by_code(profiles[code]["perpetrator"], "share_of_mentions")
        _assert_close(shares, published["perpetrator_pct_of_mentions"])


@pytest.mark.parametrize("breakdown, share, published", [
    ("gender", "share", "gender_pct_of_clients"),
    ("age_group", "share", "age_group_pct_of_clients"),
    ("reaction_status", "share", "reaction_status_pct_of_cases"),
    ("decline_reason", "share_of_mentions", "decline_reason_pct_of_mentions"),
])
def test_published_shares(document, breakdown, share, published):
    _assert_close(_by_code(document["breakdowns"][breakdown], share), REFERENCE[published])


def test_tajikistan_2020_has_165_cases(demo_data_dir):
    filters, _ = parse_filters({"country": ["TJ"], "period": "2020"})
    assert summary_document(SnapshotStore(demo_data_dir).get(), filters)["totals"]["cases"] == 165
