"""One model of everything published: the linear relations an attacker can write over true counts.

Every release ever published (withdrawn ones too: a withdrawal does not take back a download)
and the candidate are read as the public reads them, from their documents, and turned into one
`LinearSystem` (exact.py) over the true counts of *atoms*: one place and one stretch of time that
no release boundary cuts (2023 H1, 2023 H2 and 2023 make the atoms TJ·H1 and TJ·H2). Each case
count a release prints is a sum of atom counts, so disjoint periods add up, periods overlap
(Jan–Sep and the year share Jan–Sep), places add up (TJ + UZ against a two-country or region-
wide release) and regions grouped as "Other regions" are the sum of the regions a release does
not name. Within each atom the tables relate as they do in the data (relations.py explains why):

- partitions: profiles, reaction statuses, intake channels, regions and months add up to cases;
  qualified, each mention and each service count are at most cases;
- two_way: each perpetrator's cases are the sum over profiles of that profile's perpetrator
  cases, and a profile's perpetrator count is at most its cases;
- mention_sums: a printed share of mentions gives the sum of its table (count / share);
- zeros: a category missing from a table is a true zero;
- clients (counts of people, not additive): gender and age groups add up to clients; key groups
  are at most clients and at least clients together; clients are at most cases; a release's
  clients are at least those of any release it contains and at most the sum over releases that
  tile it.

A shown cell is fixed; a `<t` cell is 1..t−1; a `≥t` cell is at least t; a withheld table or a
profile without its breakdown gives nothing. `RELATIONS` names each family so that a test can
switch one off and show that the audit then misses a disclosure ("withdrawn" is read by publish:
withdrawn releases stay in the model).

The candidate's cells are rows whose bounds change as its protection changes (`show`), so one
model is solved again and again while cells are hidden, without being rebuilt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from dashboard.releases.document import iter_cells
from dashboard.releases.exact import INF, Infeasible, LinearSystem
from dashboard.releases.model import BREAKDOWN_PREFIX, PROFILE, TOTALS, CellKey, Scope
from dashboard.vocab import vocabulary

RELATIONS = frozenset({"partitions", "two_way", "mention_sums", "zeros", "periods", "places", "regions",
                       "clients", "withdrawn"})
CLIENT_TABLES = ("key_group", "gender", "age_group")
CASE_TABLES = ("perpetrator", "violation", "reaction_status", "decline_reason", "intake_channel")
MENTION_TABLES = ("perpetrator", "violation", "decline_reason")
PARTITIONS = ("reaction_status", "intake_channel")
DIMENSION = {"key_group": "key_group", "gender": "gender", "age_group": "age_group", PROFILE: "key_group",
             "perpetrator": "perpetrator", "violation": "violation", "reaction_status": "reaction_status",
             "decline_reason": "decline_reason", "service": "service", "intake_channel": "intake_channel",
             "country": "country"}
SERVICE_COLUMNS = ("provided", "referred", "unavailable")
UNNAMED = "~unnamed"  # every region no release names: one unknown, as the attacker cannot tell them apart
CASES_KEY = (TOTALS, "cases", "count")
CLIENTS_KEY = (TOTALS, "clients", "count")
QUALIFIED_KEY = (TOTALS, "qualified_cases", "count")

Atom = tuple  # (place, first day, last day)
Bounds = tuple[float, float]


@dataclass
class View:
    """One release as the public sees it: its tables, and (for the candidate) sums known beyond them."""

    tag: str
    scope: Scope
    threshold: int
    tables: dict
    known_sums: dict[tuple[str, str], int] = field(default_factory=dict)  # (table, column) -> sum of its rows


def cell_bounds(view: View, relations: frozenset[str] | None = None) -> dict[CellKey, Bounds]:
    """What the view says about each cell: shown (v, v), `<t` (1, t−1), `≥t` (t, inf), missing (0, 0)."""
    relations = RELATIONS if relations is None else relations
    vocab = vocabulary()
    out: dict[CellKey, Bounds] = {}
    for key, cell, _table in iter_cells(view.tables):
        if not cell["suppressed"]:
            out[key] = (cell["value"], cell["value"])
        elif str(cell.get("hidden_as", "")).startswith("<"):
            out[key] = (1, view.threshold - 1)
        else:
            out[key] = (view.threshold, INF)
    if "zeros" not in relations:
        return out
    for name, table in _printed_tables(view.tables):
        dimension = DIMENSION.get(name.split("/")[0] if not name.startswith(BREAKDOWN_PREFIX) else "perpetrator")
        columns = [c["code"] for c in table["columns"]]
        if name == "region":
            for country in _countries(view):
                out.setdefault(("region", f"{country}|*", "cases"), (0, 0))
        elif name == "country":
            for country in _countries(view):
                out.setdefault(("country", country, "cases"), (0, 0))
        elif dimension is not None:
            for code in vocab.codes(dimension):
                for column in columns:
                    out.setdefault((name, code, column), (0, 0))
    return out


def _printed_tables(tables: dict) -> Iterable[tuple[str, dict]]:
    """(name, table) of every table the document prints, breakdowns included (withheld ones say nothing)."""
    for name, table in tables.items():
        if not table["withheld"]:
            yield name, table
    for row in tables[PROFILE]["rows"]:
        if row.get("breakdown") is not None and not row["breakdown"]["withheld"]:
            yield f"{BREAKDOWN_PREFIX}{row['code']}", row["breakdown"]


def _countries(view: View) -> tuple[str, ...]:
    return view.scope.countries or tuple(vocabulary().codes("country"))


def share_sums(view: View) -> dict[tuple[str, str], int]:
    """Sums of mention tables that a printed share gives away: count / share of mentions."""
    out = {}
    for name, table in _printed_tables(view.tables):
        if (table.get("share_of") or {}).get("en") != "of mentions":
            continue
        for row in table["rows"]:
            for column, cell in row["cells"].items():
                if cell["share"] and not cell["suppressed"]:
                    out[(name, column)] = round(cell["value"] / cell["share"])
    return out


class Ledger:
    """The linear system of a set of views; `expression(tag, key)` is what a cell is in its unknowns."""

    def __init__(self, views: list[View], candidate: str | None = None, relations: frozenset[str] | None = None):
        self.views = {view.tag: view for view in views}
        self.candidate = candidate
        self.relations = RELATIONS if relations is None else relations
        self.system = LinearSystem()
        self.terms: dict[tuple, int] = {}  # (atom, atom key) or ("client", tag, key) -> variable
        self.candidate_rows: dict[tuple, int] = {}  # candidate cell key or ("~sum", table, column) -> row
        self._expressions: dict[tuple, dict[int, float]] = {}
        self._boundaries()
        self._universe = {tag: self._cell_universe(view) for tag, view in self.views.items()}
        self._zero = self._zero_terms()
        for tag, view in self.views.items():
            self._view_rows(tag, view)
        self._atom_rows()
        if "clients" in self.relations:
            self._client_links()

    # ------------------------------------------------------------------ atoms

    def _boundaries(self) -> None:
        days = set()
        for view in self.views.values():
            days.update((view.scope.start, view.scope.end + timedelta(days=1)))
        self.days = sorted(days)
        self.places = sorted({c for view in self.views.values() for c in _countries(view)})

    def atoms(self, view: View, country: str | None = None) -> list[Atom]:
        """The atoms a view's cases fall into (only those of `country` when given)."""
        if "places" in self.relations:
            places = [c for c in _countries(view) if country is None or c == country]
        else:
            places = [view.scope.place]
        if "periods" in self.relations:
            days = [d for d in self.days if view.scope.start <= d <= view.scope.end + timedelta(days=1)]
            spans = [(a, b - timedelta(days=1)) for a, b in zip(days, days[1:])]
        else:
            spans = [(view.scope.start, view.scope.end)]
        return [(place, *span) for place in places for span in spans]

    def covered(self) -> dict[Atom, list[str]]:
        """Atom -> the views whose cases include it."""
        out: dict[Atom, list[str]] = {}
        for tag, view in self.views.items():
            for atom in self.atoms(view):
                out.setdefault(atom, []).append(tag)
        return out

    # ------------------------------------------------------------------ what a cell is

    def cell_terms(self, view: View, key: CellKey) -> list[tuple] | None:
        """The atom terms a case count adds up (None for counts of clients, which do not add up)."""
        table, code, column = key
        if table in CLIENT_TABLES or key == CLIENTS_KEY:
            return None
        if key == CASES_KEY:
            return [(a, ("cases",)) for a in self.atoms(view)]
        if key == QUALIFIED_KEY:
            return [(a, ("qualified",)) for a in self.atoms(view)]
        if table == PROFILE:
            return [(a, ("profile", code)) for a in self.atoms(view)]
        if table.startswith(BREAKDOWN_PREFIX):
            return [(a, ("bd", table[len(BREAKDOWN_PREFIX):], code)) for a in self.atoms(view)]
        if table in CASE_TABLES:
            return [(a, (table, code)) for a in self.atoms(view)]
        if table == "service":
            return [(a, ("service", code, column)) for a in self.atoms(view)]
        if table == "country":
            if "places" in self.relations:
                return [(a, ("cases",)) for a in self.atoms(view, code)]
            return [(a, ("country", code)) for a in self.atoms(view)]
        if table == "region":
            country, name = code.split("|", 1)
            atoms = self.atoms(view, country)
            if name != "*":
                return [(a, ("region", country, name)) for a in atoms]
            if "regions" not in self.relations:
                return [(a, ("other_regions", view.tag, country)) for a in atoms]
            named = self._named_regions(view, country)
            return [(a, ("region", country, r)) for a in atoms for r in self.regions(country) if r not in named]
        if table == "trend":
            first, last = _bucket_range(code)
            return [(a, ("trend", p)) for a in self.atoms(view) for p in _months(a) if first <= p[0] and p[1] <= last]
        raise ValueError(f"no terms for {key}")

    def regions(self, country: str) -> list[str]:
        names = {UNNAMED}
        for view in self.views.values():
            names.update(self._named_regions(view, country))
        return sorted(names)

    @staticmethod
    def _named_regions(view: View, country: str) -> set[str]:
        return {row["code"].split("|", 1)[1] for row in view.tables["region"]["rows"]
                if row["code"].startswith(f"{country}|") and not row["code"].endswith("|*")}

    def _cell_universe(self, view: View) -> dict[CellKey, Bounds]:
        """Every cell the view speaks of; for the candidate every cell it could show, free where it shows nothing."""
        return cell_bounds(view, self.relations)

    def _zero_terms(self) -> set:
        """Terms a published (not candidate) view pins to 0; they need no unknown of their own."""
        zero = set()
        for tag, universe in self._universe.items():
            if tag == self.candidate:
                continue
            for key, bounds in universe.items():
                if bounds == (0, 0):
                    zero.update(self.cell_terms(self.views[tag], key) or ())
        dead = {term[0] for term in zero if term[1] == ("cases",)}
        self._dead = dead
        return zero

    def term(self, term: tuple) -> int | None:
        """The unknown of an atom term, made on first use; None when it is known to be 0."""
        if term in self._zero or term[0] in self._dead:
            return None
        if term not in self.terms:
            self.terms[term] = self.system.variable()
        return self.terms[term]

    def expression(self, tag: str, key: CellKey) -> dict[int, float]:
        """The cell as a sum of unknowns (computed once: the model's structure never changes; do not modify)."""
        found = self._expressions.get((tag, key))
        if found is None:
            found = self._expressions[(tag, key)] = self._expression(tag, key)
        return found

    def _expression(self, tag: str, key: CellKey) -> dict[int, float]:
        view = self.views[tag]
        terms = self.cell_terms(view, key)
        if terms is None:
            client = ("client", tag, key)
            if client not in self.terms:
                self.terms[client] = self.system.variable()
            return {self.terms[client]: 1.0}
        out: dict[int, float] = {}
        for term in terms:
            var = self.term(term)
            if var is not None:
                out[var] = out.get(var, 0) + 1.0
        return out

    # ------------------------------------------------------------------ rows

    def _row(self, expression: dict[int, float], low: float, high: float, candidate_key=None) -> None:
        if candidate_key is not None:
            self.candidate_rows[candidate_key] = self.system.row(expression, low, high)
        elif expression:
            self.system.row(expression, low, high)
        elif not low <= 0 <= high:
            raise Infeasible("a published count contradicts another release")

    def _view_rows(self, tag: str, view: View) -> None:
        is_candidate = tag == self.candidate
        universe = self._universe[tag]
        if is_candidate:
            universe = {**{k: (-INF, INF) for k in self._candidate_universe(view)}, **universe}
        for key, (low, high) in universe.items():
            self._row(self.expression(tag, key), low, high, key if is_candidate else None)
        if "mention_sums" in self.relations:
            given_away = share_sums(view)
            sums = view.known_sums if is_candidate else given_away
            keys = self._universe_keys(tag, view)
            for name, column in sorted(sums):
                members = [k for k in keys if k[0] == name and k[2] == column]
                row = _sum(self.expression(tag, k) for k in members)
                if is_candidate:
                    self._row(row, *_sum_bounds(view, given_away, name, column), ("~sum", name, column))
                else:
                    self._row(row, sums[(name, column)], sums[(name, column)])
        if "partitions" in self.relations:
            self._client_partitions(tag, view)

    def _candidate_universe(self, view: View) -> set[CellKey]:
        keys = set()
        for name, columns in _candidate_tables(view):
            for code in _codes(name, view):
                keys.update((name, code, c) for c in columns)
        return keys

    def _universe_keys(self, tag: str, view: View) -> set[CellKey]:
        keys = set(self._universe[tag])
        if tag == self.candidate:
            keys |= self._candidate_universe(view)
        return keys

    def _client_partitions(self, tag: str, view: View) -> None:
        clients = self.expression(tag, CLIENTS_KEY)
        for table in ("gender", "age_group"):
            members = [(table, code, "clients") for code in vocabulary().codes(table)]
            self._row(_sum([*(self.expression(tag, k) for k in members), _scaled(clients, -1)]), 0, 0)
        groups = [self.expression(tag, ("key_group", code, "clients")) for code in vocabulary().codes("key_group")]
        for group in groups:
            self._row(_sum([group, _scaled(clients, -1)]), -INF, 0)
        self._row(_sum([*groups, _scaled(clients, -1)]), 0, INF)
        self._row(_sum([clients, _scaled(self.expression(tag, CASES_KEY), -1)]), -INF, 0)

    def _atom_keys(self, atom: Atom) -> list[tuple]:
        """Every count an atom holds, whether or not a release prints it."""
        vocab = vocabulary()
        keys: list[tuple] = [("cases",), ("qualified",)]
        keys += [("profile", g) for g in vocab.codes("key_group")]
        keys += [("bd", g, p) for g in vocab.codes("key_group") for p in vocab.codes("perpetrator")]
        keys += [(name, code) for name in CASE_TABLES for code in vocab.codes(name)]
        keys += [("service", s, c) for s in vocab.codes("service") for c in SERVICE_COLUMNS]
        keys += [("trend", piece) for piece in _months(atom)]
        if "places" in self.relations:
            if "regions" in self.relations:
                keys += [("region", atom[0], name) for name in self.regions(atom[0])]
        else:
            keys += [("country", c) for c in vocab.codes("country")]
        return keys

    def _atom_rows(self) -> None:
        """Within each atom: partitions of its cases, mentions at most its cases, the two-way table."""
        vocab = vocabulary()
        for atom in self.covered():
            if atom in self._dead:
                continue
            keys = {key: var for key in self._atom_keys(atom) if (var := self.term((atom, key))) is not None}
            cases = keys.get(("cases",))
            case_expr = {cases: 1.0} if cases is not None else {}

            def parts(prefix: tuple, atom_keys=keys) -> dict[int, float]:
                return {v: 1.0 for k, v in atom_keys.items() if k[:len(prefix)] == prefix}

            if "partitions" in self.relations:
                partitions = [parts(("profile",)), *(parts((name,)) for name in PARTITIONS), parts(("trend",))]
                if "places" in self.relations and "regions" in self.relations:
                    partitions.append(parts(("region",)))
                if "places" not in self.relations:
                    partitions.append(parts(("country",)))
                for members in partitions:
                    self._row(_sum([members, _scaled(case_expr, -1)]), 0, 0)
                for key, var in keys.items():
                    if key[0] in ("qualified", *MENTION_TABLES, "service"):
                        self._row(_sum([{var: 1.0}, _scaled(case_expr, -1)]), -INF, 0)
            if "two_way" in self.relations:
                for perpetrator in vocab.codes("perpetrator"):
                    cells = {v: 1.0 for k, v in keys.items() if k[0] == "bd" and k[2] == perpetrator}
                    total = keys.get(("perpetrator", perpetrator))
                    self._row(_sum([cells, {total: -1.0} if total is not None else {}]), 0, 0)
                for key, var in keys.items():
                    if key[0] == "bd":
                        profile = keys.get(("profile", key[1]))
                        self._row(_sum([{var: 1.0}, {profile: -1.0} if profile is not None else {}]), -INF, 0)

    def _client_links(self) -> None:
        """A release's clients are at least a contained release's, at most the sum over releases tiling it."""
        atoms = {tag: frozenset(self.atoms(view)) for tag, view in self.views.items()}
        keys = [CLIENTS_KEY, *(("key_group", c, "clients") for c in vocabulary().codes("key_group"))]
        every = keys + [(t, c, "clients") for t in ("gender", "age_group") for c in vocabulary().codes(t)]
        for big, big_atoms in atoms.items():
            inside = [tag for tag, a in atoms.items() if tag != big and a < big_atoms]
            for small in inside:
                for key in keys:
                    self._row(_sum([self.expression(big, key), _scaled(self.expression(small, key), -1)]), 0, INF)
            for tiling in _tilings(big_atoms, {tag: atoms[tag] for tag in inside}):
                for key in every:
                    parts = [_scaled(self.expression(tag, key), -1) for tag in tiling]
                    self._row(_sum([self.expression(big, key), *parts]), -INF, 0)

    # ------------------------------------------------------------------ the candidate

    def show(self, view: View) -> list[tuple[int, float, float]]:
        """New bounds of the candidate's rows for a changed protection: (row, low, high) of those that change."""
        self.views[view.tag] = view
        bounds = cell_bounds(view, self.relations)
        given_away = share_sums(view)
        changes = []
        for key, row in self.candidate_rows.items():
            low, high = (_sum_bounds(view, given_away, *key[1:]) if key[0] == "~sum"
                         else bounds.get(key, (-INF, INF)))
            if (self.system.row_low[row], self.system.row_high[row]) != (low, high):
                changes.append((row, low, high))
        return changes


