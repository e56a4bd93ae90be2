"""Response: reaction-status shares, services, and the drill-down from a status to the reasons
clients declined; the status drilled into is a view setting in the URL (`drill=`), so a shared
link, the downloads and the slides show the same one."""

from __future__ import annotations

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.i18n import N_, _
from dashboard.views import View
from dashboard.vocab import vocabulary


def compute(scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    cases = cached(measures.case_count, snapshot, filters)
    statuses = cached(measures.per_case, snapshot, filters, "reaction_status", cases, lang=lang)
    services = cached(measures.services, snapshot, filters, lang=lang)
    series = [("provided", _("Provided")), ("referred", _("Referred")), ("unavailable", _("Needed, unavailable"))]
    drill = scope.setting("drill")
    return {
        "chart-reaction-status": charts.donut(statuses, title=_("Cases by reaction status"),
                                              subtitle=i18n.n_text(cases, "cases")),
        "chart-decline-reasons": decline_figure(scope, drill),
        "response-services": charts.grouped_bar(
            services, series=series, subtitle=i18n.n_text(cases, "cases"),
            title=_("Services: provided, referred, needed but unavailable (a case counts once per service)"),
            empty_sentence=_("No services are recorded for these cases."),
        ),
    }


def decline_figure(scope, status: str) -> dict:
    """Decline reasons of the cases with that status: the same breakdown, the status added to the scope."""
    chosen = scope.filters.reaction_status
    if chosen and status not in chosen:  # the pie shows only the filtered statuses: drill into the first
        status = chosen[0]
    narrowed = scope.filters.with_values(reaction_status=[status])
    cases = cached(measures.case_count, scope.snapshot, narrowed)
    reasons = cached(measures.mentions, scope.snapshot, narrowed, "decline_reason", cases, lang=scope.lang)
    label = vocabulary().label("reaction_status", status, scope.lang)
    mentions = sum(r["cases"] for r in reasons)
    return charts.bar(
        reasons, count="cases", share="share_of_mentions", share_label=_("of mentions"),
        title=_("Why clients did not want to pursue their case"),
        subtitle=_("%(n)s with status “%(status)s” · %(mentions)s (a case can give several reasons)",
                   n=i18n.n_text(cases, "cases"), status=charts.short(label, 60),
                   mentions=i18n.count(mentions, "mentions")),
        empty_sentence=_("No decline reasons are recorded for cases with the status “%(status)s”.", status=label),
    )


VIEW = View("response", "/response", N_("Response"), 3,
            (("chart-reaction-status", "figure"), ("chart-decline-reasons", "figure"), ("response-services", "figure")),
            compute)
