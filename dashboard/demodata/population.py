"""Who the demo clients are: stable attributes for every pseudonymous client.

Owns the client model. A client is (pool country, number); its main key group, other key
groups, gender and age at the first case are a pure function of (seed, pool, number) through
an integer hash, so a client has the same attributes on every case without any table of
clients being kept (memory stays bounded at any file size). Client numbers are handed out in
time order, so the year a number was first used (kept as one counter per pool and year) gives
the birth year, and a client's age, possibly its age group, grows between cases. Clients built
by the reference block are registered as overrides so that their later cases agree with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .model import COUNTRIES, EXCLUSIVE_GROUPS, GENDERS, KEY_GROUPS, KG
from .timeline import FIRST_YEAR, LAST_YEAR

YEARS = LAST_YEAR - FIRST_YEAR + 1

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _splitmix(x: np.ndarray) -> np.ndarray:
    x = (x + np.uint64(0x9E3779B97F4A7C15)) & _M64
    x = ((x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & _M64
    x = ((x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & _M64
    return x ^ (x >> np.uint64(31))


def hashed_uniforms(seed: int, pool: np.ndarray, number: np.ndarray, count: int) -> np.ndarray:
    """`count` uniform [0, 1) values per client, fixed by (seed, pool, number): shape (n, count)."""
    key = number.astype(np.uint64) ^ (pool.astype(np.uint64) << np.uint64(40))
    seeded = _splitmix(np.array([seed % (1 << 64)], dtype=np.uint64))
    base = _splitmix(key ^ seeded)
    salts = np.arange(1, count + 1, dtype=np.uint64) << np.uint64(48)
    mixed = _splitmix(base[:, None] ^ salts[None, :])
    return (mixed >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _group_weights(**changes: float) -> np.ndarray:
    base = {
        "plhiv": 40,
        "tb": 4,
        "former_prisoner": 5,
        "pwud": 14,
        "hepc": 1.5,
        "sex_worker": 7,
        "lgbtiq": 6,
        "no_kpg": 8,
        "migrant": 4,
        "alcohol": 1.5,
        "partner_pwid": 1,
        "other": 3,
        "disability": 0.8,
        "homeless": 0.8,
        "prisoner": 0.6,
        "undisclosed": 0.6,
    }
    base.update(changes)
    weights = np.array([base[g] for g in KEY_GROUPS], dtype=float)
    return weights / weights.sum()


MAIN_GROUP_P = np.vstack(
    [
        _group_weights(),  # TJ
        _group_weights(migrant=7, pwud=10),  # UZ
        _group_weights(pwud=16, migrant=5),  # KG
        _group_weights(sex_worker=9, migrant=8, pwud=16),  # KZ
        _group_weights(pwud=24, plhiv=34, former_prisoner=7, hepc=3),  # UA
        _group_weights(pwud=18, sex_worker=9, prisoner=1.2),  # MD
        _group_weights(pwud=26, plhiv=26, lgbtiq=10, hepc=4),  # GE
    ]
)

# Chance that a client whose main group is the row also belongs to the column's group.
_AFFINITY = {
    "plhiv": {
        "tb": 0.1,
        "pwud": 0.08,
        "hepc": 0.06,
        "former_prisoner": 0.07,
        "migrant": 0.05,
        "sex_worker": 0.03,
        "lgbtiq": 0.03,
        "partner_pwid": 0.04,
        "alcohol": 0.04,
        "disability": 0.02,
        "other": 0.03,
    },
    "pwud": {"plhiv": 0.3, "hepc": 0.35, "former_prisoner": 0.25, "tb": 0.08, "homeless": 0.04, "alcohol": 0.06},
    "sex_worker": {"plhiv": 0.15, "pwud": 0.1, "migrant": 0.08},
    "lgbtiq": {"plhiv": 0.2, "sex_worker": 0.05},
    "tb": {"plhiv": 0.2, "former_prisoner": 0.15, "pwud": 0.08, "migrant": 0.05},
    "former_prisoner": {"pwud": 0.3, "tb": 0.15, "plhiv": 0.15, "hepc": 0.1, "alcohol": 0.1},
    "hepc": {"pwud": 0.4, "plhiv": 0.2},
    "migrant": {"plhiv": 0.1, "tb": 0.05},
    "alcohol": {"homeless": 0.1, "former_prisoner": 0.15},
    "partner_pwid": {"plhiv": 0.3},
    "homeless": {"alcohol": 0.2, "pwud": 0.2},
    "prisoner": {"pwud": 0.3, "tb": 0.2, "plhiv": 0.15},
    "disability": {"plhiv": 0.2},
}
AFFINITY = np.zeros((len(KEY_GROUPS), len(KEY_GROUPS)))
for _main, _row in _AFFINITY.items():
    for _other, _p in _row.items():
        AFFINITY[KG[_main], KG[_other]] = _p

# Gender (female, male, trans female, trans male, unknown) by main group.
_GENDER = {
    "sex_worker": (0.9, 0.06, 0.03, 0.0, 0.01),
    "lgbtiq": (0.06, 0.72, 0.14, 0.06, 0.02),
    "pwud": (0.22, 0.775, 0.0, 0.0, 0.005),
    "former_prisoner": (0.12, 0.875, 0.0, 0.0, 0.005),
    "prisoner": (0.1, 0.9, 0.0, 0.0, 0.0),
    "migrant": (0.3, 0.695, 0.0, 0.0, 0.005),
    "partner_pwid": (0.92, 0.08, 0.0, 0.0, 0.0),
    "undisclosed": (0.4, 0.4, 0.0, 0.0, 0.2),
}
GENDER_P = np.array([_GENDER.get(g, (0.55, 0.44, 0.0, 0.0, 0.01)) for g in KEY_GROUPS], dtype=float)
# Age at the first case: chance of each band, and the band's bounds.
AGE_BAND_P = np.array([0.015, 0.015, 0.53, 0.38, 0.06])
AGE_BANDS = ((2, 15), (16, 18), (19, 35), (36, 55), (56, 75))
# Columns of the per-client uniform draws.
_MAIN, _GENDER_DRAW, _AGE_BAND, _AGE_IN_BAND, _AFFINITY_FIRST = range(5)
_DRAWS = _AFFINITY_FIRST + len(KEY_GROUPS)


@dataclass
class ClientOverrides:
    """Attributes fixed by the reference block for a range of one pool's client numbers."""

    pool: int
    first: int
    main: np.ndarray
    mask: np.ndarray
    gender: np.ndarray
    birth_year: np.ndarray


