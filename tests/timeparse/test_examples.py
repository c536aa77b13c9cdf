"""Runs every rule family's EXAMPLES (they live beside the rules they document)."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_service.timeparse import extract
from calendar_service.timeparse.engine import FAMILIES
from calendar_service.timeparse.examples import Example
from calendar_service.timeparse.model import TimeMention

CASES = [
    pytest.param(example, id=f"{family.__name__.rsplit('.', 1)[-1]}:{example.text[:60]}")
    for family in FAMILIES
    for example in family.EXAMPLES
]


def _chosen(example: Example, mentions: list[TimeMention]) -> TimeMention:
    if example.target is not None:
        hits = [m for m in mentions if m.text == example.target]
        assert hits, f"no mention {example.target!r} in {[m.text for m in mentions]}"
        return hits[0]
    assert mentions, f"no mention found in {example.text!r}"
    return max(mentions, key=lambda m: m.end - m.start)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@pytest.mark.parametrize("example", CASES)
def test_example(example: Example) -> None:
    mentions = extract(example.text, date.fromisoformat(example.published))
    if example.negative:
        assert mentions == [], [m.text for m in mentions]
        return
    found = _chosen(example, mentions)
    assert found.kind == example.kind, found
    assert (found.earliest, found.latest) == (_day(example.earliest), _day(example.latest)), \
        found


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 400
