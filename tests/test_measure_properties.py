"""Properties of the measures on random case sets (statistics.md's adding-up rules)."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import measures
from dashboard.filters import Filters
from dashboard.periods import GRAINS, bucket_label, period_range
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
        violation=draw(_codes("violation", max_size=2)),
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
    latest = measures.people(snapshot, scope)
    assert sum(g["clients"] for g in latest["gender"]) == totals["clients"]
    assert sum(a["clients"] for a in latest["age_group"]) == totals["clients"]
    groups = measures.people(snapshot, scope)["key_group"]
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
    counted = {g["code"]: g["clients"] for g in measures.people(snapshot, Filters())["gender"]}
    by_hand = {}
    for gender in expected.values():
        by_hand[gender] = by_hand.get(gender, 0) + 1
    assert counted == by_hand


def _in_scope(case, scope):
    """statistics.md's scope rule for the filters scopes() draws, written out by hand."""
    return ((not scope.country or case["country"] in scope.country)
            and (not scope.key_group or set(case["key_groups"]) & set(scope.key_group))
            and (not scope.perpetrator or set(case["perpetrators"]) & set(scope.perpetrator))
            and (not scope.violation or set(case["violations"]) & set(scope.violation))
            and (scope.start is None or scope.start <= case["registered_on"] <= scope.end))


@SETTINGS
@given(case_sets(), scopes())
def test_client_measures_equal_a_count_by_hand(tmp_path_factory, cases, scope):
    """The de-duplication shortcut (clients with one case counted per case, see schema.py) gives
    exactly the distinct-client counts of statistics.md, whatever the mix of repeat clients."""
    snapshot = make_snapshot(tmp_path_factory.mktemp("snap"), cases)
    chosen = [c for c in cases if _in_scope(c, scope)]
    latest = {}
    for case in sorted(chosen, key=lambda c: (c["registered_on"], c["case_id"])):
        latest[case["client_id"]] = case
    groups = {}
    for case in chosen:
        for group in case["key_groups"]:
            groups.setdefault(group, set()).add(case["client_id"])

    assert measures.totals(snapshot, scope)["clients"] == len(latest)
    # people.sql computes the totals again, in its one pass; case_count.sql the cases alone.
    assert measures.people(snapshot, scope)["totals"] == measures.totals(snapshot, scope)
    assert measures.case_count(snapshot, scope) == len(chosen)
    assert {g["code"]: g["clients"] for g in measures.people(snapshot, scope)["key_group"]} == {
        code: len(ids) for code, ids in groups.items()}
    for dimension in ("gender", "age_group"):
        by_hand = {}
        for case in latest.values():
            by_hand[case[dimension]] = by_hand.get(case[dimension], 0) + 1
        counted = measures.people(snapshot, scope)[dimension]
        assert {g["code"]: g["clients"] for g in counted} == by_hand, dimension
    for grain in GRAINS:  # each case's bucket named from its own date, against bucket_start in SQL
        buckets = {}
        for case in chosen:
            buckets.setdefault(bucket_label(case["registered_on"], grain), []).append(case["client_id"])
        trend = measures.trend(snapshot, scope, grain)
        assert {t["period"]: (t["cases"], t["clients"]) for t in trend} == {
            label: (len(ids), len(set(ids))) for label, ids in buckets.items()}, grain
        assert all(t["start"] == period_range(t["period"])[0].isoformat() for t in trend), grain


def _mentions(cases, column):
    found = {}
    for case in cases:
        for code in set(case[column]):
            found[code] = found.get(code, 0) + 1
    return found


@SETTINGS
@given(case_sets(), scopes())
def test_mention_counts_equal_a_count_by_hand(tmp_path_factory, cases, scope):
    """Mentions are counted over list masks (schema.MASKED_LISTS); the counts are those of the lists."""
    snapshot = make_snapshot(tmp_path_factory.mktemp("snap"), cases)
    chosen = [c for c in cases if _in_scope(c, scope)]
    for dimension, column in (("perpetrator", "perpetrators"), ("violation", "violations"),
                              ("decline_reason", "decline_reasons")):
        counted = measures.mentions(snapshot, scope, dimension, len(chosen))
        assert {m["code"]: m["cases"] for m in counted} == _mentions(chosen, column), dimension
    services = {s["code"]: (s["provided"], s["referred"], s["unavailable"]) for s in measures.services(snapshot, scope)}
    by_hand = [_mentions(chosen, f"services_{how}") for how in ("provided", "referred", "unavailable")]
    assert services == {code: tuple(part.get(code, 0) for part in by_hand) for code in set().union(*by_hand)}
    profiles = {p["code"]: {m["code"]: m["cases"] for m in p["perpetrator"]}
                for p in measures.key_group_profiles(snapshot, scope)}
    assert profiles == {group: _mentions([c for c in chosen if c["primary_key_group"] == group], "perpetrators")
                        for group in {c["primary_key_group"] for c in chosen}}


def test_a_snapshot_without_derived_columns_gives_the_same_numbers(tmp_path):
    """Snapshots written before the import derived client_key, client_cases and case_rank and
    wrote a DuckDB copy get both on first opening."""
    import pyarrow.parquet as pq

    from dashboard import db
    from dashboard.schema import CASE_SCHEMA

    cases = [
        {**_case(f"K{i}", f"C{i % 3}", DAY0 + timedelta(days=i % 2)), "gender": ["female", "male"][i % 2]}
        for i in range(7)
    ]
    new = make_snapshot(tmp_path / "new", cases)
    old = make_snapshot(tmp_path / "old", cases)
    table = pq.read_table(old.cases_file).select(CASE_SCHEMA.names)
    pq.write_table(table, old.cases_file)
    old.native_file.unlink()
    db.close_all()
    for measure in (measures.totals, measures.people):
        assert measure(old, Filters()) == measure(new, Filters())
    assert old.native_file.exists()  # written on first opening, for the next time
    assert measures.totals(old, Filters()) == {"cases": 7, "clients": 3, "qualified_cases": 7}


def _case(case_id, client_id, day):
    return {
        "case_id": case_id, "client_id": client_id, "country": "TJ", "region": "North", "organization": "NGO A",
        "registered_on": day, "incident_on": None, "intake_channel": None, "gender": "female", "age": None,
        "age_group": None, "key_groups": ["plhiv"], "primary_key_group": "plhiv", "qualified_violation": True,
        "violations": [], "perpetrators": [], "reaction_status": VOCAB.codes("reaction_status")[0],
        "decline_reasons": [], "services_provided": [], "services_referred": [], "services_unavailable": [],
    }
