"""Schemathesis over /api/openapi.json, in process (WSGI), a bounded number of examples per
operation: no 500, and every response matches the documented status codes, content types
and schemas; schema-invalid requests are refused. Runs against SQLite with part of the seed
story stored.

Left out: the check that every schema-valid request is accepted. Some rules span parameters
or values and have no OpenAPI form ('as_of' needs upcoming=true, 'from' not after 'to', a
cursor must be one we issued), so such requests are rightly answered with a 400 problem."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")

from calendar_service.config import Settings  # noqa: E402
from calendar_service.ingest.article_file import read_article_file  # noqa: E402
from calendar_service.ingest.pipeline import ingest_article  # noqa: E402
from calendar_service.store import Store  # noqa: E402
from calendar_service.web import create_app  # noqa: E402


@pytest.fixture
def api_schema(sqlite_url: str, seeds_dir: Path) -> Iterator[object]:
    store = Store.open(sqlite_url)
    for path in sorted(seeds_dir.glob("*.txt"))[:3]:
        a = read_article_file(path)
        ingest_article(store, a, origin=str(path),
                       now=datetime.combine(a.published, datetime.min.time(), tzinfo=UTC))
    app = create_app(Settings(database_url=sqlite_url, api_token="s3cret-token"), store,
                     today=lambda: date(2024, 5, 1))
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    finally:
        store.close()


# Schemathesis does not test the document's own route, GET /api/openapi.json.
OPERATIONS = ["GET /api/events", "GET /api/events/{event_id}", "GET /api/events/{event_id}.ics",
              "GET /api/summits/upcoming", "GET /api/parse", "POST /api/articles",
              "GET /api/articles/{article_id}", "GET /api/feeds", "GET /feeds/{name}.ics",
              "GET /feeds/custom.ics", "GET /healthz", "GET /", "GET /events/{event_id}",
              "GET /api/sources", "POST /api/sources", "GET /api/sources/{name}",
              "PATCH /api/sources/{name}", "DELETE /api/sources/{name}"]


def test_every_operation_is_exercised(api_schema):
    labels = sorted(result.ok().label for result in api_schema.get_all_operations())
    assert labels == sorted(OPERATIONS)


@pytest.mark.parametrize("label", OPERATIONS)
def test_operation_conforms_to_its_openapi_document(api_schema, label):
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def run(case):
        case.call_and_validate(headers={"Authorization": "Bearer s3cret-token"},
                               excluded_checks=[schemathesis.checks.positive_data_acceptance])

    run()
