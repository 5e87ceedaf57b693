"""The HQ runtime that every action receives: sessions, the key hasher and change hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from dentin.caller import Actor
from dentin.hq import generation
from dentin.keys.hashing import KeyHasher
from dentin.keys.sealing import Sealer
from dentin.logs import get_logger
from dentin.office.outbound import OfficeEvent

log = get_logger("dentin.hq")


@dataclass
class HQ:
    engine: Engine
    sessions: sessionmaker[Any]
    hasher: KeyHasher
    sealer: Sealer  # CustomerKeys at rest (shown again, so sealed rather than hashed)
    region: str = "us"
    change_hooks: list[Callable[[], None]] = field(default_factory=list)
    # Reactions to office events (a disabled user's tokens are revoked, ...).
    event_hooks: list[Callable[[OfficeEvent], None]] = field(default_factory=list)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def record(self, event: OfficeEvent) -> None:
        """An office's own change, written to HQ's audit log (the office's ``Outbound``)."""
        from dentin.hq import audit  # audit needs this module's HQ type

        with self.transaction() as session:
            audit.record(
                session,
                event.event,
                event.actor,
                developer_id=event.developer_id,
                office_id=event.office_id,
                subject=event.subject,
                before=event.before,
                after=event.after,
            )
        for hook in self.event_hooks:
            hook(event)

    def changed(self) -> None:
        """Tell every cache, every node and every other process that credentials changed.

        The hooks empty this process's caches (and publish on Redis); the persisted generation
        reaches the processes Redis does not: the CLI's changes, nodes without Redis. A failed
        bump is logged, not raised: the change itself is committed, and the caches' maximum
        age still bounds how long another process may serve the old answer.
        """
        for hook in self.change_hooks:
            hook()
        try:
            generation.bump(self.engine)
        except SQLAlchemyError as exc:
            log.warning("change_generation_bump_failed", error=type(exc).__name__)


__all__ = ["HQ", "Actor"]
