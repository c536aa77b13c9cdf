"""Fixtures of the store tests (builders live in store_builders.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from store_builders import make_article

from calendar_service.events.model import Article, Event
from calendar_service.store import Store


@pytest.fixture
def stored_article(store: Store) -> Article:
    """One article already in the store, for events to cite."""
    article = make_article(0)
    with store.transaction() as uow:
        uow.add_article(article)
    return article


@pytest.fixture
def save_new(store: Store) -> Callable[..., None]:
    """Save events that do not exist yet, in one transaction."""

    def save(*new: Event) -> None:
        with store.transaction() as uow:
            uow.save_events(new)

    return save
