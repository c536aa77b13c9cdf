"""Explicit calendar days and day ranges: "May 16", "16 May 2024", "Thursday, May 16",
"May 16-17", "from May 16 to 17", "between June 3 and 5", "Aug. 22-24", "February 27 & 28",
"May 30 to June 2", "the 22nd of August", "16.05.2024", "2024-05-16", "10/30/89",
and a day of the month alone: "on the 15th" (in the month the text last dated; without one,
this month's or a neighbour's, by tense).

A day without a year takes the occurrence the clause's tense points to (nearest by default).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Final

from ..calmath import safe_date
from ..candidate import Candidate, Context
from ..examples import Example, ex, no
from ..lexicon import (
    DAY_RE,
    MONTH_RE,
    WEEKDAY_RE,
    YEAR_RE,
    capitalised,
    day_number,
    month_number,
    weekday_number,
)
from ..model import TimeMention
from ..resolve import day_for, nearest, pick
from ..tense import Tense
from ..triggers import MONTH, MONTH_WIDE, anchored, guarded, requires
from ._common import Relinked, make, relinker

_CONN = r"\s*(?:-|–|—|/|(?:to|through|thru|until|till|and|&|or))\s*"
_NOT_COUNT = r"(?!\s*(?:%|(?:percent|per cent|points?|people|troops|members|years?|days?|"\
    r"months?|weeks?|hours?|minutes?|million|billion|thousand|times)\b))"

_MONTH_FIRST: Final = guarded(re.compile(
    rf"(?:\b(?P<wd>{WEEKDAY_RE}),?\s+)?\b(?P<m1>{MONTH_RE})\s*(?P<d1>{DAY_RE})"
    rf"(?:,?\s*(?P<y1>{YEAR_RE}))?"
    rf"(?:{_CONN}(?:(?P<m2>{MONTH_RE})\s*)?(?P<d2>{DAY_RE}){_NOT_COUNT}"
    rf"(?:,?\s*(?P<y2>{YEAR_RE}))?)?"
))
_DAY_FIRST: Final = guarded(re.compile(
    rf"(?:\b(?P<wd>{WEEKDAY_RE}),?\s+)?(?:\b(?:the)\s+)?\b(?P<d1>{DAY_RE})"
    rf"(?:\s+(?:(?:of)\s+)?(?P<m1>{MONTH_RE}))?"
    rf"(?:{_CONN}(?:(?:the)\s+)?(?P<d2>{DAY_RE}))?"
    rf"\s+(?:(?:of)\s+)?(?P<m2>{MONTH_RE})(?:,?\s*(?P<y>{YEAR_RE}))?"
))
# One separator-first pattern for all-numeric dates: "2024-05-16", "16.05.2024", "10/30/89".
# Which field is the day depends on the separator (ISO, European dots, US slashes). The
# compact "19980303" is read by years.years, in the same pass as the years.
_NUMERIC: Final = re.compile(
    r"(?P<sep>[-./])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{4}|\d\d)(?![\d]|[-./]\d)"
)
_FIRST_FIELD: Final = re.compile(r"\d{1,4}$")
_NOT_BEFORE_NUMBER: Final = frozenset("0123456789.,/-")

# "on the 15th": an ordinal day alone, after a preposition that dates it, and followed by no
# noun ("on the 15th floor", "the 25th anniversary" are no dates). It opens with the literal
# "the ", which the regex engine skips to at C speed.
_ORDINAL_DAY: Final = re.compile(
    r"the\s+(?P<d>\d\d?)(?:st|nd|rd|th)\b"
    r"(?=\s*(?:[,.;:)\"'”’]|$|(?:and|or|to|through|until|till|at|in|when|with|for|as|"
    r"after|before|but|the)\b|-|–))"
)
_ORDINAL_DAY_BEFORE: Final = re.compile(
    r"\b(?:on|by|until|till|from|before|after|since|and|to|through)\s+$"
)


def _full_year(token: str, published: date) -> int:
    year = int(token)
    if len(token) == 2:  # the century that puts it nearest the publication year
        base = published.year - published.year % 100
        year = min((base - 100 + year, base + year, base + 100 + year),
                   key=lambda y: abs(y - published.year))
    return year


def _day_occurrence(month: int, day: int):
    def occurrence(year: int) -> tuple[date, date]:
        d = safe_date(year, month, day) or safe_date(year, month, day - 1) or date(year, month, 1)
        return d, d
    return occurrence


def _monthly_day(day: int):
    """Occurrences of a day of the month, by month index since year 0 (the index-th month's,
    or the next month's that has it: the 31st of April is the 31st of May)."""
    def occurrence(index: int) -> tuple[date, date]:
        for k in range(3):
            year, month = divmod(index + k, 12)
            d = safe_date(year, month + 1, day)
            if d is not None:
                return d, d
        raise ValueError(f"no month has day {day}")
    return occurrence


def _resolve_day(ctx: Context, m: re.Match[str], month: int, day: int,
                 year: int | None) -> date | None:
    if year is not None:
        return safe_date(year, month, day)
    if safe_date(2000, month, day) is None:  # never valid (Feb 30)
        return None
    if m["wd"] is not None:  # "Saturday, April 25": the year where that day is a Saturday
        weekday = weekday_number(m["wd"])
        years = sorted(range(ctx.published.year - 1, ctx.published.year + 2),
                       key=lambda y: abs(y - ctx.published.year))
        for y in years:
            d = safe_date(y, month, day)
            if d is not None and d.weekday() == weekday:
                return d
    return day_for(_day_occurrence(month, day), ctx.published, ctx.tense(m.start(), m.end()),
                   partial(ctx.governing_tense, m.start()))

def _range(ctx: Context, m: re.Match[str], m1: int, d1: int, m2: int, d2: int,
           year: int | None, end_year: int | None) -> tuple[date, date] | None:
    first = _resolve_day(ctx, m, m1, d1, year if year is not None else None)
    if first is None:
        return None
    y2 = end_year if end_year is not None else first.year
    last = safe_date(y2, m2, d2)
    if last is not None and last < first and end_year is None:
        last = safe_date(y2 + 1, m2, d2)
    if last is None or last < first or (last - first).days > 92:
        return None
    return first, last


def _names_capitalised(ctx: Context, m: re.Match[str]) -> bool:
    """Month names must be written as names ("May 5", not "may 5")."""
    return all(capitalised(ctx.text[m.start(g):m.end(g)]) for g in ("m1", "m2", "wd")
               if m[g] is not None)


@anchored(MONTH)
def month_first(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_MONTH_FIRST, MONTH):
        if not _names_capitalised(ctx, m):
            continue
        m1 = month_number(m["m1"])
        d1 = day_number(m["d1"])
        year = m["y1"] or m["y2"]
        y = _full_year(year, ctx.published) if year else None
        if m["d2"] is not None:
            m2 = month_number(m["m2"]) if m["m2"] else m1
            rng = _range(ctx, m, m1, d1, m2, day_number(m["d2"]), y, None)
            if rng is not None:
                yield make(m, rng, "day", "absolute.month_first")
                continue
        day = _resolve_day(ctx, m, m1, d1, y)
        if day is None:
            continue
        end = m.end("y1") if m["y1"] else m.end("d1")
        yield Candidate(m.start(), end, day, day, "day", rule="absolute.month_first")


@anchored(MONTH_WIDE)
def day_first(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_DAY_FIRST, MONTH_WIDE):
        if not _names_capitalised(ctx, m):
            continue
        m2 = month_number(m["m2"])
        m1 = month_number(m["m1"]) if m["m1"] else m2
        y = _full_year(m["y"], ctx.published) if m["y"] else None
        d1 = day_number(m["d1"])
        if m["d2"] is not None:
            if m["m1"] is not None and y is not None:
                rng = _range(ctx, m, m1, d1, m2, day_number(m["d2"]), None, y)
            else:
                rng = _range(ctx, m, m1, d1, m2, day_number(m["d2"]), y, None)
            if rng is not None:
                yield make(m, rng, "day", "absolute.day_first")
            continue
        if m["m1"] is not None:  # "16 May June" cannot happen without a connector
            continue
        day = _resolve_day(ctx, m, m2, d1, y)
        if day is not None:
            yield make(m, (day, day), "day", "absolute.day_first")


def numeric(ctx: Context) -> Iterator[Candidate]:
    """Separator first ("-05-16", "/30/89"), then the field before it is read back."""
    low = ctx.low
    for m in _NUMERIC.finditer(low):
        first = _FIRST_FIELD.search(low, max(0, m.start() - 4), m.start())
        if first is None or (first.start() and low[first.start() - 1] in _NOT_BEFORE_NUMBER):
            continue
        a, b, c = first.group(), int(m["b"]), m["c"]
        if len(a) == 4:  # year first: ISO 8601 "2024-05-16", "2024/05/16"
            if len(c) != 2:
                continue
            year, month, day = int(a), b, int(c)
        elif len(a) == 3:
            continue
        elif m["sep"] == ".":  # day first
            day, month, year = int(a), b, _full_year(c, ctx.published)
        else:  # US order
            month, day, year = int(a), b, _full_year(c, ctx.published)
        d = safe_date(year, month, day)
        if d is not None:
            yield Candidate(first.start(), m.end(), d, d, "day", rule="absolute.numeric")


@requires("the")
def ordinal_day(ctx: Context) -> Iterator[Candidate]:
    """"on the 15th": the day in the month the text last dated (see _in_month_of_previous);
    without one, in the month the clause's tense points to (nearest by default; a day a
    month lacks, the 31st, is skipped in that month)."""
    low, published = ctx.low, ctx.published
    for m in _ORDINAL_DAY.finditer(low):
        day_of_month = int(m["d"])
        if not 1 <= day_of_month <= 31 or \
                _ORDINAL_DAY_BEFORE.search(low, max(0, m.start() - 10), m.start()) is None:
            continue
        occurrence = _monthly_day(day_of_month)
        guess = published.year * 12 + published.month - 1
        tense = ctx.tense(m.start(), m.end())
        chosen = nearest(occurrence, guess, published) if tense is Tense.NONE else \
            pick(occurrence, guess, published, tense, Tense.NONE, clip=False)
        cand = Candidate(m.start(), m.end(), chosen[0], chosen[1], "day",
                         rule="absolute.ordinal_day")
        cand.relink = relinker(cand, lambda prev, d=day_of_month: _in_month_of(prev, d))
        yield cand


def _in_month_of(prev: TimeMention, day_of_month: int) -> Relinked:
    """"the 22 August ... On the 23rd": the day in the month the text last dated (a day or
    the month itself); with none, the reading by tense stays."""
    if prev.earliest is None or prev.latest is None or \
            (prev.earliest.year, prev.earliest.month) != (prev.latest.year, prev.latest.month):
        return None
    day = safe_date(prev.earliest.year, prev.earliest.month, day_of_month)
    return ((day, day), "day") if day is not None else None


RULES = (month_first, day_first, numeric, ordinal_day)

P = "2024-04-09"  # a Tuesday
EXAMPLES: list[Example] = [
    ex("April 9, 2024", P, "2024-04-09"),
    ex("The summit opens on Dec. 31 and closes on Jan. 2.", "2024-12-30", "2024-12-31",
       target="Dec. 31"),
    ex("The summit opens on Dec. 31 and closes on Jan. 2.", "2024-12-30", "2025-01-02",
       target="Jan. 2"),
    ex("The envoy arrived on Feb. 28.", "2024-02-29", "2024-02-28"),
    ex("The envoy will arrive on March 1.", "2024-02-29", "2024-03-01"),
    ex("from Feb. 28 to March 1", "2024-02-10", "2024-02-28", "2024-03-01"),
    ex("from Feb. 28 to March 1", "2023-02-10", "2023-02-28", "2023-03-01"),
    ex("29 February 2024", "2024-01-01", "2024-02-29"),
    ex("Sunday, Dec. 29", "2024-12-30", "2024-12-29"),
    ex("on the 1st of January", "2024-12-30", "2025-01-01"),
    ex("between December 30 and January 2", "2024-12-20", "2024-12-30", "2025-01-02"),
    ex("May 16, 2024", P, "2024-05-16"),
    ex("on May 16", "2024-05-14", "2024-05-16"),
    ex("16 May", "2024-05-14", "2024-05-16"),
    ex("16 May 2024", P, "2024-05-16"),
    ex("Thursday, May 16", "2024-05-14", "2024-05-16"),
    ex("The summit runs May 16-17.", "2024-05-14", "2024-05-16", "2024-05-17"),
    ex("Putin will visit China from May 16 to 17.", "2024-05-14", "2024-05-16", "2024-05-17"),
    ex("from May 16 to 17", "2024-05-14", "2024-05-16", "2024-05-17"),
    ex("16-17 May", "2024-05-14", "2024-05-16", "2024-05-17"),
    ex("between June 3 and 5", P, "2024-06-03", "2024-06-05"),
    ex("Aug. 22-24", "2023-08-01", "2023-08-22", "2023-08-24"),
    ex("Sept. 2-3", "2023-08-01", "2023-09-02", "2023-09-03"),
    ex("on February 27 & 28", "2019-02-10", "2019-02-27", "2019-02-28"),
    ex("from March 20 to 22", "2023-03-17", "2023-03-20", "2023-03-22"),
    ex("May 30 to June 2", P, "2024-05-30", "2024-06-02"),
    ex("30 May to 2 June", P, "2024-05-30", "2024-06-02"),
    ex("from August 31 to September 3", "2019-08-20", "2019-08-31", "2019-09-03"),
    ex("the 22nd of August", "2023-07-01", "2023-08-22"),
    ex("between the 22nd and the 24th of August", "2023-07-01", "2023-08-22", "2023-08-24"),
    ex("16.05.2024", P, "2024-05-16"),
    ex("2024-05-16", P, "2024-05-16"),
    ex("10/30/89", "1989-11-02", "1989-10-30"),
    ex("11/02/89", "1989-11-02", "1989-11-02"),
    ex("on July 3-4", "2024-06-20", "2024-07-03", "2024-07-04"),
    ex("from October 22 to 24", "2024-10-21", "2024-10-22", "2024-10-24"),
    ex("on Dec. 28-Jan. 3", "2024-12-01", "2024-12-28", "2025-01-03"),
    ex("The talks ended on Sept. 30.", "1989-10-26", "1989-09-30"),
    ex("The vote will be held on Jan. 5.", "2023-12-20", "2024-01-05"),
    ex("He arrived on Dec. 30.", "2024-01-02", "2023-12-30"),
    ex("Directors authorized a split, payable Dec. 7 to stock of record Nov. 22.", "1989-10-27",
       "1989-12-07", target="Dec. 7"),
    ex("He is scheduled to arrive on the 15th and leave on the 17th.", "2025-03-12",
       "2025-03-15", target="the 15th"),
    ex("The ceasefire took effect on the 28th.", "2025-03-12", "2025-02-28", target="the 28th"),
    ex("The talks will resume on the 3rd, officials said.", "2025-03-12", "2025-04-03",
       target="the 3rd"),
    ex("The results are due by the 31st.", "2025-04-10", "2025-05-31", target="the 31st"),
    ex("On the 23rd the summit proper takes place.", "2023-08-20", "2023-08-23",
       target="the 23rd"),
    ex("The summit runs from the 22nd to the 24th of August. On the 23rd the leaders meet.",
       "2023-07-07", "2023-08-23", target="the 23rd"),
    no("Her office is on the 15th floor."),
    no("They marked the 25th anniversary of the treaty."),
    # the verb that governs the date is trusted however far back it points
    ex("In the fiscal year ended Jan. 31, the company reported sales of $59.5 million.",
       "1989-10-31", "1989-01-31", target="Jan. 31"),
    ex("Its second quarter ended Oct. 31, and the company had a loss.", "1989-10-27",
       "1988-10-31", target="Oct. 31"),
    ex("The bid was extended to Nov. 16.", "1989-10-30", "1989-11-16"),
    ex("The merger will close June 1.", "1989-10-26", "1990-06-01"),
    ex("The deadline is March 1.", "2024-02-29", "2024-03-01"),
    ex("on Feb. 29", "2024-02-20", "2024-02-29"),
    ex("February 29, 2024", "2024-03-01", "2024-02-29"),
    ex("Wednesday, 22 August 2023", "2023-08-20", "2023-08-22"),
    ex("The race was run on Saturday, April 25.", "1998-04-24", "1998-04-25"),
    ex("He left on Friday, Dec. 29.", "2024-01-02", "2023-12-29"),
    ex("on the 3rd of July", "2024-06-20", "2024-07-03"),
    ex("June 12", "2024-05-02", "2024-06-12"),
    ex("Monday, Dec. 31", "2024-12-30", "2024-12-31"),
    ex("on Jan. 2", "2024-12-31", "2025-01-02"),
    ex("March 5th", "2024-03-01", "2024-03-05"),
    ex("Nov 4", "2022-10-25", "2022-11-04"),
    ex("November 3-4", "2022-10-25", "2022-11-03", "2022-11-04"),
    ex("on 5 and 6 July", "2024-06-20", "2024-07-05", "2024-07-06"),
    ex("1 January 2000", "1999-12-31", "2000-01-01"),
    ex("2023-09-09", "2023-09-01", "2023-09-09"),
    ex("2024/02/29", "2024-03-01", "2024-02-29"),
    ex("05/16/2024", P, "2024-05-16"),
    no("The vote was 2024-2025 in the season 1-2."),
    no("It rose 1.5.2 points."),
    no("The score was 1-0 at half-time."),
    no("Call 555-1234 or +1 202 555 0123 for details."),
    no("He scored 16 points in the second game."),
    no("Version 2.1.3 was released."),
    no("The ratio was 3/4 of the total."),
    no("They sold 20/20 tickets."),
]
