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


# Cue words, read on the lower-cased words of the clause (a dictionary look-up per word is
# much cheaper than one big regex alternation tried at every position).
_FUTURE: Final = frozenset(
    [
        "will",
        "won't",
        "shall",
        "would",
        "'ll",
        "planned",
        "planning",
        "expects",
        "expect",
        "expected",
        "expecting",
        "due",
        "scheduled",
        "slated",
        "intends",
        "intend",
        "intended",
        "upcoming",
        "forthcoming",
        "prepares",
        "preparing",
        "promise",
        "promises",
        "promised",
        "vowed",
        "pledged",
        "anticipate",
        "anticipated",
        "anticipates",
        "tentatively",
        "starts",
        "begins",
        "begin",
        "opens",
        "closes",
        "ends",
        "runs",
    ]
)
# word -> the next words that make it a future cue ("plans to", "takes place")
_FUTURE_IF_NEXT: Final[dict[str, frozenset[str]]] = {
    w: frozenset(nxt.split())
    for w, nxt in (
        ("plan", "to"),
        ("plans", "to a an another further new"),  # "plans a trip": a verb, not "the plans"
        ("set", "to for"),
        ("going", "to"),
        ("aim", "to"),
        ("aims", "to"),
        ("hope", "to"),
        ("hopes", "to"),
        ("agreed", "to"),
        ("want", "to"),
        ("wants", "to"),
        ("seek", "to"),
        ("seeks", "to"),
        ("look", "forward"),
        ("looks", "forward"),
        ("take", "place"),
        ("takes", "place"),
        ("postponed", "to until"),
        ("delayed", "to until"),
        ("moved", "to"),
        ("pushed", "back"),
        ("is", "to"),
        ("are", "to"),
        ("about", "to"),
        ("likely", "to"),
    )
}
# Verbs of a schedule in the simple present: news writes plans so ("The leaders meet on
# Monday", "Talks resume Tuesday"). After a modal, "to" or a negation the verb is no cue of
# its own: "did not meet on Monday" is past, "agreed to meet" is read from "agreed".
_SCHEDULED: Final = frozenset(
    ["meet", "meets", "arrive", "arrives", "travels", "resume", "resumes", "convene",
     "convenes", "gather", "gathers", "run"]
)
_NOT_OWN_TENSE: Final = frozenset(["did", "didn't", "not", "never", "n't", "to", "does", "do",
                                   "doesn't", "don't"])
_FUTURE_AFTER_BE: Final = frozenset(
    ["held", "hosted", "signed", "made", "staged", "opened", "convened"]
)
_PLANNED: Final = frozenset(
    ["due", "set", "scheduled", "slated", "expected", "planned", "supposed"]
)
_PRESENT: Final = frozenset(
    ["is", "are", "am", "remain", "remains", "says", "say", "continue", "continues"]
)
_PAST: Final = frozenset(
    [
        "was",
        "were",
        "had",
        "did",
        "said",
        "met",
        "held",
        "took",
        "began",
        "came",
        "went",
        "told",
        "saw",
        "made",
        "left",
        "gave",
        "got",
        "rose",
        "fell",
        "grew",
        "won",
        "lost",
        "ago",
        "previously",
        "already",
        "since",
        "arrived",
        "announced",
        "reported",
        "signed",
        "visited",
        "ended",
        "closed",
        "opened",
    ]
)
# Every word _classify can read as a cue, apart from verbs in "-ed".
_CUE_WORDS: Final = (_FUTURE | frozenset(_FUTURE_IF_NEXT) | _FUTURE_AFTER_BE | _PLANNED |
                     _PRESENT | _PAST | _SCHEDULED | frozenset(("has", "have")))
