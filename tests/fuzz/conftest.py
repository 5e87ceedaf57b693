"""An app for schema-driven fuzzing: rate limits out of the way, a seeded office, every caller."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dentin.config import Settings
from dentin.hq import practice_sessions, tiers
from dentin.office import users
from tests.conftest import ACTOR, TEST_SECRET, World
from tests.office.conftest import fix_sequences, seed_practice

UNLIMITED = ("1000000/minute", "1000000/minute")
PRACTICE_PASSWORD = "fuzzing admin password 1"


@pytest.fixture
def settings(tmp_path: Path, new_database: Callable[[str], str]) -> Settings:
    """The shared settings, but with rate limits no fuzzing run reaches (429s would hide 500s)."""
    return Settings(
        data_dir=tmp_path / "data",
        hq_database_url=new_database("hq"),
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        rate_limits=dict.fromkeys(("standard", "professional", "enterprise"), UNLIMITED),
        aging_scheduler=False,
    )


@pytest.fixture
def callers(world: World) -> dict[str, dict[str, str]]:
    """Authorization headers by kind: office data, the Developer Portal, a practice admin."""
    db = world.rt.offices.get(world.office_a.id)
    seed_practice(db)
    fix_sequences(db)
    tiers.set_tier(world.rt.hq, world.office_a.id, ACTOR, tier="enterprise")
    users.add_user(world.rt.hq, db, "fuzz-admin", PRACTICE_PASSWORD, ACTOR, is_admin=True)
    session = practice_sessions.sign_in(
        world.rt.hq, world.rt.offices, world.office_a.id, "fuzz-admin", PRACTICE_PASSWORD
    )
    return {
        "office": world.odfhir(),
        "portal": world.portal(),
        "practice": {"Authorization": f"Practice {session.token}"},
        "none": {},
    }
