"""Calendar arithmetic on inclusive day ranges. Pure functions of their arguments."""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta

DayRange = tuple[date, date]


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def last_day(year: int, month: int) -> int:
    # calendar.monthrange also computes the first weekday: several times slower, and this is
    # called for nearly every month or quarter the rules resolve
    if not 1 <= month <= 12:
        raise _cal.IllegalMonthError(month)
    return 29 if month == 2 and _cal.isleap(year) else _MONTH_DAYS[month]


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (Feb 30) or is out of range."""
    if not (1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    if day > last_day(year, month):
        return None
    return date(year, month, day)


def month_range(year: int, month: int) -> DayRange:
    return date(year, month, 1), date(year, month, last_day(year, month))


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def year_range(year: int) -> DayRange:
    return date(year, 1, 1), date(year, 12, 31)


def months_range(year: int, first: int, last: int) -> DayRange:
    """Months first..last of one year (last may exceed 12: it runs into the next year)."""
    y2, m2 = shift_month(year, first, last - first)
    return date(year, first, 1), date(y2, m2, last_day(y2, m2))


def quarter_range(year: int, quarter: int) -> DayRange:
    return months_range(year, 3 * quarter - 2, 3 * quarter)


def week_range(day: date) -> DayRange:
    """Monday..Sunday of the ISO week containing `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def add_days(day: date, n: int) -> date:
    return day + timedelta(days=n)


def clip_after(rng: DayRange, published: date) -> DayRange | None:
    """The part of rng after the publication day (for forward-looking phrases)."""
    start = max(rng[0], published + timedelta(days=1))
    return (start, rng[1]) if start <= rng[1] else None


def rest_after(rng: DayRange, published: date) -> DayRange:
    """Like clip_after, but when nothing of rng is left ("later this year" on 31 December)
    the day after publication: a forward-looking phrase never includes the publication day."""
    return clip_after(rng, published) or (published + timedelta(days=1),) * 2


def part_before(rng: DayRange, published: date) -> DayRange:
    """"earlier this week / month / year": the period's days before publication; written on
    the period's first day, that day itself, the only one of it that is not yet to come."""
    return rng[0], max(rng[0], published - timedelta(days=1))


def decade_range(first_year: int) -> DayRange:
    return date(first_year, 1, 1), date(first_year + 9, 12, 31)


def add_years(day: date, n: int) -> date:
    try:
        return day.replace(year=day.year + n)
    except ValueError:  # 29 February
        return day.replace(year=day.year + n, day=28)


def add_months(day: date, n: int) -> date:
    y, m = shift_month(day.year, day.month, n)
    return date(y, m, min(day.day, last_day(y, m)))
