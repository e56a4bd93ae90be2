"""Which callbacks a filter change fires on each page, and the request bodies that fire them.

A filter change writes the URL's query string (`url.search`); every callback that reads it and
whose outputs are on the page then runs. The list is read from the app itself (its page
registry, the page kit's PAGES and /_dash-dependencies), so it follows the pages as they change.
Plain data only (no Flask) so the locustfile can use the bodies too.
"""

from __future__ import annotations

# Filter changes every benchmark makes (same as bench/pages.py): URL query strings.
CHANGES = [
    "?country=TJ&period=2023H1",
    "?country=TJ&period=2023H1&key_group=plhiv",
    "?country=UA&period=2024&perpetrator=police",
    "?period=2022Q3&violation=discrimination",
    "?country=KG&country=UZ&gender=female",
    "?qualified_only=1&age_group=a19_35",
]


def output_specs(dep: dict) -> list[tuple[str, str, bool]]:
    """(component id, property, allow_duplicate) of each output of a dependency."""
    out = []
    for spec in dep["output"].strip(".").split("..."):
        name, duplicate = spec.split("@")[0], "@" in spec
        cid, prop = name.rsplit(".", 1)
        out.append((cid, prop, duplicate))
    return out


def fired_by_search(deps: list[dict], ids_on_page: set[str]) -> list[dict]:
    """Dependencies with url.search as an input whose outputs are all on the page.

    Dash's own page router (`_pages_location`) is left out: it reacts to the browser's history
    and is measured by bench/browser.py, not here.
    """
    fired = []
    for dep in deps:
        if not any(i["id"] == "url" and i["property"] == "search" for i in dep["inputs"]):
            continue
        outputs = output_specs(dep)
        if any(duplicate for *_, duplicate in outputs):
            continue
        if all(cid in ids_on_page for cid, _, _ in outputs):
            fired.append(dep)
    return fired


def body(dep: dict, search: str) -> dict:
    """The JSON the browser posts to /_dash-update-component when url.search becomes `search`."""
    def value(item):
        return search if (item["id"], item["property"]) == ("url", "search") else None

    outputs = [{"id": cid, "property": prop} for cid, prop, _ in output_specs(dep)]
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": value(i)} for i in dep["inputs"]],
        "state": [{"id": s["id"], "property": s["property"], "value": value(s)} for s in dep["state"]],
        "changedPropIds": ["url.search"],
    }


def component_ids(tree) -> set[str]:
    """Every string id in a component tree as JSON (what /_dash-layout and callbacks return)."""
    ids = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            props = node.get("props")
            if isinstance(props, dict):
                if isinstance(props.get("id"), str):
                    ids.add(props["id"])
                stack.extend(props.values())
            else:
                stack.extend(node.values())
    return ids


def _post(dep: dict, values: dict) -> dict:
    outputs = [{"id": cid, "property": prop} for cid, prop, _ in output_specs(dep)]
    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
                   for i in dep["inputs"]],
        "state": [{"id": s["id"], "property": s["property"], "value": values.get(f"{s['id']}.{s['property']}")}
                  for s in dep["state"]],
        "changedPropIds": [],
    }


def discover(get_json, post_json) -> dict[str, dict]:
    """{page key: {"path": URL path, "deps": [dependency, …]}} for every explorer page, over HTTP.

    get_json(path) and post_json(path, body) wrap any client (Flask's test client, requests,
    locust). Pages are the nav links; a page's components are what Dash's own page router returns
    for its path plus the shell's layout, exactly as a browser gets them.
    """
    deps = get_json("/_dash-dependencies")
    shell_ids = component_ids(get_json("/_dash-layout"))
    by_output = {dep["output"]: dep for dep in deps}
    nav = next(dep for dep in deps if dep["output"] == "nav.children")
    router = next(dep for dep in deps if "_pages_content.children" in dep["output"])
    links = post_json("/_dash-update-component", _post(nav, {"url.search": "", "url.pathname": "/"}))
    paths = []
    for href in _hrefs(links):
        if href.startswith("/") and not href.startswith(("/releases", "/login", "/logout")):
            paths.append(href.split("?")[0])
    found = {}
    for path in paths:
        page = post_json("/_dash-update-component",
                         _post(router, {"_pages_location.pathname": path, "_pages_location.search": ""}))
        ids = component_ids(page) | shell_ids
        fired = fired_by_search(list(by_output.values()), ids)
        sentence = next((cid for dep in fired for cid, _, _ in output_specs(dep) if cid.endswith("-sentence")), None)
        # Pages that show data: a chart or a table is filled from the URL (methodology is text only).
        if sentence and any(prop in ("figure", "data") for dep in fired for _, prop, _ in output_specs(dep)):
            found[sentence.removesuffix("-sentence")] = {"path": path, "deps": fired}
    return found


def _hrefs(tree) -> list[str]:
    out, stack = [], [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if isinstance(node.get("href"), str):
                out.append(node["href"])
            stack.extend(v for v in node.values() if isinstance(v, (list, dict)))
    return list(dict.fromkeys(reversed(out)))


def flask_discover(client) -> dict[str, dict]:
    """discover() through a Flask test client (loopback, so local demo mode answers)."""
    return discover(lambda path: client.get(path).get_json(),
                    lambda path, body: client.post(path, json=body).get_json())
