"""Properties of the measures on random case sets (statistics.md's adding-up rules)."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import measures
from dashboard.filters import Filters
from dashboard.vocab import vocabulary
from tests.factories import make_snapshot

VOCAB = vocabulary()
DAY0 = date(2022, 1, 1)


def _codes(dimension, **kw):
    return st.lists(st.sampled_from(VOCAB.codes(dimension)), unique=True, **kw)


@st.composite
def case_sets(draw):
    n = draw(st.integers(1, 40))
    clients = draw(st.integers(1, n))
    cases = []
    for i in range(n):
        groups = draw(_codes("key_group", min_size=1, max_size=3))
        cases.append({
            "case_id": f"K{i:03d}",
            "client_id": f"C{draw(st.integers(0, clients - 1))}",
            "country": draw(st.sampled_from(["TJ", "UZ", "KG"])),
            "region": draw(st.sampled_from(["North", "South", "Unknown"])),
            "organization": draw(st.sampled_from(["NGO A", "NGO B"])),
            "registered_on": DAY0 + timedelta(days=draw(st.integers(0, 729))),
            "incident_on": None,
            "intake_channel": draw(st.sampled_from(VOCAB.codes("intake_channel"))),
            "gender": draw(st.sampled_from(VOCAB.codes("gender"))),
            "age": None,
            "age_group": draw(st.sampled_from(VOCAB.codes("age_group"))),
            "key_groups": sorted(groups),
            "primary_key_group": draw(st.sampled_from(groups)),
            "qualified_violation": draw(st.booleans()),
            "violations": sorted(draw(_codes("violation", max_size=3))),
            "perpetrators": sorted(draw(_codes("perpetrator", max_size=3))),
            "reaction_status": draw(st.sampled_from(VOCAB.codes("reaction_status"))),
            "decline_reasons": sorted(draw(_codes("decline_reason", max_size=2))),
            "services_provided": sorted(draw(_codes("service", max_size=2))),
            "services_referred": sorted(draw(_codes("service", max_size=2))),
            "services_unavailable": sorted(draw(_codes("service", max_size=1))),
        })
    return cases


@st.composite
def scopes(draw):
    start = DAY0 + timedelta(days=draw(st.integers(0, 700)))
    return Filters().with_values(
        country=draw(_codes("country", max_size=2)),
        key_group=draw(_codes("key_group", max_size=2)),
        perpetrator=draw(_codes("perpetrator", max_size=2)),
    ).with_range(*(draw(st.sampled_from([(None, None), (start, start + timedelta(days=90))]))))


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(case_sets(), scopes())
def test_parts_add_up_to_their_totals(tmp_path_factory, cases, scope):
    snapshot = make_snapshot(tmp_path_factory.mktemp("snap"), cases)
    totals = measures.totals(snapshot, scope)
    profiles = measures.key_group_profiles(snapshot, scope)
    assert sum(p["cases"] for p in profiles) == totals["cases"]
    statuses = measures.per_case(snapshot, scope, "reaction_status", totals["cases"])
    assert sum(s["cases"] for s in statuses) == totals["cases"]
    latest = measures.latest_attributes(snapshot, scope)
    assert sum(g["clients"] for g in latest["gender"]) == totals["clients"]
    assert sum(a["clients"] for a in latest["age_group"]) == totals["clients"]
    groups = measures.key_groups(snapshot, scope)
    assert all(g["clients"] <= totals["clients"] for g in groups)
    assert sum(g["clients"] for g in groups) >= totals["clients"]
    if totals["cases"]:
        assert abs(sum(s["share"] for s in statuses) - 1) < 1e-9
    else:
        assert statuses == [] and profiles == []


@SETTINGS
@given(case_sets(), scopes(), st.sampled_from(["key_group", "perpetrator", "gender", "reaction_status"]),
       st.data())
def test_a_narrower_filter_never_gives_more(tmp_path_factory, cases, scope, extra, data):
    snapshot = make_snapshot(tmp_path_factory.mktemp("snap"), cases)
    dimension = {"key_group": "key_group"}.get(extra, extra)
    chosen = data.draw(st.lists(st.sampled_from(VOCAB.codes(dimension)), min_size=1, max_size=2, unique=True))
    current = getattr(scope, extra)
    # Narrower: intersect with what is selected (an empty selection means everything).
    narrowed = tuple(c for c in chosen if not current or c in current) or chosen[:1]
    if current and not set(narrowed) <= set(current):
        return
    narrow = scope.with_values(**{extra: narrowed})
    wide, tight = measures.totals(snapshot, scope), measures.totals(snapshot, narrow)
    assert tight["cases"] <= wide["cases"]
    assert tight["clients"] <= wide["clients"]
    assert tight["qualified_cases"] <= wide["qualified_cases"]


@SETTINGS
@given(case_sets())
def test_latest_case_decides_gender(tmp_path_factory, cases):
    snapshot = make_snapshot(tmp_path_factory.mktemp("snap"), cases)
    expected = {}
    for case in sorted(cases, key=lambda c: (c["registered_on"], c["case_id"])):
        expected[case["client_id"]] = case["gender"]
    counted = {g["code"]: g["clients"] for g in measures.latest_attributes(snapshot, Filters())["gender"]}
    by_hand = {}
    for gender in expected.values():
        by_hand[gender] = by_hand.get(gender, 0) + 1
    assert counted == by_hand
