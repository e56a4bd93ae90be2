"""The filter bar shared by every page, and keeping it in step with the URL.

The URL's query string is the one source of truth (same names as the summary command's flags).
One circular callback keeps controls and URL in step both ways: a pasted link, reload or
back/forward sets the controls; a control change writes the canonical query string. Options
that come from the data (periods, regions, organizations) arrive by callback, so the initial
layout holds no data.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, ctx, dcc, html, no_update

from dashboard import catalogue, i18n
from dashboard.filters import Filters, parse_filters
from dashboard.i18n import _
from dashboard.link_problems import in_language
from dashboard.vocab import vocabulary
from dashboard.webctx import scope_from_search

# Filter name -> (control id, vocabulary dimension or None for values from the data), from catalogue.py.
MAIN = {spec.name: (spec.control_id, spec.dimension) for spec in catalogue.in_bar(catalogue.MAIN)}
MORE = {spec.name: (spec.control_id, spec.dimension) for spec in catalogue.in_bar(catalogue.MORE)}
LISTS = {**MAIN, **MORE}
CUSTOM = "custom"
_SMALL_INPUT = "form-control form-control-sm"

_LABELS = {spec.name: spec.label for spec in catalogue.FILTERS}


def _options(dimension: str | None) -> list[dict]:
    if dimension is None:
        return []
    lang = i18n.current_lang()
    return [{"label": e.label(lang), "value": e.code} for e in vocabulary().entries(dimension)]


def _dropdown(name: str, control_id: str, dimension: str | None) -> dbc.Col:
    # Countries, regions and organizations depend on who asks: their options come by callback.
    static = dimension if name != "country" else None
    return dbc.Col([
        dbc.Label(_(_LABELS[name]), html_for=control_id, className="small mb-0"),
        # The frame holds the dropdown's height until its code has arrived (assets/explorer.css).
        html.Div(dcc.Dropdown(id=control_id, options=_options(static), multi=True, placeholder=_("All")),
                 className="filter-control"),
    ], md=3, className="mb-2")


def layout() -> html.Div:
    """The controls, labelled in the language of the running block (see i18n.use)."""
    return html.Div(className="filter-bar card card-body mb-3 d-print-none", children=[
        dbc.Row([
            *[_dropdown(name, *spec) for name, spec in list(MAIN.items())[:1]],  # the place, then the period
            dbc.Col([
                dbc.Label(_("Period"), html_for="filter-period", className="small mb-0"),
                html.Div(dcc.Dropdown(id="filter-period", options=[], placeholder=_("All dates"), clearable=True),
                         className="filter-control"),
                # The outer Div is shown or hidden; Bootstrap's d-flex (!important) would beat display:none.
                html.Div(id="filter-custom-range", style={"display": "none"}, children=html.Div(
                    className="d-flex gap-1 mt-1", children=[
                        dcc.Input(id="filter-start", type="date", debounce=True, className=_SMALL_INPUT),
                        dcc.Input(id="filter-end", type="date", debounce=True, className=_SMALL_INPUT),
                    ])),
            ], md=3, className="mb-2"),
            *[_dropdown(name, *spec) for name, spec in list(MAIN.items())[1:]],
        ]),
        dbc.Collapse(id="filter-more", is_open=False, children=dbc.Row(
            [_dropdown(name, *spec) for name, spec in MORE.items()]
            + [dbc.Col(dbc.Checkbox(id="filter-qualified-only", label=_("Qualified as violations only"), value=False),
                       md=3, className="mb-2 pt-4")],
        )),
        html.Div(className="d-flex gap-2", children=[
            dbc.Button(_("More filters"), id="filter-more-toggle", color="link", size="sm", className="p-0"),
            dbc.Button(_("Clear filters"), id="filter-clear", color="link", size="sm", className="p-0"),
        ]),
    ])


def period_options(first: str | None, last: str | None) -> list[dict]:
    """Presets from the data's years, newest first: year, halves, quarters, months."""
    options = [{"label": _("Custom range…"), "value": CUSTOM}]
    if not first or not last:
        return options
    for year in range(int(last[:4]), int(first[:4]) - 1, -1):
        options.append({"label": f"{year}", "value": f"{year}"})
        options += [{"label": f"{year} H{h}", "value": f"{year}H{h}"} for h in (1, 2)]
        options += [{"label": f"{year} Q{q}", "value": f"{year}Q{q}"} for q in (1, 2, 3, 4)]
        options += [{"label": f"{year}-{m:02d}", "value": f"{year}-{m:02d}"} for m in range(1, 13)]
    return options


