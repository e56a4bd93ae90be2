"""Methodology: a page of definitions; it computes only its data-date sentence (its own callback)."""

from __future__ import annotations

from dashboard.i18n import N_
from dashboard.views import View

VIEW = View("methodology", "/methodology", N_("Methodology"), 6)
