"""Languages of the interface: gettext catalogs (flask-babel), numbers, counts with their unit.

Messages live in `dashboard/translations/<lang>/LC_MESSAGES/messages.po` (compiled `.mo`
beside it; a test checks they agree). English is the source language. The language of a view
is part of its URL (`?lang=ru`); callbacks and layouts run their work inside `use(lang)`.
Category labels are not here: they come from the vocabulary's `ru` column. Plotly's own
texts (mode bar, date ticks) come from plotly.js's `ru` locale, sent with each graph's config.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from babel.numbers import format_decimal
from flask import has_request_context, request
from flask_babel import Babel, force_locale, get_locale, gettext, ngettext

from dashboard.vocab import LANGUAGES  # the vocabulary has a label column per language

TRANSLATIONS_DIR = Path(__file__).with_name("translations")
babel = Babel()

_ = gettext


def N_(message: str) -> str:
    """Marks a message for extraction where it must be translated later, at call time."""
    return message


def init_app(server) -> None:
    server.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS_DIR)
    server.config["BABEL_DEFAULT_LOCALE"] = "en"
    babel.init_app(server, locale_selector=_locale_from_request)


def language(value: object) -> str:
    """An interface language from an untrusted value (a URL's `lang`): English unless it is one we have."""
    return value if isinstance(value, str) and value in LANGUAGES else "en"


def _locale_from_request() -> str:
    return language(request.args.get("lang")) if has_request_context() else "en"


@contextmanager
def use(lang: str):
    """Run the block in a language (callbacks get it from the URL, not from their own request)."""
    with force_locale(language(lang)):
        yield


def current_lang() -> str:
    """The language of the running block (inside `use`), English outside any request."""
    if not has_request_context():
        return "en"
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else "en"


def number(value: int | float) -> str:
    """1,234 in English, 1 234 in Russian."""
    return _formatted(value, current_lang())


# A page formats the same few hundred numbers again and again; Babel's formatting is the costly
# part of drawing a chart's labels. typed=True keeps 1 and 1.0 apart.
@lru_cache(maxsize=8192, typed=True)
def _formatted(value: int | float, lang: str, pattern: str | None = None) -> str:
    return format_decimal(value, format=pattern, locale=lang)


def percent(share: float | None) -> str:
    """52.2% / 52,2 % (rounded half away from zero to one decimal); a dash when there is no share."""
    if share is None:
        return "–"
    lang = current_lang()
    text = _formatted(_round_half_away(share * 100), lang, "0.0")
    return text + ("\u00a0%" if lang == "ru" else "%")


def _round_half_away(value: float) -> float:
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def count(n: int, unit: str) -> str:
    """'522 cases' / '522 случая' for the units of statistics.md (Russian has three plural forms)."""
    # Only the unit asked for is translated (each literal call stays for the message extractor).
    if unit == "cases":
        text = ngettext("%(num)s case", "%(num)s cases", n)
    elif unit == "clients":
        text = ngettext("%(num)s client", "%(num)s clients", n)
    elif unit == "mentions":
        text = ngettext("%(num)s mention", "%(num)s mentions", n)
    else:
        return f"{number(n)} {unit}"
    return text.replace(str(n), number(n), 1)


def n_text(n: int, unit: str) -> str:
    """The subtitle every chart carries: 'n = 522 cases'."""
    return f"n = {count(n, unit)}"


def unit_word(unit: str) -> str:
    """An axis title for a unit."""
    words = {"cases": _("cases"), "clients": _("clients"), "mentions": _("mentions")}
    return words.get(unit, unit)


@lru_cache(maxsize=len(LANGUAGES))
def catalog(lang: str):
    """The compiled catalog of a language, for work outside a request (command line, release files)."""
    from babel.support import NullTranslations, Translations

    if lang == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [lang])


def translate(message: str, lang: str) -> str:
    """gettext in a given language without a request (inside one, use `_` within `use`)."""
    return catalog(lang).gettext(message)


@lru_cache(maxsize=1)
def _plotly_ru() -> dict:
    return json.loads(Path(__file__).with_name("plotly_locale_ru.json").read_text(encoding="utf-8"))


def graph_config(base: dict, lang: str) -> dict:
    """A graph's config in a language: plotly.js's own mode bar and date ticks follow it."""
    if lang != "ru":
        return base
    return {**base, "locale": "ru", "locales": {"ru": _plotly_ru()}}
