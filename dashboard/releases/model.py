"""What a release is made of before it is protected: its scope, tables and cells, and what it hides.

A `Draft` holds every true count of a release, including the ones the release will hide, so it
never leaves the process: `protect` decides what is hidden and `document` writes only what is
shown. A cell is named by `(table, row code, column)`; how cells relate, within a release and
across releases, is the ledger's business (ledger.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dashboard import periods

CellKey = tuple[str, str, str]

TOTALS = "totals"
CASES: CellKey = (TOTALS, "cases", "count")
CLIENTS: CellKey = (TOTALS, "clients", "count")
QUALIFIED: CellKey = (TOTALS, "qualified_cases", "count")
PROFILE = "key_group_profile"
BREAKDOWN_PREFIX = PROFILE + "/"  # "key_group_profile/plhiv": perpetrators in the plhiv profile


@dataclass(frozen=True)
class Scope:
    """One country, several, or the whole region (`countries == ()`), and one inclusive date range."""

    countries: tuple[str, ...]
    start: date
    end: date

    @property
    def region_wide(self) -> bool:
        return not self.countries

    @property
    def place(self) -> str:
        return "+".join(self.countries) if self.countries else "region"

    @property
    def period(self) -> str:
        """The period string (2023H1) when the range is one, else `start..end`."""
        return periods.name_of_range(self.start, self.end) or f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def months(self) -> int:
        return (self.end.year * 12 + self.end.month) - (self.start.year * 12 + self.start.month) + 1

    def overlaps(self, other: Scope) -> bool:
        """Some cases could be counted in both: the dates meet and the places share a country."""
        dates_meet = self.start <= other.end and other.start <= self.end
        places_meet = self.region_wide or other.region_wide or bool(set(self.countries) & set(other.countries))
        return dates_meet and places_meet

    def contains(self, other: Scope) -> bool:
        """Every case of `other` is a case of this scope."""
        place = self.region_wide or (not other.region_wide and set(other.countries) <= set(self.countries))
        return place and self.start <= other.start and other.end <= self.end

    def as_dict(self) -> dict:
        return {"countries": list(self.countries), "region_wide": self.region_wide, "period": self.period,
                "start": self.start.isoformat(), "end": self.end.isoformat()}

    @classmethod
    def from_dict(cls, data: dict) -> Scope:
        return cls(tuple(data.get("countries") or ()), date.fromisoformat(data["start"]),
                   date.fromisoformat(data["end"]))


@dataclass
class Row:
    code: str
    label: dict[str, str]
    values: dict[str, int]
    shares: dict[str, float] = field(default_factory=dict)  # from dashboard.measures, per column
    country: str | None = None


@dataclass
class Table:
    name: str
    columns: tuple[str, ...]
    rows: list[Row]
    unit: str  # cases | clients
    base: CellKey | None  # the cell giving the table's `n = …` (None: the parent cell of a breakdown)
    share_base: int | None = None  # denominator of the rows' shares, for the "at least 30" rule
    parent: CellKey | None = None  # a breakdown splits this cell (a profile's cases)

    def keys(self) -> list[CellKey]:
        return [(self.name, row.code, column) for row in self.rows for column in self.columns]


@dataclass
class Draft:
    scope: Scope
    snapshot_id: str
    data_date: str
    grain: str
    tables: dict[str, Table]
    values: dict[CellKey, int]  # every cell's true count
    fixed: frozenset[CellKey]  # always shown: the release is refused rather than hide them

    def breakdowns(self) -> list[Table]:
        return [t for t in self.tables.values() if t.parent is not None]


class ReleaseRefused(Exception):
    """A release that must not be published; the message says why in one line."""


PRIMARY, SECONDARY, WITHHELD, SHOWN = "primary", "secondary", "withheld", "shown"
NEW = "new"  # the tag of the release being protected, among the published ones


@dataclass(frozen=True)
class Protection:
    """What a release hides (PRIMARY: a count from 1 to threshold−1; SECONDARY: a larger count that
    covers one) and which tables it withholds whole."""

    hidden: dict[CellKey, str]
    withheld: frozenset[str] = frozenset()

    def omitted(self, draft: Draft) -> set[str]:
        """Breakdowns whose parent cell (the profile's cases) is not shown."""
        return {t.name for t in draft.breakdowns() if self.kind(draft, t.parent, ignore_omitted=True) != SHOWN}

    def kind(self, draft: Draft, key: CellKey, ignore_omitted: bool = False, omitted: set | None = None) -> str:
        if key[0] in self.withheld:
            return WITHHELD
        if not ignore_omitted and key[0] in (self.omitted(draft) if omitted is None else omitted):
            return WITHHELD
        return self.hidden.get(key, SHOWN)


def describe(key: CellKey) -> str:
    """'key_group / prisoner' — a cell named for a one-line message."""
    table, row, column = key
    shown_column = "" if column in ("count", "cases", "clients") else f" / {column}"
    return f"{table} / {row}{shown_column}"
