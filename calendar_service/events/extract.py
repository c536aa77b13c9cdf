"""Event mentions from one article: triggers, their participants, place, time and status.

Pure: article in, mentions out. The steps, each a small function:
1. the range engine finds every time phrase in the article;
2. per sentence, event triggers ("state visit", "summit", "met") become candidates, and the
   sentence's time phrases, places, series names and durations go to the nearest trigger of
   their clause;
3. candidates that speak of the same event (same guest for visits, same leaders for talks,
   same series for summits, or a bare "the summit" / "the trip" that refers back) are grouped;
4. each group becomes one EventMention: its time constraints intersect, a meeting "on the
   sidelines of" a summit takes the summit's dates, status comes from the clause's words.
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
    HEDGE_CUE,
    KIND_SPECIFICITY,
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
from calendar_service.events.model import Article, EventKind, EventMention, Participant, Status
from calendar_service.events.people import PeopleRegistry, PersonHit, same_person
from calendar_service.events.places import (
    Place,
    country_of_word,
    find_capitals,
    find_places,
    is_venue,
)
from calendar_service.events.sentences import Sentence, split_sentences
from calendar_service.timeparse import extract as extract_times
from calendar_service.timeparse.model import TimeMention

# A report of something that ended more than this long before publication is background.
BACKGROUND_DAYS = 7
MAX_EVENT_DAYS = 21
_LEAD_SENTENCES = 2
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


@dataclass
class Group:
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def family(self) -> str:
        return _family(self.candidates[0])

    @property
    def series(self) -> str | None:
        return next((c.series for c in self.candidates if c.series), None)

    def people(self) -> list[PersonHit]:
        seen: list[PersonHit] = []
        for candidate in self.candidates:
            for person in candidate.participants:
                if not any(same_person(person.name, p.name) for p in seen):
                    seen.append(person)
        return seen

    def guest(self) -> PersonHit | None:
        return next((c.guest for c in self.candidates if c.guest), None)


def extract_event_mentions(article: Article) -> list[EventMention]:
    """Every diplomatic event the article speaks of, one mention per event."""
    text = article.text
    times = [t for t in extract_times(text, published=article.published)]
    registry = PeopleRegistry.from_text(text)
    candidates: list[Candidate] = []
    context = _Context()
    sentences = split_sentences(text)
    salient = _salient_names(text, sentences, registry)
    for sentence in sentences:
        candidates.extend(_sentence_candidates(text, sentence, times, registry,
                                               article.published, context))
        context.previous_sentence = sentence.start
    groups = _fold_talks_into_visits(_group(candidates, salient))
    mentions = []
    for group in groups:
        mention = _to_mention(group, groups, article.published, salient)
        if mention is None:
            continue
        mentions.append(mention)
        # a trip whose legs the article does not separate: each country gets the trip window
        for leg in {p.country: p for c in group.candidates for p in c.other_legs}.values():
            if leg.country != mention.country:
                mentions.append(replace(mention, country=leg.country, city=None,
                                        title=mention.title.replace(mention.country or "",
                                                                    leg.country)))
    return mentions


def _salient_names(text: str, sentences: list[Sentence], registry: PeopleRegistry) -> set[str]:
    """The people the article is about: named in its first two sentences, or in two or more."""
    counts: dict[str, int] = {}
    lead: set[str] = set()
    for index, sentence in enumerate(sentences):
        for person in registry.in_span(text, sentence.start, sentence.end):
            counts[person.name] = counts.get(person.name, 0) + 1
            if index < _LEAD_SENTENCES:
                lead.add(person.name)
    return lead | {name for name, count in counts.items() if count >= 2}


# ---------------------------------------------------------------- per sentence


@dataclass
class _Context:
    """What earlier sentences of the article established: the series last named."""

    series: str | None = None
    series_is_latest: bool = False  # the last summit-like event named was a series summit
    series_sentence: int = -1  # where the series was last named
    previous_sentence: int = -1


def _sentence_candidates(text: str, sentence: Sentence, times: Sequence[TimeMention],
                         registry: PeopleRegistry, published: date,
                         context: _Context) -> list[Candidate]:
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
            guest=_guest(text, trigger, own_people, own_places),
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
        if candidate.series is None and _family(candidate) == "encounter" and len(
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


def _find_triggers(sentence: Sentence, clause_of, context: _Context) -> list[Trigger]:
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


def _referenced_series(sentence: Sentence, trigger: Trigger, context: _Context) -> str | None:
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
    if near_before and re.fullmatch(r"(?:'s|’s)?\s+(?:[\w-]+\s+){0,2}",
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
    reported = bool(_told_as_past(candidate.trigger) or candidate.under_way)
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
        return _told_as_past(candidate.trigger) and candidate.within is None
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


def _told_as_past(trigger: Trigger) -> bool:
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
    if _word(trigger).endswith("receive"):  # "Vietnam will receive US President Joe Biden"
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


# ---------------------------------------------------------------- grouping


def _family(candidate: Candidate) -> str:
    if candidate.kind in VISIT_KINDS:
        return "visit"
    if candidate.series:
        return "series"
    if candidate.kind == "conference":
        return "conference"
    return "encounter"


def _group(candidates: list[Candidate], salient: set[str]) -> list[Group]:
    groups: list[Group] = []
    for candidate in candidates:
        target = next((g for g in groups if candidate.purpose_of in g.candidates), None)
        if target is None:
            target = _matching_group(candidate, groups, salient)
        if target is None:
            groups.append(Group([candidate]))
        else:
            target.candidates.append(candidate)
    return groups


def _legs(group: Group) -> set[str]:
    return {p.country for c in group.candidates for p in [c.place, *c.other_legs] if p}


def _matching_group(candidate: Candidate, groups: list[Group],
                    salient: set[str]) -> Group | None:
    family = _family(candidate)
    if family == "visit" and candidate.guest is None:
        # "the trip" refers to the trip of the person the article is about, else the last one
        topical = [g for g in groups if g.family == "visit" and g.guest() is not None
                   and g.guest().name in salient]
        if topical and not candidate.place:
            return topical[-1]
    for group in reversed(groups):
        if group.family != family:
            continue
        if family == "series" and group.series == candidate.series:
            return group
        if family == "visit":
            guest, other = candidate.guest, group.guest()
            theirs = _group_place(group.candidates)
            if candidate.place and theirs and candidate.place.country != theirs.country and (
                    candidate.place.country not in _legs(group)):
                continue  # a visit to another country: another event
            if guest and other and same_person(guest.name, other.name):
                return group
            if guest is None:  # "a two-day State visit at the invitation of ...": the trip
                return group     # the article is about
        if family == "encounter":
            mine = candidate.participants
            theirs = group.people()
            shared = sum(1 for p in mine if any(same_person(p.name, q.name) for q in theirs))
            if mine and shared >= min(2, len(mine)):
                return group
            if not mine:
                return group
        if family == "conference" and candidate.coreferent:
            return group
    if family == "encounter" and candidate.coreferent and not candidate.participants:
        # "the two leaders will hold talks in Beijing on Thursday": a meeting during the
        # visit the article is about; it places the visit on that day
        for group in reversed(groups):
            if group.family == "visit":
                candidate.constraints = [replace(c, anchor="contains")
                                         for c in candidate.constraints]
                return group
    if candidate.coreferent and candidate.kind == "summit":
        # "the summit" with no name: the last summit-like event of the article
        for group in reversed(groups):
            if group.family in ("series", "encounter"):
                return group
    return None


def _fold_talks_into_visits(groups: list[Group]) -> list[Group]:
    """Talks the visiting guest holds during the visit are part of the visit ("Trong and Biden
    began talks"), not a separate event; meetings "on the sidelines of" a summit stay apart."""
    visits = [g for g in groups if g.family == "visit" and g.guest() is not None and any(
        c.constraints or c.under_way or c.status_cue for c in g.candidates)]
    kept: list[Group] = []
    for group in groups:
        host = None
        if group.family == "encounter" and not group.series and not any(
                c.within or c.kind == "summit" for c in group.candidates):
            host = next((v for v in visits if any(
                same_person(p.name, v.guest().name) for p in group.people())), None)
        if host is None:
            kept.append(group)
            continue
        for candidate in group.candidates:
            candidate.constraints = [replace(c, anchor="contains") for c in candidate.constraints]
            candidate.participants = [p for p in candidate.participants]
        host.candidates.extend(group.candidates)
    return kept


# ---------------------------------------------------------------- one mention per group


def _to_mention(group: Group, groups: list[Group], published: date,
                salient: set[str]) -> EventMention | None:
    candidates = group.candidates
    family = group.family
    own = [c for c in candidates if _family(c) == family]
    kind = max((c.kind for c in own), key=lambda k: KIND_SPECIFICITY.get(k, 0))
    if family == "encounter":
        dated = [c for c in own if c.constraints]
        kind = (dated[0] if dated else own[0]).kind
        if any(c.kind == "summit" for c in own):
            kind = "summit"
    people = group.people()
    series = group.series
    if family == "encounter" and len(people) < 2 and not series:
        return None  # a meeting needs at least two named sides
    if family == "visit" and group.guest() is None:
        return None
    guest = group.guest()
    if family == "visit" and guest is not None and guest.name not in salient:
        return None  # a trip or meeting named once in passing, by people the article is not about
    if family == "conference" and not people and _group_place(candidates) is None:
        return None  # "an international conference" with nobody and nowhere: not an event yet
    place = _group_place(candidates)
    if place is None:  # a meeting on the sidelines of a summit is where the summit is
        outer = next((g for c in candidates if c.within for g in groups
                      if c.within in g.candidates and g is not group), None)
        place = _group_place(outer.candidates) if outer else None
    if family == "visit" and place is None:
        return None  # a trip with no country is a tour, not a visit we can place
    status_cue = _group_status(candidates)
    earliest, latest, phrase, granularity, evidence = _group_range(group, groups, published)
    status: Status
    if status_cue == "cancelled":
        status, earliest, latest = "cancelled", None, None
    elif status_cue == "postponed":
        status, earliest, latest = "postponed", published + timedelta(days=1), None
    elif earliest is not None and earliest <= published and (
            any(c.under_way for c in candidates) or (latest is not None and latest <= published)
            or any(_told_as_past(c.trigger) for c in candidates)):
        status = "held"
    elif (granularity == "day" and earliest is not None and latest is not None
          and not HEDGE_CUE.search(_clause_of_phrase(evidence, phrase).replace(phrase or "", ""))):
        status = "confirmed"
    else:
        status = "planned"
    participants = _participants(group, people)
    title = _title(kind, participants, series, place, group.guest())
    sentence = evidence.trigger.sentence
    return EventMention(
        kind=kind, title=title, participants=participants,
        city=place.name if place and place.is_city else None,
        country=place.country if place else None,
        series=series, status=status, earliest=earliest, latest=latest,
        granularity=granularity, phrase=phrase, sentence=sentence.text,
        start=sentence.start, end=sentence.end,
    )


def _clause_of_phrase(candidate: Candidate, phrase: str | None) -> str:
    """The words around the date phrase that gave the range ("is expected to ... on Tuesday")."""
    sentence = candidate.trigger.sentence.text
    at = sentence.find(phrase) if phrase else -1
    if at < 0:
        return sentence
    head = sentence[:at]
    cut = max(head.rfind(","), head.rfind(";"))
    return sentence[cut + 1: at + len(phrase)]


def _sentence_text(candidate: Candidate) -> str:
    return candidate.trigger.sentence.text


def _group_status(candidates: list[Candidate]) -> Status | None:
    """Cancelled or postponed as stated, unless another sentence gives the event new dates
    (then the cue is about the old plan: "the trip planned in February was scrapped")."""
    alive = any(c.constraints for c in candidates if c.status_cue is None)
    if alive:
        return None
    if any(c.status_cue == "cancelled" for c in candidates):
        return "cancelled"
    if any(c.status_cue == "postponed" for c in candidates):
        return "postponed"
    return None


def _group_place(candidates: list[Candidate]) -> Place | None:
    """Where the event is: the place its own (named) mentions give before those of "the
    meeting" / "the trip"; a city before a country. For a visit, a city in another country
    than the one visited is a stop on the way, not the venue."""
    ordered = sorted(candidates, key=lambda c: c.coreferent)
    places = [c.place for c in ordered if c.place]
    cities = [p for p in places if p.is_city]
    countries = [p for p in places if not p.is_city]
    visit = any(c.kind in VISIT_KINDS for c in candidates)
    if visit and cities and countries and cities[0].country != countries[0].country:
        return countries[0]
    return cities[0] if cities else (countries[0] if countries else None)


def _group_range(group: Group, groups: list[Group], published: date):
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
                o_earliest, o_latest, o_phrase, o_gran, _ = _group_range(outer, [], published)
                if not (o_earliest or o_latest):
                    # no summit dates in the article: the trip window of a participant
                    trip = next((g for g in groups if g.family == "visit" and g.guest()
                                 and any(same_person(g.guest().name, p.name)
                                         for p in group.people())), None)
                    if trip is not None:
                        o_earliest, o_latest, o_phrase, o_gran, _ = _group_range(
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
            return start, end, None, "day", evidence
        return None, None, None, None, evidence
    whole = [(c, cand) for c, cand in constraints if c.anchor in ("whole", "start")]
    if any(c.anchor == "whole" for c, _ in whole):  # a first day beside a window: a lower bound
        whole = [(replace(c, latest=None) if c.anchor == "start" else c, cand)
                 for c, cand in whole]
    ends = [(c, cand) for c, cand in constraints if c.anchor == "end"]
    inside = [(c, cand) for c, cand in constraints if c.anchor == "contains"]
    if not whole and not ends and inside:  # only days within the event: their span
        first = min(inside, key=lambda item: item[0].earliest or date.max)
        return (first[0].earliest, max(c.latest or c.earliest for c, _ in inside if c.latest
                                       or c.earliest) if first[0].earliest else None,
                first[0].phrase, first[0].granularity, first[1])
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
    return earliest, latest, phrase, granularity, evidence


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


def _participants(group: Group, people: list[PersonHit]) -> tuple[Participant, ...]:
    guest = group.guest()
    ordered = ([guest] if guest else []) + [
        p for p in people if not (guest and same_person(p.name, guest.name))]
    return tuple(Participant(p.name, p.role, p.country) for p in ordered)


def _title(kind: str, participants: tuple[Participant, ...], series: str | None,
           place: Place | None, guest: PersonHit | None) -> str:
    where = place.name if place else None
    if series:
        return f"{series} in {where}" if where else series
    label = kind.replace("_", " ")
    if kind in VISIT_KINDS and guest:
        return f"{guest.name} {label} to {place.country if place else where}"
    names = " and ".join(p.name for p in participants[:2])
    if kind in ENCOUNTER_KINDS:
        return f"{names} {label}" + (f" in {where}" if where else "")
    return f"{label.capitalize()} in {where}" if where else label.capitalize()
