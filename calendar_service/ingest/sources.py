"""Source definitions and the per-source state rules: back-off, health, when a source is due.

Pure: values in, values out; the clock is an argument. The store keeps the results
(calendar_service.store.sources).

Rules (Miniflux-like):
- a success resets the error count, marks the source healthy and makes it due one interval on;
- the n-th consecutive failure makes it due `interval * 2**n` on, capped at MAX_BACKOFF (or the
  interval itself when that is longer), and never sooner than the server's Retry-After;
- UNHEALTHY_AFTER consecutive failures mark it unhealthy; the next success heals it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from calendar_service.config import Settings, SourceSettings
from calendar_service.store.sources import KINDS, SourceDefinition, SourceKind, SourceState

UNHEALTHY_AFTER = 3
MAX_BACKOFF = timedelta(hours=24)
MAX_RETRY_AFTER = timedelta(hours=24)  # a server cannot silence us for longer than this
MAX_ERROR_CHARS = 1000


class SourceDefinitionError(ValueError):
    """A source definition is unusable; the message names the field."""


def definition_from_settings(source: SourceSettings, settings: Settings) -> SourceDefinition:
    minutes = source.interval_minutes or settings.refresh_minutes
    return SourceDefinition(
        name=source.name, location=source.location, kind=source.kind,  # type: ignore[arg-type]
        interval_seconds=minutes * 60, enabled=source.enabled, language=source.language,
        follow_links=source.follow_links,
    )


def config_definitions(settings: Settings) -> list[SourceDefinition]:
    return [definition_from_settings(s, settings) for s in settings.sources]


def new_definition(
    name: str, location: str, *, kind: str | None = None, interval_minutes: int | None = None,
    default_minutes: int = 30, enabled: bool = True, language: str = "en",
    follow_links: bool = False, base: Path | None = None,
) -> SourceDefinition:
    """Validate what a person typed (CLI or API). A location that is not an http(s) URL is a
    folder (made absolute against `base`); a URL without a kind is guessed at each fetch."""
    name = name.strip()
    if not name or len(name) > 200 or any(ord(c) < 32 for c in name):
        raise SourceDefinitionError("name must be 1 to 200 printable characters")
    if kind is not None and kind not in KINDS:
        raise SourceDefinitionError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if interval_minutes is not None and (
        isinstance(interval_minutes, bool) or not isinstance(interval_minutes, int)
        or interval_minutes < 1
    ):
        raise SourceDefinitionError("interval must be a positive number of minutes")
    if not language or not language.replace("-", "").isalpha() or len(language) > 16:
        raise SourceDefinitionError(f"language must be a language code, not {language!r}")
    is_url = urlsplit(location.strip()).scheme.lower() in ("http", "https")
    if kind == "folder" or (kind is None and not is_url):
        if is_url:
            raise SourceDefinitionError("a folder source needs a path, not a URL")
        path = Path(location).expanduser()
        location = str((base / path if base and not path.is_absolute() else path).resolve())
        kind = "folder"
    else:
        location = location.strip()
        if not is_url:
            raise SourceDefinitionError(
                f"a {kind} source needs an http or https URL, not {location!r}")
        if not urlsplit(location).hostname:
            raise SourceDefinitionError(f"no host in URL {location!r}")
    return SourceDefinition(
        name=name, location=location, kind=kind,  # type: ignore[arg-type]
        interval_seconds=(interval_minutes or default_minutes) * 60, enabled=enabled,
        language=language.lower(), follow_links=follow_links,
    )


# --- state rules ---------------------------------------------------------------------------


def backoff_delay(interval: timedelta, consecutive_errors: int) -> timedelta:
    """How long to wait after the n-th consecutive failure: doubling, capped."""
    if consecutive_errors <= 0:
        return interval
    cap = max(MAX_BACKOFF, interval)
    # Compare exponents, not products: 2**n overflows timedelta long before n gets large.
    if consecutive_errors >= 40:
        return cap
    return min(interval * (2 ** consecutive_errors), cap)


def after_success(
    state: SourceState, *, now: datetime, interval: timedelta, etag: str | None,
    last_modified: str | None, new_articles: int = 0, detected_kind: str | None = None,
) -> SourceState:
    return replace(
        state, etag=etag, last_modified=last_modified, consecutive_errors=0, last_error=None,
        last_attempt_at=now, last_success_at=now, next_due_at=now + interval, healthy=True,
        articles_stored=state.articles_stored + new_articles,
        detected_kind=detected_kind or state.detected_kind,
    )


def after_failure(
    state: SourceState, *, now: datetime, interval: timedelta, error: str,
    retry_after_seconds: int | None = None, new_articles: int = 0,
) -> SourceState:
    """Count the failure; conditional-GET validators are kept (what is stored is unchanged)."""
    errors = state.consecutive_errors + 1
    delay = backoff_delay(interval, errors)
    if retry_after_seconds is not None:
        delay = max(delay, min(timedelta(seconds=retry_after_seconds), MAX_RETRY_AFTER))
    return replace(
        state, consecutive_errors=errors, last_error=_clip(error), last_error_at=now,
        last_attempt_at=now, next_due_at=now + delay, healthy=errors < UNHEALTHY_AFTER,
        articles_stored=state.articles_stored + new_articles,
    )


def is_due(state: SourceState, now: datetime, *, slack: timedelta = timedelta(0)) -> bool:
    """Due when never run, or its next time (less `slack`, for scheduler jitter) has come."""
    return state.next_due_at is None or state.next_due_at - slack <= now


def effective_kind(definition: SourceDefinition, state: SourceState) -> str:
    """For display: the configured kind, or the last guess."""
    if definition.kind:
        return definition.kind
    return f"auto ({state.detected_kind})" if state.detected_kind else "auto"


def _clip(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= MAX_ERROR_CHARS else one_line[: MAX_ERROR_CHARS - 1] + "…"


__all__ = [
    "MAX_BACKOFF",
    "UNHEALTHY_AFTER",
    "SourceDefinitionError",
    "SourceKind",
    "after_failure",
    "after_success",
    "backoff_delay",
    "config_definitions",
    "definition_from_settings",
    "effective_kind",
    "is_due",
    "new_definition",
]
