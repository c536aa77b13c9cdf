"""Tense of the clause around a time phrase: decides which way a bare month or weekday points.

The clause is the stretch of the sentence between clause boundaries (";", ":", "that",
"which", "who", "when", "but", "while", "because", "although", "where", "if", "unless"),
so "said on Tuesday that he will visit in June" reads Tuesday as past and June as future.
Inside the clause the cue nearest before the phrase wins; without one, the first cue after
it ("on Tuesday, the ministry said"). A present-tense "is/are" with no other cue, or no cue
at all, gives NONE, and each rule applies its documented default (see conventions.py).
Weak modals ("could", "may") are not cues: they hedge without placing the time.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Final


class Tense(Enum):
    PAST = "past"
    FUTURE = "future"
    NONE = "none"


# Runs on the lower-cased text. Multi-word future cues come first so "to be held" is not read
# as the past "held".
_CUE_RE: Final = re.compile(
    r"\b(?:(?P<pastplan>had been (?:due|set|scheduled|slated|expected|planned)|(?:was|were) "
    r"(?:due|set|scheduled|slated|supposed) to)"
    r"|(?P<future>will|won't|shall|would|'ll|(?:is|are|be) (?:due|set|scheduled|"
    r"slated|expected|planned|going|about|likely) to|to be (?:held|hosted|signed|made|staged|"
    r"opened|convened)|be (?:held|hosted|signed|made|staged|opened|convened)|plans? to|"
    r"planned|planning|expects?|expected|expecting|due|scheduled|slated|set to|set for|"
    r"going to|intends?|intended|aims? to|hopes? to|upcoming|forthcoming|is to|are to|"
    r"was to|were to|prepares?|preparing|looks? forward|promised?|vowed|pledged|agreed to|"
    r"wants? to|seeks? to|takes? place|anticipated?|tentatively|postponed (?:to|until)|"
    r"delayed (?:to|until)|moved to|pushed back to|starts|begins?|opens|closes|ends|runs)"
    r"|(?P<present>is|are|am|remains?|says|say|continues?)"
    r"|(?P<past>was|were|had|did|said|met|held|took|began|came|went|told|saw|made|left|"
    r"gave|got|rose|fell|grew|won|lost|ago|previously|already|since|(?:has|have)\s+\w+(?:ed|en)|"
    r"arrived|announced|reported|signed|visited|ended|closed|opened|[a-z]{3,}(?<!ne)(?<!ee)ed))"
    r"\b"
)
# Passive/adjectival "-ed" after "be"/"been" does not mark the past ("will be held").
_MODAL_BEFORE_RE: Final = re.compile(
    r"\b(?:will|would|to|shall|can|could|may|might|must|should|'ll)\s+$"
)
_BE_BEFORE_RE: Final = re.compile(r"\b(?:be|been|being)\s+$")
_SENTENCE_END_RE: Final = re.compile(
    r"[.!?;:]['\"”’)]*\s+(?=[A-Z\"“‘(])|;\s+|\n\s*\n|\n(?=[A-Z])"
)
_CLAUSE_START_RE: Final = re.compile(
    r"(?:[;:]|\b(?:that|which|who|when|but|while|because|although|where|whereas|if|unless)\b)"
)


_REACH: Final = 250


class TenseIndex:
    """Tense look-ups by offset in one text. Sentence bounds are found around each phrase
    (a few look-ups per article do not pay for splitting the whole text)."""

    __slots__ = ("_low", "_text")

    def __init__(self, text: str, low: str | None = None) -> None:
        self._text = text
        self._low = low if low is not None else text.lower()

    def sentence_bounds(self, start: int, end: int, reach: int | None = None) -> tuple[int, int]:
        """The sentence around [start, end), cut to `reach` characters either side."""
        text = self._text
        lo = 0 if reach is None else max(0, start - reach)
        hi = len(text) if reach is None else min(len(text), end + reach)
        s = lo
        # one character past start, so the boundary's look-ahead sees the capital after it
        for m in _SENTENCE_END_RE.finditer(text, lo, min(len(text), start + 1)):
            if m.end() <= start:
                s = m.end()
        m = _SENTENCE_END_RE.search(text, end, hi)
        return s, (m.end() if m is not None else hi)

    def tense_at(self, start: int, end: int) -> Tense:
        # a run-on "sentence" (no punctuation for pages) is cut to a clause-sized reach
        s, e = self.sentence_bounds(start, end, _REACH)
        low = self._low
        # the clause: from the last boundary before the phrase to the first one after it
        clause_start = s
        for m in _CLAUSE_START_RE.finditer(low, s, start):
            clause_start = m.end()
        after = _CLAUSE_START_RE.search(low, end, e)
        clause_end = after.start() if after else e
        last: Tense | None = None
        for m in _CUE_RE.finditer(low, clause_start, start):
            t = _classify(m, low, self._text)
            if t is not None:
                last = t
        if last is not None:
            return last
        for m in _CUE_RE.finditer(low, end, clause_end):
            t = _classify(m, low, self._text)
            if t is not None:
                return t
        return Tense.NONE


def _classify(m: re.Match[str], low: str, text: str) -> Tense | None:
    if m.group("future") is not None:
        return Tense.FUTURE
    if m.group("pastplan") is not None:
        return Tense.PAST  # "had been due to expire Friday": a plan that is now past
    if m.group("present") is not None:
        if _MODAL_BEFORE_RE.search(low, max(0, m.start() - 8), m.start()):
            return None  # "will continue": an infinitive, the modal already spoke
        return Tense.NONE
    word = m.group("past")
    if word.endswith("ed"):
        if text[m.start()].isupper() and m.start() > 0 and text[m.start() - 2] not in ".\n":
            return None  # a proper name ("United"), not a verb
        if _BE_BEFORE_RE.search(low, max(0, m.start() - 8), m.start()):
            return None
    return Tense.PAST


def tense_of(text: str, start: int, end: int) -> Tense:
    """Convenience for one look-up."""
    return TenseIndex(text).tense_at(start, end)
