"""Choosing which occurrence of a recurring period (a month, weekday, season, quarter) is meant.

The tense of the clause decides: a future clause takes the first occurrence that has not
ended, a past one the latest that has begun. An occurrence that contains the publication
day stays whole ("in April" written on 9 April and "will" = 1..30 April): the engine gives
the calendar meaning, and the events layer keeps a planned event after its publication day
(see conventions.py). Only an occurrence that ends on the publication day gives way to the
next one in a future clause, since nothing of it is left to plan for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from .calmath import DayRange, month_range, quarter_range, week_range
from .conventions import (
    FAR_MONTH_DAYS,
    MAX_DAY_DISTANCE,
    MAX_FUTURE_DAY_DISTANCE,
    NEAR_MONTH_DAYS,
    SEASON_START_MONTH,
)
from .tense import Tense

# period index -> its day range; consecutive indexes are consecutive occurrences.
Occurrence = Callable[[int], DayRange]


def pick(occurrence: Occurrence, guess: int, published: date, tense: Tense,
         default: Tense, *, clip: bool = True) -> DayRange:
    """Pick the occurrence near index `guess` that suits the tense (or `default` if NONE)."""
    if tense is Tense.NONE:
        tense = default
    if tense is Tense.NONE:  # no cue either way: the occurrence of the reference cycle
        return occurrence(guess)
    if tense is Tense.FUTURE:
        i = guess - 1
        while occurrence(i)[1] < published:
            i += 1
        rng = occurrence(i)
        if clip and rng[1] == published:  # nothing of it is left: the next one
            return occurrence(i + 1)
        return rng
    i = guess + 1
    while occurrence(i)[0] > published:
        i -= 1
    return occurrence(i)


def day_for(occurrence: Occurrence, published: date, tense: Tense,
            governing: Callable[[], Tense | None]) -> date:
    """A day named without its year ("May 16", "Christmas"): with no cue the nearest
    occurrence (a day is usually near the publication date, either side), else the one the
    tense points to. It lies within about eight months of publication: a cue pointing further
    away was misread (a cue of another clause), unless it is the verb that governs the day
    (`governing`, asked only then: "the fiscal year ended Jan. 31")."""
    near = nearest(occurrence, published.year, published)[0]
    if tense is Tense.NONE:
        return near
    chosen = pick(occurrence, published.year, published, tense, Tense.NONE, clip=False)[0]
    limit = MAX_FUTURE_DAY_DISTANCE if tense is Tense.FUTURE else MAX_DAY_DISTANCE
    if abs((chosen - published).days) <= limit or governing() is tense:
        return chosen
    return near


def deadline(rng: DayRange, published: date, *, before: bool = False) -> DayRange | None:
    """"by <period>": from publication to the period's end; "before <period>": to the day
    before it begins. None when that end is already past (the period alone is meant)."""
    last = rng[0] - timedelta(days=1) if before else rng[1]
    return (published, last) if last >= published else None


def distance(rng: DayRange, published: date) -> int:
    """Days between the publication date and the nearest day of rng (0 inside it)."""
    if rng[0] <= published <= rng[1]:
        return 0
    return min(abs((rng[0] - published).days), abs((rng[1] - published).days))


def nearest(occurrence: Occurrence, guess: int, published: date) -> DayRange:
    """The occurrence among guess-1..guess+1 closest to the publication date."""
    return occurrence(min((guess - 1, guess, guess + 1),
                          key=lambda i: distance(occurrence(i), published)))


def month_for(month: int, published: date, tense: Tense, *, clip: bool = True,
              governed: bool = False) -> DayRange:
    """A bare month: by tense; with no cue, the occurrence within two months or else the one
    of the publication year; a past cue pointing very far yields to a near occurrence unless
    it is the verb that governs the month (`governed`: "talks that began in January")."""
    occurrence = month_occurrence(month)
    near = nearest(occurrence, published.year, published)
    is_near = distance(near, published) <= NEAR_MONTH_DAYS
    if tense is Tense.NONE:
        return near if is_near else occurrence(published.year)
    chosen = pick(occurrence, published.year, published, tense, Tense.NONE, clip=clip)
    if tense is Tense.PAST and not governed and is_near and near[0] > published and \
            distance(chosen, published) > FAR_MONTH_DAYS:
        return near
    return chosen


def month_occurrence(month: int) -> Occurrence:
    return lambda year: month_range(year, month)


def quarter_occurrence(quarter: int) -> Occurrence:
    return lambda year: quarter_range(year, quarter)


def season_range(name: str, year: int) -> DayRange:
    """The season of that name that begins in `year` (winter 2024 = Dec 2024..Feb 2025)."""
    first = SEASON_START_MONTH[name]
    start = date(year, first, 1)
    end_y, end_m = (year + 1, 2) if first == 12 else (year, first + 2)
    return start, month_range(end_y, end_m)[1]


def season_occurrence(name: str) -> Occurrence:
    return lambda year: season_range(name, year)


def season_guess(name: str, published: date) -> int:
    """Start year of the occurrence of that season nearest the publication date."""
    if SEASON_START_MONTH[name] == 12 and published.month <= 2:
        return published.year - 1
    return published.year


def weekday_day(weekday: int, published: date, tense: Tense, *, default: Tense) -> date:
    """The weekday occurrence for the tense: past = on or before, future = on or after."""
    if tense is Tense.NONE:
        tense = default
    delta = weekday - published.weekday()
    if tense is Tense.FUTURE:
        return published + timedelta(days=delta % 7)
    if tense is Tense.PAST:
        return published - timedelta(days=(-delta) % 7)
    # nearest, ties to the past
    fwd, back = delta % 7, (-delta) % 7
    return published + timedelta(days=fwd) if fwd < back else published - timedelta(days=back)


def this_period(rng: DayRange, published: date, tense_of: Callable[[], Tense]) -> DayRange:
    """"this month / this year / this spring": the calendar period, whatever the tense (the
    events layer keeps a planned event after publication). Written on the period's last day
    in a future clause, nothing of it is left to plan for: the day after publication, as
    for "later this month". `tense_of` is asked only then (a tense look-up is not free)."""
    if rng[1] == published and tense_of() is Tense.FUTURE:
        return published + timedelta(days=1), published + timedelta(days=1)
    return rng


def this_week(published: date, tense_of: Callable[[], Tense]) -> DayRange:
    """The calendar week; in a future clause written on a Sunday nothing of it is left to
    plan for, so "this week" is the week starting the next day (`tense_of` is asked only
    on a Sunday)."""
    if published.weekday() == 6 and tense_of() is Tense.FUTURE:
        return week_range(published + timedelta(days=1))
    return week_range(published)
