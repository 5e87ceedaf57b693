"""The office's clock: Open Dental stamps and reports time in the office's own time zone.

Open Dental's server writes ``DateTStamp`` (and ``SecDateTEntry``, ``SecDateTEdit``...) with
MySQL's ``NOW()`` on the office's server, and answers ``serverDateTime`` from the same clock, so
a client that stores ``serverDateTime`` and sends it back as ``DateTStamp`` misses nothing. dentin
does the same: every stamp it writes and every ``serverDateTime`` it answers is the wall time in
the office's zone (naive, second precision, as Open Dental's columns hold it), taken from the
``TimeZone`` preference of the office's own database so that the office reads it in every mode
(embedded, connector, service). An office without the preference runs on UTC, the clock every
office used before the setting existed, so the stamps already stored keep their meaning.

The zone is chosen when the office is added (``dentin office add --time-zone``): changing it
later would leave the stamps already written on the old clock (hours ahead of, or behind, the
new one), which is exactly what breaks an incremental sync.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest
from dentin.office.models import Preference
from dentin.wire import od_datetime

if TYPE_CHECKING:  # the registry imports API Events' capture, which reads this clock
    from dentin.office.registry import OfficeDatabase

ZONE_PREFERENCE = "TimeZone"
DEFAULT_ZONE = "UTC"
# A zone read from the database is reused this long: one preference lookup per request would
# cost every list as much as a small query, and the zone only changes when an office is added.
_CACHE_SECONDS = 5.0
_cache: dict[str, tuple[ZoneInfo, float]] = {}
_lock = threading.Lock()


def zone_named(name: str) -> ZoneInfo:
    """An IANA zone ("America/Los_Angeles"), or a 400 that says how to name one."""
    text = name.strip()
    try:
        if not text:
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadRequest(
            f"{name!r} is not a time zone: use an IANA name such as "
            '"America/Los_Angeles", "America/New_York" or "UTC".'
        ) from None


def read_zone(session: Session) -> ZoneInfo:
    value = session.scalar(
        select(Preference.ValueString).where(Preference.PrefName == ZONE_PREFERENCE)
    )
    if not value:
        return ZoneInfo(DEFAULT_ZONE)
    try:
        return ZoneInfo(value.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def office_zone(db: OfficeDatabase, session: Session | None = None) -> ZoneInfo:
    """The office's zone; read through ``session`` when one is open, so that a write holding
    its transaction (and maybe the booking lock) never waits for a second connection."""
    now = time.monotonic()
    cached = _cache.get(db.url)
    if cached is not None and now - cached[1] < _CACHE_SECONDS:
        return cached[0]
    if session is not None:
        zone = read_zone(session)
    else:
        with db.session() as own:
            zone = read_zone(own)
    with _lock:
        _cache[db.url] = (zone, now)
    return zone


def set_office_zone(db: OfficeDatabase, name: str) -> ZoneInfo:
    """Record the office's zone (see the module note: meant for a new office)."""
    zone = zone_named(name)
    with db.transaction() as session:
        row = session.scalar(select(Preference).where(Preference.PrefName == ZONE_PREFERENCE))
        if row is None:
            session.add(Preference(PrefName=ZONE_PREFERENCE, ValueString=zone.key))
        else:
            row.ValueString = zone.key
    with _lock:
        _cache.pop(db.url, None)
    return zone


def wall_time(zone: ZoneInfo) -> dt.datetime:
    """Now on the office's wall clock: naive, second precision, like a stored ``DateTStamp``."""
    return dt.datetime.now(zone).replace(tzinfo=None, microsecond=0)


def office_now(db: OfficeDatabase, session: Session | None = None) -> dt.datetime:
    """The time every stamp written to ``db`` carries (pass the open session inside a write)."""
    return wall_time(office_zone(db, session))


def server_now(db: OfficeDatabase) -> str:
    """``serverDateTime``: the office's clock, taken before a list's query runs so that a
    client resuming from it misses nothing changed while the page was read."""
    return od_datetime(office_now(db))
