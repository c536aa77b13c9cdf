"""Persistence: articles, events, their supporting mentions and revisions (SQLite/PostgreSQL)."""

# Imported for its side effect too: the `sources` table joins the shared metadata, so the
# schema check against the migrations sees it wherever the tables are imported.
from calendar_service.store import sources
from calendar_service.store.errors import ConcurrentUpdateError, InvalidQueryError, StoreError
from calendar_service.store.query import EventQuery, cursor_after
from calendar_service.store.store import CandidateScope, Store, StoredArticle, UnitOfWork

__all__ = [
    "CandidateScope",
    "ConcurrentUpdateError",
    "EventQuery",
    "InvalidQueryError",
    "Store",
    "StoreError",
    "StoredArticle",
    "UnitOfWork",
    "cursor_after",
    "sources",
]
