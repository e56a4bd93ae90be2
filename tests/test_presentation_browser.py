"""Presentation mode, download links and printing in headless Chromium, against the live server.

Presentation mode opens from the page toolbar on the overview for Tajikistan 2023 H1, shows the
first chart with its title, `n`, filter sentence and data date, moves with the arrow keys and
closes with Escape; the download links follow the URL's filters; printing hides the controls
and draws the charts at the paper's width. No console errors (CSP violations are console errors).
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TJ_H1 = "?country=TJ&period=2023H1"
WAIT_MS = 20_000
GRAPHS = "document.querySelectorAll('.chart-card .js-plotly-plot')"
CHARTS = "document.querySelectorAll('.chart-card .dash-graph')"  # drawn or not yet
# The first screen drawn; the overview's two lower charts wait to be scrolled to (draw_in_view.js).
SETTLED_JS = """() => {
  const sentence = document.getElementById('overview-sentence');
  const date = document.getElementById('header-data-date');
  const graphs = Array.from(GRAPHS);
  return !!sentence && sentence.textContent.trim().length > 0 && !!date && date.textContent.trim().length > 0
    && CHARTS.length >= 3 && graphs.length >= 1 && graphs.every(g => g.data && g.querySelector('.main-svg'))
    && document.querySelectorAll('[data-dash-is-loading="true"]').length === 0;
}""".replace("GRAPHS", GRAPHS).replace("CHARTS", CHARTS)
WAITING_JS = "() => window.reactCharts.waiting()"
# Each graph drawn at its frame's width (not the paper's), give or take a pixel of rounding.
AT_SCREEN_WIDTH_JS = (f"() => Array.from({GRAPHS}).every(g => Math.abs(g._fullLayout.width"
                      " - g.parentElement.getBoundingClientRect().width) <= 1)")
TITLES_JS = f"() => Array.from({GRAPHS}).map(g => [g.layout.title.text, g.layout.title.subtitle.text])"
WIDTHS_JS = f"() => Array.from({GRAPHS}).map(g => g._fullLayout.width)"
CARD_HEIGHTS_JS = ("() => Array.from(document.querySelectorAll('.chart-card'))"
                   ".map(c => c.getBoundingClientRect().height)")


@pytest.fixture
def page(browser, live_server):
    """The overview for Tajikistan 2023 H1, settled, recording console and page errors."""
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    tab.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(live_server + "/" + TJ_H1)
    tab.wait_for_function(SETTLED_JS)
    yield tab
    assert not errors, f"console or page errors: {errors}"
    tab.close()


def test_presentation_mode_shows_one_chart_per_slide(page):
    cards = page.evaluate(f"() => {CHARTS}.length")
    assert page.evaluate(WAITING_JS) == 2  # not scrolled to: presentation must draw them itself
    sentence = page.text_content("#overview-sentence").strip()
    data_date = page.text_content("#header-data-date").strip()
    assert sentence == "Cases in Tajikistan, 1 Jan 2023 – 30 Jun 2023" and data_date.startswith("Data as of ")

    page.click("#overview-present")
    overlay = page.locator(".react-present")
    expect(overlay).to_be_visible()
    charts = page.evaluate(TITLES_JS)
    assert len(charts) == cards == 3 and page.evaluate(WAITING_JS) == 0
    expect(overlay.locator(".react-present-plot .main-svg").first).to_be_visible()
    expect(overlay).to_have_attribute("data-slide", "1")
    expect(overlay.locator(".react-present-title")).to_have_text(charts[0][0])
    expect(overlay.locator(".react-present-n")).to_have_text(charts[0][1])
    expect(overlay.locator(".react-present-source")).to_have_text(f"{sentence} · {data_date}")
    expect(overlay.locator(".react-present-count")).to_have_text(f"1 of {len(charts)}")
    box = overlay.bounding_box()
    assert box and box["width"] >= 1400 and box["height"] >= 900  # the whole screen

    page.keyboard.press("ArrowRight")
    expect(overlay).to_have_attribute("data-slide", "2")
    expect(overlay.locator(".react-present-title")).to_have_text(charts[1][0])
    assert page.evaluate("() => document.querySelector('.react-present-plot').data[0].x") == \
        page.evaluate("() => document.querySelector('#chart-key-groups .js-plotly-plot').data[0].x")
    page.keyboard.press("ArrowLeft")
    expect(overlay).to_have_attribute("data-slide", "1")
    expect(overlay.locator(".react-present-title")).to_have_text(charts[0][0])
    page.keyboard.press("ArrowLeft")  # the first slide stays first
    expect(overlay).to_have_attribute("data-slide", "1")
    page.keyboard.press("End")
    expect(overlay).to_have_attribute("data-slide", str(len(charts)))

    page.keyboard.press("Escape")
    expect(overlay).to_have_count(0)
    assert page.evaluate("() => document.fullscreenElement") is None
    expect(page.locator("#overview-present")).to_be_focused()


def test_download_links_follow_the_filters(page):
    png = page.locator('a.dropdown-item[href^="/export/overview/chart-key-groups.png"]')
    expect(png).to_have_attribute("href", "/export/overview/chart-key-groups.png" + TJ_H1)
    deck = page.locator('.page-toolbar a[href^="/export/overview.pptx"]')
    expect(deck).to_have_attribute("href", "/export/overview.pptx" + TJ_H1)
    # A filter change rewrites the URL in place (no reload); back/forward does the same.
    page.evaluate("() => { history.pushState({}, '', '/?country=TJ&period=2023Q1');"
                  " window.dispatchEvent(new PopStateEvent('popstate')); }")
    expect(png).to_have_attribute("href", "/export/overview/chart-key-groups.png?country=TJ&period=2023Q1")
    expect(deck).to_have_attribute("href", "/export/overview.pptx?country=TJ&period=2023Q1")
    expect(page.locator("#overview-sentence")).to_have_text("Cases in Tajikistan, 1 Jan 2023 – 31 Mar 2023")


def test_printing_keeps_the_title_block_and_drops_the_controls(page):
    screen_widths = page.evaluate(WIDTHS_JS)
    assert len(screen_widths) == 1 and page.evaluate(WAITING_JS) == 2  # paper must have the two not scrolled to
    # As a browser prints: `beforeprint` first, then the print layout.
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    for selector in (".navbar", ".filter-bar", ".page-toolbar", ".chart-downloads", ".chart-hint"):
        expect(page.locator(selector).first).to_be_hidden()
    for selector in ("h1", "#overview-sentence", "#header-data-date", "#chart-key-groups"):
        expect(page.locator(selector).first).to_be_visible()
    assert page.evaluate("() => getComputedStyle(document.querySelector('.chart-card')).breakInside") == "avoid"
    assert page.evaluate(WIDTHS_JS) == [700] * 3
    page.wait_for_timeout(500)  # a late resize must not collapse a chart to nothing on paper
    heights = page.evaluate(CARD_HEIGHTS_JS)
    assert all(h > 250 for h in heights), heights
    page.emulate_media(media="screen")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function(f"(expected) => JSON.stringify(({WIDTHS_JS})().slice(0, 1)) === expected",
                           arg=json.dumps(screen_widths, separators=(",", ":")))
    page.wait_for_function(AT_SCREEN_WIDTH_JS)
