"""The OpenAPI 3.1 description of the HTTP interface, served at /api/openapi.json.

Built from the same constants the handlers validate with (kinds, statuses, sorts, limits),
and a test checks every route of the app against it, so it cannot drift silently.
"""

from __future__ import annotations

from typing import Any, get_args

from calendar_service.events.model import DateBasis
from calendar_service.publish.feeds import KINDS, STATUSES
from calendar_service.store.query import SORTS
from calendar_service.web.params import DEFAULT_LIMIT, MAX_LIMIT, MAX_TEXT

JSON = "application/json"
PROBLEM = "application/problem+json"
CALENDAR = "text/calendar"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _problems(*statuses: int) -> dict[str, Any]:
    return {str(s): {"$ref": "#/components/responses/Problem"} for s in statuses}


def _param(name: str, schema: dict[str, Any], description: str, *, where: str = "query",
           required: bool = False, explode: bool | None = None) -> dict[str, Any]:
    param: dict[str, Any] = {"name": name, "in": where, "required": required,
                             "description": description, "schema": schema}
    if explode is not None:
        param["explode"] = explode
    return param


# Printable text with at least one non-space character (control characters are refused).
_PRINTABLE = r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
_TEXT = {"type": "string", "minLength": 1, "maxLength": MAX_TEXT, "pattern": _PRINTABLE}
_DATE = {"type": "string", "format": "date"}
_BOOL = {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no"]}

FILTERS = [
    _param("kind", {"type": "array", "items": {"type": "string", "enum": list(KINDS)}},
           "Event kinds (repeat, or separate with commas).", explode=True),
    _param("participant", _TEXT, "A principal participant, e.g. 'Xi Jinping'."),
    _param("country", _TEXT, "Host country (case-insensitive)."),
    _param("city", _TEXT, "Host city (case-insensitive)."),
    _param("series", _TEXT, "Series, e.g. 'BRICS summit'."),
    _param("status", {"type": "array", "items": {"type": "string", "enum": list(STATUSES)}},
           "Statuses (repeat, or separate with commas).", explode=True),
    _param("from", _DATE, "Only events whose range overlaps the window from this day "
           "(not after 'to')."),
    _param("to", _DATE, "Only events whose range overlaps the window up to this day."),
    _param("upcoming", _BOOL, "Only events not yet over (relative to as_of or today)."),
    _param("as_of", _DATE, "Reference day for upcoming=true (refused without it)."),
    _param("max_width", {"type": "integer", "minimum": 1, "maximum": 100_000},
           "Only events known to within this many days."),
    _param("q", _TEXT, "Text search over title, participants and places."),
]
PAGING = [
    _param("sort", {"type": "string", "enum": list(SORTS), "default": "earliest"},
           "Order: earliest or latest day ascending, or most recently updated first."),
    _param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                     "default": DEFAULT_LIMIT}, "Page size."),
    _param("cursor", {"type": "string", "minLength": 1, "maxLength": 1000,
                      "pattern": "^[A-Za-z0-9_-]+$"},
           "next_cursor of the previous page (opaque; any other value is refused)."),
]
PRECISE = _param("precise_within_days", {"type": "integer", "minimum": 1, "maximum": 3660},
                 "Ranges wider than this are drawn as uncertain windows.")
SOURCE_NAME = _param("name", {"type": "string", "maxLength": 200}, "Source name.",
                     where="path", required=True)
EVENT_ID = _param("event_id", {"type": "string", "maxLength": 64}, "Stable event id.",
                  where="path", required=True)
CALENDAR_RESPONSE = {
    "description": "An iCalendar feed (RFC 5545) with strong ETag and Last-Modified.",
    "content": {CALENDAR: {"schema": {"type": "string"}}},
}
NOT_MODIFIED = {"description": "Not modified since the ETag or date the client sent."}

