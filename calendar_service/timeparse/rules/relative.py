"""Days and weeks relative to the publication date: "today", "tomorrow", "yesterday",
"on Tuesday", "next Tuesday", "last Friday", "this week", "next week", "last week",
"later this week", "this weekend", "two weeks ago", "three days ago", "a month ago",
and anaphoric offsets resolved against the previous date in the text: "the following day",
"a day later", "the day before", "a year earlier", "the same period a year earlier".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Final

from ..calmath import (
    add_months,
    add_years,
    last_day,
    month_range,
    part_before,
    rest_after,
    week_range,
    year_range,
)
from ..candidate import Candidate, Context
from ..conventions import WEEK_PARTS
from ..examples import Example, ex, no
from ..lexicon import NUM_WORD_RE, WEEKDAY_RE, capitalised, number_value, weekday_number
from ..model import TimeMention
from ..resolve import this_week, weekday_day
from ..tense import Tense
from ..triggers import AGO, DEICTIC, SPACE, UNIT, WEEKDAY, anchored, guarded, word
from ._common import make, relinker, single_day

_DEICTIC: Final = guarded(re.compile(
    r"\b(?P<w>(?:the day before yesterday|the day after tomorrow|today|tomorrow|yesterday|"
    r"tonight))\b"
))
_WEEKDAY: Final = guarded(re.compile(
    rf"(?:\b(?P<rel>(?:next|last|this|coming|past|previous|the following|the previous|"
    rf"the next))\s+)?\b(?P<wd>{WEEKDAY_RE})(?!\s+(?:times|telegraph|post|mail|express|herald|"
    rf"mirror|independent|observer|tribune|night football|agreement|bloody)\b)"
))
# "the Sunday Times", "Black Friday Sale" -- but not "On Tuesday President Xi ..."
_NAME_AROUND: Final = re.compile(
    r"(?:\b[Tt]he|\b(?!(?:On|By|From|Until|Till|Since|Before|After|Last|Next|This|Every|Each|"
    r"Through|And|Or|But|Late|Early|Until|Of|At|In|For|That|Since)\b)[A-Z][a-z]+)\s+$"
)
_CAPITAL_AFTER: Final = re.compile(r"\s+[A-Z][a-z]")
_TITLE_CASE: Final = re.compile(r"[A-Z][a-z]+\s+[A-Z][a-z]+")
_WEEK: Final = guarded(re.compile(
    r"\b(?P<mod>(?:later|earlier|late|early|(?:later|earlier)\s+in|(?:at\s+)?the\s+(?:end|"
    r"beginning|start|middle)\s+of))?\s*\b(?P<rel>(?:this|next|last|the past|"
    r"the coming|the current|the|over the))\s+"
    r"(?P<unit>(?:week|weekend))\b(?!s|-)(?!\s+(?:ago|earlier|later|before))"
    r"(?P<after_next>\s+after\s+next\b)?"
))
_AGO: Final = guarded(re.compile(
    rf"\b(?:(?P<n>{NUM_WORD_RE})[\s-]+)?(?P<unit>days?|weeks?|months?|years?|decades?)"
    r"(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|previously|from now|hence)\b"
))
# "months ago", "years earlier" with no number: a window back from publication.
_VAGUE_AGO_DAYS: Final[dict[str, tuple[int, int | None]]] = {
    "days": (2, 14), "weeks": (7, 56), "months": (30, 365), "years": (365, None),
    "decades": (3650, None),
}
# A match can start with the white space before a bare unit (" day"); anaphoric() drops a
# unit with neither "the"/"that" nor "following"... before it, and the same bare unit then
# matches one character on, to the same end: white space need not open a match.
_ANAPHORIC: Final = guarded(re.compile(
    # "the day after" first: "the day" alone would take its place (leftmost alternative wins)
    # ("the day after the election" is dated by the election, not by the text's last date)
    r"\b(?P<w2>the day before|the day after)\b(?!\s+(?:the|a|an|his|her|its|their|this|that|"
    r"[a-z]+'s)\b)"
    r"|\b(?:(?P<the>the|that)\s+)?(?P<w>following|next|previous|preceding|same|prior)?\s*"
    r"(?P<unit>day|morning|evening|night|week|month|year)\b(?!s|-|'s\s+(?:end|low|high))"
    r"|\b(?P<w5>(?:earlier|later)\s+(?:in\s+the|that)\s+day)\b"
    r"|\b(?:the\s+)?(?P<w3>(?:year-earlier|year-ago|year-before))(?:\s+(?:period|quarter|"
    r"month|level|figure|results?))?\b"
    r"|\b(?:the\s+)?(?:same\s+(?:period|quarter|month|time|week))\s+(?P<w4>(?:a\s+year\s+"
    r"(?:earlier|ago|before)|last\s+year))"
), not_first=SPACE)

_REPORTING_PERIODS: Final = frozenset({"quarter", "half"})
_ANY_PERIOD: Final = frozenset({"day", "month", "quarter", "half", "season", "year"})
_UNIT_DAYS: Final[dict[str, int]] = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}


@anchored(DEICTIC)
def deictic(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_DEICTIC, DEICTIC):
        w = m["w"].lower()
        offset = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1,
                  "the day before yesterday": -2, "the day after tomorrow": 2}[w]
        day = published + timedelta(days=offset)
        yield make(m, (day, day), "day", "relative.deictic", kind="time" if w == "tonight"
                   else "date")


@anchored(WEEKDAY)
def weekdays(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_WEEKDAY, WEEKDAY):
        wd = weekday_number(m["wd"])
        if wd is None or (m["wd"].endswith(".") and
                          not capitalised(ctx.text[m.start("wd"):m.end("wd")])):
            continue
        rel = (m["rel"] or "").lower()
        if not rel and _NAME_AROUND.search(ctx.text, max(0, m.start() - 20), m.start()) and \
                _CAPITAL_AFTER.match(ctx.text, m.end()):
            continue  # "the Sunday Times", "Black Friday Sale": part of a name
        if rel in ("next", "the next", "coming", "the following"):
            day = published + timedelta(days=(wd - published.weekday() - 1) % 7 + 1)
        elif rel in ("last", "past", "previous", "the previous"):
            day = published - timedelta(days=(published.weekday() - wd - 1) % 7 + 1)
        elif rel == "this":
            day = week_range(published)[0] + timedelta(days=wd)
        else:
            day = weekday_day(wd, published, ctx.tense(m.start(), m.end()), default=Tense.PAST)
        cand = make(m, (day, day), "day", "relative.weekday")
        if rel in ("the following", "the previous"):
            # anaphoric: "the previous Friday" after a dated day is the Friday before it
            cand.relink = relinker(cand, lambda prev, w=wd, back=rel == "the previous":
                                    _weekday_from(prev, w, back))
        yield cand


def _weekday_from(prev: TimeMention, weekday: int, back: bool):
    """The weekday just before (or after) a previous date of one day; None otherwise (a time
    of day, "overnight", is a weaker anchor than the day the story is about)."""
    day = single_day(prev)
    if prev.kind != "date" or day is None:
        return None
    if back:
        day -= timedelta(days=(day.weekday() - weekday - 1) % 7 + 1)
    else:
        day += timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)
    return (day, day), "day"


@anchored(word("week"), word("weekend"))
def weeks(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_WEEK, word("week"), word("weekend")):
        rel, unit = m["rel"].lower(), m["unit"].lower()
        mod = _week_mod(m["mod"])
        start = m.start("mod") if m["mod"] else m.start("rel")
        if rel == "the past" and unit == "week" and not mod:
            yield Candidate(start, m.end(), None, None, None, "duration", 7, "relative.week")
            continue
        if unit == "weekend" and rel in ("the", "over the") and not m["after_next"]:
            yield Candidate(start, m.end(), *_the_weekend(published, ctx.tense(m.start(),
                                                                                 m.end())),
                            "weekend", rule="relative.weekend")
            continue
        if _TITLE_CASE.fullmatch(ctx.text, m.start("rel"), m.end("unit")) and m.start() > 0 and \
                ctx.text[m.start() - 2] not in ".\n":
            continue  # "This Week", a programme's name
        shift = 0
        if m["after_next"]:  # "the week after next"
            shift = 14
        elif any(w in rel for w in ("next", "coming")):
            shift = 7
        elif rel in ("last", "the past"):
            shift = -7
        monday, sunday = week_range(published + timedelta(days=shift))
        if unit == "weekend":
            sat = monday + timedelta(days=5)
            if shift == 0 and published.weekday() == 6 and \
                    ctx.tense(m.start(), m.end()) is Tense.FUTURE:
                sat += timedelta(days=7)
            yield Candidate(start, m.end(), sat, sat + timedelta(days=1), "weekend",
                            rule="relative.weekend")
            continue
        rng = (monday, sunday)
        if mod in WEEK_PARTS:  # "early next week", "at the end of the week"
            first, last = WEEK_PARTS[mod]
            rng = (monday + timedelta(days=first), monday + timedelta(days=last))
        elif shift == 0:
            if mod == "later":  # forward-looking in its own words: the days still to come
                rng = this_week(published, lambda: Tense.FUTURE)
                rng = rest_after(rng, published)
            elif mod == "earlier":
                rng = part_before(rng, published)
            else:
                rng = this_week(published, ctx.tense_later(m.start(), m.end()))
        yield Candidate(start, m.end(), rng[0], rng[1], "week", rule="relative.week")


def _week_mod(mod: str | None) -> str:
    """"later in" -> "later", "at the end of" -> "end"."""
    if not mod:
        return ""
    words = mod.lower().split()
    return words[0] if words[0] in ("later", "earlier", "late", "early") else words[-2]


def _the_weekend(published: date, tense: Tense) -> tuple[date, date]:
    """"over the weekend": the one just past in a report, the coming one in a plan."""
    weekday = published.weekday()
    if tense is Tense.FUTURE:
        sat = published + timedelta(days=(5 - weekday) % 7 if weekday != 6 else 6)
    else:
        sat = published - timedelta(days=(weekday - 5) % 7)
    return sat, sat + timedelta(days=1)


@anchored(AGO)
def ago(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_AGO, AGO):
        if m["n"] is None:
            vague = _VAGUE_AGO_DAYS.get(m["unit"])
            if vague is not None and m["dir"] == "ago":
                near, far = vague
                lo = None if far is None else ctx.published - timedelta(days=far)
                yield Candidate(m.start(), m.end(), lo, ctx.published - timedelta(days=near),
                                "window", rule="relative.ago")
            continue
        n = number_value(m["n"])
        if n is None or n > 1000:
            continue
        unit = m["unit"].lower().rstrip("s")
        direction = m["dir"].lower()
        sign = 1 if direction in ("later", "after", "from now", "hence") else -1
        anaphoric = direction in ("earlier", "later", "before", "after", "previously")

        def shifted(anchor: date, n: int = n, unit: str = unit, sign: int = sign
                    ) -> tuple[tuple[date, date], str]:
            if unit == "day":
                d = anchor + timedelta(days=sign * n)
                return (d, d), "day"
            if unit == "week":
                return week_range(anchor + timedelta(days=sign * 7 * n)), "week"
            if unit == "month":
                d = add_months(anchor, sign * n)
                return month_range(d.year, d.month), "month"
            years = n * (10 if unit == "decade" else 1)
            return year_range(anchor.year + sign * years), "year"

        rng, gran = shifted(ctx.published)
        cand = make(m, rng, gran, "relative.ago")  # type: ignore[arg-type]
        # "up from $5 a year ago": after a quarter, the same quarter a year before
        if anaphoric or (unit == "year" and n == 1):
            # "a year earlier" shifts whatever was just dated; "a year ago" is read from the
            # publication date unless it follows a quarter or half ("profit ... a year ago")
            periods = _ANY_PERIOD if anaphoric else _REPORTING_PERIODS
            cand.relink = relinker(cand, lambda prev, s=shifted, u=unit, n=n, sg=sign,
                                    p=periods: _shift_mention(prev, u, sg * n, s, p))
        yield cand


def _shift_mention(prev: TimeMention, unit: str, n: int, shifted,
                   periods: frozenset[str] = frozenset({"quarter", "half"})):
    """Shift the previous mention by n units: "two days later" after a day, "a year earlier"
    after a quarter or half (the same period a year before). Otherwise None: the phrase is
    then read from the publication date."""
    if prev.earliest is None or prev.latest is None:
        return None
    if unit == "day":
        if prev.granularity != "day" or prev.earliest != prev.latest:
            return None
        return (prev.earliest + timedelta(days=n),) * 2, "day"
    if unit in ("week", "month"):
        return shifted(prev.earliest) if prev.granularity in ("day", unit) else None
    if unit == "year" and n in (-1, 1) and prev.granularity in periods:
        lo, hi = add_years(prev.earliest, n), add_years(prev.latest, n)
        if prev.granularity == "month":
            hi = hi.replace(day=last_day(hi.year, hi.month))  # February in a leap year
        return (lo, hi), prev.granularity
    return None


_ORDER: Final[dict[str, int]] = {"day": 0, "week": 1, "month": 2, "quarter": 3, "half": 4,
                                 "season": 3, "year": 5}


def _step(day: date, unit: str, n: int) -> date:
    if unit == "day":
        return day + timedelta(days=n)
    if unit == "week":
        return day + timedelta(days=7 * n)
    if unit == "month":
        return add_months(day, n)
    return add_years(day, n)


def _period(day: date, unit: str) -> tuple[date, date]:
    if unit == "day":
        return day, day
    if unit == "week":
        return week_range(day)
    if unit == "month":
        return month_range(day.year, day.month)
    return year_range(day.year)


def _from_previous(prev: TimeMention, unit: str, n: int):
    """"the following month" after "in March": April; only from a period no coarser."""
    if prev.earliest is None or _ORDER.get(prev.granularity or "", 9) > _ORDER[unit]:
        return None
    if unit == "day" and prev.earliest != prev.latest:
        return None
    return _period(_step(prev.earliest, unit, n), unit), unit


@anchored(UNIT)
def anaphoric(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_ANAPHORIC, UNIT):
        if m["unit"] is not None:
            unit = "day" if m["unit"] in ("morning", "evening", "night") else m["unit"]
            w = m["w"] or ""
            the = m["the"] or ""
            if the == "that" and w:
                continue
            if not (w or the == "that") or (unit != "day" and not the):
                continue  # "next week" is deictic (relative.weeks); "the year" is years'
            n = 1 if w in ("following", "next") else -1 if w in ("previous", "preceding",
                                                                   "prior") else 0
            rng = _period(_step(published, unit, n), unit)
            cand = make(m, rng, unit, "relative.anaphoric")  # type: ignore[arg-type]
            cand.relink = relinker(cand, lambda prev, u=unit, n=n: _from_previous(prev, u, n))
            yield cand
            continue
        if m["w5"] is not None:  # "earlier in the day": the day the text is about
            cand = make(m, (published, published), "day", "relative.anaphoric")
            cand.relink = relinker(cand, lambda prev: _from_previous(prev, "day", 0))
            yield cand
            continue
        if m["w2"] is not None:
            n = 1 if m["w2"] == "the day after" else -1
            day = published + timedelta(days=n)
            cand = make(m, (day, day), "day", "relative.anaphoric")
            cand.relink = relinker(cand, lambda prev, n=n: _from_previous(prev, "day", n))
            yield cand
            continue
        # "the year-earlier quarter", "the same period a year earlier"
        rng = year_range(published.year - 1)
        cand = make(m, rng, "year", "relative.year_earlier")
        cand.relink = relinker(cand, lambda prev: _shift_mention(
            prev, "year", -1, lambda d: (year_range(d.year - 1), "year")))
        yield cand


RULES = (deictic, weekdays, weeks, ago, anaphoric)

P = "2024-04-09"  # Tuesday
EXAMPLES: list[Example] = [
    ex("today", P, "2024-04-09"),
    ex("next week", "2024-12-30", "2025-01-06", "2025-01-12"),
    ex("last week", "2024-01-01", "2023-12-25", "2023-12-31"),
    ex("last week", "2024-03-03", "2024-02-19", "2024-02-25"),
    ex("The envoy will arrive this week.", "2024-03-03", "2024-03-04", "2024-03-10"),
    ex("The envoy will arrive this week.", "2024-02-26", "2024-02-26", "2024-03-03"),
    ex("next Monday", "2024-02-26", "2024-03-04"),
    ex("last Thursday", "2024-03-01", "2024-02-29"),
    ex("The ministers will meet on Thursday.", "2024-02-26", "2024-02-29"),
    ex("The ministers met on Saturday.", "2024-01-01", "2023-12-30"),
    ex("Over the weekend, officials confirmed the plan.", "1990-08-13", "1990-08-11",
       "1990-08-12"),
    ex("The talks will continue over the weekend.", "2024-04-11", "2024-04-13",
       "2024-04-14"),
    ex("yesterday", "2025-01-01", "2024-12-31"),
    ex("tomorrow", "2024-02-28", "2024-02-29"),
    ex("yesterday", "2024-03-01", "2024-02-29"),
    ex("tomorrow", "2024-12-31", "2025-01-01"),
    ex("the day after tomorrow", P, "2024-04-11"),
    ex("Xi met Lavrov on Tuesday in Beijing.", P, "2024-04-09"),
    ex("The two leaders would hold talks in Beijing on Thursday.", "2024-05-14", "2024-05-16"),
    ex("Xi is expected to meet Putin on Tuesday, the first day of the gathering.",
       "2024-10-21", "2024-10-22"),
    ex("The ministry said on Thursday.", "2024-06-20", "2024-06-20"),
    ex("The SCO leaders are due to sign the declaration when the summit closes on Thursday.",
       "2024-07-03", "2024-07-04"),
    ex("The leaders met on Wednesday.", "2024-07-03", "2024-07-03"),
    ex("Shares fell Friday.", "1989-10-30", "1989-10-27"),
    ex("The minister arrived on Sunday.", "2024-01-01", "2023-12-31"),
    ex("He will arrive on Monday.", "2023-12-31", "2024-01-01"),
    ex("next Thursday", "2023-03-24", "2023-03-30"),
    ex("next Tuesday", P, "2024-04-16"),
    ex("last Friday", P, "2024-04-05"),
    ex("last Tuesday", P, "2024-04-02"),
    ex("this Friday", P, "2024-04-12"),
    ex("next week", P, "2024-04-15", "2024-04-21"),
    ex("next week", "2024-12-29", "2024-12-30", "2025-01-05"),
    ex("last week", P, "2024-04-01", "2024-04-07"),
    ex("He was sworn in last week.", "2024-05-14", "2024-05-06", "2024-05-12"),
    ex("The envoy will arrive this week.", P, "2024-04-08", "2024-04-14"),
    ex("The envoy will arrive this week.", "2024-04-14", "2024-04-15", "2024-04-21"),
    ex("Markets fell this week.", P, "2024-04-08", "2024-04-14"),
    ex("later this week", "2024-02-27", "2024-02-28", "2024-03-03"),
    ex("earlier this week", "2024-02-29", "2024-02-26", "2024-02-28"),
    ex("earlier this week", "2024-02-26", "2024-02-26", "2024-02-26"),  # written on a Monday
    # a schedule in the simple present is a plan; after "did not" it is not
    ex("The two leaders meet on Monday in Geneva.", "2025-03-12", "2025-03-17",
       target="Monday"),
    ex("Talks resume Tuesday.", "2025-03-12", "2025-03-18", target="Tuesday"),
    ex("The two leaders did not meet on Monday.", "2025-03-12", "2025-03-10", target="Monday"),
    ex("The delegation arrives tomorrow and leaves on Sunday.", "2025-03-12", "2025-03-16",
       target="Sunday"),
    ex("The minister will visit later in the week.", "2025-03-12", "2025-03-13", "2025-03-16",
       target="later in the week"),
    ex("The results will be known at the end of the week.", "2025-03-12", "2025-03-14",
       "2025-03-16", target="at the end of the week"),
    ex("early next week", "2025-03-12", "2025-03-17", "2025-03-18"),
    ex("late next week", "2025-03-12", "2025-03-21", "2025-03-23"),
    ex("the middle of next week", "2025-03-12", "2025-03-19", "2025-03-20"),
    ex("The talks are planned for the week of May 13.", "2025-03-12", "2025-05-12", "2025-05-18",
       target="the week of May 13"),
    ex("the weekend of June 7-8", "2025-03-12", "2025-06-07", "2025-06-08"),
    ex("the weekend of June 7", "2025-03-12", "2025-06-07", "2025-06-08"),
    ex("The minister will arrive Thursday next week.", "2025-03-12", "2025-03-20",
       target="Thursday next week"),
    ex("on Monday of next week", "2025-03-12", "2025-03-17"),
    ex("The vote is scheduled for the week after next.", "2025-03-12", "2025-03-24",
       "2025-03-30", target="the week after next"),
    ex("the weekend after next", "2025-03-12", "2025-03-29", "2025-03-30"),
    ex("this weekend", P, "2024-04-13", "2024-04-14"),
    ex("last weekend", P, "2024-04-06", "2024-04-07"),
    ex("two weeks ago", P, "2024-03-25", "2024-03-31"),
    ex("three days ago", "2024-03-02", "2024-02-28"),
    ex("a month ago", "2024-03-31", "2024-02-01", "2024-02-29"),
    ex("two years ago", "1989-10-26", "1987-01-01", "1987-12-31"),
    ex("a decade ago", P, "2014-01-01", "2014-12-31"),
    ex("a week or so ago", P, "2024-04-01", "2024-04-07"),
    ex("The company, which just months ago was failing, now thrives.", P, "2023-04-10",
       "2024-03-10", target="months ago"),
    ex("years ago", P, "", "2023-04-10"),
    ex("The talks opened on May 16, 2024, and ended two days later.", P, "2024-05-18",
       target="two days later"),
    ex("He arrived on March 3 and left the following day.", P, "2024-03-04",
       target="the following day"),
    ex("Profit rose in the third quarter, up from a year earlier.", "1989-10-26",
       "1988-07-01", "1988-09-30", target="a year earlier"),
    ex("a year ago", "1989-10-26", "1988-01-01", "1988-12-31"),
    ex("Assets stood at $5 billion on Sept. 30, up from $4 billion a year earlier.",
       "1989-10-26", "1988-09-30", target="a year earlier"),
    ex("Sales in February rose 3% from a year earlier.", "2025-03-10", "2024-02-01",
       "2024-02-29", target="a year earlier"),
    ex("Sales were flat in the third quarter, compared with the year-earlier period.",
       "1989-10-26", "1988-07-01", "1988-09-30", target="the year-earlier period"),
    # a year or a reporting period of months after the quarter: the quarter is left behind
    ex("Profit rose in the third quarter. For the nine months, net rose from $3 a year "
       "earlier.", "1989-10-26", "1988-01-01", "1988-12-31", target="a year earlier"),
    ex("Profit rose in the third quarter. Sales for all of this year will rise to $5 from $4 "
       "last year.", "1989-10-26", "1988-01-01", "1988-12-31", target="last year"),
    ex("the following day", P, "2024-04-10"),
    ex("The leaders met on March 3. Earlier in the day, the ministers had talked.", P,
       "2024-03-03", target="Earlier in the day"),
    ex("later that day", P, "2024-04-09"),
    no("They met the day before the summit."),
    ex("He arrived on Monday, March 4. The following day he met the king, and he left the day "
       "after.", P, "2024-03-06", target="the day after"),
    ex("Stocks crashed on Friday, Oct. 13; the previous Friday they had risen.", "1989-10-30",
       "1989-10-06", target="the previous Friday"),
    ex("He arrived on Tuesday, May 14, and met the president the following Monday.",
       "2024-05-10", "2024-05-20", target="the following Monday"),
    ex("the previous Friday", "1989-10-30", "1989-10-27"),  # nothing dated before it
    ex("On Tuesday President Trump cancelled the trip.", "2019-08-21", "2019-08-20"),
    no("He reads the Sunday Times."),
    no("He writes for the Sunday Herald."),
    no("The Black Friday Sale drew shoppers."),
]
