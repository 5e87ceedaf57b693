"""The verification cache: invalidation wins over a lookup that started before it."""

from __future__ import annotations

from dentin.keys.cache import VerificationCache


def test_put_then_get_hits() -> None:
    cache: VerificationCache[str] = VerificationCache()
    cache.put("k", "v", cache.generation)
    assert cache.get("k") == "v"


def test_invalidate_empties_the_cache_and_tells_listeners() -> None:
    cache: VerificationCache[str] = VerificationCache()
    told: list[int] = []
    cache.on_invalidate(lambda: told.append(1))
    cache.put("k", "v", cache.generation)
    cache.invalidate()
    assert cache.get("k") is None
    assert told == [1]


def test_a_lookup_that_began_before_an_invalidation_cannot_store_its_stale_answer() -> None:
    cache: VerificationCache[str] = VerificationCache()
    started = cache.generation
    cache.invalidate()
    cache.put("k", "stale", started)
    assert cache.get("k") is None


def test_the_cache_never_grows_past_its_bound() -> None:
    cache: VerificationCache[int] = VerificationCache(max_entries=10)
    for i in range(25):
        cache.put(str(i), i, cache.generation)
    assert len(cache) <= 10
