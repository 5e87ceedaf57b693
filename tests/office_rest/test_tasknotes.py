"""``/tasknotes`` (the conversation on a task) and ``/sheetfields`` (what a sheet holds)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from dentin.office.models import Sheet, SheetField, Task, TaskList
from tests.office.conftest import STAMP
from tests.office_rest.conftest import API, Practice

NOTE_FIELDS = ["TaskNoteNum", "TaskNum", "UserNum", "DateTimeNote", "Note"]
FIELD_FIELDS = [
    *("SheetFieldNum", "SheetNum", "FieldType", "FieldName", "FieldValue", "IsRequired"),
    *("ReportableName", "DateTimeSig"),
]


@pytest.fixture
def tasks(practice: Practice) -> list[int]:
    with practice.db.transaction() as s:
        inbox = TaskList(Descript="Inbox")
        s.add(inbox)
        s.flush()
        rows = [Task(TaskListNum=inbox.TaskListNum, Descript=d, SecDateTEdit=STAMP)
                for d in ("Call about crown", "Verify insurance")]  # fmt: skip
        s.add_all(rows)
        s.flush()
        return [t.TaskNum for t in rows]


@pytest.fixture
def sheet(practice: Practice) -> dict[str, int]:
    """Jane's consent form: a filled input field, a signature, a static label."""
    with practice.db.transaction() as s:
        form = Sheet(PatNum=1, Description="Consent", DateTimeSheet=STAMP)
        s.add(form)
        s.flush()

        def field(kind: int, name: str, value: str, **kw: Any) -> SheetField:
            row = SheetField(SheetNum=form.SheetNum, FieldType=kind, FieldName=name,
                             FieldValue=value, **kw)  # fmt: skip
            s.add(row)
            return row

        given = field(1, "prov.nameFormal", "John D. Smith", IsRequired=1)
        signed = field(16, "", "1FFFFFFFB59486", DateTimeSig=dt.datetime(2023, 7, 17, 13, 38, 27))
        label = field(2, "", "Please read carefully")
        s.flush()
        return {"sheet": form.SheetNum, "given": given.SheetFieldNum,
                "signed": signed.SheetFieldNum, "label": label.SheetFieldNum}  # fmt: skip


async def _ok(client: httpx.AsyncClient, practice: Practice, method: str, path: str,
              body: Any = None, **params: Any) -> Any:  # fmt: skip
    r = await client.request(method, f"{API}{path}", headers=practice.a(), json=body,
                             params=params or None)  # fmt: skip
    assert r.status_code in (200, 201), r.text
    return r.json()


async def test_a_note_is_added_to_a_task_and_changed(
    practice: Practice, tasks: list[int], client: httpx.AsyncClient
) -> None:
    r = await client.post(f"{API}/tasknotes", headers=practice.a(),
                          json={"TaskNum": tasks[0], "UserNum": 2,
                                "Note": "Sending back to mark done."})  # fmt: skip
    assert r.status_code == 201, r.text
    note = r.json()
    assert list(note) == NOTE_FIELDS
    assert (note["TaskNum"], note["UserNum"], note["Note"]) == (
        tasks[0],
        2,
        "Sending back to mark done.",
    )
    assert note["DateTimeNote"] != "0001-01-01 00:00:00"
    num = note["TaskNoteNum"]
    assert r.headers["Location"].endswith(f"/api/v1/tasknotes/{num}")
    changed = await _ok(client, practice, "PUT", f"/tasknotes/{num}",
                        {"DateTimeNote": "2025-01-16 09:12:00",
                         "Note": "Edit: Actually, I still need this open."})  # fmt: skip
    assert (changed["DateTimeNote"], changed["Note"]) == (
        "2025-01-16 09:12:00", "Edit: Actually, I still need this open.",
    )  # fmt: skip
    assert await _ok(client, practice, "GET", f"/tasknotes/{num}") == changed


