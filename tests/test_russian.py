"""The Russian interface: the catalog is complete and compiled, and a Russian page shows no
English text from the catalog or the vocabularies, in its layout or in its figures."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from dashboard import i18n
from dashboard.snapshots import SnapshotStore
from dashboard.vocab import DIMENSIONS, vocabulary
from tests.dashhttp import call, first_output_id

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "dashboard/translations/ru/LC_MESSAGES/messages.po"
MO = PO.with_suffix(".mo")
PAGES = ["/", "/key-populations", "/violations", "/response", "/trends", "/geography", "/methodology"]
SEARCH = "?country=TJ&period=2023H1&lang=ru"


def _catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_in_the_code_is_translated(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "N_", "-k", "_", "-k", "ngettext:1,2", "-k", "translate", "--no-location",
                    "-o", str(pot), str(ROOT)], check=True, capture_output=True, cwd=ROOT)
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id and m.id != "name"}
    translated = {m.id for m in _catalog() if m.id and m.string and all(m.string if isinstance(m.string, tuple)
                                                                       else [m.string])}
    missing = sorted(map(str, wanted - translated))
    assert missing == [], missing


def test_the_compiled_catalog_matches_the_source():
    def plain(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    with MO.open("rb") as handle:
        compiled = {plain(m.id): plain(m.string) for m in read_mo(handle) if m.id}
    source = {plain(m.id): plain(m.string) for m in _catalog() if m.id and not m.fuzzy}
    assert compiled == source, "run `make translations` (or pybabel compile) after editing messages.po"


def test_russian_plurals_and_numbers(dash_app):
    with dash_app.server.test_request_context("/?lang=ru"), i18n.use("ru"):
        assert i18n.count(1, "cases") == "1 случай"
        assert i18n.count(522, "cases") == "522 случая"
        assert i18n.count(115, "mentions") == "115 упоминаний"
        assert i18n.n_text(1234, "clients") == "n = 1\xa0234 клиента"
        assert i18n.percent(0.52115) == "52,1\xa0%"
    with dash_app.server.test_request_context("/"), i18n.use("en"):
        assert i18n.n_text(1234, "clients") == "n = 1,234 clients"
        assert i18n.percent(0.0005) == "0.1%"  # half away from zero


def _english_texts() -> list[str]:
    """English texts that must not show on a Russian page: catalog messages and vocabulary labels."""
    texts = set()
    for message in _catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in ids:
            # The fixed parts of a message with placeholders; short words could match inside others.
            for part in re.split(r"%\(\w+\)s", text):
                part = part.strip(" :,.·()")
                if len(part) >= 12:
                    texts.add(part)
    for dimension in DIMENSIONS:
        for entry in vocabulary().entries(dimension):
            if entry.en != entry.ru and len(entry.en) >= 6:
                texts.add(entry.en)
    return sorted(texts)


# Keys whose values are identifiers or data as written in the export, not interface text.
NOT_TEXT = {"id", "htmlFor", "html_for", "column_id", "customdata", "region", "organization", "value", "href",
            "aria-labelledby",
            "className"}


def _strings(payload) -> list[str]:
    if isinstance(payload, str):
        return [payload]
    if isinstance(payload, dict):
        return [s for key, value in payload.items() if key not in NOT_TEXT for s in _strings(value)]
    if isinstance(payload, list):
        return [s for value in payload for s in _strings(value)]
    return []


@pytest.mark.parametrize("path", PAGES)
def test_a_russian_page_shows_no_english(client_for, demo_data_dir, path):
    client = client_for(demo_data_dir)
    payloads = [call(client, "_pages_content", {"_pages_location.pathname": path,
                                                 "_pages_location.search": SEARCH}).get_json()]
    for dep in client.get("/_dash-dependencies").get_json():
        inputs = {(i["id"], i["property"]) for i in dep["inputs"]}
        if dep.get("clientside_function") or not inputs & {("url", "search"), ("_pages_location", "search")}:
            continue
        if ("url", "search") in inputs and path == "/methodology":
            continue  # the methodology page has no filters
        output = first_output_id(dep)
        response = call(client, output, {"url.search": SEARCH, "_pages_location.search": SEARCH,
                                         "_pages_location.pathname": path}, dep=dep)
        if response.status_code == 200:
            payloads.append(response.get_json())
    # Regions and organizations are data as written by the NGOs (often in English): not interface text.
    snapshot = SnapshotStore(demo_data_dir).get()
    places = set(snapshot.regions()) | set(snapshot.organizations())
    text = "\n".join(s for s in _strings(payloads) if s not in places)
    assert "Таджикистан" in text
    found = [english for english in _english_texts() if english in text]
    assert found == [], found
