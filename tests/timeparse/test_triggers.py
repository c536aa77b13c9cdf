"""The prefilters: anchor words and guarded patterns find what the plain patterns find."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from calendar_service.timeparse.rules.relative import _ANAPHORIC, _WEEKDAY
from calendar_service.timeparse.rules.years import _RELATIVE_YEAR
from calendar_service.timeparse.triggers import KEYWORDS, anchors, guarded

_WORDS = st.sampled_from(["the", "later", "this", "year", "next", "Monday", "may", "day",
                          "following", " ", ", ", "-", "émay", "1990", "\n", "s", "x"])
_TEXT = st.lists(_WORDS, max_size=30).map("".join)


def _plain(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern a guarded one was made from."""
    body = pattern.pattern
    assert body.startswith("(?=[")
    return re.compile(body[body.index("])(?:") + 5:-1], pattern.flags)


@given(_TEXT)
def test_guarded_patterns_match_exactly_what_the_plain_ones_match(text: str) -> None:
    low = text.lower()
    for pattern in (_ANAPHORIC, _WEEKDAY, _RELATIVE_YEAR):
        plain = _plain(pattern)
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(low)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(low)]


def test_guard_lists_first_characters_through_optional_words_and_spaces() -> None:
    g = guarded(re.compile(r"\b(?:(?:in|over)\s+)?(?:the\s+)?coming\s+days\b"))
    assert g.pattern.startswith("(?=[ciot])")
    g = guarded(re.compile(r"(?:a|b)?\s*x"))
    assert g.pattern.startswith("(?=[") and "\\ " in g.pattern and "x" in g.pattern


def test_patterns_whose_first_characters_are_not_listable_stay_as_they_are() -> None:
    for body in (r".x", r"[^a]x", r"\w+", r"(?:x)?", r"a*"):
        pattern = re.compile(body)
        assert guarded(pattern) is pattern


@given(_TEXT)
def test_anchors_start_words_only(text: str) -> None:
    low = text.lower()
    found = anchors(low)
    expected: set[tuple[int, int]] = set()
    for m in re.finditer(r"[a-z]+", low):
        word = m.group()
        if (m.start() == 0 or not low[m.start() - 1].isalnum()) and word in KEYWORDS:
            expected.add(m.span())
    assert {span for spans in found.values() for span in spans} == expected
