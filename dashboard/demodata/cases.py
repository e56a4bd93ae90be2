"""The ordinary demo cases of one country-month, built as numpy columns.

Owns the running state of a generation (client and case-id counters, the client model) and
the batch builder for every country-month outside the Tajikistan reference block: dates by
day weights, new versus returning clients (returning ones biased to recent clients; some
Central Asian clients come back as labour migrants in Kazakhstan), the case's key groups
and primary group, ages, and the war-related share of Ukrainian cases from 24 February 2022.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import features as f
from .model import COUNTRIES, EXCLUSIVE_GROUPS, KG, CaseBlock
from .places import pick_sites, reactor_names
from .population import Population, client_ids
from .timeline import WAR_STARTED, day_number, day_weights, month_days

NEW_CLIENT_SHARE = 0.78
MIGRANT_RETURN_SHARE = 0.04  # returning KZ clients first registered in TJ, UZ or KG
MIGRANT_HOME_POOLS = tuple(COUNTRIES.index(c) for c in ("TJ", "UZ", "KG"))
WAR_SHARE = {2022: 0.35, 2023: 0.3, 2024: 0.25, 2025: 0.22}
BLANK_PRIMARY_SHARE = 0.1


@dataclass
class RunState:
    """Everything a generation carries from one batch to the next (a few integers)."""

    seed: int
    population: Population
    clients: list[int] = field(default_factory=lambda: [0] * len(COUNTRIES))
    case_seq: dict[tuple[int, int], int] = field(default_factory=dict)
    narrative_no: int = 0

    def case_ids(self, country: int, year: int, n: int) -> list[str]:
        start = self.case_seq.get((country, year), 0)
        self.case_seq[(country, year)] = start + n
        prefix = f"{COUNTRIES[country]}-{year}-"
        return [f"{prefix}{k:06d}" for k in range(start + 1, start + n + 1)]

    def narratives(self, rng: np.random.Generator, n: int) -> list[str]:
        first = self.narrative_no + 1
        self.narrative_no += n
        return f.narratives_for(rng, first, n)

    def new_clients(self, pool: int, n: int) -> np.ndarray:
        start = self.clients[pool]
        self.clients[pool] = start + n
        return np.arange(start, start + n, dtype=np.int64)


def batch_rng(seed: int, country: int, year: int, month: int, part: int) -> np.random.Generator:
    return np.random.default_rng([seed, country, year, month, part])


def _returning(rng: np.random.Generator, known: int, n: int) -> np.ndarray:
    """Numbers of earlier clients, biased towards recent ones."""
    return np.floor(known * np.sqrt(rng.random(n))).astype(np.int64)


def pick_clients(rng: np.random.Generator, state: RunState, country: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Client pool and number of each case: mostly new clients, some returning."""
    known = state.clients[country]
    is_new = (rng.random(n) < NEW_CLIENT_SHARE) | (known == 0)
    pool = np.full(n, country, dtype=np.int8)
    number = np.empty(n, dtype=np.int64)
    number[~is_new] = _returning(rng, known, int((~is_new).sum()))
    number[is_new] = state.new_clients(country, int(is_new.sum()))
    if COUNTRIES[country] == "KZ":
        _migrants_from_home(rng, state, ~is_new, pool, number)
    return pool, number


def _migrants_from_home(
    rng: np.random.Generator, state: RunState, returning: np.ndarray, pool: np.ndarray, number: np.ndarray
) -> None:
    homes = [p for p in MIGRANT_HOME_POOLS if state.clients[p] > 0]
    if not homes:
        return
    moved = returning & (rng.random(len(pool)) < MIGRANT_RETURN_SHARE)
    home = np.array(homes)[rng.integers(0, len(homes), int(moved.sum()))]
    known = np.array([state.clients[p] for p in home], dtype=np.int64)
    pool[moved] = home
    number[moved] = np.floor(known * np.sqrt(rng.random(len(home)))).astype(np.int64)


def case_groups(
    rng: np.random.Generator, main: np.ndarray, mask: np.ndarray, migrant: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Key-group mask and primary group of each case (no_kpg/undisclosed stay alone)."""
    n = len(main)
    primary = main.astype(np.int8)
    groups = np.where(rng.random(n) < 0.12, np.uint32(1) << primary.astype(np.uint32), mask)
    candidate = rng.integers(0, 16, n).astype(np.int8)
    member = (groups >> candidate.astype(np.uint32)) & 1 == 1
    primary = np.where(member & (rng.random(n) < 0.25), candidate, primary)
    exclusive = np.isin(primary, EXCLUSIVE_GROUPS)
    migrant_bit = np.uint32(1 << KG["migrant"])
    groups = np.where(migrant, np.where(exclusive, migrant_bit, groups | migrant_bit), groups)
    to_migrant = migrant & (exclusive | (rng.random(n) < 0.4))
    primary = np.where(to_migrant, KG["migrant"], primary).astype(np.int8)
    return groups.astype(np.uint32), primary


def ordinary_block(state: RunState, country: int, year: int, month: int, n: int, part: int) -> CaseBlock:
    """`n` cases registered in one country-month (one part of it when split)."""
    rng = batch_rng(state.seed, country, year, month, part)
    code = COUNTRIES[country]
    registered = np.sort(rng.choice(month_days(year, month), size=n, p=day_weights(year, month)))
    war = np.zeros(n, dtype=bool)
    if code == "UA" and year in WAR_SHARE:
        war = (registered >= day_number(WAR_STARTED)) & (rng.random(n) < WAR_SHARE[year])
    pool, number = pick_clients(rng, state, country, n)
    clients = state.population.attributes(pool, number)
    groups, primary = case_groups(rng, clients.main, clients.mask, war | (pool != country))
    age, age_group = f.age_fields(rng, f.ages_in(clients.birth_year, year))
    perpetrators = f.perpetrators_for(rng, primary, war)
    status = f.status_for(rng, registered, war)
    provided, referred, unavailable = f.services_for(rng, groups, status)
    variant, day_first = f.variants_for(rng, n)
    region, organization = pick_sites(rng, code, year, month, n)
    block = CaseBlock(
        case_id=state.case_ids(country, year, n),
        client_id=client_ids(pool, number),
        country=np.full(n, country, dtype=np.int8),
        region=region,
        organization=organization,
        registered=registered.astype(np.int32),
        incident=f.incident_for(rng, registered, war),
        channel=f.channel_for(rng, code, registered, year),
        gender=clients.gender,
        age=age,
        age_group=age_group,
        key_groups=groups,
        primary=primary,
        primary_blank=rng.random(n) < BLANK_PRIMARY_SHARE,
        qualified=f.qualified_for(rng, status),
        violations=f.violations_for(rng, perpetrators, war),
        perpetrators=perpetrators,
        status=status,
        decline=f.decline_for(rng, status, groups),
        provided=provided,
        referred=referred,
        unavailable=unavailable,
        variant=variant,
        day_first=day_first,
        narrative=state.narratives(rng, n),
        reactor=reactor_names(rng, code, n),
    )
    return block
