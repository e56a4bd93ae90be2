"""Turning untrusted input into a valid, immutable, hashable filter value, and back.

Query strings, control values, API parameters and command-line flags all come through
`parse_filters`. It checks every value against the vocabularies (codes or any label form) and
the period grammar, and against the regions and organizations present in the data when those
are known. The resulting `Filters` keys the cache, binds the SQL parameters, renders back into a
canonical query string (same names as the summary command's flags) and describes itself in a
sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qs, urlencode

from dashboard import periods
from dashboard.catalogue import FILTERS
from dashboard.link_problems import N_, LinkProblem
from dashboard.vocab import match_key, normalize_text, vocabulary

# Filter name -> vocabulary dimension for the coded filters, in canonical order (catalogue.py).
CODED_FILTERS = {spec.name: spec.dimension for spec in FILTERS if spec.dimension is not None}
TEXT_FILTERS = tuple(spec.name for spec in FILTERS if spec.dimension is None)
LIST_FILTERS = tuple(CODED_FILTERS) + TEXT_FILTERS

# Bounds used when no period is chosen: every registered_on lies between them.
EARLIEST = date(1900, 1, 1)
LATEST = date(9999, 12, 31)

_TRUE = {"1", "true", "yes", "on", "да"}
_FALSE = {"0", "false", "no", "off", "нет", ""}


class FilterError(ValueError):
    """One or more filter values were refused; `problems` says each one in a sentence."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Filters:
    """A validated scope. Tuples are sorted and free of repeats, so equal scopes hash equal."""

    country: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    key_group: tuple[str, ...] = ()
    primary_key_group: tuple[str, ...] = ()
    perpetrator: tuple[str, ...] = ()
    violation: tuple[str, ...] = ()
    reaction_status: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    organization: tuple[str, ...] = ()
    gender: tuple[str, ...] = ()
    age_group: tuple[str, ...] = ()
    intake_channel: tuple[str, ...] = ()
    qualified_only: bool = False

    @property
    def period(self) -> str | None:
        """The period string naming the date range, when it is exactly one."""
        if self.start is None or self.end is None:
            return None
        return periods.name_of_range(self.start, self.end)

    def with_values(self, **changes) -> Filters:
        """A copy with some filters replaced; list values are canonicalized again."""
        for name, value in changes.items():
            if name in LIST_FILTERS:
                changes[name] = tuple(sorted(set(value)))
        return replace(self, **changes)

    def with_range(self, start: date | None, end: date | None) -> Filters:
        return replace(self, start=start, end=end)

    def sql_params(self) -> dict[str, object]:
        """Named parameters for the scope of every query file."""
        params: dict[str, object] = {name: list(getattr(self, name)) for name in LIST_FILTERS}
        params["start"] = self.start or EARLIEST
        params["end"] = self.end or LATEST
        params["qualified_only"] = self.qualified_only
        return params

    def as_dict(self) -> dict[str, object]:
        """The JSON form used in the summary document (all keys, stable order)."""
        out: dict[str, object] = {"country": list(self.country)}
        out["start"] = self.start.isoformat() if self.start else None
        out["end"] = self.end.isoformat() if self.end else None
        for name in LIST_FILTERS:
            if name != "country":
                out[name] = list(getattr(self, name))
        out["qualified_only"] = self.qualified_only
        return out

    def query_pairs(self) -> list[tuple[str, str]]:
        """Canonical (name, value) pairs: period when the range is one, else start/end."""
        pairs: list[tuple[str, str]] = [("country", c) for c in self.country]
        if self.period:
            pairs.append(("period", self.period))
        else:
            if self.start:
                pairs.append(("start", self.start.isoformat()))
            if self.end:
                pairs.append(("end", self.end.isoformat()))
        for name in LIST_FILTERS:
            if name != "country":
                pairs.extend((name, value) for value in getattr(self, name))
        if self.qualified_only:
            pairs.append(("qualified_only", "1"))
        return pairs

    def query_string(self) -> str:
        """`?country=TJ&period=2023H1…`, or the empty string for no filters."""
        pairs = self.query_pairs()
        return "?" + urlencode(pairs) if pairs else ""


