"""Rendered feed responses of this process, so that polling clients cost one cheap query.

A feed body is a pure function of the stored events (named by Store.change_token), the day
(for "upcoming" and cancelled-event expiry) and the request address (SOURCE, the custom
feed's title). Entries are kept for one generation, (day, token), at a time: once the store
or the day moves on, older entries can never be served again, so they are dropped at the
first response of the new generation rather than waiting to age out. Each web worker
process has its own cache; they agree because the token comes from the shared database.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

# A 100,000-event feed is about 84 MB (benchmarks/README.md); room for it and a few smaller
# ones. Bodies larger than the whole budget are never kept.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 256  # custom feeds can differ by any query parameter


@dataclass(frozen=True)
class Generation:
    """What every cached body depends on besides the request: the store's state and day."""

    day: date
    token: str


@dataclass(frozen=True)
class CachedFeed:
    body: bytes
    etag: str  # strong, unquoted
    last_modified: datetime


class FeedResponseCache:
    """Bounded (entries and body bytes), least recently used, safe to share between threads."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._generation: Generation | None = None
        self._entries: OrderedDict[tuple[object, ...], CachedFeed] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, generation: Generation, key: tuple[object, ...]) -> CachedFeed | None:
        with self._lock:
            if generation != self._generation:
                return None
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, generation: Generation, key: tuple[object, ...], feed: CachedFeed) -> None:
        if len(feed.body) > self.max_bytes:
            return
        with self._lock:
            if generation != self._generation:
                # A request that read the store before a write may finish after one that
                # read it afterwards: the generations then alternate briefly, never mix.
                self._entries.clear()
                self._bytes = 0
                self._generation = generation
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = feed
            self._bytes += len(feed.body)
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)
