"""Everything one process needs, built once from Settings and shared by the app and the CLI."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from dentin import metrics, passwords
from dentin.config import Settings
from dentin.connector.relay import Links
from dentin.db import make_engine, make_sessions, migrate
from dentin.gateway.auth import Authenticator, Verdict
from dentin.gateway.change_watch import ChangeWatcher
from dentin.gateway.invalidation import InvalidationBus
from dentin.gateway.metering import UsageMeter
from dentin.gateway.office_edge import OfficeModes
from dentin.gateway.ratelimit import RateLimiter
from dentin.gateway.refusals import RefusalBudget
from dentin.hq import connectors, practice_tokens
from dentin.hq import offices as office_records
from dentin.hq.attempt_limits import AttemptLimiter
from dentin.hq.context import HQ
from dentin.keys.cache import VerificationCache
from dentin.keys.hashing import KeyHasher
from dentin.keys.sealing import Sealer
from dentin.nodes.cluster import Nodes
from dentin.office.registry import OfficeRegistry
from dentin.reach import APIKEYS_PATH, Reach, apikeys_of


@dataclass
class Runtime:
    settings: Settings
    hq: HQ
    auth: Authenticator
    offices: OfficeRegistry
    listings: VerificationCache[bytes]
    limiter: RateLimiter
    meter: UsageMeter
    refusals: RefusalBudget
    watcher: ChangeWatcher
    attempts: AttemptLimiter
    links: Links
    modes: OfficeModes
    reach: Reach
    bus: InvalidationBus | None = None
    # Several processes: which holds which office's link, and relaying to it (with Redis).
    nodes: Nodes | None = None
    sampler: metrics.Sampler = field(default_factory=metrics.Sampler)
    _stop: threading.Event = field(default_factory=threading.Event)
    _flusher: threading.Thread | None = None

    @classmethod
    def build(cls, settings: Settings) -> Runtime:
        engine = make_engine(settings.resolved_hq_url())
        pepper = settings.pepper()
        hq = HQ(
            engine=engine,
            sessions=make_sessions(engine),
            hasher=KeyHasher(pepper),
            sealer=Sealer(pepper),
            region=settings.region,
        )
        cache: VerificationCache[Verdict] = VerificationCache()
        listings: VerificationCache[bytes] = VerificationCache()
        meter = UsageMeter()
        hq.change_hooks.append(cache.invalidate)
        hq.change_hooks.append(listings.invalidate)
        hq.event_hooks.append(lambda event: practice_tokens.on_office_event(hq, event))
        links = Links(request_timeout=settings.relay_timeout_seconds)
        modes = OfficeModes(lambda office_id: connectors.is_relayed(hq, office_id))

        def connector_change() -> None:
            modes.invalidate()
            links.revalidate(lambda ids: connectors.live_credentials(hq, ids))
            links.refresh_snapshots()  # Service servers get their keys' new verdicts

        hq.change_hooks.append(connector_change)

        def remote_change() -> None:
            cache.invalidate(broadcast=False)
            listings.invalidate(broadcast=False)
            connector_change()

        bus = None
        if settings.redis_url:
            bus = InvalidationBus(settings.redis_url, remote_change)
            hq.change_hooks.append(bus.publish)
        passwords.configure(settings.password_hash_concurrency, settings.password_hash_wait_seconds)
        offices = OfficeRegistry(
            settings, lambda office_id: office_records.database_url_of(hq, office_id)
        )
        sampler = metrics.Sampler()
        for name, watched in (("verification", cache), ("listings", listings)):
            _sample_cache(sampler, name, watched)
        sampler.level(lambda: len(links.states()), metrics.CONNECTOR_LINKS)
        sampler.level(offices.open_count, metrics.OFFICE_DATABASES)
        reach = Reach(hq, offices, modes, links)
        # Every connected office's ``apikey`` table follows HQ's list of its keys.
        links.keep_in_step(APIKEYS_PATH, lambda office_id: apikeys_of(hq, office_id))
        return cls(
            settings=settings,
            sampler=sampler,
            hq=hq,
            auth=Authenticator(
                hq,
                cache,
                pending_last_used=meter.pending_last_used,
                region_urls=settings.region_urls,
                user_rights=reach.rights,
            ),
            offices=offices,
            listings=listings,
            limiter=RateLimiter(settings.redis_url or "memory://", settings.rate_limits),
            meter=meter,
            refusals=RefusalBudget(
                pepper,
                per_address=settings.refusal_limit_per_address,
                per_key=settings.refusal_limit_per_key,
                storage_uri=settings.redis_url or "memory://",
            ),
            watcher=ChangeWatcher(hq, remote_change, settings.change_poll_seconds),
            attempts=AttemptLimiter(
                settings.redis_url or "memory://",
                sign_in=settings.sign_in_limits,
                application=settings.application_limits,
            ),
            links=links,
            modes=modes,
            reach=reach,
            bus=bus,
            nodes=Nodes(settings, links, pepper) if settings.redis_url else None,
        )

    def migrate_hq(self) -> None:
        from dentin.hq import customer_keys

        migrate("hq", self.hq.engine)
        customer_keys.seal_clear_keys(self.hq)  # rows written before sealing; needs the secret

    def flush_usage(self) -> None:
        """Write the meter's pending counts; on failure keep them for the next attempt."""
        from dentin.hq import usage

        pending = self.meter.take()
        try:
            usage.flush(self.hq, pending)
        except Exception:
            self.meter.give_back(pending)
            raise

    def start_background(self) -> None:
        """The usage flusher and the change watchers, off the request path."""
        if self.bus is not None:
            self.bus.start()
        self.watcher.start()
        if self._flusher is not None:
            return
        self._stop.clear()

        def loop() -> None:
            from dentin.logs import get_logger

            log = get_logger("dentin.usage")
            while not self._stop.wait(self.settings.usage_flush_seconds):
                self.sampler.sample()
                try:
                    self.flush_usage()
                except Exception as exc:  # the next tick retries; the counts are kept
                    log.warning("usage_flush_failed", error=type(exc).__name__)

        self._flusher = threading.Thread(target=loop, name="dentin-usage-flush", daemon=True)
        self._flusher.start()

    def stop_background(self) -> None:
        self.watcher.stop()
        if self._flusher is not None:
            self._stop.set()
            self._flusher.join(timeout=10)
            self._flusher = None
        self.flush_usage()

    def close(self) -> None:
        self.stop_background()
        if self.bus is not None:
            self.bus.stop()
        self.offices.dispose()
        self.hq.engine.dispose()


def _sample_cache(sampler: metrics.Sampler, name: str, cache: VerificationCache[Any]) -> None:
    sampler.count(lambda: cache.hits, metrics.CACHE_LOOKUPS.labels(name, "hit"))
    sampler.count(lambda: cache.misses, metrics.CACHE_LOOKUPS.labels(name, "miss"))
