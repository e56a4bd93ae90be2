"""Primary and secondary suppression of a candidate release, checked against everything published.

Primary: every count from 1 to threshold−1 is hidden and reads `<11`; a true 0 is shown as 0.
The release's cases and clients are never hidden: below the threshold the release is refused.

Secondary (cell suppression with an exact audit, the method of τ-ARGUS and sdcTable): the audit
(audit.py) looks for the first count an attacker holding every release could pin down; the
search answers it by hiding one more shown cell of the candidate, a *complement*, then audits
again, until nothing is disclosed. A published release never changes: only the candidate hides
more. Complements are the candidate's shown cells nearest to the disclosed count in the model's
relations, smallest first (the loss is weighed by the counts hidden, so a small cell covers
before a large one and a key figure such as police against people who use drugs stays shown
where something smaller can cover); the first of them that frees the count is kept, otherwise
the smallest is hidden and the search goes on. With no shown cell left near it, the count's
table is withheld; if even that cannot help, the release is refused naming the table and cell.

Least loss: once nothing is disclosed, every complement is tried shown again, largest first,
and stays shown when the full audit still passes. A disclosure that the published releases
already make without the candidate cannot be mended by it; it is reported as a warning (in the
release's private record) instead of blocking every later release.

Complementary cells are at least the threshold and are shown as `≥11`: true, and nothing an
attacker would not infer from the rule anyway. A profile whose case count is hidden shows no
perpetrator breakdown.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from dashboard.releases.audit import HIDDEN, Auditor, Failure, Target
from dashboard.releases.document import tables_document
from dashboard.releases.exact import Infeasible
from dashboard.releases.ledger import Ledger, View
from dashboard.releases.model import (
    CASES,
    CLIENTS,
    NEW,
    PRIMARY,
    SECONDARY,
    SHOWN,
    TOTALS,
    CellKey,
    Draft,
    Protection,
    ReleaseRefused,
)

KNOWN_SUMS = ("key_group", "perpetrator", "violation", "decline_reason", "service")
TRIALS = 8  # complements tried for freeing one disclosed count before the smallest is hidden anyway
PRUNE_LIMIT = 20  # complements tried shown again, largest first (they carry most of the loss)
SEARCH_DEPTH = 3  # steps through the model's rows when looking for complements
ROUNDS = 500

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    protection: Protection
    warnings: list[str] = field(default_factory=list)
    solves: int = 0


def refuse_if_empty(draft: Draft, threshold: int) -> None:
    for key in (CASES, CLIENTS):
        if draft.values[key] < threshold:
            raise ReleaseRefused(f"protected tables would be empty: {draft.values[key]} {key[1]} in "
                                 f"{draft.scope.place} {draft.scope.period}, fewer than {threshold}")


def known_sums(draft: Draft) -> dict[tuple[str, str], int]:
    """The sums of the candidate's mention tables, which the audit assumes an attacker knows."""
    return {(table.name, column): sum(row.values[column] for row in table.rows)
            for table in draft.tables.values() if table.name in KNOWN_SUMS or table.parent is not None
            for column in table.columns}


def candidate_view(draft: Draft, protection: Protection, threshold: int) -> View:
    return View(NEW, draft.scope, threshold, tables_document(draft, protection, threshold), known_sums(draft))


def protect(draft: Draft, threshold: int, published: list[View] = ()) -> Outcome:
    """Hide the small counts, then as little else as it takes for nothing to be disclosed."""
    refuse_if_empty(draft, threshold)
    search = _Search(draft, threshold, list(published))
    search.run()
    return Outcome(search.protection(), search.warnings, search.auditor.solver.solves)


