"""Sources: the pure back-off/health rules, definitions typed by people, and the repository
(on SQLite and PostgreSQL) including the config sync."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from calendar_service.config import Settings, SourceSettings
from calendar_service.ingest.sources import (
    MAX_BACKOFF,
    UNHEALTHY_AFTER,
    SourceDefinitionError,
    after_failure,
    after_success,
    backoff_delay,
    config_definitions,
    effective_kind,
    is_due,
    new_definition,
)
from calendar_service.store import Store
from calendar_service.store.sources import (
    SourceDefinition,
    SourceExistsError,
    SourceState,
    UnknownSourceError,
    add_source,
    get_source,
    list_sources,
    remove_source,
    save_state,
    sync_config_sources,
    update_source,
)

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


# --- rules -------------------------------------------------------------------------------


def test_back_off_doubles_from_the_interval_up_to_the_cap() -> None:
    interval = 10 * MINUTE
    delays = [backoff_delay(interval, n) for n in range(12)]
    assert delays[:5] == [interval, 20 * MINUTE, 40 * MINUTE, 80 * MINUTE, 160 * MINUTE]
    assert all(b >= a for a, b in itertools.pairwise(delays))
    assert delays[-1] == MAX_BACKOFF and max(delays) == MAX_BACKOFF
    assert backoff_delay(interval, 10_000) == MAX_BACKOFF  # no overflow


def test_an_interval_longer_than_the_cap_is_never_shortened() -> None:
    weekly = timedelta(days=7)
    assert backoff_delay(weekly, 3) == weekly


def test_failures_count_up_turn_unhealthy_and_a_success_heals() -> None:
    state = SourceState(etag='"a"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    interval = 30 * MINUTE
    for n in range(1, UNHEALTHY_AFTER + 2):
        state = after_failure(state, now=T0, interval=interval, error=f"timeout: attempt\n{n}")
        assert state.consecutive_errors == n
        assert state.healthy == (n < UNHEALTHY_AFTER)
        assert state.next_due_at == T0 + backoff_delay(interval, n)
        assert state.last_error == f"timeout: attempt {n}"  # one line
        assert state.etag == '"a"'  # validators survive failures
    healed = after_success(state, now=T0, interval=interval, etag='"b"', last_modified=None,
                           new_articles=2, detected_kind="rss")
    assert healed.healthy and healed.consecutive_errors == 0 and healed.last_error is None
    assert healed.next_due_at == T0 + interval and healed.last_success_at == T0
    assert healed.etag == '"b"' and healed.articles_stored == 2
    assert healed.last_error_at == state.last_error_at  # when it last failed stays known


def test_retry_after_wins_when_longer_but_is_capped() -> None:
    state = after_failure(SourceState(), now=T0, interval=MINUTE, error="x",
                          retry_after_seconds=3600)
    assert state.next_due_at == T0 + timedelta(hours=1)
    state = after_failure(SourceState(), now=T0, interval=MINUTE, error="x",
                          retry_after_seconds=10 * 86400)
    assert state.next_due_at == T0 + timedelta(hours=24)
    state = after_failure(SourceState(), now=T0, interval=MINUTE, error="x",
                          retry_after_seconds=1)
    assert state.next_due_at == T0 + 2 * MINUTE  # the back-off is longer


def test_long_errors_are_clipped() -> None:
    state = after_failure(SourceState(), now=T0, interval=MINUTE, error="e" * 5000)
    assert state.last_error is not None and len(state.last_error) == 1000


def test_due_when_never_run_or_time_has_come_with_slack() -> None:
    assert is_due(SourceState(), T0)
    later = SourceState(next_due_at=T0 + timedelta(seconds=10))
    assert not is_due(later, T0)
    assert is_due(later, T0, slack=timedelta(seconds=10))
    assert is_due(later, T0 + timedelta(seconds=10))


def test_new_definitions_from_what_people_type(tmp_path: Path) -> None:
    feed = new_definition(" wire ", "https://news.example/rss", interval_minutes=15)
    assert (feed.name, feed.kind, feed.interval_seconds) == ("wire", None, 900)
    assert effective_kind(feed, SourceState()) == "auto"
    assert effective_kind(feed, SourceState(detected_kind="atom")) == "auto (atom)"
    folder = new_definition("local", "articles", base=tmp_path, default_minutes=5)
    assert folder.kind == "folder" and folder.location == str(tmp_path / "articles")
    assert folder.interval_seconds == 300
    page = new_definition("page", "http://x.example/a", kind="page", language="RU")
    assert page.kind == "page" and page.language == "ru"


@pytest.mark.parametrize(("args", "kwargs", "words"), [
    (("", "https://x.example/"), {}, "name"),
    (("a\nb", "https://x.example/"), {}, "name"),
    (("a", "https://x.example/"), {"kind": "gopher"}, "kind must be one of"),
    (("a", "https://x.example/"), {"interval_minutes": 0}, "interval"),
    (("a", "https://x.example/"), {"interval_minutes": True}, "interval"),
    (("a", "https://x.example/"), {"kind": "folder"}, "needs a path"),
    (("a", "/some/folder"), {"kind": "rss"}, "http or https URL"),
    (("a", "ftp://x.example/feed"), {"kind": "rss"}, "http or https URL"),
    (("a", "http:///nohost"), {"kind": "rss"}, "no host"),
    (("a", "https://x.example/"), {"language": "e n"}, "language"),
])
def test_bad_definitions_are_refused_with_the_field_named(args, kwargs, words) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SourceDefinitionError, match=words):
        new_definition(*args, **kwargs)


def test_config_sources_use_the_default_interval() -> None:
    settings = Settings(database_url="x", refresh_minutes=45, sources=(
        SourceSettings("seeds", "folder", "/data/seeds"),
        SourceSettings("wire", "rss", "https://x.example/rss", interval_minutes=5,
                       follow_links=True, language="de"),
    ))
    seeds, wire = config_definitions(settings)
    assert seeds.interval_seconds == 45 * 60 and seeds.kind == "folder"
    assert wire.interval_seconds == 300 and wire.follow_links and wire.language == "de"


# --- repository --------------------------------------------------------------------------


def _feed(name: str = "wire", **changes: object) -> SourceDefinition:
    return replace(SourceDefinition(name=name, location=f"https://{name}.example/rss",
                                    kind="rss", interval_seconds=600), **changes)  # type: ignore[arg-type]


def test_add_get_list_update_remove(store: Store) -> None:
    added = add_source(store, _feed(), now=T0)
    assert added.origin == "runtime" and added.created_at == T0
    assert added.state == SourceState()
    add_source(store, _feed("another", kind=None), now=T0)
    assert [s.name for s in list_sources(store)] == ["another", "wire"]
    with pytest.raises(SourceExistsError, match="'wire' exists"):
        add_source(store, _feed(location="https://elsewhere.example/"), now=T0)

    changed = update_source(store, "wire", interval_seconds=60, enabled=False)
    assert changed.definition.interval_seconds == 60 and not changed.definition.enabled
    with pytest.raises(UnknownSourceError):
        update_source(store, "missing", enabled=True)
    with pytest.raises(ValueError, match="cannot change"):
        update_source(store, "wire", etag='"state is not a definition"')

    state = SourceState(etag='"x"', consecutive_errors=2, last_error="timeout: slow",
                        last_error_at=T0, next_due_at=T0 + MINUTE, healthy=True,
                        articles_stored=7, detected_kind="rss")
    save_state(store, "wire", state)
    assert get_source(store, "wire").state == state  # type: ignore[union-attr]

    remove_source(store, "wire")
    assert get_source(store, "wire") is None
    with pytest.raises(UnknownSourceError):
        remove_source(store, "wire")


def test_config_sync_adds_updates_and_removes_only_config_sources(store: Store) -> None:
    add_source(store, _feed("runtime-only"), now=T0)
    add_source(store, _feed("claimed"), now=T0)
    first = sync_config_sources(store, [_feed("a"), _feed("b")], now=T0)
    assert sorted(first.added) == ["a", "b"] and not first.updated and not first.removed
    save_state(store, "a", SourceState(etag='"keep"', consecutive_errors=1))
    save_state(store, "b", SourceState(etag='"drop"'))

    second = sync_config_sources(store, [
        _feed("a", interval_seconds=60),  # same place: state kept
        _feed("b", location="https://moved.example/rss"),  # new place: state reset
        _feed("claimed", interval_seconds=120),  # config now defines it
    ], now=T0)
    assert sorted(second.updated) == ["a", "b", "claimed"]
    a, b, claimed = (get_source(store, n) for n in ("a", "b", "claimed"))
    assert a.state.etag == '"keep"' and a.definition.interval_seconds == 60  # type: ignore[union-attr]
    assert b.state == SourceState() and b.definition.location.startswith("https://moved")  # type: ignore[union-attr]
    assert claimed.origin == "config" and claimed.definition.interval_seconds == 120  # type: ignore[union-attr]

    third = sync_config_sources(store, [_feed("claimed", interval_seconds=120)], now=T0)
    assert sorted(third.removed) == ["a", "b"] and not third.updated
    assert [s.name for s in list_sources(store)] == ["claimed", "runtime-only"]
    assert sync_config_sources(store, [_feed("claimed", interval_seconds=120)],
                               now=T0) == type(third)([], [], [])
