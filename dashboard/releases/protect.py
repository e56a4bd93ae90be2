"""Primary and secondary suppression: which cells of a release are hidden, and why that is safe.

Primary: every count from 1 to threshold−1 is hidden and reads `<11`; a true 0 is shown as 0.
The release's cases and clients are never hidden: below the threshold the release is refused.

Secondary: hiding the small counts is not enough when a printed total lets anyone subtract
(the sums are listed in relations.py; sums that are not printed but could be worked out or
guessed are treated as known). A table with one hidden cell gives it away; two hidden cells of
1 and 1 whose sum is known to be 2 give both away, since a `<11` is at least 1. So the rule is
stated in terms of what an attacker can solve, not of how many cells are hidden:

    no hidden cell, no never-printed remainder and no withheld cell from 1 to threshold−1 may
    be pinned to one value by the published numbers, the sums between them, and the bounds an
    attacker knows (`<11` is 1..10, `≥11` is at least 11, everything else at least 0).

The loop: hide the primary cells; build the attacker's system (solver.py) and ask, for every
unknown that matters, for a proof that it is not pinned (a second assignment consistent with
everything published). For the first unknown without one, hide one more shown cell, nearest to
it in the sums and smallest first, preferring one that frees it; repeat. A group with exactly
one unknown can never be balanced, so every table that hides anything hides at least two
cells. The complementary cells are at least the threshold and are shown as `≥11` (true, and
nothing an attacker would not infer from the rule anyway; labelling them `<11` would be false).
When nothing is left to hide near a pinned cell, its whole table is withheld. A profile whose
case count is hidden shows no perpetrator breakdown (its cells become unknowns of the two-way
table). If a pinned cell remains even then, the release is refused.

Why this is safe: every shown number, every printed or guessable sum and every bound is in the
system, and a cell is accepted only with a proof (two consistent assignments differing in it),
so no hidden count can be recovered exactly by subtraction, whatever combination is used. The
search may fail to find a proof that exists; it then hides more, never less.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboard.releases.model import CASES, CLIENTS, TOTALS, CellKey, Draft, ReleaseRefused
from dashboard.releases.solver import INF, System

PRIMARY, SECONDARY, WITHHELD, SHOWN = "primary", "secondary", "withheld", "shown"
NEW = "new"  # the tag of the release being protected in a System
TRIALS = 6  # candidate cells tried for freeing a pinned one before taking the smallest


@dataclass(frozen=True)
class Protection:
    hidden: dict[CellKey, str]  # PRIMARY or SECONDARY
    withheld: frozenset[str] = frozenset()  # tables not shown at all

    def omitted(self, draft: Draft) -> set[str]:
        """Breakdowns whose parent cell (the profile's cases) is not shown."""
        return {t.name for t in draft.breakdowns() if self.kind(draft, t.parent, ignore_omitted=True) != SHOWN}

    def kind(self, draft: Draft, key: CellKey, ignore_omitted: bool = False, omitted: set | None = None) -> str:
        if key in draft.implicit or key[0] in self.withheld:
            return WITHHELD
        if not ignore_omitted and key[0] in (self.omitted(draft) if omitted is None else omitted):
            return WITHHELD
        return self.hidden.get(key, SHOWN)


def bounds(kind: str, threshold: int) -> tuple[float, float]:
    return {PRIMARY: (1, threshold - 1), SECONDARY: (threshold, INF)}.get(kind, (0, INF))


def add_release(system: System, tag: str, draft: Draft, protection: Protection, threshold: int) -> list:
    """Put a release's unknowns and sums into `system`; return its variables that must stay unpinned."""
    omitted = protection.omitted(draft)
    kinds = {key: protection.kind(draft, key, omitted=omitted) for key in draft.values}
    sensitive = []
    for key in sorted(k for k, kind in kinds.items() if kind != SHOWN):
        value = draft.values[key]
        system.add_var((tag, key), value, *bounds(kinds[key], threshold))
        if kinds[key] != WITHHELD or 0 < value < threshold:
            sensitive.append((tag, key))
    unprinted = omitted | protection.withheld
    for group in draft.groups:
        if group.total is None and group.members and group.members[0][0] in unprinted:
            continue  # a sum assumed known because its table is printed; this one is not
        coefficients = {(tag, m): 1 for m in group.members if kinds[m] != SHOWN}
        if group.total is not None and kinds[group.total] != SHOWN:
            coefficients[(tag, group.total)] = -1
        cells = [(tag, k) for k in group.members + ((group.total,) if group.total else ())]
        system.add_row(coefficients, cells)
    return sensitive


def refuse_if_empty(draft: Draft, threshold: int) -> None:
    for key in (CASES, CLIENTS):
        if draft.values[key] < threshold:
            raise ReleaseRefused(f"protected tables would be empty: {draft.values[key]} {key[1]} in "
                                 f"{draft.scope.place} {draft.scope.period}, fewer than {threshold}")


def release_system(draft: Draft, protection: Protection, threshold: int) -> tuple[System, list]:
    system = System()
    return system, add_release(system, NEW, draft, protection, threshold)


def protect(draft: Draft, threshold: int, forced: frozenset[CellKey] = frozenset()) -> Protection:
    """Hide the small counts, then as few others as it takes for none to be recoverable."""
    refuse_if_empty(draft, threshold)
    hidden = {k: PRIMARY for k, v in draft.values.items() if 0 < v < threshold and k not in draft.implicit}
    hidden.update({k: SECONDARY for k in sorted(forced) if k not in hidden and draft.values.get(k, 0) > 0})
    withheld: set[str] = set()
    for _ in range(len(draft.values) + 10):
        protection = Protection(dict(hidden), frozenset(withheld))
        system, sensitive = release_system(draft, protection, threshold)
        stuck = next((v for v in sensitive if not system.movable(v)), None)
        if stuck is None:
            return protection
        extra = complement(draft, protection, system, stuck,
                           lambda trial: release_system(draft, trial, threshold)[0])
        if extra is not None:
            hidden[extra] = SECONDARY
            continue
        table = _table_of(draft, stuck[1])
        if table in withheld or table == TOTALS:
            raise ReleaseRefused(f"{describe(stuck[1])} cannot be protected in {draft.scope.place} "
                                 f"{draft.scope.period}")
        withheld.add(table)
    raise ReleaseRefused(f"suppression did not settle for {draft.scope.place} {draft.scope.period}")


def complement(draft: Draft, protection: Protection, system: System, stuck,
               rebuild: Callable[[Protection], System]) -> CellKey | None:
    """The shown cell of the new release to hide next: nearest to `stuck`, one that frees it, else the smallest."""
    omitted = protection.omitted(draft)
    candidates: dict[CellKey, int] = {}
    nearest = None
    for distance, (tag, key) in system.neighbours(stuck):
        if nearest is not None and distance > nearest:
            break
        if (tag == NEW and key not in draft.fixed and draft.values.get(key, 0) > 0
                and protection.kind(draft, key, omitted=omitted) == SHOWN):
            candidates[key] = draft.values[key]
            nearest = distance
    ordered = sorted(candidates, key=lambda k: (candidates[k], k))
    for key in ordered[:TRIALS]:
        trial = rebuild(Protection({**protection.hidden, key: SECONDARY}, protection.withheld))
        if stuck in trial.truth and trial.movable(stuck):
            return key
    return ordered[0] if ordered else None


def _table_of(draft: Draft, key: CellKey) -> str:
    if key in draft.implicit:  # a remainder belongs to the table whose cells fall short
        group = next(g for g in draft.groups if key in g.members)
        return group.members[0][0]
    return key[0]


def describe(key: CellKey) -> str:
    """'key_group / prisoner' — a cell named for a one-line message."""
    table, row, column = key
    if table == "~rest":
        return f"the cases not counted in any row of {row.split('/')[0]}"
    shown_column = "" if column in ("count", "cases", "clients") else f" / {column}"
    return f"{table} / {row}{shown_column}"
