"""One range per event in an article: its constraints intersect (README conventions); on
conflict the most precise wins, a first day with a stated length becomes a window, a meeting
within another event takes that event's dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import NamedTuple

from calendar_service.events.candidates import Candidate, Constraint
from calendar_service.events.grouping import Group
from calendar_service.events.people import same_person


class GroupRange(NamedTuple):
    earliest: date | None
    latest: date | None
    phrase: str | None  # the phrase that gave the range its precision
    granularity: str | None
    evidence: Candidate  # the candidate whose sentence is the evidence


def group_range(group: Group, groups: list[Group], published: date) -> GroupRange:
    """Intersect the group's time constraints (README conventions); when they conflict, the
    most precise one wins. A meeting within another event adds that event's range."""
    candidates = group.candidates
    evidence = candidates[0]
    constraints: list[tuple[Constraint, Candidate]] = []
    for candidate in candidates:
        if candidate.status_cue in ("cancelled", "postponed"):
            continue
        constraints.extend((c, candidate) for c in candidate.constraints)
    for candidate in candidates:
        if candidate.within is not None and not candidate.constraints:
            outer = next((g for g in groups if candidate.within in g.candidates), None)
            if outer is not None and outer is not group:
                o_earliest, o_latest, o_phrase, o_gran, _ = group_range(outer, [], published)
                if not (o_earliest or o_latest):
                    # no summit dates in the article: the trip window of a participant
                    trip = next((g for g in groups if g.family == "visit" and g.guest()
                                 and any(same_person(g.guest().name, p.name)
                                         for p in group.people())), None)
                    if trip is not None:
                        o_earliest, o_latest, o_phrase, o_gran, _ = group_range(
                            trip, [], published)
                if o_earliest or o_latest:
                    constraints.append((Constraint(o_earliest, o_latest, o_phrase or "",
                                                   o_gran), candidate))
    length = next((c.length_days for c in candidates if c.length_days), None)
    under_way = any(c.under_way for c in candidates)
    if not constraints:
        if under_way and any(c.status_cue is None for c in candidates):
            start = published
            end = start + timedelta(days=length - 1) if length else start
            if length is None and group.family in ("visit", "conference", "series"):
                end = None  # a trip still going on: its end is not given
            return GroupRange(start, end, None, "day", evidence)
        return GroupRange(None, None, None, None, evidence)
    whole = [(c, cand) for c, cand in constraints if c.anchor in ("whole", "start")]
    if any(c.anchor == "whole" for c, _ in whole) or any(c.anchor == "end" for c, _ in constraints):
        # a first day beside a window or a last day: a lower bound
        whole = [(replace(c, latest=None) if c.anchor == "start" else c, cand)
                 for c, cand in whole]
    ends = [(c, cand) for c, cand in constraints if c.anchor == "end"]
    inside = [(c, cand) for c, cand in constraints if c.anchor == "contains"]
    if not whole and not ends and inside:  # only days within the event: their span
        first, first_candidate = min(inside, key=lambda item: item[0].earliest or date.max)
        ends_at = [c.latest or c.earliest for c, _ in inside if c.latest or c.earliest]
        return GroupRange(first.earliest, max(ends_at) if first.earliest and ends_at else None,
                          first.phrase, first.granularity, first_candidate)
    earliest: date | None = None
    latest: date | None = None
    phrase: str | None = None
    granularity: str | None = None
    # named events' own phrases first, then by precision: on conflict the first one stands
    has_future = any(c.earliest and c.earliest > published for c, _ in whole)

    def stale(item: tuple[Constraint, Candidate]) -> bool:
        """A day already past beside future windows ("talked the trip over on Friday")."""
        constraint, candidate = item
        return bool(has_future and not candidate.under_way and constraint.latest
                    and constraint.latest <= published)

    # "from the 22nd to the 24th of August ... on the 23rd the summit proper": a day inside
    # stated dates is a day of the programme, not a correction of the dates
    spans = [c for c, _ in whole if _is_exact(c) and c.width > 1]
    whole = [(c, cand) for c, cand in whole if not (
        _is_exact(c) and c.width == 1 and any(_contains(s, c) for s in spans))]
    ordered = sorted(whole, key=lambda item: (stale(item), item[1].coreferent, item[0].width))
    exact = [c for c, cand in ordered if _is_exact(c) and not stale((c, cand))]
    best_width = 10_001
    for constraint, candidate in ordered:
        if not _is_exact(constraint) and any(not _contains(constraint, e) for e in exact):
            continue  # "in a month" vs "from August 31 to September 3": the dates stand
        new_earliest = _max(earliest, constraint.earliest)
        new_latest = _min(latest, constraint.latest)
        if new_earliest and new_latest and new_earliest > new_latest:
            continue  # conflicts with a more precise constraint: the precise one wins
        if phrase is None or constraint.width < best_width:
            phrase, granularity, evidence = constraint.phrase, constraint.granularity, candidate
            best_width = constraint.width
        earliest, latest = new_earliest, new_latest
    starts = [c for c, _ in whole if c.anchor == "start"]
    if (starts and not length and len(whole) == len(starts) and not ends and under_way
            and group.family in ("visit", "conference", "series")):
        # "arrived in Washington on Tuesday": a trip under way from that day, end not given
        return GroupRange(starts[0].earliest, None, starts[0].phrase, "day", evidence)
    if length and starts:
        earliest = starts[0].earliest
        latest = earliest + timedelta(days=length - 1) if earliest else latest
    elif length and ends:
        end_day = ends[0][0].latest
        if end_day:
            earliest, latest = end_day - timedelta(days=length - 1), end_day
            evidence = ends[0][1]
            phrase, granularity = ends[0][0].phrase, "day"
    elif length and earliest and latest and earliest == latest:
        latest = earliest + timedelta(days=length - 1)
    elif ends:
        end_day = ends[0][0].latest
        if end_day and (latest is None or end_day < latest) and (
                earliest is None or end_day >= earliest):
            latest = end_day
    if group.family == "visit" and length is None and earliest and earliest == latest:
        # a visit's single day with a wider window: the day it starts, to the window's end
        windows = [c.latest for c, _ in ordered if c.width > 1 and c.latest and c.earliest
                   and c.earliest <= earliest <= c.latest]
        if windows:
            latest = min(windows)
    return GroupRange(earliest, latest, phrase, granularity, evidence)


def _is_exact(constraint: Constraint) -> bool:
    return (constraint.granularity == "day" and constraint.anchor == "whole"
            and constraint.earliest is not None and constraint.latest is not None)


def _contains(outer: Constraint, inner: Constraint) -> bool:
    return ((outer.earliest is None or (inner.earliest and outer.earliest <= inner.earliest))
            and (outer.latest is None or (inner.latest and inner.latest <= outer.latest)))


def _max(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


def _min(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


