"""The pipeline: every rule family proposes candidates, the refiners choose and combine them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Final

from . import negatives
from .candidate import Candidate, Context, Rule
from .model import TimeMention
from .refiners import apply_lengths, attach_times, merge_ranges, relink, select
from .rules import (
    absolute,
    durations,
    holidays,
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
    *holidays.RULES,
)
# Modules whose EXAMPLES document the engine (the rule families and the negative corpus).
FAMILIES: Final = (absolute, parts, months, seasons, years, relative, windows, times, sets,
                   durations, holidays, negatives)
SUPPORTED_LANGUAGES: Final = frozenset({"en"})


# Each rule with what it needs to have a chance: anchor classes (see triggers.anchored;
# None: the rule reads the whole text) and lower-case fragments (see triggers.requires).
# Anchors come from one pass over the text, so that test is free; a fragment costs a
# substring search (C speed), made at most once per text and only for a rule still in play.
_PLAN: Final = tuple(
    (rule, getattr(rule, "anchored", None), tuple(getattr(rule, "required", ())))
    for rule in RULES
)


def extract(text: str, published: date, *, language: str = "en") -> list[TimeMention]:
    """Every time expression in `text`, in order and non-overlapping, resolved against the
    publication date `published`. Pure and thread-safe; never raises for a string input."""
    if language.split("-")[0].lower() not in SUPPORTED_LANGUAGES or not text:
        return []
    ctx = Context(text, published)
    low = ctx.low
    found = ctx.anchors().keys()
    present: dict[str, bool] = {}
    candidates: list[Candidate] = []
    for rule, classes, required in _PLAN:
        if classes is not None and found.isdisjoint(classes):
            continue
        if required and not _any_present(required, low, present):
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


def _any_present(fragments: tuple[str, ...], low: str, seen: dict[str, bool]) -> bool:
    """Whether one of the fragments occurs in `low`; each is searched for once per text."""
    for fragment in fragments:
        hit = seen.get(fragment)
        if hit is None:
            hit = seen[fragment] = fragment in low
        if hit:
            return True
    return False


# What `parse` puts before a phrase in which `extract` finds nothing: the caller says the
# phrase is a time phrase, so a bare "May" or "March" is the month, not the verb.
_AS_TIME_PHRASE = "in "


def parse(phrase: str, published: date) -> TimeMention | None:
    """The best mention for one phrase: a dated one before a duration or set ("a two-day
    visit starting Tuesday" is Tuesday's range), then the longest, then the first."""
    mentions = extract(phrase, published)
    if not mentions:
        shift = len(_AS_TIME_PHRASE)
        mentions = [
            replace(m, start=m.start - shift, end=m.end - shift)
            for m in extract(_AS_TIME_PHRASE + phrase, published)
            if m.start >= shift
        ]
    if not mentions:
        return None
    return max(mentions, key=lambda m: (m.is_bounded, m.end - m.start, -m.start))
