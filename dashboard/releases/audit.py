"""The audit of a new release against the published releases it overlaps (2023 H1 and 2023).

Two releases whose periods overlap and whose places share a country count some cases twice, so
subtracting one from the other gives numbers neither shows: 2023 minus 2023 H1 is 2023 H2. For
every published release P that overlaps the new release N:

1. no difference between a cell shown in both may be from 1 to threshold−1;
2. N, P and a link `N − P = d` for every cell they share go into one attacker's system
   (solver.py); no hidden count from 1 to threshold−1 of either, and no difference d from 1 to
   threshold−1, may be pinned. What an attacker knows about d is modelled conservatively: d = 0
   when the cell counts the same cases in both (a month inside both periods, a region in the same
   period), d ≥ 0 when N's scope contains P's (and the reverse), otherwise nothing.

And for releases of the same place whose periods tile another exactly (2023 H1 + 2023 H2 = 2023,
four quarters and their year): 3. in `whole = sum of parts`, a cell shown in all but one of them
gives that one away, which must not be a count from 1 to threshold−1.

A finding is first answered by complementary suppression in N (hide the cell that gives the
difference away, or the nearest cell that frees a pinned one), then protection and audit run
again. When the cell to hide is one of N's totals, or nothing is left to hide, N is refused with
the reason, naming the table and cell. Combinations of three or more releases are checked only
through rule 3 (first order). A published release's numbers are rebuilt from its own, immutable
snapshot; if that is gone or no longer gives the published numbers, N is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.releases import links
from dashboard.releases.build import build_draft
from dashboard.releases.document import protection_from_document, shown_values
from dashboard.releases.model import CellKey, Draft, ReleaseRefused, Scope
from dashboard.releases.protect import NEW, SHOWN, Protection, add_release, describe, protect
from dashboard.releases.solver import System
from dashboard.snapshots import SnapshotError, SnapshotStore

ROUNDS = 200


@dataclass
class Member:
    """One release in the audit: its tag in the system, scope, true numbers and what it hides."""

    tag: str
    scope: Scope
    draft: Draft
    protection: Protection
    threshold: int


@dataclass
class Finding:
    message: str
    remedy: list[CellKey]  # shown cells of the new release whose hiding may answer it


def load_member(document: dict, snapshots: SnapshotStore) -> Member:
    release_id = document["release_id"]
    try:
        snapshot = snapshots.get(document["snapshot_id"])
    except SnapshotError:
        raise ReleaseRefused(f"cannot audit against release {release_id}: its snapshot "
                             f"{document['snapshot_id']} is no longer available") from None
    draft = build_draft(snapshot, Scope.from_dict(document["scope"]))
    for key, value in shown_values(document).items():
        if draft.values.get(key, 0) != value:
            raise ReleaseRefused(f"cannot audit against release {release_id}: {describe(key)} no longer "
                                 f"rebuilds from snapshot {snapshot.id}")
    return Member(release_id, draft.scope, draft, protection_from_document(document), document["threshold"])


def related(documents: list[dict], scope: Scope) -> list[dict]:
    """Published releases that overlap `scope`, and those of the same place inside their span (for tilings)."""
    scopes = {d["release_id"]: Scope.from_dict(d["scope"]) for d in documents}
    overlapping = [d for d in documents if scopes[d["release_id"]].overlaps(scope)]
    same_place = [scopes[d["release_id"]] for d in overlapping if scopes[d["release_id"]].place == scope.place]
    start = min([scope.start] + [s.start for s in same_place])
    end = max([scope.end] + [s.end for s in same_place])
    inside = [d for d in documents if d not in overlapping and scopes[d["release_id"]].place == scope.place
              and start <= scopes[d["release_id"]].start and scopes[d["release_id"]].end <= end]
    return overlapping + inside


def audited_protection(draft: Draft, threshold: int, published: list[Member]) -> Protection:
    """Protect `draft`, hiding more until the audit against `published` finds nothing; else refuse."""
    forced: set[CellKey] = set()
    for _ in range(ROUNDS):
        protection = protect(draft, threshold, frozenset(forced))
        if not published:
            return protection
        finding = first_finding(Member(NEW, draft.scope, draft, protection, threshold), published)
        if finding is None:
            return protection
        remedy = [k for k in finding.remedy if k not in forced and k not in draft.fixed]
        if not remedy:
            raise ReleaseRefused(f"audit: {finding.message}")
        forced.add(remedy[0])
    raise ReleaseRefused("audit: complementary suppression did not settle")


def first_finding(new: Member, published: list[Member]) -> Finding | None:
    overlapping = [m for m in published if m.scope.overlaps(new.scope)]
    pairs = [(old, *joint_system(new, old)) for old in overlapping]
    for _, _, _, differences in pairs:
        if differences:
            return differences[0]
    finding = _tiling_finding(new, published)
    if finding is not None:
        return finding
    for old, system, sensitive, _ in pairs:
        limit = max(new.threshold, old.threshold)
        for var in sensitive:
            if 0 < abs(system.truth[var]) < limit and not system.movable(var):
                return Finding(f"{_name(var)} would be recoverable together with release {old.tag}",
                               _nearest_new_cells(system, var, new))
    return None


def joint_system(new: Member, old: Member) -> tuple[System, list, list[Finding]]:
    """The attacker's system over two releases; and the shown-versus-shown differences that are too small."""
    system = System()
    sensitive = add_release(system, new.tag, new.draft, new.protection, new.threshold)
    sensitive += add_release(system, old.tag, old.draft, old.protection, old.threshold)
    unknown = {tag: {key for (t, key) in system.truth if t == tag} for tag in (new.tag, old.tag)}
    findings = _link(system, sensitive, unknown, new, old)
    return system, sensitive, findings