async def test_notes_list_by_task_and_by_user(
    practice: Practice, tasks: list[int], client: httpx.AsyncClient
) -> None:
    made = [
        await _ok(client, practice, "POST", "/tasknotes",
                  {"TaskNum": task, "UserNum": user, "Note": f"note {i}"})
        for i, (task, user) in enumerate(((tasks[0], 1), (tasks[0], 2), (tasks[1], 1)))
    ]  # fmt: skip
    nums = [m["TaskNoteNum"] for m in made]

    async def listed(**params: Any) -> list[int]:
        return [n["TaskNoteNum"] for n in await _ok(client, practice, "GET", "/tasknotes",
                                                    **params)]  # fmt: skip

    assert await listed() == nums
    assert await listed(TaskNum=tasks[0]) == nums[:2]
    assert await listed(UserNum=1) == [nums[0], nums[2]]
    assert await listed(TaskNum=tasks[0], UserNum=2) == [nums[1]]
    assert await listed(Offset=2) == [nums[2]]


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [({"UserNum": 1, "Note": "x"}, 400, "TaskNum"), ({"TaskNum": "T", "Note": "x"}, 400,
     "UserNum"), ({"TaskNum": "T", "UserNum": 1}, 400, "Note"),
     ({"TaskNum": "T", "UserNum": 1, "Note": "  "}, 400, "blank"),
     ({"TaskNum": 999, "UserNum": 1, "Note": "x"}, 404, "TaskNum 999"),
     ({"TaskNum": "T", "UserNum": 999, "Note": "x"}, 404, "UserNum 999")],
)  # fmt: skip
async def test_a_bad_note_is_refused_naming_the_field(
    practice: Practice, tasks: list[int], client: httpx.AsyncClient,
    body: dict[str, Any], status: int, names: str,
) -> None:  # fmt: skip
    sent = {k: tasks[0] if v == "T" else v for k, v in body.items()}
    r = await client.post(f"{API}/tasknotes", headers=practice.a(), json=sent)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_a_note_cannot_be_blanked_or_moved(
    practice: Practice, tasks: list[int], client: httpx.AsyncClient
) -> None:
    note = await _ok(client, practice, "POST", "/tasknotes",
                     {"TaskNum": tasks[0], "UserNum": 1, "Note": "x"})  # fmt: skip
    for body, names in (({"Note": ""}, "blank"), ({"TaskNum": tasks[1]}, "TaskNum"),
                        ({"DateTimeNote": "yesterday"}, "DateTimeNote")):  # fmt: skip
        r = await client.put(f"{API}/tasknotes/{note['TaskNoteNum']}", headers=practice.a(),
                             json=body)  # fmt: skip
        assert r.status_code == 400, r.text
        assert names in r.json()["message"]
    r = await client.put(f"{API}/tasknotes/999", headers=practice.a(), json={"Note": "x"})
    assert r.status_code == 404 and "TaskNoteNum 999" in r.json()["message"]


async def test_a_sheets_fields_read_with_open_dentals_field_types(
    practice: Practice, sheet: dict[str, int], client: httpx.AsyncClient
) -> None:
    rows = await _ok(client, practice, "GET", "/sheetfields", SheetNum=sheet["sheet"])
    assert [r["SheetFieldNum"] for r in rows] == [sheet["given"], sheet["signed"], sheet["label"]]
    given, signed, label = rows
    assert list(given) == FIELD_FIELDS
    assert (given["FieldType"], given["FieldName"], given["IsRequired"]) == (
        "InputField", "prov.nameFormal", "true",
    )  # fmt: skip
    assert given["DateTimeSig"] == "0001-01-01 00:00:00"
    assert (signed["FieldType"], signed["DateTimeSig"]) == ("SigBoxPractice", "2023-07-17 13:38:27")
    assert label["FieldType"] == "StaticText"
    one = await _ok(client, practice, "GET", f"/sheetfields/{sheet['signed']}")
    assert one == signed
    assert await _ok(client, practice, "GET", "/sheetfields", SheetNum=999) == []
    r = await client.get(f"{API}/sheetfields/999", headers=practice.a())
    assert r.status_code == 404 and "SheetFieldNum 999" in r.json()["message"]


async def test_another_offices_notes_and_sheet_fields_are_invisible(
    practice: Practice, tasks: list[int], sheet: dict[str, int], client: httpx.AsyncClient
) -> None:
    note = await _ok(client, practice, "POST", "/tasknotes",
                     {"TaskNum": tasks[0], "UserNum": 1, "Note": "x"})  # fmt: skip
    b = practice.b()
    for path in (f"/tasknotes/{note['TaskNoteNum']}", f"/sheetfields/{sheet['given']}"):
        assert (await client.get(f"{API}{path}", headers=b)).status_code == 404
    r = await client.put(f"{API}/tasknotes/{note['TaskNoteNum']}", headers=b, json={"Note": "y"})
    assert r.status_code == 404
    assert (await client.get(f"{API}/tasknotes", headers=b)).json() == []
    assert (await client.get(f"{API}/sheetfields", headers=b)).json() == []


async def test_a_shortquery_reads_tasknote_and_sheetfield(
    practice: Practice, tasks: list[int], sheet: dict[str, int], client: httpx.AsyncClient
) -> None:
    await _ok(client, practice, "POST", "/tasknotes",
              {"TaskNum": tasks[1], "UserNum": 1, "Note": "Called."})  # fmt: skip
    sql = ("SELECT tn.Note, t.Descript FROM tasknote tn INNER JOIN task t "
           "ON t.TaskNum = tn.TaskNum")  # fmt: skip
    r = await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"Note": "Called.", "Descript": "Verify insurance"}]
    sql = f"SELECT FieldValue FROM sheetfield WHERE SheetNum = {sheet['sheet']} AND FieldType = 1"
    r = await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )
    assert r.json() == [{"FieldValue": "John D. Smith"}]
