"""Tense of the clause around a phrase, and how it turns bare months and weekdays."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendar_service.timeparse import extract
from calendar_service.timeparse.tense import (
    _SENTENCE_END_RE,
    _TOKEN_RE,
    Tense,
    TenseIndex,
    tense_of,
)


def _tense(sentence: str, phrase: str) -> Tense:
    start = sentence.index(phrase)
    return tense_of(sentence, start, start + len(phrase))


@pytest.mark.parametrize(("sentence", "phrase", "expected"), [
    ("Putin will visit China in June.", "June", Tense.FUTURE),
    ("The summit is to be held in October.", "October", Tense.FUTURE),
    ("The leaders plan to meet in May.", "May", Tense.FUTURE),
    ("Talks are expected on Tuesday.", "Tuesday", Tense.FUTURE),
    ("The vote is scheduled for Friday.", "Friday", Tense.FUTURE),
    ("BRICS welcomed new members in January.", "January", Tense.PAST),
    ("The two ministers met on Tuesday.", "Tuesday", Tense.PAST),
    ("The ministry said on Tuesday.", "Tuesday", Tense.PAST),
    ("On Tuesday, the ministry said.", "Tuesday", Tense.PAST),
    ("The offer had been due to expire Friday.", "Friday", Tense.PAST),
    ("The summit will be held in March.", "March", Tense.FUTURE),
    ("The talks are in March.", "March", Tense.NONE),
    ("Sales figures for March.", "March", Tense.NONE),
    # an "-ed" adjective after a determiner is no past verb: "would" decides
    ("It would be paid on a still unspecified date in January.", "January", Tense.FUTURE),
    ("The vote would fall on the proposed date in June.", "June", Tense.FUTURE),
    ("The plan was unveiled in June.", "June", Tense.PAST),
    ("Two hundred officials in June.", "June", Tense.NONE),
    # present perfect with an irregular participle, or an adverb between
    ("Oil prices have come down from the middle of October.", "October", Tense.PAST),
    ("Prices have already fallen since June.", "June", Tense.PAST),
    ("Output has grown steadily since March.", "March", Tense.PAST),
])
def test_cues(sentence: str, phrase: str, expected: Tense) -> None:
    assert _tense(sentence, phrase) is expected


def test_reported_speech_splits_at_that() -> None:
    sentence = "The ministry said on Tuesday that the president will visit in June."
    assert _tense(sentence, "Tuesday") is Tense.PAST
    assert _tense(sentence, "June") is Tense.FUTURE


def test_nearest_cue_before_wins() -> None:
    sentence = "Officials who met last week will hold more talks in May."
    assert _tense(sentence, "May") is Tense.FUTURE


def test_passive_participle_after_be_is_not_past() -> None:
    assert _tense("The meeting will be held on Friday.", "Friday") is Tense.FUTURE


def test_proper_names_ending_in_ed_are_not_verbs() -> None:
    assert _tense("The talks with the United Nations are on Friday.", "Friday") is Tense.NONE


def test_cues_do_not_cross_sentences() -> None:
    text = "He will travel widely. Prices rose in March."
    assert _tense(text, "March") is Tense.PAST
    text = "Prices rose sharply. The central bank's decision in March matters."
    assert _tense(text, "March") is Tense.NONE
    text = "Prices rose sharply. The central bank meets in March."
    assert _tense(text, "March") is Tense.FUTURE  # a schedule in the simple present


def test_sentence_bounds() -> None:
    text = "First one. Second one here! Third?"
    index = TenseIndex(text)
    start = text.index("Second")
    assert index.sentence_bounds(start, start + 6) == (11, 28)


P = date(2024, 4, 9)  # a Tuesday


@pytest.mark.parametrize(("sentence", "phrase", "earliest", "latest"), [
    ("Putin will visit China in June.", "June", "2024-06-01", "2024-06-30"),
    ("Putin visited China in June.", "June", "2023-06-01", "2023-06-30"),
    ("The ministers will meet on Friday.", "Friday", "2024-04-12", "2024-04-12"),
    ("The ministers met on Friday.", "Friday", "2024-04-05", "2024-04-05"),
    ("Shares fell on Friday.", "Friday", "2024-04-05", "2024-04-05"),
    ("The vote will be held in April.", "April", "2024-04-01", "2024-04-30"),
    ("The vote was held in April.", "April", "2024-04-01", "2024-04-30"),
    ("The ministers will meet on Tuesday.", "Tuesday", "2024-04-09", "2024-04-09"),
    ("Elections will be held in the spring.", "spring", "2024-03-01", "2024-05-31"),
    ("Elections were held in the spring.", "spring", "2024-03-01", "2024-05-31"),
    ("Elections will be held in the autumn.", "autumn", "2024-09-01", "2024-11-30"),
])
def test_tense_turns_bare_months_and_weekdays(sentence: str, phrase: str, earliest: str,
                                              latest: str) -> None:
    found = [m for m in extract(sentence, P) if m.text == phrase]
    assert found, extract(sentence, P)
    assert (found[0].earliest, found[0].latest) == (date.fromisoformat(earliest),
                                                    date.fromisoformat(latest))


def test_default_without_cue_is_documented() -> None:
    # weekdays: the most recent occurrence; months: the occurrence of the publication year
    # unless one lies within two months
    assert extract("Friday's session", P)[0].earliest == date(2024, 4, 5)
    assert extract("October figures", P)[0].earliest == date(2024, 10, 1)
    assert extract("January figures", date(2024, 12, 1))[0].earliest == date(2025, 1, 1)


_READABLE_SENTENCE_END = re.compile(r"[.!?;:]['\"”’)]*\s+(?=[A-Z\"“‘(])|;\s+|\n\s*\n|\n(?=[A-Z])")
_SENTENCE_PIECES = st.sampled_from([".", "!", "?", ";", ":", "\n", " ", "  ", "'", '"', "”",
                                    "’", ")", "(", "“", "‘", "A", "b", "The", "x", "\t"])


@given(st.lists(_SENTENCE_PIECES, max_size=25).map("".join), st.integers(0, 30),
       st.integers(0, 30))
def test_sentence_end_pattern_matches_what_its_readable_form_matches(
        text: str, lo: int, hi: int) -> None:
    def spans(pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [m.span() for m in pattern.finditer(text, lo, hi)]
    assert spans(_SENTENCE_END_RE) == spans(_READABLE_SENTENCE_END)


@given(st.text(alphabet="ab'; :.Z-\n", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_token_pattern_finds_what_its_readable_form_finds(text: str, lo: int, hi: int) -> None:
    assert _TOKEN_RE.findall(text, lo, hi) == re.findall(r"[a-z']+|[;:]", text[lo:hi])
