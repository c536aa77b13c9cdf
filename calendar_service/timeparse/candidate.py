"""What a rule hands to the engine: a span and its resolved value, before refining."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from .model import Granularity, MentionKind, TimeMention
from .tense import Tense, TenseIndex


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

    def to_mention(self, text: str) -> TimeMention:
        return TimeMention(
            start=self.start, end=self.end, text=text[self.start:self.end],
            earliest=self.earliest, latest=self.latest, granularity=self.granularity,
            kind=self.kind, length_days=self.length_days,
        )


class Context:
    """The text being read and its reference date; tense look-ups are computed lazily."""

    __slots__ = ("_tenses", "published", "text")

    def __init__(self, text: str, published: date) -> None:
        self.text = text
        self.published = published
        self._tenses: TenseIndex | None = None

    def tense(self, start: int, end: int) -> Tense:
        if self._tenses is None:
            self._tenses = TenseIndex(self.text)
        return self._tenses.tense_at(start, end)


Rule = Callable[[Context], Iterator[Candidate]]
