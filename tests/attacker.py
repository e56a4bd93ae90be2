"""An attacker who holds every public release file and solves an integer program over them.

Written for the tests, apart from dashboard.releases: it reads only the published JSON (what
anyone can download), builds its own model with SciPy (`scipy.optimize.milp` / `linprog`, a
different code path from the release code's highspy model), and reports every count it can
pin down or squeeze into fewer than 3 values between 1 and threshold−1.

Its model, from privacy.md and statistics.md, not from the release code:

- time is cut into months and at every release's first and last day; places are countries; the
  unknowns are the case counts of each (country, slice, category): cases, qualified cases, each
  primary group, each perpetrator within each primary group, each perpetrator, violation, status,
  decline reason, service column, intake channel, and region;
- a release's printed case count is the sum of its slices; `<t` is 1..t−1, `≥t` is ≥ t; a
  category missing from a printed table is 0; "Other regions" is the sum of the regions the
  release does not name; a share of mentions gives its table's sum;
- in each slice: groups, statuses, channels and regions add up to the cases; a perpetrator's
  cases are the sum over the primary groups; qualified, mentions and services are at most cases;
- clients: genders and age groups add up to a release's clients, key groups are at most clients.

What it reports: hidden cells pinned (or `<t` cells with fewer than 3 values), and counts of a
(country, stretch between release boundaries) that no release prints whole but that end up
between 1 and t−1 with fewer than 3 values.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csr_matrix, vstack

BIG = 10**7


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _period(label: str) -> tuple[date, date]:
    if "-" in label and "Q" not in label:
        year, month = map(int, label.split("-"))
        first = date(year, month, 1)
        return first, _next_month(first) - timedelta(days=1)
    year, quarter = int(label[:4]), int(label[5])
    first = date(year, 3 * quarter - 2, 1)
    return first, _next_month(_next_month(_next_month(first))) - timedelta(days=1)


class Attacker:
    def __init__(self, documents: list[dict], codes: dict[str, list[str]]):
        self.documents = documents
        self.codes = _present(documents, codes)
        self.index: dict[tuple, int] = {}
        self.rows: list[tuple[dict[int, float], float, float]] = []
        self.hidden: list[tuple[str, tuple, dict[int, float], int, bool]] = []  # release, cell, expr, t, primary
        self._build()

    # ---------------------------------------------------------------- unknowns
    def var(self, name: tuple) -> int:
        if name not in self.index:
            self.index[name] = len(self.index)
        return self.index[name]

    def _slices(self):
        cuts = set()
        for d in self.documents:
            start, end = date.fromisoformat(d["scope"]["start"]), date.fromisoformat(d["scope"]["end"])
            cuts.update((start, end + timedelta(days=1)))
            day = date(start.year, start.month, 1)
            while day <= end:
                cuts.add(day)
                day = _next_month(day)
        cuts = sorted(cuts)
        return [(a, b - timedelta(days=1)) for a, b in zip(cuts, cuts[1:])]

    def _places(self, document) -> list[str]:
        return document["scope"]["countries"] or self.codes["country"]

    def _in(self, document):
        start, end = date.fromisoformat(document["scope"]["start"]), date.fromisoformat(document["scope"]["end"])
        return [s for s in self.slices if start <= s[0] and s[1] <= end]

    def _sum(self, document, category, places=None, slices=None) -> dict[int, float]:
        out: dict[int, float] = {}
        for place in places or self._places(document):
            for piece in slices or self._in(document):
                v = self.var((place, piece, category))
                out[v] = out.get(v, 0) + 1
        return out

    # ---------------------------------------------------------------- the model
    def _build(self) -> None:
        self.slices = self._slices()
        regions: dict[str, set] = {}
        for d in self.documents:
            for row in d["tables"]["region"]["rows"]:
                country, name = row["code"].split("|", 1)
                if name != "*":
                    regions.setdefault(country, set()).add(name)
        self.regions = {c: sorted(n) + ["?"] for c, n in regions.items()}
        for number, d in enumerate(self.documents):
            self._release(number, d)
        places = sorted({p for d in self.documents for p in self._places(d)})
        for place in places:
            for piece in self.slices:
                self._slice(place, piece)

    def _cell(self, tag, key, expr, cell, t):
        if not cell["suppressed"]:
            self.rows.append((expr, cell["value"], cell["value"]))
        elif cell["hidden_as"].startswith("<"):
            self.rows.append((expr, 1, t - 1))
            self.hidden.append((tag, key, expr, t, True))
        else:
            self.rows.append((expr, t, BIG))
            self.hidden.append((tag, key, expr, t, False))

    def _release(self, number, d) -> None:
        tag, t, tables = d["release_id"], d["threshold"], d["tables"]
        client = {}

        def client_var(key):
            return {self.var(("client", number, key)): 1}

        simple = {"perpetrator": "perp", "violation": "viol", "reaction_status": "stat", "decline_reason": "decl",
                  "intake_channel": "chan"}
        dims = {"perp": "perpetrator", "viol": "violation", "stat": "reaction_status", "decl": "decline_reason",
                "chan": "intake_channel"}
        for row in tables["totals"]["rows"]:
            cell = row["cells"]["count"]
            if row["code"] == "clients":
                client["clients"] = client_var("clients")
                self._cell(tag, ("totals", "clients"), client["clients"], cell, t)
            else:
                self._cell(tag, ("totals", row["code"]), self._sum(d, "cases" if row["code"] == "cases" else "qual"),
                           cell, t)
        for name, short in simple.items():
            table = tables[name]
            if table["withheld"]:
                continue
            listed = set()
            for row in table["rows"]:
                listed.add(row["code"])
                self._cell(tag, (name, row["code"]), self._sum(d, (short, row["code"])), row["cells"]["cases"], t)
            for code in self.codes[dims[short]]:
                if code not in listed:
                    self.rows.append((self._sum(d, (short, code)), 0, 0))
            self._mention_sum(table, [self._sum(d, (short, r["code"])) for r in table["rows"]])
        profiles = tables["key_group_profile"]
        if not profiles["withheld"]:
            listed = set()
            for row in profiles["rows"]:
                g = row["code"]
                listed.add(g)
                self._cell(tag, ("profile", g), self._sum(d, ("prof", g)), row["cells"]["cases"], t)
                breakdown = row.get("breakdown")
                if breakdown and not breakdown["withheld"]:
                    named = set()
                    for b in breakdown["rows"]:
                        named.add(b["code"])
                        self._cell(tag, ("profile", g, b["code"]), self._sum(d, ("bd", g, b["code"])),
                                   b["cells"]["cases"], t)
                    for p in self.codes["perpetrator"]:
                        if p not in named:
                            self.rows.append((self._sum(d, ("bd", g, p)), 0, 0))
                    self._mention_sum(breakdown, [self._sum(d, ("bd", g, b["code"])) for b in breakdown["rows"]])
            for g in self.codes["key_group"]:
                if g not in listed:
                    self.rows.append((self._sum(d, ("prof", g)), 0, 0))
        services = tables["service"]
        if not services["withheld"]:
            listed = set()
            for row in services["rows"]:
                listed.add(row["code"])
                for column, cell in row["cells"].items():
                    self._cell(tag, ("service", row["code"], column), self._sum(d, ("svc", row["code"], column)),
                               cell, t)
            for code in self.codes["service"]:
                if code not in listed:
                    for column in ("provided", "referred", "unavailable"):
                        self.rows.append((self._sum(d, ("svc", code, column)), 0, 0))
        if not tables["region"]["withheld"]:
            for place in self._places(d):
                mine = [r for r in tables["region"]["rows"] if r["code"].startswith(place + "|")]
                named = {r["code"].split("|", 1)[1] for r in mine}
                other = next((r for r in mine if r["code"] == f"{place}|*"), None)
                for r in mine:
                    if r is not other:
                        region = r["code"].split("|", 1)[1]
                        self._cell(tag, ("region", r["code"]), self._sum(d, ("reg", region), [place]),
                                   r["cells"]["cases"], t)
                rest = {}
                for name in self.regions.get(place, ["?"]):
                    if name not in named:
                        for v, c in self._sum(d, ("reg", name), [place]).items():
                            rest[v] = rest.get(v, 0) + c
                if other is not None:
                    self._cell(tag, ("region", f"{place}|*"), rest, other["cells"]["cases"], t)
                elif rest:
                    self.rows.append((rest, 0, 0))
        if "country" in tables and not tables["country"]["withheld"]:
            listed = set()
            for row in tables["country"]["rows"]:
                listed.add(row["code"])
                self._cell(tag, ("country", row["code"]), self._sum(d, "cases", [row["code"]]),
                           row["cells"]["cases"], t)
            for place in self._places(d):
                if place not in listed:
                    self.rows.append((self._sum(d, "cases", [place]), 0, 0))
        if not tables["trend"]["withheld"]:
            for row in tables["trend"]["rows"]:
                first, last = _period(row["code"])
                pieces = [s for s in self._in(d) if first <= s[0] and s[1] <= last]
                self._cell(tag, ("trend", row["code"]), self._sum(d, "cases", slices=pieces),
                           row["cells"]["cases"], t)
        for table in ("gender", "age_group", "key_group"):
            if tables[table]["withheld"]:
                continue
            listed = {}
            for row in tables[table]["rows"]:
                listed[row["code"]] = client_var((table, row["code"]))
                self._cell(tag, (table, row["code"]), listed[row["code"]], row["cells"]["clients"], t)
            if table != "key_group":
                total = dict(client_var("clients"))
                expr = {v: 1 for e in listed.values() for v in e}
                for v in total:
                    expr[v] = expr.get(v, 0) - 1
                self.rows.append((expr, 0, 0))
        self.rows.append(({**client_var("clients"), **{v: -1 for v in self._sum(d, "cases")}}, -BIG, 0))

    def _mention_sum(self, table, expressions) -> None:
        if (table.get("share_of") or {}).get("en") != "of mentions":
            return
        for row in table["rows"]:
            cell = next(iter(row["cells"].values()))
            if cell["share"] and not cell["suppressed"]:
                total = round(cell["value"] / cell["share"])
                expr: dict[int, float] = {}
                for e in expressions:
                    for v, c in e.items():
                        expr[v] = expr.get(v, 0) + c
                self.rows.append((expr, total, total))
                return

    def _slice(self, place, piece) -> None:
        def v(category):
            return self.var((place, piece, category))

        cases = v("cases")
        groups = {c: v(("prof", c)) for c in self.codes["key_group"]}
        for parts in (list(groups.values()), [v(("stat", c)) for c in self.codes["reaction_status"]],
                      [v(("chan", c)) for c in self.codes["intake_channel"]],
                      [v(("reg", name)) for name in self.regions.get(place, ["?"])]):
            self.rows.append(({**{p: 1 for p in parts}, cases: -1}, 0, 0))
        for p in self.codes["perpetrator"]:
            cells = {v(("bd", g, p)): 1 for g in self.codes["key_group"]}
            self.rows.append(({**cells, v(("perp", p)): -1}, 0, 0))
            for g in self.codes["key_group"]:
                self.rows.append(({v(("bd", g, p)): 1, groups[g]: -1}, -BIG, 0))
        mentions = [v("qual")] + [v((s, c)) for s, dim in (("perp", "perpetrator"), ("viol", "violation"),
                                                           ("decl", "decline_reason")) for c in self.codes[dim]]
        mentions += [v(("svc", c, col)) for c in self.codes["service"]
                     for col in ("provided", "referred", "unavailable")]
        for m in mentions:
            self.rows.append(({m: 1, cases: -1}, -BIG, 0))

    # ---------------------------------------------------------------- solving
    def _matrix(self):
        data, rows, cols, low, high = [], [], [], [], []
        for i, (expr, lo, hi) in enumerate(self.rows):
            for var, c in expr.items():
                rows.append(i)
                cols.append(var)
                data.append(c)
            low.append(lo)
            high.append(hi)
        n = len(self.index)
        return csr_matrix((data, (rows, cols)), shape=(len(self.rows), n)), np.array(low, float), np.array(high, float)

    def extreme(self, expr: dict[int, float], sign: int) -> float:
        """min (sign 1) or -max (sign -1) of expr over the integers; every solution found is kept."""
        a, low, high = self._a, self._low, self._high
        c = np.zeros(a.shape[1])
        for var, coefficient in expr.items():
            c[var] = sign * coefficient
        result = linprog(c, bounds=(0, None), method="highs", **self._lp_constraints)
        if not (result.status == 0 and np.allclose(result.x, np.round(result.x), atol=1e-7)):
            result = milp(c, constraints=LinearConstraint(a, low, high), integrality=np.ones(a.shape[1]),
                          bounds=Bounds(0, np.inf))
        assert result.status == 0, result.message
        self.solutions.append(np.round(result.x))
        return float(round(result.fun))

    def _seen(self, expr: dict[int, float]) -> tuple[float, float]:
        """The smallest and largest value of expr among the solutions found so far."""
        variables = np.fromiter(expr, int)
        coefficients = np.fromiter(expr.values(), float)
        values = np.array(self.solutions)[:, variables] @ coefficients
        return float(values.min()), float(values.max())

    def findings(self, check_slices: bool = True) -> list[str]:
        """Every count this attacker can pin down, as sentences; empty when the releases hold."""
        self._a, self._low, self._high = self._matrix()
        self._lp_constraints = _as_inequalities(self._a, self._low, self._high)
        self.solutions: list[np.ndarray] = []
        self.extreme({}, 1)
        found = []
        for tag, key, expr, _threshold, primary in self.hidden:
            seen = self._seen(expr)
            if seen[1] - seen[0] >= (2 if primary else 1):
                continue
            low, high = self.extreme(expr, 1), -self.extreme(expr, -1)
            if high - low < (2 if primary else 1):
                found.append(f"{tag} {key} is {low:.0f}..{high:.0f}")
        if check_slices:
            found += self._stretches()
        return found

    def _stretches(self) -> list[str]:
        """Counts of a stretch between release boundaries that no release prints whole."""
        bounds = sorted({date.fromisoformat(d["scope"][k]) + timedelta(days=1 if k == "end" else 0)
                         for d in self.documents for k in ("start", "end")})
        spans = {(a, b - timedelta(days=1)) for a, b in zip(bounds, bounds[1:])}
        printed = {(d["scope"]["start"], d["scope"]["end"]) for d in self.documents}
        t = max(d["threshold"] for d in self.documents)
        found = []
        places = sorted({p for d in self.documents for p in self._places(d)})
        categories = sorted({name[2] for name in self.index if len(name) == 3 and name[0] in places}, key=repr)
        for first, last in sorted(spans):
            if (first.isoformat(), last.isoformat()) in printed:
                continue
            pieces = [s for s in self.slices if first <= s[0] and s[1] <= last]
            for place in places:
                for category in categories:
                    expr = {self.index[(place, p, category)]: 1 for p in pieces if (place, p, category) in self.index}
                    if not expr:
                        continue
                    seen = self._seen(expr)
                    if seen[0] <= 0 or seen[1] >= t or seen[1] - seen[0] >= 2:
                        continue
                    low = self.extreme(expr, 1)
                    if low <= 0:
                        continue
                    high = -self.extreme(expr, -1)
                    if high <= t - 1 and high - low < 2:
                        found.append(f"{place} {first}..{last} {category} is {low:.0f}..{high:.0f}")
        return found


def _present(documents: list[dict], codes: dict[str, list[str]]) -> dict[str, list[str]]:
    """The vocabulary codes (public: the export format lists them) that some release prints. A code no
    release prints is 0 everywhere, unless a table that would hold it is withheld somewhere."""
    seen: dict[str, set] = {dimension: set() for dimension in codes}
    withheld = set()
    tables = {"perpetrator": "perpetrator", "violation": "violation", "reaction_status": "reaction_status",
              "decline_reason": "decline_reason", "intake_channel": "intake_channel", "service": "service",
              "key_group_profile": "key_group", "key_group": "key_group", "gender": "gender", "age_group": "age_group"}
    for d in documents:
        for name, dimension in tables.items():
            table = d["tables"][name]
            withheld.update([dimension] if table["withheld"] else [])
            seen[dimension].update(r["code"] for r in table["rows"])
        for row in d["tables"]["key_group_profile"]["rows"]:
            if row.get("breakdown"):
                seen["perpetrator"].update(r["code"] for r in row["breakdown"]["rows"])
    return {dimension: [c for c in values if c in seen[dimension] or dimension in withheld or dimension == "country"]
            for dimension, values in codes.items()}


def _as_inequalities(a, low, high) -> dict:
    """linprog's form: equalities apart, the rest as A_ub x <= b_ub."""
    equal = low == high
    upper = ~equal & np.isfinite(high) & (high < BIG)
    lower = ~equal & np.isfinite(low) & (low > -BIG)
    a_ub = vstack([a[upper], -a[lower]]).tocsr() if (upper.any() or lower.any()) else None
    b_ub = np.concatenate([high[upper], -low[lower]]) if a_ub is not None else None
    return {"A_eq": a[equal], "b_eq": low[equal], "A_ub": a_ub, "b_ub": b_ub}
