"""On PostgreSQL with 100,000 events, the API's main queries are served by indexes (EXPLAIN)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import pytest
import sqlalchemy as sa

from calendar_service.store import EventQuery, migrate
from calendar_service.store.engine import create
from calendar_service.store.query import build_select

EVENTS = 100_000

# Synthetic events: kinds and statuses skewed like real news (rare cancellations), ~250
# countries, ranges spread over 30 years, 1-365 days wide, two participants each.
FILL = f"""
INSERT INTO events (id, kind, title, series, participants, city, country, earliest, latest,
                    range_start, range_end, dated, width_days, granularity, status, sequence,
                    created, updated, search_text, version)
SELECT 'ev-' || n,
       (ARRAY['meeting','meeting','meeting','talks','talks','visit','state_visit','summit',
              'conference','official_visit'])[1 + mod(n, 10)],
       'Event ' || n, NULL, '[]', 'City ' || mod(n, 900), 'Country ' || mod(n, 250),
       d, d + w, d, d + w, true, w + 1, 'day',
       CASE WHEN mod(n, 50) = 0 THEN 'cancelled' WHEN mod(n, 3) = 0 THEN 'held' ELSE 'planned' END,
       0, now(), now() - (n || ' minutes')::interval, 'event ' || n, 1
FROM (SELECT n, DATE '2000-01-01' + mod(n * 7919, 10950) AS d, mod(n, 365) AS w
      FROM generate_series(1, {EVENTS}) AS n) AS s;
INSERT INTO event_participants (event_id, position, name, name_key)
SELECT 'ev-' || n, p, 'Person ' || (mod(n * (p + 1), 5000)), 'person ' || (mod(n * (p + 1), 5000))
FROM generate_series(1, {EVENTS}) AS n, generate_series(0, 1) AS p;
ANALYZE events; ANALYZE event_participants;
"""


@pytest.fixture(scope="module")
def big_pg(pg_base_url: str) -> Iterator[sa.Engine]:
    """A private schema holding the synthetic events, shared by this module's tests."""
    schema = f"t_{os.getpid()}_{uuid.uuid4().hex[:12]}"  # the conftest's orphan-aware form
    admin = sa.create_engine(pg_base_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = create(f"{pg_base_url}?options=-csearch_path%3D{schema}")
    try:
        migrate.upgrade(engine)
        with engine.begin() as connection:
            for statement in filter(str.strip, FILL.split(";")):
                connection.exec_driver_sql(statement)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _plan(engine: sa.Engine, query: EventQuery) -> str:
    compiled = build_select(query).compile(
        dialect=engine.dialect, compile_kwargs={"render_postcompile": True}
    )
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(f"EXPLAIN {compiled}", compiled.params).scalars()
        return "\n".join(rows)


@pytest.mark.postgres
@pytest.mark.slow
@pytest.mark.parametrize(("query", "index"), [
    (EventQuery(limit=100), "ix_events_range_start"),
    (EventQuery(sort="updated", limit=100), "ix_events_updated"),
    (EventQuery(date_from=date(2010, 3, 1), date_to=date(2010, 3, 31), max_width_days=40),
     "ix_events_range_"),
    (EventQuery(upcoming_as_of=date(2029, 12, 1), limit=100), "ix_events_range_"),
    (EventQuery(country="country 17"), "ix_events_country_lower"),
    (EventQuery(city="City 5"), "ix_events_city_lower"),
    (EventQuery(statuses=("cancelled",), kinds=("summit",)), "ix_events_status"),
    (EventQuery(participant="Person 42"), "ix_event_participants_name_key"),
], ids=["first-page", "recently-updated", "month-window", "upcoming", "country", "city",
        "cancelled-summits", "participant"])
def test_main_queries_use_indexes(big_pg: sa.Engine, query: EventQuery, index: str) -> None:
    plan = _plan(big_pg, query)
    assert index in plan, plan
    assert "Seq Scan on events" not in plan, plan