def _sum_bounds(view: View, given_away: dict, name: str, column: str) -> Bounds:
    """The candidate's sum of a table is known to the attacker while the table prints shares of it
    (`given_away`: the view's share_sums)."""
    total = view.known_sums.get((name, column))
    return (total, total) if total is not None and (name, column) in given_away else (-INF, INF)


def _candidate_tables(view: View) -> list[tuple[str, tuple[str, ...]]]:
    """Every table the candidate could print (breakdowns of every profile), with its columns."""
    names = [name for name in view.tables if name not in (TOTALS,)]
    names += [f"{BREAKDOWN_PREFIX}{code}" for code in vocabulary().codes("key_group")]
    return [(name, _columns(name)) for name in names]


def _columns(name: str) -> tuple[str, ...]:
    if name == "service":
        return SERVICE_COLUMNS
    return ("clients",) if name in CLIENT_TABLES else ("cases",)


def _codes(name: str, view: View) -> list[str]:
    if name == "region":
        return [row["code"] for row in view.tables["region"]["rows"]] + [f"{c}|*" for c in _countries(view)]
    if name == "trend":
        return [row["code"] for row in view.tables["trend"]["rows"]]
    if name == "country":
        return list(_countries(view))
    dimension = "perpetrator" if name.startswith(BREAKDOWN_PREFIX) else DIMENSION[name]
    return list(vocabulary().codes(dimension))