_MODALS: Final = frozenset(
    ["will", "would", "to", "shall", "can", "could", "may", "might", "must", "should", "'ll"]
)
_BE: Final = frozenset(("be", "been", "being"))
# past participles not in "-ed" / "-en" ("have come", "has grown", "have paid")
_IRREGULAR_PARTICIPLES: Final = frozenset(
    [
        "been", "come", "become", "run", "grown", "shown", "known", "drawn", "flown", "thrown",
        "begun", "won", "put", "set", "cut", "hit", "let", "shut", "spread", "bought",
        "brought", "caught", "fought", "sought", "taught", "thought", "built", "sent",
        "spent", "lent", "kept", "left", "felt", "dealt", "meant", "heard", "held", "told",
        "sold", "paid", "said", "laid", "made", "had", "got", "found", "stood", "lost", "met",
        "led", "fled", "read", "struck", "stuck", "hung", "done", "gone", "seen", "sunk",
        "swung", "slid", "split", "quit", "bid",
    ]
)
_PERFECT_ADVERBS: Final = frozenset(
    ["already", "just", "since", "now", "long", "also", "not", "never", "ever", "still", "so",
     "far", "twice", "once", "all"]
)
# before an "-ed" word they make it an adjective, not a verb in the past
_DETERMINERS: Final = frozenset(
    [
        "a", "an", "the", "this", "these", "those", "its", "his", "her", "their", "our", "your",
        "my", "some", "any", "no", "every", "each", "another", "such",
    ]
)
# words in "-ed" that are no verbs
_NOT_VERBS: Final = frozenset(
    [
        "hundred", "kindred", "sacred", "naked", "wicked", "rugged", "ragged",
    ]
)
_DEGREE: Final = frozenset(
    [
        "still", "yet", "as", "so", "too", "very", "more", "most", "less", "least", "newly",
    ]
)
_CLAUSE_WORDS: Final = frozenset(
    [
        "that",
        "which",
        "who",
        "when",
        "but",
        "while",
        "because",
        "although",
        "where",
        "whereas",
        "if",
        "unless",
        ";",
        ":",
    ]
)
# Words and clause marks: "[a-z']+|[;:]", its first character pulled out front (see below).
_TOKEN_RE: Final = re.compile(r"[a-z';:](?:(?<=[a-z'])[a-z']*)?")
# A sentence ends at "[.!?;:]['\"”’)]*\s+(?=[A-Z\"“‘(])|;\s+|\n\s*\n|\n(?=[A-Z])". Written with
# its first character pulled out front, the same pattern lets the regex engine skip to the
# next punctuation mark at C speed instead of trying the four alternatives at every character
# (a pattern that opens with an alternation of classes or a repeat gets no such skip).
_SENTENCE_END_RE: Final = re.compile(
    r"[.!?;:\n](?:(?<=[.!?;:])['\"”’)]*\s+(?=[A-Z\"“‘(])|(?<=;)\s+|(?<=\n)\s*\n|(?<=\n)(?=[A-Z]))"
)
_REACH: Final = 250
_GOVERNING_PREPOSITIONS: Final = frozenset(("on", "at", "in"))


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
        before = _TOKEN_RE.findall(low, s, start)
        cursor = start  # where the words before the phrase are, found lazily from the right
        for i in range(len(before) - 1, -1, -1):
            word = before[i]
            if word in _CLAUSE_WORDS:
                break
            cursor = low.rfind(word, s, cursor)
            if _may_be_cue(word):
                t = self._classify(before, i, cursor)
                if t is not None:
                    return t
        after = _TOKEN_RE.findall(low, end, e)
        cursor = end
        for i, word in enumerate(after):
            if word in _CLAUSE_WORDS:
                break
            cursor = low.find(word, cursor, e)
            if _may_be_cue(word):
                t = self._classify(after, i, cursor)
                if t is not None:
                    return t
            cursor += len(word)
        return Tense.NONE

    def governing(self, start: int) -> Tense | None:
        """The tense of the verb directly before a phrase ("ended Jan. 31", "began on
        Oct. 31"), or None. A cue that governs the date is reliable; one further off in the
        clause may belong to another verb."""
        low = self._low
        words = _TOKEN_RE.findall(low, max(0, start - 40), start)
        if words and words[-1] in _GOVERNING_PREPOSITIONS:
            words.pop()
        if len(words) < 2:  # the first word may be cut: it is not read
            return None
        t = self._classify(words, len(words) - 1, low.rfind(words[-1], 0, start))
        return None if t is Tense.NONE else t

    def _classify(self, words: list[str], i: int, pos: int) -> Tense | None:
        """The tense words[i] (at offset pos) marks in its clause, or None: no cue."""
        word = words[i]
        prev = words[i - 1] if i > 0 else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in _PLANNED and (
            (prev == "been" and i > 1 and words[i - 2] == "had")
            or (prev in ("was", "were") and nxt == "to")
        ):
            return Tense.PAST  # "had been due to expire Friday": a plan that is now past
        if prev in _BE and word in _FUTURE_AFTER_BE:
            return Tense.FUTURE  # "will be held", "to be held"
        if word in _FUTURE:
            return Tense.FUTURE
        if word in _SCHEDULED:
            return None if prev in _MODALS or prev in _NOT_OWN_TENSE else Tense.FUTURE
        follow = _FUTURE_IF_NEXT.get(word)
        if follow is not None and nxt in follow:
            return Tense.FUTURE
        if word in _PRESENT:
            return None if prev in _MODALS else Tense.NONE  # "will continue": infinitive
        if word in ("has", "have") and _is_participle(words, i + 1):
            return Tense.PAST  # "have come down from", "has already risen since"
        if word in _PAST:
            if prev in ("is", "are", "am") and (word.endswith("ed") or
                                                word in _IRREGULAR_PARTICIPLES):
                return Tense.NONE  # present passive: "the forum is held in June"
            return None if (word.endswith("ed") and prev in _BE) else Tense.PAST
        if len(word) >= 5 and word.endswith("ed") and word[-4:-2] not in ("ne", "ee") and \
                word not in _NOT_VERBS:
            if prev in _BE:
                return None  # passive or adjective: "will be delayed"
            if prev in _DETERMINERS or (i > 1 and words[i - 2] in _DETERMINERS and (
                    prev.endswith("ly") or prev in _DEGREE)):
                return None  # an adjective: "a proposed merger", "a still unspecified date"
            text = self._text
            if pos > 1 and text[pos].isupper() and text[pos - 2] not in ".\n":
                return None  # a proper name ("United"), not a verb
            return Tense.PAST
        return None


def _may_be_cue(word: str) -> bool:
    """A cheap test before _classify: only these words can mark a tense."""
    return word in _CUE_WORDS or (len(word) >= 5 and word.endswith("ed"))


def _is_participle(words: list[str], i: int) -> bool:
    """Whether words[i] (after one adverb: "has already", "have recently") is a past
    participle: regular ("-ed", "-en") or one of the common irregular ones."""
    if i < len(words) and (words[i] in _PERFECT_ADVERBS or
                           (words[i].endswith("ly") and len(words[i]) > 4)):
        i += 1
    if i >= len(words):
        return False
    word = words[i]
    return word.endswith(("ed", "en")) or word in _IRREGULAR_PARTICIPLES


def tense_of(text: str, start: int, end: int) -> Tense:
    """Convenience for one look-up."""
    return TenseIndex(text).tense_at(start, end)
