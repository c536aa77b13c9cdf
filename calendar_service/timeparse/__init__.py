"""The range engine: time phrases in news text -> inclusive day ranges.

    extract(text, published) -> list[TimeMention]   every mention, in text order
    parse(phrase, published) -> TimeMention | None   the best mention for one phrase

Pure: no I/O, no clock, no global mutable state. Conventions for vague phrases live in
`conventions.py`; the tense logic in `tense.py`; one rule family per module in `rules/`.
"""

from .engine import extract, parse
from .model import Granularity, MentionKind, TimeMention

__all__ = ["Granularity", "MentionKind", "TimeMention", "extract", "parse"]
