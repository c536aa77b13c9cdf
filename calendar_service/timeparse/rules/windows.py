"""Fuzzy windows around the publication date, bounded by the conventions table:
"in the coming days/weeks/months", "in the next few weeks", "within weeks", "soon",
"shortly", "in the near future", "before long", "in the foreseeable future",
"within two weeks", "over the next three weeks", "in two weeks", "in about two weeks",
"now", "currently", "recently", "in recent years", "the past", "the future".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import chain
from typing import Final

from ..calmath import add_months, add_years, month_range, year_range
from ..candidate import Candidate, Context
from ..conventions import (
    IN_ABOUT_N_WEEKS_SLACK,
    IN_N_DAYS_SLACK,
    IN_N_WEEKS_SLACK,
    OR_SO_EXTRA_DAYS,
    RECENT_YEARS,
    WINDOWS,
)
from ..examples import Example, ex, no, typed
from ..lexicon import NUM_WORD_RE, number_value
from ..tense import Tense
from ..triggers import COMING, DEICTIC, UNIT, anchored, guarded
from ._common import make

_COMING: Final = guarded(re.compile(
    r"\b(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:coming|next\s+few|next\s+several|"
    r"next\s+couple\s+of|following|upcoming|few)\s+(?P<unit>(?:days|weeks|months))\b"
    r"|\b(?:in\s+|over\s+)?the\s+(?P<unit3>days|weeks|months)\s+ahead\b"
    r"|\b(?:within)\s+(?P<unit2>(?:days|weeks|months))\b"
    r"|\b(?:in|within)\s+a\s+matter\s+of\s+(?P<unit4>days|weeks|months)\b"
))
_SOON: Final = guarded(re.compile(
    r"\b(?P<w>(?:soon|shortly|before long|in the near future|in the immediate future|"
    r"in the near term|in the short term|in the foreseeable future|for the foreseeable future|"
    r"in the not-too-distant future|in the not too distant future|the near term|"
    r"as soon as possible))\b(?!-|\s+(?:after|before|as))"
))
_WITHIN_N: Final = guarded(re.compile(
    rf"\b(?:within\s+the\s+next|within|over\s+the\s+next|in\s+the\s+next|in\s+the\s+coming|"
    rf"during\s+the\s+next|for\s+the\s+next|the\s+next|the\s+coming)\s+(?:{NUM_WORD_RE}\s*(?:to|or|-|–)\s*)?"
    rf"(?P<n>{NUM_WORD_RE})\s+(?P<unit>(?:days?|weeks?|months?|years?))\b(?P<orso>\s+(?:or\s+so))?"
))  # "within the next two to three weeks": up to the larger number
_IN_N: Final = guarded(re.compile(
    rf"\b(?:in)\s+(?P<about>(?:about|around|roughly|some|approximately)\s+)?"
    rf"(?P<n>{NUM_WORD_RE})\s+(?P<unit>(?:days?|weeks?|fortnights?|months?|years?))(?:'s|')?"
    r"(?:\s+(?:time))?(?!\s+(?:ago|of|after|before|later|earlier|from))\b"
))
# "a week from today", "two months from now": the same as "in a week", "in two months"
_FROM_NOW: Final = guarded(re.compile(
    rf"\b(?P<about>(?:about|around|roughly|some|approximately)\s+)?(?P<n>{NUM_WORD_RE})\s+"
    r"(?P<unit>(?:days?|weeks?|fortnights?|months?|years?))\s+from\s+(?:today|now)\b"
))
_NOW: Final = guarded(re.compile(
    r"\b(?P<w>(?:now|currently|at present|at the moment|presently|nowadays|these days|"
    r"right now|recently|lately|in recent (?:days|weeks|months|years)|"
    r"recent (?:days|weeks|months|years)|the past|in the past|the future|in the future|"
    r"current|present-day|at a later date|a later date))\b"
))
_NOW_KINDS: Final[dict[str, str]] = {
    "now": "now", "currently": "now", "at present": "now", "at the moment": "now",
    "presently": "now", "nowadays": "now", "these days": "now", "right now": "now",
    "current": "now", "at a later date": "future",
    "a later date": "future", "recently": "recently", "lately": "recently",
    "in recent days": "days", "recent days": "days", "in recent weeks": "weeks",
    "recent weeks": "weeks", "in recent months": "months", "recent months": "months",
    "in recent years": "years", "recent years": "years", "the past": "past",
    "in the past": "past", "the future": "future", "in the future": "future",
}


_CURRENT_WHAT: Final = re.compile(
    r"\s+(?:account|level|rate|year|quarter|month|week|period|session|term|crisis|situation|"
    r"round|price|prices|government|fiscal|market|conditions|weakness|share|position|number)"
)


@anchored(COMING)
def coming(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_COMING, COMING):
        unit = m["unit"] or m["unit2"] or m["unit3"] or m["unit4"]
        first, last = WINDOWS[unit]
        yield make(m, _after(ctx.published, first, last), "window", "windows.coming")


def _after(published: date, first: int, last: int | None) -> tuple[date, date | None]:
    return (published + timedelta(days=first),
            None if last is None else published + timedelta(days=last))


@anchored(DEICTIC)
def soon(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_SOON, DEICTIC):
        w = m["w"].lower()
        key = "foreseeable" if "foreseeable" in w else "soon"
        first, last = WINDOWS[key]
        lo, hi = _after(ctx.published, first, last)
        yield Candidate(m.start(), m.end(), lo, hi, "window", rule="windows.soon")


@anchored(COMING)
def within_n(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_WITHIN_N, COMING):
        n = number_value(m["n"])
        if n is None or n == 0 or n > 400:
            continue
        unit = m["unit"].lower().rstrip("s")
        days = {"day": n, "week": 7 * n, "month": 30 * n, "year": 365 * n}[unit]
        if m["orso"]:
            days += OR_SO_EXTRA_DAYS
        yield make(m, _after(ctx.published, 1, days), "window", "windows.within")


@anchored(UNIT)
def in_n(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    from_now = "from now" in ctx.low or "from today" in ctx.low
    for m in chain(ctx.scan(_IN_N, UNIT), ctx.scan(_FROM_NOW, UNIT) if from_now else ()):
        n = number_value(m["n"])
        if n is None or n == 0 or n > 400:
            continue
        unit = m["unit"].lower().rstrip("s")
        if unit == "fortnight":
            unit, n = "week", 2 * n
        about = m["about"] is not None
        if unit == "week":
            slack = IN_ABOUT_N_WEEKS_SLACK if about else IN_N_WEEKS_SLACK
            lo, hi = 7 * n - slack, 7 * n + slack
        elif unit == "day":
            slack = IN_N_DAYS_SLACK * (2 if about else 1)
            lo, hi = n - slack, n + slack
        elif unit == "month":
            d = add_months(published, n)
            yield make(m, month_range(d.year, d.month), "month", "windows.in_n")
            continue
        else:  # "in two years": that year, as "two years ago" is; in a past clause a span
            if n > 100 or ctx.tense(m.start(), m.end()) is Tense.PAST:
                continue  # ("grew 5% in two years"), left to the durations
            yield make(m, year_range(published.year + n), "year", "windows.in_n")
            continue
        yield make(m, (published + timedelta(days=max(1, lo)), published + timedelta(days=hi)),
                   "window", "windows.in_n")


@anchored(DEICTIC)
def now(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    text = ctx.low
    for m in ctx.scan(_NOW, DEICTIC):
        w = " ".join(m["w"].lower().split())
        kind = _NOW_KINDS.get(w)
        if kind is None:
            continue
        if w == "current" and not _CURRENT_WHAT.match(text, m.end()):
            continue
        if kind == "now":
            yield make(m, (published, published), "day", "windows.now")
        elif kind == "past":
            yield Candidate(m.start(), m.end(), None, published - timedelta(days=1), "window",
                            rule="windows.now")
        elif kind == "future":
            first, last = WINDOWS["future"]
            lo, hi = _after(published, first, last)
            yield Candidate(m.start(), m.end(), lo, hi, "window", rule="windows.now")
        else:
            if kind == "years":
                start = add_years(published, -RECENT_YEARS)
            else:
                start = published - timedelta(days={"recently": 90, "days": 14, "weeks": 56,
                                                     "months": 183}[kind])
            yield make(m, (start, published), "window", "windows.now")


RULES = (coming, soon, within_n, in_n, now)

P = "2024-04-09"
EXAMPLES: list[Example] = [
    ex("in the coming days", P, "2024-04-10", "2024-04-23"),
    ex("in the coming days", "2024-12-25", "2024-12-26", "2025-01-08"),
    ex("in the coming weeks", "2024-02-28", "2024-02-29", "2024-04-24"),
    ex("soon", "2023-12-31", "2024-01-01", "2024-03-30"),
    ex("within 10 days", P, "2024-04-10", "2024-04-19"),
    ex("in the next 30 days", P, "2024-04-10", "2024-05-09"),
    ex("in the near term", P, "2024-04-10", "2024-07-08"),
    ex("in the next few days", "2024-12-25", "2024-12-26", "2025-01-08"),
    ex("in the coming weeks", P, "2024-04-10", "2024-06-04"),
    ex("in the next few weeks", P, "2024-04-10", "2024-06-04"),
    ex("within weeks", P, "2024-04-10", "2024-06-04"),
    ex("in the coming months", "2021-02-01", "2021-02-02", "2021-08-03"),
    ex("soon", P, "2024-04-10", "2024-07-08"),
    ex("The visit will happen shortly.", P, "2024-04-10", "2024-07-08"),
    ex("in the near future", P, "2024-04-10", "2024-07-08"),
    ex("before long", P, "2024-04-10", "2024-07-08"),
    ex("in the foreseeable future", P, "2024-04-10", ""),
    ex("within two weeks", P, "2024-04-10", "2024-04-23"),
    ex("Erdogan will host Putin within the next two to three weeks.", P, "2024-04-10",
       "2024-04-30", target="within the next two to three weeks"),
    ex("in the next 2-3 days", P, "2024-04-10", "2024-04-12"),
    ex("within two weeks or so", P, "2024-04-10", "2024-04-30"),
    ex("over the next three weeks", P, "2024-04-10", "2024-04-30"),
    ex("in the coming two weeks", "2024-02-28", "2024-02-29", "2024-03-13"),
    ex("in two weeks", P, "2024-04-19", "2024-04-27"),
    ex("in about two weeks", P, "2024-04-16", "2024-04-30"),
    ex("in two weeks' time", P, "2024-04-19", "2024-04-27"),
    ex("in a fortnight", P, "2024-04-19", "2024-04-27"),
    ex('He said the trip would happen "in a matter of weeks".', P, "2024-04-10", "2024-06-04",
       target="in a matter of weeks"),
    ex("The talks resume a week from today.", P, "2024-04-12", "2024-04-20",
       target="a week from today"),
    ex("two months from now", P, "2024-06-01", "2024-06-30"),
    ex("Between now and the end of the year, talks will continue.", "2025-03-12", "2025-03-12",
       "2025-12-31", target="now and the end of the year"),
    ex("from today until June", "2025-03-12", "2025-03-12", "2025-06-30",
       target="today until June"),
    ex("The two sides will meet again in a month's time.", P, "2024-05-01", "2024-05-31",
       target="in a month's time"),
    ex("A decision is expected a year from now.", P, "2025-01-01", "2025-12-31",
       target="a year from now"),
    ex("The plant will open in two years.", P, "2026-01-01", "2026-12-31", target="in two years"),
    ex("The deal should be done within a year.", P, "2024-04-10", "2025-04-09",
       target="within a year"),
    typed("Sales doubled in two years.", "duration", target="two years"),
    ex("in a week", P, "2024-04-12", "2024-04-20"),
    ex("in three days", P, "2024-04-11", "2024-04-13"),
    ex("in two months", P, "2024-06-01", "2024-06-30"),
    ex("now", P, "2024-04-09"),
    ex("The company currently employs 500.", P, "2024-04-09"),
    ex("recently", P, "2024-01-10", "2024-04-09"),
    ex("in recent years", P, "2019-04-09", "2024-04-09"),
    ex("in the past", P, "", "2024-04-08"),
    ex("in the future", P, "2024-04-10", ""),
    no("a previously announced plan"),
    ex("in the weeks ahead", P, "2024-04-10", "2024-06-04"),
    ex("as soon as possible", P, "2024-04-10", "2024-07-08"),
    ex("at a later date", P, "2024-04-10", ""),
    no("So far, so good, he said."),
    no("Soon-yi Previn is a name."),
    no("The current flows north."),
]
