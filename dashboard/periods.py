"""The period grammar of statistics.md and the calendar arithmetic around it.

A period is `YYYY`, `YYYYH1`/`YYYYH2`, `YYYYQ1`-`YYYYQ4`, `YYYY-MM`, or an explicit pair of ISO
dates. This module turns those into inclusive date ranges, names ranges back as periods when
they are one, and finds the previous period of equal length and the same period a year before.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from dashboard.link_problems import N_, LinkProblem

GRAINS = ("month", "quarter", "half", "year")

_PERIOD = re.compile(r"^(\d{4})(?:(H[12])|(Q[1-4])|-(0[1-9]|1[0-2]))?$")


class PeriodError(ValueError):
    """A period or date the grammar does not accept; the message says why."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_range(period: str) -> tuple[date, date]:
    """Inclusive (start, end) of a period string such as 2023H1."""
    text = period.strip().upper()
    found = _PERIOD.match(text)
    if not found:
        raise PeriodError(LinkProblem(
            N_("period %(value)s is not one of YYYY, YYYYH1, YYYYH2, YYYYQ1-YYYYQ4 or YYYY-MM"), value=repr(period)
        ))
    year = int(found.group(1))
    if year < 1900:
        raise PeriodError(LinkProblem(N_("period %(value)s is before 1900"), value=repr(period)))
    half, quarter, month = found.group(2), found.group(3), found.group(4)
    if half:
        first = 1 if half == "H1" else 7
        return date(year, first, 1), _month_end(year, first + 5)
    if quarter:
        first = 3 * (int(quarter[1]) - 1) + 1
        return date(year, first, 1), _month_end(year, first + 2)
    if month:
        return date(year, int(month), 1), _month_end(year, int(month))
    return date(year, 1, 1), date(year, 12, 31)


def parse_iso_date(text: str, what: str = "date") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(LinkProblem(N_("%(what)s %(value)s is not a date in the form YYYY-MM-DD"), what=what,
                                  value=repr(text))) from None


def name_of_range(start: date, end: date) -> str | None:
    """The period string naming exactly [start, end], if there is one."""
    if start.day != 1:
        return None
    y, m = start.year, start.month
    if end == _month_end(y, m):
        return f"{y}-{m:02d}"
    if m in (1, 4, 7, 10) and end == _month_end(y, m + 2):
        return f"{y}Q{(m - 1) // 3 + 1}"
    if m in (1, 7) and end == _month_end(y, m + 5):
        return f"{y}H{1 if m == 1 else 2}"
    if m == 1 and end == date(y, 12, 31):
        return f"{y}"
    return None


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def previous_range(start: date, end: date) -> tuple[date, date]:
    """The period of equal length just before: previous half for a half, else same day count."""
    name = name_of_range(start, end)
    if name is not None:
        months = (end.year * 12 + end.month) - (start.year * 12 + start.month) + 1
        prev_start = _shift_months(start, -months)
        return prev_start, _month_end(*_year_month(_shift_months(prev_start, months - 1)))
    days = (end - start).days + 1
    return start - timedelta(days=days), start - timedelta(days=1)


def _year_month(day: date) -> tuple[int, int]:
    return day.year, day.month


def year_before_range(start: date, end: date) -> tuple[date, date]:
    """The same calendar span one year earlier (29 February falls back to the 28th)."""
    prev_start = _shift_months(start, -12)
    if name_of_range(start, end) is not None:
        return prev_start, _month_end(*_year_month(_shift_months(end, -12)))
    return prev_start, _shift_months(end, -12)


def bucket_label(day: date, grain: str) -> str:
    """The trend bucket a date falls in, named as a period string."""
    if grain == "month":
        return f"{day.year}-{day.month:02d}"
    if grain == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if grain == "half":
        return f"{day.year}H{1 if day.month <= 6 else 2}"
    if grain == "year":
        return f"{day.year}"
    raise PeriodError(f"grain {grain!r} is not one of {', '.join(GRAINS)}")
