"""Small helpers shared by the rule modules."""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from ..calmath import DayRange
from ..candidate import Candidate
from ..model import Granularity, MentionKind

# Relative year words that can follow a month, season, quarter or part.
YEAR_REF_RE: Final[str] = (
    r"(?:(?:1\d\d\d|2\d\d\d)(?![\d%])|(?:this year|last year|next year|the (?:previous|"
    r"following|next|same|current) year|the year))"
)


def year_ref(token: str, published: date) -> int:
    """The year a year reference names ("1990", "next year", "the previous year")."""
    t = token.lower()
    if t[:1].isdigit():
        return int(t[:4])
    if "last" in t or "previous" in t:
        return published.year - 1
    if "next" in t or "following" in t:
        return published.year + 1
    return published.year


def make(m: re.Match[str], rng: DayRange | None, granularity: Granularity | None, rule: str,
         *, kind: MentionKind = "date", length_days: int | None = None,
         group: int | str = 0) -> Candidate:
    start, end = m.span(group)
    lo, hi = rng if rng is not None else (None, None)
    return Candidate(start, end, lo, hi, granularity, kind, length_days, rule)


def preceded_by(text: str, start: int, pattern: re.Pattern[str], window: int = 30) -> bool:
    """Whether the text just before `start` ends with `pattern` (which must end in `$`)."""
    return pattern.search(text, max(0, start - window), start) is not None
