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
