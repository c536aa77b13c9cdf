"""GET /feeds/<name>.ics and /feeds/custom.ics: subscription calendars with conditional GET.

The body is a pure function of the events and today's date, so an unchanged database gives
the same bytes: a strong ETag over them answers If-None-Match with 304. Last-Modified is the
store's last change, but never before today's midnight (UTC), because "upcoming" and the
expiry of cancelled events make the body depend on the day too.

Calendar apps poll their feeds all day, so each response is kept (feed_cache.py) under the
store's change token, read with one aggregate query per request: while nothing changes, a
request, a 304 above all, loads no event and renders nothing.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time

from flask import Blueprint, Response, current_app, request
from flask.blueprints import BlueprintSetupState

from calendar_service.events.model import Event
from calendar_service.publish import FeedDefinition, render_calendar
from calendar_service.publish.feeds import DEFAULT_PRECISE_WITHIN_DAYS
from calendar_service.store import Store
from calendar_service.store.query import EventQuery
from calendar_service.web.context import services
from calendar_service.web.feed_cache import CachedFeed, FeedResponseCache, Generation
from calendar_service.web.params import parse_event_query, single
from calendar_service.web.problems import ApiError

bp = Blueprint("feeds", __name__)
CACHE_CONTROL = "public, max-age=300"
CUSTOM_EXTRA = ("precise_within_days",)
FEED_CACHE = "calendar_service.feed_responses"


@bp.record_once
def _attach_cache(state: BlueprintSetupState) -> None:
    state.app.extensions.setdefault(FEED_CACHE, FeedResponseCache())


def feed_cache() -> FeedResponseCache:
    """This app's cache of rendered feed responses."""
    found: FeedResponseCache = current_app.extensions[FEED_CACHE]
    return found


@bp.get("/feeds/custom.ics")
def custom_feed() -> Response:
    s = services()
    today = s.today()
    query = parse_event_query(request.args, today=today, paged=False, extra=CUSTOM_EXTRA)
    params = tuple(sorted(request.args.items(multi=True)))
    described = ", ".join(f"{k}={v}" for k, v in params)
    feed = FeedDefinition(
        name="custom",
        title=f"Custom: {described}" if described else "Custom: all events",
        description="Events matching the query parameters of this feed's address.",
        precise_within_days=_precision(),
    )
    # The body holds the address as requested (SOURCE) and the parameters (the title).
    return cached_calendar_response(feed, query, today, request.url, key=("custom", params))


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
    return cached_calendar_response(feed, feed.to_query(today), today, request.base_url,
                                    key=(name,))


def cached_calendar_response(
    feed: FeedDefinition, query: EventQuery, today: date, feed_url: str,
    *, key: tuple[object, ...],
) -> Response:
    """The feed's response from the cache when the store has not changed since it was built.

    The token is read before the events, so an entry never holds data older than its
    token: a write in between at worst gives a newer body under the older token, which the
    next request (seeing the new token) replaces.
    """
    s = services()
    cache = feed_cache()
    generation = Generation(day=today, token=s.store.change_token())
    full_key = (*key, feed_url)
    cached = cache.get(generation, full_key)
    if cached is None:
        cached = build_feed(feed, s.store.query_events(query), today, feed_url)
        cache.put(generation, full_key, cached)
    return _respond(feed, cached)


def calendar_response(
    feed: FeedDefinition, events: list[Event], today: date, feed_url: str
) -> Response:
    """A calendar of `events` built now, uncached (one event's .ics in the API)."""
    return _respond(feed, build_feed(feed, events, today, feed_url))


def build_feed(
    feed: FeedDefinition, events: list[Event], today: date, feed_url: str
) -> CachedFeed:
    s = services()
    body = render_calendar(feed, events, settings=s.settings, feed_url=feed_url, as_of=today,
                           cache=s.vevent_cache)
    return CachedFeed(body=body, etag=hashlib.sha256(body).hexdigest(),
                      last_modified=last_modified(s.store, today))


def _respond(feed: FeedDefinition, built: CachedFeed) -> Response:
    response = Response(built.body, content_type="text/calendar; charset=utf-8")
    response.set_etag(built.etag)
    response.last_modified = built.last_modified
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
