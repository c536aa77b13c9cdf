"""Errors the store raises; the CLI prints them as one line."""


class StoreError(RuntimeError):
    """The database is unreachable, out of date, or refused an operation. Message says which."""


class ConcurrentUpdateError(StoreError):
    """Another worker changed an event (or inserted the same one) since we read it: retry."""


class InvalidQueryError(StoreError, ValueError):
    """An EventQuery or cursor that cannot be answered (bad sort, bad cursor, negative limit)."""
