"""Where the demo cases are documented: regions and implementing NGOs per country.

Owns the region names (real oblasts and cities) and the NGO names written into the demo
export. Tajikistan follows seed 001: four pilot regions from 2020 (Dushanbe / SPIN Plus,
GBAO (Khorog) / Volunteer, Sughd (Khujand) / DINA, Khatlon (Kulyab) / Chovidon), and from
September 2020 also Districts of Republican Subordination and Vahdat (Marvorid),
Gissar/Tursunzade (Tajikistan Network of Women Living with HIV) and a second Dushanbe NGO
(Equal Possibilities). The other countries' NGO names are plausible or well-known names used
as labels only: every row of the demo export is synthetic, none is real data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import numpy as np

from .timeline import TJ_EXPANDED


@dataclass(frozen=True)
class Site:
    """One (region, NGO) pair with its share of the country's cases and its start date."""

    region: str
    organization: str
    weight: float
    since: dt.date = dt.date(2015, 1, 1)


def _sites(region_weights: dict[str, float], ngos: dict[str, tuple[str, ...]]) -> tuple[Site, ...]:
    out = []
    for region, weight in region_weights.items():
        names = ngos[region]
        out.extend(Site(region, name, weight / len(names)) for name in names)
    return tuple(out)


_TJ = (
    Site("Dushanbe", "SPIN Plus", 3.0),
    Site("Dushanbe", "Equal Possibilities", 1.4, TJ_EXPANDED),
    Site("GBAO (Khorog)", "Volunteer", 1.0),
    Site("Sughd (Khujand)", "DINA", 2.2),
    Site("Khatlon (Kulyab)", "Chovidon", 1.8),
    Site("Districts of Republican Subordination", "Marvorid", 1.1, TJ_EXPANDED),
    Site("Vahdat", "Marvorid", 0.7, TJ_EXPANDED),
    Site("Gissar/Tursunzade", "Tajikistan Network of Women Living with HIV", 1.0, TJ_EXPANDED),
)

