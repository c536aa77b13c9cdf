"""The range engine's value type. Pure data: no parsing here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Granularity = Literal[
    "day", "week", "weekend", "month", "quarter", "season", "half", "year", "decade", "century",
    "window",  # a fuzzy window after or around the reference ("in the coming weeks", "soon")
]
MentionKind = Literal["date", "duration", "set", "time"]


@dataclass(frozen=True, slots=True)
class TimeMention:
    """One time expression found in a text.

    `earliest`/`latest` are inclusive calendar days; `None` only where the text leaves that
    side open ("in the foreseeable future" has no end). Durations and sets carry no range:
    a duration keeps its length in `length_days` (approximate for months and years).
    """

    start: int
    end: int
    text: str
    earliest: date | None
    latest: date | None
    granularity: Granularity | None
    kind: MentionKind = "date"
    length_days: int | None = None

    @property
    def is_bounded(self) -> bool:
        return self.earliest is not None and self.latest is not None

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "granularity": self.granularity,
            "kind": self.kind,
            "length_days": self.length_days,
        }
