"""The Geography map: shipped country shapes, a data directory's region boundaries matched to the
data's region names, and every case the map cannot place named under it (issue 16)."""

from __future__ import annotations

import json
import shutil

import pytest

from dashboard import charts, i18n, maps, measures
from dashboard.exports.view_deck import _says_nothing
from dashboard.filters import Filters
from dashboard.snapshots import SnapshotStore
from dashboard.views.geography import compute
from dashboard.vocab import vocabulary
from dashboard.webctx import Scope


def _inside(point, ring) -> bool:
    """Ray casting: is the lon/lat point inside the ring? (the test's own, not the product's)"""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _holder(point) -> set[str]:
    return {a.name for a in maps.countries() if any(_inside(point, list(ring)) for ring in a.polygons)}


def test_every_react_country_has_its_shape_and_crimea_is_drawn_in_ukraine():
    coded = {a.key for a in maps.countries() if a.key}
    assert coded == set(vocabulary().codes("country"))
    assert _holder((34.1, 44.95)) == {"Ukraine"}  # Simferopol
    assert _holder((33.52, 44.6)) == {"Ukraine"}  # Sevastopol
    assert _holder((37.6, 55.75)) == {"Russia"}  # Moscow stays where it is
    assert _holder((68.78, 38.56)) == {"Tajikistan"}  # Dushanbe


def _square(lon: float, lat: float, properties: dict) -> dict:
    ring = [[lon, lat], [lon + 0.8, lat], [lon + 0.8, lat + 0.6], [lon, lat + 0.6], [lon, lat]]
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


BOUNDARIES = {"type": "FeatureCollection", "features": [
    _square(68.6, 38.4, {"name": "Dushanbe"}),
    _square(69.2, 39.8, {"shapeName": "Sughd"}),  # geoBoundaries' property; 'Sughd (Khujand)' in the data
    _square(69.0, 37.6, {"NAME_1": "Хатлон", "aliases": "Khatlon"}),  # GADM's property, an alias
    _square(72.0, 37.8, {"name": "Gorno-Badakhshan", "aliases": "GBAO"}),
    _square(70.5, 38.9, {"name": "Rasht Valley"}),  # no case says Rasht
]}


