"""Debian's Chromium for the browser tests: where it is and how it is started (one place for all).

Browsers cannot be downloaded here, so tests drive /usr/bin/chromium (`make test` installs it).
Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def launch(playwright):
    """A headless Chromium browser; fails with what to install when Chromium is missing."""
    assert CHROMIUM.exists(), f"Chromium is missing: install Debian's package so {CHROMIUM} exists"
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# Every graph has a figure, drawn or waiting to be (draw_in_view.js marks it), and nothing is loading.
CHARTS_ARRIVED_JS = """() => !!window.reactCharts && !document.querySelector('[data-dash-is-loading="true"]')
  && document.querySelectorAll('.dash-graph').length > 0
  && [...document.querySelectorAll('.dash-graph')].every(g => g.querySelector('.js-plotly-plot, [data-draw]'))"""

# One screen down; true at the foot of the page.
SCREEN_DOWN_JS = """() => { window.scrollTo({top: window.scrollY + window.innerHeight, behavior: 'instant'});
  return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1; }"""


def scroll_through(page, *, steps: int = 40) -> None:
    """Scroll to the foot of the page a screen at a time, then back to the top, as a reader does.

    A chart below the first screen is drawn when it comes near the screen (assets/draw_in_view.js):
    a test that looks at every chart of a page gets them drawn the way a reader does."""
    for _poll in range(400):  # the page's figures first: scrolled past before they arrive, they would wait
        if page.evaluate(CHARTS_ARRIVED_JS):
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the page's charts never arrived")
    # Again from the top if the foot moved: a chart drawn on the way down can be taller than its frame
    # was (fit.js wraps its title), so the foot first seen was not the last.
    for _pass in range(3):
        for _step in range(steps):
            at_foot = page.evaluate(SCREEN_DOWN_JS)
            page.wait_for_timeout(100)  # the intersection observer reports after the next frame
            if at_foot:
                break
        for _poll in range(40):
            if page.evaluate("() => window.reactCharts.waiting() === 0"):
                page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")
                return
            page.wait_for_timeout(50)
        page.evaluate("() => window.scrollTo({top: 0, behavior: 'instant'})")
    still = page.evaluate("() => [...document.querySelectorAll('[data-draw]')].map(g => g.closest('[id]').id)")
    raise AssertionError(f"charts still waiting to be drawn after scrolling through {page.url}: {still}")
