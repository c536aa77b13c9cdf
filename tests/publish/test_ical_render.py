"""render_calendar: events built directly, read back with real parsers (icalendar,
recurring_ical_events) and checked on the raw bytes."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime

import recurring_ical_events
from ical_factories import make_event, source
from icalendar import Calendar

from calendar_service.config import Settings
from calendar_service.events.model import Revision
from calendar_service.publish import FeedDefinition, render_calendar

SETTINGS = Settings(database_url="sqlite://", calendar_refresh_minutes=60, keep_cancelled_days=90)
FEED = FeedDefinition(name="all", title="All diplomatic events",
                      description="Visits, summits; talks", color="#3b6ea5")


def render(*events, **kwargs) -> bytes:
    return render_calendar(FEED, list(events), settings=SETTINGS, **kwargs)


def vevents(raw: bytes) -> dict[str, object]:
    return {str(v["UID"]): v for v in Calendar.from_ical(raw).walk("VEVENT")}


def test_vague_month_is_a_transparent_tentative_window_named_in_the_title():
    raw = render(make_event())
    ev = vevents(raw)["evt-1@calendar-service"]
    assert str(ev["SUMMARY"]) == "BRICS summit, Kazan (sometime in Oct 2024)"
    assert ev.decoded("DTSTART") == date(2024, 10, 1)
    assert ev.decoded("DTEND") == date(2024, 11, 1)
    assert ev["DTSTART"].params["VALUE"] == "DATE"
    assert str(ev["TRANSP"]) == "TRANSPARENT"
    assert str(ev["STATUS"]) == "TENTATIVE"
    assert b"DTSTART;VALUE=DATE:20241001\r\n" in raw
    assert b"DTEND;VALUE=DATE:20241101\r\n" in raw


def test_event_properties_cite_place_categories_source_evidence_and_history():
    event = make_event(sequence=3, updated=datetime(2024, 6, 20, 8, 30, tzinfo=UTC))
    ev = vevents(render(event))["evt-1@calendar-service"]
    assert str(ev["LOCATION"]) == "Kazan, Russia"
    assert [str(c) for c in ev["CATEGORIES"].cats] == ["summit", "BRICS summit"]
    assert str(ev["URL"]) == "https://example.org/a1"
    assert ev.decoded("SEQUENCE") == 3
    assert ev.decoded("DTSTAMP") == datetime(2024, 6, 20, 8, 30, tzinfo=UTC)
    assert ev.decoded("LAST-MODIFIED") == datetime(2024, 6, 20, 8, 30, tzinfo=UTC)
    assert ev.decoded("CREATED") == datetime(2024, 4, 9, 12, 0, tzinfo=UTC)
    description = str(ev["DESCRIPTION"])
    assert "Kyodo News, 2024-04-09: 'in October'" in description
    assert "#3 2024-04-09 Kyodo News: 1 – 31 Oct 2024, planned ('in October')" in description
    assert "Participants: Vladimir Putin, Xi Jinping" in description
    assert "fetched that day" not in description


def test_a_source_dated_by_its_fetch_day_is_cited_as_such():
    fetched = replace(source(published=date(2024, 5, 2)), date_basis="fetched")
    ev = vevents(render(make_event(src=fetched)))["evt-1@calendar-service"]
    description = str(ev["DESCRIPTION"])
    assert ("Kyodo News, 2024-05-02 (source gave no date; fetched that day): 'in October'"
            in description)
    assert "#1 2024-05-02 (source gave no date; fetched that day) Kyodo News:" in description


def test_exact_multi_day_confirmed_event_is_opaque_and_confirmed():
    event = make_event(earliest=date(2024, 10, 22), latest=date(2024, 10, 24),
                       granularity="day", status="confirmed", phrase="from Oct 22 to 24")
    ev = vevents(render(event))["evt-1@calendar-service"]
    assert str(ev["SUMMARY"]) == "BRICS summit, Kazan"
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2024, 10, 22), date(2024, 10, 25))
    assert str(ev["STATUS"]) == "CONFIRMED"
    assert str(ev["TRANSP"]) == "OPAQUE"


def test_range_wider_than_precision_limit_is_uncertain_even_with_day_granularity():
    event = make_event(earliest=date(2024, 4, 10), latest=date(2024, 12, 31),
                       granularity="day", status="confirmed", city=None, title="Putin visit")
    ev = vevents(render(event))["evt-1@calendar-service"]
    assert str(ev["SUMMARY"]) == "Putin visit (dates not yet fixed: 10 Apr – 31 Dec 2024)"
    assert str(ev["STATUS"]) == "TENTATIVE"
    assert str(ev["TRANSP"]) == "TRANSPARENT"
    narrow_feed = replace(FEED, precise_within_days=365)
    ev = vevents(render_calendar(narrow_feed, [event], settings=SETTINGS))["evt-1@calendar-service"]
    assert str(ev["STATUS"]) == "CONFIRMED"


def test_held_meeting_on_one_day_is_confirmed():
    event = make_event(kind="meeting", title="Xi Jinping meets Sergey Lavrov", city="Beijing",
                       earliest=date(2024, 4, 9), latest=date(2024, 4, 9), granularity="day",
                       status="held", series=None)
    ev = vevents(render(event))["evt-1@calendar-service"]
    assert str(ev["SUMMARY"]) == "Xi Jinping meets Sergey Lavrov, Beijing"
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2024, 4, 9), date(2024, 4, 10))
    assert str(ev["STATUS"]) == "CONFIRMED"
    assert [str(c) for c in ev["CATEGORIES"].cats] == ["meeting"]


def test_postponed_event_says_so_and_is_tentative():
    event = make_event(earliest=date(2024, 10, 22), latest=date(2024, 10, 24),
                       granularity="day", status="postponed")
    ev = vevents(render(event))["evt-1@calendar-service"]
    assert str(ev["SUMMARY"]) == "BRICS summit, Kazan (postponed)"
    assert str(ev["STATUS"]) == "TENTATIVE"


def test_event_that_lost_its_dates_is_drawn_on_its_last_known_dates():
    old = Revision(sequence=1, earliest=date(2023, 2, 5), latest=date(2023, 2, 6),
                   status="confirmed", source=source(), phrase="Feb 5-6",
                   changed_at=datetime(2023, 1, 20, tzinfo=UTC))
    new = Revision(sequence=2, earliest=date(2023, 2, 4), latest=None, status="postponed",
                   source=source("Reuters", date(2023, 2, 3)), phrase=None,
                   changed_at=datetime(2023, 2, 3, tzinfo=UTC))
    event = make_event(title="Blinken trip to China", city=None, country="China",
                       earliest=date(2023, 2, 4), latest=None, granularity=None,
                       status="postponed", sequence=2, revisions=[old, new])
    ev = vevents(render(event))["evt-1@calendar-service"]
    assert str(ev["SUMMARY"]) == (
        "Blinken trip to China (postponed; new dates not yet known; was 5 – 6 Feb 2023)"
    )
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2023, 2, 5), date(2023, 2, 7))
    assert str(ev["STATUS"]) == "TENTATIVE"
    assert str(ev["TRANSP"]) == "TRANSPARENT"


def test_undated_and_open_ended_events_without_history_are_not_rendered():
    undated = make_event("undated", earliest=None, latest=None, granularity=None,
                         revisions=[])
    open_ended = make_event("open", earliest=date(2024, 4, 10), latest=None, granularity=None)
    dated = make_event("dated")
    assert set(vevents(render(undated, open_ended, dated))) == {"dated@calendar-service"}


def test_cancelled_events_stay_for_the_configured_period_then_leave():
    event = make_event(earliest=date(2024, 5, 24), latest=date(2024, 5, 24), granularity="day",
                       status="cancelled")
    ev = vevents(render(event, as_of=date(2024, 8, 22)))["evt-1@calendar-service"]
    assert str(ev["STATUS"]) == "CANCELLED"
    assert str(ev["TRANSP"]) == "TRANSPARENT"
    assert "(cancelled)" in str(ev["SUMMARY"])
    # 2024-05-24 + 90 days = 2024-08-22: the last day it is still listed.
    assert vevents(render(event, as_of=date(2024, 8, 23))) == {}
    assert len(vevents(render(event))) == 1  # without a reference day nothing expires


def test_calendar_properties_and_no_method():
    raw = render(make_event(), feed_url="https://cal.example/feeds/all.ics")
    cal = Calendar.from_ical(raw)
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"]) == "All diplomatic events"
    assert str(cal["DESCRIPTION"]) == str(cal["X-WR-CALDESC"]) == "Visits, summits; talks"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//calendar-service//")
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in raw
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in raw
    assert b"\r\nSOURCE;VALUE=URI:https://cal.example/feeds/all.ics\r\n" in raw
    assert str(cal["COLOR"]) == "steelblue"
    assert str(cal["X-APPLE-CALENDAR-COLOR"]) == "#3B6EA5"
    assert "METHOD" not in cal
    assert b"\r\nMETHOD" not in raw


def test_non_ascii_and_special_characters_round_trip():
    titles = {
        "ru": "Саммит БРИКС в Казани, 22–24 октября",
        "zh": "习近平与普京在阿斯塔纳会晤；上合组织峰会",
        "tricky": 'Talks; "quoted", back\\slash\nsecond line 🎉🇷🇺',
    }
    events = [make_event(key, title=title, city="Казань", country="Россия")
              for key, title in titles.items()]
    parsed = vevents(render(*events))
    for key, title in titles.items():
        summary = str(parsed[f"{key}@calendar-service"]["SUMMARY"])
        assert summary.startswith(title + ", Казань (")
        assert str(parsed[f"{key}@calendar-service"]["LOCATION"]) == "Казань, Россия"


def test_output_is_crlf_and_folded_at_75_octets_without_splitting_characters():
    long_title = "Визит 习近平 🎉 " * 40
    raw = render(make_event(title=long_title))
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    folded = [line for line in lines if line.startswith(b" ")]
    assert len(folded) > 10  # the long title really was folded
    for line in lines:
        line.decode("utf-8")  # a split multi-byte character would raise here


def test_control_characters_are_dropped_not_emitted():
    raw = render(make_event(title="bad\x00title\x07 with\r\nbreak"))
    summary = str(next(iter(vevents(raw).values()))["SUMMARY"])
    assert summary.startswith("bad" + "title with\nbreak")
    assert b"\x00" not in raw and b"\x07" not in raw


def test_same_events_give_the_same_bytes_in_any_order():
    events = [make_event(f"e{i}", earliest=date(2024, 1 + i % 12, 1),
                         latest=date(2024, 1 + i % 12, 28)) for i in range(20)]
    first = render(*events)
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    assert render(*shuffled) == first
    starts = [v.decoded("DTSTART") for v in Calendar.from_ical(first).walk("VEVENT")]
    assert starts == sorted(starts)


def test_recurring_ical_events_reads_the_same_events_and_dates():
    exact = make_event("exact", earliest=date(2024, 5, 16), latest=date(2024, 5, 17),
                       granularity="day", status="confirmed")
    vague = make_event("vague")
    cancelled = make_event("gone", earliest=date(2024, 7, 3), latest=date(2024, 7, 4),
                           granularity="day", status="cancelled")
    cal = Calendar.from_ical(render(exact, vague, cancelled))
    found = recurring_ical_events.of(cal).between(date(2024, 1, 1), date(2025, 1, 1))
    got = {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["STATUS"]))
           for e in found}
    assert got == {
        "exact@calendar-service": (date(2024, 5, 16), date(2024, 5, 18), "CONFIRMED"),
        "vague@calendar-service": (date(2024, 10, 1), date(2024, 11, 1), "TENTATIVE"),
        "gone@calendar-service": (date(2024, 7, 3), date(2024, 7, 5), "CANCELLED"),
    }
    in_may = recurring_ical_events.of(cal).between(date(2024, 5, 17), date(2024, 5, 18))
    assert [str(e["UID"]) for e in in_may] == ["exact@calendar-service"]


def test_window_descriptions():
    from calendar_service.publish.presentation import describe_window

    assert describe_window(date(2024, 1, 1), date(2024, 12, 31)) == "sometime in 2024"
    assert describe_window(date(2024, 6, 1), date(2024, 7, 31)) == "sometime in Jun–Jul 2024"
    assert describe_window(date(2024, 12, 1), date(2025, 1, 31)) == (
        "sometime between Dec 2024 and Jan 2025"
    )
    assert describe_window(date(2024, 2, 1), date(2024, 2, 29)) == "sometime in Feb 2024"
    assert describe_window(date(2024, 12, 30), date(2025, 1, 2)) == (
        "dates not yet fixed: 30 Dec 2024 – 2 Jan 2025"
    )
    assert describe_window(date(2024, 5, 13), date(2024, 5, 19)) == (
        "dates not yet fixed: 13 – 19 May 2024"
    )


def test_vevent_cache_changes_speed_never_bytes():
    from calendar_service.publish.ical import VEventCache

    events = [make_event(f"e{i}", earliest=date(2024, 5, i + 1), latest=date(2024, 5, i + 2))
              for i in range(5)]
    cache = VEventCache(max_entries=3, limit=3)
    plain = render(*events)
    assert render(*events, cache=cache) == plain
    assert render(*events, cache=cache) == plain  # now partly from the cache
    assert len(cache) == 3  # bounded
    changed = replace(events[0], title="Renamed summit", sequence=2,
                      updated=datetime(2024, 6, 1, tzinfo=UTC))
    again = render(changed, *events[1:], cache=cache)
    assert again == render(changed, *events[1:])
    assert "Renamed summit" in str(vevents(again)["e0@calendar-service"]["SUMMARY"])


def test_vevent_cache_grows_to_hold_the_largest_feed_up_to_its_limit():
    """An LRU smaller than a feed would evict every VEVENT before its next render needs it."""
    from calendar_service.publish.ical import VEventCache

    events = [make_event(f"e{i}", earliest=date(2024, 5, 1 + i % 28),
                         latest=date(2024, 5, 1 + i % 28)) for i in range(40)]
    cache = VEventCache(max_entries=5)
    render(*events, cache=cache)
    assert cache.max_entries == 80  # twice the feed
    assert all(cache.get(VEventCache.key(e, FEED.precise_within_days)) for e in events)
    render(*events[:10], cache=cache)
    assert cache.max_entries == 80  # a smaller feed never shrinks it
    capped = VEventCache(max_entries=5, limit=12)
    render(*events, cache=capped)
    assert (capped.max_entries, len(capped)) == (12, 12)
