"""What happens in a demo case: perpetrators, violations, response, services, intake, dates.

Owns the vectorized, seeded rules that fill the case fields no published figure fixes, shared
by the ordinary months (`cases.py`) and the Tajikistan reference block (`reference.py`):
perpetrators by the case's primary key group, violations by perpetrator, reaction status,
qualification, decline reasons, services, intake channel (no hotline in Tajikistan and
Uzbekistan before October 2021), incident date, which rows are written with Russian labels
or aliases, and the synthetic narratives. War-related Ukrainian cases (from 24 February 2022)
get their own perpetrators and violations.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .model import (
    AGE_GROUP_BOUNDS,
    CHANNEL,
    DECLINE_REASONS,
    KEY_GROUPS,
    KG,
    PERPETRATORS,
    REASON,
    SERVICE,
    SERVICES,
    STATUS,
    STATUSES,
    VIOLATIONS,
    age_group_of,
)
from .timeline import HOTLINE_COUNTRIES, HOTLINE_OPENED, LAST_YEAR, WAR_STARTED, day_number

LAST_DAY = day_number(dt.date(LAST_YEAR, 12, 31))
LOCALIZED_SHARE = 0.04


def bernoulli_mask(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """A bit mask per row: bit j set with probability p[row, j]."""
    hits = rng.random(p.shape) < p
    weights = (np.uint32(1) << np.arange(p.shape[1], dtype=np.uint32)).astype(np.uint32)
    return (hits.astype(np.uint32) * weights).sum(axis=1, dtype=np.uint32)


def categorical(rng: np.random.Generator, p: np.ndarray) -> np.ndarray:
    """An index per row drawn from the (unnormalized) probabilities p[row, :]."""
    cdf = np.cumsum(p, axis=1)
    u = rng.random(p.shape[0]) * cdf[:, -1]
    return np.minimum((u[:, None] >= cdf).sum(axis=1), p.shape[1] - 1).astype(np.int8)


def _table(
    rows: dict[str, dict[str, float]], keys: tuple[str, ...], columns: tuple[str, ...], default: dict[str, float]
) -> np.ndarray:
    out = np.zeros((len(keys), len(columns)))
    for i, key in enumerate(keys):
        for code, p in rows.get(key, default).items():
            out[i, columns.index(code)] = p
    return out


def _vector(values: dict[str, float], columns: tuple[str, ...]) -> np.ndarray:
    unknown = set(values) - set(columns)
    if unknown:
        raise ValueError(f"not a code here: {sorted(unknown)}")
    return np.array([values.get(code, 0.0) for code in columns])


_DEFAULT_PERP = {
    "healthcare": 0.12,
    "police": 0.15,
    "state_services": 0.1,
    "penitentiary": 0.02,
    "employer": 0.08,
    "education": 0.03,
    "individuals": 0.3,
    "close_surroundings": 0.25,
    "unknown": 0.04,
    "other": 0.04,
}
PERP_BY_GROUP = _table(
    {
        "plhiv": {
            "healthcare": 0.18,
            "police": 0.05,
            "state_services": 0.06,
            "penitentiary": 0.01,
            "employer": 0.05,
            "education": 0.02,
            "individuals": 0.35,
            "close_surroundings": 0.3,
            "unknown": 0.03,
            "other": 0.02,
        },
        "pwud": {
            "healthcare": 0.1,
            "police": 0.5,
            "state_services": 0.05,
            "penitentiary": 0.03,
            "employer": 0.03,
            "individuals": 0.2,
            "close_surroundings": 0.15,
            "unknown": 0.04,
            "other": 0.02,
        },
        "sex_worker": {
            "healthcare": 0.06,
            "police": 0.45,
            "state_services": 0.03,
            "employer": 0.02,
            "individuals": 0.45,
            "close_surroundings": 0.1,
            "unknown": 0.05,
            "other": 0.02,
        },
        "lgbtiq": {
            "healthcare": 0.1,
            "police": 0.3,
            "state_services": 0.03,
            "employer": 0.05,
            "education": 0.05,
            "individuals": 0.35,
            "close_surroundings": 0.25,
            "unknown": 0.08,
            "other": 0.02,
        },
        "tb": {
            "healthcare": 0.35,
            "police": 0.05,
            "state_services": 0.15,
            "penitentiary": 0.05,
            "employer": 0.08,
            "individuals": 0.2,
            "close_surroundings": 0.2,
            "unknown": 0.02,
            "other": 0.02,
        },
        "former_prisoner": {
            "healthcare": 0.08,
            "police": 0.4,
            "state_services": 0.15,
            "penitentiary": 0.15,
            "employer": 0.15,
            "individuals": 0.15,
            "close_surroundings": 0.1,
            "unknown": 0.03,
            "other": 0.02,
        },
        "prisoner": {"penitentiary": 0.7, "healthcare": 0.2, "police": 0.1, "other": 0.02},
        "migrant": {
            "police": 0.35,
            "employer": 0.3,
            "state_services": 0.2,
            "individuals": 0.15,
            "healthcare": 0.08,
            "unknown": 0.03,
            "other": 0.03,
        },
    },
    KEY_GROUPS,
    PERPETRATORS,
    _DEFAULT_PERP,
)

# Chance of each violation given that a perpetrator of the row's kind is on the case.
VIOL_BY_PERP = _table(
    {
        "healthcare": {
            "refusal_of_services": 0.55,
            "discrimination": 0.45,
            "confidentiality_breach": 0.3,
            "emotional_violence": 0.1,
        },
        "police": {
            "unlawful_detention": 0.35,
            "physical_violence": 0.3,
            "extortion": 0.3,
            "emotional_violence": 0.25,
            "discrimination": 0.15,
            "material_damage": 0.08,
            "sexual_violence": 0.04,
        },
        "state_services": {"refusal_of_services": 0.6, "discrimination": 0.4, "other": 0.1},
        "penitentiary": {
            "physical_violence": 0.35,
            "refusal_of_services": 0.35,
            "emotional_violence": 0.3,
            "discrimination": 0.2,
        },
        "employer": {
            "discrimination": 0.6,
            "confidentiality_breach": 0.25,
            "emotional_violence": 0.2,
            "refusal_of_services": 0.1,
            "material_damage": 0.1,
        },
        "education": {"discrimination": 0.7, "emotional_violence": 0.4, "confidentiality_breach": 0.2},
        "individuals": {
            "emotional_violence": 0.4,
            "physical_violence": 0.3,
            "discrimination": 0.3,
            "material_damage": 0.2,
            "extortion": 0.1,
            "sexual_violence": 0.06,
            "confidentiality_breach": 0.1,
        },
        "close_surroundings": {
            "emotional_violence": 0.6,
            "physical_violence": 0.45,
            "material_damage": 0.2,
            "sexual_violence": 0.06,
            "discrimination": 0.15,
        },
        "unknown": {"physical_violence": 0.4, "material_damage": 0.3, "emotional_violence": 0.2, "other": 0.1},
        "other": {"discrimination": 0.3, "other": 0.3, "refusal_of_services": 0.2, "emotional_violence": 0.2},
    },
    PERPETRATORS,
    VIOLATIONS,
    {},
)

VIOL_NO_PERP = _vector(
    {
        "refusal_of_services": 0.55,
        "discrimination": 0.5,
        "physical_violence": 0.02,
        "emotional_violence": 0.15,
        "material_damage": 0.02,
        "confidentiality_breach": 0.05,
        "other": 0.1,
    },
    VIOLATIONS,
)
WAR_PERP = _vector({"police": 0.08, "unknown": 0.45, "other": 0.55}, PERPETRATORS)
WAR_VIOL = _vector(
    {
        "refusal_of_services": 0.05,
        "discrimination": 0.02,
        "physical_violence": 0.5,
        "emotional_violence": 0.2,
        "sexual_violence": 0.03,
        "material_damage": 0.55,
        "unlawful_detention": 0.45,
        "extortion": 0.02,
        "other": 0.05,
    },
    VIOLATIONS,
)

_STATUS = {
    "in_progress": 0.07,
    "resolved_positive": 0.58,
    "resolved_negative": 0.05,
    "partially_resolved": 0.12,
    "no_help_provided": 0.03,
    "lost_contact": 0.04,
    "client_died": 0.004,
    "client_declined": 0.07,
    "no_resolution_required": 0.025,
}
STATUS_P = _vector(_STATUS, STATUSES)
WAR_STATUS_P = _vector(
    {
        **_STATUS,
        "resolved_positive": 0.45,
        "partially_resolved": 0.15,
        "no_help_provided": 0.05,
        "lost_contact": 0.12,
        "client_died": 0.01,
        "client_declined": 0.06,
        "no_resolution_required": 0.06,
    },
    STATUSES,
)
REASON_P = _vector(
    {
        "safety_fears": 0.2,
        "distrust_police": 0.15,
        "self_stigma": 0.45,
        "sogi_disclosure": 0.04,
        "hiv_disclosure": 0.12,
        "not_worth_effort": 0.3,
        "no_faith_in_outcome": 0.3,
        "other": 0.08,
    },
    DECLINE_REASONS,
)
PROVIDED_P = _vector(
    {
        "primary_legal": 0.75,
        "secondary_legal": 0.1,
        "psychosocial": 0.3,
        "medical_social": 0.15,
        "mediation": 0.1,
        "shelter": 0.02,
        "other": 0.03,
    },
    SERVICES,
)
REFERRED_P = _vector(
    {
        "primary_legal": 0.05,
        "secondary_legal": 0.12,
        "psychosocial": 0.06,
        "medical_social": 0.1,
        "mediation": 0.03,
        "shelter": 0.03,
        "other": 0.02,
    },
    SERVICES,
)
UNAVAILABLE_P = _vector(
    {
        "secondary_legal": 0.03,
        "psychosocial": 0.01,
        "medical_social": 0.01,
        "shelter": 0.03,
        "hcv_treatment": 0.02,
        "other": 0.01,
    },
    SERVICES,
)

# Group-specific treatment services: (key group, service, provided, referred, unavailable).
TREATMENT = (
    ("pwud", "ost", 0.1, 0.05, 0.02),
    ("plhiv", "art", 0.12, 0.04, 0.01),
    ("tb", "tb_treatment", 0.1, 0.06, 0.01),
    ("hepc", "hcv_treatment", 0.06, 0.1, 0.08),
)

NARRATIVES = (
    "Synthetic narrative {n}: invented for the demo; no real person, place or event.",
    'Synthetic narrative {n}: the client said "they would not help me", and left.',
    "Synthetic narrative {n}: first line of an invented account,\nsecond line, with commas,\nthird line.",
    'Synthetic narrative {n}: Синтетический текст, не реальные данные; "цитата".',
    "Synthetic narrative {n}: a REActor's note; follow-up planned, details made up.",
    "Synthetic narrative {n}: short.",
)


def perpetrators_for(rng: np.random.Generator, primary: np.ndarray, war: np.ndarray) -> np.ndarray:
    """Perpetrator mask by primary key group; war-related cases by other/unknown perpetrators."""
    p = np.where(war[:, None], WAR_PERP[None, :], PERP_BY_GROUP[primary])
    mask = bernoulli_mask(rng, p)
    empty = mask == 0
    if empty.any():
        pick = categorical(rng, p[empty]).astype(np.uint32)
        keep_empty = rng.random(int(empty.sum())) < 0.05
        mask[empty] = np.where(keep_empty, 0, np.uint32(1) << pick)
    return mask


def _mask_matrix(mask: np.ndarray, width: int) -> np.ndarray:
    return (mask[:, None] >> np.arange(width, dtype=np.uint32)) & 1 == 1


def violations_for(rng: np.random.Generator, perps: np.ndarray, war: np.ndarray) -> np.ndarray:
    """Violation mask given the perpetrators (at least one violation per case)."""
    present = _mask_matrix(perps, len(PERPETRATORS))
    log_keep = np.zeros((len(perps), len(VIOLATIONS)))
    for j, row in enumerate(np.log1p(-np.minimum(VIOL_BY_PERP, 0.95))):
        log_keep += np.where(present[:, j, None], row[None, :], 0.0)  # fixed order: same bytes
    keep = np.exp(log_keep)
    p = np.where(perps[:, None] == 0, VIOL_NO_PERP[None, :], 1.0 - keep)
    p = np.where(war[:, None], WAR_VIOL[None, :], p)
    mask = bernoulli_mask(rng, p)
    empty = mask == 0
    mask[empty] = np.uint32(1) << np.argmax(p[empty], axis=1).astype(np.uint32)
    return mask


def status_for(rng: np.random.Generator, registered: np.ndarray, war: np.ndarray) -> np.ndarray:
    """Reaction status; the last months' cases are mostly still in progress."""
    p = np.where(war[:, None], WAR_STATUS_P[None, :], STATUS_P[None, :]).copy()
    recent = np.clip(1.0 - (LAST_DAY - registered) / 150.0, 0.0, 1.0)
    p[:, STATUS["in_progress"]] += 1.5 * recent
    return categorical(rng, p)


