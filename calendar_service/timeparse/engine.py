"""The pipeline: every rule family proposes candidates, the refiners choose and combine them."""

from __future__ import annotations

from datetime import date
from typing import Final

from . import negatives
from .candidate import Candidate, Context, Rule
from .model import TimeMention
from .refiners import apply_lengths, attach_times, merge_ranges, relink, select
from .rules import (
    absolute,
    durations,
    months,
    parts,
    relative,
    seasons,
    sets,
    times,
    windows,
    years,
)

# Order matters only for ties between equally long candidates: earlier modules win.
RULES: Final[tuple[Rule, ...]] = (
    *absolute.RULES, *parts.RULES, *months.RULES, *seasons.RULES, *years.RULES,
    *relative.RULES, *windows.RULES, *times.RULES, *sets.RULES, *durations.RULES,
)
# Modules whose EXAMPLES document the engine (the rule families and the negative corpus).
FAMILIES: Final = (absolute, parts, months, seasons, years, relative, windows, times, sets,
                   durations, negatives)
SUPPORTED_LANGUAGES: Final = frozenset({"en"})


# Substring tests (C speed) beat one regex alternation of the same fragments; each fragment
# is looked for once per text, then each rule's need is a set intersection.
_REQUIRED: Final = tuple((rule, frozenset(getattr(rule, "required", ()))) for rule in RULES)
_FRAGMENTS: Final = frozenset().union(*(required for _, required in _REQUIRED))


def extract(text: str, published: date, *, language: str = "en") -> list[TimeMention]:
    """Every time expression in `text`, in order and non-overlapping, resolved against the
    publication date `published`. Pure and thread-safe; never raises for a string input."""
    if language.split("-")[0].lower() not in SUPPORTED_LANGUAGES or not text:
        return []
    ctx = Context(text, published)
    low = ctx.low
    present = {f for f in _FRAGMENTS if f in low}
    candidates: list[Candidate] = []
    for rule, required in _REQUIRED:
        if required and required.isdisjoint(present):
            continue
        try:
            candidates.extend(rule(ctx))
        except (ValueError, OverflowError):
            # Calendar arithmetic beyond year 1..9999 (a reference date near the limits):
            # this rule has nothing sensible to say (what it found before stays), the others
            # still run.
            continue
    if not candidates:
        return []
    selected = select(candidates)
    try:
        chosen = relink(selected, text)
        chosen = merge_ranges(chosen, text)
        chosen = attach_times(chosen, text)
        chosen = apply_lengths(chosen, text)
    except (ValueError, OverflowError):  # date arithmetic past year 9999: unrefined results
        chosen = selected
    return [c.to_mention(text) for c in chosen]


def parse(phrase: str, published: date) -> TimeMention | None:
    """The best mention for one phrase: the longest one found in it (the first on a tie)."""
    mentions = extract(phrase, published)
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.end - m.start, -m.start))
