"""The HQ runtime that every action receives: sessions, the key hasher and change hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from dentin.keys.hashing import KeyHasher


@dataclass
class HQ:
    engine: Engine
    sessions: sessionmaker[Any]
    hasher: KeyHasher
    region: str = "us"
    change_hooks: list[Callable[[], None]] = field(default_factory=list)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error."""
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    def changed(self) -> None:
        """Tell every cache (and, through them, every node) that credentials changed."""
        for hook in self.change_hooks:
            hook()


@dataclass(frozen=True)
class Actor:
    """Who did something and from where, for the audit log."""

    name: str
    source: str = ""

    @classmethod
    def cli(cls) -> Actor:
        return cls("operator:cli", "cli")
