"""How the cells of two releases correspond, and what an attacker knows about their differences.

A cell of one release and a cell of another count the same thing when they have the same key;
months are read as quarters when one release has quarters, and a one-country release's cases
are that country's row in a release of several countries. The difference of two such cells is
known to be 0 when they count the same cases, at least 0 when one scope holds the other, and
nothing otherwise. Tilings are releases of one place whose periods, one after another, make up
exactly another's (2023 H1 + 2023 H2 = 2023).
"""

from __future__ import annotations

from dashboard import periods
from dashboard.releases.model import BREAKDOWN_PREFIX, CASES, CellKey, Draft, Scope
from dashboard.releases.solver import INF


def comparable(a: Scope, b: Scope) -> bool:
    return a.place == b.place or a.contains(b) or b.contains(a)


def difference_bounds(d: int, link: tuple, a: Scope, b: Scope) -> tuple[float, float]:
    """What an attacker knows about `a − b` for one cell: 0 when the cell counts the same cases in both."""
    if d == 0 and same_cases(link, a, b):
        return 0, 0
    if a.contains(b) and d >= 0:
        return 0, INF
    if b.contains(a) and d <= 0:
        return -INF, 0
    return -INF, INF


def same_cases(link: tuple, a: Scope, b: Scope) -> bool:
    """Whether the cell counts the same cases in both scopes (same place and dates, or a month inside both)."""
    same_dates = (a.start, a.end) == (b.start, b.end)
    if link[0] in ("country", "region"):
        country = link[1].split("|")[0]
        return same_dates and all(s.region_wide or country in s.countries for s in (a, b))
    if a.place != b.place:
        return False
    if link[0] == "trend":
        first, last = periods.period_range(link[1])
        return all(s.start <= first and last <= s.end for s in (a, b))
    return same_dates


def tilings(members: list, include: str) -> list[tuple]:
    """(whole, parts) of releases (with .scope and .tag) tiling exactly, one of them tagged `include`."""
    found = []
    for whole in members:
        inside = [m for m in members if m is not whole and m.scope.place == whole.scope.place
                  and whole.scope.contains(m.scope) and (m.scope.start, m.scope.end) != (whole.scope.start,
                                                                                         whole.scope.end)]
        for chain in _chains(whole.scope.start, whole.scope.end, inside):
            if include in {whole.tag, *(m.tag for m in chain)}:
                found.append((whole, chain))
    return found[:50]


def _chains(start, end, pieces: list, depth: int = 0):
    if depth > 24:
        return
    for piece in pieces:
        if piece.scope.start == start:
            if piece.scope.end == end:
                yield [piece]
            elif piece.scope.end < end:
                following = piece.scope.end.toordinal() + 1
                for rest in _chains(type(start).fromordinal(following), end, pieces, depth + 1):
                    yield [piece, *rest]


def coarsest(*drafts: Draft) -> str:
    return "quarter" if any(d.grain == "quarter" for d in drafts) else "month"


def link_cells(draft: Draft, grain: str) -> dict[tuple, list[CellKey]]:
    """Cells by what they count, comparable across releases (months read as quarters when one has quarters)."""
    out: dict[tuple, list[CellKey]] = {}
    for key in draft.values:
        if key in draft.implicit:
            continue
        link = key
        if key[0] == "trend" and grain == "quarter" and "-" in key[1]:
            year, month = key[1].split("-")
            link = ("trend", f"{year}Q{(int(month) - 1) // 3 + 1}", key[2])
        out.setdefault(link, []).append(key)
    if len(draft.scope.countries) == 1:  # a one-country release's cases are that country's row elsewhere
        out.setdefault(("country", draft.scope.countries[0], "cases"), []).append(CASES)
    return out


def has_table(draft: Draft, table: str) -> bool:
    return table in draft.tables or table.startswith(BREAKDOWN_PREFIX) or (
        table == "country" and len(draft.scope.countries) == 1)