_NULLABLE_STR = {"type": ["string", "null"]}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
PUBLISHED_BASIS = {
    "type": "string", "enum": list(get_args(DateBasis)),
    "description": "How `published` is known: 'published', stated by the source; 'fetched', "
                   "the source gave no date and the day it was fetched stands in (ranges "
                   "derived from it are relative to that day).",
}
SOURCE = {
    "type": "object",
    "required": ["outlet", "published", "published_basis", "url", "title", "article_hash"],
    "properties": {"outlet": {"type": "string"}, "published": _DATE,
                   "published_basis": PUBLISHED_BASIS, "url": _NULLABLE_STR,
                   "title": _NULLABLE_STR, "article_hash": {"type": "string"}},
}
EVENT = {
    "type": "object",
    "required": ["id", "title", "kind", "series", "participants", "city", "country", "earliest",
                 "latest", "granularity", "width_days", "precision", "status", "sequence",
                 "created", "updated", "source_count", "sources", "links"],
    "properties": {
        "id": {"type": "string"}, "title": {"type": "string"},
        "kind": {"type": "string", "enum": list(KINDS)}, "series": _NULLABLE_STR,
        "participants": {"type": "array", "items": {"type": "string"}},
        "city": _NULLABLE_STR, "country": _NULLABLE_STR,
        "earliest": _NULLABLE_DATE, "latest": _NULLABLE_DATE,
        "granularity": _NULLABLE_STR, "width_days": {"type": ["integer", "null"]},
        "precision": {"type": "string", "enum": ["exact", "window", "open", "undated"]},
        "status": {"type": "string", "enum": list(STATUSES)},
        "sequence": {"type": "integer"},
        "created": {"type": "string", "format": "date-time"},
        "updated": {"type": "string", "format": "date-time"},
        "source_count": {"type": "integer", "minimum": 0},
        "sources": {"type": "array", "items": _ref("Source")},
        "links": {"type": "object", "required": ["self", "ical"],
                  "properties": {"self": {"type": "string"}, "ical": {"type": "string"}}},
    },
}
EVENT_DETAIL = {
    "allOf": [_ref("Event"), {
        "type": "object", "required": ["mentions", "history"],
        "properties": {
            "mentions": {"type": "array", "items": {"type": "object", "required": [
                "source", "kind", "title", "status", "phrase", "earliest", "latest",
                "granularity", "sentence", "span"]}},
            "history": {"type": "array", "items": {"type": "object", "required": [
                "sequence", "earliest", "latest", "status", "phrase", "note", "changed_at",
                "source"]}},
        },
    }],
}
EVENT_PAGE = {
    "type": "object",
    "required": ["events", "count", "limit", "max_limit", "next_cursor", "links"],
    "properties": {
        "events": {"type": "array", "items": _ref("Event")},
        "count": {"type": "integer"}, "limit": {"type": "integer"},
        "max_limit": {"type": "integer"}, "next_cursor": _NULLABLE_STR,
        "links": {"type": "object", "required": ["self", "next"],
                  "properties": {"self": {"type": "string"}, "next": _NULLABLE_STR}},
    },
}
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                   "status": {"type": "integer"}, "detail": {"type": "string"},
                   "instance": {"type": "string"}},
}
_SOURCE_SETTINGS = {
    "interval_minutes": {"type": "integer", "minimum": 1, "maximum": 1_000_000},
    "enabled": {"type": "boolean"},
    "language": {"type": "string", "pattern": "^[A-Za-z-]{1,16}$"},
    "follow_links": {"type": "boolean"},
}
SOURCE_IN = {
    "type": "object", "required": ["name", "location"], "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 200,
                 "pattern": "^[^/\\x00-\\x1f\\x7f]*[^/\\s\\x00-\\x1f\\x7f][^/\\x00-\\x1f\\x7f]*$"},
        "location": {"type": "string", "minLength": 1,
                     "description": "An http(s) URL, or a folder path on the server."},
        "kind": {"type": "string", "enum": ["rss", "atom", "page", "folder"]},
        **_SOURCE_SETTINGS,
    },
}
SOURCE_PATCH = {"type": "object", "minProperties": 1, "additionalProperties": False,
                "properties": _SOURCE_SETTINGS}
