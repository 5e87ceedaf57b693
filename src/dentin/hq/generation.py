"""The HQ change generation: one counter in the HQ database that every change moves.

Each server process keeps its verification caches in memory; Redis tells other nodes about a
change within milliseconds, but the CLI (or a node without Redis) has no such channel. The
database it writes to is the one thing every process shares, so a change also bumps this
counter, and every server polls it (see ``dentin.gateway.change_watch``).
"""

from __future__ import annotations

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from dentin.hq.models import HQGeneration

ROW_ID = 1


def bump(engine: Engine) -> None:
    """Move the counter, in a transaction of its own (callers have committed their change)."""
    with engine.begin() as conn:
        moved = conn.execute(
            update(HQGeneration)
            .where(HQGeneration.id == ROW_ID)
            .values(value=HQGeneration.value + 1)
        ).rowcount
    if moved:
        return
    try:  # the migration inserts the row; recreate it if someone deleted it
        with engine.begin() as conn:
            conn.execute(insert(HQGeneration).values(id=ROW_ID, value=1))
    except IntegrityError:  # another process recreated it first: move it on from there
        bump(engine)


def current(engine: Engine) -> int:
    with engine.connect() as conn:
        value = conn.execute(
            select(HQGeneration.value).where(HQGeneration.id == ROW_ID)
        ).scalar_one_or_none()
    return value or 0
