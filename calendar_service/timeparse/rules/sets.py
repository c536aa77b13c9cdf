"""Recurring times (sets), typed with no range: "every week", "each year", "annually",
"weekly", "twice a year", "per month", "every Monday", "$5 a year".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..candidate import Candidate, Context
from ..examples import Example, no, typed
from ..lexicon import WEEKDAY_RE
from ..triggers import SET, anchored, guarded
from ._common import make

_SET: Final = guarded(re.compile(
    r"\b(?:(?:every|each)\s+(?:(?:other|single|two|three|four|five|six|few)\s+)?"
    rf"(?:(?:day|week|month|year|quarter|decade|morning|evening|night|weekend|summer|"
    rf"winter|spring|autumn|season)s?|{WEEKDAY_RE})"
    r"|(?:annually|yearly|monthly|weekly|daily|nightly|quarterly|biannually|biennially|"
    r"semiannually|fortnightly|hourly)"
    r"|(?:once|twice|three\s+times|four\s+times|several\s+times)\s+(?:(?:a|per|each|every)\s+)"
    r"(?:day|week|month|year|decade)"
    r"|per\s+(?:year|month|week|day|annum))\b"
))
# "-ly" adjectives before a noun describe a thing, not a time: "a quarterly dividend".
_NOUN_AFTER: Final = re.compile(
    r"\s+(?!(?:and|or|in|on|at|to|for|from|since|until|by|with|through|over|after|before|as|"
    r"basis|rather|but|while|than|until|the|a|an|into|during)\b)[a-z]"
)


@anchored(SET)
def sets(ctx: Context) -> Iterator[Candidate]:
    low = ctx.low
    for m in ctx.scan(_SET, SET):
        if m.group().endswith("ly") and _NOUN_AFTER.match(low, m.end()):
            continue
        yield make(m, None, None, "sets.set", kind="set")


RULES = (sets,)

EXAMPLES: list[Example] = [
    typed("every week", "set"),
    typed("Ministers meet annually.", "set", target="annually"),
    typed("twice a year", "set"),
    typed("each year", "set"),
    typed("Rents rise annually, the council says.", "set", target="annually"),
    typed("every Monday", "set"),
    typed("The board meets weekly.", "set", target="weekly"),
    no("The company raised its quarterly dividend."),
    no("Qantas plans daily flights to Bombay."),
    typed("quarterly", "set"),
    typed("200 flights per week", "set", target="per week"),
]