@dataclass
class Clients:
    """Attributes of many clients, one entry per case row."""

    main: np.ndarray  # int8 key-group index
    mask: np.ndarray  # uint32 key-group mask (main included)
    gender: np.ndarray  # int8
    birth_year: np.ndarray  # int16


@dataclass
class Population:
    """The client model for one seed, with the reference block's overrides."""

    seed: int
    overrides: list[ClientOverrides] = field(default_factory=list)
    year_starts: np.ndarray = field(default_factory=lambda: np.full((len(COUNTRIES), YEARS), np.iinfo(np.int64).max))

    def mark_year(self, year: int, counters: list[int]) -> None:
        """Record each pool's next client number as `year` begins."""
        self.year_starts[:, year - FIRST_YEAR] = counters

    def first_years(self, pool: np.ndarray, number: np.ndarray) -> np.ndarray:
        years = np.empty(len(pool), dtype=np.int16)
        for p in np.unique(pool):
            rows = pool == p
            index = np.searchsorted(self.year_starts[p], number[rows], side="right")
            years[rows] = FIRST_YEAR + np.maximum(index - 1, 0)
        return years

    def attributes(self, pool: np.ndarray, number: np.ndarray) -> Clients:
        u = hashed_uniforms(self.seed, pool, number, _DRAWS)
        main = _main_group(u[:, _MAIN], pool)
        clients = Clients(
            main=main,
            mask=_mask(u[:, _AFFINITY_FIRST:], main),
            gender=_gender(u[:, _GENDER_DRAW], main),
            birth_year=self.first_years(pool, number) - _first_age(u[:, _AGE_BAND], u[:, _AGE_IN_BAND]),
        )
        for override in self.overrides:
            _apply(override, pool, number, clients)
        return clients


def _main_group(u: np.ndarray, pool: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(MAIN_GROUP_P, axis=1)[pool]
    return np.minimum((u[:, None] >= cdf).sum(axis=1), len(KEY_GROUPS) - 1).astype(np.int8)


def _mask(u: np.ndarray, main: np.ndarray) -> np.ndarray:
    """Main group plus secondary groups by affinity (none for no_kpg / undisclosed)."""
    joined = (u < AFFINITY[main]) & ~np.isin(main, EXCLUSIVE_GROUPS)[:, None]
    weights = (np.uint32(1) << np.arange(len(KEY_GROUPS), dtype=np.uint32)).astype(np.uint32)
    secondary = (joined.astype(np.uint32) * weights).sum(axis=1, dtype=np.uint32)
    return (secondary | (np.uint32(1) << main.astype(np.uint32))).astype(np.uint32)


def _gender(u: np.ndarray, main: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(GENDER_P, axis=1)[main]
    return np.minimum((u[:, None] >= cdf).sum(axis=1), len(GENDERS) - 1).astype(np.int8)


def _first_age(u_band: np.ndarray, u_age: np.ndarray) -> np.ndarray:
    band = np.minimum(np.searchsorted(np.cumsum(AGE_BAND_P), u_band), len(AGE_BANDS) - 1)
    low = np.array([b[0] for b in AGE_BANDS])[band]
    high = np.array([b[1] for b in AGE_BANDS])[band]
    return (low + np.floor(u_age * (high - low + 1))).astype(np.int16)


def _apply(override: ClientOverrides, pool: np.ndarray, number: np.ndarray, c: Clients) -> None:
    offset = number - override.first
    hit = (pool == override.pool) & (offset >= 0) & (offset < len(override.main))
    if not hit.any():
        return
    index = offset[hit]
    c.main[hit] = override.main[index]
    c.mask[hit] = override.mask[index]
    c.gender[hit] = override.gender[index]
    c.birth_year[hit] = override.birth_year[index]


def client_ids(pool: np.ndarray, number: np.ndarray) -> list[str]:
    """Pseudonymous client codes such as "TJ-C004521"."""
    return [f"{COUNTRIES[p]}-C{n + 1:06d}" for p, n in zip(pool.tolist(), number.tolist())]
