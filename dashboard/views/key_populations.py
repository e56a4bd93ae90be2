"""Key populations: clients by key group, gender and age, and a profile per primary key group
with its case count and most common perpetrators (the public REAct page, made interactive)."""

from __future__ import annotations

from dashboard import charts, i18n, measures
from dashboard.cache import cached
from dashboard.i18n import N_, _
from dashboard.views import View


def _profiles_figure(profiles: list[dict], cases: int) -> dict:
    """Every primary key group's most common perpetrators, one panel each, in one figure."""
    panels = []
    for profile in profiles:
        mentioned = sum(r["cases"] for r in profile["perpetrator"])
        panels.append({"code": profile["code"], "label": profile["label"], "rows": profile["perpetrator"],
                       "note": f"{i18n.count(profile['cases'], 'cases')} · {i18n.count(mentioned, 'mentions')}"})
    mentions = sum(r["cases"] for p in profiles for r in p["perpetrator"])
    return charts.bar_panels(
        panels, count="cases", unit="mentions", share="share_of_mentions", share_label=_("of mentions"),
        title=_("Most common perpetrators by primary key group"),
        subtitle=f"{i18n.n_text(cases, 'cases')} · {i18n.count(mentions, 'mentions')}",
        empty_sentence=_("No perpetrator was identified in these cases."),
    )


def compute(scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    people = cached(measures.people, snapshot, filters, lang=lang)
    clients = people["totals"]["clients"]
    groups = [dict(r, share=r["clients"] / clients) for r in people["key_group"]]
    profiles = _profiles_figure(cached(measures.key_group_profiles, snapshot, filters, lang=lang),
                                people["totals"]["cases"])
    subtitle = i18n.n_text(clients, "clients")
    of_clients = _("of clients")
    return {
        "keypop-key-groups": charts.bar(groups, count="clients", unit="clients", share="share",
                                        share_label=of_clients, title=_("Clients by key group (multiple membership)"),
                                        subtitle=subtitle),
        "keypop-gender": charts.bar(people["gender"], count="clients", unit="clients", share="share",
                                    share_label=of_clients, title=_("Clients by gender"), subtitle=subtitle),
        "keypop-age": charts.bar(people["age_group"], count="clients", unit="clients", share="share",
                                 share_label=of_clients, title=_("Clients by age group"), subtitle=subtitle),
        "keypop-profiles": profiles,
    }


VIEW = View("key_populations", "/key-populations", N_("Key populations"), 1, (
    ("keypop-key-groups", "figure"), ("keypop-gender", "figure"), ("keypop-age", "figure"),
    ("keypop-profiles", "figure"),
), compute)
