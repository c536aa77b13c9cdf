"""Named months: "in June", "June 2024", "March of last year", "in July next year",
"last July", "next March", "this month", "next month", "last month", "later this month".

"May" and "March" double as a verb and a noun, so alone they count only after a time
preposition or determiner ("in May", "since March", "last May"); any bare month followed by
a capitalised word ("June Carter") is a name, not a date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..calmath import month_range, part_before, rest_after, shift_month
from ..candidate import Candidate, Context
from ..examples import Example, ex, no
from ..lexicon import MONTH_RE, capitalised, month_number
from ..resolve import month_for, month_occurrence, pick, this_period
from ..tense import Tense
from ..triggers import MONTH, anchored, guarded, word
from ._common import YEAR_REF_RE, make, preceded_by, year_ref

_NAMED: Final = guarded(re.compile(
    rf"(?:\b(?P<rel>(?:last|next|this|past|coming|previous))\s+)?\b(?P<m>{MONTH_RE})"
    rf"(?:,?\s+(?:(?:of)\s+)?(?P<y>{YEAR_REF_RE}))?"
))
_CUE_BEFORE: Final = re.compile(
    r"(?:\b(?:in|of|since|by|until|till|through|during|from|before|after|early|late|mid|"
    r"end of|beginning of|start of|between|and|or|to|for|on|the|this|last|next|around|"
    r"throughout|as of|until|into|late in|early in|since early|since late)[\s-]*)$"
)
# For "May"/"March" an article or conjunction is not enough ("the March on Washington").
_STRONG_CUE_BEFORE: Final = re.compile(
    r"(?:\b(?:in|of|since|by|until|till|through|during|from|before|after|early|late|mid|"
    r"end of|beginning of|start of|between|this|last|next|around|throughout|as of|into)"
    r"[\s-]*)$"
)
_NAME_AFTER: Final = re.compile(r"\s+[A-Z][a-z]")  # on the original text
# "April or May", "March and April": a month name just before is context enough.
_MONTH_BEFORE: Final = re.compile(
    rf"\b{MONTH_RE}\.?,?\s*(?:or|and|to|through|-|–|&)\s*$"
)
_AMBIGUOUS: Final = frozenset({"may", "march", "mar.", "jun", "jan", "aug", "sat", "sun"})
MONTH_WORD: Final = word("month")
_RELATIVE: Final = guarded(re.compile(
    r"\b(?P<mod>(?:later|earlier|late|early))?\s*\b(?P<rel>(?:this|next|last|the past|"
    r"the coming|the current))\s+(?:month)\b(?!s)"
))


@anchored(MONTH)
def named(ctx: Context) -> Iterator[Candidate]:
    text, low, published = ctx.text, ctx.low, ctx.published
    for m in ctx.scan(_NAMED, MONTH):
        month = month_number(m["m"])
        original = text[m.start("m"):m.end("m")]
        if month is None or not capitalised(original):
            continue
        word = m["m"]
        if m["y"] is not None:
            year = year_ref(m["y"], published)
            yield make(m, month_range(year, month), "month", "months.named")
            continue
        rel = (m["rel"] or "").lower()
        if not rel:
            if _NAME_AFTER.match(text, m.end()) and \
                    month_number(text[m.end():m.end() + 12].split()[0]) is None:
                continue
            cue = _STRONG_CUE_BEFORE if word in _AMBIGUOUS else _CUE_BEFORE
            if (word in _AMBIGUOUS or original.isupper() or original.endswith(".")) and \
                    not preceded_by(low, m.start(), cue, 20) and \
                    not preceded_by(low, m.start(), _MONTH_BEFORE, 20):
                continue
            if word == "may" and m.start() == 0:
                continue
        if rel in ("last", "past", "previous"):
            rng = pick(month_occurrence(month), published.year, published, Tense.PAST,
                       Tense.PAST)
            if rng[1] >= published:  # "last May" written in May: the May a year before
                rng = month_range(rng[0].year - 1, month)
        elif rel in ("next", "coming"):
            year = published.year if month > published.month else published.year + 1
            rng = month_range(year, month)
        elif rel == "this":
            rng = this_period(month_range(published.year, month), published,
                              ctx.tense_later(m.start(), m.end()))
        else:
            tense = ctx.tense(m.start(), m.end())
            rng = month_for(month, published, tense)
            if tense is Tense.PAST and rng[0] > published and \
                    ctx.governing_tense(m.start()) is Tense.PAST:
                rng = month_for(month, published, tense, governed=True)
        yield make(m, rng, "month", "months.named")


@anchored(MONTH_WORD)
def relative(ctx: Context) -> Iterator[Candidate]:
    published = ctx.published
    for m in ctx.scan(_RELATIVE, MONTH_WORD):
        rel = m["rel"].lower()
        mod = (m["mod"] or "").lower()
        if "next" in rel or "following" in rel or "coming" in rel:
            y, mo = shift_month(published.year, published.month, 1)
            rng = month_range(y, mo)
        elif "last" in rel or "past" in rel or "previous" in rel:
            y, mo = shift_month(published.year, published.month, -1)
            rng = month_range(y, mo)
        else:
            rng = month_range(published.year, published.month)
            if mod in ("later", "late"):
                rng = rest_after(rng, published)
            elif mod in ("earlier", "early") and rel == "this":
                rng = part_before(rng, published)
            else:
                rng = this_period(rng, published, ctx.tense_later(m.start(), m.end()))
        if mod and rel != "this":
            # "late next month": the conventions' part of the month
            first, last = (21, None) if mod in ("late", "later") else (1, 10)
            end = rng[1] if last is None else rng[0].replace(day=last)
            rng = (rng[0].replace(day=first), end)
        yield Candidate(m.start("mod") if m["mod"] else m.start("rel"), m.end(), rng[0], rng[1],
                        "month", rule="months.relative")


RULES = (named, relative)

P = "2024-04-09"
EXAMPLES: list[Example] = [
    ex("The visit is planned in May or June.", P, "2024-05-01", "2024-06-30",
       target="May or June"),
    ex("The forum is held annually in June.", P, "2024-06-01", "2024-06-30", target="June"),
    ex("Talks that began in January ended on Friday.", "2025-12-20", "2025-01-01", "2025-01-31",
       target="January"),
    ex("Macron plans a trip to India in January.", "2025-03-12", "2026-01-01", "2026-01-31",
       target="January"),
    ex("Xi is expected in Moscow in the spring, possibly in April or May.", P, "2024-04-01",
       "2024-05-31", target="April or May"),
    ex("in June", P, "2024-06-01", "2024-06-30"),
    ex("The visit will take place in December.", "2024-12-31", "2025-12-01", "2025-12-31"),
    ex("The talks will take place in January.", "2024-12-31", "2025-01-01", "2025-01-31"),
    ex("The talks took place in December.", "2025-01-01", "2024-12-01", "2024-12-31"),
    ex("The talks were held in February.", "2024-02-29", "2024-02-01", "2024-02-29"),
    ex("The talks will resume in February.", "2024-02-29", "2025-02-01", "2025-02-28"),
    ex("next month", "2024-01-31", "2024-02-01", "2024-02-29"),
    ex("last month", "2024-03-31", "2024-02-01", "2024-02-29"),
    ex("The talks will be held this month.", "2024-02-29", "2024-03-01", "2024-03-01"),
    ex("Putin and Xi plan to meet at a summit in June in Astana.", P, "2024-06-01",
       "2024-06-30"),
    ex("a BRICS summit in October in Kazan", P, "2024-10-01", "2024-10-31"),
    ex("BRICS welcomed five new members, including Egypt and Iran, in January.", P,
       "2024-01-01", "2024-01-31"),
    ex("The group expanded in January to include Egypt.", "2024-10-21", "2024-01-01",
       "2024-01-31"),
    ex("Putin, who will begin his fifth term in May, met Xi.", P, "2024-05-01", "2024-05-31",
       target="May"),
    ex("The war started in February 2022.", P, "2022-02-01", "2022-02-28"),
    ex("June 2024", P, "2024-06-01", "2024-06-30"),
    # broadcast transcripts spell the year out
    ex("in January nineteen ninety-seven", "1998-02-27", "1997-01-01", "1997-01-31"),
    ex("In May nineteen eighty, the party won.", P, "1980-05-01", "1980-05-31"),
    ex("in March of last year", "2023-05-01", "2022-03-01", "2022-03-31"),
    ex("in July next year", P, "2025-07-01", "2025-07-31"),
    ex("last July", "2024-06-20", "2023-07-01", "2023-07-31"),
    ex("Kazakhstan took over the chairmanship last July.", "2024-06-20", "2023-07-01",
       "2023-07-31"),
    ex("next March", P, "2025-03-01", "2025-03-31"),
    ex("last month", P, "2024-03-01", "2024-03-31"),
    ex("last month", "2024-01-15", "2023-12-01", "2023-12-31"),
    ex("next month", "2024-12-31", "2025-01-01", "2025-01-31"),
    ex("The visit will take place this month.", "2023-09-05", "2023-09-01", "2023-09-30"),
    ex("Sales rose this month.", "2023-09-05", "2023-09-01", "2023-09-30"),
    ex("later this month", "2024-02-28", "2024-02-29", "2024-02-29"),
    ex("earlier this month", "2024-02-29", "2024-02-01", "2024-02-28"),
    ex("Earlier this month, a group of directors made an offer.", "1989-11-01", "1989-11-01",
       target="Earlier this month"),  # written on the 1st: that day, not nothing
    ex("The talks will be held in April.", P, "2024-04-01", "2024-04-30"),
    ex("The talks were held in April.", P, "2024-04-01", "2024-04-30"),
    ex("He will travel there in January.", "2023-12-20", "2024-01-01", "2024-01-31"),
    ex("He travelled there in December.", "2024-01-02", "2023-12-01", "2023-12-31"),
    ex("Putin's state visit to Beijing in May", "2024-07-03", "2024-05-01", "2024-05-31"),
    ex("since March", P, "2024-03-01", "2024-03-31"),
    ex("September", "1989-10-26", "1989-09-01", "1989-09-30"),
    ex("January", "1997-12-20", "1998-01-01", "1998-01-31"),
    ex("January", "1997-06-20", "1997-01-01", "1997-01-31"),
    ex("Kazakhstan took over in September, the ministry said.", "1990-08-16", "1990-09-01",
       "1990-09-30"),
    ex("The vote is set for January.", "1997-12-20", "1998-01-01", "1998-01-31"),
    ex("the June date", "2024-06-20", "2024-06-01", "2024-06-30"),
    ex("late next month", "2024-01-15", "2024-02-21", "2024-02-29"),
    ex("Feb. 2024", P, "2024-02-01", "2024-02-29"),
    no("May I ask a question?"),
    no("They may meet again."),
    no("Protesters march through the city."),
    no("The Long March was a retreat."),
    no("June Carter sang the song."),
    no("They joined the March on Washington."),
    no("Officials said they may consider it."),
]
