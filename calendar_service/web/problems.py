"""Errors as RFC 9457 problem details (application/problem+json), for every route.

Handlers raise ApiError (or a werkzeug HTTPException); the store's InvalidQueryError is a
client error and StoreError an unavailable database. Anything else is logged and answered
with a 500 problem, never with an HTML page or a traceback.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, json, request
from werkzeug.exceptions import HTTPException

from calendar_service.store.errors import InvalidQueryError, StoreError

PROBLEM_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class ApiError(Exception):
    """A request we refuse, with the status and a detail that says what was wrong."""

    def __init__(
        self, status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.extra = status, detail, extra
        self.headers = headers or {}


def problem(status: int, detail: str, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response


def register_problem_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError) -> Response:
        response = problem(error.status, error.detail, **error.extra)
        response.headers.update(error.headers)
        return response

    @app.errorhandler(InvalidQueryError)
    def _invalid_query(error: InvalidQueryError) -> Response:
        return problem(400, str(error))

    @app.errorhandler(StoreError)
    def _store_error(error: StoreError) -> Response:
        log.error("database error: %s", error)
        return problem(503, "the database is unavailable; try again later")

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        response = problem(status, error.description or HTTPStatus(status).phrase)
        if status == 405 and error.get_response().headers.get("Allow"):
            response.headers["Allow"] = error.get_response().headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem(500, "internal error; it has been logged")
