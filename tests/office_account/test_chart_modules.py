"""``/chartmodules/{PatNum}/ProgNotes``, ``/PatientInfo`` and ``/PlannedAppts``."""

from __future__ import annotations

import datetime as dt

import httpx

from dentin.office.models import Task, TaskList
from tests.office.conftest import STAMP, Practice
from tests.office_account.conftest import API


async def test_progress_notes_show_appointments_procedures_commlog_and_tasks_oldest_first(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    apt = await client.post(
        f"{API}/appointments",
        headers=practice.a(),
        json={"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 11:40:00", "Pattern": "//"},
    )
    assert apt.status_code == 201
    await client.post(
        f"{API}/commlogs",
        headers=practice.a(),
        json={"PatNum": 1, "Note": "Confirmed.", "CommDateTime": "2025-02-08 15:18:00"},
    )
    with practice.db.transaction() as s:
        tl = TaskList(Descript="Follow up")
        s.add(tl)
        s.flush()
        s.add(
            Task(
                TaskListNum=tl.TaskListNum,
                KeyNum=1,
                ObjectType=1,
                Descript="Call about x-rays",
                DateTimeEntry=dt.datetime(2025, 2, 8, 15, 25, 56),
                SecDateTEdit=STAMP,
            )
        )
    r = await client.get(f"{API}/chartmodules/1/ProgNotes", headers=practice.a())
    assert r.status_code == 200, r.text
    rows = r.json()
    assert [(x["ObjectType"], x["Date"]) for x in rows] == [
        ("Procedure", "02/01/2025"),
        ("Commlog", "02/08/2025"),
        ("Task", "02/08/2025"),
        ("Procedure", "03/01/2025"),
        ("Appointment", "03/04/2030"),
    ]
    proc, comm, task, _planned, appt = rows
    assert (proc["Stat"], proc["Amount"], proc["ProcCode"], proc["Prov"]) == (
        "C",
        "50.00",
        "D1110",
        "DOC1",
    )
    assert (comm["Time"], comm["DateTime"], comm["Description"]) == (
        "3:18p",
        "2/8/2025 3:18:00 PM",
        "Comm - Misc",
    )
    assert task["Description"] == "Task - In List: Follow up"
    assert (appt["Time"], appt["Length"], appt["Description"]) == (
        "11:40a",
        "0:10",
        "Appointment - 11:40 AM",
    )
    assert all(isinstance(v, str) for x in rows for v in x.values())
    page = await client.get(
        f"{API}/chartmodules/1/ProgNotes", params={"Offset": 4}, headers=practice.a()
    )
    assert [x["ObjectType"] for x in page.json()] == ["Appointment"]


async def test_patient_info_lists_the_chart_fields_in_open_dentals_order(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/chartmodules/1/PatientInfo", headers=practice.a())
    assert r.status_code == 200, r.text
    fields = {x["Field"]: x["Content"] for x in r.json()}
    assert list(fields)[:6] == [
        "Age",
        "ABC0",
        "Billing Type",
        "Referred From",
        "Date First Visit",
        "Prov. (Pri, Sec)",
    ]
    assert fields["Billing Type"] == "Standard Account" and fields["Prov. (Pri, Sec)"] == "DOC1"
    assert int(fields["Age"]) >= 49  # born 1976-05-24
    assert r.json()[-1] == {"Field": "Pat Restrictions", "Content": "None"}


async def test_planned_appointments_show_when_they_were_scheduled(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.post(
        f"{API}/appointments/Planned",
        headers=practice.a(),
        json={"PatNum": 1, "procNums": [ledger["planned"]], "Note": "Pain in LL quadrant"},
    )
    plan = r.json()["AptNum"]
    r = await client.get(f"{API}/chartmodules/1/PlannedAppts", headers=practice.a())
    assert r.json() == [
        {
            "AptNum": str(plan),
            "ProvNum": "1",
            "ItemOrder": "1",
            "minutes": "20",
            "ProcDescript": "Pro",
            "Note": "Pain in LL quadrant",
            "dateSched": "0001-01-01 00:00:00",
            "AptStatus": "Planned",
        }
    ]
    await client.post(
        f"{API}/appointments/SchedulePlanned",
        headers=practice.a(),
        json={"AptNum": plan, "AptDateTime": "2030-03-04 09:00:00", "ProvNum": 1, "Op": 1},
    )
    r = await client.get(f"{API}/chartmodules/1/PlannedAppts", headers=practice.a())
    assert r.json()[0]["dateSched"] == "2030-03-04 09:00:00"


async def test_chart_modules_answer_404_for_other_offices_patients(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    for view in ("ProgNotes", "PatientInfo", "PlannedAppts"):
        assert (
            await client.get(f"{API}/chartmodules/1/{view}", headers=practice.b())
        ).status_code == 404
        assert (
            await client.get(f"{API}/chartmodules/abc/{view}", headers=practice.a())
        ).status_code == 400