class _Search:
    def __init__(self, draft: Draft, threshold: int, published: list[View]):
        self.draft, self.threshold = draft, threshold
        self.hidden: dict[CellKey, str] = {k: PRIMARY for k, v in draft.values.items()
                                           if 0 < v < threshold}
        self.withheld: set[str] = set()
        self.ledger = Ledger([*published, self.view()], candidate=NEW)
        try:
            self.auditor = Auditor(self.ledger)
        except Infeasible:
            raise ReleaseRefused("audit: this release and the published ones cannot all be true of the same "
                                 "cases (the case data changed since they were published); publish from the "
                                 "snapshot they were made from") from None
        self.row_key = {row: key for key, row in self.ledger.candidate_rows.items()}
        self.var_rows: dict[int, list[int]] = {}
        for r, row in enumerate(self.ledger.system.rows):
            for var in row:
                self.var_rows.setdefault(var, []).append(r)
        self.ignored: set[tuple] = set()
        self.warnings: list[str] = []
        self._determined: dict[CellKey, bool] = {}
        self._published_only: Auditor | None = None
        self.reasons: dict[CellKey, Target] = {}  # complement -> the count it was hidden to cover

    def protection(self) -> Protection:
        return Protection(dict(self.hidden), frozenset(self.withheld))

    def view(self) -> View:
        return candidate_view(self.draft, self.protection(), self.threshold)

    def sync(self) -> list:
        """Bring the model in line with the current protection; returns what undoes it."""
        undo = self.auditor.apply(self.ledger.show(self.view()))
        self.auditor.refresh()
        return undo

    def restore(self, state: tuple, undo: list) -> None:
        self.hidden, self.withheld = dict(state[0]), set(state[1])
        self.ledger.show(self.view())
        self.auditor.apply(undo)
        self.auditor.refresh()

    def run(self) -> None:
        for _ in range(ROUNDS):
            failure = self.auditor.first_failure(self.ignored)
            if failure is None:
                self.prune()
                return
            self.answer(failure)
        raise ReleaseRefused(f"suppression did not settle for {self.draft.scope.place} {self.draft.scope.period}")

    def answer(self, failure: Failure) -> None:
        target = failure.target
        log.debug("disclosed: %s", failure.message)
        if self.already_disclosed(target)[0]:
            self.ignored.add(target.frozen)
            self.warnings.append(f"already disclosed by the published releases: {failure.message}")
            return
        options = self.complements(target)
        for key in options[:TRIALS]:
            state = (dict(self.hidden), set(self.withheld))
            self.hidden[key] = SECONDARY
            undo = self.sync()
            if self.auditor.check(target) is None:
                log.debug("covered by %s", key)
                self.reasons[key] = target
                return
            self.restore(state, undo)
        if options:
            log.debug("partly covered by %s", options[0])
            self.hidden[options[0]] = SECONDARY
            self.reasons[options[0]] = target
            self.sync()
            return
        table = target.key[0]
        if target.owner == NEW and table != TOTALS and table not in self.withheld:
            self.withheld.add(table)
            self.sync()
            return
        raise ReleaseRefused(f"audit: {failure.message}")

    def already_disclosed(self, *targets: Target) -> list[bool]:
        """For each target, whether the published releases disclose it without the candidate."""
        if self._published_only is None:
            self._published_only = Auditor(self.ledger, without_candidate=True)
        return [self._published_only.check(target) is not None for target in targets]

    def complements(self, target: Target) -> list[CellKey]:
        """The candidate's shown cells near the target in the model's rows: nearest first, then smallest."""
        system = self.ledger.system
        distance: dict[CellKey, int] = {}
        variables, seen = set(target.expression), set()
        for depth in range(1, SEARCH_DEPTH + 1):
            rows = {r for v in variables for r in self.var_rows.get(v, ())} - seen
            seen |= rows
            for r in rows:
                key = self.row_key.get(r)
                if key is not None and key not in distance and self._coverable(key, r):
                    distance[key] = depth
            if len(distance) >= 2 * TRIALS:
                break
            variables = {v for r in rows for v in system.rows[r]}
        self._learn_determined(list(distance))
        return sorted((k for k in distance if not self._determined[k]),
                      key=lambda k: (distance[k], self.draft.values[k], k))

    def _coverable(self, key: CellKey, row: int) -> bool:
        system = self.ledger.system
        return (key[0] != "~sum" and key not in self.draft.fixed and system.row_low[row] == system.row_high[row]
                and self.draft.values.get(key, 0) >= self.threshold and key not in self.hidden)

    def _learn_determined(self, keys: list[CellKey]) -> None:
        """Which of these candidate cells the published releases alone fix: hiding one would cover nothing."""
        unknown = [k for k in keys if k not in self._determined]
        if unknown:
            targets = [Target(NEW, k, self.ledger.expression(NEW, k), HIDDEN, 2, self.threshold) for k in unknown]
            self._determined.update(zip(unknown, self.already_disclosed(*targets)))

    def prune(self) -> None:
        """Show again every complement the audit can do without, largest first."""
        covers = sorted((k for k, kind in self.hidden.items() if kind == SECONDARY),
                        key=lambda k: (-self.draft.values[k], k))
        for key in covers[:PRUNE_LIMIT]:
            state = (dict(self.hidden), set(self.withheld))
            del self.hidden[key]
            undo = self.sync()
            # The count this cell was hidden to cover is the likeliest to fail: check it first.
            reason = self.reasons.get(key)
            if (reason is not None and self.auditor.check(reason) is not None) or \
                    self.auditor.first_failure(self.ignored, first=set(self.ledger.system.rows[
                        self.ledger.candidate_rows[key]])) is not None:
                self.restore(state, undo)
            else:
                log.debug("shown again: %s", key)


def information_loss(draft: Draft, protection: Protection) -> dict:
    """Cells and counts hidden (withheld tables and omitted breakdowns included), for the private record."""
    omitted = protection.omitted(draft)
    kinds = {key: protection.kind(draft, key, omitted=omitted) for key in draft.values}
    hidden = {key: kind for key, kind in kinds.items() if kind != SHOWN}
    total = sum(draft.values[k] for k in kinds)
    counts_hidden = sum(draft.values[k] for k in hidden)
    return {
        "cells": len(kinds), "cells_hidden": len(hidden),
        "primary": sum(kind == PRIMARY for kind in hidden.values()),
        "secondary": sum(kind == SECONDARY for kind in hidden.values()),
        "withheld_tables": sorted(protection.withheld | omitted),
        "counts": total, "counts_hidden": counts_hidden,
        "share_hidden_pct": round(100 * counts_hidden / total, 2) if total else 0.0,
    }
