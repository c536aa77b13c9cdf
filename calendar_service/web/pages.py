"""The server-rendered web page: a timeline at /, one page per event at /events/<id>."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flask import Blueprint, render_template, request
from werkzeug.datastructures import MultiDict

from calendar_service.events.model import Event
from calendar_service.publish import presentation as show
from calendar_service.publish.feeds import DEFAULT_PRECISE_WITHIN_DAYS, KINDS
from calendar_service.store import EventQuery
from calendar_service.web.context import services
from calendar_service.web.params import has_control_characters, parse_event_query
from calendar_service.web.problems import ApiError
from calendar_service.web.timeline import KIND_COLORS, WIDTH, layout

bp = Blueprint("pages", __name__, template_folder="templates")
RECENT_DAYS = 90  # the timeline starts this long before today
PAGE_FILTERS = ("kind", "country", "q")
MAX_ROWS = 500


@bp.get("/")
def timeline_page() -> str:
    s = services()
    today = s.today()
    for name in request.args:
        if name not in PAGE_FILTERS:
            raise ApiError(400, f"unknown parameter {name!r}; allowed: {', '.join(PAGE_FILTERS)}")
    given = MultiDict([(k, v) for k, v in request.args.items(multi=True) if v.strip()])
    query = parse_event_query(given, today=today, paged=False)
    # Undated events pass the date filter; the layout lists them apart, below the bars.
    query = replace(query, date_from=today - timedelta(days=RECENT_DAYS), limit=MAX_ROWS,
                    include_undated=True)
    events = s.store.query_events(query)
    countries = sorted({e.country for e in s.store.query_events(EventQuery()) if e.country})
    return render_template(
        "timeline.html", timeline=layout(events, today), today=today, width=WIDTH,
        kinds=KINDS, kind_colors=KIND_COLORS, countries=countries,
        chosen_kinds=query.kinds, chosen_country=query.country or "", q=query.text or "",
        feeds=_feed_links(), custom_query=request.query_string.decode("ascii", "replace"),
        recent_days=RECENT_DAYS,
    )


@bp.get("/events/<event_id>")
def event_page(event_id: str) -> str:
    event = None
    if len(event_id) <= 64 and not has_control_characters(event_id):
        event = services().store.get_event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    display = show.display_range(event, DEFAULT_PRECISE_WITHIN_DAYS)
    return render_template(
        "event.html", event=event, display=display,
        when=_when(display), summary=show.summary(event, display) if display else event.title,
        evidence=sorted(event.supports, key=lambda s: (s.source.published, s.mention.start)),
        history=_history_chart(event), width=WIDTH, color=KIND_COLORS.get(event.kind, "#777"),
        place=show.location(event), fetched_mark=show.FETCHED_MARK,
        fetched_note=show.FETCHED_NOTE,
    )


def _when(display: show.Display | None) -> str:
    if display is None:
        return "no dates known yet"
    if display.exact or display.stale:
        return show.format_span(display.first, display.last)
    return show.describe_window(display.first, display.last)


def _feed_links() -> list[dict[str, str]]:
    root = request.host_url
    host_root = root.split("://", 1)[1]
    return [
        {"name": f.name, "title": f.title, "description": f.description,
         "https": f"{root}feeds/{f.name}.ics", "webcal": f"webcal://{host_root}feeds/{f.name}.ics"}
        for f in sorted(services().feeds.values(), key=lambda f: f.name)
    ]


def _history_chart(event: Event) -> list[dict[str, object]]:
    """One bar per revision on an axis shared by all of them: how the range narrowed."""
    revisions = sorted(event.revisions, key=lambda r: r.sequence)
    bounded = [r for r in revisions if r.earliest and r.latest]
    if not bounded:
        return []
    start = min(r.earliest for r in bounded if r.earliest)
    end = max(r.latest for r in bounded if r.latest) + timedelta(days=1)
    span = max((end - start).days, 1)
    rows = []
    for r in revisions:
        row: dict[str, object] = {"revision": r, "x": None, "width": None}
        if r.earliest and r.latest:
            row["x"] = round((r.earliest - start).days / span * WIDTH, 2)
            row["width"] = round(max(((r.latest - r.earliest).days + 1) / span * WIDTH, 3), 2)
            row["when"] = show.format_span(r.earliest, r.latest)
        else:
            row["when"] = "no bounded dates"
        rows.append(row)
    return rows

