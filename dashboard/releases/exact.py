"""Exact smallest and largest values of linear expressions over non-negative integer unknowns.

The audit asks, for thousands of hidden cells and derived counts, "what is the least and the
most this could be, given everything published?". This module answers with HiGHS (through
`highspy`, the HiGHS team's own binding), chosen over SciPy's `milp` because one model is
solved hundreds of times with only the objective or a few row bounds changed: HiGHS keeps the
simplex basis between runs, so a re-solve takes milliseconds instead of a rebuild.

Exactness: the LP relaxation is solved first. Its optimum bounds the integer optimum; when
the LP's optimal vertex is integral it *is* an integer solution, so the bound is exact. Only
when it is fractional is the integer program solved (a second HiGHS model with integrality,
built on first need). Most questions are not "what is the largest value" but "can it reach
this value" (`reaches`): the integer model then gets one extra *probe* row (expression ≥ bound)
and no objective, so HiGHS stops at the first integer solution or proves there is none, which
is much cheaper than proving an optimum. Every integral solution found is kept by the caller as
a witness: a second consistent assignment for every expression at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import highspy
import numpy as np

INF = math.inf
TOLERANCE = 1e-6
RANDOM_VERTICES = 2  # relaxation vertices tried for an integral one before the integer program


class Infeasible(Exception):
    """No assignment satisfies the rows: the published numbers contradict each other."""


class LinearSystem:
    """Unknowns `lo ≤ x ≤ hi` (integers) and rows `lo ≤ Σ coefficient·x ≤ hi`."""

    def __init__(self) -> None:
        self.low: list[float] = []
        self.high: list[float] = []
        self.rows: list[dict[int, float]] = []
        self.row_low: list[float] = []
        self.row_high: list[float] = []

    def variable(self, low: float = 0, high: float = INF) -> int:
        self.low.append(low)
        self.high.append(high)
        return len(self.low) - 1

    def row(self, coefficients: Mapping[int, float], low: float, high: float) -> int:
        """Add a row; returns its index (rows of no unknown are kept, so indices stay stable)."""
        self.rows.append({v: c for v, c in coefficients.items() if c})
        self.row_low.append(low)
        self.row_high.append(high)
        return len(self.rows) - 1


def _infinite(value: float) -> float:
    return highspy.kHighsInf if value == INF else (-highspy.kHighsInf if value == -INF else value)


class Solver:
    """One HiGHS model of a LinearSystem, re-solved for many objectives."""

    def __init__(self, system: LinearSystem) -> None:
        self.system = system
        self.size = len(system.low)
        self.lp = self._model(integral=False)
        self.mip: highspy.Highs | None = None
        self.solves = 0
        self._probe_terms: dict[int, dict[int, float]] = {}
        self._random = np.random.default_rng(7)

    def _model(self, integral: bool) -> highspy.Highs:
        system = self.system
        model = highspy.Highs()
        model.setOptionValue("output_flag", False)
        model.setOptionValue("random_seed", 7)
        if not integral:  # LP re-solves start from the last basis (presolve would drop it); MIPs need presolve
            model.setOptionValue("presolve", "off")
        if integral:
            model.setOptionValue("mip_rel_gap", 0.0)
        if self.size:
            model.addVars(self.size, np.array([_infinite(v) for v in system.low], dtype=float),
                          np.array([_infinite(v) for v in system.high], dtype=float))
        starts, indices, values = [], [], []
        for row in system.rows:
            starts.append(len(indices))
            indices.extend(row)
            values.extend(row.values())
        if system.rows:
            model.addRows(len(system.rows), np.array([_infinite(v) for v in system.row_low], dtype=float),
                          np.array([_infinite(v) for v in system.row_high], dtype=float), len(indices),
                          np.array(starts, dtype=np.int32), np.array(indices, dtype=np.int32),
                          np.array(values, dtype=float))
        # The probe row of `reaches`, free until used; after the system's rows, so row numbers agree.
        model.addRow(-highspy.kHighsInf, highspy.kHighsInf, 0, np.array([], dtype=np.int32), np.array([], dtype=float))
        if integral and self.size:
            model.changeColsIntegrality(self.size, np.arange(self.size, dtype=np.int32),
                                        np.array([highspy.HighsVarType.kInteger] * self.size))
        return model

    def set_row_bounds(self, changes: list[tuple[int, float, float]]) -> None:
        """Change rows' bounds, (row, low, high) each, in every model (the simplex basis is kept)."""
        if not changes:
            return
        for row, low, high in changes:
            self.system.row_low[row], self.system.row_high[row] = low, high
        rows = np.array([c[0] for c in changes], dtype=np.int32)
        lows = np.array([_infinite(c[1]) for c in changes], dtype=float)
        highs = np.array([_infinite(c[2]) for c in changes], dtype=float)
        for model in (self.lp, self.mip):
            if model is not None:
                model.changeRowsBounds(len(rows), rows, lows, highs)

    def extreme(self, expression: Mapping[int, float], maximize: bool) -> tuple[float, np.ndarray | None]:
        """The exact integer optimum of `expression` (without its constant) and an integral solution reaching
        it; (±inf, None) when the expression is unbounded that way."""
        value, point = self._optimum(self.lp, expression, maximize)
        if point is None:
            return value, None
        if not _integral(point):
            value, point = self._optimum(self._mip(), expression, maximize)
            if point is None:
                return value, None
        return float(round(value)), np.round(point)

    def reaches(self, expression: Mapping[int, float], bound: float, upward: bool) -> tuple[bool, np.ndarray | None]:
        """Whether some integral solution has expression ≥ bound (upward) or ≤ bound, and one that does."""
        value, point = self._optimum(self.lp, expression, maximize=upward)
        if (value < bound - TOLERANCE) if upward else (value > bound + TOLERANCE):
            return False, None  # not even the relaxation gets there
        if point is not None and _integral(point):
            return True, np.round(point)
        bounds = (bound, INF) if upward else (-INF, bound)
        # A fractional vertex: other vertices of the relaxation that reach the bound are often integral
        # (a few ms each); only when the random ones are not does the integer program decide.
        self._probe(self.lp, expression, bounds)
        try:
            for _ in range(RANDOM_VERTICES):
                _value, point = self._optimum(self.lp, self._random_objective(), maximize=False)
                if point is not None and _integral(point):
                    return True, np.round(point)
        finally:
            self._probe(self.lp, {}, (-INF, INF))
        mip = self._mip()
        self._probe(mip, expression, bounds)
        try:
            _value, point = self._optimum(mip, {}, maximize=False, infeasible_ok=True)
        finally:
            self._probe(mip, {}, (-INF, INF))
        return (point is not None), (np.round(point) if point is not None else None)

    def _random_objective(self) -> dict[int, float]:
        return dict(enumerate(self._random.uniform(-1, 1, self.size)))

    def _mip(self) -> highspy.Highs:
        if self.mip is None:
            self.mip = self._model(integral=True)
        return self.mip

    def _probe(self, model: highspy.Highs, expression: Mapping[int, float], bounds: tuple[float, float]) -> None:
        """Set a model's probe row to `bounds[0] ≤ expression ≤ bounds[1]` (free: ({}, (-inf, inf)))."""
        row = len(self.system.rows)
        terms = self._probe_terms.setdefault(id(model), {})
        for var in terms:
            if var not in expression:
                model.changeCoeff(row, var, 0.0)
        for var, coefficient in expression.items():
            model.changeCoeff(row, var, float(coefficient))
        self._probe_terms[id(model)] = dict(expression)
        model.changeRowBounds(row, _infinite(bounds[0]), _infinite(bounds[1]))

    def feasible_point(self) -> np.ndarray:
        """Any integral solution; raises Infeasible when there is none."""
        return self.extreme({}, maximize=False)[1]

    def _optimum(self, model: highspy.Highs, expression: Mapping[int, float], maximize: bool,
                 infeasible_ok: bool = False):
        self.solves += 1
        costs = np.zeros(self.size)
        for var, coefficient in expression.items():
            costs[var] = coefficient
        if self.size:
            model.changeColsCost(self.size, np.arange(self.size, dtype=np.int32), costs)
        model.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        model.run()
        status = model.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            if infeasible_ok:
                return 0.0, None
            raise Infeasible("the published numbers contradict each other")
        if status in (highspy.HighsModelStatus.kUnbounded, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return (INF if maximize else -INF), None
        if status != highspy.HighsModelStatus.kOptimal:
            raise RuntimeError(f"HiGHS stopped with {model.modelStatusToString(status)}")
        point = np.array(model.getSolution().col_value, dtype=float) if self.size else np.zeros(0)
        return float(costs @ point) if self.size else 0.0, point


def _integral(point: np.ndarray) -> bool:
    return bool(np.all(np.abs(point - np.round(point)) < TOLERANCE))
