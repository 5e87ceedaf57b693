"""Open Dental's wire formats for dates and times, with its ``0001-01-01`` sentinels."""

from __future__ import annotations

import datetime as dt

MIN_DATE = "0001-01-01"
MIN_DATETIME = "0001-01-01 00:00:00"
DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"


def od_date(value: dt.date | None) -> str:
    if value is None or value.year <= 1:
        return MIN_DATE
    return value.strftime(DATE_FORMAT)


def od_datetime(value: dt.datetime | None) -> str:
    if value is None or value.year <= 1:
        return MIN_DATETIME
    return value.strftime(DATETIME_FORMAT)


def parse_od_date(value: str, field: str) -> dt.date | None:
    """Parse ``yyyy-MM-dd``; the sentinel means none. Raises ValueError naming the field."""
    if value in ("", MIN_DATE):
        return None
    try:
        return dt.datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        raise ValueError(f"{field} must be a date in the form yyyy-MM-dd, got {value!r}.") from None


def parse_od_datetime(value: str, field: str) -> dt.datetime | None:
    if value in ("", MIN_DATETIME):
        return None
    try:
        return dt.datetime.strptime(value, DATETIME_FORMAT)
    except ValueError:
        raise ValueError(
            f"{field} must be a date-time in the form yyyy-MM-dd HH:mm:ss, got {value!r}."
        ) from None


def utcnow() -> dt.datetime:
    """Naive UTC, second precision: what every stored timestamp and the wire format use."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def ascii_digits(value: str) -> bool:
    """Only 0-9: ``str.isdigit`` also accepts "³" and "١", which ``int()`` then refuses."""
    return value.isascii() and value.isdigit()