def _sum(expressions: Iterable[dict[int, float]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for expression in expressions:
        for var, coefficient in expression.items():
            out[var] = out.get(var, 0) + coefficient
    return {v: c for v, c in out.items() if c}


def _scaled(expression: dict[int, float], factor: float) -> dict[int, float]:
    return {v: c * factor for v, c in expression.items()}


def _months(atom: Atom) -> list[tuple[date, date]]:
    """The atom's days cut at month boundaries: the pieces a month or quarter of a trend adds up."""
    _place, first, last = atom
    out, day = [], first
    while day <= last:
        month_end = date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)
        out.append((day, min(month_end, last)))
        day = min(month_end, last) + timedelta(days=1)
    return out


def _bucket_range(label: str) -> tuple[date, date]:
    from dashboard.periods import period_range

    return period_range(label)


def _tilings(whole: frozenset, parts: dict[str, frozenset], limit: int = 20) -> list[list[str]]:
    """Sets of views whose atoms partition `whole` exactly (an exact cover, found depth first)."""
    found: list[list[str]] = []

    def cover(left: frozenset, chosen: list[str], names: list[str]) -> None:
        if len(found) >= limit:
            return
        if not left:
            if len(chosen) > 1:
                found.append(list(chosen))
            return
        first = min(left)
        for name in names:
            if first in parts[name] and parts[name] <= left:
                cover(left - parts[name], [*chosen, name], names)

    cover(whole, [], sorted(parts))
    return found
