"""Examples that document a rule family and are run as its tests.

`Example(text, published, earliest, latest)`: the longest mention found in `text` (or the one
whose text is `target`) has that range. `earliest`/`latest` "" means the side is open; both
None means the text must yield no mention at all (a negative example). `kind` is checked too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    published: str
    earliest: str | None
    latest: str | None
    kind: str = "date"
    target: str | None = None

    @property
    def negative(self) -> bool:
        return self.earliest is None and self.latest is None and self.kind == "date"


def ex(text: str, published: str, earliest: str, latest: str | None = None, *,
       target: str | None = None, kind: str = "date") -> Example:
    """A positive example; `latest` defaults to `earliest` (a single day)."""
    return Example(text, published, earliest, earliest if latest is None else latest, kind, target)


def no(text: str, published: str = "2024-04-09") -> Example:
    """A text with no time expression."""
    return Example(text, published, None, None)


def typed(text: str, kind: str, published: str = "2024-04-09", *,
          target: str | None = None) -> Example:
    """A duration, set or undated time: found and typed, with no range."""
    return Example(text, published, "", "", kind, target)
