"""Cheap prefilter: which words can start or anchor a time phrase, and where they are.

One pass tokenises the lower-cased text; each rule then runs its pattern only in short
windows around the anchors of its classes instead of over the whole text, which is what makes
the engine fast on long articles with few time phrases.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import chain
from re import _constants as _sre_constants  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any, Final, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

MONTH: Final = "month"
WEEKDAY: Final = "weekday"
DIGIT: Final = "digit"
UNIT: Final = "unit"
SEASON: Final = "season"
DEICTIC: Final = "deictic"
SET: Final = "set"
TIME: Final = "time"
SPELLED: Final = "spelled"
QUARTER: Final = "quarter"
HALF: Final = "half"
PART: Final = "part"
AGO: Final = "ago"
MONTH_WIDE: Final = "month-wide"  # month names, reaching further back ("the 22nd and 24th of")
COMING: Final = "coming"
TURN: Final = "turn"
HOLIDAY: Final = "holiday"  # names of their own: "Christmas", "Easter" (see rules/holidays.py)

_WORDS: Final[dict[str, str]] = {
    MONTH: "january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec",
    WEEKDAY: "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu "
             "thurs fri sat sun",
    UNIT: "day days week weeks weekend weekends month months year years quarter quarters "
          "decade decades century centuries fortnight fortnights hour hours minute minutes "
          "night nights half period periods fy yearend",
    SEASON: "spring summer autumn fall winter springtime summertime wintertime",
    DEICTIC: "today tonight tomorrow yesterday now currently present moment presently "
             "nowadays recently lately recent past future soon shortly long foreseeable term "
             "current later",
    SET: "every each annually yearly monthly weekly daily nightly quarterly biannually "
         "biennially semiannually fortnightly hourly per once twice times annum",
    TIME: "noon midnight midday morning afternoon evening night overnight tonight",
    QUARTER: "quarter quarters q1 q2 q3 q4 period",
    HALF: "half h1 h2",
    PART: "early mid late beginning start middle end half latter toward towards",
    SPELLED: "nineteen thousand twenties thirties forties fifties sixties seventies eighties "
             "nineties",
}
_WORDS[AGO] = "ago earlier later hence previously"
_WORDS[MONTH_WIDE] = _WORDS[MONTH]
_WORDS[COMING] = "coming next few several upcoming following within ahead couple matter"
_WORDS[TURN] = "turn"
_WORDS[HOLIDAY] = "christmas easter thanksgiving halloween valentine valentines boxing"
KEYWORDS: Final[dict[str, frozenset[str]]] = {}
for _cls, _words in _WORDS.items():
    for _w in _words.split():
        KEYWORDS[_w] = KEYWORDS.get(_w, frozenset()) | {_cls}
for _w in _WORDS[UNIT].split():  # each unit word is also its own class: word(_w)
    KEYWORDS[_w] = KEYWORDS[_w] | {"w:" + _w}


def word(token: str) -> str:
    """The anchor class of one unit word ("week"), for rules that need only that word."""
    return "w:" + token

# How far before / after its anchor a phrase of each class may start / end.
REACH: Final[dict[str, tuple[int, int]]] = {
    MONTH: (14, 25),  # "Thursday, May 16", "May 30 to June 2, 2024"
    DIGIT: (16, 16),  # "fiscal year 1990", "10/30/89", "3:30 p.m."
    UNIT: (28, 20),  # "over the next three weeks or so", "the same period a year earlier"
    PART: (22, 40),  # "by the end of", "early next year", "the first half of September 2025"
    AGO: (30, 12),  # "two and a half years ago", "later in 2024"
    MONTH_WIDE: (45, 25),  # "between the 22nd and the 24th of August"
    WEEKDAY: (20, 22),  # "the previous Friday", "Friday afternoon"
    DEICTIC: (30, 16),  # "in the not-too-distant future", "today's"
    SEASON: (24, 18),  # "the beginning of spring", "the fall of 2025"
    SET: (12, 24),  # "twice a year", "every other week"
    TIME: (24, 20),  # "late Friday afternoon"
    QUARTER: (30, 30),  # "the comparable year-ago quarter", "the first quarter of next year"
    HALF: (26, 26),  # "the second half of the year"
    SPELLED: (14, 40),  # "the year two thousand", "nineteen ninety-six"
    COMING: (20, 30),  # "in the coming days", "over the next three weeks or so"
    TURN: (4, 25),  # "the turn of the century"
    HOLIDAY: (26, 30),  # "no later than this Christmas", "St. Valentine's Day of last year"
}
_DEFAULT_REACH: Final = (40, 40)


def requires(*fragments: str) -> Callable[[F], F]:
    """Mark a rule that can only match when one of these lower-case fragments occurs in the
    text: the engine skips it otherwise, at the cost of a substring search."""
    def mark(rule: F) -> F:
        rule.required = fragments  # type: ignore[attr-defined]
        return rule
    return mark


def anchored(*classes: str) -> Callable[[F], F]:
    """Mark a rule that looks only in the windows around anchors of these classes (every
    `ctx.scan` it makes names some of them): the engine does not call it for a text that has
    none, which spares most rules on most texts."""
    def mark(rule: F) -> F:
        rule.anchored = frozenset(classes)  # type: ignore[attr-defined]
        return rule
    return mark


def guarded(pattern: re.Pattern[str], *, not_first: str = "") -> re.Pattern[str]:
    """The same pattern behind a look-ahead for the characters a match can start with.

    Python's regex engine tries a pattern at every position of a window; a pattern that
    starts with optional words and a word boundary (most rules' do) fails slowly at each of
    them. A one-character test first makes the hopeless positions cheap. The pattern is
    returned as it is when its first characters cannot be listed (any, a negated class, a
    possibly empty match).

    `not_first`: characters left out of the look-ahead, for a rule that drops every match
    starting with one of them (its caller says why no other match is lost)."""
    parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    chars, nullable = _first_chars(list(parsed), pattern.flags)
    if not chars or nullable:
        return pattern
    chars -= set(not_first)
    cls = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{cls}])(?:{pattern.pattern})", pattern.flags)


SPACE: Final = " \t\n\r\f\v"


def _first_chars(items: list[Any], flags: int) -> tuple[set[str] | None, bool]:
    """(characters a match of the sequence can start with, whether it can match empty);
    None: not listable."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_of(op, av, flags)
        if chars is None:
            return None, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op: Any, av: Any, flags: int) -> tuple[set[str] | None, bool]:
    c = _sre_constants
    if op is c.LITERAL:
        ch = chr(av)
        return ({ch.lower(), ch.upper()} if flags & re.IGNORECASE else {ch}), False
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero-width
        return set(), True
    if op is c.SUBPATTERN:
        _, add_flags, del_flags, sub = av
        return _first_chars(list(sub), (flags | add_flags) & ~del_flags)
    if op is c.BRANCH:
        out: set[str] = set()
        nullable = False
        for alternative in av[1]:
            chars, empty = _first_chars(list(alternative), flags)
            if chars is None:
                return None, False
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _, sub = av
        chars, empty = _first_chars(list(sub), flags)
        return chars, chars is not None and (empty or low == 0)
    if op is c.IN:
        out = set()
        for item, value in av:
            if item is c.LITERAL:
                out.add(chr(value))
            elif item is c.RANGE:
                out |= {chr(i) for i in range(value[0], value[1] + 1)}
            elif item is c.CATEGORY and value is c.CATEGORY_SPACE:
                out |= set(SPACE)
            elif item is c.CATEGORY and value is c.CATEGORY_DIGIT:
                out |= set("0123456789")
            else:
                return None, False
        if flags & re.IGNORECASE:
            out |= {ch.upper() for ch in out} | {ch.lower() for ch in out}
        return out, False
    return None, False


