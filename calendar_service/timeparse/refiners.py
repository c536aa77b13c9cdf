"""Refiners: run after the rules, on the chosen mentions in text order.

- `select`: keep the longest of overlapping candidates (earlier rule wins a tie).
- `relink`: resolve anaphoric phrases ("the following day", "a year earlier") against the
  previous dated mention.
- `merge_ranges`: "from Monday to Wednesday", "between March 2023 and June 2024" -> one range;
  alternatives "in May or June", "late 2025 or early 2026" -> the range that bounds both;
  "between now and the end of the year" -> from publication to its end.
  A week named by a day or a weekday by its week: "the week of May 13" -> that Monday..Sunday,
  "the weekend of June 8-9" -> those days, "Thursday next week" -> that Thursday.
- `attach_times`: "3 p.m. on Friday", "Friday at 10:30 a.m." -> one time mention on that day.
- `apply_lengths`: "a two-day visit starting Tuesday" -> Tuesday..Wednesday (only a length
  that measures an event: visit, trip, summit, talks...);
  "a six-day trip ending on Sunday" -> the six days up to Sunday; a length right before its
  day counts too: "over three days starting on June 5" -> June 5..7.
"""

from __future__ import annotations

import bisect
import re
from datetime import timedelta
from typing import Final

from .candidate import Candidate

_RANGE_CONNECTOR: Final = re.compile(r"\s*(?:-|–|—|(?i:to|through|until|till|and))\s*$")
_RANGE_OPENER: Final = re.compile(r"(?i:\b(?:from|between)\s+)$")
_OF: Final = re.compile(r"\s+of\s+")
_WEEKDAY_OF_WEEK: Final = re.compile(r"\s+(?:of\s+)?")
_MAX_CONNECTOR: Final = 12
_ALTERNATIVE: Final = re.compile(r"\s*,?\s*(?i:or)\s+(?:(?i:in|on|at)\s+)?")
# Alternatives further apart than this are two dates, not one uncertain one.
_MAX_ALTERNATIVE_GAP: Final = timedelta(days=366)
_COARSENESS: Final = ("day", "week", "weekend", "month", "season", "quarter", "half", "year",
                      "decade", "century")
