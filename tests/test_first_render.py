"""A page arrives whole: the Pages router's answer already holds the page's figures, key numbers,
sentence and numbers tables (one round trip instead of two), the page's own callback waits for a
change of the URL, and the shell comes with its navigation in the page's language (from the layout
request's Referer). In a browser nothing moves once drawn in view (layout shift, as Lighthouse
measures it). Exact numbers from the hand-checked fixture, as in test_callbacks_http."""

from __future__ import annotations

import json

import pytest

from dashboard import views
from dashboard.components.pagekit import emphasised
from dashboard.definitions import MEASURES, PRIVACY, SCOPE, SHARES, UNITS
from tests.dashhttp import by_id, call, components, find_callback, output_specs, response_values

TJ_H1 = "?country=TJ&period=2023H1"
EXPLORER = ["/", "/key-populations", "/violations", "/response", "/trends", "/geography"]


def _page(client, pathname: str, search: str) -> dict:
    """The layout the router sends for a page, as the browser receives it."""
    response = call(client, "_pages_content", {"_pages_location.pathname": pathname,
                                               "_pages_location.search": search})
    assert response.status_code == 200
    return response_values(response)["_pages_content.children"]


def _texts(tree) -> list:
    """The cells of a numbers table, row by row."""
    rows = [c for c in components(tree) if c.get("type") == "Tr"]
    return [[cell["props"].get("children") for cell in row["props"]["children"]] for row in rows]


def test_the_router_answer_holds_the_pages_numbers(client_for, fixture_data_dir):
    page = by_id(_page(client_for(fixture_data_dir), "/", TJ_H1))
    assert page["kpi-cases"]["children"] == "9" and page["kpi-clients"]["children"] == "7"
    assert page["overview-sentence"]["children"] == "Cases in Tajikistan, 1 Jan 2023 – 30 Jun 2023"
    figure = page["chart-key-groups"]["figure"]
    assert dict(zip(figure["data"][0]["customdata"], figure["data"][0]["x"]))["plhiv"] == 4
    assert figure["layout"]["title"]["subtitle"]["text"] == "n = 7 clients"
    # The frame keeps the figure's height until plotly draws it; the store says which URL it is for.
    assert page["chart-key-groups-frame"]["style"] == {"minHeight": figure["layout"]["height"]}
    assert page["overview-filled"]["data"] == TJ_H1
    rows = _texts(page["chart-key-groups-numbers"]["children"])
    assert rows[0] == ["Category", "Clients", "%"] and ["People living with HIV", "4", "57.1%"] in rows


def test_the_page_callback_runs_on_a_change_of_the_url_and_gives_the_same_values(client_for, fixture_data_dir):
    client = client_for(fixture_data_dir)
    dep = find_callback(client, "overview-sentence")
    assert dep["prevent_initial_call"] is True  # its first values came with the layout
    assert ("chart-key-groups", "figure", False) in output_specs(dep)
    changed = response_values(call(client, "overview-sentence", {"url.search": TJ_H1}))
    first = by_id(_page(client, "/", TJ_H1))
    assert changed["chart-key-groups.figure"] == first["chart-key-groups"]["figure"]
    assert changed["kpi-cases.children"] == first["kpi-cases"]["children"]
    # The Location's first report of the address the layout was filled for: nothing is sent again,
    # and the note is cleared, so coming back to that address later draws it afresh.
    mounted = response_values(call(client, "overview-sentence", {"url.search": TJ_H1, "overview-filled.data": TJ_H1}))
    assert mounted == {"overview-filled.data": None}
    other = response_values(call(client, "overview-sentence", {"url.search": "?country=UZ", "overview-filled.data":
                                                               TJ_H1}))
    assert other["kpi-cases.children"] != first["kpi-cases"]["children"] and other["overview-filled.data"] is None


def test_a_heatmaps_numbers_are_a_grid_of_groups_and_perpetrators(client_for, fixture_data_dir):
    page = by_id(_page(client_for(fixture_data_dir), "/violations", TJ_H1))
    trace = page["violations-heatmap"]["figure"]["data"][0]
    rows = _texts(page["violations-heatmap-numbers"]["children"])
    assert rows[0] == ["Cases", *trace["x"]]  # one column per perpetrator, one row per key group
    assert [row[0] for row in rows[1:]] == trace["y"]
    assert [[int(cell) for cell in row[1:]] for row in rows[1:]] == trace["z"]
    assert sum(sum(row) for row in trace["z"]) > 9  # several perpetrators per case: more than the 9 cases


