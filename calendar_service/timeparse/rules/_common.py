"""Small helpers shared by the rule modules."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Final

from ..calmath import DayRange
from ..candidate import Candidate
from ..model import Granularity, MentionKind, TimeMention

_SPELLED_TENS: Final[dict[str, int]] = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_SPELLED_ONES: Final[dict[str, int]] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}
# A year spelled out after a month or season, as in broadcast transcripts ("January nineteen
# ninety-seven"); "two thousand" is left out there: "May two thousand" is more often a count.
_SPELLED_19XX: Final[str] = (
    rf"nineteen[\s-]+(?:{'|'.join(_SPELLED_TENS)})(?:[\s-]+(?:{'|'.join(_SPELLED_ONES)}))?\b"
)
# Relative year words that can follow a month, season, quarter or part.
YEAR_REF_RE: Final[str] = (
    r"(?:(?:1\d\d\d|2\d\d\d)(?![\d%])|(?:this year|last year|next year|the (?:previous|"
    rf"following|next|same|current) year|the year)|{_SPELLED_19XX})"
)


def year_ref(token: str, published: date) -> int:
    """The year a year reference names ("1990", "next year", "the previous year")."""
    t = token.lower()
    if t[:1].isdigit():
        return int(t[:4])
    if t.startswith("nineteen"):
        words = t.replace("-", " ").split()[1:]
        return 1900 + _SPELLED_TENS[words[0]] + (_SPELLED_ONES[words[1]] if len(words) > 1 else 0)
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


# What an anaphoric phrase makes of the previous dated mention: its range and granularity, or
# None (that mention is no antecedent for it; the engine tries the one before).
Relinked = tuple[DayRange, Granularity] | None


def relinker(cand: Candidate,
             resolve: Callable[[TimeMention], Relinked]) -> Callable[[TimeMention | None],
                                                                     Candidate | None]:
    """The callback the engine's relink refiner calls with each earlier mention (see
    Candidate.relink): the candidate re-dated from it, same span, kind and rule."""
    def relink(prev: TimeMention | None) -> Candidate | None:
        out = resolve(prev) if prev is not None else None
        if out is None:
            return None
        (lo, hi), gran = out
        return Candidate(cand.start, cand.end, lo, hi, gran, cand.kind, rule=cand.rule)
    return relink


def single_day(prev: TimeMention) -> date | None:
    """The day a mention names when it names exactly one."""
    if prev.granularity != "day" or prev.earliest is None or prev.earliest != prev.latest:
        return None
    return prev.earliest
