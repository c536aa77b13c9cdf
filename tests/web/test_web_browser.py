"""The web page in real headless Chromium (Debian's, driven by Playwright) against the real
server with the seed story ingested: order, filters, detail view, and a screenshot saved in
test-artifacts/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import requests
from live_http import serving

from calendar_service.config import REPO_ROOT, Settings
from calendar_service.ingest.article_file import read_article_file
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.store import Store
from calendar_service.web import create_app

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / "test-artifacts"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the test extra not installed: reported by the fixture below
    sync_playwright = None


@pytest.fixture
def story_server(sqlite_url: str, seeds_dir: Path) -> Iterator[str]:
    message = None
    if sync_playwright is None:
        message = "playwright is not installed (pip install playwright)"
    elif not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        message = f"Chromium not found at {CHROMIUM}: install the Debian package chromium"
    if message:
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    store = Store.open(sqlite_url)
    try:
        for path in sorted(seeds_dir.glob("*.txt")):
            a = read_article_file(path)
            ingest_article(store, a, origin=str(path),
                           now=datetime.combine(a.published, datetime.min.time(), tzinfo=UTC))
        app = create_app(Settings(database_url=sqlite_url), store,
                         today=lambda: date(2024, 6, 1))
        with serving(app) as root:
            yield root
    finally:
        store.close()


@pytest.fixture
def page(story_server):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 900})
        finally:
            browser.close()


def row_ids(page) -> list[str]:
    return page.eval_on_selector_all("tr.event", "rows => rows.map(r => r.dataset.id)")


def test_timeline_filters_detail_and_screenshot(page, story_server):
    page.goto(story_server)
    api = requests.get(story_server + "api/events?from=2024-03-03&limit=500", timeout=10).json()
    assert row_ids(page) == [e["id"] for e in api["events"]]  # seed events, earliest first
    assert len(row_ids(page)) >= 5
    styles = page.eval_on_selector_all("tr.event", "rows => rows.map(r => r.dataset.style)")
    assert "exact" in styles and set(styles) <= {"exact", "window", "stale", "cancelled"}
    fill = page.get_attribute("tr.event[data-style='exact'] svg.bar rect", "fill")
    assert fill and fill.startswith("#")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    assert (ARTIFACTS / "timeline.png").stat().st_size > 10_000

    page.select_option("#filter-kind", "summit")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    kinds = page.eval_on_selector_all("tr.event", "rows => rows.map(r => r.dataset.kind)")
    assert kinds and set(kinds) == {"summit"}

    page.select_option("#filter-kind", "")
    page.select_option("#filter-country", "Kazakhstan")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    places = page.eval_on_selector_all("tr.event td .small", "d => d.map(x => x.textContent)")
    assert places and all("Kazakhstan" in p for p in places)

    page.select_option("#filter-country", "")
    page.fill("#filter-q", "Kazan")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    titles = page.eval_on_selector_all("tr.event td a", "links => links.map(a => a.textContent)")
    assert titles and all("Kazan" in t for t in titles)

    page.click("tr.event td a")
    page.wait_for_load_state()
    assert page.locator("#evidence tr.evidence").count() >= 1
    evidence = page.inner_text("#evidence")
    assert "Kyodo News" in evidence and "October" in evidence
    assert page.locator("#history tr.revision").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "event.png"), full_page=True)

    page.goto(story_server)
    webcal = page.get_attribute("#subscribe a[href^='webcal://']", "href")
    assert webcal and webcal.endswith(".ics")
