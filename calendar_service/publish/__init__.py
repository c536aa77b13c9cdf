"""Publishing: feed definitions and iCalendar rendering. Pure: events in, bytes out."""

from calendar_service.publish.feeds import (
    FeedDefinition,
    FeedDefinitionError,
    FeedFilter,
    load_feed_definitions,
)
from calendar_service.publish.ical import event_uid, render_calendar

__all__ = [
    "FeedDefinition",
    "FeedDefinitionError",
    "FeedFilter",
    "event_uid",
    "load_feed_definitions",
    "render_calendar",
]
