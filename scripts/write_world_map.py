"""Write dashboard/geo/countries.geojson, the country shapes of the Geography map.

Run after `npm ci` when the map's countries or its source change (the output is committed, so
the dashboard needs neither npm nor the internet at run time):

    .venv/bin/python scripts/write_world_map.py

Source: Natural Earth 1:50m (public domain) as TopoJSON in the npm package world-atlas,
simplified with topojson-simplify (shared borders stay shared) and turned into GeoJSON with
topojson-client: packages nobody here wrote. This script only chooses and edits:

- the REAct countries (the vocabulary's `country` codes) get their ISO alpha-2 code in
  `properties.code`; the other countries inside the map's frame are kept, without a code, as
  grey context so a reader sees where the coloured ones lie;
- **Crimea is drawn as part of Ukraine.** Natural Earth's default edition draws it inside Russia;
  the dashboard follows UN General Assembly resolution 68/262, and REAct's Ukrainian partners
  would rightly refuse a map that did otherwise. The polygon is moved, not redrawn;
- the context is simplified further than REAct's countries (it is drawn under them);
- coordinates are rounded to 0.01° (about 1 km), finer than the 1:50m source needs.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
BIN = ROOT / "node_modules" / ".bin"
OUT = ROOT / "dashboard" / "geo" / "countries.geojson"

# ISO 3166-1 numeric (world-atlas feature ids) -> the vocabulary's alpha-2 codes.
REACT_COUNTRIES = {"762": "TJ", "860": "UZ", "417": "KG", "398": "KZ", "804": "UA", "498": "MD",
                   "268": "GE", "051": "AM"}
FRAME = (18.0, 34.0, 92.0, 58.0)  # lon/lat box of context countries kept around REAct's eight
CRIMEA = (32.3, 44.2, 36.8, 46.3)  # lon/lat box that holds the Crimean peninsula and nothing else


def _geojson(quantile: str) -> dict:
    simplified = subprocess.run([str(BIN / "toposimplify"), "-S", quantile, "-f", str(SOURCE)],
                                check=True, capture_output=True).stdout
    return json.loads(subprocess.run([str(BIN / "topo2geo"), "countries=-"], input=simplified,
                                     check=True, capture_output=True).stdout)


def _polygons(geometry: dict) -> list:
    if geometry is None:
        return []
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else list(geometry["coordinates"])


def _inside(ring: list, box: tuple[float, float, float, float]) -> bool:
    return all(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in ring)


def _touches(polygon: list, box: tuple[float, float, float, float]) -> bool:
    return any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for x, y in polygon[0])


def _rounded(polygon: list) -> list:
    return [[[round(x, 2), round(y, 2)] for x, y in ring] for ring in polygon]


def main() -> None:
    # REAct's countries keep more detail than the grey context drawn under them (half the bytes).
    detailed = {f["properties"]["name"]: f for f in _geojson("0.35")["features"]}
    context = {f["properties"]["name"]: f for f in _geojson("0.1")["features"]}
    features = [detailed[name] if f.get("id") in REACT_COUNTRIES else f for name, f in context.items()]
    russia = context["Russia"]
    crimea = [p for p in _polygons(detailed["Russia"]["geometry"]) if _inside(p[0], CRIMEA)]
    assert len(crimea) == 1, f"expected one Crimean polygon in Russia's shape, found {len(crimea)}"
    russia["geometry"] = {"type": "MultiPolygon", "coordinates": [
        p for p in _polygons(russia["geometry"]) if not _inside(p[0], CRIMEA)]}
    ukraine = detailed["Ukraine"]
    ukraine["geometry"] = {"type": "MultiPolygon", "coordinates": _polygons(ukraine["geometry"]) + crimea}

    out = []
    for feature in features:
        code = REACT_COUNTRIES.get(feature.get("id"))
        polygons = [p for p in _polygons(feature["geometry"]) if code or _touches(p, FRAME)]
        if not polygons:
            continue
        out.append({"type": "Feature", "properties": {"code": code, "name": feature["properties"]["name"]},
                    "geometry": {"type": "MultiPolygon", "coordinates": [_rounded(p) for p in polygons]}})
    out.sort(key=lambda f: (f["properties"]["code"] is not None, f["properties"]["name"]))
    assert {f["properties"]["code"] for f in out} >= set(REACT_COUNTRIES.values())
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"type": "FeatureCollection", "source": "Natural Earth 1:50m via world-atlas 2.0.2; "
                               "Crimea as part of Ukraine (UN GA resolution 68/262)", "features": out},
                              separators=(",", ":")) + "\n")
    points = sum(len(r) for f in out for p in f["geometry"]["coordinates"] for r in p)
    print(f"{OUT.relative_to(ROOT)}: {len(out)} countries, {points} points, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
