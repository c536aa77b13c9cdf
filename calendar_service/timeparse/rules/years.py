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

from ..calmath import (
    add_years,
    decade_range,
    month_range,
    months_range,
    part_before,
    quarter_range,
    rest_after,
    safe_date,
    year_range,
)
from ..candidate import Candidate, Context
from ..conventions import QUARTER_REPORTING_LAG
from ..examples import Example, ex, no
from ..model import TimeMention
from ..resolve import deadline, pick, quarter_occurrence, this_period
from ..tense import Tense
from ..triggers import (
    AGO,
    HALF,
    QUARTER,
    SPELLED,
    anchored,
    guarded,
    literal_windows,
    requires,
    word,
)
from ._common import YEAR_REF_RE, Relinked, make, relinker, year_ref

# Digit-first, so one pass over the whole text is cheap; the left context is checked in code.
# The compact date "19980303" (group c: its month and day) shares the pass: it costs nothing
# more than the year alone.
_YEAR: Final = re.compile(
    r"(?:1[89]|20)\d\d(?:(?P<c>(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)"
    r"|(?![\d%]|,\d|\.\d|-\d|/\d|:\d|s\b|'s\b))"
)
_NOT_BEFORE_YEAR: Final = frozenset("0123456789$£€¥#.,/:-abcdefghijklmnopqrstuvwxyz")
_FISCAL_BEFORE: Final = re.compile(r"\b(?:fiscal(?: year)?|fy|the year|calendar(?: year)?)\s*$")
# A four-digit number followed by one of these nouns is a count, not a year.
_COUNT_AFTER: Final = re.compile(
    r"\s*(?:-|\s)?(?:people|persons|troops|soldiers|members|delegates|workers|jobs|"
    r"tons|tonnes|km|kilometers|kilometres|miles|metres|meters|feet|dollars|euros|pounds|"
    r"rubles|yuan|shares|votes|cars|units|barrels|points|percent|per cent|households|"
    r"homes|students|children|patients|cases|deaths|refugees|migrants|officers|police|"
    r"employees|staff|residents|civilians|fighters|rockets|missiles|drones|hours|minutes|"
    r"seats|delegations|athletes|flights|vehicles|companies|firms|projects|pages|words|"
    r"calories|mg|kg|g|m|sq|square|acres|hectares|rounds|times)\b"
)
# Digit-first ("1990s", "'80s"); "the", "early", "mid-" before it are read in code. It runs
# only around the "0s" every match ends with: up to 3 characters before it, and 1 after.
_DECADE: Final = re.compile(r"(?P<c>1[89]|20)(?P<d>\d)0s\b|'(?P<d2>\d)0s\b")
_DECADE_TAIL: Final = (("0s",), 3, 3)
_DECADE_BEFORE: Final = re.compile(r"(?:\b(?P<part>early|mid|late)[\s-])?(?:\bthe\s+)?$")
_DECADE_WORD: Final = guarded(re.compile(
    r"\bthe\s+(?:(?P<wpart>early|mid|late)[\s-]+)?(?:nineteen[\s-]+)?(?P<w>twenties|thirties|"
    r"forties|fifties|sixties|seventies|eighties|nineties)\b"
))
_DECADE_WORDS: Final[dict[str, int]] = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}
_TENS: Final[dict[str, int]] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_ONES: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}
_TENS_RE: Final = "|".join(_TENS)
_ONES_RE: Final = "|".join(_ONES)
# Years spelled out, as in broadcast transcripts: "nineteen ninety-six", "two thousand".
_SPELLED_YEAR: Final = guarded(re.compile(
    rf"\b(?:the\s+year\s+)?(?:nineteen[\s-]+(?P<t>{_TENS_RE})(?:[\s-]+(?P<o>{_ONES_RE}))?"
    rf"|nineteen[\s-]+oh[\s-]+(?P<oh>{_ONES_RE})"
    rf"|two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?P<k>{_TENS_RE}|{_ONES_RE}))?)\b"
))
_YEAR_CUE_BEFORE: Final = re.compile(r"\b(?:in|since|by|until|of|before|after|year|from|to)\s+$")
_RELATIVE_YEAR: Final = guarded(re.compile(
    r"\b(?P<mod>(?:later|earlier|late|early|the end of|the beginning of|the start of))?\s*"
    r"\b(?P<rel>this|next|last|the past|the coming|the current|the new|the|the full|"
    r"the whole|the entire|the latest|the most recent|the last)\s+"
    r"(?P<unit>year|calendar year|fiscal year|full year|financial year)"
    r"\b(?!s|-)(?!\s+(?:ago|earlier|later|before))"
))
# "this time next year": about the same date, a year on (or back): that month
_THIS_TIME: Final = guarded(re.compile(r"\bthis\s+time\s+(?P<rel>next|last)\s+year\b"))
# "by the end of the decade": its last three years (as "late 2020s"); the parts as _decade's
_DECADE_PART: Final[dict[str, str]] = {"end": "late", "middle": "mid", "beginning": "early",
                                       "start": "early"}
