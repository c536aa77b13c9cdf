"""Render a feed's events as an iCalendar (RFC 5545 + RFC 7986) subscription feed.

Pure: events in, bytes out. Nothing depends on the clock, so the same events give the same
bytes (DTSTAMP and LAST-MODIFIED are the event's last change), which lets HTTP answer 304.
Every event is all-day: DTSTART;VALUE=DATE is the first day, DTEND the day after the last.
See presentation.py for how vague ranges are shown.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, vDuration, vText
from icalendar.parser import escape_char

from calendar_service.config import Settings
from calendar_service.events.model import Event
from calendar_service.publish import presentation as show
from calendar_service.publish.colors import nearest_css3_name
from calendar_service.publish.feeds import FeedDefinition

PRODID = "-//calendar-service//Diplomatic events 0.1//EN"
UID_DOMAIN = "calendar-service"

# iCalendar text may not hold control characters other than tab (and escaped newlines).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ESCAPES = {"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"}
_TO_ESCAPE = re.compile(r"[\\;,\n]")
# Readers split CATEGORIES on commas, often ignoring escapes: a tag never holds one.
_TAG_SEPARATORS = re.compile(r"[\\;,\s]+")
_URI_BREAKS = re.compile(r"[\r\n]")


class _Text(vText):
    """TEXT escaped per RFC 5545 3.3.11 in one pass.

    icalendar's own escaper first turns a literal backslash-N into a newline, which would
    corrupt text such as 'C:\\News'; one left-to-right pass has no such order effects.
    """

    def to_ical(self) -> bytes:
        return _TO_ESCAPE.sub(_escape_match, str(self)).encode("utf-8")


def _text(value: str) -> _Text:
    return _Text(clean_text(value))


def category(value: str) -> str:
    """A CATEGORIES entry: separators that readers split on become single spaces."""
    return _TAG_SEPARATORS.sub(" ", clean_text(value)).strip()


def event_uid(event_id: str) -> str:
    """The calendar UID: derived from the stable event id, so it never changes."""
    return f"{event_id}@{UID_DOMAIN}"


def clean_text(text: str) -> str:
    """Newlines kept (iCal escapes them as \\n); CR and other control characters dropped."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class VEventCache:
    """Rendered VEVENT bytes of recently seen event versions (bounded, least recently used).

    Rendering an event costs about 50-100 us (see benchmarks/feeds.py), joining its cached
    bytes a few; calendar clients poll feeds that rarely change. The key holds everything a
    VEVENT is rendered from that can change: reconciliation bumps `updated` on every change
    and adds a support or revision with it, so a changed event never meets its old bytes.

    Sizing: an entry costs about 1.2 KB (measured with tracemalloc on the benchmark's
    10,000 events: its VEVENT, ~0.95 KB on average, plus the key and the LRU's bookkeeping;
    the key also keeps the event's id, title and dates alive). An LRU smaller than a feed
    misses on every lookup of a sequential re-render, so render_calendar calls `fit` with
    each feed's size: the bound grows to twice the largest feed rendered (room for other
    feeds' precision variants and for the old versions of changed events), from
    `max_entries` up to `limit`. A 100,000-event feed: ~120 MB for its own entries, at
    most ~240 MB per process.
    """

    def __init__(self, max_entries: int = 20_000, *, limit: int = 1_000_000) -> None:
        self.max_entries = min(max_entries, limit)
        self.limit = limit
        self._entries: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(event: Event, precise_within_days: int) -> tuple[object, ...]:
        return (event.id, event.sequence, event.updated, event.status, event.earliest,
                event.latest, event.granularity, event.title, len(event.supports),
                len(event.revisions), precise_within_days)

    def get(self, key: tuple[object, ...]) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[object, ...], body: bytes) -> None:
        with self._lock:
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def fit(self, feed_size: int) -> None:
        """Make room for a feed of `feed_size` events (see Sizing above); never shrinks."""
        with self._lock:
            self.max_entries = max(self.max_entries, min(2 * feed_size, self.limit))

    def __len__(self) -> int:
        return len(self._entries)


def render_calendar(
    feed: FeedDefinition,
    events: Iterable[Event],
    *,
    settings: Settings,
    feed_url: str | None = None,
    as_of: date | None = None,
    cache: VEventCache | None = None,
) -> bytes:
    """The feed as CRLF-terminated, folded, escaped UTF-8 iCalendar bytes.

    Undated events are left out. With `as_of`, cancelled events whose last day lies more
    than settings.keep_cancelled_days before it are left out too; younger ones stay, marked
    CANCELLED, so subscribed clients update instead of keeping a stale copy. A `cache`
    changes the speed, never the bytes.
    """
    shown = []
    for event in events:
        display = show.display_range(event, feed.precise_within_days)
        if display is None or _expired(event, display, settings, as_of):
            continue
        shown.append((display.first, event.id, event, display))
    header = _calendar_header(feed, settings, feed_url).to_ical()
    assert header.endswith(_END)
    parts = [header[: -len(_END)]]
    if cache is not None:
        cache.fit(len(shown))
    for _first, _id, event, display in sorted(shown, key=lambda item: item[:2]):
        parts.append(_vevent_bytes(event, display, feed.precise_within_days, cache))
    parts.append(_END)
    return b"".join(parts)


