"""The Flask application factory: feeds, JSON API, health check and the timeline page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from flask import Flask, Response, jsonify

from calendar_service.config import Settings
from calendar_service.publish import load_feed_definitions
from calendar_service.publish.ical import VEventCache
from calendar_service.store import Store
from calendar_service.web import api, articles, feeds, pages, sources
from calendar_service.web.context import EXTENSION, Services, services
from calendar_service.web.problems import register_problem_handlers


def utc_today() -> date:
    return datetime.now(UTC).date()


def create_app(
    settings: Settings, store: Store, *, today: Callable[[], date] = utc_today
) -> Flask:
    """Build the app. Feed definitions are read now: a bad feed file stops start-up."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions[EXTENSION] = Services(
        settings=settings, store=store, feeds=load_feed_definitions(settings.feeds_dir),
        today=today, vevent_cache=VEventCache(),
    )
    register_problem_handlers(app)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(articles.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(sources.bp)
    app.add_url_rule("/healthz", "healthz", healthz)
    return app


def healthz() -> Response:
    """Reachable and able to read the database (a StoreError becomes a 503 problem)."""
    store = services().store
    changed = store.last_change()
    return jsonify({
        "status": "ok",
        "counts": store.counts(),
        "last_change": changed.isoformat() if changed else None,
    })
