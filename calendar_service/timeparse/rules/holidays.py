"""Holidays with a fixed or computable Gregorian date, as English news writes them:
"Christmas", "Christmas Day" (25 Dec), "Christmas Eve" (24 Dec), "Boxing Day" (26 Dec),
"New Year's Day" / "New Year's" (1 Jan), "New Year's Eve" (31 Dec), "Valentine's Day"
(14 Feb), "Halloween" (31 Oct), "May Day" (1 May), "Easter" / "Easter Sunday" (Western
Easter, dateutil.easter), "Good Friday" (Easter - 2), "Easter Monday" (Easter + 1),
"Thanksgiving" (US: the fourth Thursday of November); with a year ("Christmas 2025",
"Easter of 2024", "Christmas last year") or a determiner ("last Christmas", "next Easter",
"this Christmas"); and as deadlines ("by Christmas", "before Easter").

Every phrase is one day (granularity "day", kind "date"). The year:
* an explicit year ("Christmas 2025", "Christmas of last year") names it;
* "last" / "this past": the latest occurrence before the publication date; "next" /
  "coming" / "this coming": the first one after it; "this": the occurrence within a month
  of publication if there is one (around the turn of the year "this New Year's Day" written
  on 30 December is the coming one), else the one of the publication year;
* otherwise the clause's tense decides as for a day without its year (see
  absolute._resolve_day: a misread cue pointing more than about eight months away yields to
  the nearest occurrence, unless it is the governing verb's); with no cue, the nearest.

Deadlines, layered as parts.deadline_month: "by / no later than <holiday>" is P .. the day
and "before <holiday>" P .. the day before, taking the first such day not before P (the
events layer cuts the start to P+1). In a past clause ("left before Christmas") or when the
day is already past ("by Christmas 2020"), only the holiday is dated, as the day itself.
"after Easter" is left as the day (the holiday phrase alone is matched): its end is open
and nothing in the words bounds it.

Left out on purpose:
* Holiday periods that the words do not bound: "the holidays", "the Christmas holidays /
  season / period / break", "Easter weekend", "Thanksgiving weekend", "the New Year's
  holiday": how long they last depends on the country, the school or the employer.
* A holiday name that modifies a thing rather than locating an event: "the Christmas tree
  market", "Easter eggs", "Thanksgiving turkey prices rose" (the turkeys, not the day;
  TimeML does not time-stamp such modifiers either), "Halloween costumes", "New Year's
  resolutions"; and places and names: "Easter Island", "Christmas Island", "the Easter
  Rising". An event named after the day is dated: a "May Day parade" is held on 1 May.
* "May Day" counts only written as a name ("May Day", not "may day-trade").
* Holidays without a fixed or computable Gregorian date, not bounded here: Ramadan, Eid
  al-Fitr and Eid al-Adha (Islamic lunar calendar, and the start is set by sighting the new
  moon, so it is only known by observation), Lunar / Chinese New Year (lunisolar calendar:
  needs the astronomical new moon in China's time zone), Diwali (Hindu lunisolar calendar,
  and regional reckonings differ), Passover, Rosh Hashanah and Hanukkah (Hebrew lunisolar
  calendar; they also begin at sunset the evening before), Orthodox Easter and Orthodox
  Christmas (Julian computus / calendar, kept by some churches and not others). Their names
  preceded by "Orthodox", "Lunar", "Chinese" and the like are not read as the Western ones.
* Canadian Thanksgiving (second Monday of October) and other national variants: only the
  US holiday is read; "Canadian Thanksgiving" is left out rather than given the US date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from typing import Final

from dateutil.easter import easter

from ..candidate import Candidate, Context
from ..examples import Example, ex, no
from ..resolve import day_for, deadline, distance, nearest
from ..tense import Tense
from ..triggers import HOLIDAY, MONTH, WEEKDAY, anchored, guarded, requires, word

_DEADLINE: Final = r"(?:\b(?P<dl>by|before|no\s+later\s+than|not\s+later\s+than)\s+)?"
_REL: Final = (
    r"(?:\b(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?"
)
_YEAR: Final = (
    r"(?:,?\s+(?:of\s+)?(?P<y>(?:1[6-9]|2\d)\d\d(?![\d%])|(?:last|next|this)\s+year\b))?"
)
_APOSTROPHE_S: Final = r"(?:'|’)s"
# Names with a distinctive word of their own (anchored on HOLIDAY).
_OWN_NAMES: Final = (
    r"christmas(?:\s+(?:day|eve))?|boxing\s+day|easter(?:\s+(?:sunday|day|monday))?|"
    rf"thanksgiving(?:\s+day)?|halloween|(?:st\.?\s+|saint\s+)?valentine(?:{_APOSTROPHE_S}|s)?"
    r"\s+day"
)
# Names built from ordinary words, anchored on the capitalised weekday / month or on "year"
# (the rule runs only when "good friday", "may day" or "new year" occurs in the text).
_WORD_NAMES: Final = (
    rf"good\s+friday|may\s+day|new\s+year(?:{_APOSTROPHE_S}(?:\s+(?:day|eve))?|\s+(?:day|eve))"
)


def _pattern(names: str) -> re.Pattern[str]:
    return guarded(re.compile(
        rf"{_DEADLINE}{_REL}(?<![a-z0-9'’-])(?P<name>{names})(?![a-z'’-]){_YEAR}"
    ))


_OWN: Final = _pattern(_OWN_NAMES)
_WORDS: Final = _pattern(_WORD_NAMES)

# Another calendar's holiday of the same name ("Orthodox Easter", "Lunar New Year"), or a
# national variant that is not the US one ("Canadian Thanksgiving"), or a surname.
_OTHER_CALENDAR: Final = re.compile(
    r"\b(?:orthodox|eastern|julian|coptic|armenian|ethiopian|assyrian|lunar|chinese|korean|"
    r"vietnamese|tibetan|mongolian|persian|iranian|nowruz|jewish|hebrew|islamic|hijri|thai|"
    r"tamil|sinhala|sinhalese|nepali|khmer|bengali|hindu|canadian|old|mr\.?|mrs\.?|ms\.?|"
    r"dr\.?)\s+$"
)
# A thing, a place or a holiday period named after the day (see the module docstring).
_NOT_THE_DAY: Final = re.compile(
    r"[\s-]+(?:islands?|rising|trees?|turkeys?|cards?|eggs?|bunny|bunnies|lil(?:y|ies)|"
    r"carols?|songs?|music|markets?|decorations?|lights|ornaments?|pudding|cakes?|candy|"
    r"costumes?|pumpkins?|sweaters?|jumpers?|stockings?|resolutions?|movies?|films?|"
    r"season|holidays?|period|break|vacations?|recess|weekend|shopping|sales|spending|rush|"
    r"spirit|agreement|accords?)\b"
)

_FIXED: Final[dict[str, tuple[int, int]]] = {
    "christmas eve": (12, 24), "christmas": (12, 25), "boxing": (12, 26),
    "new year eve": (12, 31), "new year": (1, 1), "valentine": (2, 14), "halloween": (10, 31),
    "may day": (5, 1),
}
_EASTER_OFFSET: Final[dict[str, int]] = {"good friday": -2, "easter monday": 1, "easter": 0}
_THIS_NEAR_DAYS: Final = 31  # "this <holiday>" within a month of publication: that one


def _key(name: str) -> str:
    """The holiday a matched name stands for, as a key of the tables above."""
    words = name.replace("’", "'").replace("'s", "").replace(".", "").split()
    if words[0] == "may":
        return "may day"
    text = " ".join(w for w in words if w not in ("day", "sunday", "st", "saint"))
    if text.startswith("valentine"):
        return "valentine"
    return text


def _day_of(key: str, year: int) -> date:
    if key in _EASTER_OFFSET:
        return easter(year) + timedelta(days=_EASTER_OFFSET[key])
    if key == "thanksgiving":  # the fourth Thursday of November
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    if key.startswith("boxing"):
        key = "boxing"
    month, day = _FIXED[key]
    return date(year, month, day)


Occurrence = Callable[[int], tuple[date, date]]


def _occurrence(key: str) -> Occurrence:
    def occurrence(year: int) -> tuple[date, date]:
        d = _day_of(key, year)
        return d, d
    return occurrence


def _after(key: str, published: date, *, strict: bool) -> date:
    """The first occurrence on or after (strict: after) the publication date."""
    d = _day_of(key, published.year)
    if d < published or (strict and d == published):
        d = _day_of(key, published.year + 1)
    return d


def _before(key: str, published: date) -> date:
    """The latest occurrence before the publication date."""
    d = _day_of(key, published.year)
    return d if d < published else _day_of(key, published.year - 1)


def _by_tense(ctx: Context, start: int, end: int, key: str) -> date:
    """As a day without its year (resolve.day_for): by tense, guarded; else the nearest."""
    return day_for(_occurrence(key), ctx.published, ctx.tense(start, end),
                   partial(ctx.governing_tense, start))

def _explicit(ctx: Context, m: re.Match[str], key: str) -> date | None:
    """The day that the year or the determiner names, if any."""
    published = ctx.published
    if m["y"] is not None:
        y = m["y"]
        if y[0].isdigit():
            return _day_of(key, int(y))
        return _day_of(key, published.year + (-1 if y.startswith("last") else
                                               1 if y.startswith("next") else 0))
    rel = " ".join((m["rel"] or "").split())
    if not rel:
        return None
    if rel in ("last", "past", "this past"):
        return _before(key, published)
    if rel in ("next", "coming", "this coming"):
        return _after(key, published, strict=True)
    near = nearest(_occurrence(key), published.year, published)
    if distance(near, published) <= _THIS_NEAR_DAYS:
        return near[0]
    return _day_of(key, published.year)


def _written_as_name(ctx: Context, m: re.Match[str], key: str) -> bool:
    """Capitalised as a holiday's name ("May Day" both words; "New Year's" alone both words;
    the others their first word), not another calendar's holiday nor a thing named after it."""
    text = ctx.text
    start = m.start("name")
    words = text[start:m.end("name")].split()
    if not words[0][:1].isupper():
        return False
    if key == "may day" and not words[1][:1].isupper():
        return False
    if key == "new year" and len(words) == 2 and not words[1][:1].isupper():
        return False
    if _OTHER_CALENDAR.search(ctx.low, max(0, start - 20), start) is not None:
        return False
    return _NOT_THE_DAY.match(ctx.low, m.end()) is None


