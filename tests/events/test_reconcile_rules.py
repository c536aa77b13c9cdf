"""Reconciliation rules, one by one, on hand-made mentions (no text, no engine)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from calendar_service.events import Event, EventMention, Participant, SourceRef, reconcile

NOW = datetime(2024, 1, 1, 12, 0)


def source(day: str, outlet: str = "Wire") -> SourceRef:
    return SourceRef(article_hash=f"hash-{day}-{outlet}", outlet=outlet,
                     published=date.fromisoformat(day))


def mention(kind: str = "state_visit", *, who: tuple[str, ...] = ("Ana Lopez",),
            country: str | None = "Japan", city: str | None = None, series: str | None = None,
            status: str = "planned", earliest: str | None = None, latest: str | None = None,
            granularity: str | None = "month", phrase: str = "in June") -> EventMention:
    return EventMention(
        kind=kind, title="t", participants=tuple(Participant(n) for n in who), city=city,
        country=country, series=series, status=status,
        earliest=date.fromisoformat(earliest) if earliest else None,
        latest=date.fromisoformat(latest) if latest else None,
        granularity=granularity, phrase=phrase, sentence="s", start=0, end=1)


def step(events: dict[str, Event], m: EventMention, day: str) -> list[Event]:
    changed = reconcile(list(events.values()), [m], source(day), NOW)
    for event in changed:
        events[event.id] = event
    return changed


def test_constraints_that_agree_intersect_and_sequence_grows() -> None:
    events: dict[str, Event] = {}
    [first] = step(events, mention(earliest="2024-06-01", latest="2024-06-30"), "2024-04-01")
    [second] = step(events, mention(earliest="2024-06-11", latest="2024-06-20",
                                    granularity="window", phrase="mid-June"), "2024-05-01")
    assert second.id == first.id
    assert (second.earliest, second.latest) == (date(2024, 6, 11), date(2024, 6, 20))
    assert (first.sequence, second.sequence) == (0, 1)
    assert [r.sequence for r in second.revisions] == [0, 1]
    assert second.created == first.created and len(second.supports) == 2


def test_conflict_newer_and_more_precise_wins_and_history_keeps_both() -> None:
    events: dict[str, Event] = {}
    summit = dict(kind="summit", who=(), series="SCO summit", country="Kazakhstan")
    step(events, mention(**summit, earliest="2024-06-01", latest="2024-06-30"), "2024-04-09")
    [event] = step(events, mention(**summit, status="confirmed", earliest="2024-07-03",
                                   latest="2024-07-04", granularity="day", phrase="July 3-4"),
                   "2024-06-20")
    assert (event.earliest, event.latest, event.status) == (
        date(2024, 7, 3), date(2024, 7, 4), "confirmed")
    assert [(r.earliest, r.latest) for r in event.revisions] == [
        (date(2024, 6, 1), date(2024, 6, 30)), (date(2024, 7, 3), date(2024, 7, 4))]
    assert [r.source.published for r in event.revisions] == [date(2024, 4, 9),
                                                             date(2024, 6, 20)]


def test_a_vaguer_later_report_never_widens() -> None:
    events: dict[str, Event] = {}
    summit = dict(kind="summit", who=(), series="BRICS summit", country="South Africa")
    [exact] = step(events, mention(**summit, status="confirmed", earliest="2023-08-22",
                                   latest="2023-08-24", granularity="day"), "2023-03-03")
    [after] = step(events, mention(**summit, earliest="2023-08-01", latest="2023-08-31"),
                   "2023-07-20")
    assert (after.earliest, after.latest, after.status) == (
        date(2023, 8, 22), date(2023, 8, 24), "confirmed")
    assert after.sequence == exact.sequence  # nothing changed, no revision
    assert len(after.supports) == 2  # but the article is kept as support


def test_a_vaguer_conflicting_report_is_ignored() -> None:
    events: dict[str, Event] = {}
    step(events, mention(status="confirmed", earliest="2024-05-16", latest="2024-05-17",
                         granularity="day"), "2024-05-14")
    [event] = step(events, mention(earliest="2024-06-01", latest="2024-06-30"), "2024-05-15")
    assert (event.earliest, event.latest) == (date(2024, 5, 16), date(2024, 5, 17))


def test_exact_dates_corrected_by_a_newer_exact_report() -> None:
    events: dict[str, Event] = {}
    step(events, mention(earliest="2023-09-10", latest="2023-09-10", granularity="day"),
         "2023-08-28")
    [event] = step(events, mention(earliest="2023-09-10", latest="2023-09-11",
                                   granularity="day"), "2023-08-29")
    assert (event.earliest, event.latest) == (date(2023, 9, 10), date(2023, 9, 11))


def test_cancellation_keeps_last_dates_and_changes_status() -> None:
    events: dict[str, Event] = {}
    summit = dict(kind="summit", who=(), series="Quad summit", country="Australia")
    step(events, mention(**summit, status="confirmed", earliest="2023-05-24",
                         latest="2023-05-24", granularity="day"), "2023-04-26")
    [event] = step(events, mention(**summit, status="cancelled", granularity=None), "2023-05-17")
    assert (event.earliest, event.latest, event.status) == (
        date(2023, 5, 24), date(2023, 5, 24), "cancelled")
    assert event.sequence == 1 and event.revisions[-1].status == "cancelled"
    # a later article repeating the old plan does not revive it
    [again] = step(events, mention(**summit, status="confirmed", earliest="2023-05-24",
                                   latest="2023-05-24", granularity="day"), "2023-05-18")
    assert again.status == "cancelled"


def test_postponed_then_new_dates_reopen_the_same_event() -> None:
    events: dict[str, Event] = {}
    trip = dict(kind="official_visit", who=("Tom Baker",), country="China")
    [planned] = step(events, mention(**trip, earliest="2023-02-01", latest="2023-02-10",
                                     granularity="window"), "2023-01-17")
    [postponed] = step(events, mention(**trip, status="postponed", earliest="2023-02-04",
                                       granularity=None), "2023-02-03")
    assert postponed.status == "postponed"
    assert (postponed.earliest, postponed.latest) == (date(2023, 2, 1), date(2023, 2, 10))
    [later] = step(events, mention(**trip, status="confirmed", earliest="2023-06-16",
                                   latest="2023-06-21", granularity="day"), "2023-06-14")
    assert later.id == planned.id
    assert (later.earliest, later.latest, later.status) == (
        date(2023, 6, 16), date(2023, 6, 21), "confirmed")
    assert [r.status for r in later.revisions] == ["planned", "postponed", "confirmed"]


def test_two_visits_months_apart_stay_apart() -> None:
    events: dict[str, Event] = {}
    [spring] = step(events, mention(status="held", earliest="2024-03-10", latest="2024-03-12",
                                    granularity="day"), "2024-03-11")
    [autumn] = step(events, mention(earliest="2024-10-01", latest="2024-10-31"), "2024-09-01")
    assert autumn.id != spring.id
    assert events[spring.id].earliest == date(2024, 3, 10)


def test_summit_and_meeting_on_its_sidelines_stay_apart() -> None:
    events: dict[str, Event] = {}
    step(events, mention("summit", who=("Xi Jinping", "Vladimir Putin"), series="SCO summit",
                         country="Kazakhstan", earliest="2024-07-03", latest="2024-07-04",
                         granularity="day"), "2024-06-20")
    step(events, mention("meeting", who=("Xi Jinping", "Vladimir Putin"), country="Kazakhstan",
                         earliest="2024-07-03", latest="2024-07-04", granularity="day"),
         "2024-06-20")
    assert sorted(e.kind for e in events.values()) == ["meeting", "summit"]


def test_same_event_whatever_the_wording_and_a_city_refines_the_country() -> None:
    events: dict[str, Event] = {}
    [visit] = step(events, mention(who=("Vladimir Putin", "Xi Jinping"), country="China",
                                   earliest="2024-04-10", latest="2024-12-31",
                                   granularity="year"), "2024-04-09")
    [trip] = step(events, mention("visit", who=("Vladimir Putin",), city="Beijing",
                                  country="China", earliest="2024-05-16", latest="2024-05-17",
                                  granularity="day"), "2024-05-14")
    assert trip.id == visit.id
    assert trip.kind == "state_visit"  # a later "trip" does not downgrade the kind
    assert (trip.city, trip.country) == ("Beijing", "China")


def test_status_does_not_regress_from_confirmed_to_planned() -> None:
    events: dict[str, Event] = {}
    step(events, mention(status="confirmed", earliest="2024-05-16", latest="2024-05-17",
                         granularity="day"), "2024-05-01")
    [event] = step(events, mention(earliest="2024-05-01", latest="2024-05-31"), "2024-05-02")
    assert event.status == "confirmed"


def test_ids_are_deterministic_and_inputs_are_not_modified() -> None:
    first: dict[str, Event] = {}
    second: dict[str, Event] = {}
    m1 = mention(earliest="2024-06-01", latest="2024-06-30")
    m2 = replace(m1, earliest=date(2024, 6, 3), latest=date(2024, 6, 4), granularity="day")
    for events in (first, second):
        step(events, m1, "2024-04-01")
    assert list(first) == list(second)
    frozen = next(iter(first.values()))
    snapshot = (frozen.sequence, frozen.earliest, len(frozen.supports), len(frozen.revisions))
    step(first, m2, "2024-05-01")
    assert (frozen.sequence, frozen.earliest, len(frozen.supports),
            len(frozen.revisions)) == snapshot
    assert list(first) == list(second)  # the id did not change with the update
    assert next(iter(first)).startswith("evt-") and len(next(iter(first))) == 20


def test_an_undated_mention_creates_an_undated_event() -> None:
    events: dict[str, Event] = {}
    [event] = step(events, mention(granularity=None, phrase=None), "2024-04-01")
    assert not event.is_dated and event.status == "planned"


def test_undated_reports_merge_by_publication_date_not_by_ingest_time() -> None:
    events: dict[str, Event] = {}
    late = datetime(2030, 1, 1)  # an archive of 2019 news ingested years later
    for day in ("2019-03-01", "2019-04-01"):
        for event in reconcile(list(events.values()), [mention(granularity=None, phrase=None)],
                               source(day), late):
            events[event.id] = event
    assert len(events) == 1
    assert len(next(iter(events.values())).supports) == 2


def test_text_level_story_one_visit_whatever_the_wording_then_a_second_visit() -> None:
    from calendar_service.events import Article, extract_event_mentions

    story = [
        ("2024-04-09", "Russian President Vladimir Putin will pay a state visit to China later "
                       "this year, the Kremlin said."),
        ("2024-05-10", "Vladimir Putin will travel to Beijing on May 16 and 17, his spokesman "
                       "said."),
        ("2024-05-16", "Putin arrived in Beijing on Thursday for talks with Chinese President "
                       "Xi Jinping."),
        ("2024-11-02", "Russian President Vladimir Putin will visit China again in December, "
                       "officials said."),
    ]
    events: dict[str, Event] = {}
    ids = []
    for day, body in story:
        article = Article(title="", body=body, published=date.fromisoformat(day), source="T")
        for event in reconcile(list(events.values()), extract_event_mentions(article),
                               source(day), NOW):
            events[event.id] = event
        ids.append(sorted(events))
    first = ids[0][0]
    assert ids[1] == ids[2] == [first]
    visit = events[first]
    assert (visit.kind, visit.city, visit.country, visit.status) == (
        "state_visit", "Beijing", "China", "held")
    assert (visit.earliest, visit.latest, visit.sequence) == (date(2024, 5, 16),
                                                              date(2024, 5, 17), 2)
    [second] = [e for e in events.values() if e.id != first]
    assert (second.earliest, second.latest) == (date(2024, 12, 1), date(2024, 12, 31))
