"""Bearer-token guard for write endpoints. No token configured: every write is refused."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import request

from calendar_service.web.context import services
from calendar_service.web.problems import ApiError

F = TypeVar("F", bound=Callable[..., object])


def require_token(view: F) -> F:
    @wraps(view)
    def guarded(*args: object, **kwargs: object) -> object:
        expected = services().settings.api_token
        if not expected:
            raise ApiError(403, "writes are disabled: no API token is configured "
                                "(set CALENDAR_SERVICE_API_TOKEN)")
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "this endpoint needs 'Authorization: Bearer <token>'",
                           headers={"WWW-Authenticate": 'Bearer realm="calendar-service"'})
        if not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise ApiError(401, "the bearer token is not valid",
                           headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]
