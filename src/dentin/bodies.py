"""Reading JSON bodies the way Open Dental clients send them, with a sentence for every mistake.

Field names match case-insensitively (Open Dental's deserializer does), a charset on the
content type is fine, and each wrong type names the field and the accepted form.
"""

from __future__ import annotations

from typing import Any

import orjson

from dentin.errors import BadRequest, PayloadTooLarge
from dentin.wire import MAX_ID

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


# -- OpenAPI: the fields a route reads through Fields, so /docs shows them and a schema-driven
# fuzzer (tests/schemathesis_run) sends each one, in range and out of it.

MAX_FIELD_INT = MAX_ID  # office columns are 32-bit, as in Open Dental


def json_body(
    *,
    required: tuple[str, ...] = (),
    ids: tuple[str, ...] = (),
    days: tuple[str, ...] = (),
    moments: tuple[str, ...] = (),
    texts: tuple[str, ...] = (),
    money: tuple[str, ...] = (),
    flags: tuple[str, ...] = (),
    choices: dict[str, list[str]] | None = None,
    example: dict[str, Any] | None = None,
    optional: bool = False,
) -> dict[str, Any]:
    """``openapi_extra`` describing a JSON object body (names match case-insensitively)."""
    props: dict[str, Any] = {}
    for name in ids:
        props[name] = {"type": "integer", "minimum": 0, "maximum": MAX_FIELD_INT}
    for name in days:
        props[name] = {"type": "string", "format": "date", "description": "yyyy-MM-dd"}
    for name in moments:
        props[name] = {
            "type": "string",
            "format": "od-date-time",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$",
            "description": "yyyy-MM-dd HH:mm:ss",
        }
    for name in texts:
        props[name] = {"type": "string"}
    for name in money:
        props[name] = {"type": "number"}
    for name in flags:
        props[name] = {"type": "boolean"}
    for name, words in (choices or {}).items():
        props[name] = {"type": "string", "enum": words}
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(required)
    content: dict[str, Any] = {"schema": schema}
    if example is not None:
        content["example"] = example
    return {"requestBody": {"required": not optional, "content": {"application/json": content}}}
