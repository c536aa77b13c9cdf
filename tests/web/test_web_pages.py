"""The timeline page and the event page, server-rendered from a store filled by the real
pipeline with the seed story."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from web_factories import article, event, store_events

from calendar_service.ingest.article_file import read_article_file
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.web import create_app

ROW = re.compile(r'<tr class="event" data-id="([^"]+)" data-kind="([^"]+)" '
                 r'data-style="([^"]+)" data-status="([^"]+)">')


def ingest_story(store, seeds_dir, upto: str | None = None) -> None:
    for path in sorted(seeds_dir.glob("*.txt")):
        a = read_article_file(path)
        ingest_article(store, a, origin=str(path),
                       now=datetime.combine(a.published, datetime.min.time(), tzinfo=UTC))
        if path.name == upto:
            break


@pytest.fixture
def page_client(web_settings, store):
    return create_app(web_settings, store, today=lambda: date(2024, 5, 1)).test_client()


def rows(response) -> list[tuple[str, str, str, str]]:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    return ROW.findall(response.get_data(as_text=True))


def test_timeline_shows_the_story_in_order_with_honest_bars(page_client, store, seeds_dir):
    ingest_story(store, seeds_dir, upto="2024-05-14-putin-china-dates.txt")
    found = rows(page_client.get("/"))
    by_id = {r[0]: r for r in found}
    starts = [store.get_event(r[0]).earliest for r in found]
    assert starts == sorted(starts)
    kinds_styles = sorted((kind, style, status) for _, kind, style, status in found)
    assert ("state_visit", "exact", "confirmed") in kinds_styles  # narrowed to May 16-17
    assert ("summit", "window", "planned") in kinds_styles  # SCO in June, BRICS in October
    assert ("meeting", "exact", "held") in kinds_styles
    html = page_client.get("/").get_data(as_text=True)
    assert "sometime in Oct 2024" in html
    assert 'fill="url(#hatch-summit)"' in html  # window bars are hatched
    assert len(by_id) == len(found)


def test_filters_and_search(page_client, store, seeds_dir):
    ingest_story(store, seeds_dir)
    summits = rows(page_client.get("/?kind=summit&country=&q="))
    assert summits and {r[1] for r in summits} == {"summit"}
    russia = rows(page_client.get("/?country=Russia"))
    assert russia and all(store.get_event(r[0]).country == "Russia" for r in russia)
    astana = rows(page_client.get("/?q=astana"))
    assert astana and all("astana" in (store.get_event(r[0]).city or "").lower() for r in astana)
    nothing = page_client.get("/?q=no-such-thing")
    assert rows(nothing) == [] and 'id="no-events"' in nothing.get_data(as_text=True)
    assert page_client.get("/?kind=picnic").status_code == 400
    assert page_client.get("/?colour=red").status_code == 400


def test_event_page_shows_evidence_and_history(page_client, store, seeds_dir):
    ingest_story(store, seeds_dir, upto="2024-05-14-putin-china-dates.txt")
    visit_id = next(r[0] for r in rows(page_client.get("/")) if r[1] == "state_visit")
    visit = store.get_event(visit_id)
    html = page_client.get(f"/events/{visit_id}").get_data(as_text=True)
    assert html.count('<tr class="evidence">') == len(visit.supports)
    assert html.count('<tr class="revision">') == len(visit.revisions) >= 2
    assert "“later this year”" in html and "Kyodo News" in html
    assert "10 Apr – 31 Dec 2024" in html and "16 – 17 May 2024" in html
    assert page_client.get("/events/nope").status_code == 404


def test_subscribe_panel_lists_every_feed_with_both_links(page_client, store):
    html = page_client.get("/?kind=summit").get_data(as_text=True)
    for name in ("all", "summits", "visits"):
        assert f'href="webcal://localhost/feeds/{name}.ics"' in html
        assert f'data-copy="http://localhost/feeds/{name}.ics"' in html
    assert "http://localhost/feeds/custom.ics?kind=summit" in html


def test_text_is_escaped(page_client, store):
    a = article("Evil <b>Outlet</b>", date(2024, 4, 9))
    store_events(store, [a], [event("xss", src=a, title="<script>alert(1)</script>",
                                    earliest=date(2024, 5, 2), latest=date(2024, 5, 2)
                                    + timedelta(days=1), granularity="day")])
    html = page_client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    detail = page_client.get("/events/xss").get_data(as_text=True)
    assert "<b>Outlet</b>" not in detail and "&lt;b&gt;Outlet&lt;/b&gt;" in detail


def test_events_without_bounded_dates_are_listed_apart(page_client, store):
    a = article("Kyodo News", date(2024, 4, 9))
    store_events(store, [a], [
        event("peace", src=a, kind="conference", title="Peace conference", city=None,
              country=None, earliest=None, latest=None, granularity=None, phrase=None),
        event("open", src=a, kind="visit", title="Open-ended visit", earliest=date(2024, 4, 10),
              latest=None, granularity=None, phrase="soon"),
        event("dated", src=a),
    ])
    html = page_client.get("/").get_data(as_text=True)
    assert [r[0] for r in ROW.findall(html)] == ["dated"]
    section = html[html.index('id="undated"'):]
    assert 'data-id="peace"' in section and 'data-id="open"' in section
    assert "not before 2024-04-10" in section
