"""The exact audit: what an attacker holding every release can pin down, hidden cell by hidden cell.

Over the one model of everything published (ledger.py), each *target* is a count that must not
be disclosed, with the number of values it must keep:

- every hidden cell of every release, the candidate's and those published before: a `<t` cell
  must keep at least 3 possible values, a `≥t` cell at least 2 (privacy.md, "exact audit");
- counts worked out rather than printed: cases minus qualified cases of each release; the
  difference of every cell between a release and one it contains (2023 minus 2023 H1 is 2023 H2);
  every count of an atom that no release prints as a whole (TJ · Jul–Sep from Jan–Sep and H1).
  Such a count discloses people when everything consistent with the releases puts it between 1
  and t−1 with fewer than 3 values.

Smallest and largest values come from HiGHS (exact.py). Every integral solution is a witness
for every target at once: a target whose witnesses already show enough values needs no solve
of its own. Witnesses stay valid while the candidate hides more (that only relaxes the model);
`tighten` drops those a newly shown cell contradicts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from dashboard.releases.exact import INF, Solver
from dashboard.releases.ledger import CASES_KEY, QUALIFIED_KEY, Ledger, cell_bounds
from dashboard.releases.model import BREAKDOWN_PREFIX, NEW, PROFILE, CellKey, describe

HIDDEN, SMALL = "hidden", "small"


@dataclass
class Target:
    owner: str  # the release it belongs to (NEW: the candidate)
    key: CellKey
    expression: dict[int, float]
    rule: str  # HIDDEN or SMALL
    values: int  # how many values it must keep
    threshold: int
    other: str | None = None  # for a difference: the release subtracted; for an atom: its place and dates

    def __post_init__(self) -> None:
        self.frozen = tuple(sorted(self.expression.items()))  # the count itself, whichever cell names it

    def text(self, low: float, high: float) -> str:
        values = f"{low:.0f}" if low == high else f"{low:.0f} to {high:.0f}"
        if self.rule == HIDDEN:
            return f"{describe(self.key)} of {_owner(self.owner)} would be pinned to {values}"
        if self.other and self.other.startswith("atom:"):
            return f"{describe(self.key)} of {self.other[5:]} would be {values}, worked out from the releases"
        if self.other:
            return f"{describe(self.key)} differs by {values} from release {self.other}"
        return f"the cases not qualified of {_owner(self.owner)} would be {values}"


def _atom_cell(key: tuple) -> CellKey:
    """How to name an atom's count in a message, as the release cell it would be."""
    kind = key[0]
    if kind == "cases":
        return CASES_KEY
    if kind == "qualified":
        return QUALIFIED_KEY
    if kind == "profile":
        return (PROFILE, key[1], "cases")
    if kind == "bd":
        return (f"{BREAKDOWN_PREFIX}{key[1]}", key[2], "cases")
    if kind == "service":
        return ("service", key[1], key[2])
    if kind == "region":
        return ("region", f"{key[1]}|{key[2]}", "cases")
    if kind == "trend":
        return ("trend", f"{key[1][0].isoformat()}..{key[1][1].isoformat()}", "cases")
    return (kind, "/".join(map(str, key[1:])), "cases")


def _minus(a: dict[int, float], b: dict[int, float]) -> dict[int, float]:
    out = dict(a)
    for var, coefficient in b.items():
        out[var] = out.get(var, 0) - coefficient
    return {v: c for v, c in out.items() if c}


def _owner(tag: str) -> str:
    return "the new release" if tag == NEW else f"release {tag}"


@dataclass
class Failure:
    target: Target
    low: float
    high: float

    @property
    def message(self) -> str:
        return self.target.text(self.low, self.high)


