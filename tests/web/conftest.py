"""Fixtures for the web tests: an app over the shared `store` fixture, with a fixed today."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest
import waitress
from flask import Flask
from flask.testing import FlaskClient

from calendar_service.config import Settings
from calendar_service.store import Store
from calendar_service.web import create_app

TODAY = date(2024, 4, 20)


@pytest.fixture
def web_settings(tmp_path) -> Settings:
    return Settings(database_url="unused-here", api_token="s3cret-token", max_body_bytes=20_000)


@pytest.fixture
def app(web_settings: Settings, store: Store) -> Flask:
    return create_app(web_settings, store, today=lambda: TODAY)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def live_server(web_settings: Settings, store: Store) -> Iterator[str]:
    """The real app under waitress on 127.0.0.1 (a free port), in a thread; yields its root URL.

    Today is the real date, as in production."""
    server = waitress.create_server(create_app(web_settings, store), host="127.0.0.1", port=0,
                                    threads=4)
    thread = threading.Thread(target=server.run, name="waitress-test", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}/"
    finally:
        # Close everything from inside the server's own loop thread (closing its sockets from
        # here would pull them from under a running select): with its map empty, the loop ends.
        def close_all() -> None:
            for channel in list(server._map.values()):
                if channel is not server.trigger and channel is not server:
                    channel.close()
            server.close()

        server.trigger.pull_trigger(close_all)
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()
        assert not thread.is_alive(), "waitress did not stop"
