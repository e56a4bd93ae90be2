"""The shapes on the Geography map: countries (shipped) and regions (a data directory's own).

Countries come from `dashboard/geo/countries.geojson` (Natural Earth via world-atlas; written by
`scripts/write_world_map.py`, which says how Crimea is drawn and why). Regions come from
`<data_dir>/boundaries/<COUNTRY>.geojson` when an organisation puts one there (docs/maps.md):
the data's region names are free text, so each is matched to a boundary by its name, and what
matches nothing is listed, never dropped silently.

Shapes are projected here, once, to plane x/y (equirectangular, x scaled by the cosine of the
frame's middle latitude: true enough for a frame the size of Central Asia), so the chart can draw
them as filled areas with the light cartesian plotly bundle. No Dash here.
"""

from __future__ import annotations

import json
import logging
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

COUNTRIES_FILE = Path(__file__).parent / "geo" / "countries.geojson"
BOUNDARIES_DIR = "boundaries"
# Where a region's name may be in a boundary file, in order (geoBoundaries, GADM, Natural Earth…).
NAME_PROPERTIES = ("region", "name", "name_en", "name_ru", "shapeName", "NAME_1", "NL_NAME_1")
PADDING = 0.06  # of the frame's size, around the shapes in focus
SMALL = 0.06  # an area narrower than this share of the frame gets its label beside it, not on it


@dataclass(frozen=True)
class Area:
    """One place drawn on the map: its key in the data (country code or region name as written)."""

    key: str
    name: str
    polygons: tuple[tuple[tuple[float, float], ...], ...]  # outer rings, lon/lat


@dataclass(frozen=True)
class Regions:
    """A country's boundary file matched to the data's region names."""

    areas: tuple[Area, ...]  # one per matched data region, keyed by the data's name
    unmatched_places: tuple[str, ...]  # data regions no boundary matched
    unmatched_shapes: tuple[str, ...]  # boundaries no data region matched
    problem: str | None = None  # the file could not be used: why, in words


@dataclass(frozen=True)
class Projected:
    """Areas in plane coordinates, with the frame to show (x0, x1, y0, y1)."""

    focus: dict[str, list[tuple[list[float], list[float]]]]
    context: list[tuple[list[float], list[float]]]
    frame: tuple[float, float, float, float]
    label_points: dict[str, tuple[float, float, str]] = field(default_factory=dict)  # x, y, textposition
    outline: list[tuple[list[float], list[float]]] = field(default_factory=list)  # the country of a region map


def _outer_rings(geometry: dict) -> tuple[tuple[tuple[float, float], ...], ...]:
    kind = (geometry or {}).get("type")
    if kind == "Polygon":
        polygons = [geometry["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        raise ValueError(f"a shape is a {kind or 'nothing'}, not a Polygon or MultiPolygon")
    return tuple(tuple((float(x), float(y)) for x, y, *_ in polygon[0]) for polygon in polygons if polygon)


@lru_cache(maxsize=1)
def countries() -> tuple[Area, ...]:
    """Every country shape shipped: REAct's countries keyed by code, the grey context by ''."""
    features = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))["features"]
    return tuple(Area(f["properties"]["code"] or "", f["properties"]["name"], _outer_rings(f["geometry"]))
                 for f in features)


def _normal(name: str) -> str:
    """A name as compared: case, ё/е, punctuation and spacing do not matter."""
    return " ".join(re.sub(r"[\W_]+", " ", name.casefold().replace("ё", "е")).split())


def _spellings(name: str) -> set[str]:
    """'Sughd (Khujand)' matches a boundary called 'Sughd' or 'Khujand' as well as its full name."""
    forms = {_normal(name)}
    bracketed = re.match(r"^(.*?)\s*\((.*)\)\s*$", name)
    if bracketed:
        forms |= {_normal(bracketed[1]), _normal(bracketed[2])}
    return forms - {""}


