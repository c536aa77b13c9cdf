"""Settings from config/*.toml, overridable by environment variables and CLI flags.

A bad setting raises ConfigError with one line that names it; the CLI prints that line and
exits, so the service never starts half-configured.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = REPO_ROOT / "config" / "settings.toml"
ENV_PREFIX = "CALENDAR_SERVICE_"


class ConfigError(ValueError):
    """A setting is missing, malformed or out of range. The message names it."""


@dataclass(frozen=True)
class SourceSettings:
    name: str
    kind: str  # folder | rss | atom | page
    location: str  # a path for folders (absolute), a URL otherwise
    interval_minutes: int | None = None
    enabled: bool = True
    language: str = "en"
    follow_links: bool = False


@dataclass(frozen=True)
class Settings:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8080
    max_body_bytes: int = 1_000_000
    api_token: str | None = None
    refresh_minutes: int = 30
    calendar_refresh_minutes: int = 60
    keep_cancelled_days: int = 90
    feeds_dir: Path = REPO_ROOT / "feeds"
    fetch_timeout_seconds: float = 10.0
    fetch_max_body_bytes: int = 5_000_000
    fetch_max_redirects: int = 5
    user_agent: str = "calendar-service/0.1"
    allow_private_hosts: tuple[str, ...] = ()
    sources: tuple[SourceSettings, ...] = field(default_factory=tuple)
    root: Path = REPO_ROOT

    def with_overrides(self, **changes: Any) -> Settings:
        """Apply CLI flags; `None` means "not given"."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the settings file (CALENDAR_SERVICE_CONFIG or the default) and the environment."""
    env = os.environ if environ is None else environ
    config_path = Path(path or env.get(f"{ENV_PREFIX}CONFIG") or DEFAULT_CONFIG)
    try:
        raw = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"settings file not found: {config_path}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"settings file {config_path} is not valid TOML: {exc}") from None
    root = config_path.resolve().parent.parent
    return _build(raw, root, env)


def _build(raw: dict[str, Any], root: Path, env: Mapping[str, str]) -> Settings:
    get = _Reader(raw, env)
    database_url = get.str("database.url", "DATABASE_URL", "sqlite:///var/calendar.sqlite3")
    settings = Settings(
        database_url=_absolute_sqlite(database_url, root),
        host=get.str("server.host", "HOST", "127.0.0.1"),
        port=get.int("server.port", "PORT", 8080, low=1, high=65535),
        max_body_bytes=get.int("server.max_body_bytes", "MAX_BODY_BYTES", 1_000_000, low=1),
        api_token=get.str("server.api_token", "API_TOKEN", "") or None,
        refresh_minutes=get.int("refresh.interval_minutes", "REFRESH_MINUTES", 30, low=1),
        calendar_refresh_minutes=get.int(
            "calendar.refresh_interval_minutes", None, 60, low=1
        ),
        keep_cancelled_days=get.int("calendar.keep_cancelled_days", None, 90, low=0),
        feeds_dir=root / get.str("calendar.feeds_dir", "FEEDS_DIR", "feeds"),
        fetch_timeout_seconds=float(get.int("fetch.timeout_seconds", None, 10, low=1)),
        fetch_max_body_bytes=get.int("fetch.max_body_bytes", None, 5_000_000, low=1),
        fetch_max_redirects=get.int("fetch.max_redirects", None, 5, low=0, high=30),
        user_agent=get.str("fetch.user_agent", None, "calendar-service/0.1"),
        allow_private_hosts=get.list("fetch.allow_private_hosts", "ALLOW_PRIVATE_HOSTS"),
        sources=_sources(raw.get("sources", []), root),
        root=root,
    )
    return settings


def _absolute_sqlite(url: str, root: Path) -> str:
    """Relative SQLite paths are relative to the repository root, not to the cwd."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith("sqlite:////"):
        rest = url[len(prefix) :]
        if rest and rest != ":memory:":
            return prefix + str(root / rest)
    return url


def _sources(raw: Any, root: Path) -> tuple[SourceSettings, ...]:
    if not isinstance(raw, list):
        raise ConfigError("setting 'sources' must be a list of [[sources]] tables")
    out = []
    for i, item in enumerate(raw):
        where = f"sources[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ConfigError(f"setting '{where}.name' is required")
        kind = item.get("kind", "folder")
        if kind not in {"folder", "rss", "atom", "page"}:
            raise ConfigError(f"setting '{where}.kind' must be folder, rss, atom or page")
        location = item.get("path") if kind == "folder" else item.get("url")
        if not isinstance(location, str) or not location:
            field_name = "path" if kind == "folder" else "url"
            raise ConfigError(f"setting '{where}.{field_name}' is required for kind {kind}")
        if kind == "folder":
            location = str((root / location).resolve())
        interval = item.get("interval_minutes")
        if interval is not None and (not isinstance(interval, int) or interval < 1):
            raise ConfigError(f"setting '{where}.interval_minutes' must be a positive integer")
        out.append(
            SourceSettings(
                name=item["name"],
                kind=kind,
                location=location,
                interval_minutes=interval,
                enabled=bool(item.get("enabled", True)),
                language=str(item.get("language", "en")),
                follow_links=bool(item.get("follow_links", False)),
            )
        )
    return tuple(out)


class _Reader:
    """Looks a dotted key up in the TOML, then lets CALENDAR_SERVICE_<ENV> override it."""

    def __init__(self, raw: dict[str, Any], env: Mapping[str, str]) -> None:
        self.raw, self.env = raw, env

    def _lookup(self, key: str, env_name: str | None, default: Any) -> tuple[Any, str]:
        if env_name and f"{ENV_PREFIX}{env_name}" in self.env:
            return self.env[f"{ENV_PREFIX}{env_name}"], f"{ENV_PREFIX}{env_name}"
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default, key
            node = node[part]
        return node, key

    def str(self, key: str, env_name: str | None, default: str) -> str:
        value, name = self._lookup(key, env_name, default)
        if not isinstance(value, str):
            raise ConfigError(f"setting '{name}' must be a string, got {value!r}")
        return value

    def int(
        self, key: str, env_name: str | None, default: int, low: int | None = None,
        high: int | None = None,
    ) -> int:
        value, name = self._lookup(key, env_name, default)
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"setting '{name}' must be an integer, got {value!r}") from None
        if isinstance(value, bool) or (low is not None and number < low) or (
            high is not None and number > high
        ):
            raise ConfigError(f"setting '{name}' is out of range: {value!r}")
        return number

    def list(self, key: str, env_name: str | None) -> tuple[str, ...]:
        value, name = self._lookup(key, env_name, [])
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"setting '{name}' must be a list of strings")
        return tuple(value)
