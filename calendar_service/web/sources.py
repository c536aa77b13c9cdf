"""/api/sources: the refresh job's sources. Reads are public; changes need the token.

Sources defined in config/settings.toml belong to that file (it is synced into the store at
start-up), so the API refuses to change or remove them: edit the file instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, json, jsonify, request

from calendar_service.ingest.sources import (
    SourceDefinitionError,
    effective_kind,
    new_definition,
)
from calendar_service.store.sources import (
    Source,
    SourceExistsError,
    UnknownSourceError,
    add_source,
    get_source,
    list_sources,
    remove_source,
    update_source,
)
from calendar_service.web.auth import require_token
from calendar_service.web.context import services
from calendar_service.web.params import has_control_characters
from calendar_service.web.problems import ApiError

bp = Blueprint("sources", __name__, url_prefix="/api")
CREATE_FIELDS = {"name", "location", "kind", "interval_minutes", "enabled", "language",
                 "follow_links"}
PATCH_FIELDS = {"interval_minutes", "enabled", "language", "follow_links"}
MAX_NAME = 200


@bp.get("/sources")
def list_all() -> Response:
    return jsonify({"sources": [source_to_json(s) for s in list_sources(services().store)]})


@bp.get("/sources/<name>")
def get_one(name: str) -> Response:
    return jsonify(source_to_json(_source_or_404(name)))


@bp.post("/sources")
@require_token
def create() -> tuple[Response, int]:
    s = services()
    data = _json_object(CREATE_FIELDS)
    for required in ("name", "location"):
        if not isinstance(data.get(required), str) or not data[required].strip():
            raise ApiError(400, f"field {required!r} is required and must be a string")
        if has_control_characters(data[required]):
            raise ApiError(400, f"field {required!r} contains control characters")
    if "/" in data["name"]:
        raise ApiError(400, "field 'name' must not contain '/' (it is part of the source's URL)")
    try:
        definition = new_definition(
            data["name"], data["location"], kind=_optional(data, "kind", str),
            interval_minutes=_optional(data, "interval_minutes", int),
            default_minutes=s.settings.refresh_minutes,
            enabled=_optional(data, "enabled", bool, default=True),
            language=_optional(data, "language", str, default="en"),
            follow_links=_optional(data, "follow_links", bool, default=False),
            base=s.settings.root,
        )
        created = add_source(s.store, definition, now=datetime.now(UTC))
    except SourceDefinitionError as exc:
        raise ApiError(400, str(exc)) from None
    except SourceExistsError as exc:
        raise ApiError(409, str(exc)) from None
    return jsonify(source_to_json(created)), 201


@bp.patch("/sources/<name>")
@require_token
def change(name: str) -> Response:
    s = services()
    source = _runtime_source(name)
    data = _json_object(PATCH_FIELDS)
    if not data:
        raise ApiError(400, f"nothing to change; fields: {', '.join(sorted(PATCH_FIELDS))}")
    merged = source.definition
    try:
        checked = new_definition(
            merged.name, merged.location, kind=merged.kind,
            interval_minutes=_optional(data, "interval_minutes", int,
                                       default=merged.interval_seconds // 60),
            enabled=_optional(data, "enabled", bool, default=merged.enabled),
            language=_optional(data, "language", str, default=merged.language),
            follow_links=_optional(data, "follow_links", bool, default=merged.follow_links),
        )
    except SourceDefinitionError as exc:
        raise ApiError(400, str(exc)) from None
    changes = {"interval_seconds": checked.interval_seconds, "enabled": checked.enabled,
               "language": checked.language, "follow_links": checked.follow_links}
    try:
        return jsonify(source_to_json(update_source(s.store, name, **changes)))
    except UnknownSourceError:
        raise ApiError(404, f"no source named {name!r}") from None


@bp.delete("/sources/<name>")
@require_token
def delete(name: str) -> Response:
    _runtime_source(name)
    try:
        remove_source(services().store, name)
    except UnknownSourceError:
        raise ApiError(404, f"no source named {name!r}") from None
    return Response(status=204)


def source_to_json(source: Source) -> dict[str, Any]:
    d, st = source.definition, source.state
    return {
        "name": d.name,
        "kind": d.kind,
        "effective_kind": effective_kind(d, st),
        "location": d.location,
        "interval_minutes": d.interval_seconds // 60,
        "enabled": d.enabled,
        "language": d.language,
        "follow_links": d.follow_links,
        "origin": source.origin,
        "created_at": _moment(source.created_at),
        "state": {
            "healthy": st.healthy,
            "consecutive_errors": st.consecutive_errors,
            "last_error": st.last_error,
            "last_error_at": _moment(st.last_error_at),
            "last_attempt_at": _moment(st.last_attempt_at),
            "last_success_at": _moment(st.last_success_at),
            "next_due_at": _moment(st.next_due_at),
            "articles_stored": st.articles_stored,
        },
        "links": {"self": f"/api/sources/{d.name}"},
    }


def _source_or_404(name: str) -> Source:
    source = None
    if len(name) <= MAX_NAME and not has_control_characters(name):
        source = get_source(services().store, name)
    if source is None:
        raise ApiError(404, f"no source named {name!r}")
    return source


def _runtime_source(name: str) -> Source:
    source = _source_or_404(name)
    if source.origin == "config":
        raise ApiError(409, f"source {name!r} is defined in the settings file; change it there")
    return source


def _json_object(allowed: set[str]) -> dict[str, Any]:
    if request.mimetype != "application/json":
        raise ApiError(415, f"send application/json, not {request.mimetype or 'no type'!r}")
    try:
        data = json.loads(request.get_data(cache=False).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ApiError(400, f"unknown field {unknown[0]!r}; fields: {', '.join(sorted(allowed))}")
    return data


def _optional(data: dict[str, Any], name: str, kind: type, default: Any = None) -> Any:
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ApiError(400, f"field {name!r} must be a {kind.__name__}, got {value!r}")
    if isinstance(value, str) and has_control_characters(value):
        raise ApiError(400, f"field {name!r} contains control characters")
    return value


def _moment(value: datetime | None) -> str | None:
    if value is None:
        return None
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return aware.replace(microsecond=0).isoformat().replace("+00:00", "Z")