class Auditor:
    """Targets of a ledger, their witnesses, and exact checks."""

    def __init__(self, ledger: Ledger, without_candidate: bool = False):
        """`without_candidate`: the model of the published releases alone (the candidate's rows free), for
        asking what they disclose by themselves; it keeps a HiGHS model (and basis) of its own."""
        self.ledger = ledger
        system = ledger.system
        if without_candidate:
            system = copy.copy(system)
            system.row_low, system.row_high = list(system.row_low), list(system.row_high)
            for row in ledger.candidate_rows.values():
                system.row_low[row], system.row_high[row] = -INF, INF
        self.solver = Solver(system)
        self.targets: list[Target] = []
        self._static: list[Target] | None = None
        self._rows = self._cols = np.zeros(0, int)
        self._data = self.low = self.high = np.zeros(0)
        self.points: list[np.ndarray] = []
        self._remember(self.solver.feasible_point())
        if not without_candidate:
            self.refresh()

    # ------------------------------------------------------------------ targets

    def refresh(self) -> None:
        """Rebuild the list of targets: the candidate's hidden cells change with its protection, the rest
        (published releases' hidden cells, counts worked out) is made once."""
        if self._static is None:
            self._static = list(self._derived_and_published())
        seen, targets = set(), []
        for target in [*self._candidate_hidden(), *self._static]:
            if target.frozen not in seen:
                seen.add(target.frozen)
                targets.append(target)
        self.targets = targets
        self._matrix()

    def _candidate_hidden(self):
        view = self.ledger.views.get(NEW)
        if view is not None:
            yield from self._hidden_cells(NEW)

    def _hidden_cells(self, tag: str):
        view = self.ledger.views[tag]
        for key, (low, high) in sorted(cell_bounds(view, self.ledger.relations).items()):
            if low != high:
                yield Target(tag, key, self.ledger.expression(tag, key), HIDDEN, 3 if high < INF else 2,
                             view.threshold)

    def _derived_and_published(self):
        ledger = self.ledger
        limit = max(view.threshold for view in ledger.views.values())
        # The candidate's cells as if all shown, so that the counts worked out from it do not depend on
        # what it hides at the moment.
        bounds = {tag: (cell_bounds(view, ledger.relations) if tag != NEW else
                        {key: None for key in ledger.candidate_rows if key[0] != "~sum"})
                  for tag, view in ledger.views.items()}
        order = sorted(ledger.views, key=lambda tag: tag != NEW)  # the candidate's own first
        for tag in order:
            if tag != NEW:
                yield from self._hidden_cells(tag)
        for tag in order:
            expression = _minus(ledger.expression(tag, CASES_KEY), ledger.expression(tag, QUALIFIED_KEY))
            yield Target(tag, QUALIFIED_KEY, expression, SMALL, 3, limit)
        atoms = {tag: frozenset(ledger.atoms(view)) for tag, view in ledger.views.items()}
        for big in order:
            for small in order:
                if small == big or not atoms[small] < atoms[big]:
                    continue
                for key in sorted(bounds[big].keys() & bounds[small].keys()):
                    if key[0] == "region" and key[1].endswith("|*"):
                        continue  # "Other regions" of two releases need not group the same regions
                    expression = _minus(ledger.expression(big, key), ledger.expression(small, key))
                    yield Target(big, key, expression, SMALL, 3, limit, other=small)
        whole = set(atoms.values())
        for atom, _tags in sorted(ledger.covered().items()):
            if frozenset({atom}) in whole:
                continue
            where = f"atom:{atom[0]} {atom[1].isoformat()}..{atom[2].isoformat()}"
            for atom_key, var in sorted(((k[1], v) for k, v in ledger.terms.items() if k[0] == atom), key=repr):
                yield Target("", _atom_cell(atom_key), {var: 1.0}, SMALL, 3, limit, other=where)

    def _matrix(self) -> None:
        rows, cols, data = [], [], []
        for i, target in enumerate(self.targets):
            for var, coefficient in target.expression.items():
                rows.append(i)
                cols.append(var)
                data.append(coefficient)
        self._rows, self._cols, self._data = np.array(rows, int), np.array(cols, int), np.array(data, float)
        self.low = np.full(len(self.targets), INF)
        self.high = np.full(len(self.targets), -INF)
        for point in self.points:
            self._update(point)

    def _values(self, point: np.ndarray) -> np.ndarray:
        return np.bincount(self._rows, weights=self._data * point[self._cols], minlength=len(self.targets))

    def _update(self, point: np.ndarray) -> None:
        if len(self.targets):
            values = self._values(point)
            np.minimum(self.low, values, out=self.low)
            np.maximum(self.high, values, out=self.high)

    def _remember(self, point: np.ndarray | None) -> None:
        if point is not None:
            self.points.append(point)
            self._update(point)

    # ------------------------------------------------------------------ checks

    def first_failure(self, skip: set[tuple] = frozenset(), first: set[int] = frozenset()) -> Failure | None:
        """The first target that keeps too few values; those touching the variables `first` are checked first."""
        order = list(enumerate(self.targets))
        if first:
            order.sort(key=lambda item: not first.intersection(item[1].expression))
        for i, target in order:
            if target.frozen in skip or self._settled(i, target):
                continue
            failure = self.check(target, i)
            if failure is not None:
                return failure
        return None

    def _settled(self, i: int, target: Target) -> bool:
        low, high = self.low[i], self.high[i]
        if target.rule == HIDDEN:
            return high - low >= target.values - 1
        return low <= 0 or high >= target.threshold or high - low >= target.values - 1

    def check(self, target: Target, index: int | None = None, remember: bool = True) -> Failure | None:
        """None when the target keeps enough values, else its exact smallest and largest value."""
        if not target.expression:
            return None  # a count known to be 0
        expression, spread = target.expression, target.values - 1

        def reaches(bound: float, upward: bool) -> bool:
            found, point = self.solver.reaches(expression, bound, upward)
            if found and remember:
                self._remember(point)
            return found

        if target.rule == SMALL and (reaches(target.threshold, True) or reaches(0, False)):
            return None  # it can be 0 or t and more: nothing small is disclosed
        low, high = self._seen(expression, index)
        # A value `spread` away from a known one proves enough values; the exact range decides otherwise.
        if reaches(low + spread, True) or reaches(high - spread, False):
            return None
        high, _point = self.solver.extreme(expression, maximize=True)
        low, _point = self.solver.extreme(expression, maximize=False)
        return None if high - low >= spread else Failure(target, low, high)

    def _seen(self, expression: dict[int, float], index: int | None) -> tuple[float, float]:
        """The smallest and largest value among the witnesses (at least the first feasible point)."""
        if index is not None and self.low[index] <= self.high[index]:
            return self.low[index], self.high[index]
        values = [sum(c * p[v] for v, c in expression.items()) for p in self.points]
        return min(values), max(values)

    # ------------------------------------------------------------------ the candidate changes

    def apply(self, changes: list[tuple[int, float, float]], trusted: bool = False) -> list[tuple[int, float, float]]:
        """Set new row bounds; returns what undoes them. Witnesses a tighter row rules out are dropped
        (unless `trusted`: going back to bounds that every kept witness satisfies)."""
        undo = []
        tighter = []
        for row, low, high in changes:
            old = (self.ledger.system.row_low[row], self.ledger.system.row_high[row])
            undo.append((row, *old))
            if low > old[0] or high < old[1]:
                tighter.append((row, low, high))
        self.solver.set_row_bounds(changes)
        if tighter and not trusted:
            self.points = [p for p in self.points if all(low - 1e-6 <= self._activity(row, p) <= high + 1e-6
                                                         for row, low, high in tighter)]
        return undo

    def _activity(self, row: int, point: np.ndarray) -> float:
        return sum(c * point[v] for v, c in self.ledger.system.rows[row].items())
