"""Reading JSON bodies the way Open Dental clients send them, with a sentence for every mistake.

Field names match case-insensitively (Open Dental's deserializer does), a charset on the
content type is fine, and each wrong type names the field and the accepted form.
"""

from __future__ import annotations

from typing import Any

import orjson

from dentin.errors import BadRequest, PayloadTooLarge

MAX_BODY = 16_800_000  # Open Dental's documented limit for a PUT/POST body


class Body:
    def __init__(self, data: dict[str, Any]) -> None:
        self._data = {k.lower(): (k, v) for k, v in data.items()}

    @classmethod
    def parse(cls, raw: bytes, *, required: bool = True) -> Body:
        if len(raw) > MAX_BODY:
            raise PayloadTooLarge(f"The body is {len(raw)} bytes; the limit is {MAX_BODY}.")
        if not raw.strip():
            if required:
                raise BadRequest("The request body is empty; send a JSON object.")
            return cls({})
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise BadRequest(f"The body is not valid JSON: {exc}.") from None
        if not isinstance(data, dict):
            raise BadRequest(f"The body must be a JSON object, not a JSON {_kind(data)}.")
        return cls(data)

    def fields(self) -> dict[str, Any]:
        """The body as sent (original names), for forms validated field by field elsewhere."""
        return dict(self._data.values())

    def has(self, name: str) -> bool:
        return name.lower() in self._data

    def get(self, name: str) -> Any:
        entry = self._data.get(name.lower())
        return None if entry is None else entry[1]

    def str(
        self, name: str, *, required: bool = False, max_length: int | None = None
    ) -> str | None:
        value = self.get(name)
        if value is None:
            if required:
                raise BadRequest(f"{name} is required.")
            return None
        if not isinstance(value, str):
            raise BadRequest(f"{name} must be a string, not a JSON {_kind(value)}.")
        if max_length is not None and len(value) > max_length:
            raise BadRequest(
                f"{name} is {len(value)} characters long; the most allowed is {max_length}."
            )
        return value


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    if value is None:
        return "null"
    return "string"
