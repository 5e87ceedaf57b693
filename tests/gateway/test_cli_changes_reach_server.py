"""A change made with the CLI, in a process of its own, reaches a running server within 1 s.

No Redis here: the CLI and the server share only the HQ database, the way `make demo` runs. The
server has verified (and cached) the key before each change, so a server that relied on its
cache's maximum age (30 s) would go on answering 200.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from dentin.config import Settings
from tests.conftest import World
from tests.gateway.conftest import dentin_env, run_cli

PREFS = "/api/v1/preferences?PrefName=DateLastAging"
PROPAGATION_SECONDS = 1.0

Args = Callable[[World], list[str]]

# (change, undo): CLI arguments built from the world, and the status the change leads to.
CHANGES: dict[str, tuple[Args, Args | None, int]] = {
    "suspend": (
        lambda w: ["developer", "suspend", str(w.developer_id)],
        lambda w: ["developer", "reinstate", str(w.developer_id)],
        401,
    ),
    "api-disable": (
        lambda w: ["office", "api", "disable", str(w.office_a.id)],
        lambda w: ["office", "api", "enable", str(w.office_a.id)],
        401,
    ),
    "disable-key": (
        lambda w: ["office", "api", "disable-key", str(w.office_a.id), w.office_a.customer_key],
        lambda w: ["office", "api", "enable-key", str(w.office_a.id), w.office_a.customer_key],
        401,
    ),
    "revoke-grant": (
        lambda w: ["developer", "revoke-grant", str(w.developer_id), "preference:read"],
        lambda w: ["developer", "grant", str(w.developer_id), "preference:read"],
        403,
    ),
    "rotate-key": (lambda w: ["developer", "rotate-key", str(w.developer_id)], None, 401),
}


def _status_within(base: str, headers: dict[str, str], wanted: int, seconds: float) -> float:
    """Seconds until the server answers ``wanted``; fails if it does not within ``seconds``."""
    started = time.monotonic()
    last = None
    with httpx.Client(base_url=base, headers=headers, timeout=5) as http:
        while time.monotonic() - started < seconds:
            last = http.get(PREFS).status_code
            if last == wanted:
                return time.monotonic() - started
            time.sleep(0.05)
    raise AssertionError(f"the server still answered {last}, not {wanted}, after {seconds} s")


@pytest.mark.slow
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_cli_change_is_refused_by_a_running_server_within_a_second_and_undone_as_fast(
    world: World, settings: Settings, served: str, change: str
) -> None:
    apply, undo, refused = CHANGES[change]
    env = dentin_env(settings)
    headers = world.odfhir()
    assert httpx.get(served + PREFS, headers=headers).status_code == 200  # cached now

    run_cli(env, *apply(world))
    assert _status_within(served, headers, refused, PROPAGATION_SECONDS) < PROPAGATION_SECONDS

    if undo is not None:
        run_cli(env, *undo(world))
        assert _status_within(served, headers, 200, PROPAGATION_SECONDS) < PROPAGATION_SECONDS
