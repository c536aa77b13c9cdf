"""Reconciliation: new mentions meet the events known so far. Pure: events in, events out.

Identity: an event is what it is (kind family, principal participants or series, host
country), not how an article words it. A mention joins the event of the same identity whose
dates can be its dates; look-alikes stay apart (a second visit after the first one ended, a
summit and the meeting on its sidelines: different families).

Dates: constraints intersect while they agree. On conflict the newer report wins when it is
at least as precise; a vaguer one never widens or moves a precise range. Two exact ranges
(day precision) from different reports: the newer one is a correction and replaces the older.
Postponed and cancelled keep the last known dates and change status. Every change of range or
status is a Revision with its source, and increments the event's sequence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime

from calendar_service.events.lexicon import KIND_SPECIFICITY, VISIT_KINDS
from calendar_service.events.model import Event, EventMention, Revision, SourceRef, Support
from calendar_service.events.people import name_key, same_person

# Coarse to fine: a range's precision is the granularity the text gave it.
_PRECISION: dict[str | None, int] = {
    "day": 0, "weekend": 0, "week": 1, "window": 2, "month": 2, "quarter": 3, "season": 3,
    "half": 4, "year": 4, "decade": 5, "century": 6, None: 5,
}
# An undated or long-past look-alike this far from a new mention is another event.
_SEPARATE_AFTER_DAYS = 180
# A planned event whose dates passed this long ago without a report is over.
_STALE_AFTER_DAYS = 60


def family(kind: str, series: str | None) -> str:
    if kind in VISIT_KINDS:
        return "visit"
    if series:
        return "series"
    if kind in ("meeting", "talks", "summit"):
        return "encounter"
    return kind


def identity_key(mention: EventMention) -> str:
    """What the event is, independent of wording: family, principal participants (the guest of
    a visit, the leaders of talks) or series, host country. The seed of the event's id (with
    the year of its first dates); matching itself is more tolerant (spellings, a city that
    refines the country, companions of a guest)."""
    fam = family(mention.kind, mention.series)
    if fam == "series":
        principal = mention.series or ""
    elif fam == "visit":
        principal = name_key(mention.participants[0].name) if mention.participants else ""
    else:
        principal = "+".join(sorted(name_key(p.name) for p in mention.participants))
    return f"{fam}|{principal}|{mention.country or ''}"


def reconcile(existing: Sequence[Event], mentions: Sequence[EventMention], source: SourceRef,
              now: datetime) -> list[Event]:
    """The events that `mentions` (from the article `source`) create or change, as fresh
    objects: `existing` is never modified. Pass every event that could match (at least those
    of the same family); ids are made unique against them."""
    working: dict[str, Event] = {event.id: event for event in existing}
    changed: dict[str, Event] = {}
    for mention in mentions:
        target = _find_match(list(working.values()), mention, source)
        if target is None:
            event = _create(mention, source, now, taken=set(working))
        else:
            event = _update(target, mention, source, now)
        working[event.id] = event
        changed[event.id] = event
    return list(changed.values())


# ---------------------------------------------------------------- matching


def _find_match(events: list[Event], mention: EventMention, source: SourceRef) -> Event | None:
    fam = family(mention.kind, mention.series)
    candidates = [e for e in events if family(e.kind, e.series) == fam
                  and _same_identity(e, mention, fam) and _same_occasion(e, mention, source, fam)]
    if not candidates:
        return None
    # prefer an event whose dates already agree with the mention, then the latest touched
    return max(candidates, key=lambda e: (_overlaps(e.earliest, e.latest, mention), e.updated,
                                          e.created))


def _same_identity(event: Event, mention: EventMention, fam: str) -> bool:
    if not _places_agree(event, mention):
        return False
    if fam == "series":
        return event.series == mention.series
    names = [p.name for p in mention.participants]
    if fam == "visit":  # the same guest, or a companion's report ("X will travel with Y")
        return bool(names and event.participants) and any(
            same_person(name, event.participants[0]) for name in names)
    shared = sum(1 for n in names if any(same_person(n, p) for p in event.participants))
    return bool(names) and shared >= min(2, len(names), len(event.participants))


def _places_agree(event: Event, mention: EventMention) -> bool:
    return not (event.country and mention.country and event.country != mention.country)


def _same_occasion(event: Event, mention: EventMention, source: SourceRef, fam: str) -> bool:
    """Two visits by the same guest months apart are two events: an event that is over (its
    dates passed, not postponed or cancelled) does not take a later mention's new dates."""
    if mention.earliest is None or event.latest is None:
        return _near_in_time(event, mention, source)
    if event.status in ("postponed", "cancelled"):
        return True
    # over: reported held, or its dates long past; then later dates are another occasion
    over = (event.status == "held" and event.latest < source.published) or (
        (source.published - event.latest).days > _STALE_AFTER_DAYS)
    if over and mention.earliest > event.latest:
        return False
    if fam == "series" and event.country and event.country == mention.country:
        return True  # the same host and series: a rescheduled summit, not a second one
    gap = (mention.earliest - event.latest).days
    return gap <= _SEPARATE_AFTER_DAYS


