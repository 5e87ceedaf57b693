"""Key formats: seed-compatible shapes, and practice tokens whose typos are caught offline."""

from __future__ import annotations

import re

from dentin.keys import formats
from dentin.keys.hashing import KeyHasher


def test_customer_keys_are_16_characters_of_upper_case_letters_and_digits() -> None:
    for _ in range(200):
        assert re.fullmatch(r"[A-Z0-9]{16}", formats.new_customer_key())


def test_developer_keys_have_the_seed_shape() -> None:
    key = formats.new_developer_key()
    assert re.fullmatch(r"[A-Za-z0-9]{16}", key)
    assert formats.looks_like_key("NFF6i0KrXrxDkZHt")


def test_practice_token_round_trips_its_region() -> None:
    token = formats.new_practice_token("uk")
    assert token.startswith("dnt_uk_")
    assert formats.parse_practice_token(token) == "uk"


def test_a_practice_token_with_one_character_changed_fails_its_checksum() -> None:
    token = formats.new_practice_token("us")
    position = len("dnt_us_") + 5
    swapped = "A" if token[position] != "A" else "B"
    typo = token[:position] + swapped + token[position + 1 :]
    assert formats.parse_practice_token(typo) is None


def test_mask_shows_only_prefix_and_last_four() -> None:
    token = formats.new_practice_token("ca")
    masked = formats.mask(token)
    assert masked.startswith("dnt_ca_") and masked.endswith(token[-4:])
    assert token[8:-4] not in masked


def test_keyed_hashes_depend_on_the_server_secret() -> None:
    a = KeyHasher(b"a" * 32).digest("VzkmZEaUWOjnQX2z")
    b = KeyHasher(b"b" * 32).digest("VzkmZEaUWOjnQX2z")
    assert a != b and len(a) == 64
    assert KeyHasher.same(a, a) and not KeyHasher.same(a, b)
