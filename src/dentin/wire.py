"""Open Dental's wire formats for dates, times and ids, with its ``0001-01-01`` sentinels.

Every number and date read from a request is bounded here, in one place: an id past the
columns' 32 bits cannot be compared by either database (SQLite raises ``OverflowError`` past 64
bits, PostgreSQL casts the parameter to the column's ``INTEGER`` and fails past 31), and a date
at the edge of Python's calendar overflows as soon as a report adds a day or looks back 90.
"""

from __future__ import annotations

import datetime as dt

from dentin.errors import BadRequest

MIN_DATE = "0001-01-01"
MIN_DATETIME = "0001-01-01 00:00:00"
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"

# Every id column (HQ and office, as Open Dental's own) is a 32-bit INTEGER; PostgreSQL binds a
# compared parameter as the column's type, so anything larger is a DataError there.
MAX_ID = 2**31 - 1
# MySQL's DATE range, where every real Open Dental value lives, less a year at the top so that
# any date arithmetic the API does (a day, two weeks, 91 days back) stays inside Python's.
FIRST_DAY = dt.date(1000, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)
_ID_DIGITS = len(str(MAX_ID))


def od_date(value: dt.date | None) -> str:
    """``isoformat`` where it spells the same as ``strftime`` (a plain date from year 1000 on),
    four times faster: a page of patients formats hundreds of dates."""
    if value is None:
        return MIN_DATE
    if type(value) is dt.date and value.year >= 1000:
        return value.isoformat()
    if value.year <= 1:
        return MIN_DATE
    return value.strftime(DATE_FORMAT)


def od_datetime(value: dt.datetime | None) -> str:
    """As ``od_date``: ``isoformat`` for a naive datetime from year 1000 on."""
    if value is None:
        return MIN_DATETIME
    if type(value) is dt.datetime and value.tzinfo is None and value.year >= 1000:
        return value.isoformat(" ", "seconds")
    if value.year <= 1:
        return MIN_DATETIME
    return value.strftime(DATETIME_FORMAT)


def parse_od_date(value: str, field: str) -> dt.date | None:
    """Parse ``yyyy-MM-dd``; the sentinel means none. Raises ValueError naming the field."""
    if value in ("", MIN_DATE):
        return None
    try:
        day = dt.datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        raise ValueError(
            f"{field} must be a date in the form yyyy-MM-dd, got {shown(value)}."
        ) from None
    _check_day(day, value, field)
    return day


def parse_od_datetime(value: str, field: str) -> dt.datetime | None:
    if value in ("", MIN_DATETIME):
        return None
    try:
        moment = dt.datetime.strptime(value, DATETIME_FORMAT)
    except ValueError:
        raise ValueError(
            f"{field} must be a date-time in the form yyyy-MM-dd HH:mm:ss, got {shown(value)}."
        ) from None
    _check_day(moment.date(), value, field)
    return moment


def _check_day(day: dt.date, raw: str, field: str) -> None:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{field} must be between {od_date(FIRST_DAY)} and {od_date(LAST_DAY)} "
            f"({MIN_DATE} means none), got {shown(raw)}."
        )


def parse_id(value: object, field: str, *, minimum: int = 1, maximum: int = MAX_ID) -> int:
    """An id from a path, a query or a JSON body: a whole number or a string of ASCII digits.

    ``minimum=0`` where 0 means none (``ClinicNum``). Refusals are ``BadRequest``s naming the
    field and the range, with the field also listed under ``fields`` for forms.
    """
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        # Length first: ``int()`` of a 5,000-digit string is itself a ValueError (and slow).
        if ascii_digits(text) and len(text.lstrip("0")) <= _ID_DIGITS:
            number = int(text)
    if number is None or not minimum <= number <= maximum:
        raise BadRequest(
            f"{field} must be a whole number from {minimum} to {maximum}, got {shown(value)}.",
            extra={"fields": {field: f"a whole number from {minimum} to {maximum}"}},
        )
    return number


def shown(value: object, limit: int = 40) -> str:
    """The offending value as a message quotes it, cut short so a huge input is not echoed."""
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number with more than 38 digits"  # repr() itself fails past 4,300 digits
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text)} characters)"


def utcnow() -> dt.datetime:
    """Naive UTC, second precision: what every stored timestamp and the wire format use."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def ascii_digits(value: str) -> bool:
    """Only 0-9: ``str.isdigit`` also accepts "³" and "١", which ``int()`` then refuses."""
    return value.isascii() and value.isdigit()
