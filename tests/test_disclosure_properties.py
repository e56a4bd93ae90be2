"""No published number lets anyone work out a count from 1 to threshold−1 (privacy.md).

Random case sets and thresholds; releases published with the real code; then an attacker that
knows only the release files (and how the tables relate) solves for the hidden cells. The
attacker is written here, independently of dashboard.releases: it turns the published numbers
into linear equations (a partition adds up to its shown total; a mention table adds up to the
count behind its shares; profiles' perpetrators add up to the perpetrator table; for nested
periods, bigger − smaller = a difference that is at least 0, and exactly 0 for a month inside
both) and bounds (`<11` is 1..10, `≥11` at least 11), then tightens every bound by propagation
and finds every cell the equations fix by Gauss-Jordan elimination over the rationals.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dashboard.periods import period_range
from dashboard.releases.build import build_draft
from dashboard.releases.model import ReleaseRefused
from dashboard.releases.publish import make_scope, publish
from dashboard.snapshots import SnapshotStore
from dashboard.vocab import vocabulary
from tests.factories import make_snapshot

VOCAB = vocabulary()
INF = math.inf
PARTS_OF_CASES = ("key_group_profile", "reaction_status", "intake_channel", "trend", "country")
PARTS_OF_CLIENTS = ("gender", "age_group")
MONOTONE = ("totals", "key_group", "key_group_profile", "perpetrator", "violation", "reaction_status",
            "decline_reason", "service", "intake_channel", "region", "trend")  # never smaller over a longer period


class Attacker:
    """Solves for hidden cells from the linear relations that published numbers give."""

    def __init__(self):
        self.low: dict = {}
        self.high: dict = {}
        self.equations: list[tuple[dict, Fraction]] = []  # sum(coefficient * var) == constant

    def var(self, name, low, high):
        self.low.setdefault(name, low)
        self.high.setdefault(name, high)
        return name

    def equation(self, terms, constant=0):
        """terms: (coefficient, int or variable); known numbers move to the constant."""
        coefficients, total = {}, Fraction(constant)
        for coefficient, item in terms:
            if isinstance(item, int):
                total -= coefficient * item
            else:
                coefficients[item] = coefficients.get(item, 0) + coefficient
        coefficients = {v: c for v, c in coefficients.items() if c}
        if coefficients:
            self.equations.append((coefficients, total))

    def release(self, tag, document) -> dict:
        """The variables and sums of one release; returns {(table, row, column): int or variable}."""
        threshold, tables = document["threshold"], document["tables"]
        cells: dict = {}
        for name, table in tables.items():
            self._cells(tag, name, table, threshold, cells)
        for name, table in self._breakdowns(tables):
            self._cells(tag, name, table, threshold, cells)
        totals = {r["code"]: r["cells"]["count"]["value"] for r in tables["totals"]["rows"]}
        for name in PARTS_OF_CASES + PARTS_OF_CLIENTS:
            if name in tables and not tables[name]["withheld"]:
                column = "cases" if name in PARTS_OF_CASES else "clients"
                self.equation([(1, cells[(name, r["code"], column)]) for r in tables[name]["rows"]],
                              totals[column])
        if "country" not in tables and not tables["region"]["withheld"]:
            self.equation([(1, cells[("region", r["code"], "cases")]) for r in tables["region"]["rows"]],
                          totals["cases"])
        for name, table in [("decline_reason", tables["decline_reason"]), *self._breakdowns(tables)]:
            shown = [c for r in table["rows"] for c in r["cells"].values() if c["share"]]
            if shown:  # count / share of mentions = the number of mentions
                self.equation([(1, cells[(name, r["code"], "cases")]) for r in table["rows"]],
                              round(shown[0]["value"] / shown[0]["share"]))
        self._two_way(tag, tables, cells)
        return cells

    def _cells(self, tag, name, table, threshold, cells):
        for row in table["rows"]:
            for column, cell in row["cells"].items():
                key = (name, row["code"], column)
                if not cell["suppressed"]:
                    cells[key] = cell["value"]
                elif cell["hidden_as"] == f"<{threshold}":
                    cells[key] = self.var((tag, key), 1, threshold - 1)
                else:
                    cells[key] = self.var((tag, key), threshold, INF)

    @staticmethod
    def _breakdowns(tables):
        return [(f"key_group_profile/{r['code']}", r["breakdown"]) for r in tables["key_group_profile"]["rows"]
                if r.get("breakdown") and not r["breakdown"]["withheld"]]

    def _two_way(self, tag, tables, cells):
        if tables["perpetrator"]["withheld"] or tables["key_group_profile"]["withheld"]:
            return
        shown = {name for name, _ in self._breakdowns(tables)}
        for perpetrator in tables["perpetrator"]["rows"]:
            terms = [(-1, cells[("perpetrator", perpetrator["code"], "cases")])]
            for profile in tables["key_group_profile"]["rows"]:
                key = (f"key_group_profile/{profile['code']}", perpetrator["code"], "cases")
                terms.append((1, cells.get(key, 0) if key[0] in shown else self.var((tag, key), 0, INF)))
            self.equation(terms)

    def nested(self, small_tag, small, big_tag, big, months_inside) -> dict:
        """big − small for every cell both show a table of; returns those computed from shown cells."""
        tables = {k[0] for k in small} & {k[0] for k in big}
        computed = {}
        for key in {k for k in set(small) | set(big) if k[0] in tables}:
            a, b = small.get(key, 0), big.get(key, 0)
            if isinstance(a, int) and isinstance(b, int):
                computed[key] = b - a
                continue
            same = key[0] == "trend" and key[1] in months_inside
            low = 0 if key[0] in MONOTONE else -INF
            d = self.var(("d", small_tag, big_tag, key), low, 0 if same else INF)
            self.equation([(1, b), (-1, a), (-1, d)])
        return computed

    def solve(self) -> dict:
        """{variable: value} for every variable the attacker pins down (bounds meet, or equations fix it)."""
        low, high = dict(self.low), dict(self.high)
        for _ in range(100):
            changed = False
            for coefficients, constant in self.equations:
                for var, c in coefficients.items():
                    lo = hi = constant
                    for other, k in coefficients.items():
                        if other != var:
                            lo -= k * (high[other] if k > 0 else low[other])
                            hi -= k * (low[other] if k > 0 else high[other])
                    lo, hi = (lo / c, hi / c) if c > 0 else (hi / c, lo / c)
                    if lo != -INF and math.ceil(lo) > low[var]:
                        low[var], changed = math.ceil(lo), True
                    if hi != INF and math.floor(hi) < high[var]:
                        high[var], changed = math.floor(hi), True
            if not changed:
                break
        pinned = {v: low[v] for v in low if low[v] == high[v]}
        pinned.update(self._eliminate())
        return pinned

    def _eliminate(self) -> dict:
        names = sorted({v for coefficients, _ in self.equations for v in coefficients}, key=repr)
        index = {v: i for i, v in enumerate(names)}
        rows = []
        for coefficients, constant in self.equations:
            row = [Fraction(0)] * (len(names) + 1)
            for v, c in coefficients.items():
                row[index[v]] = Fraction(c)
            row[-1] = constant
            rows.append(row)
        pivots, r = [], 0
        for col in range(len(names)):
            pivot = next((i for i in range(r, len(rows)) if rows[i][col] != 0), None)
            if pivot is None:
                continue
            rows[r], rows[pivot] = rows[pivot], rows[r]
            rows[r] = [x / rows[r][col] for x in rows[r]]
            for i in range(len(rows)):
                if i != r and rows[i][col] != 0:
                    factor = rows[i][col]
                    rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r])]
            pivots.append((r, col))
            r += 1
        return {names[col]: rows[r][-1] for r, col in pivots
                if all(rows[r][j] == 0 for j in range(len(names)) if j != col)}


# ---------------------------------------------------------------- random data


def _codes(dimension, **kw):
    return st.lists(st.sampled_from(VOCAB.codes(dimension)[:5]), unique=True, **kw)


@st.composite
def case_sets(draw):
    """30 to 70 cases of one country in 2023 H1, over few values so that small counts are common."""
    n = draw(st.integers(30, 70))
    clients = draw(st.integers(max(1, n // 2), n))
    cases = []
    for i in range(n):
        groups = draw(_codes("key_group", min_size=1, max_size=2))
        cases.append({
            "case_id": f"K{i:03d}", "client_id": f"C{draw(st.integers(0, clients - 1))}", "country": "TJ",
            "region": draw(st.sampled_from(["North", "South"])), "organization": "NGO A",
            "registered_on": date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 180))), "incident_on": None,
            "intake_channel": draw(st.sampled_from(VOCAB.codes("intake_channel")[:3])),
            "gender": draw(st.sampled_from(VOCAB.codes("gender")[:3])), "age": None,
            "age_group": draw(st.sampled_from(VOCAB.codes("age_group")[1:4])),
            "key_groups": sorted(groups), "primary_key_group": draw(st.sampled_from(groups)),
            "qualified_violation": draw(st.booleans()),
            "violations": sorted(draw(_codes("violation", max_size=2))),
            "perpetrators": sorted(draw(_codes("perpetrator", max_size=2))),
            "reaction_status": draw(st.sampled_from(VOCAB.codes("reaction_status")[:4])),
            "decline_reasons": sorted(draw(_codes("decline_reason", max_size=1))),
            "services_provided": sorted(draw(_codes("service", max_size=2))),
            "services_referred": sorted(draw(_codes("service", max_size=1))),
            "services_unavailable": sorted(draw(_codes("service", max_size=1))),
        })
    return cases


SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


def _publish(data_dir, period, threshold):
    try:
        document = publish(data_dir, make_scope(["TJ"], False, period), threshold=threshold)
    except ReleaseRefused as refused:
        event(f"refused: {str(refused).split(':')[0]}")
        return None
    hidden = sum(c["suppressed"] for t in document["tables"].values() for r in t["rows"] for c in r["cells"].values())
    event(f"published, {'no' if not hidden else 'some'} hidden cells")
    return document


_DRAFTS: dict = {}


def _remembered_draft(snapshot, scope):
    """build_draft, once per snapshot and scope: publishing, the audit and the checks share the queries."""
    key = (str(snapshot.path), scope)
    if key not in _DRAFTS:
        _DRAFTS[key] = build_draft(snapshot, scope)
    return _DRAFTS[key]


@pytest.fixture(autouse=True)
def _fewer_queries(monkeypatch):
    monkeypatch.setattr("dashboard.releases.publish.build_draft", _remembered_draft)
    monkeypatch.setattr("dashboard.releases.audit.build_draft", _remembered_draft)
    yield
    _DRAFTS.clear()


def _truth(data_dir, document) -> dict:
    snapshot = SnapshotStore(data_dir).get(document["snapshot_id"])
    return _remembered_draft(snapshot, make_scope(["TJ"], False, document["scope"]["period"])).values


@SETTINGS
@given(case_sets(), st.integers(3, 15), st.sampled_from(["2023H1", "2023Q1", "2023Q2"]))
def test_no_hidden_cell_can_be_worked_out_within_a_release(tmp_path_factory, cases, threshold, period):
    data_dir = tmp_path_factory.mktemp("data")
    make_snapshot(data_dir, cases)
    document = _publish(data_dir, period, threshold)
    if document is None:
        return
    truth = _truth(data_dir, document)
    attacker = Attacker()
    cells = attacker.release("r", document)
    for key, value in cells.items():
        true = truth.get(key, 0)
        if isinstance(value, int):
            assert value == true and not 0 < value < threshold, f"{key} shows {value} (true {true})"
        else:
            assert true >= 1, f"{key} hides a zero"
            assert (true < threshold) == (attacker.high[value] == threshold - 1), f"{key} = {true} is mislabelled"
    cases, qualified = cells[("totals", "cases", "count")], cells[("totals", "qualified_cases", "count")]
    assert not (isinstance(qualified, int) and 0 < cases - qualified < threshold), "cases not qualified"
    shown_tables = {key[0] for key in cells}
    for key, true in truth.items():
        if key[0] in shown_tables and 0 < true < threshold:
            assert not isinstance(cells.get(key, 0), int), f"{key} = {true} is not hidden"
    for var, value in attacker.solve().items():
        hidden_cell = var[1] in cells
        assert not (hidden_cell or 0 < truth.get(var[1], 0) < threshold), f"the attacker works out {var} = {value}"


@SETTINGS
@given(case_sets(), st.integers(3, 15), st.sampled_from(["2023Q1", "2023Q2"]), st.booleans())
def test_no_difference_between_a_quarter_and_its_half_year_gives_a_small_count(tmp_path_factory, cases, threshold,
                                                                                 quarter, quarter_first):
    data_dir = tmp_path_factory.mktemp("data")
    make_snapshot(data_dir, cases)
    order = [quarter, "2023H1"] if quarter_first else ["2023H1", quarter]
    documents = {period: _publish(data_dir, period, threshold) for period in order}
    small, big = documents[quarter], documents["2023H1"]
    if small is None or big is None:
        return
    attacker = Attacker()
    small_cells, big_cells = attacker.release("q", small), attacker.release("h", big)
    start, end = period_range(quarter)
    months = {f"2023-{m:02d}" for m in range(start.month, end.month + 1)}
    computed = attacker.nested("q", small_cells, "h", big_cells, months)
    too_small = {k: d for k, d in computed.items() if 0 < abs(d) < threshold}
    assert not too_small, f"shown cells differ by a small count: {too_small}"
    truth = {**{("q", k): v for k, v in _truth(data_dir, small).items()},
             **{("h", k): v for k, v in _truth(data_dir, big).items()}}
    for var, value in attacker.solve().items():
        if var[0] != "d":
            assert not 0 < truth.get(var, 0) < threshold, f"the attacker works out {var} = {value}"
        else:
            assert not 0 < abs(value) < threshold, f"the attacker works out the difference {var} = {value}"


def test_the_attacker_finds_what_bad_suppression_leaves(tmp_path):
    """The checker itself: one hidden cell of a partition, or two `<11` adding up to 2, are found."""
    def table(cells):
        return {"withheld": False, "share_of": None, "rows": [
            {"code": code, "cells": {"cases": {"value": v, "suppressed": v is None, "hidden_as": mark,
                                               "share": None}}} for code, v, mark in cells]}
    document = {"threshold": 11, "tables": {
        "totals": {"withheld": False, "rows": [{"code": c, "cells": {"count": {"value": v, "suppressed": False,
                                                                                 "hidden_as": None, "share": None}}}
                                                for c, v in (("cases", 40), ("clients", 40))]},
        "reaction_status": table([("a", 38, None), ("b", None, "<11"), ("c", None, "<11")]),
        "intake_channel": table([("a", 35, None), ("b", None, "<11")]),
        "key_group_profile": table([("a", 40, None)]), "perpetrator": table([]), "decline_reason": table([]),
        "region": table([("x", 40, None)]),
    }}
    attacker = Attacker()
    attacker.release("r", document)
    assert attacker.solve() == {("r", ("reaction_status", "b", "cases")): 1,
                                ("r", ("reaction_status", "c", "cases")): 1,
                                ("r", ("intake_channel", "b", "cases")): 5}
