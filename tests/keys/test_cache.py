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


def test_refusals_have_their_own_bound_and_evict_only_each_other() -> None:
    cache: VerificationCache[str] = VerificationCache(max_entries=10, max_negative=3)
    cache.put("good", "caller", cache.generation)
    for i in range(50):
        cache.put(f"bad{i}", "refused", cache.generation, negative=True)
    assert cache.get("good") == "caller"
    assert cache.count(negative=True) == 3
    assert cache.get("bad49") == "refused" and cache.get("bad0") is None


def test_a_full_cache_evicts_its_oldest_entry_not_everything() -> None:
    cache: VerificationCache[int] = VerificationCache(max_entries=10)
    for i in range(11):
        cache.put(str(i), i, cache.generation)
    assert cache.get("0") is None
    assert [cache.get(str(i)) for i in range(1, 11)] == list(range(1, 11))


def test_the_cache_holds_digests_never_the_keys_text() -> None:
    cache: VerificationCache[str] = VerificationCache()
    cache.put("ODFHIR " + " " * 100_000 + "A" * 16, "refused", cache.generation, negative=True)
    assert [len(k) for k in cache.digests()] == [16]
