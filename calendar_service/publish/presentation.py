"""How an event is shown to people: its displayed days, how certain they are, its words.

Shared by the iCal renderer and the web page so both say the same thing.

The rule for vague ranges: a range is *exact* when the text gave days (granularity "day" or
unknown) and it spans at most `precise_within_days`. Anything else is a *window*: the event
falls somewhere inside it. A window is still drawn over all its days, so subscribers see
where it may fall, but it never pretends to be precise: the title says "(sometime in
Oct 2024)" or "(dates not yet fixed: 10 Apr – 31 Dec 2024)", the calendar marks it
TRANSPARENT (it does not block free/busy) and TENTATIVE.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from calendar_service.events.model import Event, Revision, SourceRef

# English abbreviations, not strftime's %b, so output never depends on the process locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
EXACT_GRANULARITIES = frozenset({"day"})
# After the date of a source that gave none (SourceRef.date_basis "fetched"): the feeds'
# wording, and the web page's short one (with the long one as its tooltip).
FETCHED_NOTE = "(source gave no date; fetched that day)"
FETCHED_MARK = "fetch day"

ICAL_STATUS = {
    "planned": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "held": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


@dataclass(frozen=True)
class Display:
    """The days an event is drawn on and what to say about them."""

    first: date
    last: date  # inclusive
    exact: bool  # False: a window the event falls somewhere inside
    stale: bool  # True: the event lost its dates; these are the last ones it had

    @property
    def end_exclusive(self) -> date:
        return self.last + timedelta(days=1)


def display_range(event: Event, precise_within_days: int) -> Display | None:
    """The days to draw, or None when the event has never had a bounded range.

    An event that lost its bounds (postponed without new dates, cancelled) is drawn on the
    last bounded range its history has, so subscribers see it change instead of keeping
    a stale copy; one that never had bounds is not drawn at all.
    """
    if event.earliest is not None and event.latest is not None:
        first, last, stale = event.earliest, event.latest, False
    else:
        previous = _last_bounded_revision(event.revisions)
        if previous is None:
            return None
        assert previous.earliest is not None and previous.latest is not None
        first, last, stale = previous.earliest, previous.latest, True
    width = (last - first).days + 1
    exact = (
        not stale
        and width <= precise_within_days
        and (event.granularity is None or event.granularity in EXACT_GRANULARITIES)
    )
    return Display(first=first, last=last, exact=exact, stale=stale)


def _last_bounded_revision(revisions: list[Revision]) -> Revision | None:
    bounded = [r for r in revisions if r.earliest is not None and r.latest is not None]
    return max(bounded, key=lambda r: r.sequence) if bounded else None


def ical_status(event: Event, shown: Display) -> str:
    """CANCELLED wins; otherwise uncertain days are TENTATIVE whatever the status says."""
    status = ICAL_STATUS[event.status]
    if status == "CONFIRMED" and not shown.exact:
        return "TENTATIVE"
    return status


def summary(event: Event, shown: Display) -> str:
    """Title, host city, and in parentheses any uncertainty or status change."""
    text = event.title
    if event.city and event.city.casefold() not in text.casefold():
        text = f"{text}, {event.city}"
    notes: list[str] = []
    if event.status in ("cancelled", "postponed"):
        notes.append(event.status)
    if shown.stale:
        notes.append(f"new dates not yet known; was {format_span(shown.first, shown.last)}")
    elif not shown.exact:
        notes.append(describe_window(shown.first, shown.last))
    return f"{text} ({'; '.join(notes)})" if notes else text


def describe_window(first: date, last: date) -> str:
    """'sometime in Oct 2024', 'sometime in 2024', 'dates not yet fixed: 10 Apr – 31 Dec 2024'."""
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
        first.year == last.year
    ):
        return f"sometime in {first.year}"
    if first.day == 1 and last.day == calendar.monthrange(last.year, last.month)[1]:
        start, end = month_label(first), month_label(last)
        if (first.year, first.month) == (last.year, last.month):
            return f"sometime in {end}"
        if first.year == last.year:
            return f"sometime in {_MONTHS[first.month - 1]}–{end}"
        return f"sometime between {start} and {end}"
    return f"dates not yet fixed: {format_span(first, last)}"


def format_span(first: date, last: date) -> str:
    """'16 May 2024', '16 – 17 May 2024', '10 Apr – 31 Dec 2024', '30 Dec 2024 – 2 Jan 2025'."""
    if first == last:
        return _day_label(last)
    if first.year != last.year:
        return f"{_day_label(first)} – {_day_label(last)}"
    if first.month != last.month:
        return f"{first.day} {_MONTHS[first.month - 1]} – {_day_label(last)}"
    return f"{first.day} – {_day_label(last)}"


def location(event: Event) -> str | None:
    parts = [p for p in (event.city, event.country) if p]
    return ", ".join(parts) or None


def categories(event: Event) -> list[str]:
    words = [event.kind.replace("_", " ")]
    if event.series and event.series not in words:
        words.append(event.series)
    return words


def best_source(event: Event) -> SourceRef | None:
    """The source to link: the newest revision's article with a URL, else the newest support."""
    for revision in sorted(event.revisions, key=lambda r: r.sequence, reverse=True):
        if revision.source.url:
            return revision.source
    with_url = [s.source for s in event.supports if s.source.url]
    return max(with_url, key=lambda s: (s.published, s.url or "")) if with_url else None


def cited_date(source: SourceRef) -> str:
    """The source's date as cited: "2024-05-02", or, when the source gave no date and the
    fetch day stands in (every range derived from it is relative to that guess),
    "2024-05-02 (source gave no date; fetched that day)"."""
    day = source.published.isoformat()
    return f"{day} {FETCHED_NOTE}" if source.date_basis == "fetched" else day


def evidence_lines(event: Event) -> list[str]:
    """"Kyodo News, 2024-04-09: 'later this year'", one per distinct source and phrase."""
    lines: list[str] = []
    ordered = sorted(
        event.supports, key=lambda s: (s.source.published, s.source.outlet, s.mention.start)
    )
    for support in ordered:
        phrase = support.mention.phrase
        said = f"'{phrase}'" if phrase else "no date given"
        line = f"{support.source.outlet}, {cited_date(support.source)}: {said}"
        if line not in lines:
            lines.append(line)
    return lines


def history_lines(event: Event) -> list[str]:
    """'#2 2024-05-14 Xinhua: 16 – 17 May 2024, confirmed ('May 16-17')', oldest first."""
    lines = []
    for rev in sorted(event.revisions, key=lambda r: r.sequence):
        if rev.earliest and rev.latest:
            when = format_span(rev.earliest, rev.latest)
        elif rev.earliest:
            when = f"from {_day_label(rev.earliest)}, end not known"
        else:
            when = "no dates"
        line = f"#{rev.sequence} {cited_date(rev.source)} {rev.source.outlet}: "
        line += f"{when}, {rev.status}"
        if rev.phrase:
            line += f" ('{rev.phrase}')"
        if rev.note:
            line += f" – {rev.note}"
        lines.append(line)
    return lines


def month_label(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _day_label(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
