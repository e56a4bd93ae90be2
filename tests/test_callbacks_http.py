"""Callbacks over HTTP with Flask's test client: exact numbers from the hand-checked fixture,
the URL kept in step with the controls, click-to-filter, the drill-down, and junk input."""

from urllib.parse import parse_qs

import pytest

from tests.dashhttp import call, find_callback, first_output_id, response_values

TJ_H1 = "?country=TJ&period=2023H1"


def _bars(figure: dict) -> dict:
    """{category: count} of a horizontal bar figure (hover text holds the full label)."""
    trace = figure["data"][0]
    return dict(zip(trace["customdata"], trace["x"]))


def test_overview_numbers_for_tajikistan_2023h1(client_for, fixture_data_dir):
    values = response_values(call(client_for(fixture_data_dir), "kpi-cases", {"url.search": TJ_H1}))
    assert values["kpi-cases.children"] == "9"
    assert values["kpi-clients.children"] == "7"
    assert values["kpi-qualified.children"] == "5"
    assert values["overview-sentence.children"] == "Cases in Tajikistan, 1 Jan 2023 – 30 Jun 2023"
    groups = _bars(values["chart-key-groups.figure"])
    assert groups == {"plhiv": 4, "pwud": 3, "former_prisoner": 1, "hepc": 1, "lgbtiq": 1, "migrant": 1,
                      "no_kpg": 1, "sex_worker": 1}
    assert values["chart-key-groups.figure"]["layout"]["title"]["subtitle"]["text"] == "n = 7 clients"


def test_overview_numbers_for_key_group_plhiv(client_for, fixture_data_dir):
    values = response_values(call(client_for(fixture_data_dir), "kpi-cases", {"url.search": "?key_group=plhiv"}))
    assert (values["kpi-cases.children"], values["kpi-clients.children"], values["kpi-qualified.children"]) == (
        "10", "8", "9")
    assert _bars(values["overview-countries.figure"]) == {"TJ": 6, "KG": 2, "UZ": 2}


def test_decline_reasons_drill_down_defaults_to_client_declined(client_for, fixture_data_dir):
    values = response_values(call(client_for(fixture_data_dir), "chart-decline-reasons", {"url.search": TJ_H1}))
    figure = values["chart-decline-reasons.figure"]
    assert _bars(figure) == {"distrust_police": 2, "self_stigma": 2, "hiv_disclosure": 1, "safety_fears": 1}
    assert "n = 3 cases" in figure["layout"]["title"]["subtitle"]["text"]
    assert "6 mentions" in figure["layout"]["title"]["subtitle"]["text"]


def test_clicking_a_status_slice_drills_into_that_status(client_for, fixture_data_dir):
    """The click writes the status into the URL (drill=); the page's callback draws its reasons."""
    client = client_for(fixture_data_dir)
    click = {"points": [{"customdata": ["resolved_positive"], "label": "Resolved positively"}]}
    dep = find_callback(client, "url", "search", duplicate_of="chart-reaction-status")
    response = call(client, "url", {"url.search": "", "chart-reaction-status.clickData": click,
                                    "response-drill.value": "client_declined"}, prop="search", dep=dep,
                    triggered="chart-reaction-status.clickData")
    search = response_values(response)["url.search"]
    assert search == "?drill=resolved_positive"
    values = response_values(call(client, "chart-decline-reasons", {"url.search": search}))
    # Over all dates, C8 (resolved positively) is the one case with a decline reason outside client_declined.
    assert _bars(values["chart-decline-reasons.figure"]) == {"not_worth_effort": 1}


def test_a_forged_slice_is_ignored(client_for, fixture_data_dir):
    click = {"points": [{"customdata": ["'); drop table cases; --"]}]}
    values = response_values(call(client_for(fixture_data_dir), "chart-decline-reasons",
                                  {"url.search": TJ_H1, "chart-reaction-status.clickData": click}))
    assert _bars(values["chart-decline-reasons.figure"]) == {"distrust_police": 2, "self_stigma": 2,
                                                              "hiv_disclosure": 1, "safety_fears": 1}


def test_a_control_change_writes_the_canonical_url(client_for, fixture_data_dir):
    values = {"url.search": TJ_H1, "filter-country.value": ["UZ", "TJ"], "filter-period.value": "2023Q2",
              "filter-key-group.value": ["plhiv"], "filter-qualified-only.value": True}
    response = call(client_for(fixture_data_dir), "filter-country", values, prop="value",
                    triggered="filter-key-group.value")
    search = response_values(response)["url.search"]
    assert search == "?country=TJ&country=UZ&period=2023Q2&key_group=plhiv&qualified_only=1"


def test_the_url_sets_the_controls(client_for, fixture_data_dir):
    search = "?country=KG&start=2023-01-10&end=2023-02-20&region=Dushanbe&lang=ru"
    values = response_values(call(client_for(fixture_data_dir), "filter-country", {"url.search": search},
                                  prop="value"))
    assert values["filter-country.value"] == ["KG"]
    assert values["filter-period.value"] == "custom"
    assert (values["filter-start.value"], values["filter-end.value"]) == ("2023-01-10", "2023-02-20")
    assert values["filter-region.value"] == ["Dushanbe"]
    assert {"label": "Dushanbe", "value": "Dushanbe"} in values["filter-region.options"]


