"""Everything one process needs, built once from Settings and shared by the app and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from dentin.config import Settings
from dentin.db import make_engine, make_sessions, migrate
from dentin.gateway.auth import Authenticator, Verdict
from dentin.hq.context import HQ
from dentin.keys.cache import VerificationCache
from dentin.keys.hashing import KeyHasher
from dentin.office.registry import OfficeRegistry


@dataclass
class Runtime:
    settings: Settings
    hq: HQ
    auth: Authenticator
    offices: OfficeRegistry
    listings: VerificationCache[bytes]

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings.resolved_hq_url())
        hq = HQ(
            engine=engine,
            sessions=make_sessions(engine),
            hasher=KeyHasher(settings.pepper()),
            region=settings.region,
        )
        cache: VerificationCache[Verdict] = VerificationCache()
        listings: VerificationCache[bytes] = VerificationCache()
        hq.change_hooks.append(cache.invalidate)
        hq.change_hooks.append(listings.invalidate)
        return cls(
            settings=settings,
            hq=hq,
            auth=Authenticator(hq, cache),
            offices=OfficeRegistry(settings, hq),
            listings=listings,
        )

    def migrate_hq(self) -> None:
        migrate("hq", self.hq.engine)

    def close(self) -> None:
        self.offices.dispose()
        self.hq.engine.dispose()
