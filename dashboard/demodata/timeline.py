"""When the demo cases happen: the calendar, its events, and how many cases fall in each month.

Owns: the covered span (2019-01-01 .. 2025-12-31), the events the data shows (the COVID-19
dip of spring 2020, the hotline opening in Tajikistan and Uzbekistan in October 2021, the
full-scale war in Ukraine from 24 February 2022), seasonality by month and by day, and the
volume plan: Tajikistan's fixed monthly counts (REAct started there in 2020, so Tajikistan
2019 has 0 cases; 2020 has exactly 165; January-June 2023 is the reference block built in
`reference.py`) and the split of every other case over country-months by largest remainder.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np

from .model import COUNTRIES

FIRST_YEAR, LAST_YEAR = 2019, 2025
EPOCH = dt.date(1970, 1, 1)
MONTHS: tuple[tuple[int, int], ...] = tuple((y, m) for y in range(FIRST_YEAR, LAST_YEAR + 1) for m in range(1, 13))

HOTLINE_OPENED = dt.date(2021, 10, 1)
HOTLINE_COUNTRIES = ("TJ", "UZ")
WAR_STARTED = dt.date(2022, 2, 24)
TJ_EXPANDED = dt.date(2020, 9, 1)  # from 4 pilot regions to 9 (seed 001)

ANCHOR_YEAR = 2023
ANCHOR_MONTHS = tuple((ANCHOR_YEAR, m) for m in range(1, 7))
ANCHOR_CASES = 522

# Tajikistan's cases per period, fixed whatever the file size ("2023H2" = July-December).
TJ_TOTALS: dict[str, int] = {
    "2019": 0,
    "2020": 165,
    "2021": 680,
    "2022": 930,
    "2023H1": ANCHOR_CASES,
    "2023H2": 560,
    "2024": 1150,
    "2025": 1260,
}
MINIMUM_CASES = sum(TJ_TOTALS.values())

# Fewer cases around New Year and in the summer holidays.
SEASONALITY = (0.72, 0.95, 1.05, 1.06, 1.0, 0.93, 0.82, 0.78, 1.06, 1.12, 1.1, 0.92)
COVID_DIP = {(2020, 3): 0.55, (2020, 4): 0.3, (2020, 5): 0.4, (2020, 6): 0.75}
YEAR_GROWTH = {2019: 1.0, 2020: 1.12, 2021: 1.3, 2022: 1.55, 2023: 1.8, 2024: 2.0, 2025: 2.2}
COUNTRY_WEIGHT = {"UZ": 1.05, "KG": 1.25, "KZ": 1.5, "UA": 3.6, "MD": 0.85, "GE": 0.65}
HOTLINE_BOOST = 1.35


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def month_days(year: int, month: int) -> np.ndarray:
    """Day numbers of every day of the month."""
    first = day_number(month_start(year, month))
    return np.arange(first, first + calendar.monthrange(year, month)[1], dtype=np.int32)


def day_weights(year: int, month: int) -> np.ndarray:
    """Relative chance of a case being registered on each day of the month (sums to 1)."""
    days = month_days(year, month)
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
    weights = np.where(weekday >= 5, 0.3, 1.0)
    dom = np.arange(1, len(days) + 1)
    if month == 1:
        weights = np.where(dom <= 7, weights * 0.25, weights)
    if month == 12:
        weights = np.where(dom >= 25, weights * 0.55, weights)
    return weights / weights.sum()


def month_factor(country: str, year: int, month: int) -> float:
    """Seasonality and events for one country-month, before the yearly growth."""
    factor = SEASONALITY[month - 1] * COVID_DIP.get((year, month), 1.0)
    if country in HOTLINE_COUNTRIES and (year, month) >= (2021, 10):
        factor *= HOTLINE_BOOST
    if country == "UA" and (year, month) == (2022, 3):
        factor *= 0.7
    elif country == "UA" and (year, month) >= (2022, 4):
        factor *= 1.35
    return factor


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to `weights` that add up to exactly `total` (ties: lower index)."""
    if total == 0 or weights.sum() == 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:short]] += 1
    return counts


def _tj_period(year: int, month: int) -> str:
    if year == ANCHOR_YEAR:
        return "2023H1" if month <= 6 else "2023H2"
    return str(year)


def _tj_factor(year: int, month: int) -> float:
    factor = month_factor("TJ", year, month)
    if year == 2020:
        factor *= 0.6 if month == 1 else (1.9 if month >= 9 else 1.0)
    return factor


def tajikistan_plan() -> dict[tuple[int, int], int]:
    """Tajikistan's fixed cases per month (the anchor months included)."""
    plan: dict[tuple[int, int], int] = {}
    for period, total in TJ_TOTALS.items():
        months = [ym for ym in MONTHS if _tj_period(*ym) == period]
        weights = np.array([_tj_factor(y, m) for y, m in months])
        for ym, count in zip(months, largest_remainder(total, weights)):
            plan[ym] = int(count)
    return plan


def other_countries_plan(total: int) -> dict[tuple[str, int, int], int]:
    """`total` cases over every non-Tajik country-month, by volume weight."""
    cells = [(c, y, m) for (y, m) in MONTHS for c in COUNTRIES if c != "TJ"]
    weights = np.array([COUNTRY_WEIGHT[c] * YEAR_GROWTH[y] * month_factor(c, y, m) for c, y, m in cells])
    return {cell: int(n) for cell, n in zip(cells, largest_remainder(total, weights))}


def volume_plan(cases: int) -> dict[tuple[str, int, int], int]:
    """Cases per (country, year, month) adding up to `cases`."""
    if cases < MINIMUM_CASES:
        raise ValueError(
            f"cases must be at least {MINIMUM_CASES}: Tajikistan's volume is fixed at "
            f"{MINIMUM_CASES} cases (165 in 2020 and the 522-case 2023 H1 reference block "
            f"included); got {cases}"
        )
    plan = {("TJ", y, m): n for (y, m), n in tajikistan_plan().items()}
    plan.update(other_countries_plan(cases - MINIMUM_CASES))
    return plan
