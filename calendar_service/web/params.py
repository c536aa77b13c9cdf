"""Query parameters -> EventQuery, shared by /api/events and /feeds/custom.ics.

Every parameter is validated; anything unknown or malformed is an ApiError(400) whose
detail names the parameter and what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from werkzeug.datastructures import MultiDict

from calendar_service.publish.feeds import KINDS, STATUSES
from calendar_service.store.query import SORTS, EventQuery
from calendar_service.web.problems import ApiError

FILTER_PARAMS = (
    "kind", "participant", "country", "city", "series", "status", "from", "to", "upcoming",
    "as_of", "max_width", "q",
)
PAGE_PARAMS = ("sort", "limit", "cursor")
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_TEXT = 200
_TRUE, _FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


def parse_event_query(
    args: MultiDict[str, str], *, today: date, paged: bool, extra: Iterable[str] = ()
) -> EventQuery:
    """Build the query from request args. `paged` accepts sort/limit/cursor (the API)."""
    allowed = set(FILTER_PARAMS) | set(extra) | (set(PAGE_PARAMS) if paged else set())
    for name in args:
        if name not in allowed:
            raise ApiError(400, f"unknown parameter {name!r}; allowed: "
                                f"{', '.join(sorted(allowed))}")
    date_from, date_to = _date(args, "from"), _date(args, "to")
    if date_from and date_to and date_from > date_to:
        raise ApiError(400, f"'from' ({date_from}) is after 'to' ({date_to})")
    upcoming = _bool(args, "upcoming")
    as_of = _date(args, "as_of")
    if as_of is not None and not upcoming:
        raise ApiError(400, "'as_of' only applies together with upcoming=true")
    return EventQuery(
        kinds=_choices(args, "kind", KINDS),
        participant=_text(args, "participant"),
        country=_text(args, "country"),
        city=_text(args, "city"),
        series=_text(args, "series"),
        statuses=_choices(args, "status", STATUSES),
        date_from=date_from,
        date_to=date_to,
        upcoming_as_of=(as_of or today) if upcoming else None,
        max_width_days=_int(args, "max_width", low=1, high=100_000),
        text=_text(args, "q"),
        sort=_sort(args) if paged else "earliest",
        limit=(_int(args, "limit", low=1, high=MAX_LIMIT) or DEFAULT_LIMIT) if paged else None,
        after=_text(args, "cursor", max_length=1000) if paged else None,
        include_undated=not paged,
    )


def single(args: MultiDict[str, str], name: str) -> str | None:
    values = args.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"parameter {name!r} may be given only once")
    return values[0] if values else None


def _text(args: MultiDict[str, str], name: str, max_length: int = MAX_TEXT) -> str | None:
    value = single(args, name)
    if value is None:
        return None
    value = value.strip()
    if not value:
        raise ApiError(400, f"parameter {name!r} is empty")
    if len(value) > max_length:
        raise ApiError(400, f"parameter {name!r} is longer than {max_length} characters")
    if has_control_characters(value):
        raise ApiError(400, f"parameter {name!r} contains control characters")
    return value


def has_control_characters(text: str) -> bool:
    """Control characters are never meaningful here (and PostgreSQL refuses NUL outright)."""
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def _date(args: MultiDict[str, str], name: str) -> date | None:
    value = _text(args, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        detail = f"parameter {name!r} must be a date YYYY-MM-DD, got {value!r}"
        raise ApiError(400, detail) from None


def _int(args: MultiDict[str, str], name: str, low: int, high: int) -> int | None:
    value = _text(args, name)
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise ApiError(400, f"parameter {name!r} must be a whole number from {low} to {high}, "
                            f"got {value!r}")
    return int(value)


def _bool(args: MultiDict[str, str], name: str) -> bool:
    value = _text(args, name)
    if value is None:
        return False
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ApiError(400, f"parameter {name!r} must be true or false, got {value!r}")


def _sort(args: MultiDict[str, str]) -> str:
    value = _text(args, "sort") or "earliest"
    if value not in SORTS:
        raise ApiError(400, f"parameter 'sort' must be one of {', '.join(SORTS)}, got {value!r}")
    return value


def _choices(args: MultiDict[str, str], name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Repeatable and comma-separated: kind=summit&kind=talks or kind=summit,talks."""
    values: list[str] = []
    for raw in args.getlist(name):
        for part in raw.split(","):
            part = part.strip()
            if part not in allowed:
                raise ApiError(400, f"parameter {name!r} has unknown value {part!r}; "
                                    f"allowed: {', '.join(allowed)}")
            values.append(part)
    return tuple(dict.fromkeys(values))
