"""Recurring times (sets), typed with no range: "every week", "each year", "annually",
"weekly", "twice a year", "per month", "every Monday", "$5 a year".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..candidate import Candidate, Context
from ..examples import Example, typed
from ..lexicon import WEEKDAY_RE
from ..triggers import SET, UNIT
from ._common import make

_SET: Final = re.compile(
    r"\b(?:(?:every|each)\s+(?:(?:other|single|two|three|four|five|six|few)\s+)?"
    rf"(?:(?:day|week|month|year|quarter|decade|morning|evening|night|weekend|summer|"
    rf"winter|spring|autumn|season)s?|{WEEKDAY_RE})"
    r"|(?:annually|yearly|monthly|weekly|daily|nightly|quarterly|biannually|biennially|"
    r"semiannually|fortnightly|hourly)"
    r"|(?:once|twice|three\s+times|four\s+times|several\s+times)\s+(?:(?:a|per|each|every)\s+)"
    r"(?:day|week|month|year|decade)"
    r"|(?:per|a)\s+(?:year|month|week|day|annum)(?=\W*(?:$|[.,;:)]|\s+(?:and|or|in|for|to|"
    r"from|on|at|by|with|until|since|over|after|before|compared|through)\b)))\b"
)
_AMOUNT_BEFORE: Final = re.compile(r"(?:\d|percent|%|dollars|euros|pounds|times|cents)\s*$")


def sets(ctx: Context) -> Iterator[Candidate]:
    text = ctx.low
    for m in ctx.scan(_SET, SET, UNIT):
        phrase = m.group(0).lower()
        if phrase.startswith(("a ", "per ")) and phrase.split()[0] == "a" and \
                _AMOUNT_BEFORE.search(text, max(0, m.start() - 20), m.start()) is None:
            continue  # "a year" alone is a duration; "$5 a year" is a rate
        yield make(m, None, None, "sets.set", kind="set")


RULES = (sets,)

EXAMPLES: list[Example] = [
    typed("every week", "set"),
    typed("Ministers meet annually.", "set", target="annually"),
    typed("twice a year", "set"),
    typed("each year", "set"),
    typed("The fee is $5 a year.", "set", target="a year"),
    typed("every Monday", "set"),
    typed("a weekly meeting", "set", target="weekly"),
    typed("quarterly", "set"),
    typed("200 flights per week", "set", target="per week"),
]
