"""Grouping an article's candidates into events: the same guest's trip, the same leaders'
talks, the same summit series, "the trip" / "the summit" referring back."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from calendar_service.events.candidates import Candidate, family_of
from calendar_service.events.lexicon import VISIT_KINDS
from calendar_service.events.people import PersonHit, same_person
from calendar_service.events.places import Place


@dataclass
class Group:
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def family(self) -> str:
        return family_of(self.candidates[0])

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


# ---------------------------------------------------------------- grouping


def group_candidates(candidates: list[Candidate], salient: set[str]) -> list[Group]:
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
    family = family_of(candidate)
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
            theirs = group_place(group.candidates)
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


def fold_talks_into_visits(groups: list[Group]) -> list[Group]:
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
        host.candidates.extend(group.candidates)
    return kept


def group_place(candidates: list[Candidate]) -> Place | None:
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


