"""The prefilters: anchor words and guarded patterns find what the plain patterns find."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from calendar_service.timeparse.candidate import Context
from calendar_service.timeparse.engine import FAMILIES, RULES
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
    for pattern in (_WEEKDAY, _RELATIVE_YEAR):
        plain = _plain(pattern)
        assert [(m.span(), m.groupdict()) for m in pattern.finditer(low)] == \
            [(m.span(), m.groupdict()) for m in plain.finditer(low)]


def _kept_by_anaphoric(m: re.Match[str]) -> bool:
    """Whether relative.anaphoric() reads the match (it drops a bare unit)."""
    return m["unit"] is None or bool(m["w"]) or m["the"] == "that"


_ANAPHORIC_WORDS = st.sampled_from(["the", "that", "following", "same", "day", "days", "year",
                                    "year-earlier", "week", "night", " ", "  ", "\n", "\t",
                                    "-", "'s end", "x", "a"])


@given(st.lists(_ANAPHORIC_WORDS, max_size=20).map("".join))
def test_anaphoric_guard_keeps_every_match_the_rule_reads(text: str) -> None:
    """Its guard leaves white space out: the matches the rule reads are those of the plain
    pattern, and the rest end where the plain pattern's do."""
    plain = _plain(_ANAPHORIC)
    guarded_matches = list(_ANAPHORIC.finditer(text))
    plain_matches = list(plain.finditer(text))
    assert [(m.span(), m.groupdict()) for m in guarded_matches if _kept_by_anaphoric(m)] == \
        [(m.span(), m.groupdict()) for m in plain_matches if _kept_by_anaphoric(m)]
    assert [m.end() for m in guarded_matches] == [m.end() for m in plain_matches]


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


def _scanned_classes(rule, text: str, published: date) -> set[str]:
    """The anchor classes `rule` asks ctx.scan for on `text`."""
    asked: set[str] = set()

    class Recording(Context):
        __slots__ = ()

        def scan(self, pattern, *classes):  # type: ignore[no-untyped-def]
            asked.update(classes)
            return super().scan(pattern, *classes)

    list(rule(Recording(text, published)))
    return asked


def test_anchored_rules_scan_only_around_their_declared_anchors() -> None:
    """The engine skips an @anchored rule on a text without its anchors, so the rule must
    look nowhere else: every ctx.scan it makes on the example corpus names declared classes."""
    texts = [(e.text, date.fromisoformat(e.published)) for family in FAMILIES
             for e in family.EXAMPLES]
    anchored_rules = [rule for rule in RULES if getattr(rule, "anchored", None) is not None]
    assert len(anchored_rules) > 20
    for rule in anchored_rules:
        asked: set[str] = set()
        for text, published in texts:
            asked |= _scanned_classes(rule, text, published)
        assert asked, rule.__name__
        assert asked <= rule.anchored, (rule.__name__, asked - rule.anchored)


def test_a_rule_skipped_for_missing_anchors_would_have_found_nothing() -> None:
    published = date(2024, 4, 9)
    text = "The ministers will meet 2,000 delegates; 16.05.2024 and 1990s saw 3 p.m. talks."
    ctx = Context(text, published)
    for rule in RULES:
        classes = getattr(rule, "anchored", None)
        if classes is not None and ctx.anchors().keys().isdisjoint(classes):
            assert list(rule(Context(text, published))) == [], rule.__name__
