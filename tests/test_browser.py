"""Headless Chromium against the live server over the demo snapshot.

A shared link shows the published Tajikistan 2023 H1 numbers; a filter changed in the bar
changes the URL and the charts, and back undoes it; a clicked bar filters; a clicked reaction
status slice shows the decline reasons of exactly those cases; no page logs a console error or
asks any host but the app's. Expected numbers come from the project's own query layer
(`summary_document`), and for Tajikistan 2023 H1 also from the published report.

Uses Debian's Chromium (/usr/bin/chromium); the browser is launched inside the first test that
needs it, so a missing browser fails the tests instead of skipping them.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from dashboard.filters import parse_filters
from dashboard.periods import period_range
from dashboard.snapshots import SnapshotStore
from dashboard.summary import summary_document
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

REFERENCE = json.loads((Path(__file__).parent / "fixtures/reference/tajikistan-2023-h1.json").read_text("utf-8"))
TJ_H1 = {"country": ["TJ"], "period": "2023H1"}
TJ_H1_QUERY = "?country=TJ&period=2023H1"
WAIT_MS = 20_000  # generous: the first callbacks of a cold cache run DuckDB queries
DEFAULT_DRILL = "client_declined"
HOTLINE_LAUNCH = "2021-10-01"

# Plotly keeps the figure it drew on its graph div; `null` until the graph has drawn.
FIGURE_JS = """(id) => {
  // A chart below the first screen is drawn when it comes near it (assets/draw_in_view.js): go to it.
  const waiting = document.querySelector('#' + id + ' [data-draw="when-seen"]');
  if (waiting) waiting.scrollIntoView({block: 'center', behavior: 'instant'});
  const g = document.querySelector('#' + id + ' .js-plotly-plot');
  if (!g || !g.data || !g.layout) return null;
  const title = g.layout.title || {};
  return {
    // assets/fit.js wraps long titles with <br> to the chart's width: compare the words.
    title: (title.text || '').replace(/<br>/g, ' '),
    subtitle: ((title.subtitle && title.subtitle.text) || '').replace(/<br>/g, ' '),
    data: g.data.map(t => ({name: t.name === undefined ? null : t.name, x: t.x || null, y: t.y || null,
                            labels: t.labels || null, values: t.values || null, customdata: t.customdata || null})),
  };
}"""

# The viewport point deepest inside the part of `el` that is on top (farthest from any point where
# something else is, or from the edge of its box), for a real mouse click: an edge point would miss
# after the slightest redraw. null when nothing of `el` is on top (Plotly's drag layer covers bars).
POINT_ON_JS = """(el) => {
  el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
  const r = el.getBoundingClientRect(), n = 32, hits = [], misses = [];
  for (let i = 0; i <= n + 1; i++) for (let j = 0; j <= n + 1; j++) {
    const x = r.left + r.width * (i - 0.5) / n, y = r.top + r.height * (j - 0.5) / n;
    const inside = i > 0 && j > 0 && i <= n && j <= n;
    const hit = inside ? document.elementFromPoint(x, y) : null;
    (hit && (hit === el || el.contains(hit)) ? hits : misses).push([x, y]);
  }
  let best = null, depth = -1;
  for (const [x, y] of hits) {
    let d = Infinity;
    for (const [u, v] of misses) d = Math.min(d, (x - u) ** 2 + (y - v) ** 2);
    if (d > depth) { depth = d; best = [x, y]; }
  }
  return best;
}"""

# Dash marks components whose callbacks are running, and graphs waiting to draw; a page is
# settled when its sentence is written, nothing is loading and every graph has drawn.
# A chart below the first screen waits to be scrolled to (data-draw="when-seen", assets/draw_in_view.js).
SETTLED_JS = """(sentenceId) => {
  const s = document.getElementById(sentenceId);
  const graphs = Array.from(document.querySelectorAll('.dash-graph'));
  return !!s && s.textContent.trim().length > 0
    && document.querySelectorAll('[data-dash-is-loading="true"], .dash-graph--pending:not([data-draw])').length === 0
    && graphs.every(g => g.querySelector('.js-plotly-plot[data-fitted="true"] .main-svg, [data-draw="when-seen"]'));
}"""


# ---------------------------------------------------------------- fixtures and helpers


class LazyChromium:
    """One Chromium for the module, started on first use: inside a test, so a missing browser fails it.

    A persistent profile (not an incognito context) keeps the HTTP cache on disk, where Chromium
    also caches compiled scripts: from the third page load on, the 4.8 MB plotly.min.js is not
    compiled again, which more than halves the time of each load.
    """

    def __init__(self, playwright, profile: Path):
        self._playwright = playwright
        self._profile = profile
        self._context = None

    def context(self):
        if self._context is None:
            assert CHROMIUM.exists(), f"Chromium is missing: install Debian's package so {CHROMIUM} exists"
            self._context = self._playwright.chromium.launch_persistent_context(
                self._profile, executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                viewport={"width": 1400, "height": 1000}, locale="en-GB",
                # Bootstrap scrolls smoothly unless motion is reduced, and a point read mid-scroll misses.
                reduced_motion="reduce",
            )
        return self._context

    def close(self):
        if self._context is not None:
            self._context.close()


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    expect.set_options(timeout=WAIT_MS)  # Playwright's default of 5 s is short for a cold first load
    with sync_playwright() as playwright:
        browser = LazyChromium(playwright, tmp_path_factory.mktemp("chromium-profile"))
        yield browser
        browser.close()
    expect.set_options(timeout=5_000)


class Tab:
    """A page that records console errors, uncaught page errors and every request URL.

    The page (and Chromium, on first use) is made by the first `open`, inside the test.
    """

    def __init__(self, chromium: LazyChromium, base_url: str):
        self._chromium = chromium
        self.page: Page | None = None
        self.base_url = base_url
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.requests: list[str] = []

    def open(self, path_and_query: str) -> None:
        if self.page is None:
            page = self.page = self._chromium.context().new_page()
            page.on("console", lambda m: self.console_errors.append(f"{m.text} @ {m.location}")
                    if m.type == "error" else None)
            page.on("pageerror", lambda e: self.page_errors.append(str(e)))
            page.on("request", lambda r: self.requests.append(r.url))
            page.set_default_timeout(WAIT_MS)
        self.page.goto(self.base_url + path_and_query)

    def close(self) -> None:
        if self.page is not None:
            self.page.close()

    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.page.url).query)

    def poll(self, script: str, arg, condition, what: str):
        """Evaluate `script(arg)` until `condition(value)` holds, and return that value.

        Polled from here with page.evaluate, not page.wait_for_function: the app's
        Content-Security-Policy forbids eval, which wait_for_function uses in the page.
        """
        deadline = time.monotonic() + WAIT_MS / 1000
        value = None
        while time.monotonic() < deadline:
            value = self.page.evaluate(script, arg)
            if condition(value):
                return value
            self.page.wait_for_timeout(50)
        pytest.fail(f"never saw {what}; last seen: {value}")

    def figure(self, chart_id: str) -> dict:
        """The figure the graph has drawn, waiting until it has drawn one. The chart is scrolled to
        first, as a reader would: charts below the first screen are drawn when they come near it."""
        return self.poll(FIGURE_JS, chart_id, lambda f: f is not None, f"a figure drawn in #{chart_id}")

    def figure_when(self, chart_id: str, condition, what: str) -> dict:
        """Poll the drawn figure (scrolled to) until `condition(figure)` holds; fail saying `what` was awaited."""
        return self.poll(FIGURE_JS, chart_id, lambda f: f is not None and condition(f), f"#{chart_id} showing {what}")

    def steady(self) -> None:
        """Every chart drawn for good: assets/fit.js may redraw one to fit its title, moving its parts."""
        self.page.wait_for_function(
            "() => [...document.querySelectorAll('.js-plotly-plot')].every(g => g.dataset.fitted === 'true')",
            timeout=10_000)

    def click_element(self, element) -> None:
        """A real mouse click on an SVG element (Plotly's drag layer covers bars, so locator.click refuses)."""
        self.page.mouse.move(0, 0)  # no hover label left over from an earlier click
        point = element.evaluate(POINT_ON_JS)
        if point is None:  # bars lie under the drag layer: their centre is what a user clicks
            element.scroll_into_view_if_needed()
            box = element.bounding_box()
            assert box, "the element to click is not rendered"
            point = [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2]
        self.page.mouse.move(*point)
        self.page.mouse.click(*point)

    def settle(self, sentence_id: str, network: bool = False) -> None:
        """Wait until the page's sentence is written, no callback is pending, every graph has drawn
        and (network=True) no request has been open for half a second."""
        self.poll(SETTLED_JS, sentence_id, bool, f"the page settled (#{sentence_id} written, every graph drawn)")
        if network:
            self.page.wait_for_load_state("networkidle")

    def assert_clean(self) -> None:
        foreign = [url for url in self.requests if not url.startswith(self.base_url + "/")]
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.page_errors, f"uncaught page errors: {self.page_errors}"
        assert not foreign, f"requests to hosts other than the app ({self.base_url}): {foreign}"


@pytest.fixture
def tab(chromium, live_server):
    """A new page for each test: its own history and listeners, the module's browser and cache."""
    tab = Tab(chromium, live_server)
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def expected(demo_data_dir):
    """expected(grain=None, **params) -> the summary document for those filters, from the query layer."""
    snapshot = SnapshotStore(demo_data_dir).get()
    documents: dict[str, dict] = {}

    def summary(grain: str | None = None, **params) -> dict:
        key = json.dumps([grain, params], sort_keys=True)
        if key not in documents:
            documents[key] = summary_document(snapshot, parse_filters(params)[0], grain=grain)
        return documents[key]

    return summary


def kpi_text(number: int) -> str:
    return f"{number:,}"


def counts_by_code(rows: list[dict]) -> dict[str, int]:
    return {row["code"]: row["cases"] for row in rows}


def bar_counts(figure: dict) -> dict[str, int]:
    trace = figure["data"][0]
    assert trace["customdata"] is not None, f"bar chart without codes in customdata: {figure}"
    return dict(zip(trace["customdata"], trace["x"]))


# ---------------------------------------------------------------- tests


def test_shared_link_shows_the_published_headline_numbers(tab, expected):
    doc = expected(**TJ_H1)
    totals = doc["totals"]
    assert (totals["cases"], totals["clients"], totals["qualified_cases"]) == (522, 520, 480)
    assert {k: totals[k] for k in REFERENCE["totals"]} == REFERENCE["totals"]

    tab.open("/" + TJ_H1_QUERY)
    page = tab.page
    expect(page.locator("#kpi-cases")).not_to_have_text("–")
    expect(page.locator("#kpi-cases")).to_have_text("522")
    expect(page.locator("#kpi-clients")).to_have_text("520")
    expect(page.locator("#kpi-qualified")).to_have_text("480")

    expect(page.locator("#filter-country")).to_contain_text("Tajikistan")
    expect(page.locator("#filter-period")).to_contain_text("2023 H1")
    sentence = page.locator("#overview-sentence")
    expect(sentence).to_contain_text("Tajikistan")
    expect(sentence).to_contain_text("1 Jan 2023 – 30 Jun 2023")

    # The key-group bars are the published client counts per key group.
    assert bar_counts(tab.figure("chart-key-groups")) == REFERENCE["key_group_clients"]
    assert page.url == tab.base_url + "/" + TJ_H1_QUERY  # the canonical link is left as it was
    tab.assert_clean()


def test_changing_a_filter_changes_url_and_charts_and_back_undoes_it(tab, expected):
    narrowed = expected(**TJ_H1, key_group=["plhiv"])["totals"]
    assert narrowed["cases"] != 522  # otherwise the KPI could not show the change

    tab.open("/" + TJ_H1_QUERY)
    page = tab.page
    expect(page.locator("#kpi-cases")).to_have_text("522")
    tab.figure_when("overview-trend", lambda f: f["subtitle"] == "n = 522 cases", "the unfiltered trend")

    page.locator("#filter-key-group").click()
    page.keyboard.type("People living with HIV")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")

    expect(page).to_have_url(re.compile(r"[?&]key_group=plhiv(&|$)"))
    assert tab.query() == {"country": ["TJ"], "period": ["2023H1"], "key_group": ["plhiv"]}
    expect(page.locator("#kpi-cases")).to_have_text(kpi_text(narrowed["cases"]))
    expect(page.locator("#kpi-clients")).to_have_text(kpi_text(narrowed["clients"]))
    expect(page.locator("#kpi-qualified")).to_have_text(kpi_text(narrowed["qualified_cases"]))
    expect(page.locator("#filter-key-group")).to_contain_text("People living with HIV")
    expect(page.locator("#overview-sentence")).to_contain_text("key group: People living with HIV")
    want = f"n = {narrowed['cases']:,} cases"
    tab.figure_when("overview-trend", lambda f: f["subtitle"] == want, f"the subtitle {want!r}")

    page.go_back()
    expect(page).to_have_url(tab.base_url + "/" + TJ_H1_QUERY)
    expect(page.locator("#kpi-cases")).to_have_text("522")
    expect(page.locator("#kpi-clients")).to_have_text("520")
    expect(page.locator("#filter-key-group")).not_to_contain_text("People living with HIV")
    tab.figure_when("overview-trend", lambda f: f["subtitle"] == "n = 522 cases", "the unfiltered trend again")
    tab.assert_clean()


def test_clicking_a_key_group_bar_filters_by_it(tab, expected):
    tab.open("/" + TJ_H1_QUERY)
    page = tab.page
    expect(page.locator("#kpi-cases")).to_have_text("522")
    counts = bar_counts(tab.figure("chart-key-groups"))
    tab.steady()
    code = "tb" if "tb" in counts else next(iter(counts))
    index = page.evaluate(FIGURE_JS, "chart-key-groups")["data"][0]["customdata"].index(code)
    bars = page.locator("#chart-key-groups .barlayer .trace .point path")
    assert bars.count() == len(counts)

    tab.click_element(bars.nth(index))  # one bar per point, in the trace's order

    expect(page).to_have_url(re.compile(rf"[?&]key_group={code}(&|$)"))
    assert tab.query() == {"country": ["TJ"], "period": ["2023H1"], "key_group": [code]}
    narrowed = expected(**TJ_H1, key_group=[code])["totals"]
    # The bar counted clients in the group; filtered by it, the clients tile shows the same number.
    assert narrowed["clients"] == counts[code]
    expect(page.locator("#kpi-clients")).to_have_text(kpi_text(narrowed["clients"]))
    expect(page.locator("#kpi-cases")).to_have_text(kpi_text(narrowed["cases"]))
    tab.assert_clean()


def test_reaction_status_slice_drills_down_to_exactly_those_cases(tab, expected):
    scope = expected(**TJ_H1)
    unfiltered = counts_by_code(scope["breakdowns"]["decline_reason"])
    statuses = [row["code"] for row in scope["breakdowns"]["reaction_status"]]  # largest first
    by_status: dict[str, tuple[int, dict[str, int]]] = {}

    def drill(code: str) -> tuple[int, dict[str, int]]:
        """(cases, decline reason counts) for the scope with that reaction status added."""
        if code not in by_status:
            doc = expected(**TJ_H1, reaction_status=[code])
            by_status[code] = (doc["totals"]["cases"], counts_by_code(doc["breakdowns"]["decline_reason"]))
        return by_status[code]

    default_reasons = drill(DEFAULT_DRILL)[1]
    assert default_reasons and default_reasons != unfiltered  # so a drill-down ignoring the status would show
    # The largest other status whose reasons differ from both the default's and the unfiltered ones.
    other = next((code for code in statuses if code != DEFAULT_DRILL
                  and drill(code)[1] and drill(code)[1] not in (default_reasons, unfiltered)), None)
    assert other, f"no status besides {DEFAULT_DRILL} has decline reasons of its own: {by_status}"

    def showing(code):
        cases, reasons = drill(code)
        return lambda f: (bool(f["data"]) and f["data"][0]["customdata"] is not None
                          and bar_counts(f) == reasons and f"n = {cases:,} cases with status" in f["subtitle"])

    tab.open("/response" + TJ_H1_QUERY)
    page = tab.page
    tab.figure_when("chart-decline-reasons", showing(DEFAULT_DRILL), f"the reasons of {DEFAULT_DRILL} cases")

    pie = tab.figure_when("chart-reaction-status", lambda f: bool(f["data"]), "the reaction status donut")["data"][0]
    assert pie["customdata"] == statuses  # slice order is the breakdown's order
    assert pie["values"] == [row["cases"] for row in scope["breakdowns"]["reaction_status"]]

    def click_slice(code):
        tab.steady()  # the slice is found, then clicked, where it will stay
        index = pie["customdata"].index(code)
        # Plotly binds each slice to its point; the point number says which slice is which.
        handle = page.evaluate_handle(
            """(i) => { const slices = Array.from(document.querySelectorAll('#chart-reaction-status .slice'));
                        const s = slices.find(e => e.__data__ && e.__data__.i === i) || slices[i];
                        return s && s.querySelector('path.surface'); }""", index)
        element = handle.as_element()
        assert element is not None, f"no slice drawn for {code}"
        tab.click_element(element)

    click_slice(other)
    label = pie["labels"][pie["customdata"].index(other)]
    figure = tab.figure_when("chart-decline-reasons", showing(other), f"the reasons of {other} cases")
    assert label[:40] in figure["subtitle"]
    # The drill-down is a view setting, not a filter: the filters stay, the status joins the URL.
    assert page.url == tab.base_url + "/response" + TJ_H1_QUERY + f"&drill={other}"

    # And back to "the client did not want to resolve the case", clicked explicitly.
    click_slice(DEFAULT_DRILL)
    tab.figure_when("chart-decline-reasons", showing(DEFAULT_DRILL), f"the reasons of {DEFAULT_DRILL} again")
    tab.assert_clean()


PAGES = [("/", "overview"), ("/key-populations", "key_populations"), ("/violations", "violations"),
         ("/response", "response"), ("/trends", "trends"), ("/geography", "geography"),
         ("/methodology", "methodology")]


@pytest.mark.parametrize(("path", "page_name"), PAGES, ids=[name for _, name in PAGES])
def test_page_logs_no_error_and_asks_no_other_host(tab, path, page_name):
    tab.open(path + TJ_H1_QUERY + "&key_group=plhiv")
    tab.settle(f"{page_name}-sentence", network=True)
    sentence = tab.page.locator(f"#{page_name}-sentence")
    if page_name != "methodology":  # methodology's sentence describes the data, not the filters
        expect(sentence).to_contain_text("Tajikistan, 1 Jan 2023 – 30 Jun 2023")
    expect(tab.page.locator("#filter-notice .alert")).to_have_count(0)
    assert tab.requests, "no request was recorded"
    assert any("/_dash-update-component" in url for url in tab.requests)
    tab.assert_clean()


def test_junk_query_string_shows_a_notice_and_the_valid_rest(tab, expected):
    totals = expected(key_group=["plhiv"])["totals"]
    tab.open("/?country=XX&period=nonsense&key_group=plhiv")
    page = tab.page
    notice = page.locator("#filter-notice .alert")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("'XX'")
    expect(notice).to_contain_text("'nonsense'")
    expect(page.locator("#kpi-cases")).to_have_text(kpi_text(totals["cases"]))
    expect(page.locator("#kpi-clients")).to_have_text(kpi_text(totals["clients"]))
    expect(page.locator("#kpi-qualified")).to_have_text(kpi_text(totals["qualified_cases"]))
    expect(page.locator("#overview-sentence")).to_have_text(
        "Cases in all countries, all dates; key group: People living with HIV")
    expect(page.locator("#filter-key-group")).to_contain_text("People living with HIV")
    tab.settle("overview-sentence")
    tab.assert_clean()


def test_trends_view_settings_come_from_the_url(tab, expected):
    tab.open("/trends?country=TJ&grain=quarter&split=intake_channel")
    page = tab.page
    figure = tab.figure_when("trends-chart", lambda f: any(t["name"] == "Hotline" for t in f["data"]),
                             "a Hotline series")
    assert "quarter" in figure["title"].lower() and "intake channel" in figure["title"].lower(), figure["title"]
    hotline = next(t for t in figure["data"] if t["name"] == "Hotline")
    points = [(x[:10], y) for x, y in zip(hotline["x"], hotline["y"])]
    before = [(x, y) for x, y in points if x < HOTLINE_LAUNCH and y]
    after = [(x, y) for x, y in points if x >= HOTLINE_LAUNCH and y]
    assert not before, f"Hotline cases before the hotline opened: {before}"
    assert after, "no Hotline cases after the hotline opened"
    assert all(re.fullmatch(r"\d{4}-(01|04|07|10)-01", x) for x, _ in points), points  # quarter starts

    # The series is the query layer's Hotline trend for Tajikistan, quarter by quarter.
    want = expected(grain="quarter", country=["TJ"], intake_channel=["hotline"])
    assert sum(y for _, y in points) == want["totals"]["cases"]
    assert {x: y for x, y in points if y} == {
        period_range(b["period"])[0].isoformat(): b["cases"] for b in want["trend"] if b["cases"]}

    expect(page.locator("#trends-split")).to_contain_text("Intake channel")
    expect(page.locator("#trends-grain input[value='quarter']")).to_be_checked()
    tab.settle("trends-sentence")
    assert tab.query() == {"country": ["TJ"], "grain": ["quarter"], "split": ["intake_channel"]}
    tab.assert_clean()
