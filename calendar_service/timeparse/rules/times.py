"""Times of day: "3 p.m.", "10:30 a.m.", "noon", "midnight", "this morning",
"Friday afternoon", "last night", "tonight". Joined to an adjacent date by the refiners
("at 3 p.m. on Friday"); alone, a clock time carries no date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from itertools import chain
from typing import Final

from ..candidate import Candidate, Context
from ..examples import Example, ex, typed
from ..lexicon import WEEKDAY_RE, weekday_number
from ..model import TimeMention
from ..resolve import weekday_day
from ..tense import Tense
from ..triggers import TIME, anchored, guarded, literal_windows, requires
from ._common import Relinked, make, relinker, single_day

# Marker first ("p.m.", ":30"), one cheap pass each; the hour before it is read in code.
_CLOCK_MARK: Final = re.compile(r"(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)")
# It runs only around those marks, found with str.find: a pass over the whole text would try
# it at every "a", "p" and "o".
_CLOCK_MARK_WINDOWS: Final = (("a.m.", "p.m.", "am", "pm", "o'clock"), 0, 8)
_CLOCK_COLON: Final = re.compile(
    r":[0-5]\d(?:\s*(?:gmt|utc|local time|est|edt|cst|cdt|pst|pdt|bst|cet|cest|msk)\b)?"
    r"(?![:\d])(?!\s*(?:a\.m|p\.m|am\b|pm\b))"
)
_HOUR_BEFORE: Final = re.compile(r"(?<![\w.,:$])(?:2[0-3]|[01]?\d)(?:[:.][0-5]\d)?\s*$")
_HOUR_BEFORE_COLON: Final = re.compile(r"(?<![\w.,:$])(?:2[0-3]|[01]?\d)$")
_CLOCK_WORD: Final = guarded(re.compile(r"\b(?:noon|midnight|midday)\b"))
_PART_OF_DAY: Final = guarded(re.compile(
    rf"\b(?P<d>(?:this|last|tomorrow|yesterday|late|early)|{WEEKDAY_RE}|(?:the\s+same))\s+"
    r"(?P<p>(?:morning|afternoon|evening|night|overnight))\b"
    r"|\b(?P<w>(?:overnight|tonight))\b"
    # with no day of their own: the day the text last dated, or no date
    r"|\b(?:(?:early|late)\s+)?(?:in|during)\s+the\s+(?P<bare>morning|afternoon|evening)\b"
    r"|\bmid-?\s?(?P<mid>morning|afternoon)\b"
))


@requires(":", ".m", " am", " pm", "o'clock")  # ".m": "a.m." and "p.m." in one search
def clocks(ctx: Context) -> Iterator[Candidate]:
    low = ctx.low
    marks = (_CLOCK_MARK.finditer(low, lo, hi)
             for lo, hi in literal_windows(low, *_CLOCK_MARK_WINDOWS))
    for matches, hour in ((chain.from_iterable(marks), _HOUR_BEFORE),
                          (_CLOCK_COLON.finditer(low), _HOUR_BEFORE_COLON)):
        for m in matches:
            h = hour.search(low, max(0, m.start() - 8), m.start())
            if h is not None:
                yield Candidate(h.start(), m.end(), None, None, None, "time",
                                rule="times.clock")


@anchored(TIME)
def clock_words(ctx: Context) -> Iterator[Candidate]:
    """"noon", "midnight", "midday": found around their anchor words, with no search."""
    for m in ctx.scan(_CLOCK_WORD, TIME):
        yield make(m, None, None, "times.clock", kind="time")


@anchored(TIME)
def parts_of_day(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_PART_OF_DAY, TIME):
        if m["bare"] is not None or m["mid"] is not None:
            cand = make(m, None, None, "times.part", kind="time")
            cand.relink = relinker(cand, _on_previous_day)
            yield cand
            continue
        if m["w"] is not None:
            yield make(m, (published, published), "day", "times.part", kind="time")
            continue
        d = m["d"].lower()
        if d in ("this", "the same", "late", "early"):
            day = published
        elif d == "tomorrow":
            day = published + timedelta(days=1)
        elif d == "yesterday" or (d == "last" and m["p"].lower() == "night") or d == "last":
            day = published - timedelta(days=1)
        else:
            wd = weekday_number(m["d"])
            if wd is None:
                continue
            day = weekday_day(wd, published, ctx.tense(m.start(), m.end()), default=Tense.PAST)
        yield make(m, (day, day), "day", "times.part", kind="time")


def _on_previous_day(prev: TimeMention) -> Relinked:
    """"in the morning" after "On the 23rd": that morning; after no single day, no date."""
    day = single_day(prev)
    return ((day, day), "day") if day is not None else None


RULES = (clocks, clock_words, parts_of_day)

P = "2024-04-09"
EXAMPLES: list[Example] = [
    ex("Friday afternoon", "1989-10-30", "1989-10-27", kind="time"),
    ex("this morning", P, "2024-04-09", kind="time"),
    ex("last night", "2024-03-01", "2024-02-29", kind="time"),
    ex("tonight", P, "2024-04-09", kind="time"),
    ex("The talks begin at 3 p.m. on Friday.", P, "2024-04-12", kind="time"),
    ex("The meeting will begin on Thursday at 10:30 a.m.", P, "2024-04-11", kind="time"),
    ex("tomorrow morning", "2024-12-31", "2025-01-01", kind="time"),
    typed("at 3 p.m.", "time", target="3 p.m."),
    typed("at noon", "time", target="noon"),
    ex("On the 23rd the summit opens; the retreat continues in the morning.", "2023-08-20",
       "2023-08-23", target="in the morning", kind="time"),
    ex("The talks began on Sunday, March 3. By mid-afternoon, officials said they had ended.",
       "2024-03-05", "2024-03-03", target="mid-afternoon", kind="time"),
    typed("He likes to run in the morning.", "time", target="in the morning"),
]
