"""Years and the periods inside them: "in 2025", "fiscal 1989", "the 1990s", "mid-1990s",
"last year", "next year", "this year", "earlier this year", "later this year", "later in 2024",
"two years ago", quarters ("Q3", "the third quarter", "third-quarter", "the fourth quarter of
2024", "the latest quarter") and halves ("H2", "the first half of 2025", "the second half").

A fiscal year is read as the calendar year (fiscal calendars differ by country and company).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Final

from ..calmath import decade_range, months_range, quarter_range, rest_after, year_range
from ..candidate import Candidate, Context
from ..examples import Example, ex, no
from ..resolve import pick, quarter_occurrence, rest_of
from ..tense import Tense
from ._common import YEAR_REF_RE, make, year_ref

_YEAR: Final = re.compile(
    r"(?<![\d$£€¥#.,/:-])(?:(?P<fiscal>(?i:fiscal(?: year)?|FY|the year|calendar(?: year)?))"
    r"\s*)?(?P<y>(?:1[89]|20)\d\d)(?![\d%]|,\d|\.\d|-\d|/\d|:\d|s\b|'s\b)"
)
# A four-digit number followed by one of these nouns is a count, not a year.
_COUNT_AFTER: Final = re.compile(
    r"\s*(?:-|\s)?(?i:people|persons|troops|soldiers|members|delegates|workers|jobs|"
    r"tons|tonnes|km|kilometers|kilometres|miles|metres|meters|feet|dollars|euros|pounds|"
    r"rubles|yuan|shares|votes|cars|units|barrels|points|percent|per cent|households|"
    r"homes|students|children|patients|cases|deaths|refugees|migrants|officers|police|"
    r"employees|staff|residents|civilians|fighters|rockets|missiles|drones|hours|minutes|"
    r"seats|delegations|athletes|flights|vehicles|companies|firms|projects|pages|words|"
    r"calories|mg|kg|g|m|sq|square|acres|hectares|rounds|times)\b"
)
_DECADE: Final = re.compile(
    r"(?:\b(?P<part>(?i:early|mid|late))[\s-])?(?:\b(?i:the)\s+)?"
    r"(?:\b(?P<c>1[89]|20)(?P<d>\d)0s\b|'(?P<d2>\d)0s\b)"
)
_RELATIVE_YEAR: Final = re.compile(
    r"\b(?P<mod>(?i:later|earlier|late|early|the end of|the beginning of|the start of))?\s*"
    r"\b(?P<rel>(?i:this|next|last|the past|the previous|the following|the coming|"
    r"the current|the same|the new|the prior))\s+(?P<unit>(?i:year|calendar year|fiscal year))"
    r"\b(?!s|-)(?!\s+(?i:ago|earlier|later|before))"
)
_IN_YEAR: Final = re.compile(
    r"\b(?P<mod>(?i:later|earlier))\s+(?i:in)\s+(?P<y>(?:1[89]|20)\d\d)(?![\d%])"
)
_ORD: Final[dict[str, int]] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "final": 4, "last": 4, "latter": 2,
}
_QUARTER: Final = re.compile(
    r"(?:\b(?i:the)\s+)?\b(?P<ord>(?i:first|1st|second|2nd|third|3rd|fourth|4th|final))"
    r"[\s-]+(?:(?i:fiscal|calendar)[\s-]+)?(?i:quarter)\b"
    rf"(?:\s+(?i:of)\s+(?:(?i:the\s+)?(?i:fiscal\s+)?(?P<y>{YEAR_REF_RE})))?"
    rf"(?:,?\s+(?P<y2>(?:1[89]|20)\d\d)(?![\d%]))?"
    r"|\b(?P<q>Q[1-4]|[1-4]Q)(?:[\s/-]*(?P<y3>(?:19|20)?\d\d)(?![\d%]))?\b"
)
_ANAPHORIC_QUARTER: Final = re.compile(
    r"\b(?i:the\s+)?(?P<which>(?i:latest|most recent|last|past|previous|current|this|next|"
    r"coming|same|year-earlier|year-ago|the))\s+(?i:quarter)\b(?!s|ly)"
)
_HALF: Final = re.compile(
    r"(?:\b(?i:the)\s+)?\b(?P<ord>(?i:first|1st|second|2nd|latter))[\s-]+(?i:half)\b"
    rf"(?:\s+(?i:of)\s+(?P<y>{YEAR_REF_RE}))?(?:,?\s+(?P<y2>(?:1[89]|20)\d\d)(?![\d%]))?"
    r"|\b(?P<h>H[12])(?:[\s/-]*(?P<y3>(?:19|20)?\d\d)(?![\d%]))?\b"
)


def _two_digit_year(token: str | None, published: date) -> int | None:
    if not token:
        return None
    if len(token) == 4:
        return int(token)
    base = published.year - published.year % 100
    return min((base - 100 + int(token), base + int(token), base + 100 + int(token)),
               key=lambda y: abs(y - published.year))


def years(ctx: Context) -> Iterator[Candidate]:
    text = ctx.text
    for m in _YEAR.finditer(text):
        if _COUNT_AFTER.match(text, m.end()):
            continue
        yield make(m, year_range(int(m["y"])), "year", "years.year")


def decades(ctx: Context) -> Iterator[Candidate]:
    for m in _DECADE.finditer(ctx.text):
        if m["d2"] is not None:
            first = 1900 + 10 * int(m["d2"])
        else:
            first = int(m["c"]) * 100 + 10 * int(m["d"])
        start, end = decade_range(first)
        part = (m["part"] or "").lower()
        if part == "early":
            end = date(first + 3, 12, 31)
        elif part == "mid":
            start, end = date(first + 3, 1, 1), date(first + 6, 12, 31)
        elif part == "late":
            start = date(first + 7, 1, 1)
        yield make(m, (start, end), "decade", "years.decade")


def relative_years(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in _RELATIVE_YEAR.finditer(ctx.text):
        rel = m["rel"].lower()
        mod = (m["mod"] or "").lower()
        if any(w in rel for w in ("next", "following", "coming", "new")):
            year = published.year + 1
        elif any(w in rel for w in ("last", "past", "previous", "prior")):
            year = published.year - 1
        else:
            year = published.year
        rng = year_range(year)
        start = m.start("mod") if m["mod"] else m.start("rel")
        if rel in ("the past",) and not mod:  # "the past year": twelve months up to now
            yield Candidate(start, m.end(), None, None, None, "duration", 365, "years.relative")
            continue
        if year == published.year and mod == "later":
            rng = rest_after(rng, published)
        elif year == published.year and mod == "earlier":
            if published.month == 1 and published.day == 1:
                continue
            rng = (rng[0], published - timedelta(days=1))
        elif mod in ("late", "the end of"):
            rng = months_range(year, 9, 12)
        elif mod in ("early", "the beginning of", "the start of"):
            rng = months_range(year, 1, 4)
        elif not mod and year == published.year:
            rng = rest_of(rng, published, ctx.tense(m.start(), m.end())) or rng
        yield Candidate(start, m.end(), rng[0], rng[1], "year", rule="years.relative")


def later_in_year(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in _IN_YEAR.finditer(ctx.text):
        year = int(m["y"])
        rng = year_range(year)
        if year == published.year:
            if m["mod"].lower() == "later":
                rng = rest_after(rng, published)
            elif published > rng[0]:
                rng = (rng[0], published - timedelta(days=1))
        yield make(m, rng, "year", "years.later_in")


def quarters(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in _QUARTER.finditer(ctx.text):
        if m["q"] is not None:
            q = int(m["q"].strip("Q"))
            year = _two_digit_year(m["y3"], published)
        else:
            q = _ORD[m["ord"].lower()]
            year = year_ref(m["y"], published) if m["y"] else _two_digit_year(m["y2"], published)
        if year is not None:
            rng = quarter_range(year, q)
        else:
            rng = pick(quarter_occurrence(q), published.year, published,
                       ctx.tense(m.start(), m.end()), Tense.PAST, clip=False)
        yield make(m, rng, "quarter", "years.quarter")


def anaphoric_quarters(ctx: Context) -> Iterator[Candidate]:
    """"the latest quarter" (the last one completed), "next quarter", "the year-ago quarter"."""
    published = ctx.published
    current = (published.month - 1) // 3 + 1
    for m in _ANAPHORIC_QUARTER.finditer(ctx.text):
        which = m["which"].lower()
        y, q = published.year, current
        if which in ("next", "coming"):
            y, q = (y, q + 1) if q < 4 else (y + 1, 1)
        elif which in ("current", "this"):
            pass
        else:  # the last completed quarter: what quarterly reports talk about
            y, q = (y, q - 1) if q > 1 else (y - 1, 4)
            if which in ("year-earlier", "year-ago", "same"):
                y -= 1
        yield make(m, quarter_range(y, q), "quarter", "years.quarter_ref")


def halves(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in _HALF.finditer(ctx.text):
        if m["h"] is not None:
            half = int(m["h"][1])
            year = _two_digit_year(m["y3"], published)
        else:
            half = 1 if m["ord"].lower() in ("first", "1st") else 2
            year = year_ref(m["y"], published) if m["y"] else _two_digit_year(m["y2"], published)
        if year is None:
            def occurrence(y: int, half: int = half) -> tuple[date, date]:
                return months_range(y, 6 * half - 5, 6 * half)
            rng = pick(occurrence, published.year, published, ctx.tense(m.start(), m.end()),
                       Tense.PAST, clip=False)
        else:
            rng = months_range(year, 6 * half - 5, 6 * half)
        yield make(m, rng, "half", "years.half")


RULES = (years, decades, relative_years, later_in_year, quarters, anaphoric_quarters, halves)

P = "2024-04-09"
EXAMPLES: list[Example] = [
    ex("in 2025", P, "2025-01-01", "2025-12-31"),
    ex("The summit will be held in 2025.", P, "2025-01-01", "2025-12-31"),
    ex("fiscal 1989", "1989-10-26", "1989-01-01", "1989-12-31"),
    ex("in fiscal year 1990", "1989-10-26", "1990-01-01", "1990-12-31"),
    ex("the 1990s", P, "1990-01-01", "1999-12-31"),
    ex("in the '80s", P, "1980-01-01", "1989-12-31"),
    ex("the mid-1990s", P, "1993-01-01", "1996-12-31"),
    ex("the late 1980s", P, "1987-01-01", "1989-12-31"),
    ex("last year", P, "2023-01-01", "2023-12-31"),
    ex("next year", "2024-12-31", "2025-01-01", "2025-12-31"),
    ex("The economy grew this year.", P, "2024-01-01", "2024-12-31"),
    ex("The visit will take place this year.", P, "2024-04-10", "2024-12-31"),
    ex("later this year", P, "2024-04-10", "2024-12-31"),
    ex("Putin will visit China later this year.", "2024-12-30", "2024-12-31", "2024-12-31"),
    ex("earlier this year", P, "2024-01-01", "2024-04-08"),
    ex("later in 2024", P, "2024-04-10", "2024-12-31"),
    ex("later in 2025", P, "2025-01-01", "2025-12-31"),
    ex("late next year", P, "2025-09-01", "2025-12-31"),
    ex("early next year", "1989-10-26", "1990-01-01", "1990-04-30"),
    ex("Q3", P, "2023-07-01", "2023-09-30"),
    ex("in Q3 2024", P, "2024-07-01", "2024-09-30"),
    ex("Analysts had expected no change until the third quarter.", "2024-05-02",
       "2024-07-01", "2024-09-30"),
    ex("Profit fell in the third quarter.", "1989-10-26", "1989-07-01", "1989-09-30"),
    ex("third-quarter net income", "1989-10-26", "1989-07-01", "1989-09-30"),
    ex("the fourth quarter of 2024", P, "2024-10-01", "2024-12-31"),
    ex("the first quarter of next year", P, "2025-01-01", "2025-03-31"),
    ex("the latest quarter", "1989-10-26", "1989-07-01", "1989-09-30"),
    ex("the year-earlier quarter", "1989-10-26", "1988-07-01", "1988-09-30"),
    ex("next quarter", "2024-12-15", "2025-01-01", "2025-03-31"),
    ex("the first half of 2025", P, "2025-01-01", "2025-06-30"),
    ex("H2", P, "2023-07-01", "2023-12-31"),
    ex("Growth will pick up in H2.", P, "2024-07-01", "2024-12-31"),
    ex("H1 2024", P, "2024-01-01", "2024-06-30"),
    ex("the second half of the year", "2024-03-01", "2024-07-01", "2024-12-31"),
    ex("1988", "1989-10-26", "1988-01-01", "1988-12-31"),
    ex("since 1990", P, "1990-01-01", "1990-12-31"),
    ex("the year 2000", P, "2000-01-01", "2000-12-31"),
    no("More than 2,000 troops were deployed."),
    no("The G20 and COP28 meetings drew crowds."),
    no("Some 1990 troops were deployed."),
    no("He paid $1999 for it."),
    no("They gathered on Independence Square."),
]
