"""The public pages in headless Chromium at a phone's 390 px (and 320 px) and a laptop's 1366 px,
in English and Russian: nothing overflows its box, no category label is cut or merged, the
seed's shares are there, and axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest

from dashboard.releases.publish import make_scope, publish
from tests.axe import serious_violations

pytestmark = pytest.mark.browser

# Elements whose content is wider than their box, or that reach past the right edge of the page
# (the visually hidden table captions are 1 px boxes by design and are skipped).
OVERFLOWING = """() => [...document.querySelectorAll('main *, header *, footer *')]
  .filter(e => !e.closest('.sr-only') && !e.closest('svg'))
  .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
               || e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(e => e.tagName + '#' + e.id + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40))"""


@pytest.fixture(scope="module")
def release(demo_data_dir):
    return publish(demo_data_dir, make_scope(["TJ"], False, "2023H1"))


def _open(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(url)
    return context, page


@pytest.mark.parametrize("width", [320, 390, 1366])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_release_page_fits_the_screen_with_every_label_whole(live_server, release, browser, width, lang):
    context, page = _open(browser, f"{live_server}/releases/{release['release_id']}?lang={lang}", width)
    try:
        assert page.evaluate(OVERFLOWING) == []
        assert page.evaluate("document.documentElement.scrollWidth") == width
        reasons = release["tables"]["decline_reason"]["rows"]
        shown = page.eval_on_selector_all("#release-chart-decline-reason tbody th",
                                          "els => els.map(e => e.innerText.trim())")
        assert shown == [r["label"][lang] for r in reasons] and len(shown) == 8
        share = page.inner_text("#release-chart-reaction-status tr[data-code=resolved_positive] .share")
        assert share == ("66.9%" if lang == "en" else "66,9\u00a0%")
        assert page.is_visible("#release-chart-reaction-status tr[data-code=resolved_positive] .share")
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/releases", "/releases/{id}", "/releases/{id}?lang=ru", "/releases/methodology",
                                  "/releases/methodology?lang=ru", "/releases/{id}/embed/decline_reason"])
@pytest.mark.parametrize("width", [390, 1366])
def test_axe_finds_no_serious_violation_on_the_public_pages(live_server, release, browser, path, width):
    context, page = _open(browser, live_server + path.format(id=release["release_id"]), width)
    try:
        assert serious_violations(page) == []
    finally:
        context.close()
