"""Feed definitions: one TOML file per published calendar in feeds/ (name = file stem).

    title = "Summits"                      # required
    description = "..."
    color = "#a5493b"                      # '#rrggbb' or a CSS3 colour name
    precise_within_days = 7                # wider ranges are drawn as uncertain windows
    [filter]                               # every key optional; all given keys must match
    kind = ["summit", "conference"]
    participant = "Xi Jinping"
    country = "Russia"
    city = "Kazan"
    series = "BRICS summit"
    status = ["planned", "confirmed"]
    upcoming = true                        # only events not yet over
    max_width_days = 31                    # leave out events known less precisely than this

The filter becomes an EventQuery, so feeds and the API share the store's one implementation.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, get_args

from calendar_service.events.model import EventKind, Status
from calendar_service.publish.colors import normalize_color
from calendar_service.store.query import EventQuery

KINDS: tuple[str, ...] = get_args(EventKind)
STATUSES: tuple[str, ...] = get_args(Status)
DEFAULT_PRECISE_WITHIN_DAYS = 7
# Served from query parameters at /feeds/custom.ics, so no file may take the name.
RESERVED_NAMES = frozenset({"custom"})

_TOP_KEYS = {"title", "description", "color", "precise_within_days", "filter"}
_FILTER_KEYS = {
    "kind", "participant", "country", "city", "series", "status", "upcoming", "max_width_days",
}


class FeedDefinitionError(ValueError):
    """A feed file is unreadable or invalid. The message names the file and the key."""


@dataclass(frozen=True)
class FeedFilter:
    kinds: tuple[str, ...] = ()
    participant: str | None = None
    country: str | None = None
    city: str | None = None
    series: str | None = None
    statuses: tuple[str, ...] = ()
    upcoming: bool = False
    max_width_days: int | None = None


@dataclass(frozen=True)
class FeedDefinition:
    name: str
    title: str
    description: str = ""
    color: str | None = None  # '#rrggbb'
    precise_within_days: int = DEFAULT_PRECISE_WITHIN_DAYS
    filter: FeedFilter = field(default_factory=FeedFilter)

    def to_query(self, as_of: date) -> EventQuery:
        """The store query selecting this feed's events on day `as_of`."""
        f = self.filter
        return EventQuery(
            kinds=f.kinds,
            participant=f.participant,
            country=f.country,
            city=f.city,
            series=f.series,
            statuses=f.statuses,
            upcoming_as_of=as_of if f.upcoming else None,
            max_width_days=f.max_width_days,
            sort="earliest",
            # Events that lost their dates (postponed, cancelled) must still reach the
            # renderer, which draws them on their last known dates or leaves them out.
            include_undated=True,
        )


def load_feed_definitions(feeds_dir: Path | str) -> dict[str, FeedDefinition]:
    """Read every feeds_dir/*.toml, sorted by name. Any bad file stops loading, named."""
    folder = Path(feeds_dir)
    if not folder.is_dir():
        raise FeedDefinitionError(f"feeds folder not found: {folder}")
    feeds: dict[str, FeedDefinition] = {}
    for path in sorted(folder.glob("*.toml")):
        feeds[path.stem] = load_feed_file(path)
    return feeds


def load_feed_file(path: Path) -> FeedDefinition:
    name = path.stem
    if name in RESERVED_NAMES:
        raise FeedDefinitionError(f"{path}: the feed name {name!r} is reserved")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise FeedDefinitionError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise FeedDefinitionError(f"{path}: not valid TOML: {exc}") from None
    try:
        return parse_feed_definition(name, raw)
    except ValueError as exc:
        raise FeedDefinitionError(f"{path}: {exc}") from None


def parse_feed_definition(name: str, raw: dict[str, Any]) -> FeedDefinition:
    """Validate a decoded feed file; raise ValueError naming the offending key."""
    _reject_unknown(raw, _TOP_KEYS, "key")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("'title' is required and must be a non-empty string")
    description = _optional_str(raw, "description") or ""
    color = _optional_str(raw, "color")
    if color is not None:
        color = normalize_color(color)
    precise = _optional_int(raw, "precise_within_days", low=1)
    filter_raw = raw.get("filter", {})
    if not isinstance(filter_raw, dict):
        raise ValueError("'filter' must be a table")
    return FeedDefinition(
        name=name,
        title=title.strip(),
        description=description,
        color=color,
        precise_within_days=DEFAULT_PRECISE_WITHIN_DAYS if precise is None else precise,
        filter=_parse_filter(filter_raw),
    )


def _parse_filter(raw: dict[str, Any]) -> FeedFilter:
    _reject_unknown(raw, _FILTER_KEYS, "filter key")
    upcoming = raw.get("upcoming", False)
    if not isinstance(upcoming, bool):
        raise ValueError("'filter.upcoming' must be true or false")
    return FeedFilter(
        kinds=_choices(raw, "kind", KINDS),
        participant=_optional_str(raw, "participant", "filter."),
        country=_optional_str(raw, "country", "filter."),
        city=_optional_str(raw, "city", "filter."),
        series=_optional_str(raw, "series", "filter."),
        statuses=_choices(raw, "status", STATUSES),
        upcoming=upcoming,
        max_width_days=_optional_int(raw, "max_width_days", low=1, prefix="filter."),
    )


def _reject_unknown(raw: dict[str, Any], allowed: set[str], what: str) -> None:
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise ValueError(
            f"unknown {what} {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _optional_str(raw: dict[str, Any], key: str, prefix: str = "") -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{prefix}{key}' must be a non-empty string")
    return value.strip()


def _optional_int(raw: dict[str, Any], key: str, low: int, prefix: str = "") -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise ValueError(f"'{prefix}{key}' must be an integer >= {low}, got {value!r}")
    return value


def _choices(raw: dict[str, Any], key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    value = raw.get(key, [])
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f"'filter.{key}' must be a string or a list of strings")
    for v in values:
        if v not in allowed:
            raise ValueError(
                f"'filter.{key}' has unknown value {v!r} (allowed: {', '.join(allowed)})"
            )
    return tuple(dict.fromkeys(values))
