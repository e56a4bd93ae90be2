"""`/api/v1/summary`: the summary command's document over HTTP, for signed-in users.

The same parameter names as the command's flags (repeat a parameter to OR its values), the
same JSON. The route authorizes the request itself and clamps it to the user's countries;
bad input is a 400 with every problem listed, never an empty result.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request

from dashboard.auth.principal import current_principal
from dashboard.filters import FilterError, parse_filters
from dashboard.periods import GRAINS
from dashboard.summary import summary_document
from dashboard.webctx import LANGS, current_snapshot, restrict_countries

blueprint = Blueprint("api_internal", __name__)


def _error(status: int, *problems: str):
    return jsonify({"error": problems[0] if len(problems) == 1 else "invalid parameters",
                    "problems": list(problems)}), status


@blueprint.get("/api/v1/summary")
def summary():
    principal = current_principal()
    if principal is None:
        return _error(401, "sign-in required")
    if principal.countries == ():
        return _error(403, "no country has been given to your account")
    snapshot = current_snapshot()
    if snapshot is None:
        return _error(404, "no case data has been imported yet")
    params = {name: request.args.getlist(name) for name in request.args}
    lang = request.args.get("lang", "en")
    grain = request.args.get("grain")
    problems = []
    if lang not in LANGS:
        problems.append(f"lang: {lang!r} is not one of {', '.join(LANGS)}")
    if grain is not None and grain not in GRAINS:
        problems.append(f"grain: {grain!r} is not one of {', '.join(GRAINS)}")
    try:
        filters, _ = parse_filters(params, regions=snapshot.regions(principal.countries),
                                   organizations=snapshot.organizations(principal.countries))
    except FilterError as error:
        problems.extend(error.problems)
    if problems:
        return _error(400, *problems)
    refused: list[str] = []
    filters = restrict_countries(filters, principal, refused)
    if refused:
        return _error(403, *refused)
    return jsonify(summary_document(snapshot, filters, lang=lang, grain=grain))


def register(server: Flask) -> None:
    server.register_blueprint(blueprint)
