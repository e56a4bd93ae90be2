"""`/api/v1/summary`: the summary command's document over HTTP, for signed-in users.

The same parameter names as the command's flags (repeat a parameter to OR its values), the
same JSON. The route authorizes the request itself and clamps it to the user's countries;
bad input is a 400 with every problem listed, never an empty result.
"""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, request

from dashboard.summary import summary_document
from dashboard.webctx import ScopeRefused, strict_scope

blueprint = Blueprint("api_internal", __name__)


def _error(status: int, *problems: str):
    return jsonify({"error": problems[0] if len(problems) == 1 else "invalid parameters",
                    "problems": list(problems)}), status


@blueprint.get("/api/v1/summary")
def summary():
    """Through webctx's strict door, like every other route and callback through its lenient one."""
    params = {name: request.args.getlist(name) for name in request.args}
    try:
        scope = strict_scope(params)
    except ScopeRefused as refused:
        return _error(refused.status, *refused.problems)
    grain = scope.setting("grain") if params.get("grain") else None
    return jsonify(summary_document(scope.snapshot, scope.filters, lang=scope.lang, grain=grain))


def register(server: Flask) -> None:
    server.register_blueprint(blueprint)
