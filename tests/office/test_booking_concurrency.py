"""No double booking under real concurrency: 50 simultaneous POSTs at a real server socket.

Runs on SQLite and on PostgreSQL (the ``backend`` fixture behind ``world``): exactly one
booking wins with 201, every other gets a 409 naming the winner, and one row exists.
"""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from dentin.office.models import Appointment
from tests.office.conftest import Practice

N = 50


async def test_fifty_concurrent_bookings_of_one_slot_make_exactly_one_appointment(
    practice: Practice, live_server: str
) -> None:
    body = {
        "PatNum": practice.smith,
        "Op": 1,
        "AptDateTime": "2030-03-04 09:00:00",
        "Pattern": "//XXXX//",
    }
    limits = httpx.Limits(max_connections=N, max_keepalive_connections=N)
    async with httpx.AsyncClient(base_url=live_server, limits=limits, timeout=60) as c:
        responses = await asyncio.gather(
            *(c.post("/api/v1/appointments", headers=practice.a(), json=body) for _ in range(N))
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (N - 1), statuses
    winner = next(r for r in responses if r.status_code == 201).json()["AptNum"]
    for r in responses:
        if r.status_code == 409:
            assert str(winner) in r.json()["message"]
    with practice.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Appointment)) == 1


async def test_concurrent_bookings_of_different_operatories_all_succeed(
    practice: Practice, live_server: str
) -> None:
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as c:
        responses = await asyncio.gather(
            *(
                c.post(
                    "/api/v1/appointments",
                    headers=practice.a(),
                    json={"PatNum": 1, "Op": op, "AptDateTime": f"2030-03-04 {h:02d}:00:00"},
                )
                for op in (1, 2)
                for h in range(8, 13)
            )
        )
    assert [r.status_code for r in responses] == [201] * 10
