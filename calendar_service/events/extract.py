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
from dataclasses import replace
from datetime import date, timedelta

from calendar_service.events.candidates import (
    Candidate,
    Context,
    family_of,
    sentence_candidates,
    told_as_past,
)
from calendar_service.events.grouping import (
    Group,
    fold_talks_into_visits,
    group_candidates,
    group_place,
)
from calendar_service.events.lexicon import (
    ENCOUNTER_KINDS,
    HEDGE_CUE,
    KIND_SPECIFICITY,
    VISIT_KINDS,
)
from calendar_service.events.model import Article, EventMention, Participant, Status
from calendar_service.events.people import (
    PeopleRegistry,
    PersonHit,
    is_plausible_surname,
    same_person,
)
from calendar_service.events.places import Place
from calendar_service.events.ranges import group_range
from calendar_service.events.sentences import Sentence, split_sentences
from calendar_service.timeparse import extract as extract_times

# The people named this early in an article are the ones it is about.
_LEAD_SENTENCES = 2


def extract_event_mentions(article: Article) -> list[EventMention]:
    """Every diplomatic event the article speaks of, one mention per event."""
    text = article.text
    times = [t for t in extract_times(text, published=article.published)]
    registry = PeopleRegistry.from_text(text)
    candidates: list[Candidate] = []
    context = Context()
    sentences = split_sentences(text)
    salient = _salient_names(text, sentences, registry)
    for sentence in sentences:
        candidates.extend(sentence_candidates(text, sentence, times, registry,
                                               article.published, context))
        context.previous_sentence = sentence.start
    groups = fold_talks_into_visits(group_candidates(candidates, salient))
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
    salient = lead | {name for name, count in counts.items() if count >= 2}
    # a surname-only traveller ("Putin arrived in Beijing") the registry could not name
    lead_text = " ".join(s.text for s in sentences[:_LEAD_SENTENCES])
    for word in set(re.findall(r"\b[A-Z][a-z]+\b", lead_text)):
        if not any(word in name.split() for name in salient) and is_plausible_surname(word):
            salient.add(word)
    return salient


# ---------------------------------------------------------------- one mention per group


def _to_mention(group: Group, groups: list[Group], published: date,
                salient: set[str]) -> EventMention | None:
    candidates = group.candidates
    family = group.family
    own = [c for c in candidates if family_of(c) == family]
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
    if family == "conference" and not people and group_place(candidates) is None:
        return None  # "an international conference" with nobody and nowhere: not an event yet
    place = group_place(candidates)
    if place is None:  # a meeting on the sidelines of a summit is where the summit is
        outer = next((g for c in candidates if c.within for g in groups
                      if c.within in g.candidates and g is not group), None)
        place = group_place(outer.candidates) if outer else None
    if family == "visit" and place is None:
        return None  # a trip with no country is a tour, not a visit we can place
    status_cue = _group_status(candidates)
    earliest, latest, phrase, granularity, evidence = group_range(group, groups, published)
    status: Status
    if status_cue == "cancelled":
        status, earliest, latest = "cancelled", None, None
    elif status_cue == "postponed":
        status, earliest, latest = "postponed", published + timedelta(days=1), None
    elif earliest is not None and earliest <= published and (
            any(c.under_way for c in candidates) or (latest is not None and latest <= published)
            or any(told_as_past(c.trigger) for c in candidates)):
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
