"""Geography: cases on a map and by country, and the rows of the region and organization tables.

The map shows countries, or one country's regions when the data directory holds their
boundaries (dashboard/maps.py); every case the map cannot place is named in its note.
"""

from __future__ import annotations

from dashboard import charts, i18n, maps, measures
from dashboard.cache import cached
from dashboard.i18n import N_, _
from dashboard.views import View
from dashboard.vocab import vocabulary


def _rows(rows: list[dict], cases: int, lang: str) -> list[dict]:
    labels = vocabulary().labels("country", lang)
    return [dict(r, country_label=labels.get(r["country"], r["country"]),
                 share_pct=round(r["cases"] / cases * 100, 1) if cases else None) for r in rows]


def _listed(rows: list[dict], key: str) -> str:
    return ", ".join(f"{r[key]} ({i18n.number(r['cases'])})" for r in rows)


def _region_map(snapshot, filters, country: str, country_label: str, cases: int) -> tuple[dict | None, str]:
    """(figure, note) for one country's regions; (None, why not) when the country map must do."""
    rows = [r for r in cached(measures.places, snapshot, filters, "region") if r["country"] == country]
    found = maps.regions(snapshot.data_dir, country, [r["region"] for r in rows])
    if found is None:
        return None, _("Regions are drawn when the data directory holds %(file)s (%(guide)s).",
                       file=maps.boundaries_file(snapshot.data_dir, country).relative_to(snapshot.data_dir),
                       guide="docs/maps.md")
    if found.problem or not found.areas:
        reason = found.problem or _("no region name in the data matches a boundary")
        return None, _("The region boundaries cannot be used (%(reason)s); the map shows the country.",
                       reason=reason)
    by_place = {r["region"]: r for r in rows}
    drawn = [{"key": a.key, "label": a.key, "cases": by_place[a.key]["cases"],
              "share": by_place[a.key]["cases"] / cases if cases else None} for a in found.areas]
    off_map = [by_place[p] for p in found.unmatched_places]
    # The country is outlined on its own: what no region covers shows grey, within its border.
    outline = next(a for a in maps.countries() if a.key == country)
    context = [a for a in maps.countries() if a.key != country]
    figure = charts.choropleth(
        maps.project(list(found.areas), context, outline), drawn, share_label=_("of cases"), clickable=False,
        title=_("Cases by region of %(country)s, on the map", country=country_label),
        subtitle=i18n.n_text(cases, "cases"))
    notes = []
    if off_map:
        notes.append(_("Not on the map, no boundary matches their name: %(places)s.",
                       places=_listed(off_map, "region")))
    if found.unmatched_shapes:
        notes.append(_("Boundaries with no cases in this selection: %(names)s.",
                       names=", ".join(found.unmatched_shapes)))
    return figure, " ".join(notes)


def _map(snapshot, filters, countries: list[dict], cases: int) -> tuple[dict, str]:
    """The map and its note: one country's regions where it can, else the countries."""
    note = ""
    if len(countries) == 1:
        figure, note = _region_map(snapshot, filters, countries[0]["code"], countries[0]["label"], cases)
        if figure is not None:
            return figure, note
    codes = {r["code"] for r in countries}
    shapes = maps.countries()
    projected = maps.project([a for a in shapes if a.key in codes], [a for a in shapes if a.key not in codes])
    rows = [{"key": r["code"], "label": r["label"], "cases": r["cases"], "share": r["share"]} for r in countries]
    figure = charts.choropleth(projected, rows, share_label=_("of cases"), title=_("Cases by country, on the map"),
                               subtitle=i18n.n_text(cases, "cases"))
    return figure, note


def compute(scope) -> dict:
    snapshot, filters, lang = scope.snapshot, scope.filters, scope.lang
    cases = cached(measures.case_count, snapshot, filters)
    countries = [dict(r, share=r["cases"] / cases)
                 for r in cached(measures.per_case, snapshot, filters, "country", cases, lang=lang)]
    n = i18n.n_text(cases, "cases")
    map_figure, map_note = _map(snapshot, filters, countries, cases) if countries else (
        charts.empty(_("Cases by country, on the map"), _("No cases match these filters.")), "")
    return {
        "geography-map": map_figure,
        "geography-map-note": map_note,
        "geography-countries": charts.bar(countries, count="cases", share="share", share_label=_("of cases"),
                                          title=_("Cases by country"), subtitle=n),
        "geography-regions": _rows(cached(measures.places, snapshot, filters, "region"), cases, lang),
        "geography-regions-n": n,
        "geography-organizations": _rows(cached(measures.places, snapshot, filters, "organization"), cases, lang),
        "geography-organizations-n": n,
    }


VIEW = View("geography", "/geography", N_("Geography"), 5, (
    ("geography-map", "figure"), ("geography-map-note", "children"),
    ("geography-countries", "figure"), ("geography-regions", "children"), ("geography-regions-n", "children"),
    ("geography-organizations", "children"), ("geography-organizations-n", "children"),
), compute)
