"""Events: mentions found in one article, and their reconciliation into events over time.

    extract_event_mentions(article) -> list[EventMention]                 (pure)
    reconcile(existing, mentions, source, now) -> list[Event]             (pure)
"""

from calendar_service.events.extract import extract_event_mentions
from calendar_service.events.model import (
    Article,
    Event,
    EventMention,
    Participant,
    Revision,
    SourceRef,
    Support,
)
from calendar_service.events.reconcile import identity_key, reconcile

__all__ = [
    "Article", "Event", "EventMention", "Participant", "Revision", "SourceRef", "Support",
    "extract_event_mentions", "identity_key", "reconcile",
]
