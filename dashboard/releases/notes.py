"""The publisher's own words in a release: a contact line, notes, and context under a table or row.

Written by the country team before publishing (a TOML file given to `publish --notes`, later a
form), frozen in the release with everything else. Every text is in English and Russian, as the
release pages are; plain text only (pages escape it), at most MAX_CHARS characters each.

    contact.en = "To request more detailed data for advocacy, contact: data@example.org"
    contact.ru = "Чтобы запросить более подробные данные, пишите: data@example.org"
    [notes]
    en = "Cases documented by 14 REActors in 5 regions."
    ru = "Случаи задокументированы 14 REActor'ами в 5 регионах."
    [context."key_group_profile/lgbtiq"]     # under one row of a table (or "service": a whole table)
    en = "In the second half of 2021, employees of the Tiberius project joined REAct…"
    ru = "Во втором полугодии 2021 года к REAct присоединились сотрудники проекта Tiberius…"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from dashboard.vocab import LANGUAGES

MAX_CHARS = 2000
KEYS = ("contact", "notes", "context")


class NotesError(ValueError):
    """A notes file that cannot be used, with the reason (shown to the publisher as is)."""


def _texts(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        keys = ", ".join(f"{where}.{lang}" for lang in LANGUAGES)
        raise NotesError(f"{where}: give the text in each language ({keys})")
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise NotesError(f"{where}: unknown language {', '.join(unknown)} (only {', '.join(LANGUAGES)})")
    texts = {}
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise NotesError(f"{where}.{lang} is missing: every note is published in {' and '.join(LANGUAGES)}")
        if len(text) > MAX_CHARS:
            raise NotesError(f"{where}.{lang} has {len(text)} characters; at most {MAX_CHARS}")
        texts[lang] = text.strip()
    return texts


def parse(data: dict, tables: dict) -> dict:
    """The notes as stored in a release, checked against the release's own tables and rows."""
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise NotesError(f"unknown entry {', '.join(unknown)} (a notes file has {', '.join(KEYS)})")
    out: dict = {}
    for key in ("contact", "notes"):
        if key in data:
            out[key] = _texts(data[key], key)
    context = data.get("context", {})
    if not isinstance(context, dict):
        raise NotesError('context: give one entry per table or row, e.g. [context."key_group_profile/lgbtiq"]')
    out_context = {}
    for place, texts in context.items():
        table, _, row = place.partition("/")
        if table not in tables:
            raise NotesError(f"context.{place}: the release has no table {table!r} ({', '.join(tables)})")
        if row and all(r["code"] != row for r in tables[table]["rows"]):
            codes = ", ".join(r["code"] for r in tables[table]["rows"])
            raise NotesError(f"context.{place}: table {table} has no row {row!r} ({codes})")
        out_context[place] = _texts(texts, f"context.{place}")
    if out_context:
        out["context"] = out_context
    return out


def read(path: Path | str, tables: dict) -> dict:
    """A notes file, parsed and checked; NotesError says what is wrong and where."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise NotesError(f"cannot read the notes file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise NotesError(f"the notes file {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise NotesError(f"the notes file {path} is not valid TOML: {error}") from None
    return parse(data, tables)
