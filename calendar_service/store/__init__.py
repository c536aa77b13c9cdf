"""Persistence: articles, events, their supporting mentions and revisions (SQLite/PostgreSQL)."""

from calendar_service.store.errors import ConcurrentUpdateError, InvalidQueryError, StoreError
from calendar_service.store.query import EventQuery, cursor_after
from calendar_service.store.store import Store, StoredArticle, UnitOfWork

__all__ = [
    "ConcurrentUpdateError",
    "EventQuery",
    "InvalidQueryError",
    "Store",
    "StoreError",
    "StoredArticle",
    "UnitOfWork",
    "cursor_after",
]
