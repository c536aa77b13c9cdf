"""Interoperability: our feed read by parsers we did not write (Mozilla's ical.js under
Node, libical through ctypes, icalendar, recurring_ical_events) must give the same events,
dates, statuses and UIDs as our JSON API reports for them.

ical.js is installed by the test setup: `npm ci --prefix tests/publish/interop`; libical
is the Debian package libical3.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
import recurring_ical_events
from ical_factories import make_event
from icalendar import Calendar
from libical_reader import load_libical, read_with_libical

from calendar_service.config import Settings
from calendar_service.publish import FeedDefinition, render_calendar
from calendar_service.web.serialize import event_to_json

INTEROP = Path(__file__).parent / "interop"
SETTINGS = Settings(database_url="sqlite://")
FEED = FeedDefinition(name="mixed", title="Смешанный календарь 混合", description="a; b, c")
STATUS = {"planned": "TENTATIVE", "confirmed": "CONFIRMED", "held": "CONFIRMED",
          "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def mixed_events():
    return [
        make_event("multi-day", title="Putin state visit to China", kind="state_visit",
                   city="Beijing", country="China", earliest=date(2024, 5, 16),
                   latest=date(2024, 5, 17), granularity="day", status="confirmed"),
        make_event("vague", title="BRICS summit"),
        make_event("later", title="Визит Путина в Китай", kind="state_visit", city=None,
                   country="Китай", earliest=date(2024, 4, 10), latest=date(2024, 12, 31),
                   granularity="year", phrase="later this year"),
        make_event("cancelled", title="Quad summit", city="Sydney", country="Australia",
                   earliest=date(2023, 5, 24), latest=date(2023, 5, 24), granularity="day",
                   status="cancelled"),
        make_event("chinese", title="习近平同普京会谈；上合组织峰会, \"Astana\" \\ 🎉",
                   kind="meeting", city="阿斯塔纳", country="哈萨克斯坦",
                   earliest=date(2024, 7, 3), latest=date(2024, 7, 3), granularity="day",
                   status="held", series=None),
        make_event("year-end", title="Talks across the new year", kind="talks",
                   earliest=date(2024, 12, 30), latest=date(2025, 1, 2), granularity="day",
                   status="postponed"),
    ]


def api_view(events):
    """What our API says: id, first day, exclusive end, status for each event."""
    out = {}
    for e in events:
        obj = event_to_json(e)
        latest = date.fromisoformat(obj["latest"])
        out[f"{obj['id']}@calendar-service"] = (
            obj["earliest"], (latest + timedelta(days=1)).isoformat(), obj["status"])
    return out


def expected_ical_status(api_status: str, uid: str, events) -> str:
    event = next(e for e in events if f"{e.id}@calendar-service" == uid)
    status = STATUS[api_status]
    return "TENTATIVE" if status == "CONFIRMED" and (event.granularity != "day") else status


def read_with_icaljs(raw: bytes) -> dict:
    node = shutil.which("node")
    installed = (INTEROP / "node_modules" / "ical.js").is_dir()
    if node is None or not installed:
        why = "node not found" if node is None else "ical.js not installed"
        message = f"{why}: run `npm ci --prefix tests/publish/interop`"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: interoperability tests must run)")
        pytest.skip(message)
    done = subprocess.run([node, str(INTEROP / "read_with_icaljs.mjs")], input=raw,
                          capture_output=True, timeout=60, check=False, cwd=INTEROP)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def test_icaljs_reads_what_the_api_reports():
    events = mixed_events()
    raw = render_calendar(FEED, events, settings=SETTINGS)
    parsed = read_with_icaljs(raw)
    assert parsed["name"] == parsed["x_wr_calname"] == FEED.title
    assert parsed["refresh_interval"] == "PT1H"
    got = {e["uid"]: e for e in parsed["events"]}
    api = api_view(events)
    assert set(got) == set(api)
    for uid, (first, end, status) in api.items():
        e = got[uid]
        assert (e["start"], e["end"]) == (first, end), uid
        assert e["start_is_date"] and e["end_is_date"]
        assert e["status"] == expected_ical_status(status, uid, events), uid
    for event in events:
        e = got[f"{event.id}@calendar-service"]
        assert e["summary"].startswith(event.title)
        assert e["sequence"] == event.sequence
        assert e["categories"][0] == event.kind.replace("_", " ")
        assert e["location"] == ", ".join(p for p in (event.city, event.country) if p)
    chinese = got["chinese@calendar-service"]
    assert chinese["summary"] == "习近平同普京会谈；上合组织峰会, \"Astana\" \\ 🎉, 阿斯塔纳"
    assert "Kyodo News, 2024-04-09: 'in October'" in got["vague@calendar-service"]["description"]


def test_python_readers_agree_with_the_api():
    events = mixed_events()
    raw = render_calendar(FEED, events, settings=SETTINGS)
    api = api_view(events)
    cal = Calendar.from_ical(raw)
    plain = {str(v["UID"]): (v.decoded("DTSTART").isoformat(), v.decoded("DTEND").isoformat(),
                             str(v["STATUS"])) for v in cal.walk("VEVENT")}
    expanded = recurring_ical_events.of(cal).between(date(2020, 1, 1), date(2030, 1, 1))
    recurring = {str(v["UID"]): (v.decoded("DTSTART").isoformat(),
                                 v.decoded("DTEND").isoformat(), str(v["STATUS"]))
                 for v in expanded}
    expected = {uid: (first, end, expected_ical_status(status, uid, events))
                for uid, (first, end, status) in api.items()}
    assert plain == expected
    assert recurring == expected


def test_libical_reads_what_the_api_reports():
    lib = load_libical()
    if lib is None:
        message = "libical not found: install the Debian package libical3"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI=true: interoperability tests must run)")
        pytest.skip(message)
    events = mixed_events()
    raw = render_calendar(FEED, events, settings=SETTINGS)
    got = {e.uid: e for e in read_with_libical(lib, raw)}
    api = api_view(events)
    assert set(got) == set(api)
    for uid, (first, end, status) in api.items():
        e = got[uid]
        assert (e.start, e.end) == (first.replace("-", ""), end.replace("-", "")), uid
        assert e.start_is_date
        assert e.status == expected_ical_status(status, uid, events), uid
    for event in events:
        e = got[f"{event.id}@calendar-service"]
        assert e.summary.startswith(event.title)
        assert e.sequence == event.sequence
        assert e.location == (", ".join(p for p in (event.city, event.country) if p) or None)
