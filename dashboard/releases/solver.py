"""The attacker's view of published numbers, and the proof that a hidden number is not pinned.

A `System` holds the unknowns an attacker faces (hidden cells, never-printed remainders,
differences between two releases), the bounds the attacker knows for each (a cell shown as
`<11` is 1 to 10, one shown as `≥11` is at least 11, anything else is at least 0), and the sums
that tie them (every shown number already subtracted, so only unknowns appear).

`movable(var)` looks for a proof that the attacker cannot pin `var` down exactly: a second
assignment of all unknowns, as consistent with everything published as the true one, in which
`var` differs. It searches for a move of ±1 steps, one unknown at a time, that keeps every sum
balanced and every unknown within its bounds (in a table: one hidden cell up, another down; in
a two-way table: around a cycle of hidden cells). A move found is a proof. Not finding one
within the search budget counts as pinned: the caller then hides more, so the search can only
err on the side of hiding too much.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable

Var = Hashable
INF = math.inf
MAX_STEPS = 40  # unknowns moved in one proof
BUDGET = 5000  # search nodes per variable and direction


class System:
    def __init__(self) -> None:
        self.truth: dict[Var, int] = {}
        self.low: dict[Var, float] = {}
        self.high: dict[Var, float] = {}
        self.rows: list[dict[Var, int]] = []
        self.cells: list[tuple] = []  # per row: every cell it sums, shown ones too (to choose what to hide)
        self.index: dict[Var, list[int]] = {}

    def add_var(self, var: Var, truth: int, low: float = 0, high: float = INF) -> None:
        self.truth[var], self.low[var], self.high[var] = truth, min(low, truth), max(high, truth)
        self.index.setdefault(var, [])

    def add_row(self, coefficients: dict[Var, int], cells: Iterable = ()) -> None:
        """`sum(coefficient * var) == constant` over the unknowns (the constant is never needed)."""
        coefficients = {v: c for v, c in coefficients.items() if c}
        if not coefficients:
            return
        self.rows.append(coefficients)
        self.cells.append(tuple(cells))
        for var in coefficients:
            self.index[var].append(len(self.rows) - 1)

    def _fits(self, var: Var, delta: int) -> bool:
        return self.low[var] <= self.truth[var] + delta <= self.high[var]

    def movable(self, var: Var) -> bool:
        """True when a second consistent assignment with a different value of `var` was found."""
        for delta in (1, -1):
            if self._fits(var, delta):
                imbalance = {r: self.rows[r][var] * delta for r in self.index[var]}
                if self._close({var: delta}, imbalance, [BUDGET]):
                    return True
        return False

    def _close(self, moved: dict, imbalance: dict[int, int], budget: list[int]) -> bool:
        open_rows = [r for r, v in imbalance.items() if v]
        if not open_rows:
            return True
        budget[0] -= 1
        if budget[0] <= 0 or len(moved) >= MAX_STEPS:
            return False
        choices = None
        for r in open_rows:  # the row with the fewest ways to balance it first
            options = self._options(r, imbalance, moved)
            if choices is None or len(options) < len(choices):
                choices = options
            if not options:
                return False
        for var, delta in choices:
            moved[var] = delta
            for r in self.index[var]:
                imbalance[r] = imbalance.get(r, 0) + self.rows[r][var] * delta
            if self._close(moved, imbalance, budget):
                return True
            for r in self.index[var]:
                imbalance[r] -= self.rows[r][var] * delta
            del moved[var]
        return False

    def _options(self, row: int, imbalance: dict[int, int], moved: dict) -> list[tuple[Var, int]]:
        need = imbalance[row]
        options = []
        for var, coefficient in self.rows[row].items():
            if var in moved:
                continue
            delta = -1 if coefficient * need > 0 else 1
            if self._fits(var, delta):
                opened = sum(1 for r in self.index[var] if r != row
                             and imbalance.get(r, 0) + self.rows[r][var] * delta != 0)
                options.append((opened, len(options), var, delta))
        options.sort(key=lambda o: (o[0], o[1]))
        return [(var, delta) for _, _, var, delta in options]

    def neighbours(self, var: Var) -> Iterable[tuple[int, tuple]]:
        """(distance, cell) for the cells of rows reachable from `var`, nearest first."""
        seen_rows, seen_vars, frontier, distance = set(), {var}, [var], 0
        while frontier:
            distance += 1
            reached = []
            for v in frontier:
                for r in self.index[v]:
                    if r in seen_rows:
                        continue
                    seen_rows.add(r)
                    yield from ((distance, cell) for cell in self.cells[r])
                    reached.extend(w for w in self.rows[r] if w not in seen_vars)
            seen_vars.update(reached)
            frontier = reached
