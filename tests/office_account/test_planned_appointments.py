"""``GET /appointments/ASAP``, ``POST /appointments/Planned`` and ``/SchedulePlanned``."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from dentin.office.models import AppointmentType, ProcedureLog
from tests.office.conftest import Practice
from tests.office_account.conftest import API


async def test_asap_lists_only_appointments_with_priority_asap(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    made = []
    for hour, priority in ((8, "ASAP"), (9, "Normal"), (10, "ASAP")):
        r = await client.post(
            f"{API}/appointments",
            headers=practice.a(),
            json={
                "PatNum": 1,
                "Op": 1,
                "AptDateTime": f"2030-03-04 {hour:02}:00:00",
                "Priority": priority,
            },
        )
        made.append(r.json()["AptNum"])
    r = await client.get(f"{API}/appointments/ASAP", headers=practice.a())
    assert r.status_code == 200, r.text
    assert [a["AptNum"] for a in r.json()] == [made[0], made[2]]
    assert all(a["Priority"] == "ASAP" and a["serverDateTime"] for a in r.json())
    r = await client.get(f"{API}/appointments/ASAP", params={"ClinicNum": 0}, headers=practice.a())
    assert r.json() == []  # both are in operatory 1 of clinic 1
    r = await client.get(f"{API}/appointments/ASAP", params={"ProvNum": "x"}, headers=practice.a())
    assert r.status_code == 400
    assert (await client.get(f"{API}/appointments/ASAP", headers=practice.b())).json() == []


async def test_a_planned_appointment_gathers_procedures_and_can_be_scheduled(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    body = {"PatNum": 1, "procNums": [ledger["planned"]], "Note": "Schedule in June"}
    r = await client.post(f"{API}/appointments/Planned", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    plan = r.json()
    assert (plan["AptStatus"], plan["Op"], plan["ItemOrderPlanned"], plan["Note"]) == (
        "Planned",
        0,
        1,
        "Schedule in June",
    )
    assert plan["ProcDescript"] == "Pro" and plan["PatternSecondary"] == "/" * len(plan["Pattern"])
    assert "serverDateTime" not in plan
    with practice.db.session() as s:
        assert s.get(ProcedureLog, ledger["planned"]).PlannedAptNum == plan["AptNum"]  # type: ignore[union-attr]
    book = {"AptNum": plan["AptNum"], "AptDateTime": "2030-03-04 09:00:00", "ProvNum": 1, "Op": 1}
    r = await client.post(f"{API}/appointments/SchedulePlanned", headers=practice.a(), json=book)
    assert r.status_code == 201, r.text
    apt = r.json()
    assert (apt["AptStatus"], apt["NextAptNum"], apt["Op"], apt["ProcDescript"]) == (
        "Scheduled",
        plan["AptNum"],
        1,
        "Pro",
    )
    with practice.db.session() as s:
        assert s.get(ProcedureLog, ledger["planned"]).AptNum == apt["AptNum"]  # type: ignore[union-attr]
    # The plan stays, and a second booking at the same time in the same operatory is a 409.
    again = await client.post(
        f"{API}/appointments/SchedulePlanned", headers=practice.a(), json=book
    )
    assert again.status_code == 409 and again.json()["conflictingAptNum"] == apt["AptNum"]


async def test_an_appointment_type_adds_its_procedures_pattern_and_color(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        kind = AppointmentType(
            AppointmentTypeName="Recall",
            AppointmentTypeColor=(180 << 16) | (30 << 8) | 150,
            Pattern="//XXXXXX//",
            CodeStr="D0120,D1110",
        )
        s.add(kind)
        s.flush()
        type_num = kind.AppointmentTypeNum
    r = await client.post(
        f"{API}/appointments/Planned",
        headers=practice.a(),
        json={"PatNum": 3, "AppointmentTypeNum": type_num},
    )
    assert r.status_code == 201, r.text
    plan = r.json()
    assert (plan["Pattern"], plan["colorOverride"], plan["ProcDescript"]) == (
        "//XXXXXX//",
        "180,30,150",
        "PerEx, Pro",
    )
    with practice.db.session() as s:
        procs = s.scalars(
            select(ProcedureLog.ProcStatus).where(ProcedureLog.PlannedAptNum == plan["AptNum"])
        ).all()
    assert list(procs) == [1, 1]


async def test_planning_mistakes_are_explained(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    cases = [
        ("/Planned", {"PatNum": 1}, 400, "AppointmentTypeNum or procNums"),
        ("/Planned", {"PatNum": 1, "procNums": [ledger["exam"]]}, 400, "not procedures of"),
        ("/Planned", {"PatNum": 1, "procNums": [ledger["cleaning"]]}, 400, "already complete"),
        ("/Planned", {"PatNum": 1, "AppointmentTypeNum": 77}, 404, "AppointmentTypeNum 77"),
        ("/Planned", {"PatNum": 500, "procNums": [1]}, 404, "PatNum 500"),
        ("/SchedulePlanned", {"AptNum": 1}, 400, "AptDateTime"),
    ]
    for path, body, status, words in cases:
        r = await client.post(f"{API}/appointments{path}", headers=practice.a(), json=body)
        assert r.status_code == status and words in r.json()["message"], (body, r.text)
    r = await client.post(
        f"{API}/appointments",
        headers=practice.a(),
        json={"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 11:00:00"},
    )
    book = {
        "AptNum": r.json()["AptNum"],
        "AptDateTime": "2030-03-05 09:00:00",
        "ProvNum": 1,
        "Op": 1,
    }
    r = await client.post(f"{API}/appointments/SchedulePlanned", headers=practice.a(), json=book)
    assert r.status_code == 400 and "not a Planned appointment" in r.json()["message"]
