"""Violations and perpetrators: what happened, who did it, and which groups met which perpetrators."""

from __future__ import annotations

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.i18n import N_, _
from dashboard.views import View
from dashboard.vocab import vocabulary


def _heatmap(scope, cases: int) -> dict:
    profiles = cached(measures.key_group_profiles, scope.snapshot, scope.filters, lang=scope.lang)
    perpetrators = vocabulary().labels("perpetrator", scope.lang)
    used = [code for code in perpetrators if any(p["code"] == code for pr in profiles for p in pr["perpetrator"])]
    values = [[next((p["cases"] for p in pr["perpetrator"] if p["code"] == code), 0) for code in used]
              for pr in profiles]
    return charts.heatmap([perpetrators[c] for c in used], [pr["label"] for pr in profiles], values,
                          title=_("Cases by primary key group and perpetrator"),
                          subtitle=i18n.n_text(cases, "cases") + " · " + _("cells count perpetrator mentions"))


def _mentions_subtitle(cases: int, rows: list[dict]) -> str:
    return f"{i18n.n_text(cases, 'cases')} · {i18n.count(sum(r['cases'] for r in rows), 'mentions')}"


def compute(scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    cases = cached(measures.case_count, snapshot, filters)
    violations = cached(measures.mentions, snapshot, filters, "violation", cases, lang=lang)
    perpetrators = cached(measures.mentions, snapshot, filters, "perpetrator", cases, lang=lang)
    return {
        "violations-types": charts.bar(violations, count="cases", share="share_of_cases", share_label=_("of cases"),
                                       title=_("Cases by type of violation"),
                                       subtitle=_mentions_subtitle(cases, violations)),
        "violations-perpetrators": charts.bar(perpetrators, count="cases", share="share_of_cases",
                                              share_label=_("of cases"), title=_("Cases by perpetrator"),
                                              subtitle=_mentions_subtitle(cases, perpetrators)),
        "violations-heatmap": _heatmap(scope, cases),
    }


VIEW = View("violations", "/violations", N_("Violations and perpetrators"), 2, (
    ("violations-types", "figure"), ("violations-perpetrators", "figure"), ("violations-heatmap", "figure"),
), compute)
