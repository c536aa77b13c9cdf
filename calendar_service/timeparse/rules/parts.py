"""Parts of a month or year and deadlines: "early June", "mid-June", "late June",
"the end of the month", "the beginning of March", "the middle of September",
"the first half of June", "the first week of July", "early 2025", "mid-2025", "late 2024",
"the end of the year", "the turn of the year", "by the end of the year",
"before the end of March", "no later than June".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Final

from ..calmath import last_day, month_range, months_range, shift_month
from ..candidate import Candidate, Context
from ..conventions import MONTH_PARTS, TURN_OF_YEAR_DAY, YEAR_PARTS
from ..examples import Example, ex
from ..lexicon import MONTH_RE, month_number
from ..resolve import deadline, month_for, month_occurrence, pick
from ..tense import Tense
from ..triggers import MONTH_WIDE, PART, TURN, anchored, guarded, requires, word
from ._common import YEAR_REF_RE, make, year_ref

# "mid-to-late April", "early-to-mid 2025": from the first part's start to the second's end
_PART: Final = (
    r"(?:(?P<from>early|mid)[\s-]*(?:to|or|-|–)[\s-]*(?=mid|late))?"
    r"(?P<part>(?:early|mid|late|the\s+(?:very\s+)?(?:beginning|start|middle|end)\s+of|"
    r"(?:the\s+)?(?:beginning|start|middle|end)\s+of|(?:the\s+)?(?:first|second|latter)\s+half"
    r"\s+of|towards?\s+the\s+end\s+of|near\s+the\s+end\s+of|at\s+the\s+end\s+of|"
    r"the\s+(?:first|opening|last|final|closing)\s+(?:few\s+)?days\s+of))"
)
_DEADLINE: Final = r"(?P<dl>(?:by|before|no\s+later\s+than|not\s+later\s+than)\s+)?"
_MONTH_PART: Final = guarded(re.compile(
    rf"{_DEADLINE}\b{_PART}[\s-]*(?:(?P<m>{MONTH_RE})(?:,?\s+(?:(?:of)\s+)?"
    rf"(?P<y>{YEAR_REF_RE}))?|(?P<rel>(?:the|this|next|last)\s+month)\b)"
))
_YEAR_PART: Final = guarded(re.compile(
    rf"{_DEADLINE}\b{_PART}[\s-]*(?:(?P<y>(?:1[89]|20)\d\d)(?![\d%s])|(?P<rel>(?:the|this|"
    r"next|last|the\s+current|the\s+following)\s+year)\b|(?P<bare>year)\b(?!-))"
))  # bare: "mid-year", "by year-end" is year_end's
_NTH_WEEK: Final = guarded(re.compile(
    r"\b(?:the\s+)?(?P<n>(?:first|second|third|fourth|last|final))\s+(?:week)\s+(?:of|in)"
    rf"\s+(?P<m>{MONTH_RE})(?:,?\s+(?P<y>{YEAR_REF_RE}))?"
))
_DEADLINE_MONTH: Final = guarded(re.compile(
    r"\b(?:(?P<floor>no\s+earlier\s+than|not\s+before|not\s+until|no\s+sooner\s+than)|"
    r"(?P<dl>(?:by|before|no\s+later\s+than|not\s+later\s+than)))\s+(?P<eo>(?:the\s+end\s+of)\s+)?"
    rf"(?P<m>{MONTH_RE})(?:,?\s+(?P<y>{YEAR_REF_RE}))?(?!\s*\d)"
))
_YEAR_END: Final = guarded(re.compile(
    r"\b(?:the\s+)?(?:year[-\s]?end|year's\s+end)\b|\b(?P<eoy>end-of-(?:the-)?year)\b"
))
_TURN: Final = guarded(re.compile(r"\b(?:the\s+turn\s+of\s+the\s+(?P<what>year|century))\b"))
_NTH: Final[dict[str, int]] = {"first": 1, "second": 2, "third": 3, "fourth": 4}


def _part_key(part: str) -> str:
    p = " ".join(part.lower().split())
    for key in ("first half", "second half"):
        if key in p:
            return key
    if "latter half" in p:
        return "second half"
    if "days of" in p:  # "the first days of July", "the last days of August"
        return "early" if "first" in p or "opening" in p else "late"
    for key in ("beginning", "start", "middle", "end", "early", "mid", "late"):
        if key in p:
            return key
    return "mid"


def _month_of(ctx: Context, m: re.Match[str]) -> tuple[int, int] | None:
    published = ctx.published
    if m["m"] is not None:
        month = month_number(m["m"])
        if month is None:
            return None
        if m["y"] is not None:
            return year_ref(m["y"], published), month
        rng = month_for(month, published, ctx.tense(m.start(), m.end()), clip=False)
        return rng[0].year, month
    rel = m["rel"].lower()
    delta = 1 if rel.startswith("next") else -1 if rel.startswith("last") else 0
    return shift_month(published.year, published.month, delta)


def _deadline(ctx: Context, m: re.Match[str], rng: tuple[date, date]) -> tuple[date, date]:
    """"by the end of June": from publication to the period's end, when that is ahead."""
    return (deadline(rng, ctx.published) or rng) if m["dl"] else rng