def _feature_names(properties: dict) -> tuple[str, set[str]]:
    """A boundary's display name and every spelling it answers to (its `aliases`, '|'-separated)."""
    names = [str(properties[k]) for k in NAME_PROPERTIES if properties.get(k)]
    if not names:
        raise ValueError(f"a boundary has no name: give it one of the properties {', '.join(NAME_PROPERTIES[:3])}")
    aliases = [a for a in str(properties.get("aliases") or "").split("|") if a.strip()]
    return names[0], {_normal(n) for n in names + aliases}


def boundaries_file(data_dir: Path, country: str) -> Path:
    return data_dir / BOUNDARIES_DIR / f"{country}.geojson"


@lru_cache(maxsize=16)
def _read_boundaries(path: Path, _mtime_ns: int) -> list[tuple[str, set[str], tuple]]:
    """A boundary file's shapes as (display name, spellings, outer rings); read again when it changes."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    if not isinstance(features, list):
        raise ValueError("'features' is not a list of boundaries")
    return [(*_feature_names(f.get("properties") or {}), _outer_rings(f.get("geometry"))) for f in features]


def regions(data_dir: Path, country: str, places: list[str]) -> Regions | None:
    """The country's region shapes matched to `places` (the data's names); None without a file."""
    path = boundaries_file(data_dir, country)
    try:
        shapes = _read_boundaries(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:  # a person's file: say what is wrong
        log.warning("boundaries %s cannot be used: %s", path, error)
        return Regions((), tuple(places), (), problem=f"{BOUNDARIES_DIR}/{path.name}: {error}")
    areas, unmatched, used = [], [], set()
    for place in places:
        wanted = _spellings(place)
        # A boundary answers to one place, the first (most cases) that matches it.
        hit = next((i for i, (_name, names, _rings) in enumerate(shapes) if names & wanted and i not in used), None)
        if hit is None:
            unmatched.append(place)
            continue
        used.add(hit)
        areas.append(Area(place, shapes[hit][0], shapes[hit][2]))
    left = tuple(name for i, (name, _names, _rings) in enumerate(shapes) if i not in used)
    return Regions(tuple(areas), tuple(unmatched), left)


def project(focus: list[Area], context: list[Area], outline: Area | None = None) -> Projected:
    """Plane coordinates for the focus areas (drawn, coloured), the context (grey) and the outline
    (the country whose regions are in focus), framed on the focus with some padding; each polygon
    as x and y lists."""
    framed = focus + ([outline] if outline else [])  # a region map shows its whole country
    lons = [x for a in framed for ring in a.polygons for x, _y in ring]
    lats = [y for a in framed for ring in a.polygons for _x, y in ring]
    scale = math.cos(math.radians((min(lats) + max(lats)) / 2))

    def plane(ring) -> tuple[list[float], list[float]]:
        return [round(x * scale, 3) for x, _y in ring], [y for _x, y in ring]

    x0, x1, y0, y1 = min(lons) * scale, max(lons) * scale, min(lats), max(lats)
    pad = PADDING * max(x1 - x0, y1 - y0, 1.0)
    frame = (x0 - pad, x1 + pad, y0 - pad, y1 + pad)
    label_points = {}
    for area in focus:
        largest = max(area.polygons, key=len)  # the label sits in the middle of the biggest part
        xs, ys = plane(largest)
        if max(xs) - min(xs) < SMALL * (frame[1] - frame[0]):  # Moldova beside Ukraine: label under it
            label_points[area.key] = ((min(xs) + max(xs)) / 2, min(ys), "bottom center")
        else:
            label_points[area.key] = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, "middle center")
    return Projected(focus={a.key: [plane(r) for r in a.polygons] for a in focus},
                     context=[plane(r) for a in context for r in a.polygons], frame=frame,
                     label_points=label_points, outline=[plane(r) for r in outline.polygons] if outline else [])