_END_OF_DECADE: Final = guarded(re.compile(
    r"\b(?P<dl>(?:by|before)\s+)?the\s+(?P<part>end|beginning|start|middle)\s+of\s+"
    r"(?:the|this)\s+decade\b"
))
_IN_YEAR: Final = guarded(re.compile(
    r"\b(?P<mod>(?:later|earlier))\s+(?:in)\s+(?P<y>(?:1[89]|20)\d\d)(?![\d%])"
))
_ORD: Final[dict[str, int]] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
    "4th": 4, "final": 4, "last": 4, "latter": 2,
}
_QUARTER: Final = guarded(re.compile(
    r"(?:\b(?:the)\s+)?\b(?P<ord>(?:first|1st|second|2nd|third|3rd|fourth|4th|final))"
    r"[\s-]+(?:(?:fiscal|calendar)[\s-]+)?(?:quarter)\b"
    rf"(?:\s+(?:of)\s+(?:(?:the\s+)?(?:fiscal\s+)?(?P<y>{YEAR_REF_RE})))?"
    rf"(?:,?\s+(?P<y2>(?:1[89]|20)\d\d)(?![\d%]))?"
    r"|\b(?P<yp>next year|last year|this year|(?:19|20)\d\d)'s\s+"
    r"(?P<ordp>first|second|third|fourth|final)[\s-]+quarter\b"
    r"|\b(?P<q>q[1-4]|[1-4]q)(?:[\s/-]*(?P<y3>(?:19|20)?\d\d)(?![\d%]))?\b"
))
_ANAPHORIC_QUARTER: Final = guarded(re.compile(
    r"\b(?:the\s+)?(?:(?:comparable|corresponding|same)\s+)?(?:(?P<which>latest|most recent|"
    r"last|past|previous|current|this|next|coming|same|year-earlier|year-ago|the|that|"
    r"comparable|corresponding)|(?P<y>(?:19|20)\d\d)|(?P<yp>last|this|next)\s+year's)\s+"
    r"(?:(?P<ord>first|second|third|fourth)[\s-]+)?(?P<unit>quarter|period)\b(?!s|ly|-)"
))  # yp: "last year's quarter", the quarter discussed a year back
# "by the end of Q3", "before the third quarter": a deadline in the quarter still to come.
_QUARTER_DEADLINE: Final = re.compile(
    r"\b(?P<dl>by|before|no\s+later\s+than|not\s+later\s+than)\s+(?P<eo>the\s+end\s+of\s+)?$"
)
# "FY25", "FY 2025": the fiscal year, read as the calendar year (see the docstring).
# Literal first, so the regex engine skips to each "fy" at C speed; the word start is checked
# in code.
_FY: Final = re.compile(r"fy\s?'?(?P<y>(?:19|20)\d\d|\d\d)(?![\d%])")
_COMPARISON_BEFORE: Final = re.compile(
    r"\b(?:from|with|than|versus|vs\.|against)\s+[^.;]{0,40}$"
)
_CENTURY: Final = guarded(re.compile(r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b"))
_LAST_COMPLETED: Final = frozenset({"latest", "most recent", "last", "past", "previous"})
_YEAR_BEFORE: Final = frozenset({"year-earlier", "year-ago", "same", "comparable",
                                 "corresponding"})
_HALF: Final = guarded(re.compile(
    r"(?:\b(?:the)\s+)?\b(?:(?P<ord>first|1st|second|2nd|latter|last)[\s-]+half|"
    r"(?P<ord2>first|last)\s+two\s+quarters)\b"
    rf"(?:\s+(?:of)\s+(?P<y>{YEAR_REF_RE}))?(?:,?\s+(?P<y2>(?:1[89]|20)\d\d)(?![\d%]))?"
    r"|\b(?P<h>h[12])(?:[\s/-]*(?P<y3>(?:19|20)?\d\d)(?![\d%]))?\b"
))


def _two_digit_year(token: str | None, published: date) -> int | None:
    if not token:
        return None
    if len(token) == 4:
        return int(token)
    base = published.year - published.year % 100
    return min((base - 100 + int(token), base + int(token), base + 100 + int(token)),
               key=lambda y: abs(y - published.year))


@anchored(word("fy"))  # "fy" is an anchor word: "FY25" and "FY2025" start with it
def fiscal_years(ctx: Context) -> Iterator[Candidate]:
    """"FY25", "FY2025" (with a space, "FY 2025" is read by `years`)."""
    low = ctx.low
    for m in ctx.scan(_FY, word("fy")):
        if m.start() and low[m.start() - 1].isalnum():
            continue
        year = _two_digit_year(m["y"], ctx.published)
        if year is not None:
            yield make(m, year_range(year), "year", "years.fiscal")


def years(ctx: Context) -> Iterator[Candidate]:
    low = ctx.low
    for m in _YEAR.finditer(low):
        start, end = m.span()
        if m["c"] is not None:  # "19980303"
            day = None if start and low[start - 1] in _NOT_BEFORE_YEAR else safe_date(
                int(low[start:start + 4]), int(m["c"][:2]), int(m["c"][2:]))
            if day is not None:
                yield Candidate(start, end, day, day, "day", rule="years.compact_date")
            continue
        if (start and low[start - 1] in _NOT_BEFORE_YEAR) or _COUNT_AFTER.match(low, end):
            continue
        fiscal = _FISCAL_BEFORE.search(low, max(0, start - 16), start)
        if fiscal is not None:
            start = fiscal.start()
        year = int(m.group())
        rng = year_range(year)
        if year == ctx.published.year:
            rng = this_period(rng, ctx.published, ctx.tense_later(start, end))
        yield Candidate(start, end, rng[0], rng[1], "year", rule="years.year")


@requires("0s", "ties")
def decades(ctx: Context) -> Iterator[Candidate]:
    low = ctx.low
    for lo, hi in literal_windows(low, *_DECADE_TAIL):
        for m in _DECADE.finditer(low, lo, hi):
            if m["d2"] is not None:
                first = 1900 + 10 * int(m["d2"])
            else:
                if m.start() and low[m.start() - 1].isalnum():
                    continue
                first = int(m["c"]) * 100 + 10 * int(m["d"])
            before = _DECADE_BEFORE.search(low, max(0, m.start() - 12), m.start())
            start = before.start() if before is not None and before.group() else m.start()
            part = before["part"] if before is not None else None
            yield _decade(start, m.end(), first, part)
    for m in ctx.scan(_DECADE_WORD, SPELLED):
        yield _decade(m.start(), m.end(), 1900 + 10 * _DECADE_WORDS[m["w"]], m["wpart"])


def _decade(start: int, end: int, first: int, part: str | None) -> Candidate:
    lo, hi = decade_range(first)
    if part == "early":
        hi = date(first + 3, 12, 31)
    elif part == "mid":
        lo, hi = date(first + 3, 1, 1), date(first + 6, 12, 31)
    elif part == "late":
        lo = date(first + 7, 1, 1)
    return Candidate(start, end, lo, hi, "decade", rule="years.decade")


@anchored(SPELLED)
@requires("nineteen", "thousand")
def spelled_years(ctx: Context) -> Iterator[Candidate]:
    low = ctx.low
    for m in ctx.scan(_SPELLED_YEAR, SPELLED):
        if m["t"] is not None:
            year = 1900 + _TENS[m["t"]] + (_ONES[m["o"]] if m["o"] else 0)
        elif m["oh"] is not None:
            year = 1900 + _ONES[m["oh"]]
        else:
            k = m["k"]
            year = 2000 + (_TENS.get(k) or _ONES.get(k) or 0 if k else 0)
            if not m.group().startswith("the year") and (
                    _COUNT_AFTER.match(low, m.end()) or
                    _YEAR_CUE_BEFORE.search(low, max(0, m.start() - 8), m.start()) is None):
                continue  # "two thousand troops"
        if _COUNT_AFTER.match(low, m.end()):
            continue
        yield make(m, year_range(year), "year", "years.spelled")


@anchored(word("year"))
def this_time(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_THIS_TIME, word("year")):
        year = published.year + (1 if m["rel"] == "next" else -1)
        yield make(m, month_range(year, published.month), "month", "years.this_time")


@anchored(word("decade"))
def decade_parts(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    first = published.year - published.year % 10
    for m in ctx.scan(_END_OF_DECADE, word("decade")):
        cand = _decade(m.start(), m.end(), first, _DECADE_PART[m["part"]])
        if m["dl"]:
            window = deadline((cand.earliest, cand.latest), published)  # type: ignore[arg-type]
            if window is not None:
                cand.earliest, cand.latest = window
        yield cand


@anchored(word("year"))
def relative_years(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_RELATIVE_YEAR, word("year")):
        rel = m["rel"].lower()
        mod = (m["mod"] or "").lower()
        if any(w in rel for w in ("next", "coming", "new")):
            year = published.year + 1
        elif rel in ("last", "the latest", "the most recent"):
            year = published.year - 1
        else:
            year = published.year
        rng = year_range(year)
        start = m.start("mod") if m["mod"] else m.start("rel")
        if rel in ("the past", "the last") and not mod:  # twelve months up to now
            yield Candidate(start, m.end(), None, None, None, "duration", 365, "years.relative")
            continue
        if year == published.year and mod == "later":
            rng = rest_after(rng, published)
        elif year == published.year and mod == "earlier":
            rng = part_before(rng, published)
        elif mod in ("late", "the end of"):
            rng = months_range(year, 9, 12)
        elif mod in ("early", "the beginning of", "the start of"):
            rng = months_range(year, 1, 4)
        elif not mod and rel == "this":
            rng = this_period(rng, published, ctx.tense_later(m.start(), m.end()))
        cand = Candidate(start, m.end(), rng[0], rng[1], "year", rule="years.relative")
        if rel == "last" and not mod and _COMPARISON_BEFORE.search(ctx.low, max(0, start - 50),
                                                                   start):
            # "profit rose to $5 from $4 last year": the quarter discussed, a year before
            cand.relink = _quarter_relinker(cand, shift=-1)
        yield cand


@anchored(AGO)
@requires("later in", "earlier in")
def later_in_year(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_IN_YEAR, AGO):
        year = int(m["y"])
        rng = year_range(year)
        if year == published.year:
            if m["mod"].lower() == "later":
                rng = rest_after(rng, published)
            elif published > rng[0]:
                rng = (rng[0], published - timedelta(days=1))
        yield make(m, rng, "year", "years.later_in")


@anchored(QUARTER)
def quarters(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_QUARTER, QUARTER):
        if m["yp"] is not None:
            q = _ORD[m["ordp"]]
            year = year_ref(m["yp"], published)
        elif m["q"] is not None:
            q = int(m["q"].strip("q"))
            year = _two_digit_year(m["y3"], published)
        else:
            q = _ORD[m["ord"].lower()]
            year = year_ref(m["y"], published) if m["y"] else _two_digit_year(m["y2"], published)
        start = m.start()
        by = _QUARTER_DEADLINE.search(ctx.low, max(0, start - 40), start)
        if by is not None:
            rng = quarter_range(year, q) if year is not None else pick(
                quarter_occurrence(q), published.year, published, Tense.FUTURE, Tense.FUTURE,
                clip=False)
            window = deadline(rng, published, before=by["dl"] == "before" and not by["eo"])
            if window is not None:
                yield Candidate(by.start(), m.end(), *window, "quarter",
                                rule="years.quarter_deadline")
                continue
        if year is not None:
            rng = quarter_range(year, q)
        elif (tense := ctx.tense(m.start(), m.end())) is Tense.FUTURE:
            # results come out after the quarter ends
            lagged = published - timedelta(days=QUARTER_REPORTING_LAG)
            rng = pick(quarter_occurrence(q), lagged.year, lagged, tense, tense, clip=False)
        else:
            rng = pick(quarter_occurrence(q), published.year, published, tense, Tense.PAST,
                       clip=False)
        yield make(m, rng, "quarter", "years.quarter")


@anchored(QUARTER)
def anaphoric_quarters(ctx: Context) -> Iterator[Candidate]:
    """"the latest quarter" (the last one completed), "next quarter", "the year-ago quarter"."""
    published = ctx.published
    current = (published.month - 1) // 3 + 1
    for m in ctx.scan(_ANAPHORIC_QUARTER, QUARTER):
        which = m["which"] or ""
        group = m.group()
        if m["y"] is not None:  # "the 1988 third quarter", "the 1988 period"
            year = int(m["y"])
            if m["ord"]:
                yield make(m, quarter_range(year, _ORD[m["ord"]]), "quarter", "years.quarter")
                continue
            cand = make(m, year_range(year), "year", "years.quarter_ref")
            cand.relink = _quarter_relinker(cand, year=year)
            yield cand
            continue
        if m["yp"] is not None and not m["ord"]:
            shift = {"last": -1, "this": 0, "next": 1}[m["yp"]]
            year = published.year + shift
            cand = make(m, year_range(year), "year", "years.quarter_ref")
            cand.relink = _quarter_relinker(cand, shift=shift)
            yield cand
            continue
        if m["ord"] or (m["unit"] == "period" and which not in _LAST_COMPLETED | _YEAR_BEFORE):
            continue
        y, q = published.year, current
        if which in ("next", "coming"):
            y, q = (y, q + 1) if q < 4 else (y + 1, 1)
        elif which in ("current", "this"):
            pass
        else:  # the last completed quarter: what quarterly reports talk about
            y, q = (y, q - 1) if q > 1 else (y - 1, 4)
        year_before = which in _YEAR_BEFORE or any(w in group for w in _YEAR_BEFORE)
        if year_before:
            y -= 1
        cand = make(m, quarter_range(y, q), "quarter", "years.quarter_ref")
        if year_before:
            cand.relink = _quarter_relinker(cand, shift=-1)
        elif which in ("the", "that"):
            cand.relink = _quarter_relinker(cand, shift=0)
            cand.refers = True
        yield cand


def _quarter_relinker(cand: Candidate, *, shift: int = 0, year: int | None = None):
    """Resolve against the previous quarter or half named in the text."""
    def shifted(prev: TimeMention) -> Relinked:
        if prev.earliest is None or prev.latest is None or \
                prev.granularity not in ("quarter", "half"):
            return None
        dy = shift if year is None else year - prev.earliest.year
        return (add_years(prev.earliest, dy), add_years(prev.latest, dy)), prev.granularity
    return relinker(cand, shifted)


@anchored(word("century"))
@requires("century")
def centuries(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_CENTURY, word("century")):
        n = int(m["n"])
        if 1 <= n <= 30:
            first = (n - 1) * 100
            yield make(m, (date(max(1, first), 1, 1), date(first + 99, 12, 31)), "century",
                       "years.century")


@anchored(HALF, QUARTER)
@requires("half", "h1", "h2", "two quarters")
def halves(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_HALF, HALF, QUARTER):
        if m["h"] is not None:
            half = int(m["h"][1])
            year = _two_digit_year(m["y3"], published)
        else:
            half = 1 if (m["ord"] or m["ord2"]) in ("first", "1st") else 2
            year = year_ref(m["y"], published) if m["y"] else _two_digit_year(m["y2"], published)
        if year is None:
            def occurrence(y: int, half: int = half) -> tuple[date, date]:
                return months_range(y, 6 * half - 5, 6 * half)
            rng = pick(occurrence, published.year, published, ctx.tense(m.start(), m.end()),
                       Tense.PAST, clip=False)
        else:
            rng = months_range(year, 6 * half - 5, 6 * half)
        yield make(m, rng, "half", "years.half")


RULES = (years, fiscal_years, spelled_years, decades, decade_parts, centuries, relative_years,
         this_time, later_in_year, quarters, anaphoric_quarters, halves)

P = "2024-04-09"
EXAMPLES: list[Example] = [
    ex("The merger should close by the end of Q3.", "2025-03-12", "2025-03-12", "2025-09-30",
       target="by the end of Q3"),
    ex("before the third quarter", "2025-03-12", "2025-03-12", "2025-06-30"),
    ex("by the end of the first quarter of 2026", "2025-11-20", "2025-11-20", "2026-03-31"),
    ex("19980303", "1998-03-03", "1998-03-03"),  # compact date, read in the year pass
    ex("The summit will be held this time next year.", "2025-03-12", "2026-03-01", "2026-03-31",
       target="this time next year"),
    ex("The project should be complete by the end of the decade.", "2025-03-12", "2025-03-12",
       "2029-12-31", target="by the end of the decade"),
    ex("the end of the decade", "2025-03-12", "2027-01-01", "2029-12-31"),
    ex("Third-quarter sales fell. U.K. sales for last year's quarter were $3 million.",
       "1989-11-01", "1988-07-01", "1988-09-30", target="last year's quarter"),
    # "the quarter" names the quarter again, so "a year ago" after it is that quarter's
    ex("The bank posted third-quarter profit. It expects record earnings in 1990. Deposits fell "
       "in the quarter, compared with $5 billion a year ago.", "1989-10-26", "1988-07-01",
       "1988-09-30", target="a year ago"),
    ex("Sales rose in FY2025.", "2025-11-20", "2025-01-01", "2025-12-31", target="FY2025"),
    ex("the FY25 budget", "2025-11-20", "2025-01-01", "2025-12-31", target="FY25"),
    ex("FY 2026", "2025-11-20", "2026-01-01", "2026-12-31"),
    # alternatives: one date that is one of the two, bounded by both
    ex("The summit will take place in 2026 or 2027.", "2025-03-12", "2026-01-01", "2027-12-31",
       target="2026 or 2027"),
    ex("in late 2025 or early 2026", "2025-03-12", "2025-09-01", "2026-04-30"),
    ex("The leaders met in 1985 and again in 1995.", "2025-03-12", "1985-01-01", "1985-12-31",
       target="1985"),
    ex("in 2025", P, "2025-01-01", "2025-12-31"),
    ex("later this year", "2024-12-31", "2025-01-01", "2025-01-01"),
    ex("later this year", "2024-02-29", "2024-03-01", "2024-12-31"),
    ex("This year's summit will be held in Kazan.", "2024-02-29", "2024-01-01",
       "2024-12-31", target="This year"),
    ex("next year", "2023-02-28", "2024-01-01", "2024-12-31"),
    ex("the first quarter of 2024", P, "2024-01-01", "2024-03-31"),
    ex("the second half of the year", "2024-12-31", "2024-07-01", "2024-12-31"),
    ex("The summit will be held in 2025.", P, "2025-01-01", "2025-12-31"),
    ex("The summit will be held in 2024.", P, "2024-01-01", "2024-12-31"),
    ex("The economy grew in 2024.", "2024-12-31", "2024-01-01", "2024-12-31"),
    ex("fiscal 1989", "1989-10-26", "1989-01-01", "1989-12-31"),
    ex("in fiscal year 1990", "1989-10-26", "1990-01-01", "1990-12-31"),
    ex("the 1990s", P, "1990-01-01", "1999-12-31"),
    ex("in the '80s", P, "1980-01-01", "1989-12-31"),
    ex("nineteen ninety-six", P, "1996-01-01", "1996-12-31"),
    ex("In nineteen seventy-nine the Soviet Union invaded.", P, "1979-01-01", "1979-12-31"),
    ex("the year two thousand", P, "2000-01-01", "2000-12-31"),
    ex("by two thousand and five", P, "2005-01-01", "2005-12-31", target="two thousand and five"),
    ex("the nineties", P, "1990-01-01", "1999-12-31"),
    ex("the late eighties", P, "1987-01-01", "1989-12-31"),
    no("Two thousand troops arrived."),
    no("She is in her forties."),
    ex("the mid-1990s", P, "1993-01-01", "1996-12-31"),
    ex("the late 1980s", P, "1987-01-01", "1989-12-31"),
    ex("last year", P, "2023-01-01", "2023-12-31"),
    ex("next year", "2024-12-31", "2025-01-01", "2025-12-31"),
    ex("The economy grew this year.", P, "2024-01-01", "2024-12-31"),
    ex("The visit will take place this year.", P, "2024-01-01", "2024-12-31"),
    ex("later this year", P, "2024-04-10", "2024-12-31"),
    ex("Putin will visit China later this year.", "2024-12-30", "2024-12-31", "2024-12-31"),
    ex("earlier this year", P, "2024-01-01", "2024-04-08"),
    ex("earlier this year", "2025-01-01", "2025-01-01", "2025-01-01"),  # written on 1 January
    ex("later in 2024", P, "2024-04-10", "2024-12-31"),
    ex("later in 2025", P, "2025-01-01", "2025-12-31"),
    ex("late next year", P, "2025-09-01", "2025-12-31"),
    ex("early next year", "1989-10-26", "1990-01-01", "1990-04-30"),
    ex("Q3", P, "2023-07-01", "2023-09-30"),
    ex("in Q3 2024", P, "2024-07-01", "2024-09-30"),
    ex("Analysts had expected no change until the third quarter.", "2024-05-02",
       "2024-07-01", "2024-09-30"),
    ex("Profit fell in the third quarter.", "1989-10-26", "1989-07-01", "1989-09-30"),
    ex("The company will report third-quarter results.", "1989-10-26", "1989-07-01",
       "1989-09-30"),
    ex("Sales are expected to rise in the fourth quarter.", "1989-10-26", "1989-10-01",
       "1989-12-31"),
    ex("Sales are expected to rise in the second quarter.", "1989-10-26", "1990-04-01",
       "1990-06-30"),
    ex("third-quarter net income", "1989-10-26", "1989-07-01", "1989-09-30"),
    ex("the fourth quarter of 2024", P, "2024-10-01", "2024-12-31"),
    ex("the first quarter of next year", P, "2025-01-01", "2025-03-31"),
    ex("the latest quarter", "1989-10-26", "1989-07-01", "1989-09-30"),
    ex("the year-earlier quarter", "1989-10-26", "1988-07-01", "1988-09-30"),
    ex("Sales rose in the second quarter, against the year-ago quarter.", "1989-10-26",
       "1988-04-01", "1988-06-30", target="the year-ago quarter"),
    ex("the 1988 third quarter", "1989-10-26", "1988-07-01", "1988-09-30"),
    ex("Profit rose in the third quarter from the 1988 period.", "1989-10-26", "1988-07-01",
       "1988-09-30", target="the 1988 period"),
    ex("the latest period", "1989-10-26", "1989-07-01", "1989-09-30"),
    ex("the 20th century", P, "1900-01-01", "1999-12-31"),
    ex("the 11th century", P, "1000-01-01", "1099-12-31"),
    ex("For the year, sales rose.", "1989-10-26", "1989-01-01", "1989-12-31"),
    ex("the full year", "1989-10-26", "1989-01-01", "1989-12-31"),
    ex("the current fiscal year", "1989-10-26", "1989-01-01", "1989-12-31"),
    ex("the latest fiscal year", "1989-10-26", "1988-01-01", "1988-12-31"),
    ex("next quarter", "2024-12-15", "2025-01-01", "2025-03-31"),
    ex("the first half of 2025", P, "2025-01-01", "2025-06-30"),
    ex("the last half of 1989", "1989-10-26", "1989-07-01", "1989-12-31"),
    ex("the first two quarters of 1990", "1989-10-26", "1990-01-01", "1990-06-30"),
    ex("next year's first quarter", "1989-10-31", "1990-01-01", "1990-03-31"),
    ex("Third-quarter profit rose to $5 million from $4 million last year.", "1989-10-26",
       "1988-07-01", "1988-09-30", target="last year"),
    ex("The company lost money last year.", "1989-10-26", "1988-01-01", "1988-12-31"),
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
