"""What every request handler needs, attached to the Flask app by create_app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app

from calendar_service.config import Settings
from calendar_service.publish.feeds import FeedDefinition
from calendar_service.publish.ical import VEventCache
from calendar_service.store import Store

EXTENSION = "calendar_service"


@dataclass(frozen=True)
class Services:
    settings: Settings
    store: Store
    feeds: dict[str, FeedDefinition]
    today: Callable[[], date]  # the reference day for "upcoming" and cancelled-event expiry
    vevent_cache: VEventCache  # rendered events, shared by all feeds of this process


def services() -> Services:
    found: Services = current_app.extensions[EXTENSION]
    return found
