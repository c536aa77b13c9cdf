"""Property: any event, however odd its words, reads back unchanged from our feed.

Two readers: the icalendar library, and a strict RFC 5545 unfold-and-unescape written
here. icalendar 6 unescapes with chained replaces, so it misreads a literal backslash
before 'n', ',' or ';' (an escaped '\\\\' followed by 'n' becomes a newline); texts with
backslashes are therefore checked against the strict reader only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ical_factories import make_event
from icalendar import Calendar

from calendar_service.config import Settings
from calendar_service.publish import FeedDefinition, render_calendar
from calendar_service.publish.ical import category

SETTINGS = Settings(database_url="sqlite://")
FEED = FeedDefinition(name="prop", title="Property feed")
EXPECTED_STATUS = {"planned": "TENTATIVE", "confirmed": "CONFIRMED", "held": "CONFIRMED",
                   "postponed": "TENTATIVE", "cancelled": "CANCELLED"}

# Any character a calendar may carry: no control characters (iCal forbids them) except
# newline, no lone surrogates (not encodable as UTF-8); emoji, CJK, Cyrillic, RTL all in.
words = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cc", "Cs")),
        st.sampled_from(list(",;:\\\"'\n🎉🇷🇺习近平Путин")),
    ),
    min_size=1,
    max_size=500,
).filter(lambda s: s.strip() != "")


@st.composite
def events(draw):
    first = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
    width = draw(st.integers(min_value=0, max_value=400))
    return make_event(
        draw(st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True)),
        title=draw(words),
        city=draw(st.none() | words),
        country=draw(st.none() | words),
        series=draw(st.none() | words),
        participants=tuple(draw(st.lists(words, max_size=3))),
        earliest=first,
        latest=first + timedelta(days=width),
        granularity=draw(st.sampled_from([None, "day", "week", "month", "year"])),
        status=draw(st.sampled_from(sorted(EXPECTED_STATUS))),
        sequence=draw(st.integers(min_value=0, max_value=10_000)),
        phrase=draw(st.none() | words),
    )


def strict_properties(raw: bytes) -> dict[str, str]:
    """Unfold per RFC 5545 3.1, then unescape TEXT per 3.3.11 in one pass (VEVENT only)."""
    text = raw.decode("utf-8").replace("\r\n ", "")
    body = text.split("BEGIN:VEVENT\r\n", 1)[1].split("END:VEVENT", 1)[0]
    out = {}
    for line in body.split("\r\n"):
        if not line:
            continue
        name, _, value = line.partition(":")
        out[name.split(";")[0]] = re.sub(
            r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value
        )
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(event=events())
def test_random_event_round_trips(event):
    raw = render_calendar(FEED, [event], settings=SETTINGS)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    location = ", ".join(p for p in (event.city, event.country) if p)
    tags = [event.kind] + ([category(event.series)] if event.series else [])
    tags = [t for t in dict.fromkeys(tags) if t]

    strict = strict_properties(raw)
    assert strict["SUMMARY"].startswith(event.title)
    assert strict.get("LOCATION", "") == location
    for name in event.participants:
        assert name in strict["DESCRIPTION"]

    (parsed,) = Calendar.from_ical(raw).walk("VEVENT")
    assert str(parsed["UID"]) == f"{event.id}@calendar-service"
    assert parsed.decoded("DTSTART") == event.earliest
    assert parsed.decoded("DTEND") == event.latest + timedelta(days=1)
    assert parsed.decoded("SEQUENCE") == event.sequence
    assert [str(c) for c in parsed["CATEGORIES"].cats] == tags
    status = str(parsed["STATUS"])
    if event.status == "cancelled":
        assert status == "CANCELLED"
    else:
        assert status in {EXPECTED_STATUS[event.status], "TENTATIVE"}
    if "\\" not in strict["SUMMARY"] + strict.get("LOCATION", ""):
        assert str(parsed["SUMMARY"]) == strict["SUMMARY"]
        assert str(parsed.get("LOCATION", "")) == location


def test_backslash_sequences_are_escaped_once_and_in_order():
    raw = render_calendar(FEED, [make_event(title="C:\\News, \\n; done", city=None)],
                          settings=SETTINGS)
    assert b"SUMMARY:C:\\\\News\\, \\\\n\\; done (sometime in Oct 2024)\r\n" in raw
    assert strict_properties(raw)["SUMMARY"].startswith("C:\\News, \\n; done")
