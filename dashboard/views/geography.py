"""Geography: cases by country, and the rows of the region and organization tables."""

from __future__ import annotations

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.i18n import N_, _
from dashboard.views import View
from dashboard.vocab import vocabulary


def _rows(rows: list[dict], cases: int, lang: str) -> list[dict]:
    labels = vocabulary().labels("country", lang)
    return [dict(r, country_label=labels.get(r["country"], r["country"]),
                 share_pct=round(r["cases"] / cases * 100, 1) if cases else None) for r in rows]


def compute(scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    cases = cached(measures.case_count, snapshot, filters)
    countries = [dict(r, share=r["cases"] / cases)
                 for r in cached(measures.per_case, snapshot, filters, "country", cases, lang=lang)]
    n = i18n.n_text(cases, "cases")
    return {
        "geography-countries": charts.bar(countries, count="cases", share="share", share_label=_("of cases"),
                                          title=_("Cases by country"), subtitle=n),
        "geography-regions": _rows(cached(measures.places, snapshot, filters, "region"), cases, lang),
        "geography-regions-n": n,
        "geography-organizations": _rows(cached(measures.places, snapshot, filters, "organization"), cases, lang),
        "geography-organizations-n": n,
    }


VIEW = View("geography", "/geography", N_("Geography"), 5, (
    ("geography-countries", "figure"), ("geography-regions", "children"), ("geography-regions-n", "children"),
    ("geography-organizations", "children"), ("geography-organizations-n", "children"),
), compute)