_UZ = _sites(
    {
        "Tashkent city": 3.0,
        "Tashkent region": 1.2,
        "Samarkand region": 1.3,
        "Fergana region": 1.1,
        "Andijan region": 0.8,
        "Bukhara region": 0.7,
        "Republic of Karakalpakstan": 0.5,
        "Surkhandarya region": 0.5,
    },
    {
        "Tashkent city": ("Ishonch va Hayot", "Intilish"),
        "Tashkent region": ("Intilish",),
        "Samarkand region": ("Samarkand Positive Women",),
        "Fergana region": ("Sabr Fergana",),
        "Andijan region": ("Andijan Harm Reduction Centre",),
        "Bukhara region": ("Buxoro Hayot",),
        "Republic of Karakalpakstan": ("Nukus Support Network",),
        "Surkhandarya region": ("Termez Legal Aid",),
    },
)
_KG = _sites(
    {
        "Bishkek": 3.0,
        "Chuy region": 1.3,
        "Osh city": 1.5,
        "Osh region": 0.8,
        "Jalal-Abad region": 0.9,
        "Issyk-Kul region": 0.6,
        "Naryn region": 0.3,
        "Talas region": 0.3,
        "Batken region": 0.3,
    },
    {
        "Bishkek": ("Harm Reduction Network", "Kyrgyz Indigo", "Podruga"),
        "Chuy region": ("Plus Centre",),
        "Osh city": ("Positive Dialogue", "Podruga Osh"),
        "Osh region": ("Positive Dialogue",),
        "Jalal-Abad region": ("Jalal-Abad Legal Clinic",),
        "Issyk-Kul region": ("Issyk-Kul Plus",),
        "Naryn region": ("Naryn Rights Centre",),
        "Talas region": ("Talas Rights Centre",),
        "Batken region": ("Batken Rights Centre",),
    },
)
_KZ = _sites(
    {
        "Almaty": 3.0,
        "Astana": 1.6,
        "Shymkent": 1.2,
        "Karaganda region": 1.3,
        "East Kazakhstan region": 1.0,
        "Pavlodar region": 0.8,
        "Kostanay region": 0.6,
        "Aktobe region": 0.5,
    },
    {
        "Almaty": ("Kazakhstan Union of People Living with HIV", "Amelia", "Answer"),
        "Astana": ("Doverie Plus", "Kazakhstan Union of People Living with HIV"),
        "Shymkent": ("Shymkent Plus",),
        "Karaganda region": ("Answer Karaganda",),
        "East Kazakhstan region": ("Kazakhstan Network of Women Living with HIV",),
        "Pavlodar region": ("Pavlodar Legal Aid",),
        "Kostanay region": ("Kostanay Plus",),
        "Aktobe region": ("Aktobe Harm Reduction",),
    },
)
_UA = _sites(
    {
        "Kyiv": 3.0,
        "Kyiv region": 0.9,
        "Kharkiv region": 1.4,
        "Dnipropetrovsk region": 1.5,
        "Odesa region": 1.6,
        "Lviv region": 0.9,
        "Mykolaiv region": 0.9,
        "Zaporizhzhia region": 0.8,
        "Poltava region": 0.7,
        "Donetsk region": 0.8,
    },
    {
        "Kyiv": ("Alliance for Public Health", "100% Life", "Legalife-Ukraine", "Insight"),
        "Kyiv region": ("100% Life",),
        "Kharkiv region": ("Alliance for Public Health",),
        "Dnipropetrovsk region": ("100% Life", "Club Eney"),
        "Odesa region": ("Alliance for Public Health", "Legalife-Ukraine", "Positive Women"),
        "Lviv region": ("100% Life", "Convictus Ukraine"),
        "Mykolaiv region": ("Club Eney",),
        "Zaporizhzhia region": ("100% Life",),
        "Poltava region": ("Positive Women",),
        "Donetsk region": ("Alliance for Public Health",),
    },
)
_MD = _sites(
    {
        "Chișinău": 3.0,
        "Bălți": 1.2,
        "Transnistria (Tiraspol)": 0.8,
        "Cahul": 0.5,
        "Orhei": 0.4,
        "Ungheni": 0.4,
        "Soroca": 0.3,
    },
    {
        "Chișinău": ("Positive Initiative", "Union for HIV Prevention and Harm Reduction", "GENDERDOC-M"),
        "Bălți": ("Positive Initiative",),
        "Transnistria (Tiraspol)": ("Act for Involvement",),
        "Cahul": ("Union for HIV Prevention and Harm Reduction",),
        "Orhei": ("Orhei Support",),
        "Ungheni": ("Ungheni Harm Reduction",),
        "Soroca": ("Soroca Plus",),
    },
)
_GE = _sites(
    {
        "Tbilisi": 3.0,
        "Batumi (Adjara)": 1.0,
        "Kutaisi (Imereti)": 1.0,
        "Zugdidi (Samegrelo)": 0.6,
        "Rustavi (Kvemo Kartli)": 0.5,
        "Gori (Shida Kartli)": 0.4,
        "Telavi (Kakheti)": 0.3,
    },
    {
        "Tbilisi": ("Georgian Harm Reduction Network", "New Vector", "Equality Movement", "Real People Real Vision"),
        "Batumi (Adjara)": ("Tanadgoma",),
        "Kutaisi (Imereti)": ("New Vector",),
        "Zugdidi (Samegrelo)": ("Georgian Harm Reduction Network",),
        "Rustavi (Kvemo Kartli)": ("Real People Real Vision",),
        "Gori (Shida Kartli)": ("Tanadgoma",),
        "Telavi (Kakheti)": ("New Vector",),
    },
)

SITES: dict[str, tuple[Site, ...]] = {
    "TJ": _TJ,
    "UZ": _UZ,
    "KG": _KG,
    "KZ": _KZ,
    "UA": _UA,
    "MD": _MD,
    "GE": _GE,
}


@cache
def open_sites(country: str, year: int, month: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Regions, organizations (object arrays) and probabilities of the sites open that month."""
    first_day = dt.date(year, month, 1)
    sites = [s for s in SITES[country] if s.since <= first_day]
    weights = np.array([s.weight for s in sites])
    regions = np.array([s.region for s in sites], dtype=object)
    organizations = np.array([s.organization for s in sites], dtype=object)
    return regions, organizations, weights / weights.sum()


def pick_sites(rng: np.random.Generator, country: str, year: int, month: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Region and organization of `n` cases registered that month."""
    regions, organizations, p = open_sites(country, year, month)
    chosen = rng.choice(len(p), size=n, p=p)
    return regions[chosen], organizations[chosen]


def reactor_names(rng: np.random.Generator, country: str, n: int) -> list[str]:
    """Obviously synthetic REActor names (a private column the importer must drop)."""
    numbers = rng.integers(1, 13, size=n)
    return [f"Synthetic REActor {country}-{k:02d}" for k in numbers.tolist()]
