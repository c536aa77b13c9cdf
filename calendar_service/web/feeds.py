"""GET /feeds/<name>.ics and /feeds/custom.ics: subscription calendars with conditional GET.

The body is a pure function of the events and today's date, so an unchanged database gives
the same bytes: a strong ETag over them answers If-None-Match with 304. Last-Modified is the
store's last change, but never before today's midnight (UTC), because "upcoming" and the
expiry of cancelled events make the body depend on the day too.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time

from flask import Blueprint, Response, request

from calendar_service.events.model import Event
from calendar_service.publish import FeedDefinition, render_calendar
from calendar_service.publish.feeds import DEFAULT_PRECISE_WITHIN_DAYS
from calendar_service.store import Store
from calendar_service.web.context import services
from calendar_service.web.params import parse_event_query, single
from calendar_service.web.problems import ApiError

bp = Blueprint("feeds", __name__)
CACHE_CONTROL = "public, max-age=300"
CUSTOM_EXTRA = ("precise_within_days",)


@bp.get("/feeds/custom.ics")
def custom_feed() -> Response:
    s = services()
    today = s.today()
    query = parse_event_query(request.args, today=today, paged=False, extra=CUSTOM_EXTRA)
    described = ", ".join(f"{k}={v}" for k, v in sorted(request.args.items(multi=True)))
    feed = FeedDefinition(
        name="custom",
        title=f"Custom: {described}" if described else "Custom: all events",
        description="Events matching the query parameters of this feed's address.",
        precise_within_days=_precision(),
    )
    return calendar_response(feed, s.store.query_events(query), today, request.url)


@bp.get("/feeds/<name>.ics")
def named_feed(name: str) -> Response:
    s = services()
    feed = s.feeds.get(name)
    if feed is None:
        known = ", ".join(f"{n}.ics" for n in sorted(s.feeds)) or "none"
        raise ApiError(404, f"no feed named {name!r}; feeds: {known}, custom.ics")
    if request.args:
        raise ApiError(400, f"feed {name!r} takes no parameters; use /feeds/custom.ics to filter")
    today = s.today()
    events = s.store.query_events(feed.to_query(today))
    return calendar_response(feed, events, today, request.base_url)


def calendar_response(
    feed: FeedDefinition, events: list[Event], today: date, feed_url: str
) -> Response:
    s = services()
    body = render_calendar(feed, events, settings=s.settings, feed_url=feed_url, as_of=today,
                           cache=s.vevent_cache)
    response = Response(body, content_type="text/calendar; charset=utf-8")
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.last_modified = last_modified(s.store, today)
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["Content-Disposition"] = f'inline; filename="{feed.name}.ics"'
    return response.make_conditional(request)


def last_modified(store: Store, today: date) -> datetime:
    midnight = datetime.combine(today, time.min, tzinfo=UTC)
    changed = store.last_change()
    if changed is None:
        return midnight
    changed = changed.replace(tzinfo=UTC) if changed.tzinfo is None else changed.astimezone(UTC)
    return max(changed.replace(microsecond=0), midnight)


def _precision() -> int:
    value = single(request.args, "precise_within_days")
    if value is None:
        return DEFAULT_PRECISE_WITHIN_DAYS
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 3660:
        raise ApiError(400, "parameter 'precise_within_days' must be a whole number from 1 to "
                            f"3660, got {value!r}")
    return int(value)
