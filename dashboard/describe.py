"""A filter value in plain words: "Cases in Tajikistan, 1 Jan 2023 – 30 Jun 2023; key group: PLHIV".

Shown under every page title, and carried by exports and slides, so a chart taken out of the
dashboard still says what it shows. Dates are formatted for the language with Babel.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from dashboard.catalogue import FILTERS
from dashboard.filters import CODED_FILTERS, TEXT_FILTERS, Filters
from dashboard.i18n import N_, translate
from dashboard.vocab import vocabulary

# Filter names as they read in the sentence (gettext msgids; translated per call).
_NAMES = {spec.name: spec.noun for spec in FILTERS if spec.noun is not None}


def format_day(day: date, lang: str = "en") -> str:
    return format_date(day, "d MMM y", locale=lang)


def describe_range(start: date | None, end: date | None, lang: str = "en") -> str:
    if start and end:
        return f"{format_day(start, lang)} – {format_day(end, lang)}"
    if start:
        return translate(N_("from %(day)s"), lang) % {"day": format_day(start, lang)}
    if end:
        return translate(N_("until %(day)s"), lang) % {"day": format_day(end, lang)}
    return translate(N_("all dates"), lang)


def describe(filters: Filters, lang: str = "en") -> str:
    vocab = vocabulary()
    join = " " + translate(N_("or"), lang) + " "
    countries = join.join(vocab.label("country", c, lang) for c in filters.country)
    if countries:
        head = translate(N_("Cases in %(countries)s, %(dates)s"), lang)
    else:
        head = translate(N_("Cases in all countries, %(dates)s"), lang)
    head = head % {"countries": countries, "dates": describe_range(filters.start, filters.end, lang)}
    parts = []
    for name, dimension in CODED_FILTERS.items():
        values = getattr(filters, name)
        if name != "country" and values:
            parts.append(translate(_NAMES[name], lang) + ": " + join.join(vocab.label(dimension, v, lang)
                                                                          for v in values))
    for name in TEXT_FILTERS:
        values = getattr(filters, name)
        if values:
            parts.append(translate(_NAMES[name], lang) + ": " + join.join(values))
    if filters.qualified_only:
        parts.append(translate(N_("qualified as violations only"), lang))
    return head + ("; " + "; ".join(parts) if parts else "")
