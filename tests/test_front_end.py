"""The explorer's front end, judged by tools nobody here wrote where possible: axe-core on every
page in both languages at 1366 and 390 px, keyboard-only use of the filters, the collapsed
navigation on a phone, `<html lang>`; and exactness: categories are codes (two labels that begin
alike never merge), labels are whole, the largest value is not cut, colours have 3:1 contrast,
and every trace type drawn is in the plotly.js bundle the browser loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import charts, i18n
from dashboard.filters import Filters, parse_filters
from dashboard.snapshots import SnapshotStore
from dashboard.views import exportable
from dashboard.views.response import decline_figure
from dashboard.vocab import vocabulary
from dashboard.webctx import Scope
from tests.axe import serious_violations
from tests.chromium import scroll_through

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "assets" / "vendor" / "plotly-react-4.1.1.min.js"  # scripts/build-plotly-bundle.sh
BUNDLED_TRACES = {"bar", "heatmap", "pie", "scatter"}  # what the script registers, named in the banner
PAGES = ["/", "/key-populations", "/violations", "/response", "/trends", "/geography", "/methodology"]
READY = ("() => [...document.querySelectorAll('.js-plotly-plot')]"
         ".every(g => g._fullLayout && g.dataset.fitted === 'true') && "
         "!document.querySelector('[data-dash-is-loading=\"true\"]')")


def _contrast(colour: str) -> float:
    """WCAG 2.1 contrast ratio of a colour against white."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_every_chart_colour_has_3_to_1_contrast_and_lines_differ_by_more_than_colour():
    assert min(_contrast(c) for c in charts.PALETTE) >= 3.0
    figure = charts.lines([("a", ["2023-01-01"], [1]), ("b", ["2023-01-01"], [2])], title="t", subtitle="s")
    first, second = figure["data"]
    assert first["line"]["dash"] != second["line"]["dash"] and first["marker"]["symbol"] != second["marker"]["symbol"]


def _scope(snapshot, lang="en", **params):
    filters = parse_filters(params)[0] if params else Filters()
    return Scope(snapshot, filters, ()).with_setting("lang", lang)


def test_decline_reasons_are_eight_bars_with_whole_labels(dash_app, demo_data_dir):
    """Two reasons that begin 'The client is afraid / …' were cut to the same 42 characters and drawn as one."""
    snapshot = SnapshotStore(demo_data_dir).get()
    with dash_app.server.test_request_context("/"), i18n.use("en"):
        scope = _scope(snapshot, country=["TJ"], period="2023H1")
        figure = decline_figure(scope, "client_declined")
    trace, axis = figure["data"][0], figure["layout"]["yaxis"]
    table = charts.table_of(figure)
    assert len(trace["y"]) == len(set(trace["y"])) == len(table) == 7  # every reason these cases give
    afraid = [r["code"] for r in table if r["label"].startswith("The client is afraid / ")]
    assert len(afraid) == 2 and set(afraid) <= set(trace["y"])
    assert set(trace["y"]) == {r["code"] for r in table} and axis["tickvals"] == trace["y"]
    for label, text in zip(reversed([r["label"] for r in table]), axis["ticktext"]):
        assert text.replace("<br>", " ") == charts.safe(label) and "…" not in text
    assert figure["layout"]["xaxis"]["range"][1] > max(trace["x"]) * 1.1  # the printed value fits
    every = [{"code": e.code, "label": e.label("en"), "cases": 10 + i}
             for i, e in enumerate(vocabulary().entries("decline_reason"))]
    drawn = charts.bar(every, count="cases", title="t", subtitle="s")
    assert len(set(drawn["data"][0]["y"])) == len(every) >= 8