_END = b"END:VCALENDAR\r\n"


def _vevent_bytes(
    event: Event, shown: show.Display, precise: int, cache: VEventCache | None
) -> bytes:
    if cache is None:
        return _vevent(event, shown)
    key = VEventCache.key(event, precise)
    body = cache.get(key)
    if body is None:
        body = _vevent(event, shown)
        cache.put(key, body)
    return body


def _calendar_header(
    feed: FeedDefinition, settings: Settings, feed_url: str | None
) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", _text(feed.title))
    cal.add("x-wr-calname", _text(feed.title))
    if feed.description:
        cal.add("description", _text(feed.description))
        cal.add("x-wr-caldesc", _text(feed.description))
    ttl = timedelta(minutes=settings.calendar_refresh_minutes)
    # Separate value objects: icalendar stores parameters on the value itself.
    cal.add("refresh-interval", vDuration(ttl), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(ttl))
    if feed_url:
        cal.add("source", feed_url, parameters={"VALUE": "URI"})
    if feed.color:
        cal.add("color", nearest_css3_name(feed.color))
        cal.add("x-apple-calendar-color", feed.color.upper())
    return cal


def _expired(event: Event, shown: show.Display, settings: Settings, as_of: date | None) -> bool:
    if as_of is None or event.status != "cancelled":
        return False
    return shown.last + timedelta(days=settings.keep_cancelled_days) < as_of


def _vevent(event: Event, shown: show.Display) -> bytes:
    """One VEVENT as folded CRLF lines: the bytes icalendar's Event.to_ical() gives.

    Written directly because icalendar's generic machinery (property objects, parameter
    dicts, a per-character fold) cost about 0.25 ms an event, most of a cold feed's time.
    The properties come in the order icalendar emits them (its canonical ones, then the
    rest by name); tests/publish/test_ical_writer.py checks the bytes against icalendar.
    """
    updated = _stamp(event.updated)
    tags = [c for c in dict.fromkeys(category(c) for c in show.categories(event)) if c]
    lines = [
        "BEGIN:VEVENT",
        "SUMMARY:" + escape_text(show.summary(event, shown)),
        "DTSTART;VALUE=DATE:" + _day(shown.first),
        "DTEND;VALUE=DATE:" + _day(shown.end_exclusive),
        "DTSTAMP:" + updated,
        "UID:" + escape_char(event_uid(event.id)),
        "SEQUENCE:" + str(int(event.sequence)),
        "CATEGORIES:" + ",".join(escape_char(tag) for tag in tags),
        "CREATED:" + _stamp(event.created),
        "DESCRIPTION:" + escape_text(_description(event, shown)),
        "LAST-MODIFIED:" + updated,
    ]
    place = show.location(event)
    if place:
        lines.append("LOCATION:" + escape_text(place))
    lines.append("STATUS:" + show.ical_status(event, shown))
    certain = shown.exact and event.status != "cancelled"
    lines.append("TRANSP:" + ("OPAQUE" if certain else "TRANSPARENT"))
    source = show.best_source(event)
    if source is not None and source.url:
        # A URI has no escapes; a line break in one would split the content line.
        lines.append("URL;VALUE=URI:" + _URI_BREAKS.sub("", source.url))
    lines.append("END:VEVENT")
    return b"".join(fold(line.encode("utf-8")) + b"\r\n" for line in lines)


def escape_text(value: str) -> str:
    """TEXT per RFC 5545 3.3.11 (see _Text), after dropping control characters.

    Backslashes first, so no later replacement meets a backslash it added: the same result
    as _Text's one left-to-right pass, several times faster than a regex callback.
    """
    text = clean_text(value)
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\n", "\\n"))


def _escape_match(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


FOLD_OCTETS = 74  # content octets per physical line (icalendar folds before the 75th)


def fold(line: bytes) -> bytes:
    """Fold a UTF-8 content line as icalendar does: at most 74 octets a physical line
    (plus the leading space of a continuation), never inside a multi-byte character."""
    if len(line) <= FOLD_OCTETS:
        return line
    parts = []
    start = 0
    while len(line) - start > FOLD_OCTETS:
        end = start + FOLD_OCTETS
        while line[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to its lead
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


def _day(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _stamp(moment: datetime) -> str:
    utc = _utc(moment)
    return f"{_day(utc)}T{utc.hour:02}{utc.minute:02}{utc.second:02}Z"


def _description(event: Event, shown: show.Display) -> str:
    when = show.format_span(shown.first, shown.last)
    if shown.stale:
        when += " (the last dates announced; none are known now)"
    elif not shown.exact:
        when += " (a window: the event falls somewhere inside it)"
    parts = [f"When: {when}", f"Status: {event.status}"]
    if event.participants:
        parts.append("Participants: " + ", ".join(event.participants))
    evidence = show.evidence_lines(event)
    if evidence:
        parts.append("Evidence:\n" + "\n".join(f"- {line}" for line in evidence))
    history = show.history_lines(event)
    if history:
        parts.append("History:\n" + "\n".join(f"- {line}" for line in history))
    return "\n".join(parts)


def _utc(moment: datetime) -> datetime:
    """Stored times without a zone are UTC; emit them as UTC ('Z') whatever they carry."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC, microsecond=0)
    return moment.astimezone(UTC).replace(microsecond=0)
