"""Durations, typed with no range: "three years", "a two-day visit", "the past two months",
"the first nine months", "several weeks", "24 hours", "for years", "a week".
`length_days` carries the length (months = 30 days, years = 365: approximate on purpose).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..candidate import Candidate, Context
from ..examples import Example, ex, no, typed
from ..lexicon import NUM_WORD_RE, NUMBER_WORDS, number_value
from ..triggers import UNIT, anchored, guarded

_UNIT_DAYS: Final[dict[str, float]] = {
    "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "night": 1, "week": 7, "fortnight": 14,
    "month": 30, "quarter": 91, "year": 365, "decade": 3652, "century": 36524,
}
# Unit first (one cheap test per position); the number and determiner before it are read
# back from the text with the two anchored patterns below.
_DURATION: Final = guarded(re.compile(
    r"(?P<unit>minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|"
    r"decades?|centur(?:y|ies))\b(?:[\s-]+(?:long|old|running))?(?!-(?:old|olds))"
))
_NUMBER_BEFORE: Final = re.compile(
    rf"(?<![\w.,])(?P<n>{NUM_WORD_RE}|\d+(?:\.\d+)?|\d+\s+1/2)[\s-]+"
    r"(?P<half>and\s+a\s+half[\s-]+)?$"
)
_DET_BEFORE: Final = re.compile(
    r"\b(?:the\s+(?:past|last|first|next|previous|preceding|final|latest|following|coming|"
    r"same|full|entire|whole)|the|over\s+the\s+(?:past|last)|for\s+the\s+(?:past|last))\s+$"
)
_PLURAL_ONLY: Final = guarded(re.compile(
    r"\b(?P<pre>(?:for|over|in|within|after|many|several|some|recent|past|the\s+past))\s+"
    r"(?:(?:many|several|the\s+past|the\s+last)\s+)?(?P<unit>(?:years|decades|months|weeks|"
    r"centuries))\b(?!\s+(?:ago|earlier|later))"
))


_RATE_BEFORE: Final = re.compile(
    r"(?:\d|million|billion|thousand|hundred|(?!(?:was|has|this|its|is|as|less|plus)\s)"
    r"[a-z]{2,}s)\s+$"
)


# Last words of the numbers NUM_WORD_RE knows ("a couple of", "and a half", "twenty-four").
_NUMBER_ENDINGS: Final = frozenset(
    w.split()[-1] for w in NUMBER_WORDS
) | {"half", "1/2"}


@anchored(UNIT)
def durations(ctx: Context) -> Iterator[Candidate]:
    low = ctx.low
    for m in ctx.scan(_DURATION, UNIT):
        if m.start() and low[m.start() - 1].isalpha():
            continue
        last = low[max(0, m.start() - 14):m.start()].replace("-", " ").split()
        if not last or not (last[-1][-1].isdigit() or last[-1] in _NUMBER_ENDINGS):
            continue  # cheap test first: "the year", "last week" have no number before
        number = _NUMBER_BEFORE.search(low, max(0, m.start() - 32), m.start())
        if number is None:
            continue
        raw = number["n"]
        n: float | None
        if " 1/2" in raw:
            n = int(raw.split()[0]) + 0.5
        elif raw.replace(".", "", 1).isdigit():
            n = float(raw)
        else:
            n = number_value(raw)
        if n is None or n > 10000:
            continue
        if number["half"]:
            n += 0.5
        unit = m["unit"].lower()
        if raw in ("a", "an") and (_RATE_BEFORE.search(low, max(0, number.start() - 20),
                                                       number.start())
                                   or (unit == "quarter" and low.startswith(" of", m.end()))):
            continue  # "$5 a year", "four flights a week": a rate; "a quarter of": a share
        if m.group().endswith("old") or low.startswith("-old", m.end()):
            continue  # an age ("52 years old"), not a span of time
        if unit.startswith("quarter") and "-" in low[number.end("n"):m.start()]:
            continue  # "three-quarters": a fraction
        unit = "century" if unit.startswith("centur") else unit.rstrip("s")
        length = max(1, round(n * _UNIT_DAYS[unit])) if unit not in ("minute", "hour") else None
        det = _DET_BEFORE.search(low, max(0, number.start() - 22), number.start())
        start = det.start() if det is not None else number.start()
        yield Candidate(start, m.end(), None, None, None, "duration", length,
                        "durations.counted")


@anchored(UNIT)
def plural_only(ctx: Context) -> Iterator[Candidate]:
    for m in ctx.scan(_PLURAL_ONLY, UNIT):
        pre = m["pre"].lower()
        start = m.start("unit") if pre in ("for", "over", "in", "within", "after") else m.start()
        yield Candidate(start, m.end(), None, None, None, "duration", None,
                        "durations.plural")


RULES = (durations, plural_only)

EXAMPLES: list[Example] = [
    ex("The forum takes place over three days starting on June 5.", "2025-03-12", "2025-06-05",
       "2025-06-07", target="June 5"),
    ex("The fair runs for four days ending on Sunday, June 8.", "2025-03-12", "2025-06-05",
       "2025-06-08", target="Sunday, June 8"),
    typed("three years", "duration"),
    typed("a two-day visit", "duration", target="two-day"),
    typed("The minister began a three-day stay.", "duration", target="three-day"),
    typed("the past two months", "duration"),
    typed("the first nine months", "duration"),
    typed("several weeks", "duration"),
    typed("the last twenty four hours", "duration"),
    typed("a five year low", "duration", target="five year"),
    typed("for years", "duration", target="years"),
    typed("a week", "duration"),
    typed("18 months", "duration"),
    typed("two and a half years", "duration"),
    typed("the past year", "duration"),
    typed("the past week", "duration"),
    typed("a six-day trip", "duration", target="six-day"),
    no("Mr. Reupke, 52 years old, resigned."),
    no("a 136-year-old institution"),
    no("Iraq imports about three-quarters of its food."),
    no("The plan saves $500 million a year, officials say."),
    no("Qantas runs four flights a week to Bombay."),
    no("It holds more than a quarter of the market."),
    typed("It was a week of turmoil.", "duration", target="a week"),
]
