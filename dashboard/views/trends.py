"""Trends: cases per month, quarter, half year or year, split by any one dimension, with dated
events marked, and the selected period against the previous one and the same period a year before.

The comparison is computed here as rows; the page lays them out as a table."""

from __future__ import annotations

from datetime import date

from dashboard import catalogue, charts, i18n, measures
from dashboard.cache import cached
from dashboard.describe import describe_range
from dashboard.i18n import N_, _
from dashboard.periods import previous_range, year_before_range
from dashboard.views import View
from dashboard.views.common import change_text

EVENTS = (  # (date, label, countries it concerns; empty = everywhere)
    (date(2020, 3, 1), N_("COVID-19 restrictions"), ()),
    (date(2021, 10, 1), N_("Hotline opens (TJ, UZ)"), ("TJ", "UZ")),
    (date(2022, 2, 24), N_("Full-scale war in Ukraine"), ("UA",)),
)
GRAIN_LABELS = {"month": N_("Month"), "quarter": N_("Quarter"), "half": N_("Half year"), "year": N_("Year")}
CHART_TITLES = {"month": N_("Cases per month"), "quarter": N_("Cases per quarter"),
                "half": N_("Cases per half year"), "year": N_("Cases per year")}
SPLIT_LABELS = {"": N_("No split"), **{spec.name: spec.label for spec in catalogue.FILTERS}}
MAX_SERIES = 8  # more lines than this cannot be told apart; the rest are summed as "Other values"


def _events(scope) -> list[tuple[str, str]]:
    countries = set(scope.filters.country)
    return [(day.isoformat(), _(label)) for day, label, where in EVENTS
            if (not where or not countries or countries & set(where))
            and (scope.filters.start is None or scope.filters.start <= day)
            and (scope.filters.end is None or day <= scope.filters.end)]


def _series(scope, grain: str, split: str) -> list:
    if not split:
        trend = cached(measures.trend, scope.snapshot, scope.filters, grain)
        return [(_("Cases"), [b["start"] for b in trend], [b["cases"] for b in trend])]
    rows = cached(measures.trend_split, scope.snapshot, scope.filters, grain, split, lang=scope.lang)
    totals: dict[str, int] = {}
    for row in rows:
        totals[row["label"]] = totals.get(row["label"], 0) + row["cases"]
    top = sorted(totals, key=lambda k: (-totals[k], k))[:MAX_SERIES]
    series: dict[str, dict[str, int]] = {}
    for row in rows:
        name = row["label"] if row["label"] in top else _("Other values")
        series.setdefault(name, {})
        series[name][row["start"]] = series[name].get(row["start"], 0) + row["cases"]
    return [(name, list(points), list(points.values())) for name, points in series.items()]


def comparison(scope) -> list[dict] | None:
    """The selected period, the previous one and the same one a year before; None without a period."""
    filters = scope.filters
    if not (filters.start and filters.end):
        return None
    ranges = [(_("Selected period"), None, (filters.start, filters.end)),
              (_("Previous period"), _("the previous period"), previous_range(filters.start, filters.end)),
              (_("Same period a year before"), _("the same period a year before"),
               year_before_range(filters.start, filters.end))]
    base = cached(measures.totals, scope.snapshot, filters)
    rows = []
    for name, against, (start, end) in ranges:
        totals = cached(measures.totals, scope.snapshot, filters.with_range(start, end))
        rows.append({"name": name, "dates": describe_range(start, end, scope.lang),
                     "cases": i18n.number(totals["cases"]), "cases_value": totals["cases"],
                     "clients": i18n.number(totals["clients"]),
                     "change": "" if against is None else change_text(base["cases"], totals["cases"], against)})
    return rows


MONTHS_PER = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def _months(filters) -> int | None:
    """How many calendar months the selected period touches (None: no period chosen)."""
    if not (filters.start and filters.end):
        return None
    return (filters.end.year - filters.start.year) * 12 + filters.end.month - filters.start.month + 1


def fitting_grain(scope) -> str:
    """The chosen time step, or a finer one when the period holds fewer than three of its steps
    (a single quarter by quarter is one dot; by month it is a line of three)."""
    grain, months = scope.setting("grain"), _months(scope.filters)
    if months is None:
        return grain
    for finer in ("year", "half", "quarter", "month"):
        if MONTHS_PER[finer] <= MONTHS_PER[grain] and months / MONTHS_PER[finer] >= 3:
            return finer
    return "month"


def _comparison_figure(rows: list[dict], cases: int) -> dict:
    """One month alone: its cases beside the previous period's and the same month a year before."""
    bars = [{"code": f"period-{i}", "label": f"{r['name']} ({r['dates']})", "cases": r["cases_value"]}
            for i, r in enumerate(rows)]
    return charts.bar(bars, count="cases", title=_("Cases in the selected period and before"),
                      subtitle=i18n.n_text(cases, "cases"))


def compute(scope) -> dict:
    split = scope.setting("split")
    grain = fitting_grain(scope)
    cases = cached(measures.totals, scope.snapshot, scope.filters)["cases"]
    rows = comparison(scope)
    months = _months(scope.filters)
    if months is not None and months < 3 and not split:  # too short for a line: compare instead
        return {"trends-chart": _comparison_figure(rows, cases), "trends-comparison": rows}
    multi_valued = split in catalogue.BY_NAME and catalogue.BY_NAME[split].multi_valued
    unit_note = " · " + _("a case counts under each value it lists") if multi_valued else ""
    title = _(CHART_TITLES[grain])
    if split:
        title = _("%(title)s, by %(dimension)s", title=title, dimension=_(SPLIT_LABELS[split]).lower())
    figure = charts.lines(_series(scope, grain, split), title=title, events=_events(scope),
                          subtitle=i18n.n_text(cases, "cases") + unit_note)
    return {"trends-chart": figure, "trends-comparison": rows}


VIEW = View("trends", "/trends", N_("Trends"), 4, (("trends-chart", "figure"), ("trends-comparison", "children")),
            compute)