def _trie(words: list[str]) -> str:
    """A regex alternation shaped as a prefix tree: one cheap character test per position."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return build(tree)


# A keyword at a word start: the character before it is matched ([^a-z0-9] is a character
# class, so the regex engine skips the letters in between at C speed instead of trying the
# keyword tree at every position); the text's first word is matched on its own. Non-ASCII
# letters before a keyword are checked in code. Numbers are not anchors: the rules that start
# with digits make their own digit-first pass.
_KEYWORD_TREE: Final = "(" + _trie(sorted(KEYWORDS)) + r")(?![a-z])"
ANCHOR_RE: Final = re.compile(r"[^a-z0-9]" + _KEYWORD_TREE)
_FIRST_ANCHOR_RE: Final = re.compile(_KEYWORD_TREE)


def anchors(low: str, text: str | None = None) -> dict[str, list[tuple[int, int]]]:
    """(start, end) of anchor tokens, by class. With the original text, month and weekday
    names count only when capitalised ("may" the modal and "march" the verb anchor nothing)."""
    found: dict[str, list[tuple[int, int]]] = {}
    get = KEYWORDS.get
    first = _FIRST_ANCHOR_RE.match(low)
    for m in chain((first,) if first else (), ANCHOR_RE.finditer(low)):
        span = m.span(1)
        if span[0] and low[span[0] - 1].isalnum():
            continue  # after a non-ASCII letter: inside a word
        classes = get(m.group(1))
        if classes is None:
            continue
        if text is not None and not classes.isdisjoint(_NAMES) and text[span[0]].islower():
            classes = classes - _NAMES
        for cls in classes:
            found.setdefault(cls, []).append(span)
    return found


_NAMES: Final = frozenset({MONTH, MONTH_WIDE, WEEKDAY})


def literal_windows(low: str, literals: tuple[str, ...], back: int,
                    forward: int) -> list[tuple[int, int]]:
    """Merged [lo, hi) windows from `back` characters before each occurrence of one of the
    `literals` to `forward` characters after its start.

    For a pattern each of whose matches contains one of the literals and lies inside that
    window (with one character to spare after it for a closing look-ahead or \\b), matching
    inside the windows gives exactly the matches of a pass over the whole text. `str.find`
    skips text at memchr speed, where a regex pass pays a few nanoseconds for every character
    even when its first character is a class."""
    raw: list[tuple[int, int]] = []
    find = low.find
    for literal in literals:
        i = find(literal)
        while i >= 0:
            raw.append((max(0, i - back), i + forward))
            i = find(literal, i + 1)
    if len(literals) > 1:
        raw.sort()
    return _merged(raw)


def windows(low: str, found: dict[str, list[tuple[int, int]]],
            classes: tuple[str, ...]) -> list[tuple[int, int]]:
    """Merged [lo, hi) windows around the anchors of the classes, not cutting words at hi."""
    raw: list[tuple[int, int]] = []
    n = len(low)
    for cls in classes:
        back, forward = REACH.get(cls, _DEFAULT_REACH)
        for start, end in found.get(cls, ()):
            hi = min(n, end + forward)
            if hi < n:
                space = low.find(" ", hi)
                hi = n if space < 0 else space
            raw.append((max(0, start - back), hi))
    if len(classes) > 1:
        raw.sort()
    return _merged(raw)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted [lo, hi) spans with the overlapping and touching ones joined."""
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out