@pytest.fixture
def data_with_boundaries(demo_data_dir, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(demo_data_dir, folder)
    (folder / "boundaries").mkdir()
    (folder / "boundaries" / "TJ.geojson").write_text(json.dumps(BOUNDARIES), encoding="utf-8")
    return folder


def _geography(dash_app, data_dir, lang="en", **filters):
    snapshot = SnapshotStore(data_dir).get()
    scope = Scope(snapshot, Filters().with_values(**filters), ()).with_setting("lang", lang)
    with dash_app.server.test_request_context("/"), i18n.use(lang):
        return snapshot, compute(scope)


def test_one_country_with_boundaries_is_drawn_by_region_and_names_every_case_it_cannot_place(
        dash_app, data_with_boundaries):
    snapshot, out = _geography(dash_app, data_with_boundaries, country=["TJ"])
    figure, note = out["geography-map"], out["geography-map-note"]
    regions = {r["region"]: r["cases"] for r in measures.places(snapshot, Filters().with_values(country=["TJ"]),
                                                                 "region")}
    drawn = {r["code"]: r["cases"] for r in charts.table_of(figure)}
    assert drawn == {name: regions[name] for name in
                     ("Dushanbe", "Sughd (Khujand)", "Khatlon (Kulyab)", "GBAO (Khorog)")}
    off_map = {name: n for name, n in regions.items() if name not in drawn}
    assert set(off_map) == {"Districts of Republican Subordination", "Vahdat", "Gissar/Tursunzade"}
    for name, n in off_map.items():
        assert f"{name} ({i18n.number(n)})" in note
    assert "Boundaries with no cases in this selection: Rasht Valley." in note
    assert sum(drawn.values()) + sum(off_map.values()) == measures.case_count(
        snapshot, Filters().with_values(country=["TJ"]))  # nothing lost between map and note
    assert figure["layout"]["title"]["text"] == "Cases by region of Tajikistan, on the map"
    labels = next(t for t in figure["data"] if t.get("mode") == "text")
    assert labels["customdata"] == [None] * 4  # a region is not a country filter
    assert not _says_nothing(figure)


def test_the_region_map_speaks_russian(dash_app, data_with_boundaries):
    _snapshot, out = _geography(dash_app, data_with_boundaries, lang="ru", country=["TJ"])
    assert out["geography-map"]["layout"]["title"]["text"] == "Случаи по регионам (Таджикистан), на карте"
    assert out["geography-map-note"].startswith("Нет на карте, ни одна граница не совпала по названию: ")


def test_a_broken_boundary_file_leaves_the_country_map_and_says_why(dash_app, data_with_boundaries):
    (data_with_boundaries / "boundaries" / "TJ.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [_square(68.6, 38.4, {"id": 7})]}), encoding="utf-8")
    _snapshot, out = _geography(dash_app, data_with_boundaries, country=["TJ"])
    assert [r["code"] for r in charts.table_of(out["geography-map"])] == ["TJ"]
    assert out["geography-map-note"].startswith("The region boundaries cannot be used (boundaries/TJ.geojson: "
                                                "a boundary has no name")
    assert _says_nothing(out["geography-map"])  # a one-country map gets no slide


def test_without_boundaries_the_map_shows_countries_with_their_counts(dash_app, demo_data_dir):
    snapshot, out = _geography(dash_app, demo_data_dir, lang="ru")
    figure = out["geography-map"]
    by_country = {r["code"]: r["cases"] for r in measures.per_case(snapshot, Filters(), "country",
                                                                  measures.case_count(snapshot, Filters()))}
    assert {r["code"]: r["cases"] for r in charts.table_of(figure)} == by_country
    assert len(by_country) >= 5 and out["geography-map-note"] == ""
    labels = next(t for t in figure["data"] if t.get("mode") == "text")
    assert labels["customdata"] == [r["code"] for r in charts.table_of(figure)]  # a click filters the country
    assert any("Таджикистан" in text for text in labels["text"])
    narrow = figure["layout"]["meta"]["narrow"]["traces"]
    assert figure["data"][narrow["index"]] is labels  # on a phone: the counts alone, smaller
    assert narrow["narrow"]["text"] == [[text.split("<br>")[1] for text in labels["text"]]]
    assert narrow["wide"]["text"] == [labels["text"]]
    ticks = next(t for t in figure["data"] if t.get("marker", {}).get("showscale"))["marker"]["colorbar"]["ticktext"]
    assert all("k" not in t for t in ticks)  # "5 000", not plotly's "5k"
    _snapshot, one = _geography(dash_app, demo_data_dir, country=["TJ"])
    assert one["geography-map-note"] == ("Regions are drawn when the data directory holds boundaries/TJ.geojson "
                                         "(docs/maps.md).")


def test_a_boundary_answers_to_the_first_region_that_matches_it_and_spelling_does_not_matter(tmp_path):
    (tmp_path / "boundaries").mkdir()
    (tmp_path / "boundaries" / "KG.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        _square(72.8, 40.5, {"name": "Osh"}), _square(73.0, 42.8, {"name_ru": "Чуйская область"})]}),
        encoding="utf-8")
    found = maps.regions(tmp_path, "KG", ["Osh (city)", "Osh (region)", "чуйская  ОБЛАСТЬ", "Naryn"])
    assert [(a.key, a.name) for a in found.areas] == [("Osh (city)", "Osh"), ("чуйская  ОБЛАСТЬ", "Чуйская область")]
    assert found.unmatched_places == ("Osh (region)", "Naryn") and found.unmatched_shapes == ()
    assert maps.regions(tmp_path, "TJ", ["Dushanbe"]) is None  # no file: no region map, no error