def test_the_key_group_profiles_numbers_are_a_grid_with_shares_in_brackets(dash_app):
    from dashboard import charts, i18n

    rows = [{"group": "plhiv", "group_label": "People living with HIV", "code": "police", "label": "Police",
             "cases": 1081, "share_of_mentions": 0.364},
            {"group": "plhiv", "group_label": "People living with HIV", "code": "family", "label": "Family",
             "cases": 5, "share_of_mentions": 0.002},
            {"group": "pwud", "group_label": "People who use drugs", "code": "police", "label": "Police",
             "cases": 7, "share_of_mentions": 0.5}]
    with dash_app.server.test_request_context("/"), i18n.use("en"):
        headers, grid = charts.readable_table({"layout": {"meta": {"table": rows}}})
    assert headers == ["Group: Cases (of mentions)", "Police", "Family"]
    assert grid == [["People living with HIV", "1,081 (36.4%)", "5 (0.2%)"], ["People who use drugs", "7 (50.0%)", ""]]
    # Two perpetrators whose labels read alike stay two columns: the grid goes by code.
    twins = [{**rows[0], "code": "police_a", "label": "Police"}, {**rows[0], "code": "police_b", "label": "Police",
                                                                  "cases": 2}]
    with dash_app.server.test_request_context("/"), i18n.use("en"):
        headers, grid = charts.readable_table({"layout": {"meta": {"table": twins}}})
    assert headers == ["Group: Cases (of mentions)", "Police", "Police"]
    assert grid == [["People living with HIV", "1,081 (36.4%)", "2 (36.4%)"]]


@pytest.mark.parametrize("search", ["?period=2023H9&start=zzz", "?%%%&&==", "?region=" + "A" * 3000])
def test_a_junk_link_still_gets_a_whole_page(client_for, fixture_data_dir, search):
    for pathname in EXPLORER:
        page = by_id(_page(client_for(fixture_data_dir), pathname, search))
        figures = [props["figure"] for props in page.values() if "figure" in props]
        # Each chart is drawn or says why it is empty; none is still the "Loading…" placeholder.
        assert figures and all(f["data"] or f["layout"].get("annotations") for f in figures), pathname
        assert "Loading…" not in json.dumps(figures, ensure_ascii=False), pathname
        view_id = next(v.id for v in views.EXPLORER.values() if v.path == pathname)
        assert page[f"{view_id}-sentence"]["children"], pathname  # says what the page shows


def test_the_layout_comes_with_the_navigation_of_the_page_it_is_for(client_for, fixture_data_dir):
    client = client_for(fixture_data_dir)  # no users: local demo mode

    def shell(referrer: str | None) -> dict:
        headers = {"Referer": referrer} if referrer else {}
        return by_id(client.get("/_dash-layout", headers=headers).get_json())

    russian = shell("http://localhost/violations?lang=ru&country=TJ")
    links = {c["props"]["id"]: c["props"] for c in components(russian["nav"]["children"])
             if isinstance(c["props"].get("id"), str) and c["props"].get("href")}
    assert links["nav-violations"]["children"] == "Нарушения и нарушители"
    assert links["nav-violations"]["href"] == "/violations?country=TJ&lang=ru"
    assert "Локальный демо-режим" in json.dumps(russian["demo-notice"], ensure_ascii=False)
    assert russian["skip-link"]["children"] == "Перейти к содержанию"
    english = shell(None)
    assert "Local demo mode" in json.dumps(english["demo-notice"]) and english["skip-link"]["children"] == \
        "Skip to content"
    assert shell("https://evil.example/violations?lang=ru")["skip-link"]["children"] == "Skip to content"
    assert "no-store" in client.get("/_dash-layout").headers["Cache-Control"]


def test_the_methodology_texts_use_only_the_emphasis_the_page_draws(dash_app):
    from dashboard import i18n
    from dashboard.i18n import _

    for lang in ("en", "ru"):
        with dash_app.server.test_request_context("/"), i18n.use(lang):
            texts = [_(t) for t in (*UNITS, SCOPE, SHARES, PRIVACY, *(m for _n, m in MEASURES))]
            for text in texts:
                plain = "".join(p if isinstance(p, str) else p.children for p in emphasised(text))
                assert not any(mark in plain for mark in ("*", "#", "`", "[", "](", "<")), text
    parts = emphasised("Within one filter values combine with *or*; the **registered** day.")
    assert [type(p).__name__ if not isinstance(p, str) else p for p in parts] == [
        "Within one filter values combine with ", "Em", "; the ", "Strong", " day."]


PAGE_SHIFT_JS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 500);
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
def test_nothing_in_view_moves_while_a_page_opens(live_server, browser, width):
    """Cumulative layout shift under 0.1 ("good" in Web Vitals) on every explorer page; before the
    layout came filled, Lighthouse measured 0.32 (the demo notice, the charts and the filter bar
    arriving late and pushing the page down). Also: no figure is sent twice while a page opens."""
    from tests.chromium import scroll_through
    from tests.test_front_end import READY

    shifts, figures_sent_twice = {}, {}
    for path in [*EXPLORER, "/methodology"]:
        page = browser.new_page(viewport={"width": width, "height": 900})
        answers = []
        page.on("response", lambda r, answers=answers: answers.append(r)
                if r.url.endswith("/_dash-update-component") else None)
        page.goto(f"{live_server}{path}?country=TJ&period=2023H1")
        page.wait_for_function(READY, timeout=20_000)
        page.wait_for_selector("#footer")
        if path != "/methodology":  # the charts below the first screen keep their place until drawn, too
            scroll_through(page)
        page.wait_for_timeout(300)
        shifts[path] = page.evaluate(PAGE_SHIFT_JS)
        figures_sent_twice[path] = [a.request.post_data[:80] for a in answers
                                    if '"_pages_content' not in (a.request.post_data or "") and '"figure"' in a.text()]
        page.close()
    assert all(value < 0.1 for value in shifts.values()), shifts
    assert not any(figures_sent_twice.values()), figures_sent_twice
