"""A filter value in plain words: "Cases in Tajikistan, 1 Jan 2023 – 30 Jun 2023; key group: PLHIV".

Shown under every page title, and carried by exports and slides, so a chart taken out of the
dashboard still says what it shows. Dates are formatted for the language with Babel.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from dashboard.filters import CODED_FILTERS, Filters
from dashboard.vocab import vocabulary

_WORDS = {
    "en": {
        "cases": "Cases", "in": "in", "all_countries": "all countries", "all_dates": "all dates",
        "from": "from", "until": "until", "qualified": "qualified as violations only",
        "key_group": "key group", "primary_key_group": "primary key group", "perpetrator": "perpetrator",
        "violation": "violation", "reaction_status": "reaction status", "gender": "gender",
        "age_group": "age group", "intake_channel": "intake channel", "region": "region",
        "organization": "organization", "or": "or",
    },
    "ru": {
        "cases": "Случаи", "in": "—", "all_countries": "все страны", "all_dates": "за всё время",
        "from": "с", "until": "по", "qualified": "только квалифицированные как нарушения",
        "key_group": "ключевая группа", "primary_key_group": "основная группа", "perpetrator": "нарушитель",
        "violation": "нарушение", "reaction_status": "статус реагирования", "gender": "пол",
        "age_group": "возрастная группа", "intake_channel": "канал обращения", "region": "регион",
        "organization": "организация", "or": "или",
    },
}


def format_day(day: date, lang: str = "en") -> str:
    return format_date(day, "d MMM y", locale=lang)


def describe_range(start: date | None, end: date | None, lang: str = "en") -> str:
    words = _WORDS.get(lang, _WORDS["en"])
    if start and end:
        return f"{format_day(start, lang)} – {format_day(end, lang)}"
    if start:
        return f"{words['from']} {format_day(start, lang)}"
    if end:
        return f"{words['until']} {format_day(end, lang)}"
    return words["all_dates"]


def describe(filters: Filters, lang: str = "en") -> str:
    words = _WORDS.get(lang, _WORDS["en"])
    vocab = vocabulary()
    join = f" {words['or']} "
    countries = join.join(vocab.label("country", c, lang) for c in filters.country) or words["all_countries"]
    head = f"{words['cases']} {words['in']} {countries}, "
    head += describe_range(filters.start, filters.end, lang)
    parts = []
    for name, dimension in CODED_FILTERS.items():
        values = getattr(filters, name)
        if name != "country" and values:
            parts.append(f"{words[name]}: " + join.join(vocab.label(dimension, v, lang) for v in values))
    for name in ("region", "organization"):
        values = getattr(filters, name)
        if values:
            parts.append(f"{words[name]}: " + join.join(values))
    if filters.qualified_only:
        parts.append(words["qualified"])
    return head + ("; " + "; ".join(parts) if parts else "")
