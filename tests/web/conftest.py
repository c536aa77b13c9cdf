"""Fixtures for the web tests: an app over the shared `store` fixture, with a fixed today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from live_http import serving

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
    """The real app, today being the real date as in production, served over HTTP."""
    with serving(create_app(web_settings, store)) as url:
        yield url