REFRESH_SOURCE = {
    "type": "object",
    "required": ["name", "kind", "effective_kind", "location", "interval_minutes", "enabled",
                 "language", "follow_links", "origin", "created_at", "state", "links"],
    "properties": {"name": {"type": "string"}, "kind": _NULLABLE_STR,
                   "origin": {"type": "string", "enum": ["config", "runtime"]},
                   "state": {"type": "object", "required": ["healthy", "consecutive_errors"]}},
}
ARTICLE_IN = {
    "type": "object",
    "required": ["title", "body", "published"],
    "additionalProperties": False,
    "properties": {"title": {"type": "string", "minLength": 1},
                   "body": {"type": "string", "minLength": 1}, "published": _DATE,
                   "source": {"type": "string"}, "url": {"type": "string", "format": "uri"},
                   "language": {"type": "string"}},
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def openapi_document() -> dict[str, Any]:
    get_events = {
        "summary": "List events", "parameters": FILTERS + PAGING,
        "responses": {"200": _json(_ref("EventPage"), "A page of events."),
                      **_problems(400, 503)},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "calendar-service", "version": "0.1.0",
                 "description": "Announced diplomatic events with honest date ranges."},
        "paths": {
            "/api/events": {"get": get_events},
            "/api/events/{event_id}": {"get": {
                "summary": "One event with its evidence and history", "parameters": [EVENT_ID],
                "responses": {"200": _json(_ref("EventDetail"), "The event."),
                              **_problems(404, 503)}}},
            "/api/events/{event_id}.ics": {"get": {
                "summary": "One event as a calendar", "parameters": [EVENT_ID],
                "responses": {"200": CALENDAR_RESPONSE, "304": NOT_MODIFIED,
                              **_problems(404, 503)}}},
            "/api/summits/upcoming": {"get": {
                "summary": "Summits and state or official visits not yet over, soonest first",
                "parameters": [*(p for p in FILTERS if p["name"] == "as_of"),
                               *(p for p in PAGING if p["name"] in ("limit", "cursor"))],
                "responses": {"200": _json(_ref("EventPage"), "A page of events."),
                              **_problems(400, 503)}}},
            "/api/parse": {"get": {
                "summary": "Find and resolve time expressions in a text",
                "parameters": [
                    _param("text", {"type": "string", "minLength": 1, "maxLength": 20_000},
                           "The text.", required=True),
                    _param("published", _DATE, "Reference (publication) date.", required=True),
                    _param("language", {"type": "string"}, "Language of the text (en)."),
                ],
                "responses": {"200": _json({"type": "object", "required": ["mentions"]},
                                           "Mentions with spans and ranges."),
                              **_problems(400)}}},
            "/api/articles": {"post": {
                "summary": "Submit an article for ingestion (bearer token)",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": {
                    JSON: {"schema": _ref("ArticleIn")},
                    "text/plain": {"schema": {"type": "string",
                                              "description": "The article file format."}}}},
                "responses": {
                    "201": _json({"type": "object"}, "Stored; events created or changed."),
                    "200": _json({"type": "object"}, "Already stored; nothing changed."),
                    **_problems(400, 401, 403, 413, 415, 503)}}},
            "/api/articles/{article_id}": {"get": {
                "summary": "A stored article",
                "parameters": [_param("article_id", {"type": "integer", "minimum": 0},
                                      "Article id.", where="path", required=True)],
                "responses": {"200": _json({"type": "object"}, "The article."),
                              **_problems(404, 503)}}},
            "/api/sources": {
                "get": {"summary": "The refresh job's sources",
                        "responses": {"200": _json({"type": "object", "required": ["sources"]},
                                                   "Sources."), **_problems(503)}},
                "post": {"summary": "Add a source (bearer token)", "security": [{"bearer": []}],
                         "requestBody": {"required": True, "content": {
                             JSON: {"schema": _ref("SourceIn")}}},
                         "responses": {"201": _json(_ref("RefreshSource"), "Added."),
                                       **_problems(400, 401, 403, 409, 413, 415, 503)}},
            },
            "/api/sources/{name}": {
                "get": {"summary": "One source with its refresh state",
                        "parameters": [SOURCE_NAME],
                        "responses": {"200": _json(_ref("RefreshSource"), "The source."),
                                      **_problems(404, 503)}},
                "patch": {"summary": "Change a source added at run time (bearer token)",
                          "security": [{"bearer": []}], "parameters": [SOURCE_NAME],
                          "requestBody": {"required": True, "content": {
                              JSON: {"schema": _ref("SourcePatch")}}},
                          "responses": {"200": _json(_ref("RefreshSource"), "Changed."),
                                        **_problems(400, 401, 403, 404, 409, 413, 415, 503)}},
                "delete": {"summary": "Remove a source added at run time (bearer token)",
                           "security": [{"bearer": []}], "parameters": [SOURCE_NAME],
                           "responses": {"204": {"description": "Removed."},
                                         **_problems(401, 403, 404, 409, 503)}},
            },
            "/api/feeds": {"get": {
                "summary": "The published feeds with https and webcal links",
                "responses": {"200": _json({"type": "object", "required": ["feeds"]},
                                           "Feeds.")}}},
            "/api/openapi.json": {"get": {
                "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "OpenAPI 3.1.")}}},
            "/feeds/{name}.ics": {"get": {
                "summary": "A feed defined in feeds/*.toml",
                "parameters": [_param("name", {"type": "string"}, "Feed name.", where="path",
                                      required=True)],
                "responses": {"200": CALENDAR_RESPONSE, "304": NOT_MODIFIED,
                              **_problems(400, 404, 503)}}},
            "/feeds/custom.ics": {"get": {
                "summary": "An ad-hoc feed from the same filters as /api/events",
                "parameters": [*FILTERS, PRECISE],
                "responses": {"200": CALENDAR_RESPONSE, "304": NOT_MODIFIED,
                              **_problems(400, 503)}}},
            "/healthz": {"get": {
                "summary": "Liveness and database check",
                "responses": {"200": _json({"type": "object"}, "OK."), **_problems(503)}}},
            "/": {"get": {
                "summary": "The timeline page (HTML)",
                "parameters": [p for p in FILTERS if p["name"] in ("kind", "country", "q")],
                "responses": {"200": {"description": "HTML",
                                      "content": {"text/html": {"schema": {"type": "string"}}}},
                              **_problems(400, 503)}}},
            "/events/{event_id}": {"get": {
                "summary": "An event's page (HTML)", "parameters": [EVENT_ID],
                "responses": {"200": {"description": "HTML",
                                      "content": {"text/html": {"schema": {"type": "string"}}}},
                              **_problems(404, 503)}}},
        },
        "components": {
            "schemas": {"Event": EVENT, "EventDetail": EVENT_DETAIL, "EventPage": EVENT_PAGE,
                        "Source": SOURCE, "Problem": PROBLEM_SCHEMA, "ArticleIn": ARTICLE_IN,
                        "SourceIn": SOURCE_IN, "SourcePatch": SOURCE_PATCH,
                        "RefreshSource": REFRESH_SOURCE},
            "responses": {"Problem": {
                "description": "RFC 9457 problem details.",
                "content": {PROBLEM: {"schema": _ref("Problem")}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
