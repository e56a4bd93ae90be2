"""Which sums tie a release's cells together: what anyone can subtract from what.

Suppression is only as good as this list. Each `Group` says "these cells add up to that cell
(or to a number assumed known)". We are conservative: wherever a sum is not printed but could be
worked out, or merely guessed, it is treated as known.

- Totals: qualified + not qualified = cases. "Not qualified" is never printed, but it is cases
  minus qualified, so it is an implicit cell that must not be a small number either.
- Partitions of the shown totals: clients by gender and by age group add up to clients; cases
  by primary key group (profile), reaction status, intake channel, country, region (within each
  country, to that country's cases) and month add up to cases.
- Mention tables (perpetrator, violation, decline reason, each profile's perpetrators): a case
  can name several values, so their sum is not printed, but a printed share of mentions gives it
  away (count / share). Their sum is treated as known whether or not a share is printed.
- Multiple membership (clients per key group): the bars add up to more than clients; the sum
  (memberships) is not printed, but it is treated as known all the same, so these tables are
  protected exactly like partitions. Same for each column of the services table.
- Two-way: the cases of profile g that name perpetrator p, summed over the profiles, are the
  cases naming p in the perpetrator table (every case has one primary key group). So the
  profile breakdowns form a table whose column totals are the perpetrator table's cells.
- Whenever a printed sum exceeds the sum of its cells (data without a value), the difference is
  an implicit cell of its own, a remainder, protected like any other.

Inequalities (a profile's perpetrator count is at most its cases; a key group's clients are at
least its profile's clients) are not modelled as sums: they only bound a hidden cell by a shown
count of at least the threshold, which is weaker than what every hidden count already reveals
(that it is below the threshold). Differences between counts of different units (cases minus
clients) are not counts of a group of people and are published as in REAct's own report.
"""

from __future__ import annotations

from dashboard.releases.model import BREAKDOWN_PREFIX, CASES, CLIENTS, QUALIFIED, CellKey, Group, Table

PARTS_OF_CASES = ("key_group_profile", "reaction_status", "intake_channel", "country", "trend")
PARTS_OF_CLIENTS = ("gender", "age_group")
KNOWN_SUMS = ("key_group", "perpetrator", "violation", "decline_reason", "service")


def relations(tables: dict[str, Table]) -> tuple[list[Group], dict[CellKey, int], frozenset[CellKey]]:
    """The groups of a release's tables, every cell's value, and the implicit remainder cells."""
    values = {key: row.values[key[2]] for table in tables.values() for row in table.rows
              for key in [(table.name, row.code, c) for c in table.columns]}
    groups = [Group((QUALIFIED,), CASES)]
    for name in PARTS_OF_CASES + PARTS_OF_CLIENTS:
        if name in tables:
            groups.append(Group(_column(tables[name], tables[name].columns[0]),
                                CASES if name in PARTS_OF_CASES else CLIENTS))
    for name in KNOWN_SUMS:
        if name in tables:
            groups.extend(Group(_column(tables[name], c), None) for c in tables[name].columns)
    breakdowns = [t for name, t in tables.items() if name.startswith(BREAKDOWN_PREFIX)]
    groups.extend(Group(_column(t, "cases"), None) for t in breakdowns)
    for row in tables["perpetrator"].rows:
        members = tuple((t.name, row.code, "cases") for t in breakdowns if (t.name, row.code, "cases") in values)
        groups.append(Group(members, ("perpetrator", row.code, "cases")))
    groups.extend(_regions(tables))
    return _with_remainders(groups, values)


def _column(table: Table, column: str) -> tuple[CellKey, ...]:
    return tuple((table.name, row.code, column) for row in table.rows)


def _regions(tables: dict[str, Table]) -> list[Group]:
    """Regions add up to their country's cases (the country table's cell, or all cases)."""
    by_country: dict[str, list[CellKey]] = {}
    for row in tables["region"].rows:
        by_country.setdefault(row.country or "", []).append(("region", row.code, "cases"))
    if "country" not in tables:
        return [Group(tuple(k for keys in by_country.values() for k in keys), CASES)]
    return [Group(tuple(keys), ("country", country, "cases")) for country, keys in by_country.items()]


def _with_remainders(groups: list[Group], values: dict[CellKey, int]):
    """Add an implicit cell to every group whose cells fall short of its printed total."""
    implicit = set()
    out = []
    for group in groups:
        if group.total is not None:
            rest = values.get(group.total, 0) - sum(values[m] for m in group.members)
            if rest != 0:
                key = ("~rest", "/".join(group.total), "")
                values[key] = rest
                implicit.add(key)
                group = Group(group.members + (key,), group.total)
        out.append(group)
    return out, values, frozenset(implicit)
