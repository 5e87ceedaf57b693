"""Domain errors: each carries the HTTP class it maps to and one sentence for the caller.

Domain code raises these without importing the web framework; the app turns them into
``{"code", "message"}`` bodies, so every refusal explains itself and none becomes a 500.
"""

from __future__ import annotations

from typing import Any


class DentinError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.headers = headers or {}
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.extra}


class BadRequest(DentinError):
    status_code = 400
    code = "bad_request"


class Unauthorized(DentinError):
    status_code = 401
    code = "unauthorized"


class Forbidden(DentinError):
    status_code = 403
    code = "forbidden"


class NotFound(DentinError):
    status_code = 404
    code = "not_found"


class Conflict(DentinError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(DentinError):
    status_code = 413
    code = "payload_too_large"


class TooManyRequests(DentinError):
    status_code = 429
    code = "rate_limited"


class GatewayTimeout(DentinError):
    status_code = 504
    code = "timeout"


class OfficeUnavailable(DentinError):
    status_code = 503
    code = "office_unavailable"
