"""The layering of timeparse/conventions.py: the engine gives a deictic period whole ("this
year" = 1 Jan..31 Dec), and the events layer starts a planned event's window the day after
publication (README conventions: "the publication day is never inside a forward-looking
window"), while an event told as past keeps the calendar period."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_service.events import Article, extract_event_mentions
from calendar_service.timeparse import parse


def _visit(body: str, published: str) -> tuple[date | None, date | None]:
    found = extract_event_mentions(Article(title="", body=body, source="Test",
                                           published=date.fromisoformat(published)))
    visits = [m for m in found if m.kind in ("visit", "state_visit")]
    assert len(visits) == 1, found
    return visits[0].earliest, visits[0].latest


@pytest.mark.parametrize(("phrase", "published", "whole", "event"), [
    ("this year", "2024-04-09", ("2024-01-01", "2024-12-31"), ("2024-04-10", "2024-12-31")),
    ("in 2024", "2024-04-09", ("2024-01-01", "2024-12-31"), ("2024-04-10", "2024-12-31")),
    ("this month", "2024-04-09", ("2024-04-01", "2024-04-30"), ("2024-04-10", "2024-04-30")),
    ("in April", "2024-04-09", ("2024-04-01", "2024-04-30"), ("2024-04-10", "2024-04-30")),
    ("this week", "2024-04-09", ("2024-04-08", "2024-04-14"), ("2024-04-10", "2024-04-14")),
    ("this summer", "2024-07-10", ("2024-06-01", "2024-08-31"), ("2024-07-11", "2024-08-31")),
])
def test_a_planned_visit_starts_after_publication_within_the_whole_period(
        phrase: str, published: str, whole: tuple[str, str], event: tuple[str, str]) -> None:
    sentence = f"German Chancellor Olaf Scholz will visit China {phrase}, officials said."
    mention = parse(phrase, date.fromisoformat(published))
    assert mention is not None
    assert (mention.earliest, mention.latest) == tuple(map(date.fromisoformat, whole))
    assert _visit(sentence, published) == tuple(map(date.fromisoformat, event))



@pytest.mark.parametrize(("phrase", "published", "event"), [
    ("this week", "2024-04-14", ("2024-04-15", "2024-04-21")),  # a Sunday: the next week
    ("this month", "2024-04-30", ("2024-05-01", "2024-05-01")),  # nothing left of it
])
def test_nothing_left_of_the_period_on_its_last_day(
        phrase: str, published: str, event: tuple[str, str]) -> None:
    sentence = f"German Chancellor Olaf Scholz will visit China {phrase}, officials said."
    assert _visit(sentence, published) == tuple(map(date.fromisoformat, event))