def test_every_trace_the_pages_draw_is_in_the_browsers_bundle(dash_app, demo_data_dir):
    from plotly.offline import get_plotlyjs_version

    banner = f"plotly.js ({', '.join(sorted(BUNDLED_TRACES))} - minified) v{get_plotlyjs_version()}"
    assert banner in BUNDLE.read_text(encoding="utf-8")[:200]
    snapshot = SnapshotStore(demo_data_dir).get()
    drawn = set()
    with dash_app.server.test_request_context("/"), i18n.use("en"):
        for view in exportable().values():
            for _chart_id, figure in view.figures(_scope(snapshot)):
                drawn |= {trace["type"] for trace in figure["data"]}
    assert drawn and drawn <= BUNDLED_TRACES, drawn - BUNDLED_TRACES


def test_the_page_loads_the_partial_bundle_not_the_full_one(client_for, demo_data_dir):
    index = client_for(demo_data_dir).get("/?lang=ru").get_data(as_text=True)
    assert '<html lang="ru">' in index
    assert "plotly-react-4.1.1.min.js" in index and "package_data/plotly.min.js" not in index
    # No @babel/polyfill: the bundles' lazy loading gets its regeneratorRuntime from the 7 KB runtime
    # (the browser tests open dropdowns and graphs, which load that way).
    assert "polyfill@" not in index and "regenerator-runtime-0.14.1.js" in index
    assert "dash_table/bundle" not in index  # no page draws a DataTable


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_axe_finds_no_serious_violation_on_any_explorer_page(live_server, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    found = {}
    try:
        for path in PAGES:
            page.goto(f"{live_server}{path}?lang={lang}&country=TJ")
            page.wait_for_selector("#footer")
            page.wait_for_function(READY, timeout=20_000)
            if path != "/methodology":  # the one page without charts
                scroll_through(page)  # every chart drawn, not only the first screen's
            page.wait_for_function(READY, timeout=20_000)
            page.wait_for_timeout(300)
            violations = serious_violations(page)
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert found == {}


@pytest.mark.browser
def test_the_filters_work_by_keyboard_alone(live_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/")
    page.wait_for_function(READY, timeout=20_000)
    # READY holds vacuously before any graph exists, and dcc.Dropdown's code arrives lazily
    # (async-dropdown.js): a keyboard user, too, can only reach a filter once it is drawn.
    page.wait_for_selector("button#filter-country[tabindex='0']", timeout=20_000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "skip-link"
    page.focus("#nav-language")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-country"
    page.keyboard.press("Enter")
    page.wait_for_selector("#filter-country[aria-expanded=true]")
    page.keyboard.type("Tajik")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.search.includes('country=TJ')", timeout=10_000)
    page.keyboard.press("Escape")
    # The menu closes, then dcc.Dropdown gives the focus back to its button a frame or two later
    # (30-70 ms here): wait for it, as a keyboard user would (CI once read the gap in between).
    page.wait_for_function("() => document.activeElement.id === 'filter-country'", timeout=5_000)
    page.close()


@pytest.mark.browser
def test_the_navigation_collapses_on_a_phone(live_server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server}/?lang=ru")
    page.wait_for_selector("#nav-overview", state="attached")
    assert not page.is_visible("#nav-overview")
    assert page.inner_text("#nav-toggler-name") == "Меню"
    page.click("#nav-toggler")
    page.wait_for_selector("#nav-overview", state="visible")
    top = page.eval_on_selector("#filter-country", "e => e.getBoundingClientRect().top")
    page.click("#nav-toggler")
    page.wait_for_selector("#nav-overview", state="hidden")
    assert page.eval_on_selector("#filter-country", "e => e.getBoundingClientRect().top") < top
    assert re.fullmatch(r"ru", page.evaluate("document.documentElement.lang"))
    page.close()


def _figure(client, output: str, search: str) -> dict:
    from tests.dashhttp import call, response_values

    return response_values(call(client, output, {"url.search": search}))[f"{output}.figure"]


def test_the_drill_down_status_is_in_the_url_and_exported_as_shown(client_for, demo_data_dir):
    from tests.dashhttp import call, response_values

    client = client_for(demo_data_dir)
    search = "?country=TJ&period=2023H1&drill=resolved_negative"
    values = response_values(call(client, "chart-decline-reasons", {"url.search": search}))
    figure = values["chart-decline-reasons.figure"]
    assert "“Resolved negatively”" in figure["layout"]["title"]["subtitle"]["text"]
    exported = client.get("/export/response/chart-decline-reasons.csv" + search).data.decode("utf-8-sig")
    assert all(r["code"] in exported for r in charts.table_of(figure))
    default = _figure(client, "chart-decline-reasons", "?country=TJ&period=2023H1")
    assert "“Unresolved - Client did not want to resolve this case”" in default["layout"]["title"]["subtitle"]["text"]
    junk = _figure(client, "chart-decline-reasons", "?drill=robot")  # not a status: the default, not an error
    assert "“Unresolved - Client did not want to resolve this case”" in junk["layout"]["title"]["subtitle"]["text"]


def test_trends_of_a_short_period_draw_months_or_a_comparison_not_one_dot(client_for, demo_data_dir):
    client = client_for(demo_data_dir)
    quarter = _figure(client, "trends-chart", "?country=TJ&period=2023Q1&grain=quarter")
    assert quarter["data"][0]["type"] == "scatter" and quarter["data"][0]["x"][:3] == ["2023-01-01", "2023-02-01",
                                                                                        "2023-03-01"]
    month = _figure(client, "trends-chart", "?country=TJ&period=2023-05")
    trace = month["data"][0]
    assert trace["type"] == "bar" and len(trace["x"]) == 3
    assert [row["label"].split(" (")[0] for row in charts.table_of(month)] == [
        "Selected period", "Previous period", "Same period a year before"]


@pytest.mark.browser
def test_the_drill_down_works_by_keyboard_and_a_shared_link_restores_it(live_server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/response?country=TJ&period=2023H1")
    page.wait_for_function(READY, timeout=20_000)
    # The subtitle as the figure holds it: drawn, a wrapped line ends in its own <tspan> (no space).
    shown = ("() => { const g = document.querySelector('#chart-decline-reasons .js-plotly-plot');"
             " const t = g && g.layout && g.layout.title; return ((t && t.subtitle && t.subtitle.text) || '')"
             ".replace(/<br>/g, ' ').includes(%r); }")
    drawn = shown % "did not want to resolve"
    page.wait_for_function(drawn, timeout=20_000)  # the page's first answers are in: nothing overwrites a choice
    page.focus("#response-drill")  # a native select, the keyboard's way to the drill-down
    page.select_option("#response-drill", "resolved_negative")
    page.wait_for_function("() => location.search.includes('drill=resolved_negative')", timeout=10_000)
    subtitle = shown % "Resolved negatively"
    page.wait_for_function(subtitle, timeout=15_000)
    shared = page.url
    other = browser.new_page(viewport={"width": 1366, "height": 900})
    other.goto(shared)
    other.wait_for_function(subtitle, timeout=20_000)
    assert other.eval_on_selector("#response-drill", "e => e.value") == "resolved_negative"
    page.close()
    other.close()


def test_every_chart_has_its_numbers_as_a_table_beside_it(client_for, demo_data_dir):
    """The text alternative: a chart's numbers, readable, in the page's language, no codes."""
    import json

    from tests.dashhttp import call, response_values

    client = client_for(demo_data_dir)
    values = response_values(call(client, "chart-key-groups", {"url.search": "?country=TJ&period=2023H1&lang=ru"}))
    table = json.dumps(values["chart-key-groups-numbers.children"], ensure_ascii=False)
    assert "Категория" in table and "Люди, живущие с ВИЧ" in table and '"279"' in table
    assert "plhiv" not in table


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_axe_finds_no_serious_violation_on_the_data_desk_and_admin_pages(live_server, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    found = {}
    try:
        for path in ("/data", "/publish", "/users"):
            page.goto(f"{live_server}{path}?lang={lang}")
            assert page.evaluate("document.documentElement.lang") == lang
            violations = serious_violations(page)
            if violations:
                found[path] = violations
    finally:
        context.close()
    assert found == {}


OVERFLOWING_TEXT = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(gd => {
    const box = gd.getBoundingClientRect();
    const cut = [...gd.querySelectorAll('.gtitle, .gtitle-subtitle, .subtitle, .bartext, .textpoint, .annotation-text')]
        .filter(t => { const r = t.getBoundingClientRect();
                       return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1); })
        .map(t => gd.parentElement.id + ': ' + t.textContent);
    const sub = gd.querySelector('.gtitle-subtitle, .subtitle') || gd.querySelector('.gtitle');
    const plot = gd.querySelector('.bglayer rect, .cartesianlayer .plot');
    if (sub && plot && sub.getBoundingClientRect().bottom > plot.getBoundingClientRect().top + 1) {
        cut.push(gd.parentElement.id + ': title over the plot');
    }
    return cut; })"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_chart_text_is_cut_or_covers_the_plot_on_a_phone(live_server, browser, lang):
    """At 390 px titles ("Cases by region of Tajikistan, on the"), long n-lines and the numbers past
    the longest bar ran off the chart, and side-by-side small multiples overlapped (assets/fit.js)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    found = {}
    for path in PAGES[:-1] + ["/geography?country=TJ"]:
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        page.wait_for_selector("#footer")
        scroll_through(page)  # on a phone even the first chart may be below the first screen
        page.wait_for_function(READY, timeout=20_000)
        page.wait_for_selector(".js-plotly-plot")
        page.wait_for_timeout(600)  # fit.js redraws once or twice after the first draw
        cut = page.evaluate(OVERFLOWING_TEXT)
        if cut:
            found[path] = cut
    page.goto(f"{live_server}/key-populations?lang={lang}")
    page.wait_for_selector("#footer")
    scroll_through(page)
    panels = "document.querySelector('#keypop-profiles .js-plotly-plot')"
    page.wait_for_function(f"() => {{ const g = {panels}; return !!g && !!g._fullLayout && !!g._fullLayout.xaxis2"
                           f" && g.dataset.fitted === 'true'; }}",
                           timeout=20_000)  # the profiles themselves, not the 'Loading…' figure before them
    domains = page.evaluate(f"() => {{ const l = {panels}._fullLayout; return [l.xaxis.domain, l.xaxis2.domain]; }}")
    page.goto(f"{live_server}/geography?lang={lang}")
    page.wait_for_selector("#footer")
    scroll_through(page)
    page.wait_for_selector("#geography-map .js-plotly-plot[data-fitted='true']", timeout=20_000)
    # The country map's labels, as drawn: counts alone on a phone (names ran into each other).
    labels = page.evaluate("() => { const g = document.querySelector('#geography-map .js-plotly-plot');"
                           " return g.data[g.layout.meta.narrow.traces.index].text; }")
    page.close()
    assert found == {}
    assert domains[0] == domains[1]  # one column: the second panel sits under the first
    assert len(labels) >= 2 and all(label.replace("\u00a0", "").replace(" ", "").replace(",", "").isdigit()
                                    for label in labels), labels


def test_small_multiples_carry_a_one_column_layout_for_phones():
    panels = [{"code": c, "label": c, "note": "n", "rows": [{"code": "x", "label": "X", "cases": 3, "share": 1.0}]}
              for c in ("a", "b", "c")]
    figure = charts.bar_panels(panels, count="cases", title="t", subtitle="s", share="share", share_label="%",
                               unit="cases", empty_sentence="-")
    layout, narrow = figure["layout"], figure["layout"]["meta"]["narrow"]
    assert layout["xaxis"]["domain"][0] < layout["xaxis2"]["domain"][0]  # side by side when wide
    assert narrow["layout"]["xaxis.domain"] == narrow["layout"]["xaxis2.domain"] == narrow["layout"]["xaxis3.domain"]
    assert narrow["layout"]["height"] > layout["height"]
    assert narrow["wide"]["xaxis2.domain"] == layout["xaxis2"]["domain"]
    assert narrow["layout"]["annotations[1].text"] == "<b>b</b><br>n"


def test_bar_labels_wrap_shorter_on_a_phone_and_come_back_when_wide():
    """At 390 px labels of 32-character lines ("People who use drugs", Russian
    "Клиент не относится ни к одной КГ") took more than plotly gives the margin and were cut."""
    rows = [{"code": "pwud", "label": "Люди, употребляющие наркотики", "cases": 848},
            {"code": "no_kpg", "label": "Клиент не относится ни к одной КГ", "cases": 340}]
    figure = charts.bar(rows, count="cases", title="t", subtitle="s")
    narrow, axis = figure["layout"]["meta"]["narrow"], figure["layout"]["yaxis"]
    assert axis["ticktext"] == ["Клиент не относится ни к одной<br>КГ", "Люди, употребляющие наркотики"]
    assert narrow["layout"]["yaxis.ticktext"] == ["Клиент не<br>относится ни к<br>одной КГ",
                                                  "Люди,<br>употребляющие<br>наркотики"]
    assert narrow["wide"]["yaxis.ticktext"] == axis["ticktext"]
    assert narrow["wide"]["height"] == figure["layout"]["height"]
    assert axis["tickvals"] == ["no_kpg", "pwud"]  # codes stay the categories on either layout
    many = charts.bar([{**rows[0], "code": f"c{i}"} for i in range(8)], count="cases", title="t", subtitle="s")
    assert many["layout"]["meta"]["narrow"]["layout"]["height"] > many["layout"]["height"]  # three lines a bar


FRAMES_JS = """() => [...document.querySelectorAll('.chart-frame')].map(f => ({
  id: f.id, drawn: !!f.querySelector('.js-plotly-plot .main-svg'),
  waiting: !!f.querySelector('[data-draw="when-seen"]'), height: Math.round(f.getBoundingClientRect().height)}))"""


@pytest.mark.browser
def test_charts_below_the_first_screen_are_drawn_when_scrolled_to(live_server, browser):
    """Opening a page drew all its charts in one main-thread task (the 16 key-group profiles alone
    ~300 ms), far below the first screen. They are drawn when they come near it, in a frame that
    already has their height, and a page left before they were seen leaves nothing behind."""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server}/key-populations?country=TJ&period=2023H1")
    page.wait_for_selector("#keypop-key-groups .js-plotly-plot[data-fitted='true']", timeout=20_000)
    page.wait_for_function(READY, timeout=20_000)
    before = {f["id"]: f for f in page.evaluate(FRAMES_JS)}
    assert [i for i, f in before.items() if f["drawn"]] == ["keypop-key-groups-frame"]
    assert [i for i, f in before.items() if f["waiting"]] == ["keypop-gender-frame", "keypop-age-frame",
                                                              "keypop-profiles-frame"]
    assert page.evaluate("() => window.reactCharts.waiting()") == 3

    page.locator("#keypop-profiles-frame").scroll_into_view_if_needed()
    page.wait_for_selector("#keypop-profiles .js-plotly-plot[data-fitted='true']", timeout=20_000)
    after = {f["id"]: f for f in page.evaluate(FRAMES_JS)}
    assert after["keypop-profiles-frame"]["drawn"] and not after["keypop-profiles-frame"]["waiting"]
    assert abs(after["keypop-profiles-frame"]["height"] - before["keypop-profiles-frame"]["height"]) <= 1

    # Left before its lower charts were seen: the next page waits only for its own.
    page.goto(f"{live_server}/?country=TJ&period=2023H1")
    page.wait_for_function(READY, timeout=20_000)
    page.click("a.nav-link[href^='/violations']")
    page.wait_for_selector("#violations-heatmap-frame [data-draw='when-seen']", state="attached", timeout=20_000)
    assert page.evaluate("() => window.reactCharts.waiting()") == 1
    page.close()
    assert errors == []