def _candidates(ctx: Context, matches: Iterator[re.Match[str]]) -> Iterator[Candidate]:
    published = ctx.published
    for m in matches:
        key = _key(m["name"])
        if not _written_as_name(ctx, m, key):
            continue
        start = m.start("rel") if m["rel"] else m.start("name")
        day = _explicit(ctx, m, key)
        dl = " ".join((m["dl"] or "").split())
        if dl:
            before = dl == "before"
            if day is None and ctx.tense(start, m.end()) is not Tense.PAST:
                day = _after(key, published, strict=before)
            window = deadline((day, day), published, before=before) if day else None
            if window is not None:
                yield Candidate(m.start("dl"), m.end(), *window, "day", rule="holidays.deadline")
                continue
        if day is None:
            day = _by_tense(ctx, start, m.end(), key)
        yield Candidate(start, m.end(), day, day, "day", rule="holidays.named")


@anchored(HOLIDAY)
def named(ctx: Context) -> Iterator[Candidate]:
    yield from _candidates(ctx, ctx.scan(_OWN, HOLIDAY))


_YEAR_WORD: Final = word("year")


@anchored(MONTH, WEEKDAY, _YEAR_WORD)
@requires("good friday", "may day", "new year")
def named_by_words(ctx: Context) -> Iterator[Candidate]:
    """"Good Friday", "May Day", "New Year's (Day / Eve)": their words are common ones, so
    the rule runs only on a text that has one of the names."""
    yield from _candidates(ctx, ctx.scan(_WORDS, MONTH, WEEKDAY, _YEAR_WORD))


