"""The README's layer rules, enforced (like harlequin's import tests).

Read from the source with `ast`, every import counts, those inside functions too: a lazy import
hides a circle from Python, not from the next person reading the code.

- no import circles between dashboard modules;
- the data layers (filters, queries, db, the import, snapshots, measures, releases, …) import
  nothing from Dash, so the command line, the API and tests use them without a browser;
- nothing imports `dashboard.pages` (Dash loads page modules itself);
- the list of languages is written once, in `dashboard.vocab` (a label column per language);
  `dashboard.i18n.LANGUAGES` is that list, and `i18n.language(value)` reads one from a URL.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dashboard"
DATA_LAYERS = ("dashboard.filters", "dashboard.queries", "dashboard.db", "dashboard.ingest", "dashboard.snapshots",
               "dashboard.measures", "dashboard.releases", "dashboard.vocab", "dashboard.periods", "dashboard.schema",
               "dashboard.summary", "dashboard.demodata", "dashboard.cache")
UI_PACKAGES = ("dash", "dash_bootstrap_components", "dash_auth", "plotly")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """module -> every module it imports (dashboard ones resolved to the module, others as written)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        module = _module_name(path)
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[module] = found
    modules = set(graph)
    return {m: {i for i in found if i in modules or not i.startswith("dashboard")} for m, found in graph.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    internal = {m: {i for i in deps if i in graph and i != m and not m.startswith(i + ".")}
                for m, deps in graph.items()}
    cycles, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(internal[node]):
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = "done"

    for node in sorted(internal):
        if node not in state:
            visit(node)
    return cycles


def test_no_import_circles():
    assert _cycles(_imports()) == []


def test_data_layers_import_nothing_from_dash():
    offenders = {module: sorted(i for i in deps if i.split(".")[0] in UI_PACKAGES)
                 for module, deps in _imports().items() if module.startswith(DATA_LAYERS)}
    assert {m: d for m, d in offenders.items() if d} == {}


def test_nothing_imports_the_pages():
    importers = {m for m, deps in _imports().items() for i in deps
                 if i.startswith("dashboard.pages") and not m.startswith("dashboard.pages")}
    assert importers == set()


def test_the_languages_are_listed_once():
    pattern = re.compile(r"""\(\s*["']en["']\s*,\s*["']ru["']\s*\)""")
    places = sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if pattern.search(p.read_text()))
    assert places == ["vocab.py"]


def test_the_checker_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]


def test_a_filter_is_one_line_of_the_catalogue(dash_app):
    """Intake channel moved to the main bar by changing its line in catalogue.py, and nothing else."""
    from dashboard import cli
    from dashboard.components import filterbar
    from dashboard.describe import describe
    from dashboard.filters import Filters
    from dashboard.measures import SPLIT_DIMENSIONS

    def ids(node):
        found = [getattr(node, "id", None)]
        children = getattr(node, "children", None)
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            found += ids(child)
        return [i for i in found if i]

    with dash_app.server.test_request_context("/"):
        bar = filterbar.layout()
    main_row, more = bar.children[0], bar.children[1]
    assert "filter-intake-channel" in ids(main_row) and "filter-intake-channel" not in ids(more)
    assert ids(main_row)[:3] == ["filter-country", "filter-period", "filter-custom-range"]
    assert "intake channel: Hotline" in describe(Filters().with_values(intake_channel=("hotline",)))
    assert SPLIT_DIMENSIONS["intake_channel"] == "intake_channel"
    assert "--intake-channel" in cli.build_parser()._subparsers._group_actions[0].choices["summary"].format_help()


def test_page_values_are_named_not_positional():
    """A compute that names an output wrongly is an error naming both lists, not a number in the wrong tile."""
    from dashboard.views import View

    view = View("demo", "/demo", "Demo", 9, (("kpi-cases", "children"), ("kpi-clients", "children")),
                lambda scope: {"kpi-clients": "520", "kpi-cases": "522"})
    assert view.values(None) == ["522", "520"]
    wrong = View("demo", "/demo", "Demo", 9, view.outputs, lambda scope: {"kpi-cases": "522", "kpi-clinets": "520"})
    with pytest.raises(ValueError, match="kpi-clinets"):
        wrong.values(None)


def test_each_view_is_one_page_with_one_name(dash_app):
    """A view's id is its page module's name; Dash registers that module at the view's path and title,
    and the navigation, exports and warm-up read the same list (no registry filled by importing)."""
    import dash

    from dashboard import views

    assert list(views.EXPLORER) == ["overview", "key_populations", "violations", "response", "trends",
                                    "geography", "methodology"]
    for view in views.EXPLORER.values():
        entry = dash.page_registry[f"pages.{view.id}"]  # Dash names a page by its module under pages_folder
        assert (entry["path"], entry["name"], entry["order"]) == (view.path, view.title, view.order)
        for chart_id in view.chart_ids:
            assert (PACKAGE / "pages" / f"{view.id}.py").read_text().count(f'"{chart_id}"') >= 1
    assert set(views.exportable()) == set(views.EXPLORER) - {"methodology"}
    assert "chart-decline-reasons" in views.exportable()["response"].chart_ids  # the drill-down exports too


def test_views_import_nothing_from_dash():
    """The views are computed for exports, slides and warm-up without a page: no Dash in them."""
    offenders = {module: sorted(i for i in deps if i.split(".")[0] in ("dash", "dash_bootstrap_components"))
                 for module, deps in _imports().items() if module.startswith("dashboard.views")}
    assert len(offenders) == 9 and {m: d for m, d in offenders.items() if d} == {}
