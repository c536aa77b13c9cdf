"""POST /api/articles (token required) and GET /api/articles/<id>.

An article is JSON {title, body, published, source?, url?, language?} or, as text/plain,
the article file format of seeds/. It goes through the same pipeline as every other
source; the answer lists the events it created or changed.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import Blueprint, Response, json, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from calendar_service.events.model import Article
from calendar_service.ingest.article_file import ArticleFormatError, parse_article_text
from calendar_service.ingest.pipeline import ingest_article
from calendar_service.store import StoredArticle
from calendar_service.web.auth import require_token
from calendar_service.web.context import services
from calendar_service.web.params import has_control_characters
from calendar_service.web.problems import ApiError
from calendar_service.web.serialize import event_to_json

bp = Blueprint("articles", __name__, url_prefix="/api")
FIELDS = {"title", "body", "published", "source", "url", "language"}
DEFAULT_SOURCE = "API submission"
ORIGIN = "api"


@bp.post("/articles")
@require_token
def submit_article() -> tuple[Response, int]:
    article = _article_from_request()
    s = services()
    result = ingest_article(s.store, article, origin=ORIGIN, now=datetime.now(UTC))
    body = {
        "article": {"id": result.article_id,
                    "links": {"self": f"/api/articles/{result.article_id}"}},
        "created": result.created,
        "events": [event_to_json(e) for e in result.events],
    }
    return jsonify(body), 201 if result.created else 200


@bp.get("/articles/<int:article_id>")
def get_article(article_id: int) -> Response:
    stored = services().store.get_article(article_id) if article_id < 2**31 else None
    if stored is None:
        raise ApiError(404, f"no article with id {article_id}")
    return jsonify(_article_json(stored))


def _article_from_request() -> Article:
    limit = services().settings.max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge(f"the body is larger than the limit of {limit} bytes")
    mimetype = request.mimetype
    if mimetype == "application/json":
        return _checked(_from_json(request.get_data(cache=False)))
    if mimetype == "text/plain":
        return _checked(_from_text(request.get_data(cache=False)))
    raise ApiError(415, f"send application/json or text/plain (the article file format), "
                        f"not {mimetype or 'a body without Content-Type'!r}")


def _checked(article: Article) -> Article:
    """Control characters (NUL above all, which PostgreSQL refuses) have no place in news."""
    fields = {"title": article.title, "source": article.source, "language": article.language,
              "url": article.url or "", "body": article.body.replace("\n", "").replace("\t", "")}
    for name, value in fields.items():
        if has_control_characters(value):
            raise ApiError(400, f"field {name!r} contains control characters")
    return article


def _from_text(raw: bytes) -> Article:
    try:
        return parse_article_text(raw.decode("utf-8-sig"), "the request body")
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not UTF-8") from None
    except ArticleFormatError as exc:
        raise ApiError(400, str(exc)) from None


def _from_json(raw: bytes) -> Article:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError(400, f"the body is not valid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, "the body must be a JSON object")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise ApiError(400, f"unknown field {unknown[0]!r}; fields: {', '.join(sorted(FIELDS))}")
    published_text = _field(data, "published", required=True)
    try:
        published = date.fromisoformat(published_text)
    except ValueError:
        raise ApiError(400, f"field 'published' must be a date YYYY-MM-DD, "
                            f"got {published_text!r}") from None
    url = _field(data, "url")
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise ApiError(400, "field 'url' must be an http:// or https:// address")
    return Article(
        title=_field(data, "title", required=True),
        body=_field(data, "body", required=True).replace("\r\n", "\n"),
        published=published,
        source=_field(data, "source") or DEFAULT_SOURCE,
        language=_field(data, "language") or "en",
        url=url,
    )


def _field(data: dict[str, Any], name: str, *, required: bool = False) -> Any:
    value = data.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"field {name!r} is required")
        return None
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"field {name!r} must be a non-empty string")
    return value.strip()


def _article_json(stored: StoredArticle) -> dict[str, Any]:
    a = stored.article
    ingested = stored.ingested_at
    if ingested.tzinfo is None:
        ingested = ingested.replace(tzinfo=UTC)
    return {
        "id": stored.id,
        "title": a.title,
        "published": a.published.isoformat(),
        "published_basis": a.date_basis,
        "source": a.source,
        "language": a.language,
        "url": a.url,
        "content_hash": stored.content_hash,
        "origin": stored.origin,
        "ingested_at": ingested.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "body": a.body,
    }