def _near_in_time(event: Event, mention: EventMention, source: SourceRef) -> bool:
    """Without dates on one side, the same occasion is one reported within about a year (by
    publication dates: an archive ingested years later still merges)."""
    first_report = event.supports[0].source.published if event.supports else None
    reference = event.latest or event.earliest or first_report or event.created.date()
    return abs((source.published - reference).days) <= 2 * _SEPARATE_AFTER_DAYS


def _overlaps(earliest: date | None, latest: date | None, mention: EventMention) -> bool:
    if mention.earliest is None and mention.latest is None:
        return False
    lo = max(earliest or date.min, mention.earliest or date.min)
    hi = min(latest or date.max, mention.latest or date.max)
    return lo <= hi


# ---------------------------------------------------------------- creating and updating


def event_id(mention: EventMention, source: SourceRef, taken: set[str]) -> str:
    """"evt-" + 16 hex of the identity and year: the same articles give the same ids."""
    year = (mention.earliest or mention.latest or source.published).year
    base = f"{identity_key(mention)}|{year}"
    suffix = 1
    while True:
        seed = base if suffix == 1 else f"{base}|{suffix}"
        candidate = "evt-" + hashlib.sha256(seed.encode()).hexdigest()[:16]
        if candidate not in taken:
            return candidate
        suffix += 1


def _create(mention: EventMention, source: SourceRef, now: datetime, taken: set[str]) -> Event:
    revision = Revision(0, mention.earliest, mention.latest, mention.status, source,
                        mention.phrase, now, "first report")
    return Event(
        id=event_id(mention, source, taken), kind=mention.kind, title=mention.title,
        series=mention.series, participants=tuple(p.name for p in mention.participants),
        city=mention.city, country=mention.country, earliest=mention.earliest,
        latest=mention.latest, granularity=mention.granularity, status=mention.status,
        sequence=0, created=now, updated=now, supports=[Support(mention, source)],
        revisions=[revision],
    )


def _update(event: Event, mention: EventMention, source: SourceRef, now: datetime) -> Event:
    earliest, latest, granularity, note = merge_range(event, mention)
    status = merge_status(event.status, mention, range_moved=note == "conflict: newer wins")
    kind = event.kind
    if kind in VISIT_KINDS and KIND_SPECIFICITY.get(mention.kind, 0) > KIND_SPECIFICITY[kind]:
        kind = mention.kind  # "trip" then "state visit": the same visit, better named
    city, country = event.city, event.country
    if mention.city:  # a later article names the city: it refines (or corrects) the place
        city, country = mention.city, mention.country or country
    elif mention.country and not country:
        country = mention.country
    participants = tuple(event.participants) + tuple(
        p.name for p in mention.participants
        if not any(same_person(p.name, known) for known in event.participants))
    updated = replace(
        event, kind=kind, city=city, country=country, participants=participants,
        earliest=earliest, latest=latest, granularity=granularity, status=status,
        supports=[*event.supports, Support(mention, source)],
        revisions=list(event.revisions), updated=now,
    )
    if kind != event.kind or city != event.city:
        updated.title = mention.title if mention.kind == kind else event.title
    if (earliest, latest, status) != (event.earliest, event.latest, event.status):
        updated.sequence = event.sequence + 1
        updated.revisions.append(Revision(updated.sequence, earliest, latest, status, source,
                                          mention.phrase, now, note))
    return updated


def merge_range(event: Event, mention: EventMention
                ) -> tuple[date | None, date | None, str | None, str]:
    """The event's range after this mention, and a note saying what happened."""
    old = (event.earliest, event.latest, event.granularity)
    if mention.status in ("postponed", "cancelled"):
        return (*old, f"{mention.status}: last known dates kept")
    if mention.earliest is None and mention.latest is None:
        return (*old, "no dates")
    if event.earliest is None and event.latest is None:
        return mention.earliest, mention.latest, mention.granularity, "first dates"
    if event.status == "postponed":  # the old dates are void: the new ones stand
        return mention.earliest, mention.latest, mention.granularity, "new dates after postponement"
    mine, theirs = _PRECISION.get(mention.granularity, 5), _PRECISION.get(event.granularity, 5)
    exact_both = mine == 0 and theirs == 0 and mention.earliest and mention.latest
    if exact_both and (mention.earliest, mention.latest) != (event.earliest, event.latest):
        return mention.earliest, mention.latest, "day", "exact dates corrected: newer wins"
    lo = _later(event.earliest, mention.earliest)
    hi = _sooner(event.latest, mention.latest)
    if lo is None or hi is None or lo <= hi:
        granularity = mention.granularity if mine < theirs else event.granularity
        return lo, hi, granularity, "narrowed"
    if mine <= theirs:  # conflict: the newer report is at least as precise
        return mention.earliest, mention.latest, mention.granularity, "conflict: newer wins"
    return (*old, "conflict: vaguer report ignored")


def merge_status(current: str, mention: EventMention, range_moved: bool) -> str:
    """Status moves with the evidence: planned -> confirmed -> held; postponed and
    cancelled as stated; new dates after a postponement reopen the event."""
    new = mention.status
    if new in ("cancelled", "postponed", "held"):
        return new if not (current == "held" and new == "postponed") else current
    if current == "held":
        return current
    if current == "cancelled":
        return current  # a later article repeating the old plan does not revive it
    if current == "postponed":
        return new if mention.earliest is not None else current
    if current == "confirmed" and new == "planned" and not range_moved:
        return current
    return new


def _later(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


def _sooner(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)
