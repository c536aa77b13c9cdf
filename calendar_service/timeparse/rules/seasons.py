"""Seasons, meteorological and northern-hemisphere: "this summer", "next spring",
"spring 2023", "in the spring", "last winter", "early summer", "late autumn".

A bare season needs a time cue before it ("in", "this", "during", ...): "spring" and "fall"
are also a noun and a verb.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..calmath import month_range, shift_month
from ..candidate import Candidate, Context
from ..conventions import SEASON_PARTS
from ..examples import Example, ex, no
from ..resolve import (
    deadline,
    pick,
    season_guess,
    season_occurrence,
    season_range,
    this_period,
)
from ..tense import Tense
from ..triggers import SEASON, anchored, guarded
from ._common import YEAR_REF_RE, make, year_ref

_SEASON: Final = guarded(re.compile(
    r"(?:\b(?P<dl>by|before|no\s+later\s+than)\s+(?=the\s+end\s+of|end\s+of))?"
    r"(?:\b(?P<rel>(?:this|next|last|the coming|the past|the previous|the following|"
    r"coming|past))\s+)?(?:\b(?P<part>(?:early|mid|late|the end of|the beginning of|"
    r"the start of|the middle of|end of|beginning of|start of|middle of))[\s-]*)?"
    r"\b(?P<s>(?:spring|summer|autumn|fall|winter))(?:time)?\b"
    rf"(?:\s+(?:(?:of)\s+)?(?P<y>{YEAR_REF_RE}))?"
))
_CUE_BEFORE: Final = re.compile(
    r"(?:\b(?:in|during|by|until|till|since|through|throughout|for|before|after|over|"
    r"the|this|next|last|early|late|mid|of)\s+)$"
)
_NOT_AFTER: Final = re.compile(
    r"[\s-]+(?:of\s+(?!\d|this|next|last|the|nineteen)|offensive|festival)"
)


@anchored(SEASON)
def seasons(ctx: Context) -> Iterator[Candidate]:
    text, low, published = ctx.text, ctx.low, ctx.published
    for m in ctx.scan(_SEASON, SEASON):
        name = m["s"].lower()
        rel = (m["rel"] or "").lower()
        part = (m["part"] or "").lower().replace("the ", "").replace(" of", "")
        if not (rel or part or m["y"]):
            if _CUE_BEFORE.search(low, max(0, m.start() - 12), m.start()) is None:
                continue
            if text[m.start("s")].isupper() and text[max(0, m.start() - 2):m.start()] != ". ":
                continue  # "Arab Spring", "Prague Spring"
        if _NOT_AFTER.match(low, m.end()):
            continue
        occurrence = season_occurrence(name)
        guess = season_guess(name, published)
        if m["y"] is not None:
            rng = season_range(name, year_ref(m["y"], published))
        elif rel in ("next", "the coming", "coming", "the following"):
            i = guess
            while season_range(name, i)[0] <= published:
                i += 1
            rng = season_range(name, i)
        elif rel in ("last", "the past", "past", "the previous"):
            i = guess
            while season_range(name, i)[1] >= published:
                i -= 1
            rng = season_range(name, i)
        elif rel == "this":
            rng = season_range(name, guess)
            if not part:
                rng = this_period(rng, published, ctx.tense_later(m.start(), m.end()))
        else:
            rng = pick(occurrence, guess, published, ctx.tense(m.start(), m.end()), Tense.NONE,
                       clip=not part)
        if part:
            y, mo = shift_month(rng[0].year, rng[0].month, SEASON_PARTS[part])
            rng = month_range(y, mo)
        if m["dl"]:  # "before the end of spring": P .. its end
            rng = deadline(rng, published) or rng
        yield make(m, rng, "season", "seasons.season")


RULES = (seasons,)

P = "2024-05-14"
EXAMPLES: list[Example] = [
    ex("They will meet in Astana this summer.", P, "2024-06-01", "2024-08-31"),
    ex("this summer", "2024-07-10", "2024-06-01", "2024-08-31"),
    ex("last summer", "2024-12-31", "2024-06-01", "2024-08-31"),
    ex("next winter", "2024-02-29", "2024-12-01", "2025-02-28"),
    ex("They will meet this winter.", "2024-02-29", "2024-03-01", "2024-03-01"),
    ex("The summit will take place this summer.", "2024-07-10", "2024-06-01", "2024-08-31"),
    ex("next spring", "2022-12-01", "2023-03-01", "2023-05-31"),
    ex("next spring", "2023-04-01", "2024-03-01", "2024-05-31"),
    ex("spring 2023", P, "2023-03-01", "2023-05-31"),
    ex("The visit could take place before the end of spring.", "2025-03-12", "2025-03-12",
       "2025-05-31", target="before the end of spring"),
    ex("the winter of nineteen ninety-four", "1998-02-27", "1994-12-01", "1995-02-28"),
    ex("mentioned by diplomats in the spring", "2024-06-20", "2024-03-01", "2024-05-31"),
    ex("last winter", "2024-05-14", "2023-12-01", "2024-02-29"),
    ex("this winter", "2024-10-01", "2024-12-01", "2025-02-28"),
    ex("this winter", "2024-01-10", "2023-12-01", "2024-02-29"),
    ex("in the autumn", "2024-05-14", "2024-09-01", "2024-11-30"),
    ex("next autumn", P, "2024-09-01", "2024-11-30"),
    ex("in the fall of 2025", P, "2025-09-01", "2025-11-30"),
    ex("late summer", P, "2024-08-01", "2024-08-31"),
    ex("early spring", "2023-01-10", "2023-03-01", "2023-03-31"),
    ex("winter 2024", P, "2024-12-01", "2025-02-28"),
    ex("by the summer", P, "2024-06-01", "2024-08-31"),
    no("Prices fall when supply grows."),
    no("The group began to fall apart."),
    no("The Arab Spring changed the region."),
    no("A hot spring feeds the lake."),
]
