"""Reading Open Dental-typed values out of a JSON body, each mistake a sentence naming the field.

Open Dental clients send numbers as numbers or numeric strings and booleans as ``"true"``; we
take either, and refuse anything else with the accepted form spelled out.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from dentin.bodies import Body
from dentin.errors import BadRequest
from dentin.office.enums import OdEnum
from dentin.wire import parse_od_date, parse_od_datetime

_ZIP = re.compile(r"\d{5}(-\d{4})?|\d{9}|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d")
_PATTERN = re.compile(r"[/X]*")
MAX_PATTERN = 108  # Open Dental trims a Pattern to 9 hours of 5-minute characters


class Fields:
    """Typed, optional reads: ``None`` means the field was not sent."""

    def __init__(self, body: Body) -> None:
        self.body = body

    def has(self, name: str) -> bool:
        return self.body.has(name)

    def raw(self, name: str) -> Any:
        return self.body.get(name)

    def text(self, name: str, *, max_length: int = 255) -> str | None:
        return self.body.str(name, max_length=max_length)

    def required_str(self, name: str, *, max_length: int = 255) -> str:
        value = self.body.str(name, required=True, max_length=max_length)
        assert value is not None
        if not value.strip():
            raise BadRequest(f"{name} is required and may not be blank.")
        return value

    def number(self, name: str, *, minimum: int | None = 0) -> int | None:
        value = self.body.get(name)
        if value is None:
            return None
        return to_int(value, name, minimum=minimum)

    def required_int(self, name: str) -> int:
        value = self.number(name)
        if value is None:
            raise BadRequest(f"{name} is required: send it as a whole number.")
        return value

    def flag(self, name: str) -> bool | None:
        value = self.body.get(name)
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise BadRequest(f'{name} must be "true" or "false", got {value!r}.')

    def enum(self, name: str, kind: OdEnum) -> int | None:
        value = self.body.get(name)
        if value is None:
            return None
        return kind.parse(value, name)

    def date(self, name: str) -> tuple[bool, dt.date | None]:
        """(sent, value): a sent ``0001-01-01`` clears the date."""
        value = self.body.get(name)
        if value is None:
            return False, None
        if not isinstance(value, str):
            raise BadRequest(f"{name} must be a date string in the form yyyy-MM-dd.")
        try:
            return True, parse_od_date(value.strip(), name)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None

    def datetime(self, name: str) -> tuple[bool, dt.datetime | None]:
        value = self.body.get(name)
        if value is None:
            return False, None
        if not isinstance(value, str):
            raise BadRequest(f"{name} must be a date-time string in the form yyyy-MM-dd HH:mm:ss.")
        try:
            return True, parse_od_datetime(value.strip(), name)
        except ValueError as exc:
            raise BadRequest(str(exc)) from None

    def required_datetime(self, name: str) -> dt.datetime:
        sent, value = self.datetime(name)
        if not sent or value is None:
            raise BadRequest(f"{name} is required, in the form yyyy-MM-dd HH:mm:ss.")
        return value

    def money(self, name: str) -> float | None:
        value = self.body.get(name)
        if value is None:
            return None
        return to_money(value, name)


def to_int(value: Any, name: str, *, minimum: int | None = 0) -> int:
    if isinstance(value, bool):
        raise BadRequest(f"{name} must be a whole number, not a boolean.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"-?\d{1,18}", value.strip()):
        number = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raise BadRequest(f"{name} must be a whole number, got {value!r}.")
    if minimum is not None and number < minimum:
        raise BadRequest(f"{name} must be {minimum} or more, got {number}.")
    if number > 2**31 - 1:
        raise BadRequest(f"{name} is too large: {number}.")
    return number


def to_money(value: Any, name: str) -> float:
    """A number or a numeric string ("130.00"), rounded to cents."""
    if isinstance(value, bool):
        raise BadRequest(f'{name} must be an amount such as 130.00 or "130.00", not a boolean.')
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            raise BadRequest(
                f'{name} must be an amount such as 130.00 or "130.00", got {value!r}.'
            ) from None
    else:
        raise BadRequest(f'{name} must be an amount such as 130.00 or "130.00".')
    if not math.isfinite(number) or abs(number) >= 1e10:
        raise BadRequest(f"{name} must be a finite amount below 10,000,000,000.")
    return round(number, 2)


def check_zip(value: str, name: str = "Zip") -> str:
    value = value.strip()
    if value and not _ZIP.fullmatch(value):
        raise BadRequest(
            f"{name} must be a US zip (12345, 12345-1234 or 123456789) or a Canadian postal "
            f"code (A0A 0A0), got {value!r}."
        )
    return value


def check_pattern(value: str, name: str = "Pattern") -> str:
    """Only '/' and 'X', one per 5 minutes; longer than 9 hours is trimmed, as Open Dental does."""
    value = value.strip().upper()
    if not value or not _PATTERN.fullmatch(value):
        raise BadRequest(
            f"{name} must be made of '/' and 'X' characters, each 5 minutes (for example "
            f"'/XX/'), got {value!r}."
        )
    return value[:MAX_PATTERN]