_CONTROL_IDS = {name: spec[0] for name, spec in LISTS.items()}
_DATE_CONTROLS = {"period": "filter-period", "start": "filter-start", "end": "filter-end",
                  "qualified_only": "filter-qualified-only"}
# Every output of the sync callback, by name: each branch says only what it changes.
_OUTPUTS = {
    "search": Output("url", "search"),
    **{name: Output(cid, "value") for name, cid in {**_CONTROL_IDS, **_DATE_CONTROLS}.items()},
    "notice": Output("filter-notice", "children"),
    "period_options": Output("filter-period", "options"), "region_options": Output("filter-region", "options"),
    "organization_options": Output("filter-organization", "options"),
    "country_options": Output("filter-country", "options"),
}


@callback(
    output=_OUTPUTS,
    inputs={"search": Input("url", "search"),
            "values": {name: Input(cid, "value") for name, cid in {**_CONTROL_IDS, **_DATE_CONTROLS}.items()},
            "clear": Input("filter-clear", "n_clicks")},
)
def sync_url_and_controls(search, values, clear):
    """URL -> controls on load and history moves; controls -> canonical URL on a change.

    Options from the data travel with the values: a dropdown clears a value it has no option for.
    """
    scope = scope_from_search(search)
    with i18n.use(scope.lang):
        changes = _sync(scope, values)
    return {name: changes.get(name, no_update) for name in _OUTPUTS}


def _sync(scope, values: dict) -> dict:
    """The outputs that change, by name (the others keep their value)."""
    if ctx.triggered_id == "filter-clear":
        return {"search": scope.with_filters(Filters()).query_string, **{name: [] for name in _CONTROL_IDS},
                "period": None, "start": None, "end": None, "qualified_only": False, "notice": None}
    if ctx.triggered_id not in (None, "url"):
        params = {name: values[name] or [] for name in LISTS}
        period = values["period"]
        if period and period != CUSTOM:
            params["period"] = period
        elif period == CUSTOM:
            params.update(start=values["start"] or None, end=values["end"] or None)
        params["qualified_only"] = "1" if values["qualified_only"] else None
        filters, _ = parse_filters(params, strict=False)
        # Controls keep what the user chose (a custom range stays "custom" while dates are typed).
        return {"search": scope.with_filters(filters).query_string, "notice": None}
    filters = scope.filters
    return {
        **{name: list(getattr(filters, name)) for name in LISTS},
        "period": filters.period or (CUSTOM if filters.start or filters.end else None),
        "start": filters.start.isoformat() if filters.start and not filters.period else None,
        "end": filters.end.isoformat() if filters.end and not filters.period else None,
        "qualified_only": filters.qualified_only,
        "notice": _notice(scope.problems, scope.lang),
        **_data_options(scope),
    }


def _notice(problems: tuple[str, ...], lang: str):
    if not problems:
        return None
    return dbc.Alert([html.Strong(_("Some filters in the link were not understood and are ignored:") + " "),
                      "; ".join(in_language(problem, lang) for problem in problems)],
                     color="warning", className="py-2", id="filter-notice-alert")


def _data_options(scope) -> dict:
    """Periods of the data; countries, regions and organizations the user may see."""
    snapshot = scope.snapshot
    visible = scope.principal.countries if scope.principal else None
    countries = [o for o in _options("country") if visible is None or o["value"] in visible]
    dates = snapshot.manifest.get("registered_on", {}) if snapshot else {}
    options = period_options(dates.get("first"), dates.get("last"))
    chosen = scope.filters.period
    if chosen and all(o["value"] != chosen for o in options):  # a valid period outside the data's years
        options.insert(1, {"label": chosen, "value": chosen})
    regions = [{"label": r, "value": r} for r in snapshot.regions(visible)] if snapshot else []
    organizations = [{"label": o, "value": o} for o in snapshot.organizations(visible)] if snapshot else []
    return {"period_options": options, "region_options": regions, "organization_options": organizations,
            "country_options": countries}


@callback(Output("filter-custom-range", "style"), Input("filter-period", "value"))
def show_custom_range(period):
    return {} if period == CUSTOM else {"display": "none"}


@callback(Output("filter-more", "is_open"), Input("filter-more-toggle", "n_clicks"), Input("url", "search"),
          State("filter-more", "is_open"))
def toggle_more(_clicks, search, is_open):
    """The button toggles; a link that uses one of the further filters opens them."""
    if ctx.triggered_id == "filter-more-toggle":
        return not is_open
    filters = scope_from_search(search).filters
    return bool(is_open) or any(getattr(filters, name) for name in MORE) or filters.qualified_only
