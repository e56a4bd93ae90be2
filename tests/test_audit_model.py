"""The audit's model (ledger + audit) on hand-made releases: each relation finds what it must.

The attacker tests (test_disclosure_properties.py) prove that published releases hold; these
show, for the relations that attacker does not use, that the model itself catches a disclosure
with the relation on and misses it with the relation off, and check the exact bounds it gives.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from dashboard.releases.audit import Auditor
from dashboard.releases.exact import INF, LinearSystem, Solver
from dashboard.releases.ledger import RELATIONS, Ledger, View
from dashboard.releases.model import NEW
from dashboard.releases.publish import make_scope, publish
from dashboard.releases.store import ReleaseStore
from tests.factories import make_snapshot, releases_dir
from tests.test_releases import case


def _view(document: dict, tag: str) -> View:
    """A release as the audit reads it, under a tag of the test's choosing."""
    scope = make_scope(document["scope"]["countries"], False, document["scope"]["period"])
    return View(tag, scope, document["threshold"], document["tables"])


def _cell(document: dict, table: str, code: str) -> dict:
    return next(r for r in document["tables"][table]["rows"] if r["code"] == code)


def test_the_solver_gives_exact_integer_bounds():
    """x + y = 3 over the integers, x ≥ 1, y ≥ 1: x is 1..2; with 2x = 3 there is no integer at all."""
    system = LinearSystem()
    x, y = system.variable(1), system.variable(1)
    system.row({x: 1, y: 1}, 3, 3)
    solver = Solver(system)
    assert solver.extreme({x: 1}, maximize=True)[0] == 2 and solver.extreme({x: 1}, maximize=False)[0] == 1
    half = LinearSystem()
    z = half.variable()
    half.row({z: 2}, 3, 3)
    with pytest.raises(Exception, match="contradict"):
        Solver(half).feasible_point()
    open_ended = LinearSystem()
    w = open_ended.variable(11)
    assert Solver(open_ended).extreme({w: 1}, maximize=True)[0] == INF


def test_clients_across_releases_pin_a_covering_cell(tmp_path):
    """12 LGBTIQ clients in H1, none in H2: the year's LGBTIQ clients are at least H1's (it contains H1)
    and at most H1's plus H2's (the halves tile it), so hiding it as `≥11` hides nothing."""
    cases = [case(i, date(2023, 1, 1) + timedelta(days=i % 150),
                  key_groups=["lgbtiq", "plhiv"] if i < 12 else ["plhiv"]) for i in range(40)]
    cases += [case(40 + i, date(2023, 7, 1) + timedelta(days=i % 150)) for i in range(40)]
    make_snapshot(tmp_path, cases)
    halves = [publish(tmp_path, make_scope(["TJ"], False, p)) for p in ("2023H1", "2023H2")]
    year = publish(tmp_path, make_scope(["TJ"], False, "2023"))
    assert _cell(year, "key_group", "lgbtiq")["cells"]["clients"]["value"] == 12
    covered = copy.deepcopy(year)
    _cell(covered, "key_group", "lgbtiq")["cells"]["clients"].update(value=None, suppressed=True, hidden_as="≥11")

    def failure(relations):
        views = [_view(h, h["release_id"]) for h in halves] + [_view(covered, NEW)]
        return Auditor(Ledger(views, candidate=NEW, relations=relations)).first_failure()

    found = failure(RELATIONS)
    assert found is not None and found.target.key == ("key_group", "lgbtiq", "clients")
    assert (found.low, found.high) == (12, 12)
    assert failure(RELATIONS - {"clients"}) is None


def test_a_share_of_mentions_gives_a_table_sum_away(tmp_path):
    """A release published before shares were dropped from tables with hidden cells: the decline reasons'
    shares give their sum, which pins the one `<11` next to a `≥11`."""
    cases = [case(i, date(2023, 1, 1) + timedelta(days=i % 150),
                  decline_reasons=["self_stigma"] if i < 30 else (["safety_fears"] if i < 41 else
                                                                 (["other"] if i == 41 else [])))
             for i in range(60)]
    make_snapshot(tmp_path, cases)
    document = publish(tmp_path, make_scope(["TJ"], False, "2023H1"))
    legacy = copy.deepcopy(document)
    table = legacy["tables"]["decline_reason"]
    assert table["share_of"]["en"] == "of mentions"
    _cell(legacy, "decline_reason", "self_stigma")["cells"]["cases"]["share"] = 30 / 42
    _cell(legacy, "decline_reason", "safety_fears")["cells"]["cases"].update(
        value=None, suppressed=True, hidden_as="≥11", share=None)
    assert _cell(legacy, "decline_reason", "other")["cells"]["cases"]["hidden_as"] == "<11"

    def failure(relations):
        return Auditor(Ledger([_view(legacy, "old")], relations=relations)).first_failure()

    found = failure(RELATIONS)
    assert found is not None and found.target.key[0] == "decline_reason" and found.low == found.high
    assert failure(RELATIONS - {"mention_sums"}) is None


def test_every_hidden_cell_of_the_demo_release_keeps_its_values(demo_data_dir, tmp_path):
    """Tajikistan 2023 H1 alone: the model holds the truth, and each `<11` keeps at least 3 values."""

    folder = releases_dir(demo_data_dir, tmp_path / "data")
    document = publish(folder, make_scope(["TJ"], False, "2023H1"))
    record = ReleaseStore(folder).record(document["release_id"])
    loss = record["information_loss"]
    assert loss["secondary"] == 0 and loss["primary"] >= 70  # the old search hid 4 more, police among them
    profiles = {r["code"]: r for r in document["tables"]["key_group_profile"]["rows"]}
    pwud = {r["code"]: r["cells"]["cases"] for r in profiles["pwud"]["breakdown"]["rows"]}
    assert pwud["police"]["value"] == 17 and pwud["police"]["share"] == pytest.approx(17 / 50)
    auditor = Auditor(Ledger([_view(document, "r")]))
    hidden = [t for t in auditor.targets if t.rule == "hidden"]
    assert len(hidden) >= 70
    for target in hidden:
        assert auditor.check(target) is None, target.key