_TIME_DATE_GLUE: Final = re.compile(r"\s*(?:,|(?i:on|at|,\s*on|,\s*at))?\s*$")
_START_CUE: Final = re.compile(
    r"(?i:\b(?:starting|beginning|from|opening|that\s+(?:starts|begins|opens))\s+(?:on\s+)?)$"
)
_END_CUE: Final = re.compile(r"(?i:\b(?:ending|that\s+ends|concluding)\s+(?:on\s+)?)$")
# A length gives an event's span only when it measures an event: "a two-day visit".
_EVENT_AFTER: Final = re.compile(
    r"\s+(?:(?:state|official|working|private)\s+)?(?i:visit|trip|tour|stay|summit|meeting|"
    r"talks|conference|session|mission|journey|forum|event|festival|gathering|exercises?)\b"
)
_MAX_RELINK_DISTANCE: Final = 600
_PERIOD_BARRIERS: Final = frozenset({"year", "decade", "century"})
_PERIOD_BEFORE: Final = re.compile(r"(?i:\b(?:the|first|latest|last|past)\s+)$")
_PERIOD_START: Final = re.compile(r"(?i:the|first|latest)\s")
_MIN_PERIOD_DAYS: Final = 59  # two months and more
_WEEK: Final = timedelta(days=7)
_MAX_LENGTH_DISTANCE: Final = 80
# "over three days starting on June 5", "for two days from Tuesday": the length of what starts
_LENGTH_THEN_DAY: Final = re.compile(
    r",?\s+(?i:starting|beginning|from|ending)\s+(?:(?i:on)\s+)?"
)


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first; returned in text order."""
    order = sorted(range(len(candidates)),
                   key=lambda i: (-(candidates[i].end - candidates[i].start), i))
    starts: list[int] = []
    ends: list[int] = []
    chosen: list[Candidate] = []
    for i in order:
        c = candidates[i]
        if c.end <= c.start:
            continue
        k = bisect.bisect_right(starts, c.start)
        if k > 0 and ends[k - 1] > c.start:
            continue
        if k < len(starts) and starts[k] < c.end:
            continue
        starts.insert(k, c.start)
        ends.insert(k, c.end)
        chosen.insert(k, c)
    return chosen


def relink(chosen: list[Candidate], text: str) -> list[Candidate]:
    """Each anaphoric phrase tries the dated mentions before it, nearest first and within
    reach, until its rule accepts one ("a year earlier" wants a quarter or half, "the
    following day" a day); none accepted: it keeps its reading from the publication date.
    A year or a reporting period of several months ("for the nine months") that its rule
    does not accept ends the search: the text has moved on from any quarter named before it
    ("In the nine months, net rose from $4 a year earlier" compares nine months)."""
    out: list[Candidate] = []
    anchors: list[Candidate] = []
    for c in chosen:
        anaphoric = c.relink is not None and not c.refers
        if c.relink is not None:
            for prev in reversed(anchors):
                if c.start - prev.end > _MAX_RELINK_DISTANCE or prev.kind == "duration":
                    break
                linked = c.relink(prev.to_mention(text))
                if linked is not None:
                    c = linked
                    break
                if prev.granularity in _PERIOD_BARRIERS:
                    break
        out.append(c)
        # a shifted period is no anchor itself: "a year earlier" twice must not go back two
        # years; a day is ("the 22 August ... on the 23rd ... in the morning"), and so is a
        # period named again ("the quarter ... a year ago")
        if (not anaphoric or c.granularity == "day") and c.kind in ("date", "time") and \
                c.earliest is not None and c.latest is not None and \
                c.granularity not in ("window", None):
            anchors.append(c)
        elif c.kind == "duration" and (c.length_days or 0) >= _MIN_PERIOD_DAYS and \
                (_PERIOD_START.match(text, c.start)
                 or _PERIOD_BEFORE.search(text, max(0, c.start - 12), c.start)):
            anchors.append(c)  # "the first nine months": a reporting period, a barrier
    return out


def merge_ranges(chosen: list[Candidate], text: str) -> list[Candidate]:
    out: list[Candidate] = []
    i = 0
    while i < len(chosen):
        a = chosen[i]
        # every join below needs the two within a short connector ("to", "or", "of next")
        if i + 1 < len(chosen) and chosen[i + 1].start - a.end <= _MAX_CONNECTOR:
            b = chosen[i + 1]
            if (b.rule == "relative.weekday" and a.granularity == "day" and a.earliest and
                    b.earliest and b.latest and 0 < (a.earliest - b.earliest).days < 7):
                # "from Monday to Wednesday": the Wednesday after that Monday
                b = Candidate(b.start, b.end, b.earliest + _WEEK, b.latest + _WEEK, "day",
                              rule=b.rule)
            if (a.kind == b.kind == "date" and a.granularity == b.granularity
                    and a.granularity not in ("window", None)
                    and a.earliest is not None and b.latest is not None
                    and _RANGE_CONNECTOR.fullmatch(text, a.end, b.start) is not None
                    and (_RANGE_OPENER.search(text, max(0, a.start - 12), a.start) is not None
                         or text[a.end:b.start].strip() in ("-", "–", "—", "through", "until"))
                    and a.earliest <= b.latest):
                out.append(Candidate(a.start, b.end, a.earliest, b.latest, a.granularity,
                                     rule="refiners.range"))
                i += 2
                continue
            joined = _alternatives(a, b, text) or _week_of(a, b, text) or \
                _from_now(a, b, text)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _week_of(a: Candidate, b: Candidate, text: str) -> Candidate | None:
    """"the week of May 13", "the weekend of June 8-9", "Thursday next week"."""
    if a.kind != "date" or b.kind != "date" or b.earliest is None or b.latest is None:
        return None
    if a.rule in ("relative.week", "relative.weekend") and b.granularity == "day" and \
            a.granularity in ("week", "weekend") and _OF.fullmatch(text, a.end, b.start):
        monday = b.earliest - timedelta(days=b.earliest.weekday())
        if a.granularity == "week":
            lo, hi = monday, monday + timedelta(days=6)
        elif b.earliest != b.latest:  # the weekend's own days, as written
            lo, hi = b.earliest, b.latest
        else:
            lo, hi = monday + timedelta(days=5), monday + timedelta(days=6)
        return Candidate(a.start, b.end, lo, hi, a.granularity, rule="refiners.week_of")
    if a.rule == "relative.weekday" and b.rule == "relative.week" and a.earliest is not None \
            and b.granularity == "week" and _WEEKDAY_OF_WEEK.fullmatch(text, a.end, b.start):
        day = b.earliest + timedelta(days=a.earliest.weekday())
        return Candidate(a.start, b.end, day, day, "day", rule="refiners.week_of")
    return None


def _from_now(a: Candidate, b: Candidate, text: str) -> Candidate | None:
    """"between now and the end of the year", "from today until June": P .. its end."""
    if a.rule in ("windows.now", "relative.deictic") and a.kind == b.kind == "date" and \
            a.earliest is not None and a.earliest == a.latest and b.latest is not None and \
            b.latest >= a.earliest and \
            _RANGE_OPENER.search(text, max(0, a.start - 12), a.start) is not None and \
            _RANGE_CONNECTOR.fullmatch(text, a.end, b.start) is not None:
        return Candidate(a.start, b.end, a.earliest, b.latest, b.granularity,
                         rule="refiners.from_now")
    return None


def _alternatives(a: Candidate, b: Candidate, text: str) -> Candidate | None:
    """"in May or June": one date that is one of the two, bounded by both."""
    if not (a.kind == b.kind == "date" and a.earliest and a.latest and b.earliest and b.latest
            and a.granularity in _COARSENESS and b.granularity in _COARSENESS
            and _ALTERNATIVE.fullmatch(text, a.end, b.start) is not None
            and a.earliest <= b.earliest and a.latest <= b.latest
            and b.earliest - a.latest <= _MAX_ALTERNATIVE_GAP):
        return None
    coarser = max(a.granularity, b.granularity, key=_COARSENESS.index)  # type: ignore[arg-type]
    return Candidate(a.start, b.end, a.earliest, b.latest, coarser, rule="refiners.alternatives")


def attach_times(chosen: list[Candidate], text: str) -> list[Candidate]:
    out: list[Candidate] = []
    i = 0
    while i < len(chosen):
        a = chosen[i]
        b = chosen[i + 1] if i + 1 < len(chosen) else None
        if b is not None and b.start - a.end <= 6 and \
                _TIME_DATE_GLUE.fullmatch(text[a.end:b.start]) is not None:
            clock, day = (a, b) if a.kind == "time" and a.earliest is None else (b, a)
            if clock.kind == "time" and clock.earliest is None and day.kind == "date" \
                    and day.granularity == "day":
                out.append(Candidate(a.start, b.end, day.earliest, day.latest, "day", "time",
                                     rule="refiners.time"))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def apply_lengths(chosen: list[Candidate], text: str) -> list[Candidate]:
    if not any(c.kind == "duration" and c.length_days for c in chosen):
        return chosen  # no length to apply (most texts): spare the cue searches
    out = list(chosen)
    for i, c in enumerate(out):
        if c.kind != "date" or c.granularity != "day" or c.earliest != c.latest or \
                c.earliest is None:
            continue
        starts = _START_CUE.search(text, max(0, c.start - 30), c.start) is not None
        ends = _END_CUE.search(text, max(0, c.start - 30), c.start) is not None
        if not (starts or ends):
            continue
        for d in reversed(out[:i]):
            if c.start - d.end > _MAX_LENGTH_DISTANCE:
                break
            if d.kind == "duration" and d.length_days and 1 < d.length_days <= 60 and (
                    _EVENT_AFTER.match(text, d.end)
                    or _LENGTH_THEN_DAY.fullmatch(text, d.end, c.start)):
                n = d.length_days - 1
                if starts:
                    rng = (c.earliest, c.earliest + timedelta(days=n))
                else:
                    rng = (c.earliest - timedelta(days=n), c.earliest)
                out[i] = Candidate(c.start, c.end, rng[0], rng[1], "day", rule=c.rule)
                break
    return out