RULES = (named, named_by_words)

P = "2024-04-09"  # a Tuesday; Easter 2024 was 31 March, Easter 2025 is 20 April
EXAMPLES: list[Example] = [
    # explicit years
    ex("Christmas 2025", P, "2025-12-25"),
    ex("Easter 2024", "2024-01-10", "2024-03-31"),
    ex("The church was rebuilt by Christmas of 2025.", P, "2024-04-09", "2025-12-25"),
    ex("Christmas of 2025", P, "2025-12-25"),
    ex("Christmas Day 2019", P, "2019-12-25"),
    ex("Thanksgiving Day 2023", P, "2023-11-23"),
    ex("He was arrested on Christmas Eve last year.", P, "2023-12-24"),
    # determiners
    ex("last Christmas", P, "2023-12-25"),
    ex("last Christmas", "2024-12-25", "2023-12-25"),
    ex("last Christmas", "2024-12-26", "2024-12-25"),
    ex("next Easter", P, "2025-04-20"),
    ex("next Easter", "2024-03-20", "2024-03-31"),
    ex("this Christmas", P, "2024-12-25"),
    ex("this Christmas", "2025-01-03", "2024-12-25"),
    ex("The fireworks this New Year's Eve will be the biggest yet.", "2024-12-30",
       "2024-12-31", target="this New Year's Eve"),
    ex("this New Year's Day", "2024-12-30", "2025-01-01"),
    # no year: the nearest, unless the tense says otherwise
    ex("Easter", P, "2024-03-31"),
    ex("Christmas", "2024-07-10", "2024-12-25"),
    ex("Christmas Day", "2025-01-02", "2024-12-25"),
    ex("New Year's Day", "2024-12-31", "2025-01-01"),
    ex("New Year's Eve", "2025-01-02", "2024-12-31"),
    ex("on New Year's", "2024-12-20", "2025-01-01"),
    ex("Boxing Day", "2024-12-30", "2024-12-26"),
    ex("Christmas Eve", "2024-12-31", "2024-12-24"),
    ex("St. Valentine's Day", "2024-02-29", "2024-02-14"),
    ex("Halloween", "2024-10-01", "2024-10-31"),
    ex("Thanksgiving", "2024-11-01", "2024-11-28"),
    ex("Thanksgiving", "2023-11-01", "2023-11-23"),
    ex("Good Friday", "2024-03-20", "2024-03-29"),
    ex("Easter Monday", "2024-03-20", "2024-04-01"),
    ex("Easter Sunday", "2025-04-01", "2025-04-20"),
    ex("The shops will close on Good Friday.", "2024-02-29", "2024-03-29"),  # leap year
    ex("The troops will be home for Christmas.", "2024-07-10", "2024-12-25"),
    ex("The troops came home for Christmas.", "2024-07-10", "2023-12-25"),
    ex("Protesters marched on May Day.", "2024-05-03", "2024-05-01"),
    ex("May Day parade organisers expect thousands.", P, "2024-05-01"),
    ex("between Christmas and New Year's Day", "2024-12-10", "2024-12-25", "2025-01-01"),
    # deadlines
    ex("The deal should be signed by Christmas.", "2024-11-10", "2024-11-10", "2024-12-25"),
    ex("before Christmas", "2024-11-10", "2024-11-10", "2024-12-24"),
    ex("The bridge will reopen no later than Easter.", P, "2024-04-09", "2025-04-20"),
    ex("by Easter 2025", P, "2024-04-09", "2025-04-20"),
    ex("The ceasefire must be agreed before New Year's Eve.", "2024-12-28", "2024-12-28",
       "2024-12-30"),
    ex("The talks collapsed before Christmas.", "2025-01-10", "2024-12-25",
       target="Christmas"),
    ex("The plant was to be finished by Christmas 2020.", P, "2020-12-25",
       target="Christmas 2020"),
    ex("Talks will resume after Easter.", "2024-03-01", "2024-03-31", target="Easter"),
    # not the day
    no("the Christmas tree market"),
    no("Tourists flock to Easter Island."),
    no("Thanksgiving turkey prices rose."),
    no("He said he may day-trade."),
    no("A nor'easter hit Boston."),
    no("Families gathered for Lunar New Year."),
    no("Orthodox Easter falls later this time."),
    no("Shops sold out of Easter eggs."),
    no("The Christmas holidays are a busy time."),
    no("Christmas Island lies south of Java."),
    no("The Good Friday Agreement ended the Troubles."),
]
