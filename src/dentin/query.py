"""Query parameters matched case-insensitively, as Open Dental's server does.

``?offset=100``, ``?Offset=100`` and ``?OFFSET=100`` are the same parameter; each parse error
names the parameter and the form it accepts.
"""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import QueryParams

from dentin.errors import BadRequest
from dentin.wire import MAX_ID, ascii_digits, parse_od_date, parse_od_datetime, shown

DEFAULT_LIMIT = 100
MAX_LIMIT = 100
MAX_INT = MAX_ID  # what both databases can compare a parameter with
_MAX_DIGITS = len(str(MAX_INT))


# The accessors are named like the types they return; these aliases keep annotations unambiguous.
Text = str
Whole = int


class Args:
    def __init__(self, params: QueryParams) -> None:
        self._values: dict[Text, Text] = {}
        for key, value in params.multi_items():
            self._values.setdefault(key.lower(), value)

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
            # Past 64 bits whatever the digits: no need to convert it (slow, or a ValueError
            # past 4,300 digits) to know it is out of range.
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
