"""The controlled vocabularies: codes, English and Russian labels, aliases.

This module owns the one rule for matching a label from an export or a user to a code
(trim, collapse inner whitespace, ignore case; match code, en, ru or an alias) and the one
place where a code turns back into a label in a language. The list itself is
`vocabularies.csv` beside this file, a copy of the import contract's list.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("vocabularies.csv")

DIMENSIONS = (
    "country",
    "key_group",
    "gender",
    "age_group",
    "perpetrator",
    "violation",
    "reaction_status",
    "decline_reason",
    "service",
    "intake_channel",
)

LANGUAGES = ("en", "ru")

_WHITESPACE = re.compile(r"\s+")


def normalize_text(value: str) -> str:
    """Trim and collapse inner whitespace (the contract's rule for labels, regions, orgs)."""
    return _WHITESPACE.sub(" ", value).strip()


def match_key(value: str) -> str:
    """The form two labels are compared in: normalized and case-folded."""
    return normalize_text(value).casefold()


@dataclass(frozen=True)
class Entry:
    dimension: str
    code: str
    en: str
    ru: str
    aliases: tuple[str, ...]

    def label(self, lang: str = "en") -> str:
        return self.ru if lang == "ru" else self.en


class Vocabulary:
    """All entries of every dimension, with lookups by code and by any label form."""

    def __init__(self, entries: list[Entry]):
        self._entries: dict[str, list[Entry]] = {d: [] for d in DIMENSIONS}
        self._by_key: dict[str, dict[str, str]] = {d: {} for d in DIMENSIONS}
        for entry in entries:
            self._entries[entry.dimension].append(entry)
            keys = {entry.code, entry.en, entry.ru, *entry.aliases}
            for key in keys:
                folded = match_key(key)
                taken = self._by_key[entry.dimension].get(folded)
                if taken is not None and taken != entry.code:
                    raise ValueError(
                        f"vocabulary: {entry.dimension} label {key!r} names both {taken} and {entry.code}"
                    )
                self._by_key[entry.dimension][folded] = entry.code

    def entries(self, dimension: str) -> list[Entry]:
        return list(self._entries[dimension])

    def codes(self, dimension: str) -> tuple[str, ...]:
        return tuple(e.code for e in self._entries[dimension])

    def match(self, dimension: str, value: str) -> str | None:
        """The code a label names, or None when it names nothing (the caller reports it)."""
        return self._by_key[dimension].get(match_key(value))

    def closest(self, dimension: str, value: str) -> str | None:
        """The label (English or Russian, as the value is written) nearest a value that matches
        nothing, when one is close enough to be a typo ("did you mean …?"); never used to import."""
        from rapidfuzz import fuzz, process

        cyrillic = any("а" <= ch.lower() <= "я" or ch.lower() == "ё" for ch in value)
        choices = {match_key(e.ru if cyrillic else e.en): e.ru if cyrillic else e.en for e in self._entries[dimension]}
        choices.update({match_key(a): e.ru if cyrillic else e.en for e in self._entries[dimension] for a in e.aliases})
        found = process.extractOne(match_key(value), list(choices), scorer=fuzz.ratio, score_cutoff=75)
        return choices[found[0]] if found else None

    def label(self, dimension: str, code: str, lang: str = "en") -> str:
        for entry in self._entries[dimension]:
            if entry.code == code:
                return entry.label(lang)
        return code

    def labels(self, dimension: str, lang: str = "en") -> dict[str, str]:
        return {e.code: e.label(lang) for e in self._entries[dimension]}


def _read(path: Path) -> list[Entry]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entries = []
    for row in rows:
        if row["dimension"] not in DIMENSIONS:
            raise ValueError(f"vocabulary: unknown dimension {row['dimension']!r}")
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a.strip())
        entries.append(Entry(row["dimension"], row["code"], row["en"], row["ru"], aliases))
    return entries


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The product's vocabulary, read once per process."""
    return Vocabulary(_read(VOCABULARY_FILE))


# Age groups are derived from age when only the age is given; bounds are inclusive.
AGE_GROUP_BOUNDS = (
    ("a00_15", 0, 15),
    ("a16_18", 16, 18),
    ("a19_35", 19, 35),
    ("a36_55", 36, 55),
    ("a56_plus", 56, 120),
)


def age_group_for(age: int) -> str:
    for code, low, high in AGE_GROUP_BOUNDS:
        if low <= age <= high:
            return code
    raise ValueError(f"age {age} is outside 0-120")
