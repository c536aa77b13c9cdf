"""Event candidates in one sentence: triggers ("state visit", "summit", "met"), and the time
phrases, places, people and series that belong to each, with the status words of its clause.

A phrase belongs to the nearest trigger of its clause, or to one it follows across commas;
past background ("met in 2019") and announcement days ("said on Tuesday") are left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from calendar_service.events.lexicon import (
    ANNOUNCEMENT_AFTER_TIME,
    CANCEL_CUE,
    DEFINITE_REFERENCE,
    ENCOUNTER_KINDS,
    END_ANCHOR_CUE,
    FUTURE_CUE,
    NON_DIPLOMATIC,
    PAST_CUE,
    PAST_PLAN_CUE,
    POSTPONE_CUE,
    SERIES_PATTERN,
    SPEECH_AFTER_TIME,
    SPEECH_BEFORE_TIME,
    START_ANCHOR_CUE,
    TRIGGERS,
    UNDER_WAY_CUE,
    VISIT_KINDS,
    series_label,
)
from calendar_service.events.model import EventKind, Status
from calendar_service.events.people import (
    PeopleRegistry,
    PersonHit,
    is_plausible_surname,
    same_person,
)
from calendar_service.events.places import (
    Place,
    country_of_word,
    find_capitals,
    find_places,
    is_venue,
)
from calendar_service.events.sentences import Sentence
from calendar_service.timeparse.model import TimeMention

# A report of something that ended more than this long before publication is background.
BACKGROUND_DAYS = 7
MAX_EVENT_DAYS = 21
_NEAR_CHARS = 60
_EXCLUDED = 1e9
_BACKWARD = re.compile(r"\b(?:had|last|ago|earlier|previous|previously|since)\b", re.IGNORECASE)
# "fixed for June 16", "will meet on May 3": the phrase names a day still to come
_FUTURE_LEAD = re.compile(r"\b(?:(?:set|fixed|scheduled|slated)\s+for|will\s+\w+(?:\s+\w+)?"
                          r"\s+(?:on|in)?)\s*$", re.IGNORECASE)
_RELATIVE_TO = re.compile(r"^\W*(?:before|after|ahead of|prior to|following|since)\b",
                          re.IGNORECASE)
# Verb triggers ("will be in", "come to") name a visit only when a place follows.
_VERB_VISIT = re.compile(r"^(?:be in|come|comes|coming|came|go|goes|going|went|head|"
                         r"heads|headed|heading)\b", re.IGNORECASE)
_COUNTERPART_BEFORE = re.compile(
    r"\b(?:invitation of|invited by|hosted by|host|received by|welcomed by|meet|meeting|see|"
    r"(?:talks|meet|meeting|together) with)\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}$", re.IGNORECASE)
_GUEST_BY = re.compile(r"\bby\s+$")


@dataclass(frozen=True, slots=True)
class Constraint:
    earliest: date | None
    latest: date | None
    phrase: str
    granularity: str | None
    anchor: str = "whole"  # "whole" | "start" | "end" | "contains"
    lead: str = ""  # the words just before the phrase ("fixed for")

    @property
    def width(self) -> int:
        if self.earliest is None or self.latest is None:
            return 10_000
        return (self.latest - self.earliest).days + 1


@dataclass
class Trigger:
    kind: EventKind
    start: int
    end: int
    sentence: Sentence
    clause: int
    series: str | None = None


@dataclass
class Candidate:
    trigger: Trigger
    kind: EventKind
    participants: list[PersonHit]
    guest: PersonHit | None
    series: str | None
    place: Place | None
    constraints: list[Constraint]
    length_days: int | None
    status_cue: Status | None
    under_way: bool
    within: Candidate | None = None
    coreferent: bool = False  # "the summit", "the trip": no name of its own
    other_legs: list[Place] = field(default_factory=list)  # more countries of the same trip
    purpose_of: Candidate | None = None  # "travel to X for talks": the trip this meeting is for


# ---------------------------------------------------------------- per sentence


@dataclass
class Context:
    """What earlier sentences of the article established: the series last named."""

    series: str | None = None
    series_is_latest: bool = False  # the last summit-like event named was a series summit
    series_sentence: int = -1  # where the series was last named
    previous_sentence: int = -1


def sentence_candidates(text: str, sentence: Sentence, times: Sequence[TimeMention],
                         registry: PeopleRegistry, published: date,
                         context: Context) -> list[Candidate]:
    if NON_DIPLOMATIC.search(sentence.text):
        return []
    inside = [t for t in times if sentence.start <= t.start and t.end <= sentence.end]
    protected = [(t.start, t.end) for t in inside]
    marks = sentence.clause_marks(protected)

    def clause_of(position: int) -> int:
        return sum(1 for m in marks if m < position)

    triggers = _find_triggers(sentence, clause_of, context)
    if not triggers:
        return []
    dated = _join_alternatives(text, [
        t for t in inside if t.kind in ("date", "time") and (t.earliest or t.latest)
        and not _is_announcement_time(text, t)])
    # "a two-day summit", "six-day trip": the event's length (not "in less than two months")
    durations = [t for t in inside if t.kind == "duration" and t.length_days
                 and t.length_days <= MAX_EVENT_DAYS and re.search(r"-(?:day|week)\b", t.text)]
    series_spans = [(sentence.start + m.start(), sentence.start + m.end())
                    for m in SERIES_PATTERN.finditer(sentence.text)]
    places = [p for p in find_places(sentence.text, sentence.start)
              if is_venue(text, p) and not any(s <= p.start < e for s, e in series_spans)]
    places += [p for p in find_capitals(sentence.text, sentence.start) if is_venue(text, p)]
    places += _coordinated(text, sentence, places)
    named = registry.in_span(text, sentence.start, sentence.end)
    people = [p for p in named if p.participant]
    places = [p for p in places if not any(n.start <= p.start < n.end for n in named)]

    time_owner = {id(t): _owner(triggers, t.start, t.end, clause_of) for t in dated}
    duration_owner = {id(t): _nearest(triggers, t.start, t.end, clause_of) for t in durations}
    place_owner = {id(p): _place_owner(triggers, p, clause_of) for p in places}
    person_owner = {id(p): _nearest(triggers, p.start, p.end, clause_of) for p in people}

    candidates: list[Candidate] = []
    for trigger in triggers:
        leg_place = _leg_place(trigger)
        if leg_place:
            places.append(leg_place)
            place_owner[id(leg_place)] = trigger
        clause = trigger.clause
        clause_text = _clause_text(text, sentence, marks, clause)
        in_clause = [p for p in people if clause_of(p.start) == clause]
        own_people = [p for i, p in enumerate(in_clause)
                      if person_owner[id(p)] is trigger or (i == 0 and p.start < trigger.start)]
        coreferent = not own_people
        if coreferent:  # "the two leaders plan to hold talks": the sentence's subject
            own_people = [p for p in people if p.start < trigger.start] or []
        elif trigger.kind in ENCOUNTER_KINDS and trigger.series is None and len(
                {p.name for p in own_people}) < 2:
            # "Trump said ... that he and Kim had settled on ... their second summit"
            own_people = [p for p in people if p.start < trigger.start] + own_people
        own_people = _unique_people(own_people)
        constraints = [
            _constraint(text, t, trigger) for t in dated if time_owner[id(t)] is trigger
            and not (coreferent and trigger.start - t.end > _NEAR_CHARS // 2)]
        # ("was in Russia this week, where he talked about the possible visit": not its date)
        length = next((t.length_days for t in durations
                       if duration_owner[id(t)] is trigger), None)
        own_places = [p for p in places if place_owner[id(p)] is trigger]
        candidate = Candidate(
            trigger=trigger,
            kind=trigger.kind,
            participants=own_people,
            guest=_guest(text, trigger, own_people, own_places) or _surname_subject(text, trigger),
            series=trigger.series,
            place=leg_place or _best_place(own_places, trigger),
            constraints=constraints,
            length_days=length,
            status_cue=_status_cue(clause_text),
            under_way=_under_way(text, trigger, clause_text),
            coreferent=coreferent and trigger.series is None,
        )
        if _is_background(candidate, clause_text, published):
            continue
        if trigger.kind in VISIT_KINDS:  # "will head to Poland and Denmark": two legs
            candidate.other_legs = _other_countries(own_places, candidate.place)
        if (_VERB_VISIT.match(_word(trigger)) and not _word(trigger).endswith("there")
                and not candidate.constraints and not any(
                    0 <= p.start - trigger.end <= _NEAR_CHARS for p in own_places)):
            continue  # "the US would now be in a major war": no place, no date, no trip
        candidates.append(candidate)
    _link_within(text, candidates)
    _link_purpose(text, candidates)
    named_series = [m for m in SERIES_PATTERN.finditer(sentence.text)]
    if named_series and not any(c.series for c in candidates):
        # "India will hold the G20 presidency ..." then "The summit of the leaders ...": the
        # article's summit is the series it last named
        context.series = series_label(named_series[-1].group("form"))
        context.series_is_latest = True
        context.series_sentence = sentence.start
    for candidate in candidates:
        if candidate.series is None and family_of(candidate) == "encounter" and len(
                candidate.participants) >= 2:
            context.series_is_latest = False
    return candidates


def _unique_people(people: list[PersonHit]) -> list[PersonHit]:
    unique: list[PersonHit] = []
    for person in people:
        if not any(same_person(person.name, known.name) for known in unique):
            unique.append(person)
    return unique


def _join_alternatives(text: str, times: list[TimeMention]) -> list[TimeMention]:
    """"in January or February", "April or early May": one window spanning both."""
    joined: list[TimeMention] = []
    for time in times:
        if joined and re.fullmatch(r"\s*,?\s*or\s+(?:in\s+)?", text[joined[-1].end:time.start]):
            previous = joined.pop()
            earliest = min(d for d in (previous.earliest, time.earliest) if d) if (
                previous.earliest and time.earliest) else None
            latest = max(d for d in (previous.latest, time.latest) if d) if (
                previous.latest and time.latest) else None
            time = TimeMention(previous.start, time.end, text[previous.start:time.end],
                               earliest, latest, "window")
        joined.append(time)
    return joined


def _find_triggers(sentence: Sentence, clause_of, context: Context) -> list[Trigger]:
    claimed: list[tuple[int, int]] = []
    triggers: list[Trigger] = []
    for pattern, kind in TRIGGERS:
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            if any(s < end and start < e for s, e in claimed):
                continue
            claimed.append((start, end))
            triggers.append(Trigger(kind, start, end, sentence, clause_of(start)))
    triggers.sort(key=lambda t: t.start)
    for trigger in triggers:
        trigger.series = _series_for(sentence, trigger)
        if trigger.series and trigger.kind == "meeting" and _series_adjacent(sentence, trigger):
            trigger.kind = "summit"  # "the SCO meeting" is the summit itself
        if trigger.series is None and (trigger.kind == "summit" or _word(trigger) == "meeting"):
            trigger.series = _referenced_series(sentence, trigger, context)
            if trigger.series:
                trigger.kind = "summit"
        if trigger.series and trigger.kind in ("summit", "conference"):
            context.series = trigger.series
            context.series_is_latest = True
            context.series_sentence = sentence.start
    triggers = [t for t in triggers if not re.search(r"\s(?:leg|stop)$", _word(t))
                or _leg_place(t) is not None]
    # gatherings and hosted leaders are summits only when a series names them
    return [t for t in triggers if t.kind != "summit" or t.series or _word(t) == "summit"
            or "summit" in _word(t)]


def _referenced_series(sentence: Sentence, trigger: Trigger, context: Context) -> str | None:
    """The series a bare "the summit" / "its next summit" / "the meeting" refers back to: one
    named in the same sentence, else the one the article named last (for "the meeting", only
    if named in this or the previous sentence: a meeting is often another event)."""
    before = sentence.text[:trigger.end - sentence.start]
    named_here = SERIES_PATTERN.search(sentence.text)
    if named_here and re.search(r"summit|gather", _word(trigger)):  # "NATO's ... a summit"
        return series_label(named_here.group("form"))
    if not DEFINITE_REFERENCE.search(before):
        return None
    if not context.series or not context.series_is_latest:
        return None
    if _word(trigger) == "meeting" and context.series_sentence not in (
            sentence.start, context.previous_sentence):
        return None
    return context.series


def _word(trigger: Trigger) -> str:
    s = trigger.sentence
    return s.text[trigger.start - s.start: trigger.end - s.start].lower()


def _series_adjacent(sentence: Sentence, trigger: Trigger) -> bool:
    before = sentence.text[:trigger.start - sentence.start]
    return bool(re.search(SERIES_PATTERN.pattern + r"(?:'s|’s)?\s+(?:leaders'?\s+)?$", before))


def _series_for(sentence: Sentence, trigger: Trigger) -> str | None:
    """The series a summit-like trigger names: "BRICS summit", "summit of the SCO",
    "host the leaders of the Shanghai Cooperation Organization"."""
    if trigger.kind not in ("summit", "conference", "meeting"):
        return None
    rel_start, rel_end = trigger.start - sentence.start, trigger.end - sentence.start
    before = sentence.text[max(0, rel_start - 60):rel_start]
    after = sentence.text[rel_end:rel_end + 60]
    near_before = list(SERIES_PATTERN.finditer(before))
    if near_before and re.fullmatch(r"(?:'s|’s)?\s+(?:[\w'’-]+\s+){0,2}",
                                    before[near_before[-1].end():]):
        return series_label(near_before[-1].group("form"))
    match = re.match(r"\s+(?:of|of the|for the)\s+(?:[\w-]+\s+){0,3}?" +
                     SERIES_PATTERN.pattern, after)
    if match:
        return series_label(match.group("form"))
    if trigger.kind == "summit" and _word(trigger) != "summit":  # gather / host the leaders
        anywhere = SERIES_PATTERN.search(sentence.text)
        return series_label(anywhere.group("form")) if anywhere else None
    return None


def _cost(trigger: Trigger, start: int, end: int, clause_of) -> float:
    """How far a phrase at start..end is from a trigger: after it is nearer than before it
    ("summit in June"), another clause is far, and "on Monday before the summit" excludes."""
    text, offset = trigger.sentence.text, trigger.sentence.start
    if end <= trigger.start:
        between = text[end - offset: trigger.start - offset]
        lead = text[max(0, start - offset - 40): start - offset]
        if _RELATIVE_TO.match(between) and not (
                END_ANCHOR_CUE.search(lead) and between.strip().startswith("after")):
            return _EXCLUDED  # "heading home on Sunday after a trip" is the trip's last day
        distance = (trigger.start - end) * 2 + 5
    elif start >= trigger.end:
        distance = start - trigger.end
    else:
        distance = 0
    return distance + 60 * abs(clause_of(start) - trigger.clause)


def _nearest(triggers: list[Trigger], start: int, end: int, clause_of) -> Trigger:
    """The trigger a phrase belongs to: the nearest one, preferring the trigger it follows
    ("summit in June") and staying inside its clause."""
    return min(triggers, key=lambda t: _cost(t, start, end, clause_of))


def _owner(triggers: list[Trigger], start: int, end: int, clause_of) -> Trigger | None:
    """The trigger a time phrase dates: the nearest one in its clause, or one it follows across
    commas ("talks in Samarkand, Uzbekistan, on Thursday"; "The trip, made at the invitation
    of ..., is set to run from March 20 to 22" when the trip is the only event named); never
    across a semicolon or dash, and never one in a later clause ("next Thursday, and would
    then go to China": Thursday is the speech, not the trip)."""
    allowed = [t for t in triggers if _may_own(t, triggers, start, end, clause_of)]
    if not allowed:
        return None
    return min(allowed, key=lambda t: _cost(t, start, end, clause_of))


def _place_owner(triggers: list[Trigger], place: Place, clause_of) -> Trigger | None:
    """As for times, and a place may also come just before its event across a comma
    ("to Lithuania's capital, Vilnius, for a two-day summit")."""
    owner = _owner(triggers, place.start, place.end, clause_of)
    if owner is not None:
        return owner
    following = [t for t in triggers if 0 <= t.start - place.end <= _NEAR_CHARS // 2]
    return following[0] if following else None


def _may_own(trigger: Trigger, triggers: list[Trigger], start: int, end: int,
             clause_of) -> bool:
    if _cost(trigger, start, end, clause_of) >= _EXCLUDED:
        return False
    if clause_of(start) == trigger.clause:
        return True
    after = start >= trigger.end
    if not after:
        return False
    text, offset = trigger.sentence.text, trigger.sentence.start
    between = text[trigger.end - offset: start - offset]
    if re.search(r";|\s[-–—]{1,2}\s", between):
        return False
    if re.search(r"\b(?:said|says|told|added|announced|noted|according)\b", between):
        return False  # "..., and said they would be made public next week": another statement
    gap = start - trigger.end
    return gap <= _NEAR_CHARS or (len(triggers) == 1 and gap <= 2 * _NEAR_CHARS)


def _clause_text(text: str, sentence: Sentence, marks: list[int], clause: int) -> str:
    bounds = [sentence.start, *marks, sentence.end]
    return text[bounds[clause]:bounds[clause + 1]] if clause + 1 < len(bounds) else ""


def _is_announcement_time(text: str, time: TimeMention) -> bool:
    """"said on Tuesday", "told reporters Friday", "Wednesday's announcement", "On Friday, Trump
    named ...": the day something was said, not the event's day."""
    before = text[max(0, time.start - 40):time.start]
    after = re.split(r"[.;!?]", text[time.end:time.end + 60], maxsplit=1)[0]
    if SPEECH_BEFORE_TIME.search(before) or ANNOUNCEMENT_AFTER_TIME.match(after):
        return True
    sentence_start = re.search(r"(?:^|[.!?]\s+|\n)(?:On\s+|on\s+)?$", before)
    return bool(sentence_start and SPEECH_AFTER_TIME.match(after))


def _constraint(text: str, time: TimeMention, trigger: Trigger) -> Constraint:
    before = text[max(0, time.start - 40):time.start]
    anchor = "whole"
    if END_ANCHOR_CUE.search(before):
        anchor = "end"
    elif (START_ANCHOR_CUE.search(before) and time.granularity == "day"
          and time.earliest == time.latest):
        anchor = "start"
    return Constraint(time.earliest, time.latest, time.text, time.granularity, anchor, before)


def _status_cue(clause_text: str) -> Status | None:
    if CANCEL_CUE.search(clause_text):
        return "cancelled"
    if POSTPONE_CUE.search(clause_text):
        return "postponed"
    return None


def _is_background(candidate: Candidate, clause_text: str, published: date) -> bool:
    """A past event mentioned as background: all its own times ended before publication (well
    before, for a report in the past tense: "met on Tuesday" is news, "met in 2019" is not), or
    it is told in the past tense with no time at all ("Lavrov held talks with Wang").
    Past times beside a current one ("slipped from the June date") are dropped instead."""
    if candidate.status_cue is None and PAST_PLAN_CUE.search(clause_text):
        return True
    reported = bool(told_as_past(candidate.trigger) or candidate.under_way)
    limit = published - timedelta(days=BACKGROUND_DAYS if reported else 0)
    ahead = not reported and bool(FUTURE_CUE.search(clause_text)) and not _BACKWARD.search(
        clause_text)
    constraints = [_forward(c, published) if ahead or (
        not reported and _FUTURE_LEAD.search(c.lead)) else c for c in candidate.constraints]
    current = [c for c in constraints if c.latest is None or c.latest >= limit]
    if reported:  # an event told in the past has no dates after the article
        current = [c for c in current if c.earliest is None or c.earliest <= published]
    if candidate.constraints and not current:
        return True
    if not reported:  # a window ahead never includes the day it is written on
        current = [_after_publication(c, published) for c in current]
    candidate.constraints = current
    if candidate.status_cue is None and not candidate.constraints and not candidate.under_way:
        return told_as_past(candidate.trigger) and candidate.within is None
    return False


def _after_publication(constraint: Constraint, published: date) -> Constraint:
    """"this year" written on 3 May: 4 May to 31 December (README conventions). A named day
    ("today", "on May 3") stays as it is."""
    if (constraint.granularity == "day" or constraint.earliest is None
            or constraint.earliest > published
            or (constraint.latest is not None and constraint.latest <= published)):
        return constraint
    return replace(constraint, earliest=published + timedelta(days=1))


def _under_way(text: str, trigger: Trigger, clause_text: str) -> bool:
    """The event is happening now: "has arrived in Beijing on an official visit", "the summit
    got under way", "leaders are attending a summit" (near the trigger, in its clause; not
    "since the pandemic began" at the clause's end)."""
    window = text[max(trigger.sentence.start, trigger.start - 40):trigger.end + 30]
    return any(match.group(0) in clause_text for match in UNDER_WAY_CUE.finditer(window))


def told_as_past(trigger: Trigger) -> bool:
    """The event itself is told in the past: "met", "visited", "held talks", "the summit was
    held" (not another verb of the clause: "once he has attended the G20")."""
    word = _word(trigger)
    if re.match(r"(?:met|visited|travelled|traveled|went|flew|came|arrived|landed|gathered|"
                r"hosted|headed)\b", word):
        return True
    text, offset = trigger.sentence.text, trigger.sentence.start
    before = text[max(0, trigger.start - offset - 22): trigger.start - offset]
    after = text[trigger.end - offset: trigger.end - offset + 22]
    if re.search(r"\b(?:after|following|since)\s+(?:[\w'’-]+\s+){0,3}$", before,
                 re.IGNORECASE):
        return True  # "the news came shortly after Xi's trip to Russia"
    return bool(re.search(PAST_CUE.pattern + r"\s+(?:[\w'’-]+\s+){0,2}$", before, re.IGNORECASE)
                or re.match(r"\s+(?:\w+\s+)?(?:was|were)\s+held|\s+took place", after))


def _forward(constraint: Constraint, published: date) -> Constraint:
    """A yearless date read as past in a clause about the future ("fixed for June 16"): the
    next occurrence. Only moves a whole year; phrases with a year are left alone."""
    if (constraint.latest is None or constraint.latest >= published or constraint.earliest is None
            or re.search(r"\b\d{4}\b|last|ago|earlier", constraint.phrase)
            or constraint.granularity not in ("day", "month", "window")):
        return constraint
    try:
        return replace(constraint, earliest=constraint.earliest.replace(
            year=constraint.earliest.year + 1), latest=constraint.latest.replace(
            year=constraint.latest.year + 1))
    except ValueError:  # 29 February
        return constraint


def _guest(text: str, trigger: Trigger, people: list[PersonHit],
           places: list[Place]) -> PersonHit | None:
    """Who travels: "a trip ... by Russian President Vladimir Putin", "Putin will pay a state
    visit", not the host ("at the invitation of President Xi Jinping")."""
    if trigger.kind not in VISIT_KINDS:
        return None
    host_country = places[0].country if places else None
    if re.search(r"(?:receive|host|welcome)$", _word(trigger)):  # "Vietnam will receive Biden"
        return next((p for p in people if p.start > trigger.end), None)
    for person in people:
        before = text[max(0, person.start - 40):person.start]
        if person.start > trigger.end and _GUEST_BY.search(before):
            return person
    travellers = []
    for person in people:
        before = text[max(0, person.start - 40):person.start]
        if _COUNTERPART_BEFORE.search(before):
            continue
        if person.end < trigger.start and re.search(r"\binvit\w*\b",
                                                    text[person.end:trigger.start]):
            continue  # "Modi invited leaders to come to India": Modi is the host
        if host_country and person.country == host_country:
            continue
        travellers.append(person)
    before_trigger = [p for p in travellers if p.start < trigger.start]
    if before_trigger:  # the nearest name before "state visit" / "will travel to"
        return before_trigger[-1]
    return travellers[0] if travellers else None


_SUBJECT_BEFORE = re.compile(
    r"\b([A-Z][a-z]{1,})(?:'s|’s)?\s+(?:(?:will|would|could|is|was|has|also|then|plans|"
    r"intends|expects|is expected|is due|is set)\s+(?:to\s+)?(?:be\s+)?(?:pay\s+(?:a|an)\s+)?)?"
    r"(?:(?:a|an|the|his|her|first|upcoming|planned)\s+)?$")


def _surname_subject(text: str, trigger: Trigger) -> PersonHit | None:
    """A follow-up names the traveller by surname only: "Putin arrived in Beijing", "Xi will
    travel to Paris", "Modi's state visit". Only directly before a visit trigger, and only a
    word that is no place, nationality or institution."""
    if trigger.kind not in VISIT_KINDS:
        return None
    before = text[max(trigger.sentence.start, trigger.start - 50):trigger.start]
    match = _SUBJECT_BEFORE.search(before)
    if not match:
        return None
    word = match.group(1)
    if not is_plausible_surname(word):
        return None
    start = trigger.start - len(before) + match.start(1)
    return PersonHit(word, None, None, start, start + len(word), True)


def _coordinated(text: str, sentence: Sentence, venues: list[Place]) -> list[Place]:
    """"to Poland and Denmark": the second country is a venue too."""
    extra: list[Place] = []
    for place in find_places(sentence.text, sentence.start):
        if any(v.start == place.start for v in venues):
            continue
        before = text[max(sentence.start, place.start - 30):place.start]
        if any(re.search(rf"{re.escape(v.name)}(?:,| and|, and)\s+$", before)
               for v in venues if v.end <= place.start and place.start - v.end <= 6):
            extra.append(place)
    return extra


def _leg_place(trigger: Trigger) -> Place | None:
    """"the Denmark stop", "the Polish leg": the word before names the country."""
    match = re.match(r"([A-Z][a-z]+)\s+(?:leg|stop)$", _word_as_written(trigger))
    if not match:
        return None
    country = country_of_word(match.group(1))
    if country is None:
        return None
    return Place(match.group(1), country, False, trigger.start, trigger.start + len(match.group(1)))


def _word_as_written(trigger: Trigger) -> str:
    s = trigger.sentence
    return s.text[trigger.start - s.start: trigger.end - s.start]


def _other_countries(places: list[Place], chosen: Place | None) -> list[Place]:
    """Countries written together with the chosen one: "to Poland and Denmark"."""
    if chosen is None:
        return []
    chain = [chosen]
    for place in sorted(places, key=lambda p: p.start):
        last = chain[-1]
        if place.start > last.end and place.start - last.end <= 6 and not place.is_city and (
                place.country not in {p.country for p in chain}):
            chain.append(place)
    return chain[1:]


def _best_place(places: list[Place], trigger: Trigger) -> Place | None:
    """The place nearest after the trigger ("summit in Britain ... in Brussels": Britain); a
    city of that country named too refines it ("in Astana, the capital of Kazakhstan")."""
    if not places:
        return None
    nearest = min(places, key=lambda p: p.start - trigger.end if p.start >= trigger.end
                  else 2 * (trigger.start - p.end) + 5)
    if not nearest.is_city:
        city = next((p for p in places if p.is_city and p.country == nearest.country), None)
        return city or nearest
    return nearest


def _link_purpose(text: str, candidates: list[Candidate]) -> None:
    """"will head to Moscow soon, perhaps next week, for a meeting with Putin": the meeting is
    what the trip is for; its dates are the trip's."""
    for i, encounter in enumerate(candidates):
        if encounter.kind not in ("meeting", "talks") or encounter.within is not None:
            continue
        before = text[max(0, encounter.trigger.start - 25):encounter.trigger.start]
        if not re.search(r"\b(?:for|to)\s+(?:a|an|hold|attend|hold a|have)?\s*(?:[\w-]+\s+)?$",
                         before):
            continue
        trip = next((c for c in reversed(candidates[:i]) if c.kind in VISIT_KINDS
                     and c.trigger.sentence is encounter.trigger.sentence), None)
        if trip is not None:
            encounter.purpose_of = trip


def _link_within(text: str, candidates: list[Candidate]) -> None:
    """A meeting "on the sidelines of" / "during" / "at" another event takes its dates."""
    for i, inner in enumerate(candidates):
        if inner.kind not in ("meeting", "talks") and not (
                inner.kind == "summit" and inner.series is None):
            continue
        for outer in candidates[i + 1:]:
            if outer.trigger.sentence is not inner.trigger.sentence:
                continue
            if not (outer.series or outer.kind in VISIT_KINDS or outer.kind == "conference"):
                continue
            between = text[inner.trigger.end:outer.trigger.start]
            if len(between) < 140 and re.search(
                    r"\b(?:sidelines|margins?|during|at|(?:first|last|opening|closing|second) "
                    r"day of)\b", between, re.IGNORECASE):
                inner.within = outer
                break



def family_of(candidate: Candidate) -> str:
    if candidate.kind in VISIT_KINDS:
        return "visit"
    if candidate.series:
        return "series"
    if candidate.kind == "conference":
        return "conference"
    return "encounter"