@anchored(PART, word("days"))  # "days": "the first days of July"
def month_parts(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_MONTH_PART, PART, word("days")):
        ym = _month_of(ctx, m)
        if ym is None:
            continue
        year, month = ym
        first, last = MONTH_PARTS[_part_key(m["part"])]
        if m["from"]:
            first = MONTH_PARTS[m["from"].lower()][0]
        end = last_day(year, month) if last is None else last
        rng = _deadline(ctx, m, (date(year, month, first), date(year, month, end)))
        yield make(m, rng, "month", "parts.month")


@anchored(PART)
def year_parts(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_YEAR_PART, PART):
        if m["y"] is not None:
            year = int(m["y"])
        elif m["bare"] is not None:  # "mid-year": this year's
            if m["part"].lower() != "mid":
                continue
            year = published.year
        else:
            rel = m["rel"].lower()
            year = published.year + (1 if "next" in rel or "following" in rel else
                                     -1 if "last" in rel else 0)
        key = _part_key(m["part"])
        first, last = YEAR_PARTS[key]
        if m["from"]:
            first = YEAR_PARTS[m["from"].lower()][0]
        rng = _deadline(ctx, m, months_range(year, first, last))
        gran = "half" if "half" in key else "year"
        yield make(m, rng, gran, "parts.year")  # type: ignore[arg-type]


@anchored(word("week"))
def nth_week(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_NTH_WEEK, word("week")):
        ym = _month_of(ctx, m)
        if ym is None:
            continue
        year, month = ym
        n = m["n"].lower()
        end_of_month = last_day(year, month)
        if n in ("last", "final"):
            rng = (date(year, month, end_of_month - 6), date(year, month, end_of_month))
        else:
            k = _NTH[n]
            rng = (date(year, month, 7 * k - 6), date(year, month, min(7 * k, end_of_month)))
        yield make(m, rng, "week", "parts.nth_week")


@anchored(MONTH_WIDE)  # "no earlier than the end of" reaches further back than MONTH's reach
def deadline_month(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_DEADLINE_MONTH, MONTH_WIDE):
        month = month_number(m["m"])
        if month is None:
            continue
        if m["y"] is not None:
            rng = month_range(year_ref(m["y"], published), month)
        else:
            rng = pick(month_occurrence(month), published.year, published, Tense.FUTURE,
                       Tense.FUTURE, clip=False)
        if m["floor"] is not None:  # "no earlier than June": from June on, open-ended
            yield Candidate(m.start(), m.end(), rng[0], None, "month", rule="parts.floor")
            continue
        # "before June" ends with May; "by June", "before the end of June" take June in
        window = deadline(rng, published, before=m["dl"].lower() == "before" and not m["eo"])
        if window is None:
            yield make(m, rng, "month", "parts.deadline", group="m")
            continue
        yield make(m, window, "month", "parts.deadline")


@anchored(word("year"), word("yearend"))
@requires("year-end", "year end", "yearend", "year's end", "end-of")
def year_end(ctx: Context) -> Iterator[Candidate]:
    """"by year-end", "since year end": 31 December (the last one, in a past clause)."""
    published = ctx.published
    for m in ctx.scan(_YEAR_END, word("year"), word("yearend")):
        year = published.year
        if published.month < 12 and ctx.tense(m.start(), m.end()) is Tense.PAST:
            year -= 1
        if m["eoy"] is not None:  # "an end-of-year visit": as "the end of the year"
            first, last = YEAR_PARTS["end"]
            yield make(m, months_range(year, first, last), "year", "parts.year_end")
            continue
        day = date(year, 12, 31)
        yield make(m, (day, day), "day", "parts.year_end")


@anchored(TURN)
@requires("turn of")
def turn(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_TURN, TURN):
        if m["what"].lower() == "century":
            century = (published.year + 50) // 100 * 100
            yield make(m, (date(century - 3, 1, 1), date(century + 2, 12, 31)), "decade",
                       "parts.turn")
            continue
        year = published.year + (1 if published.month >= 7 else 0)
        rng = (date(year - 1, 12, TURN_OF_YEAR_DAY), date(year, 1, TURN_OF_YEAR_DAY))
        yield make(m, rng, "window", "parts.turn")


RULES = (month_parts, year_parts, nth_week, deadline_month, year_end, turn)

