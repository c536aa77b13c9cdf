"""The JSON API under /api: events, one event (with evidence and history), feeds, summits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request

from calendar_service.events.model import Event
from calendar_service.publish import FeedDefinition
from calendar_service.store import EventQuery, cursor_after
from calendar_service.timeparse import extract
from calendar_service.web.context import services
from calendar_service.web.feeds import calendar_response
from calendar_service.web.openapi import openapi_document
from calendar_service.web.params import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    has_control_characters,
    parse_event_query,
    single,
)
from calendar_service.web.problems import ApiError
from calendar_service.web.serialize import event_detail_to_json, event_to_json

bp = Blueprint("api", __name__, url_prefix="/api")
UPCOMING_KINDS = ("summit", "state_visit", "official_visit")
MAX_ID_LENGTH = 64  # the store's id column
MAX_PARSE_TEXT = 20_000


@bp.get("/events")
def list_events() -> Response:
    s = services()
    query = parse_event_query(request.args, today=s.today(), paged=True)
    return jsonify(_page(query))


@bp.get("/summits/upcoming")
def upcoming_summits() -> Response:
    """Summits and state/official visits not yet over, soonest first."""
    s = services()
    args = request.args.copy()
    for name in args:
        if name not in ("as_of", "limit", "cursor"):
            raise ApiError(400, f"unknown parameter {name!r}; allowed: as_of, cursor, limit")
    args.setlist("kind", list(UPCOMING_KINDS))
    args["upcoming"] = "true"
    query = parse_event_query(args, today=s.today(), paged=True)
    return jsonify(_page(replace(query, sort="earliest")))


@bp.get("/events/<event_id>")
def get_event(event_id: str) -> Response:
    return jsonify(event_detail_to_json(_event_or_404(event_id)))


@bp.get("/events/<event_id>.ics")
def get_event_calendar(event_id: str) -> Response:
    s = services()
    event = _event_or_404(event_id)
    feed = FeedDefinition(name=event_id, title=event.title)
    return calendar_response(feed, [event], s.today(), request.base_url)


@bp.get("/parse")
def parse_text() -> Response:
    """The range engine as a service: every time expression in `text`, resolved."""
    for name in request.args:
        if name not in ("text", "published", "language"):
            raise ApiError(400, f"unknown parameter {name!r}; allowed: language, published, text")
    text = single(request.args, "text")
    if not text:
        raise ApiError(400, "parameter 'text' is required")
    if len(text) > MAX_PARSE_TEXT:
        raise ApiError(400, f"parameter 'text' is longer than {MAX_PARSE_TEXT} characters")
    published_text = single(request.args, "published")
    if not published_text:
        raise ApiError(400, "parameter 'published' (the reference date YYYY-MM-DD) is required")
    try:
        published = date.fromisoformat(published_text)
    except ValueError:
        raise ApiError(400, "parameter 'published' must be a date YYYY-MM-DD, "
                            f"got {published_text!r}") from None
    language = single(request.args, "language") or "en"
    mentions = extract(text, published, language=language)
    return jsonify({
        "text": text,
        "published": published.isoformat(),
        "language": language,
        "mentions": [m.to_dict() for m in mentions],
    })


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


@bp.get("/feeds")
def list_feeds() -> Response:
    s = services()
    root = request.host_url  # the request's own scheme and host
    host_root = root.split("://", 1)[1]
    feeds = []
    for feed in sorted(s.feeds.values(), key=lambda f: f.name):
        path = f"feeds/{feed.name}.ics"
        feeds.append({
            "name": feed.name,
            "title": feed.title,
            "description": feed.description,
            "color": feed.color,
            "precise_within_days": feed.precise_within_days,
            "filter": _filter_json(feed),
            "links": {"ics": root + path, "webcal": f"webcal://{host_root}{path}"},
        })
    return jsonify({"feeds": feeds})


def _event_or_404(event_id: str) -> Event:
    event = None
    if len(event_id) <= MAX_ID_LENGTH and not has_control_characters(event_id):
        event = services().store.get_event(event_id)
    if event is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    return event


def _page(query: EventQuery) -> dict[str, Any]:
    """One page, keyset-paginated by the store: (sort key, id) never repeats or skips."""
    limit = query.limit or DEFAULT_LIMIT
    rows = services().store.query_events(replace(query, limit=limit + 1))
    page = rows[:limit]
    next_cursor = cursor_after(page[-1], query.sort) if len(rows) > limit else None
    links: dict[str, str | None] = {"self": request.full_path.rstrip("?"), "next": None}
    if next_cursor:
        args = request.args.copy()
        args["cursor"] = next_cursor
        links["next"] = f"{request.path}?{urlencode(list(args.items(multi=True)))}"
    return {
        "events": [event_to_json(e) for e in page],
        "count": len(page),
        "limit": limit,
        "max_limit": MAX_LIMIT,
        "next_cursor": next_cursor,
        "links": links,
    }


def _filter_json(feed: FeedDefinition) -> dict[str, Any]:
    f = feed.filter
    return {
        "kind": list(f.kinds), "participant": f.participant, "country": f.country,
        "city": f.city, "series": f.series, "status": list(f.statuses),
        "upcoming": f.upcoming, "max_width_days": f.max_width_days,
    }

