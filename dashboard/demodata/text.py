"""How a batch of demo cases is written as text: labels, dates, numbers.

Owns the turn from `CaseBlock` columns (indices, bit masks, day numbers) into the export's
cell strings: codes for most rows and, for the localized rows, the vocabulary's Russian or
English labels or aliases (so the importer's label matching is exercised); ISO dates or
DD.MM.YYYY; yes/no or да/нет. Multi-valued cells list the primary key group first, so an
empty primary_key_group still means the intended group. Label strings come from the product
vocabulary (`dashboard.vocab`), read on first use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from dashboard.vocab import vocabulary

from .model import (
    CODE_LISTS,
    VARIANT_ALIAS_FIRST,
    VARIANT_ALIAS_LAST,
    VARIANT_CODE,
    VARIANT_EN,
    VARIANT_RU,
    CaseBlock,
)
from .timeline import EPOCH

FIRST_DATE, LAST_DATE = dt.date(2014, 1, 1), dt.date(2026, 12, 31)
YES_NO = (("no", "yes"), ("нет", "да"), ("No", "Yes"), ("false", "true"), ("Нет", "Да"))
AGE_TEXT = np.array([str(i) for i in range(121)] + [""], dtype=object)
PRIMARY_SHIFT, VARIANT_SHIFT = 32, 40


def _forms(dimension: str, code: str) -> tuple[str, ...]:
    entry = next(e for e in vocabulary().entries(dimension) if e.code == code)
    first = entry.aliases[0] if entry.aliases else entry.en
    last = entry.aliases[-1] if entry.aliases else entry.ru
    forms = {
        VARIANT_CODE: code,
        VARIANT_RU: entry.ru,
        VARIANT_EN: entry.en,
        VARIANT_ALIAS_FIRST: first,
        VARIANT_ALIAS_LAST: last,
    }
    return tuple(forms[v] for v in range(5))


@dataclass
class Labels:
    """Every written form of one dimension's codes, with a cache of multi-valued cells."""

    dimension: str
    forms: list[tuple[str, ...]]  # forms[variant][index]
    single: np.ndarray  # object (variants, codes + 1); the last column is "" (index -1)
    cache: dict[int, str] = field(default_factory=dict)

    @classmethod
    def build(cls, dimension: str) -> Labels:
        per_code = [_forms(dimension, c) for c in CODE_LISTS[dimension]]
        forms = [tuple(p[v] for p in per_code) for v in range(5)]
        single = np.array([list(row) + [""] for row in forms], dtype=object)
        return cls(dimension, forms, single)

    def one(self, variant: np.ndarray, index: np.ndarray) -> np.ndarray:
        return self.single[variant, index]

    def many(self, variant: np.ndarray, mask: np.ndarray, first: np.ndarray | None = None) -> np.ndarray:
        """Cells of `;`-separated labels; `first` (optional) is listed before the others."""
        key = variant.astype(np.int64) << VARIANT_SHIFT | mask.astype(np.int64)
        if first is not None:
            key |= first.astype(np.int64) << PRIMARY_SHIFT
        unique, inverse = np.unique(key, return_inverse=True)
        return np.array([self._cell(int(k)) for k in unique], dtype=object)[inverse]

    def _cell(self, key: int) -> str:
        cell = self.cache.get(key)
        if cell is None:
            cell = self._compose(key)
            self.cache[key] = cell
        return cell

    def _compose(self, key: int) -> str:
        variant, first = key >> VARIANT_SHIFT, key >> PRIMARY_SHIFT & 0xFF
        mask = key & 0xFFFFFFFF
        indices = [i for i in range(len(self.forms[0])) if mask >> i & 1]
        if self.dimension == "key_group":
            indices.sort(key=lambda i: i != first)
        separator = ";" if variant == VARIANT_CODE else "; "
        return separator.join(self.forms[variant][i] for i in indices)


@lru_cache(maxsize=1)
def labels() -> dict[str, Labels]:
    return {dimension: Labels.build(dimension) for dimension in CODE_LISTS}


@lru_cache(maxsize=1)
def date_texts() -> tuple[int, np.ndarray, np.ndarray]:
    """(first day number, ISO strings, DD.MM.YYYY strings); the last entry of each is ""."""
    days = [FIRST_DATE + dt.timedelta(k) for k in range((LAST_DATE - FIRST_DATE).days + 1)]
    iso = np.array([d.isoformat() for d in days] + [""], dtype=object)
    dmy = np.array([d.strftime("%d.%m.%Y") for d in days] + [""], dtype=object)
    return (FIRST_DATE - EPOCH).days, iso, dmy


def dates(days: np.ndarray, day_first: np.ndarray) -> np.ndarray:
    first, iso, dmy = date_texts()
    index = np.where(days < 0, -1, days - first)
    return np.where(day_first, dmy[index], iso[index])


def yes_no(variant: np.ndarray, value: np.ndarray) -> np.ndarray:
    return np.array(YES_NO, dtype=object)[variant, value.astype(np.int8)]


def cells(block: CaseBlock) -> list[list[str]]:
    """The block's columns as lists of cell strings, in the order of `model.HEADER`."""
    lab, v = labels(), block.variant
    primary_written = np.where(block.primary_blank, -1, block.primary)
    columns = [
        block.case_id,
        block.client_id,
        lab["country"].one(v, block.country),
        block.region,
        block.organization,
        dates(block.registered, block.day_first),
        dates(block.incident, block.day_first),
        lab["intake_channel"].one(v, block.channel),
        lab["gender"].one(v, block.gender),
        AGE_TEXT[block.age],
        lab["age_group"].one(v, block.age_group),
        lab["key_group"].many(v, block.key_groups, block.primary),
        lab["key_group"].one(v, primary_written),
        yes_no(v, block.qualified),
        lab["violation"].many(v, block.violations),
        lab["perpetrator"].many(v, block.perpetrators),
        lab["reaction_status"].one(v, block.status),
        lab["decline_reason"].many(v, block.decline),
        lab["service"].many(v, block.provided),
        lab["service"].many(v, block.referred),
        lab["service"].many(v, block.unavailable),
        block.narrative,
        block.reactor,
    ]
    return [c if isinstance(c, list) else c.tolist() for c in columns]
