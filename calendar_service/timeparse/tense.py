"""Tense of the clause around a time phrase: decides which way a bare month or weekday points.

The cue nearest before the phrase in its sentence wins ("said on Tuesday that he will visit in
June": Tuesday is past, June future); without one before it, the first cue after the phrase in
the sentence ("on Tuesday, the ministry said"). No cue: NONE, and each rule applies its
documented default (see conventions.py).
"""

from __future__ import annotations

import bisect
import re
from enum import Enum
from typing import Final


class Tense(Enum):
    PAST = "past"
    FUTURE = "future"
    NONE = "none"


# Order matters: multi-word future cues first, so "to be held" is not read as past "held".
_CUE_RE: Final = re.compile(
    r"\b(?P<future>will|won't|wo|shall|would|'ll|(?:is|are|be) (?:due|set|scheduled|slated|"
    r"expected|planned|going|about) to|to be (?:held|hosted|signed|made|staged|opened|convened)"
    r"|be (?:held|hosted|signed|made|staged|opened|convened)|plans?|planned|planning|"
    r"expects?|expected|expecting|due|scheduled|slated|set to|set for|going to|intends?|intended|"
    r"aims?|hopes?|hoping|upcoming|forthcoming|(?-i:may)|might|could|should|must|"
    r"is to|are to|was to|were to|ahead|prepares?|preparing|invited|invites?|"
    r"looks? forward|promised?|vowed|pledged|agreed to|wants? to|seeks?|starts?|begins?|"
    r"opens?|runs?|closes?|ends?|takes? place|is on|are on|anticipated?|likely|tentatively|"
    r"postponed (?:to|until)|delayed (?:to|until)|moved to|pushed back to)\b"
    r"|\b(?P<past>was|were|had|did|said|met|held|took|began|came|went|told|saw|made|left|"
    r"gave|got|rose|fell|grew|won|lost|ago|earlier|previously|already|has been|have been|"
    r"arrived|announced|reported|signed|visited|ended|closed|opened|"
    r"[a-z]{3,}(?<!ne)(?<!ee)ed)\b",
    re.IGNORECASE,
)
# Passive/adjectival "-ed" after "be"/"to be" does not mark the past ("will be held").
_BE_BEFORE_RE: Final = re.compile(r"\b(?:be|been|being)\s+$", re.IGNORECASE)
_SENTENCE_END_RE: Final = re.compile(r"[.!?;]['\"”’)]*\s+(?=[A-Z\"“‘(])|\n\s*\n|\n(?=[A-Z])")


class TenseIndex:
    """Sentence boundaries of one text, computed once, for tense look-ups by offset."""

    __slots__ = ("_ends", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends = [m.end() for m in _SENTENCE_END_RE.finditer(text)]

    def sentence_bounds(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._ends, start)
        s = self._ends[i - 1] if i > 0 else 0
        j = bisect.bisect_left(self._ends, end)
        e = self._ends[j] if j < len(self._ends) else len(self._text)
        return s, e

    def tense_at(self, start: int, end: int) -> Tense:
        s, e = self.sentence_bounds(start, end)
        before = self._text[s:start]
        last: Tense | None = None
        for m in _CUE_RE.finditer(before):
            t = _classify(m, before)
            if t is not None:
                last = t
        if last is not None:
            return last
        after = self._text[end:e]
        for m in _CUE_RE.finditer(after):
            t = _classify(m, after)
            if t is not None:
                return t
        return Tense.NONE


def _classify(m: re.Match[str], text: str) -> Tense | None:
    if m.group("future") is not None:
        return Tense.FUTURE
    word = m.group("past")
    if word[0].isupper() and m.start() > 0 and word.endswith("ed"):
        return None  # a proper name ("United"), not a verb
    if word.lower().endswith("ed") and _BE_BEFORE_RE.search(text, 0, m.start()):
        return None
    return Tense.PAST


def tense_of(text: str, start: int, end: int) -> Tense:
    """Convenience for one look-up."""
    return TenseIndex(text).tense_at(start, end)
