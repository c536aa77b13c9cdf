"""Layout of the timeline page: where each event's bar goes and how it looks. Pure.

A bar spans the days the feeds draw (presentation.display_range). Its style says how sure
we are: 'exact' bars are solid, 'window' bars (the event falls somewhere inside) are hatched
and faded, 'stale' ones (dates withdrawn) and cancelled ones are grey and dashed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from calendar_service.events.model import Event
from calendar_service.publish import presentation as show
from calendar_service.publish.feeds import DEFAULT_PRECISE_WITHIN_DAYS

WIDTH = 640  # px of the bar area
MIN_BAR = 3  # px: a one-day event stays visible on a year-long axis
KIND_COLORS = {
    "state_visit": "#3b6ea5", "official_visit": "#5b8cc5", "visit": "#7aa6d6",
    "summit": "#a5493b", "conference": "#c27a3a", "meeting": "#3ba55c", "talks": "#2f8f83",
    "inauguration": "#8a5aa5",
}


@dataclass(frozen=True)
class Bar:
    event: Event
    x: float
    width: float
    style: str  # exact | window | stale | cancelled
    color: str
    when: str  # "16 – 17 May 2024" or "sometime in Oct 2024"


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    start: date
    end: date  # exclusive
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    undated: list[Event]


def layout(events: list[Event], today: date) -> Timeline:
    """Bars on one shared axis from the first month start to the end of the last month."""
    shown, undated = [], []
    for event in events:
        display = show.display_range(event, DEFAULT_PRECISE_WITHIN_DAYS)
        (shown if display else undated).append((event, display))
    if not shown:
        return Timeline(today, today + timedelta(days=1), [], [], None, [e for e, _ in undated])
    first = min(d.first for _, d in shown if d)
    last = max(d.last for _, d in shown if d)
    start = first.replace(day=1)
    end = _next_month(last.replace(day=1))
    span = (end - start).days
    bars = []
    for event, display in sorted(shown, key=lambda item: (item[1].first, item[0].id)):
        assert display is not None
        x = (display.first - start).days / span * WIDTH
        width = max((display.end_exclusive - display.first).days / span * WIDTH, MIN_BAR)
        bars.append(Bar(event=event, x=round(x, 2), width=round(width, 2),
                        style=_style(event, display), color=KIND_COLORS.get(event.kind, "#777"),
                        when=_when(display)))
    today_x = (today - start).days / span * WIDTH if start <= today < end else None
    return Timeline(start, end, bars, _ticks(start, end, span), today_x,
                    [e for e, _ in undated])


def _style(event: Event, display: show.Display) -> str:
    if event.status == "cancelled":
        return "cancelled"
    if display.stale:
        return "stale"
    return "exact" if display.exact else "window"


def _when(display: show.Display) -> str:
    if display.exact or display.stale:
        return show.format_span(display.first, display.last)
    return show.describe_window(display.first, display.last)


def _ticks(start: date, end: date, span: int) -> list[Tick]:
    """Month ticks, thinned so that at most about twelve are labelled."""
    months = []
    cursor = start
    while cursor < end:
        months.append(cursor)
        cursor = _next_month(cursor)
    step = max(1, -(-len(months) // 12))
    return [Tick(x=round((m - start).days / span * WIDTH, 2),
                 label=show.month_label(m))
            for m in months[::step]]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)