def _values(raw: object) -> list[str]:
    """Flatten one parameter: a string, a list of strings, or None."""
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, bool):
        return ["1" if raw else "0"]
    if isinstance(raw, Iterable):
        return [str(v) for v in raw if v is not None]
    return [str(raw)]


def _split_codes(values: list[str]) -> list[str]:
    # Codes never contain commas, so "TJ,UZ" is accepted for convenience in URLs.
    return [part for value in values for part in value.split(",") if part.strip()]


def parse_filters(
    params: Mapping[str, object],
    *,
    regions: Iterable[str] | None = None,
    organizations: Iterable[str] | None = None,
    strict: bool = True,
) -> tuple[Filters, list[str]]:
    """Validate raw parameters into Filters.

    Unknown parameter names are ignored (a URL may carry other state such as `lang`).
    With strict=True any bad value raises FilterError listing every problem; otherwise the bad
    values are dropped and the problems returned, so a page can show a notice and fall back.
    """
    vocab = vocabulary()
    problems: list[str] = []
    values: dict[str, object] = {}

    for name, dimension in CODED_FILTERS.items():
        codes = set()
        for item in _split_codes(_values(params.get(name))):
            code = vocab.match(dimension, item)
            if code is None:
                problems.append(LinkProblem(N_("%(name)s: %(value)s is not a known %(kind)s"), name=name,
                                        value=repr(item.strip()), kind=dimension.replace("_", " ")))
            else:
                codes.add(code)
        values[name] = tuple(sorted(codes))

    known = {"region": regions, "organization": organizations}
    for name in TEXT_FILTERS:
        items = _values(params.get(name))
        # Built only when the filter is used: every request parses filters, few choose places.
        allowed = {match_key(v): v for v in known[name]} if known[name] is not None and items else None
        chosen = set()
        for item in items:
            text = normalize_text(item)
            if not text:
                continue
            if allowed is None:
                chosen.add(text)
            elif match_key(text) in allowed:
                chosen.add(allowed[match_key(text)])
            else:
                problems.append(LinkProblem(N_("%(name)s: %(value)s does not occur in the data"), name=name,
                                        value=repr(text)))
        values[name] = tuple(sorted(chosen))

    start, end = _parse_range(params, problems)
    values["start"], values["end"] = start, end

    flag = _values(params.get("qualified_only"))
    qualified = False
    if flag:
        text = flag[-1].strip().casefold()
        if text in _TRUE:
            qualified = True
        elif text not in _FALSE:
            problems.append(LinkProblem(N_("qualified_only: %(value)s is not yes or no"), value=repr(flag[-1])))
    values["qualified_only"] = qualified

    if problems and strict:
        raise FilterError(problems)
    return Filters(**values), problems


def _parse_range(params: Mapping[str, object], problems: list[str]) -> tuple[date | None, date | None]:
    period = [v for v in _values(params.get("period")) if v.strip()]
    start_raw = [v for v in _values(params.get("start")) if v.strip()]
    end_raw = [v for v in _values(params.get("end")) if v.strip()]
    if period and (start_raw or end_raw):
        problems.append(LinkProblem(N_("period: give either a period or start/end dates, not both")))
        return None, None
    try:
        if period:
            if len(set(p.strip().upper() for p in period)) > 1:
                problems.append(LinkProblem(N_("period: only one period can be chosen")))
                return None, None
            return periods.period_range(period[0])
        start = periods.parse_iso_date(start_raw[-1], "start") if start_raw else None
        end = periods.parse_iso_date(end_raw[-1], "end") if end_raw else None
    except periods.PeriodError as error:
        problems.append(error.args[0] if isinstance(error.args[0], LinkProblem) else str(error))
        return None, None
    if start and end and start > end:
        problems.append(LinkProblem(N_("start %(start)s is after end %(end)s"), start=start.isoformat(),
                                end=end.isoformat()))
        return None, None
    return start, end


def filters_from_query_string(query: str, **known) -> tuple[Filters, list[str]]:
    """Lenient parse of a URL query string (with or without the leading '?')."""
    parsed = parse_qs(query.lstrip("?"), keep_blank_values=False)
    return parse_filters(parsed, strict=False, **known)

