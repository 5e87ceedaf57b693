"""JSON responses encoded once with orjson; the hot paths avoid any second encoding pass."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

JSON = "application/json; charset=utf-8"


def json_response(
    content: Any, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        orjson.dumps(content), status_code=status_code, headers=headers, media_type=JSON
    )


def raw_json(
    body: bytes, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(body, status_code=status_code, headers=headers, media_type=JSON)
