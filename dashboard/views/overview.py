"""Overview: the three headline numbers with their change, cases over time, key groups, countries."""

from __future__ import annotations

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.i18n import N_, _
from dashboard.periods import previous_range
from dashboard.views import View
from dashboard.views.common import change_text


def _grain_for(filters) -> str:
    if filters.start and filters.end and (filters.end - filters.start).days <= 400:
        return "month"
    return "quarter"


def compute(scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    people = cached(measures.people, snapshot, filters, lang=lang)
    totals = people["totals"]
    changes = ["", "", ""]
    if filters.start and filters.end:
        previous = cached(measures.totals, snapshot, filters.with_range(*previous_range(filters.start, filters.end)))
        changes = [change_text(totals[k], previous[k], _("previous period"))
                   for k in ("cases", "clients", "qualified_cases")]
    grain = _grain_for(filters)
    trend = cached(measures.trend, snapshot, filters, grain)
    title = _("Cases and clients per month") if grain == "month" else _("Cases and clients per quarter")
    trend_figure = charts.lines(
        [(_("Cases"), [b["start"] for b in trend], [b["cases"] for b in trend]),
         (_("Clients"), [b["start"] for b in trend], [b["clients"] for b in trend])],
        title=title, subtitle=i18n.n_text(totals["cases"], "cases"),
    )
    # Copies with a share for the hover; cached rows are never changed in place.
    groups = [dict(r, share=r["clients"] / totals["clients"]) for r in people["key_group"]]
    countries = [dict(r, share=r["cases"] / totals["cases"])
                 for r in cached(measures.per_case, snapshot, filters, "country", totals["cases"], lang=lang)]
    return {
        "kpi-cases": i18n.number(totals["cases"]), "kpi-cases-change": changes[0],
        "kpi-clients": i18n.number(totals["clients"]), "kpi-clients-change": changes[1],
        "kpi-qualified": i18n.number(totals["qualified_cases"]), "kpi-qualified-change": changes[2],
        "overview-trend": trend_figure,
        "chart-key-groups": charts.bar(groups, count="clients", unit="clients", share="share",
                                       share_label=_("of clients"),
                                       title=_("Clients by key group (multiple membership)"),
                                       subtitle=i18n.n_text(totals["clients"], "clients")),
        "overview-countries": charts.bar(countries, count="cases", title=_("Cases by country"), share="share",
                                         share_label=_("of cases"), subtitle=i18n.n_text(totals["cases"], "cases")),
    }


VIEW = View("overview", "/", N_("Overview"), 0, (
    ("kpi-cases", "children"), ("kpi-cases-change", "children"),
    ("kpi-clients", "children"), ("kpi-clients-change", "children"),
    ("kpi-qualified", "children"), ("kpi-qualified-change", "children"),
    ("overview-trend", "figure"), ("chart-key-groups", "figure"), ("overview-countries", "figure"),
), compute)
