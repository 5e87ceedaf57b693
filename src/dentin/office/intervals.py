"""Open Dental's ``Interval``: years, months, weeks and days packed in one integer column
(``recall.RecallInterval``, ``recalltype.DefaultInterval``) as ``y*1000000 + m*10000 + w*100 +
d``, and spoken on the wire as text such as "6m1d" (a zero part left out; no interval is "")."""

from __future__ import annotations

import datetime as dt
import re

from dentin.errors import BadRequest

_PART = re.compile(r"(\d+)([ymwd])")
_WEIGHT = {"y": 1_000_000, "m": 10_000, "w": 100, "d": 1}
_LIMIT = {"y": 2000, "m": 99, "w": 99, "d": 99}


def to_text(packed: int) -> str:
    years, rest = divmod(packed, 1_000_000)
    months, rest = divmod(rest, 10_000)
    weeks, days = divmod(rest, 100)
    parts = ((years, "y"), (months, "m"), (weeks, "w"), (days, "d"))
    return "".join(f"{n}{unit}" for n, unit in parts if n)


def parse(raw: object, field: str) -> int:
    """ "1y6m20d" (any of the parts, in that order) → the packed integer; 400 otherwise."""
    text = raw.strip().lower() if isinstance(raw, str) else None
    if text is None or (text and not re.fullmatch(r"(\d+y)?(\d+m)?(\d+w)?(\d+d)?", text)):
        raise BadRequest(
            f"{field} must be digits followed by 'y', 'm', 'w' or 'd' in that order, such as "
            f"'1y6m20d' or '6m1d', got {raw!r}."
        )
    packed = 0
    for digits, unit in _PART.findall(text):
        number = int(digits)
        if number > _LIMIT[unit]:
            raise BadRequest(f"{field} has too many {unit!r} ({number}); at most {_LIMIT[unit]}.")
        packed += number * _WEIGHT[unit]
    return packed


def add(day: dt.date, packed: int) -> dt.date:
    """``day`` moved on by the interval (months clamp to the month's last day)."""
    years, rest = divmod(packed, 1_000_000)
    months, rest = divmod(rest, 10_000)
    weeks, days = divmod(rest, 100)
    month_index = day.month - 1 + months
    year = day.year + years + month_index // 12
    month = month_index % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    moved = dt.date(year, month, min(day.day, last))
    return moved + dt.timedelta(weeks=weeks, days=days)
