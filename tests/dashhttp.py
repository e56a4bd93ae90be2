"""Calling Dash callbacks over HTTP the way the browser does (and the way anyone can)."""

from __future__ import annotations


def output_specs(dep: dict) -> list[tuple[str, str, bool]]:
    """(id, property, allow_duplicate) of each output of a callback, from Dash's `a.b...c.d@hash` form."""
    out = []
    for spec in dep["output"].strip(".").split("..."):
        output_id, prop = spec.split("@")[0].rsplit(".", 1)
        out.append((output_id, prop, "@" in spec))
    return out


def first_output_id(dep: dict) -> str:
    return output_specs(dep)[0][0]


def find_callback(client, output_id: str, prop: str | None = None, duplicate_of: str | None = None) -> dict:
    """The callback writing output_id.prop; for an allow_duplicate output, the one whose input is duplicate_of."""
    deps = client.get("/_dash-dependencies").get_json()
    for dep in deps:
        for spec_id, spec_prop, duplicate in output_specs(dep):
            if spec_id != output_id or (prop is not None and spec_prop != prop):
                continue
            if duplicate_of is None and not duplicate:
                return dep
            if duplicate_of is not None and duplicate and any(i["id"] == duplicate_of for i in dep["inputs"]):
                return dep
    raise KeyError(f"no callback outputs {output_id}.{prop}")


def call(client, output_id: str, values: dict, *, prop: str | None = None, triggered: str | None = None,
         headers: dict | None = None, duplicate_of: str | None = None, dep: dict | None = None):
    """POST the callback that outputs output_id.prop; `values` maps 'id.prop' to input/state values."""
    dep = dep or find_callback(client, output_id, prop, duplicate_of)
    inputs = [{"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
              for i in dep["inputs"]]
    state = [{"id": s["id"], "property": s["property"], "value": values.get(f"{s['id']}.{s['property']}")}
             for s in dep["state"]]
    outputs = [{"id": cid, "property": cprop} for cid, cprop, _duplicate in output_specs(dep)]
    body = {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [triggered] if triggered else [],
    }
    return client.post("/_dash-update-component", json=body, headers=headers or {})


def response_values(response) -> dict:
    """{'id.prop': value} from a callback response."""
    payload = response.get_json()["response"]
    return {f"{cid}.{prop}": value for cid, props in payload.items() for prop, value in props.items()}


def components(tree):
    """Every component in a layout as Dash sends it (dicts with type, namespace and props)."""
    if isinstance(tree, dict):
        if "props" in tree:
            yield tree
            yield from components(tree["props"])
        else:
            for value in tree.values():
                yield from components(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from components(item)


def by_id(tree) -> dict[str, dict]:
    """{id: props} of the components of a layout that have a text id."""
    return {c["props"]["id"]: c["props"] for c in components(tree) if isinstance(c["props"].get("id"), str)}
