"""What a rule hands to the engine: a span and its resolved value, before refining."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from .lexicon import lower_same_length
from .model import Granularity, MentionKind, TimeMention
from .tense import Tense, TenseIndex
from .triggers import anchors, windows


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    earliest: date | None
    latest: date | None
    granularity: Granularity | None
    kind: MentionKind = "date"
    length_days: int | None = None
    rule: str = ""
    # Anaphoric phrases ("the following day", "a year earlier") are resolved against the
    # previous date mention by the engine; this callback receives it (or None).
    relink: Callable[[TimeMention | None], Candidate | None] | None = field(
        default=None, repr=False
    )
    # A relink that names the same period again ("the quarter", "that quarter") rather than
    # shifting it ("a year earlier"): the result may anchor later phrases.
    refers: bool = False

    def to_mention(self, text: str) -> TimeMention:
        # positional: a frozen dataclass is built noticeably faster without keywords
        return TimeMention(self.start, self.end, text[self.start:self.end], self.earliest,
                           self.latest, self.granularity, self.kind, self.length_days)


class Context:
    """The text being read and its reference date; tense look-ups are computed lazily."""

    __slots__ = ("_anchors", "_tenses", "_windows", "low", "published", "text")

    def __init__(self, text: str, published: date) -> None:
        self.text = text
        self.low = lower_same_length(text)  # what the rules' patterns run on
        self.published = published
        self._tenses: TenseIndex | None = None
        self._anchors: dict[str, list[tuple[int, int]]] | None = None
        self._windows: dict[tuple[str, ...], list[tuple[int, int]]] = {}

    def anchors(self) -> dict[str, list[tuple[int, int]]]:
        """(start, end) of the anchor words in the text, by class (see triggers.py)."""
        if self._anchors is None:
            self._anchors = anchors(self.low, self.text)
        return self._anchors

    def scan(self, pattern: re.Pattern[str], *classes: str) -> Iterator[re.Match[str]]:
        """pattern's matches in the lower-cased text, looked for only around anchor words of
        the given classes (see triggers.py)."""
        spans = self._windows.get(classes)
        if spans is None:
            spans = self._windows[classes] = windows(self.low, self.anchors(), classes)
        low = self.low
        for lo, hi in spans:
            yield from pattern.finditer(low, lo, hi)

    def tense(self, start: int, end: int) -> Tense:
        return self._tense_index().tense_at(start, end)

    def tense_later(self, start: int, end: int) -> Callable[[], Tense]:
        """The tense look-up, to be made only if it matters (see resolve.this_period)."""
        return partial(self.tense, start, end)

    def governing_tense(self, start: int) -> Tense | None:
        """The tense of the verb directly before `start`, if it has one (see TenseIndex)."""
        return self._tense_index().governing(start)

    def _tense_index(self) -> TenseIndex:
        if self._tenses is None:
            self._tenses = TenseIndex(self.text, self.low)
        return self._tenses


Rule = Callable[[Context], Iterator[Candidate]]
