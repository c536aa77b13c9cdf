"""Gold TIMEX3 values as inclusive calendar-day ranges, and the mod (START/MID/END) leniency.

Only fully specified values convert. PRESENT_REF/PAST_REF/FUTURE_REF, durations and partly
unknown values (1998-XX, XXXX-10, 1998-WXX, 199X) return None: they count for spans only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class DayRange:
    """Inclusive range of calendar days."""

    earliest: date
    latest: date

    @property
    def days(self) -> int:
        return (self.latest - self.earliest).days + 1


def _month(year: int, month: int) -> DayRange:
    return DayRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _months(year: int, first: int, count: int) -> DayRange:
    """`count` whole months starting at `first` of `year`; may run into the next year."""
    last_index = year * 12 + first - 1 + count - 1
    last_year, last_month = divmod(last_index, 12)
    return DayRange(date(year, first, 1), _month(last_year, last_month + 1).latest)


def _iso_week(year: int, week: int) -> DayRange:
    monday = date.fromisocalendar(year, week, 1)
    return DayRange(monday, monday + timedelta(days=6))


# Meteorological seasons, northern hemisphere; winter runs from December into the next year.
_SEASON_FIRST_MONTH = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_WEEKEND = re.compile(r"(\d{4})-W(\d{2})-WE")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_HALF = re.compile(r"(\d{4})-H([12])")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|AU|WI)")
_YEAR = re.compile(r"\d{4}")
_DECADE = re.compile(r"\d{3}")
_CENTURY = re.compile(r"\d{2}")


_TIME_PART = re.compile(r"(?<=\d)T.*\Z", re.DOTALL)


def date_part(value: str) -> str:
    """A value without its time of day: "1998-02-13T14:26" -> "1998-02-13"."""
    return _TIME_PART.sub("", value.strip(), count=1)


def value_to_range(value: str) -> DayRange | None:
    """The inclusive day range a TIMEX3 value names, or None when it names no fixed range.

    A time value (1998-02-13T14:26, 1998-01-20TEV) uses its date part.
    """
    try:
        return _convert(date_part(value))
    except ValueError:  # e.g. 1998-02-30 or week 53 of a 52-week year
        return None


def _convert(value: str) -> DayRange | None:
    if m := _DAY.fullmatch(value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return DayRange(day, day)
    if m := _MONTH.fullmatch(value):
        return _month(int(m[1]), int(m[2]))
    if m := _WEEK.fullmatch(value):
        return _iso_week(int(m[1]), int(m[2]))
    if m := _WEEKEND.fullmatch(value):
        week = _iso_week(int(m[1]), int(m[2]))
        return DayRange(week.latest - timedelta(days=1), week.latest)
    if m := _QUARTER.fullmatch(value):
        return _months(int(m[1]), 3 * int(m[2]) - 2, 3)
    if m := _HALF.fullmatch(value):
        return _months(int(m[1]), 6 * int(m[2]) - 5, 6)
    if m := _SEASON.fullmatch(value):
        return _months(int(m[1]), _SEASON_FIRST_MONTH[m[2]], 3)
    if _YEAR.fullmatch(value):
        return DayRange(date(int(value), 1, 1), date(int(value), 12, 31))
    if _DECADE.fullmatch(value):
        first = int(value) * 10
        return DayRange(date(first, 1, 1), date(first + 9, 12, 31))
    if _CENTURY.fullmatch(value) and value != "00":
        first = int(value) * 100
        return DayRange(date(first, 1, 1), date(first + 99, 12, 31))
    return None


# Mods under which a narrower prediction also counts as correct.
LENIENT_MODS = frozenset({"START", "MID", "END"})


def accepts(gold: DayRange, mod: str | None, predicted: DayRange) -> bool:
    """Is `predicted` a correct value for a gold range carrying `mod`?

    The exact gold range is always correct. With mod START the prediction may instead lie
    inside the first half of the gold period (up to and including its midpoint), with END
    inside the second half, and with MID it must lie inside the period and contain the
    midpoint (both middle days when the period has an even number of days). Other mods
    (APPROX, ON_OR_AFTER, ...) need the exact range.
    """
    if predicted == gold:
        return True
    if mod not in LENIENT_MODS or predicted.earliest > predicted.latest:
        return False
    if predicted.earliest < gold.earliest or predicted.latest > gold.latest:
        return False
    # Twice the midpoint's ordinal: an integer even when the midpoint falls between two days.
    mid2 = gold.earliest.toordinal() + gold.latest.toordinal()
    if mod == "START":
        return 2 * predicted.latest.toordinal() <= mid2
    if mod == "END":
        return 2 * predicted.earliest.toordinal() >= mid2
    return 2 * predicted.earliest.toordinal() <= mid2 <= 2 * predicted.latest.toordinal()
