"""Query parameters matched case-insensitively, as Open Dental's server does.

``?offset=100``, ``?Offset=100`` and ``?OFFSET=100`` are the same parameter; each parse error
names the parameter and the form it accepts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.datastructures import QueryParams

from dentin.errors import BadRequest
from dentin.wire import MAX_ID, ascii_digits, parse_od_date, parse_od_datetime, shown

DEFAULT_LIMIT = 100
MAX_LIMIT = 100
MAX_INT = MAX_ID  # what both databases can compare an INTEGER column (or OFFSET) with
_MAX_DIGITS = len(str(MAX_INT))


# The accessors are named like the types they return; these aliases keep annotations unambiguous.
Text = str
Whole = int


class Args:
    def __init__(self, params: QueryParams) -> None:
        self._values: dict[Text, Text] = {}
        for key, value in params.multi_items():
            self._values.setdefault(key.lower(), value)

    def has(self, name: Text) -> bool:
        """Whether the parameter was sent at all, even empty (``?DateTStamp=``)."""
        return name.lower() in self._values

    def str(self, name: Text) -> Text | None:
        value = self._values.get(name.lower())
        return value if value not in (None, "") else None

    def int(
        self, name: Text, *, minimum: Whole | None = None, maximum: Whole | None = MAX_INT
    ) -> Whole | None:
        """A whole number within [minimum, maximum]; ``maximum=None`` clamps instead of refusing."""
        raw = self.str(name)
        if raw is None:
            return None
        text = raw.strip()
        digits = text[1:] if text[:1] in ("-", "+") else text
        if not ascii_digits(digits):
            raise BadRequest(f"{name} must be a whole number, got {shown(raw)}.")
        if len(digits.lstrip("0")) > _MAX_DIGITS:
            # Out of range whatever the digits: no need to convert it (slow, or a ValueError
            # past 4,300 digits) to know that.
            value = -(MAX_INT + 1) if text.startswith("-") else MAX_INT + 1
        else:
            value = int(text)
        if minimum is not None and value < minimum:
            raise BadRequest(f"{name} must be {minimum} or more, got {shown(raw)}.")
        if maximum is not None and value > maximum:
            raise BadRequest(f"{name} must be {maximum} or less, got {shown(raw)}.")
        return max(-MAX_INT, min(value, MAX_INT))

    def date(self, name: Text) -> dt.date | None:
        raw = self.str(name)
        if raw is None:
            return None
        try:
            return parse_od_date(raw, name)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None

    def datetime(self, name: Text) -> dt.datetime | None:
        raw = self.str(name)
        if raw is None:
            return None
        try:
            if len(raw) == 10:
                day = parse_od_date(raw, name)
                return None if day is None else dt.datetime.combine(day, dt.time())
            return parse_od_datetime(raw, name)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None

    def page(self, *, max_limit: Whole = MAX_LIMIT) -> tuple[Whole, Whole]:
        """(offset, limit): negative or non-numbers refused; a large Limit capped, not refused."""
        offset = self.int("Offset", minimum=0) or 0
        limit = self.int("Limit", minimum=0, maximum=None)  # capped below, never refused
        if limit is None or limit == 0:
            limit = DEFAULT_LIMIT
        return offset, min(limit, max_limit)


# -- OpenAPI: what a route reads through Args, so /docs lists every filter and a schema-driven
# fuzzer (tests/schemathesis_run) sends each one, in range and out of it.

DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
DATETIME_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?$"
# Open Dental's "yyyy-MM-dd HH:mm:ss" is not RFC 3339's date-time, so it gets a format of its own.


def described(
    *,
    ids: tuple[Text, ...] = (),
    days: tuple[Text, ...] = (),
    moments: tuple[Text, ...] = (),
    texts: tuple[Text, ...] = (),
    flags: tuple[Text, ...] = (),
    counts: tuple[Text, ...] = (),
    choices: dict[Text, list[Text]] | None = None,
    paged: bool = False,
) -> dict[Text, Any]:
    """``openapi_extra`` for a route's query parameters (names match case-insensitively)."""
    params: list[dict[Text, Any]] = []

    def add(name: Text, schema: dict[Text, Any], about: Text) -> None:
        params.append(
            {"name": name, "in": "query", "required": False, "schema": schema, "description": about}
        )

    for name in ids:
        add(name, {"type": "integer", "minimum": 0, "maximum": MAX_INT}, "0 means none")
    for name in days:
        add(name, {"type": "string", "format": "date"}, "yyyy-MM-dd, 1000-01-01 to 9998-12-31")
    for name in moments:
        add(
            name,
            {"type": "string", "format": "od-date-time", "pattern": DATETIME_PATTERN},
            "yyyy-MM-dd HH:mm:ss (or yyyy-MM-dd): rows changed at or after it",
        )
    for name in texts:
        add(name, {"type": "string"}, "")
    for name in flags:
        add(name, {"type": "string", "enum": ["true", "false"]}, "")
    for name in counts:
        add(name, {"type": "integer", "minimum": 1, "maximum": MAX_INT}, "")
    for name, words in (choices or {}).items():
        add(name, {"type": "string", "enum": words}, "any case")
    if paged:
        add("Offset", {"type": "integer", "minimum": 0, "maximum": MAX_INT}, "rows to skip")
        add("Limit", {"type": "integer", "minimum": 0}, f"rows per page, at most {MAX_LIMIT}")
    return {"parameters": params}
