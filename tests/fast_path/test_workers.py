"""``dentin serve --workers 2``: what one worker learns, the other knows within a second.

Each test pins a keep-alive connection to each of the two worker processes (found through
/proc: which process holds the server end of the connection), so a request is known to reach
the worker that did not see the change. Rate limits are shared through Redis.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from dentin.config import Settings
from dentin.serving import warn_unshared
from tests.conftest import World
from tests.fast_path.conftest import Workers, office_db, start_workers, write_in_another_process

PREF = "/api/v1/preferences?PrefName=DateLastAging"
PROPAGATION_SECONDS = 1.0

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


@pytest.fixture
def workers(settings: Settings, world: World, request: pytest.FixtureRequest) -> Iterator[Workers]:
    limits = getattr(request, "param", "100000/minute")
    yield from start_workers(settings, world.odfhir(), limits)


def test_a_key_disabled_through_one_worker_is_refused_by_the_other_within_a_second(
    workers: Workers, world: World
) -> None:
    first, second = workers.pin(PREF)  # both workers have verified and cached the key
    body = json.dumps(
        {"CustomerKey": world.office_a.customer_key, "KeyStatus": "DisabledByDeveloper"}
    )
    first.request(
        "PUT",
        "/api/v1/apikeys",
        body=body,
        headers={**world.portal(), "Content-Type": "application/json"},
    )
    answer = first.getresponse()
    assert answer.status == 200, answer.read()
    answer.read()
    started = time.monotonic()
    while (status := workers.get(second, PREF)[0]) != 401:
        assert status == 200
        assert time.monotonic() - started < PROPAGATION_SECONDS, "the other worker still answers"
        time.sleep(0.01)
    assert workers.get(first, PREF)[0] == 401


def test_a_preference_changed_elsewhere_shows_on_both_workers_within_a_second(
    workers: Workers, world: World
) -> None:
    connections = workers.pin(PREF)
    write_in_another_process(
        office_db(world).url,
        "UPDATE preference SET valuestring = '2032-04-05' WHERE prefname = 'DateLastAging'",
    )
    started = time.monotonic()
    for conn in connections:
        while json.loads(workers.get(conn, PREF)[1])[0]["ValueString"] != "2032-04-05":
            assert time.monotonic() - started < PROPAGATION_SECONDS, "a worker shows the old value"
            time.sleep(0.01)


@pytest.mark.parametrize("workers", ["30/minute"], indirect=True)
def test_the_rate_limit_is_one_budget_for_both_workers(workers: Workers) -> None:
    connections = workers.pin(PREF)
    left = 30 - workers.sent
    statuses = [workers.get(connections[i % 2], PREF)[0] for i in range(left + 6)]
    # 30 in all, alternating workers: each worker alone would have admitted up to 30 itself
    assert statuses == [200] * left + [429] * 6


def test_workers_without_redis_are_told_their_rate_limits_are_not_shared(
    settings: Settings,
) -> None:
    alone = settings.model_copy(update={"redis_url": None})
    warning = warn_unshared(alone, 2)
    assert warning is not None
    assert "each worker keeps its own rate-limit" in warning and "DENTIN_REDIS_URL" in warning
    assert warn_unshared(alone, 1) is None
    assert warn_unshared(settings, 2) is None  # with Redis they share one budget


def test_metrics_scraped_from_either_worker_count_the_requests_of_both(workers: Workers) -> None:
    first, second = workers.pin(PREF)
    for i in range(10):
        assert workers.get((first, second)[i % 2], PREF)[0] == 200
    served = workers.sent  # every request so far was this read, answered 200 by one of two
    for conn in (first, second):
        status, body = workers.get(conn, "/metrics")
        assert status == 200
        samples = [
            float(line.rsplit(" ", 1)[1])
            for line in body.decode().splitlines()
            if line.startswith("dentin_requests_total{")
            and 'route="/api/v1/preferences"' in line
            and 'status="200"' in line
        ]
        assert sum(samples) == served  # one node's total, whichever worker answered
