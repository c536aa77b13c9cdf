"""`parse`: one phrase the caller says is a time phrase, one best mention."""

from __future__ import annotations

from datetime import date

import pytest

from calendar_service.timeparse import parse

TUESDAY = date(2024, 4, 9)


def test_a_dated_mention_beats_a_duration_of_the_same_length():
    m = parse("will make a two-day visit starting Thursday", TUESDAY)
    assert m is not None and m.kind == "date"
    assert (m.earliest, m.latest) == (date(2024, 4, 11), date(2024, 4, 12))


@pytest.mark.parametrize(("phrase", "first", "last"), [
    ("May", date(2024, 5, 1), date(2024, 5, 31)),
    # No tense cue: the documented default, the publication year's month (conventions.py).
    ("March", date(2024, 3, 1), date(2024, 3, 31)),
])
def test_a_bare_month_is_the_month_when_asked_for_alone(phrase, first, last):
    m = parse(phrase, TUESDAY)
    assert m is not None
    assert (m.start, m.end, m.text) == (0, len(phrase), phrase)
    assert (m.earliest, m.latest) == (first, last)


def test_the_longest_mention_wins_and_spans_stay_in_the_phrase():
    m = parse("from May 16 to 17", TUESDAY)
    assert m is not None and (m.earliest, m.latest) == (date(2024, 5, 16), date(2024, 5, 17))
    assert "from May 16 to 17"[m.start:m.end] == m.text


def test_a_duration_alone_is_still_returned_and_nothing_gives_none():
    m = parse("three years", TUESDAY)
    assert m is not None and m.kind == "duration" and m.earliest is None
    assert parse("the Sunday Times", TUESDAY) is None
