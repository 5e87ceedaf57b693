import pytest

from dentin.keys.sealing import PREFIX, Sealer, SealError, is_sealed

SECRET = b"s" * 32


def test_sealed_value_opens_to_the_original_and_hides_it():
    sealer = Sealer(SECRET)
    sealed = sealer.seal("QJXZR4PNK5B8W2HD", "customer_key")
    assert sealed.startswith(PREFIX) and is_sealed(sealed)
    assert "QJXZR4PNK5B8W2HD" not in sealed
    assert sealer.open(sealed, "customer_key") == "QJXZR4PNK5B8W2HD"


def test_two_seals_of_one_value_differ():
    sealer = Sealer(SECRET)
    assert sealer.seal("A", "c") != sealer.seal("A", "c")


def test_another_secret_or_context_cannot_open_it():
    sealed = Sealer(SECRET).seal("QJXZR4PNK5B8W2HD", "customer_key")
    with pytest.raises(SealError):
        Sealer(b"t" * 32).open(sealed, "customer_key")
    with pytest.raises(SealError):
        Sealer(SECRET).open(sealed, "apikey")


def test_tampered_or_truncated_text_is_refused():
    sealer = Sealer(SECRET)
    sealed = sealer.seal("QJXZR4PNK5B8W2HD", "customer_key")
    flipped = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    for bad in (flipped, PREFIX + "AAAA", PREFIX + "!!"):
        with pytest.raises(SealError):
            sealer.open(bad, "customer_key")


def test_clear_legacy_text_passes_through_unchanged():
    assert Sealer(SECRET).open("QJXZR4PNK5B8W2HD", "customer_key") == "QJXZR4PNK5B8W2HD"


def test_a_short_secret_is_refused():
    with pytest.raises(ValueError, match="16 bytes"):
        Sealer(b"short")
