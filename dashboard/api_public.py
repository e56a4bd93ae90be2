"""The public JSON API: published releases only, no sign-in, never a query on case data.

    GET /api/v1/releases        the published releases: id, scope, snapshot id, threshold, created time
    GET /api/v1/releases/<id>   one release as frozen, tables included; a hidden cell is
                                {"value": null, "suppressed": true, "hidden_as": "<11", …}

An unknown, withdrawn or malformed id is a 404 with a JSON body. Ids are checked against the
release store's strict pattern before they come near a path, so no id reaches a file outside
the releases folder.
"""

from __future__ import annotations

import json

from flask import Blueprint, Flask, Response, jsonify, url_for

from dashboard.releases.store import ReleaseStore, valid_id
from dashboard.webctx import data_dir

blueprint = Blueprint("api_public", __name__, url_prefix="/api/v1")

CACHE_SECONDS = 60  # short: a withdrawal must take effect soon


def _store() -> ReleaseStore:
    return ReleaseStore(data_dir())


def _public(response, status: int = 200):
    response.status_code = status
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}" if status == 200 else "no-store"
    response.headers["Access-Control-Allow-Origin"] = "*"  # public data, read-only
    return response


def _not_found():
    return _public(jsonify({"error": "not_found", "message": "No published release has this id."}), 404)


@blueprint.get("/releases")
def list_releases():
    releases = [{**entry, "url": url_for("api_public.get_release", release_id=entry["release_id"])}
                for entry in _store().summaries()]
    return _public(jsonify({"releases": releases}))


@blueprint.get("/releases/<release_id>")
def get_release(release_id: str):
    if not valid_id(release_id):
        return _not_found()
    document = _store().read(release_id)
    if document is None:
        return _not_found()
    # As frozen, in the file's key order (jsonify would sort the keys).
    return _public(Response(json.dumps(document, ensure_ascii=False), mimetype="application/json"))


@blueprint.get("/releases/<path:anything>")
def not_a_release(anything: str):
    """Anything deeper under /releases/ (`../../etc`) is a 404 here, not a page of the app."""
    return _not_found()


def register(server: Flask) -> None:
    server.register_blueprint(blueprint)