def test_clicking_a_bar_adds_its_filter_and_keeps_the_language(client_for, fixture_data_dir):
    click = {"points": [{"customdata": "pwud"}]}
    response = call(client_for(fixture_data_dir), "url", {"url.search": TJ_H1 + "&lang=ru",
                                                          "chart-key-groups.clickData": click},
                    prop="search", triggered="chart-key-groups.clickData", duplicate_of="chart-key-groups")
    search = response_values(response)["url.search"]
    assert parse_qs(search[1:]) == {"country": ["TJ"], "period": ["2023H1"], "key_group": ["pwud"], "lang": ["ru"]}


JUNK = [
    "?country=XX",
    "?period=2023H9&start=zzz",
    "?key_group=%00%ff%fe",
    "?qualified_only=maybe&gender=robot",
    "?lang=fr&grain=decade&split=robots",
    "?region=" + "A" * 3000,
    "?start=2023-06-01&end=2023-01-01",
    "?country=TJ&period=2023&start=2023-01-01",
    "?organization=%27%3B%20drop%20table%20cases%3B--",
    "?%%%&&==",
]
PAGES = ["/", "/key-populations", "/violations", "/response", "/trends", "/geography", "/methodology"]


@pytest.mark.parametrize("junk", JUNK)
def test_junk_query_strings_give_a_notice_not_an_error(client_for, fixture_data_dir, junk):
    client = client_for(fixture_data_dir)
    for page in PAGES:
        assert client.get(page + junk).status_code == 200
    deps = client.get("/_dash-dependencies").get_json()
    url_driven = [d for d in deps if not d.get("clientside_function")
                  and any(i["id"] == "url" and i["property"] == "search" for i in d["inputs"])]
    assert len(url_driven) >= 9  # six pages, the drill-down, the filter bar and its "more filters"
    for dep in url_driven:
        output_id = first_output_id(dep)
        response = call(client, output_id, {"url.search": junk}, dep=dep)
        assert response.status_code in (200, 204), (dep["output"], response.status_code)
    notice = response_values(call(client, "filter-notice", {"url.search": junk}))["filter-notice.children"]
    if junk not in ("?%%%&&==",):
        assert notice is not None and "not understood" in str(notice)


def test_key_population_profiles_are_one_figure_with_a_panel_per_primary_group(client_for, fixture_data_dir):
    values = response_values(call(client_for(fixture_data_dir), "keypop-profiles", {"url.search": TJ_H1}))
    figure = values["keypop-profiles.figure"]
    panels = [trace["customdata"] for trace in figure["data"]]
    assert len(panels) == 7  # former_prisoner, sex_worker, hepc, lgbtiq, migrant, no_kpg, pwud
    titles = [a["text"] for a in figure["layout"]["annotations"]]
    assert titles[:2] == ["<b>Former prisoner</b> · 2 cases · 2 mentions", "<b>Sex worker</b> · 2 cases · 3 mentions"]
    sex_work = figure["data"][1]
    assert dict(zip(sex_work["customdata"], sex_work["x"])) == {"individuals": 2, "police": 1}
    assert (sex_work["xaxis"], sex_work["yaxis"]) == ("x2", "y2")
    # A group whose cases name no perpetrator says so in its panel instead of drawing nothing.
    assert "<b>Client does not belong to any KPG</b> · 1 case · 0 mentions" in titles
    assert "No perpetrator was identified in these cases." in titles
    assert figure["layout"]["title"]["subtitle"]["text"].startswith("n = 9 cases · ")
    assert {(r["group"], r["code"], r["cases"]) for r in figure["layout"]["meta"]["table"]} >= {
        ("sex_worker", "individuals", 2), ("sex_worker", "police", 1)}


def _alert_text(notice) -> str:
    """The alert's text: its children are a bold lead-in and the problems."""
    children = notice["props"]["children"]
    return "".join(c if isinstance(c, str) else c["props"]["children"] for c in children)


@pytest.mark.parametrize("search, english, russian", [
    ("?country=XX", "country: 'XX' is not a known country", "country: 'XX' — неизвестное значение"),
    ("?period=2023H9", "period '2023H9' is not one of YYYY, YYYYH1, YYYYH2, YYYYQ1-YYYYQ4 or YYYY-MM",
     "период '2023H9' не в форме ГГГГ, ГГГГH1, ГГГГH2, ГГГГQ1–ГГГГQ4 или ГГГГ-ММ"),
    ("?start=2023-05-01&end=2023-01-01", "start 2023-05-01 is after end 2023-01-01",
     "начало 2023-05-01 позже конца 2023-01-01"),
    ("?grain=week", "grain: 'week' is not one of month, quarter, half, year",
     "grain: 'week' — не одно из значений month, quarter, half, year"),
])
def test_the_filter_notice_speaks_the_page_language(client_for, fixture_data_dir, search, english, russian):
    client = client_for(fixture_data_dir)
    notice = response_values(call(client, "filter-notice", {"url.search": search}))["filter-notice.children"]
    assert _alert_text(notice) == "Some filters in the link were not understood and are ignored: " + english
    lang = "&lang=ru"
    notice = response_values(call(client, "filter-notice", {"url.search": search + lang}))["filter-notice.children"]
    assert _alert_text(notice).endswith(": " + russian)
    assert "not understood" not in _alert_text(notice)
