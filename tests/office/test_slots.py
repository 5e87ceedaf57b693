"""``GET /appointments/Slots``: schedule hours minus booked time, cut to lengthMinutes."""

from __future__ import annotations

import datetime as dt

import httpx

from dentin.office.models import Schedule, ScheduleOp
from tests.office.conftest import DAY, STAMP, Practice


async def slots(
    client: httpx.AsyncClient, practice: Practice, query: str
) -> list[tuple[str, str, int, int]]:
    r = await client.get(f"/api/v1/appointments/Slots?{query}", headers=practice.a())
    assert r.status_code == 200, r.text
    return [
        (s["DateTimeStart"][11:16], s["DateTimeEnd"][11:16], s["ProvNum"], s["OpNum"])
        for s in r.json()
    ]


async def test_slots_cut_the_providers_hours_into_lengthminutes(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        "/api/v1/appointments/Slots?date=2030-03-04&lengthMinutes=60", headers=practice.a()
    )
    assert r.json()[0] == {
        "DateTimeStart": "2030-03-04 08:00:00",
        "DateTimeEnd": "2030-03-04 09:00:00",
        "ProvNum": 1,
        "OpNum": 1,
    }
    assert await slots(client, practice, "date=2030-03-04&lengthMinutes=60") == [
        ("08:00", "09:00", 1, 1),
        ("09:00", "10:00", 1, 1),
        ("10:00", "11:00", 1, 1),
        ("11:00", "12:00", 1, 1),
    ]


async def test_booked_appointments_are_subtracted_from_slots(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/appointments",
        headers=practice.a(),
        json={"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 09:00:00", "Pattern": "//XXXX//"},
    )
    assert r.status_code == 201
    assert await slots(client, practice, "dateStart=2030-03-04&dateEnd=2030-03-04") == [
        ("08:00", "09:00", 1, 1),
        ("09:40", "12:00", 1, 1),
    ]
    assert await slots(client, practice, "date=2030-03-04&lengthMinutes=60") == [
        ("08:00", "09:00", 1, 1),
        ("09:40", "10:40", 1, 1),
        ("10:40", "11:40", 1, 1),
    ]


async def test_practice_hours_open_every_operatory_and_blockouts_close_them(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        s.add(
            Schedule(
                SchedDate=DAY,
                StartTime=dt.time(13),
                StopTime=dt.time(14),
                SchedType=0,
                DateTStamp=STAMP,
            )
        )
        blockout = Schedule(
            SchedDate=DAY,
            StartTime=dt.time(13, 30),
            StopTime=dt.time(14),
            SchedType=2,
            DateTStamp=STAMP,
        )
        s.add(blockout)
        s.flush()
        s.add(ScheduleOp(ScheduleNum=blockout.ScheduleNum, OperatoryNum=2))
    got = await slots(client, practice, "date=2030-03-04&lengthMinutes=30&OpNum=2")
    assert got == [("13:00", "13:30", 1, 2)]
    assert await slots(client, practice, "date=2030-03-04&lengthMinutes=60&ProvNum=2") == []
    assert await slots(client, practice, "date=2030-03-05") == []


async def test_bad_slot_parameters_are_400_naming_them(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    for query, word in (
        ("date=2030-03-04&lengthMinutes=7", "lengthMinutes"),
        ("date=2030-03-04&lengthMinutes=abc", "lengthMinutes"),
        ("dateStart=2030-03-05&dateEnd=2030-03-04", "dateEnd"),
        ("date=tomorrow", "date"),
        ("dateStart=2030-01-01&dateEnd=2031-01-01", "days"),
        ("date=2030-03-04&OpNum=-2", "OpNum"),
    ):
        r = await client.get(f"/api/v1/appointments/Slots?{query}", headers=practice.a())
        assert r.status_code == 400, query
        assert word in r.json()["message"], query