def qualified_for(rng: np.random.Generator, status: np.ndarray) -> np.ndarray:
    p = np.where(status == STATUS["no_resolution_required"], 0.5, 0.93)
    return rng.random(len(status)) < p


def decline_for(rng: np.random.Generator, status: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Decline reasons: mostly on client_declined cases, one now and then on others."""
    n = len(status)
    p = np.tile(REASON_P, (n, 1))
    p[:, REASON["sogi_disclosure"]] += 0.4 * (groups >> KG["lgbtiq"] & 1)
    p[:, REASON["hiv_disclosure"]] += 0.3 * (groups >> KG["plhiv"] & 1)
    declined = status == STATUS["client_declined"]
    mask = np.where(declined, bernoulli_mask(rng, p), np.uint32(0)).astype(np.uint32)
    single = np.uint32(1) << categorical(rng, p).astype(np.uint32)
    mask = np.where(declined & (mask == 0), single, mask)
    stray = ~declined & (rng.random(n) < 0.025)
    return np.where(stray, single, mask).astype(np.uint32)


def services_for(
    rng: np.random.Generator, groups: np.ndarray, status: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Services provided, referred and needed-but-unavailable."""
    n = len(status)
    tables = [np.tile(base, (n, 1)) for base in (PROVIDED_P, REFERRED_P, UNAVAILABLE_P)]
    for group, service, *chances in TREATMENT:
        member = (groups >> KG[group] & 1).astype(float)
        for table, chance in zip(tables, chances):
            table[:, SERVICE[service]] = chance * member
    idle = np.isin(status, [STATUS[s] for s in ("lost_contact", "client_declined", "no_help_provided", "client_died")])
    tables[0] *= np.where(idle, 0.15, 1.0)[:, None]
    provided, referred, unavailable = (bernoulli_mask(rng, t) for t in tables)
    return provided, referred, unavailable


def channel_for(rng: np.random.Generator, country: str, registered: np.ndarray, year: int) -> np.ndarray:
    """Intake channel; the hotline exists in TJ and UZ only from October 2021. -1 = empty."""
    n = len(registered)
    p = np.tile(np.array([0.45, 0.3, 0.1, 0.05 + 0.02 * (year - 2019), 0.05]), (n, 1))
    if year == 2020:
        p[:, CHANNEL["online"]] *= 2.5
        p[:, CHANNEL["office"]] *= 0.6
    if country in HOTLINE_COUNTRIES:
        opened = registered >= day_number(HOTLINE_OPENED)
        p[:, CHANNEL["hotline"]] = np.where(opened, 0.3, 0.0)
    channel = categorical(rng, p)
    return np.where(rng.random(n) < 0.02, -1, channel).astype(np.int8)


def incident_for(rng: np.random.Generator, registered: np.ndarray, war: np.ndarray) -> np.ndarray:
    """Incident day, never after registration (-1 = not recorded)."""
    n = len(registered)
    kind = rng.random(n)
    lag = np.where(
        kind < 0.7,
        rng.geometric(1 / 8, n) - 1,
        np.where(kind < 0.95, rng.integers(8, 121, n), rng.integers(121, 731, n)),
    )
    incident = registered - lag
    incident = np.where(war, np.maximum(incident, day_number(WAR_STARTED)), incident)
    incident = np.minimum(incident, registered)
    return np.where(rng.random(n) < 0.07, -1, incident).astype(np.int32)


def age_fields(rng: np.random.Generator, ages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Age and age group as written: both (60 %), age only (25 %) or group only (15 %)."""
    groups = age_group_of(ages)
    mode = rng.random(len(ages))
    age = np.where((mode < 0.85), ages, -1).astype(np.int16)
    group = np.where((mode < 0.6) | (mode >= 0.85), groups, -1).astype(np.int8)
    return age, group


def ages_in(birth_year: np.ndarray, year: int) -> np.ndarray:
    return np.clip(year - birth_year, 0, AGE_GROUP_BOUNDS[-1][1]).astype(np.int16)


def variants_for(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Label variant per row (about 4 % localized) and whether dates are DD.MM.YYYY."""
    localized = rng.random(n) < LOCALIZED_SHARE
    kind = rng.choice(4, size=n, p=[0.55, 0.2, 0.15, 0.1]) + 1
    variant = np.where(localized, kind, 0).astype(np.int8)
    day_first = np.where(localized, rng.random(n) < 0.7, rng.random(n) < 0.005)
    return variant, day_first


def narratives_for(rng: np.random.Generator, first_number: int, n: int) -> list[str]:
    """Obviously synthetic narratives (private column): commas, quotes, newlines included."""
    templates = rng.integers(0, len(NARRATIVES), size=n).tolist()
    return [NARRATIVES[t].format(n=first_number + i) for i, t in enumerate(templates)]
