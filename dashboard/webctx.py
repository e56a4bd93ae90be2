"""What a web request is about: who asks, which snapshot, which filters, which language.

Every callback and route turns its untrusted input into a `Scope` here, and nowhere else, so
the checks that apply to all of them are made once: a signed-in principal (else 403), valid
filters, and countries clamped to those the principal may see. Reads the data directory from
the Flask app's config.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from flask import abort, current_app

from dashboard.auth.principal import Principal, current_principal, require_principal
from dashboard.definitions import DEFAULT_DRILL
from dashboard.filters import FilterError, Filters, parse_filters
from dashboard.i18n import LANGUAGES
from dashboard.link_problems import N_, LinkProblem
from dashboard.measures import SPLIT_DIMENSIONS
from dashboard.periods import GRAINS
from dashboard.snapshots import Snapshot, SnapshotError, SnapshotStore
from dashboard.vocab import vocabulary

LANGS = LANGUAGES  # the values `lang` may take in a URL
SNAPSHOT_HOOKS = "REACT_SNAPSHOT_HOOKS"  # app config: called with each snapshot a request reads
# View settings carried in the URL beside the filters, each with its allowed values and default.
# drill: the reaction status whose decline reasons the Response page shows (a shared link keeps it).
VIEW_PARAMS = {"lang": (LANGS, "en"), "grain": (GRAINS, "month"), "split": (tuple(SPLIT_DIMENSIONS), ""),
               "drill": (vocabulary().codes("reaction_status"), DEFAULT_DRILL)}


@dataclass(frozen=True)
class Scope:
    snapshot: Snapshot | None
    filters: Filters
    problems: tuple[str, ...]
    view: tuple[tuple[str, str], ...] = ()  # non-default view settings, in VIEW_PARAMS order
    principal: Principal | None = None

    @property
    def lang(self) -> str:
        return self.setting("lang")

    def setting(self, name: str) -> str:
        return dict(self.view).get(name, VIEW_PARAMS[name][1])

    def with_filters(self, filters: Filters) -> Scope:
        """The same view over other filters, clamped again to the principal's countries."""
        return replace(self, filters=restrict_countries(filters, self.principal, []))

    def with_setting(self, name: str, value: str) -> Scope:
        view = dict(self.view)
        view[name] = value
        return replace(self, view=_canonical_view(view))

    @property
    def query_string(self) -> str:
        """The canonical query string of this view: filters, then view settings that differ from default."""
        pairs = self.filters.query_pairs() + list(self.view)
        return "?" + urlencode(pairs) if pairs else ""


def _canonical_view(values: dict) -> tuple[tuple[str, str], ...]:
    return tuple((name, values[name]) for name, (allowed, default) in VIEW_PARAMS.items()
                 if values.get(name, default) != default and values[name] in allowed)


def data_dir() -> Path:
    return Path(current_app.config["REACT_DATA_DIR"])


def current_snapshot() -> Snapshot | None:
    try:
        snapshot = SnapshotStore(data_dir()).get()
    except SnapshotError:
        return None
    for hook in current_app.config.get(SNAPSHOT_HOOKS, ()):
        hook(snapshot)  # the cache warm-up (app.py sets it): webctx knows no page, so it imports none
    return snapshot


def restrict_countries(filters: Filters, principal: Principal | None, problems: list[str]) -> Filters:
    """Clamp a scope to the countries the principal may see (all of them when none is chosen)."""
    if principal is None or principal.countries is None:
        return filters
    allowed = set(principal.countries)
    refused = [c for c in filters.country if c not in allowed]
    if refused:
        problems.append(LinkProblem(N_("country: %(codes)s is not among the countries you may see"),
                                codes=", ".join(refused)))
    kept = [c for c in filters.country if c in allowed]
    return filters.with_values(country=kept or sorted(allowed))


class ScopeRefused(Exception):
    """A strict request that cannot be answered: an HTTP status and every reason."""

    def __init__(self, status: int, *problems: str):
        super().__init__(problems[0] if problems else str(status))
        self.status, self.problems = status, list(problems)


def strict_scope(params: dict[str, list[str]]) -> Scope:
    """The API's door: the same checks as `scope_from_search`, but every problem is a refusal
    (401 without sign-in, 403 for a country the principal may not see or no country at all, 404
    with no data, 400 listing every bad value) instead of a notice and a fallback."""
    principal = current_principal()
    if principal is None:
        raise ScopeRefused(401, "sign-in required")
    if principal.countries == ():
        raise ScopeRefused(403, "no country has been given to your account")
    snapshot = current_snapshot()
    if snapshot is None:
        raise ScopeRefused(404, "no case data has been imported yet")
    problems: list[str] = []
    view = _view_settings(params, problems)
    filters = Filters()
    try:
        filters, _ = parse_filters({k: v for k, v in params.items() if k not in VIEW_PARAMS},
                                   regions=snapshot.regions(principal.countries),
                                   organizations=snapshot.organizations(principal.countries))
    except FilterError as error:
        problems.extend(error.problems)
    if problems:
        raise ScopeRefused(400, *problems)
    refused: list[str] = []
    filters = restrict_countries(filters, principal, refused)
    if refused:
        raise ScopeRefused(403, *refused)
    return Scope(snapshot, filters, (), _canonical_view(view), principal)


def scope_from_search(search: str | None) -> Scope:
    """The request's scope; 403 without a principal, 400 for a search that is not text.
    Lenient otherwise: bad values become `problems`."""
    principal = require_principal()
    if search is not None and not isinstance(search, str):
        abort(400, "the search must be text")
    params = parse_qs((search or "").lstrip("?"))
    snapshot = current_snapshot()
    visible = principal.countries
    regions = snapshot.regions(visible) if snapshot else None
    organizations = snapshot.organizations(visible) if snapshot else None
    filters, problems = parse_filters(params, regions=regions, organizations=organizations, strict=False)
    filters = restrict_countries(filters, principal, problems)
    view = _view_settings(params, problems)
    return Scope(snapshot, filters, tuple(problems), _canonical_view(view), principal)


def _view_settings(params: dict[str, list[str]], problems: list) -> dict[str, str]:
    """The view settings (lang, grain, split) a request asks for; a value not allowed is a problem
    (a LinkProblem: English as a str for the API, translated in a page's notice)."""
    view = {}
    for name, (allowed, _default) in VIEW_PARAMS.items():
        if params.get(name):
            value = params[name][-1]
            if value in allowed:
                view[name] = value
            else:
                problems.append(LinkProblem(N_("%(name)s: %(value)s is not one of %(allowed)s"), name=name,
                                            value=repr(value), allowed=", ".join(a for a in allowed if a)))
    return view
