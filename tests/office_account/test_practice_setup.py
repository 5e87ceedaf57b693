"""``/schedules``, ``/scheduleops``, ``/appointmenttypes``, ``/definitions``, ``/usergroups``."""

from __future__ import annotations

import datetime as dt

import httpx

from dentin.office.models import AppointmentType, Schedule, ScheduleOp, UserGroup
from tests.office.conftest import DAY, STAMP, Practice
from tests.office_account.conftest import API


async def test_schedules_of_a_day_show_their_operatories(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        s.add(
            Schedule(
                SchedDate=DAY,
                StartTime=dt.time(13, 30),
                StopTime=dt.time(14),
                SchedType=2,
                BlockoutType=0,
                Note="Weekly Meet",
                DateTStamp=STAMP,
            )
        )
    r = await client.get(f"{API}/schedules", params={"date": DAY.isoformat()}, headers=practice.a())
    assert r.status_code == 200, r.text
    got = r.json()
    assert [(x["SchedType"], x["StartTime"], x["operatories"]) for x in got] == [
        ("Provider", "08:00:00", "1"),
        ("Blockout", "13:30:00", ""),
    ]
    assert got[0]["ScheduleNum"] == "1" and got[0]["ProvNum"] == "1"
    one = await client.get(f"{API}/schedules/1", headers=practice.a())
    assert one.json() == got[0]
    blockouts = await client.get(
        f"{API}/schedules",
        params={"dateStart": DAY.isoformat(), "dateEnd": DAY.isoformat(), "SchedType": "Blockout"},
        headers=practice.a(),
    )
    assert [x["Note"] for x in blockouts.json()] == ["Weekly Meet"]
    assert (await client.get(f"{API}/schedules", headers=practice.a())).json() == []  # today
    bad = await client.get(f"{API}/schedules", params={"SchedType": "Nap"}, headers=practice.a())
    assert bad.status_code == 400 and "SchedType" in bad.json()["message"]
    assert (await client.get(f"{API}/schedules/1", headers=practice.b())).status_code == 404


async def test_scheduleops_filter_by_schedule_and_operatory(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        s.add(ScheduleOp(ScheduleNum=1, OperatoryNum=2))
    r = await client.get(f"{API}/scheduleops", params={"ScheduleNum": 1}, headers=practice.a())
    assert r.json() == [
        {"ScheduleOpNum": 1, "ScheduleNum": 1, "OperatoryNum": 1},
        {"ScheduleOpNum": 2, "ScheduleNum": 1, "OperatoryNum": 2},
    ]
    r = await client.get(f"{API}/scheduleops", params={"OperatoryNum": 2}, headers=practice.a())
    assert [o["ScheduleOpNum"] for o in r.json()] == [2]
    assert (await client.get(f"{API}/scheduleops", headers=practice.b())).json() == []


async def test_appointment_types_definitions_and_user_groups(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        s.add(
            AppointmentType(
                AppointmentTypeName="WebSched",
                AppointmentTypeColor=(74 << 16) | (250 << 8) | 61,
                Pattern="//XX//",
                CodeStr="D0272,D0274",
                RequiredProcCodesNeeded=1,
            )
        )
        s.add_all(
            [
                UserGroup(Description="Admin"),
                UserGroup(Description="Security", UserGroupNumCEMT=3),
            ]
        )
    r = await client.get(f"{API}/appointmenttypes", headers=practice.a())
    assert r.json() == [
        {
            "AppointmentTypeNum": 1,
            "AppointmentTypeName": "WebSched",
            "appointmentTypeColor": "74,250,61",
            "IsHidden": "false",
            "Pattern": "//XX//",
            "CodeStr": "D0272,D0274",
            "CodeStrRequired": "",
            "RequiredProcCodesNeeded": "AtLeastOne",
            "BlockoutTypes": "",
        }
    ]
    r = await client.get(f"{API}/definitions", params={"Category": 1}, headers=practice.a())
    assert [(d["ItemName"], d["ItemValue"], d["category"]) for d in r.json()] == [
        ("Cash Discount", "-", "AdjTypes"),
        ("Finance Charge", "+", "AdjTypes"),
        ("Professional Courtesy", "-", "AdjTypes"),
    ]
    r = await client.get(f"{API}/definitions", params={"Category": 35}, headers=practice.a())
    assert {d["category"] for d in r.json()} == {"ProviderSpecialties"}
    r = await client.get(f"{API}/usergroups", headers=practice.a())
    assert [g["Description"] for g in r.json()] == ["Admin"]
    r = await client.get(f"{API}/usergroups", params={"includeCEMT": "true"}, headers=practice.a())
    assert [g["Description"] for g in r.json()] == ["Admin", "Security"]
    r = await client.get(f"{API}/usergroups", params={"includeCEMT": "1"}, headers=practice.a())
    assert r.status_code == 400 and "includeCEMT" in r.json()["message"]
    assert (await client.get(f"{API}/appointmenttypes", headers=practice.b())).json() == []