def _link(system: System, sensitive: list, unknown: dict, a: Member, b: Member) -> list[Finding]:
    """Rows `a − b = d` for every cell the two releases share; findings for shown differences that are too small."""
    grain = links.coarsest(a.draft, b.draft)
    left, right = links.link_cells(a.draft, grain), links.link_cells(b.draft, grain)
    # A difference is a count of people when one scope holds the other; privacy.md also asks it of any
    # overlap of the same place. Between partly overlapping different places it counts no one.
    limit = max(a.threshold, b.threshold) if links.comparable(a.scope, b.scope) else 0
    findings = []
    for link in sorted(set(left) | set(right)):
        if not (links.has_table(a.draft, link[0]) and links.has_table(b.draft, link[0])):
            continue
        if link[0] == "country" and "country" not in a.draft.tables and "country" not in b.draft.tables:
            continue  # two one-country releases: their cases are compared as totals
        cells_a, cells_b = left.get(link, []), right.get(link, [])
        d = sum(a.draft.values[k] for k in cells_a) - sum(b.draft.values[k] for k in cells_b)
        coefficients = {(a.tag, k): 1 for k in cells_a if k in unknown[a.tag]}
        coefficients.update({(b.tag, k): -1 for k in cells_b if k in unknown[b.tag]})
        if not coefficients:
            if 0 < abs(d) < limit and NEW in (a.tag, b.tag):
                mine = cells_a if a.tag == NEW else cells_b
                findings.append(Finding(f"{describe(link)} differs by {abs(d)} from release "
                                        f"{(b if a.tag == NEW else a).tag}", sorted(mine)))
            continue
        var = ("d", a.tag, b.tag, link)
        system.add_var(var, d, *links.difference_bounds(d, link, a.scope, b.scope))
        coefficients[var] = -1
        system.add_row(coefficients, [(a.tag, k) for k in cells_a] + [(b.tag, k) for k in cells_b])
        if 0 < abs(d) < limit:
            sensitive.append(var)
    return findings


def _tiling_finding(new: Member, published: list[Member]) -> Finding | None:
    """A tiling `whole = sum of parts` in which one cell is unknown and all others shown gives it away."""
    for whole, parts in links.tilings([new, *published], NEW):
        members = [(whole, 1), *((p, -1) for p in parts)]
        grain = links.coarsest(*(m.draft for m, _ in members))
        maps = [(m, sign, links.link_cells(m.draft, grain)) for m, sign in members]
        limit = max(m.threshold for m, _ in members)
        hidden = {m.tag: _unknown_keys(m) for m, _ in members}
        for link in sorted(set().union(*(set(cells) for _, _, cells in maps))):
            if not all(links.has_table(m.draft, link[0]) for m, _, _ in maps):
                continue
            unknown = [(m, k) for m, _, cells in maps for k in cells.get(link, []) if k in hidden[m.tag]]
            if len(unknown) == 1 and 0 < unknown[0][0].draft.values[unknown[0][1]] < limit:
                mine = [k for m, _, cells in maps if m.tag == NEW for k in cells.get(link, [])
                        if k not in hidden[NEW]]
                owner = "the new release" if unknown[0][0].tag == NEW else f"release {unknown[0][0].tag}"
                return Finding(f"{describe(unknown[0][1])} of {owner} follows from the releases that make up "
                               f"{whole.scope.place} {whole.scope.period}", sorted(mine))
    return None


def _unknown_keys(member: Member) -> set[CellKey]:
    omitted = member.protection.omitted(member.draft)
    return {k for k in member.draft.values if member.protection.kind(member.draft, k, omitted=omitted) != SHOWN}


def _nearest_new_cells(system: System, var, new: Member) -> list[CellKey]:
    omitted = new.protection.omitted(new.draft)
    found: dict[CellKey, tuple] = {}
    for distance, (tag, key) in system.neighbours(var):
        if (tag == NEW and key not in found and new.draft.values.get(key, 0) > 0
                and new.protection.kind(new.draft, key, omitted=omitted) == SHOWN):
            found[key] = (distance, new.draft.values[key], key)
    return sorted(found, key=lambda k: found[k])


def _name(var) -> str:
    if var[0] == "d":
        _, a, b, link = var
        return f"the difference in {describe(link)} between release {a} and release {b}"
    tag, key = var
    return f"{describe(key)} of {'the new release' if tag == NEW else 'release ' + tag}"