P = "2024-04-09"
EXAMPLES: list[Example] = [
    ex("early June", P, "2024-06-01", "2024-06-10"),
    ex("late February", "2024-02-29", "2024-02-21", "2024-02-29"),
    ex("mid-February", "2024-02-29", "2024-02-11", "2024-02-20"),
    ex("early January", "2024-12-31", "2025-01-01", "2025-01-10"),
    ex("The talks will be held in early January.", "2024-12-20", "2025-01-01",
       "2025-01-10"),
    ex("by the end of the month", "2024-02-10", "2024-02-10", "2024-02-29"),
    ex("mid-June", P, "2024-06-11", "2024-06-20"),
    ex("late June", P, "2024-06-21", "2024-06-30"),
    ex("late February", "2024-01-15", "2024-02-21", "2024-02-29"),
    ex("late February", "2023-01-15", "2023-02-21", "2023-02-28"),
    ex("the end of February", "2019-01-20", "2019-02-21", "2019-02-28"),
    ex("early February", "2023-01-20", "2023-02-01", "2023-02-10"),
    ex("in the middle of September", "2023-08-20", "2023-09-11", "2023-09-20"),
    ex("the beginning of March", P, "2024-03-01", "2024-03-10"),
    ex("the first half of June", P, "2024-06-01", "2024-06-15"),
    ex("the second half of June", P, "2024-06-16", "2024-06-30"),
    ex("the end of the month", "2024-02-05", "2024-02-21", "2024-02-29"),
    ex("the beginning of next month", "2024-12-05", "2025-01-01", "2025-01-10"),
    ex("early November", "2022-10-20", "2022-11-01", "2022-11-10"),
    ex("late January 2025", P, "2025-01-21", "2025-01-31"),
    ex("the first week of July", P, "2024-07-01", "2024-07-07"),
    ex("the second week of July", P, "2024-07-08", "2024-07-14"),
    ex("the last week of February", "2024-01-05", "2024-02-23", "2024-02-29"),
    ex("early 2025", P, "2025-01-01", "2025-04-30"),
    ex("mid-2025", P, "2025-05-01", "2025-08-31"),
    ex("late 2024", P, "2024-09-01", "2024-12-31"),
    ex("the end of the year", P, "2024-09-01", "2024-12-31"),
    ex("toward the end of this year", P, "2024-09-01", "2024-12-31"),
    ex("by the end of the year", P, "2024-04-09", "2024-12-31"),
    ex("before the end of March", "2024-02-10", "2024-02-10", "2024-03-31"),
    ex("no later than June", P, "2024-04-09", "2024-06-30"),
    ex("The talks are expected in the first days of July.", P, "2024-07-01", "2024-07-10",
       target="the first days of July"),
    ex("the last few days of August", P, "2024-08-21", "2024-08-31"),
    ex("The talks will take place in mid-to-late April.", P, "2024-04-11", "2024-04-30",
       target="mid-to-late April"),
    ex("early-to-mid June", P, "2024-06-01", "2024-06-20"),
    ex("Growth is expected to pick up around mid-year.", P, "2024-05-01", "2024-08-31",
       target="mid-year"),
    ex("by mid-year", P, "2024-04-09", "2024-08-31"),
    ex("a launch in mid-to-late 2025", P, "2025-05-01", "2025-12-31", target="mid-to-late 2025"),
    ex("The talks will be held before June.", P, "2024-04-09", "2024-05-31", target="before June"),
    ex("before the end of June", P, "2024-04-09", "2024-06-30"),
    ex("The summit will take place no earlier than March.", "2025-01-10", "2025-03-01", "",
       target="no earlier than March"),
    ex("not before April", "2025-03-12", "2025-04-01", ""),
    ex("The visit is not expected until June.", P, "2024-06-01", "2024-06-30", target="June"),
    ex("by June", P, "2024-04-09", "2024-06-30"),
    ex("complete the transaction by year-end", "1989-11-02", "1989-12-31"),
    ex("Putin could make an end-of-year visit.", "2023-03-01", "2023-09-01", "2023-12-31"),
    ex("The index has fallen 5% since year-end.", "1989-10-30", "1988-12-31"),
    ex("the turn of the year", "2024-11-20", "2024-12-15", "2025-01-15"),
    ex("the middle of next year", P, "2025-05-01", "2025-08-31"),
    ex("the beginning of 1990", "1989-10-26", "1990-01-01", "1990-04-30"),
    ex("the second half of 2025", P, "2025-07-01", "2025-12-31"),
    ex("The election was held in late March.", P, "2024-03-21", "2024-03-31"),
    ex("He will visit in late March.", P, "2025-03-21", "2025-03-31"),
    ex("The offer was extended until mid-November.", "1989-10-30", "1989-11-11", "1989-11-20"),
]
