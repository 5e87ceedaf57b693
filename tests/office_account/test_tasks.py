"""``/tasklists`` and ``/tasks``."""

from __future__ import annotations

import datetime as dt

import httpx

from dentin.office.models import Sheet, Task, TaskList
from tests.office.conftest import STAMP, Practice
from tests.office_account.conftest import API


async def test_task_lists_and_tasks_filter_as_open_dental_does(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        active = TaskList(Descript="Front desk", DateTimeEntry=STAMP)
        archived = TaskList(Descript="Old", TaskListStatus=1, ObjectType=1, DateType=2)
        s.add_all([active, archived])
        s.flush()
        s.add_all(
            [
                Task(
                    TaskListNum=active.TaskListNum,
                    KeyNum=1,
                    ObjectType=1,
                    Descript="Verify insurance.",
                    DateTimeEntry=STAMP,
                    DateTimeOriginal=dt.datetime(2026, 2, 1, 9),
                    SecDateTEdit=STAMP,
                ),
                Task(
                    TaskListNum=active.TaskListNum,
                    Descript="Order supplies.",
                    TaskStatus=2,
                    DateTimeOriginal=dt.datetime(2025, 2, 1, 9),
                    SecDateTEdit=STAMP,
                ),
            ]
        )
    r = await client.get(f"{API}/tasklists", headers=practice.a())
    assert [t["Descript"] for t in r.json()] == ["Front desk"]
    r = await client.get(
        f"{API}/tasklists", params={"TaskListStatus": "Archived"}, headers=practice.a()
    )
    assert [(t["Descript"], t["ObjectType"], t["DateType"]) for t in r.json()] == [
        ("Old", "Patient", "Week")
    ]
    r = await client.get(
        f"{API}/tasks", params={"ObjectType": "Patient", "KeyNum": 1}, headers=practice.a()
    )
    assert r.status_code == 200, r.text
    (task,) = r.json()
    assert (task["Descript"], task["TaskStatus"], task["ReminderType"], task["IsReadOnly"]) == (
        "Verify insurance.",
        "New",
        "NoReminder",
        "false",
    )
    r = await client.get(f"{API}/tasks", params={"TaskStatus": "Done"}, headers=practice.a())
    assert [t["Descript"] for t in r.json()] == ["Order supplies."]
    r = await client.get(
        f"{API}/tasks", params={"DateTimeOriginal": "2026-01-01 00:00:00"}, headers=practice.a()
    )
    assert [t["Descript"] for t in r.json()] == ["Verify insurance."]
    for params, words in (
        ({"TaskStatus": "Later"}, "TaskStatus"),
        ({"ObjectType": "Car"}, "ObjectType"),
    ):
        r = await client.get(f"{API}/tasks", params=params, headers=practice.a())
        assert r.status_code == 400 and words in r.json()["message"]
    r = await client.get(
        f"{API}/tasklists", params={"TaskListStatus": "Gone"}, headers=practice.a()
    )
    assert r.status_code == 400
    assert (
        await client.get(f"{API}/tasks/{task['TaskNum']}", headers=practice.b())
    ).status_code == 404


async def test_sheets_are_listed_for_one_patient(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    with practice.db.transaction() as s:
        s.add_all(
            [
                Sheet(
                    PatNum=1, SheetType=7, Description="Custom Patient Letter", DateTimeSheet=STAMP
                ),
                Sheet(PatNum=1, SheetType=13, Description="Exam", IsDeleted=1),
                Sheet(PatNum=2, SheetType=11, Description="Medical History Simple"),
            ]
        )
    r = await client.get(f"{API}/sheets", params={"PatNum": 1}, headers=practice.a())
    assert r.status_code == 200, r.text
    assert [(x["SheetType"], x["Description"], x["DateTimeSheet"]) for x in r.json()] == [
        ("PatientLetter", "Custom Patient Letter", "2026-01-05 09:00:00")
    ]
    r = await client.get(f"{API}/sheets", headers=practice.a())
    assert r.status_code == 400 and "PatNum is required" in r.json()["message"]
    r = await client.get(f"{API}/sheets", params={"PatNum": 1}, headers=practice.b())
    assert r.status_code == 404
