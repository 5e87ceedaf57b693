"""``/recalls`` and ``/recalltypes``: a patient's recalls, the Recall List, and their writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from dentin.office.clock import office_now
from dentin.office.models import Commlog, Recall
from tests.office_rest.conftest import API, Practice

FIELDS = [
    *("RecallNum", "PatNum", "DateDue", "DatePrevious", "RecallInterval", "RecallStatus"),
    *("recallStatus", "Note", "IsDisabled", "DateTStamp", "RecallTypeNum"),
    *("DisableUntilBalance", "DisableUntilDate", "DateScheduled", "Priority"),
    "TimePatternOverride",
]
LIST_FIELDS = [
    *("DueDate", "PatNum", "Patient", "Age", "Type", "Interval", "NumRemind", "LastRemind"),
    *("Contact", "Status", "ClinicNum", "Note"),
]
DO_NOT_CALL = 26  # a definition of category 13 (RecallUnschedStatus) in every office


async def _post(client: httpx.AsyncClient, practice: Practice, body: dict[str, Any]) -> Any:
    r = await client.post(f"{API}/recalls", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def test_a_recall_is_created_with_its_types_interval_and_open_dentals_fields(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.post(
        f"{API}/recalls",
        headers=practice.a(),
        json={"PatNum": 1, "RecallTypeNum": recall_types["Prophy"], "RecallStatus": DO_NOT_CALL,
              "Note": "New patient, try to get appointment around the same time as child."},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    body = r.json()
    assert list(body) == FIELDS
    assert body["RecallInterval"] == "6m1d"
    assert (body["RecallStatus"], body["recallStatus"]) == (DO_NOT_CALL, "Do Not Call")
    assert body["DateDue"] == "0001-01-01"
    assert (body["IsDisabled"], body["Priority"], body["DisableUntilBalance"]) == (
        "false", "Normal", 0.0,
    )  # fmt: skip
    assert r.headers["Location"].endswith("/api/v1/recalls?PatNum=1")


async def test_a_recall_interval_is_read_and_written_as_open_dentals_text(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    body = await _post(
        client,
        practice,
        {"PatNum": 1, "RecallTypeNum": recall_types["Pano"], "RecallInterval": "0y6m0w1d",
         "Priority": "ASAP", "TimePatternOverride": "/XX/", "DisableUntilBalance": "25.5",
         "DisableUntilDate": "2031-01-02", "IsDisabled": "true"},
    )  # fmt: skip
    assert body["RecallInterval"] == "6m1d"
    assert (body["Priority"], body["TimePatternOverride"]) == ("ASAP", "/XX/")
    assert (body["DisableUntilBalance"], body["DisableUntilDate"]) == (25.5, "2031-01-02")
    assert body["IsDisabled"] == "true"


async def test_a_patient_has_one_recall_per_type(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    first = await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]})
    r = await client.post(
        f"{API}/recalls",
        headers=practice.a(),
        json={"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]},
    )
    assert r.status_code == 400
    assert f"RecallNum {first['RecallNum']}" in r.json()["message"]


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ({"RecallTypeNum": 1}, 400, "PatNum"),
        ({"PatNum": 1}, 400, "RecallTypeNum"),
        ({"PatNum": 999, "RecallTypeNum": 1}, 404, "PatNum 999"),
        ({"PatNum": 1, "RecallTypeNum": 999}, 404, "RecallTypeNum 999"),
        ({"PatNum": 1, "RecallTypeNum": 1, "RecallInterval": "six months"}, 400, "RecallInterval"),
        ({"PatNum": 1, "RecallTypeNum": 1, "RecallInterval": "1d6m"}, 400, "RecallInterval"),
        ({"PatNum": 1, "RecallTypeNum": 1, "RecallStatus": 19}, 400, "RecallStatus"),
        ({"PatNum": 1, "RecallTypeNum": 1, "Priority": "Soon"}, 400, "Priority"),
        ({"PatNum": 1, "RecallTypeNum": 1, "TimePatternOverride": "ab"}, 400, "TimePattern"),
        ({"PatNum": 1, "RecallTypeNum": 1, "DateDue": "9/9/2022"}, 400, "DateDue"),
        ({"PatNum": 1, "RecallTypeNum": 1, "IsDisabled": "yes"}, 400, "IsDisabled"),
        ({"PatNum": 1, "RecallTypeNum": 1, "DisableUntilBalance": -1}, 400, "DisableUntil"),
    ],
)
async def test_a_bad_recall_is_refused_with_a_sentence_naming_the_field(
    practice: Practice,
    recall_types: dict[str, int],
    client: httpx.AsyncClient,
    body: dict[str, Any],
    status: int,
    names: str,
) -> None:
    r = await client.post(f"{API}/recalls", headers=practice.a(), json=body)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_recalls_list_in_key_order_filter_by_patient_and_page(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    a = await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]})
    b = await _post(client, practice, {"PatNum": 2, "RecallTypeNum": recall_types["Prophy"]})
    c = await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Pano"]})
    h = practice.a()
    every = (await client.get(f"{API}/recalls", headers=h)).json()
    assert [r["RecallNum"] for r in every] == [a["RecallNum"], b["RecallNum"], c["RecallNum"]]
    assert every[0] == a
    mine = (await client.get(f"{API}/recalls", headers=h, params={"PatNum": 1})).json()
    assert [r["RecallNum"] for r in mine] == [a["RecallNum"], c["RecallNum"]]
    page = (await client.get(f"{API}/recalls", headers=h, params={"Offset": 1, "Limit": 1})).json()
    assert [r["RecallNum"] for r in page] == [b["RecallNum"]]
    r = await client.get(f"{API}/recalls", headers=h, params={"PatNum": "x"})
    assert r.status_code == 400 and "PatNum" in r.json()["message"]


async def test_a_recall_is_changed_and_answered_whole(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    made = await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]})
    r = await client.put(
        f"{API}/recalls/{made['RecallNum']}",
        headers=practice.a(),
        json={"DateDue": "2022-09-09", "RecallInterval": "1y", "Note": "Call after June.",
              "RecallStatus": 0},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body) == FIELDS
    assert (body["DateDue"], body["RecallInterval"], body["Note"]) == (
        "2022-09-09", "1y", "Call after June.",
    )  # fmt: skip
    assert (body["RecallStatus"], body["recallStatus"]) == (0, "")
    assert body["RecallTypeNum"] == recall_types["Prophy"]


async def test_changing_a_missing_recall_is_a_404(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.put(f"{API}/recalls/999", headers=practice.a(), json={"Note": "x"})
    assert r.status_code == 404
    assert "RecallNum 999" in r.json()["message"]


async def test_another_offices_recall_is_invisible_and_unchangeable(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    made = await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]})
    assert (await client.get(f"{API}/recalls", headers=practice.b())).json() == []
    r = await client.put(
        f"{API}/recalls/{made['RecallNum']}", headers=practice.b(), json={"Note": "x"}
    )
    assert r.status_code == 404
    r = await client.get(f"{API}/recalltypes/{recall_types['Prophy']}", headers=practice.b())
    assert r.status_code == 404


async def test_setting_a_recalls_status_leaves_a_recall_commlog(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    made = await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]})
    r = await client.put(
        f"{API}/recalls/Status",
        headers=practice.a(),
        json={"PatNum": 1, "recallType": "prophy", "RecallStatus": DO_NOT_CALL,
              "commlogMode": "Phone", "commlogNote": "Patient out of town until 08/30."},
    )  # fmt: skip
    assert (r.status_code, r.content) == (200, b"")
    [after] = (
        await client.get(f"{API}/recalls", headers=practice.a(), params={"PatNum": 1})
    ).json()
    assert after["RecallNum"] == made["RecallNum"]
    assert after["recallStatus"] == "Do Not Call"
    logs = (await client.get(f"{API}/commlogs", headers=practice.a(), params={"PatNum": 1})).json()
    assert [(c["Note"], c["Mode_"], c["commType"]) for c in logs] == [
        ("Patient out of town until 08/30.", "Phone", "Recall")
    ]


async def test_a_status_without_a_note_writes_open_dentals_reminder_note(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Perio"]})
    r = await client.put(
        f"{API}/recalls/Status", headers=practice.a(), json={"PatNum": 1, "recallType": "Perio"}
    )
    assert r.status_code == 200, r.text
    logs = (await client.get(f"{API}/commlogs", headers=practice.a(), params={"PatNum": 1})).json()
    assert logs[0]["Note"].startswith("Recall reminder")


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ({"PatNum": 1}, 400, "recallType"),
        ({"PatNum": 1, "recallType": "Fluoride"}, 404, "Fluoride"),
        ({"PatNum": 2, "recallType": "Prophy"}, 404, "PatNum 2"),
        ({"PatNum": 1, "recallType": "Prophy", "commlogMode": "Pigeon"}, 400, "commlogMode"),
        ({"PatNum": 1, "recallType": "Prophy", "RecallStatus": 5}, 400, "RecallStatus"),
    ],
)
async def test_a_bad_status_change_is_refused_with_a_sentence(
    practice: Practice,
    recall_types: dict[str, int],
    client: httpx.AsyncClient,
    body: dict[str, Any],
    status: int,
    names: str,
) -> None:
    await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]})
    r = await client.put(f"{API}/recalls/Status", headers=practice.a(), json=body)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_switch_type_turns_prophy_into_perio_and_back(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    made = await _post(client, practice, {"PatNum": 1, "RecallTypeNum": recall_types["Prophy"]})
    h = practice.a()
    for expected, interval in (("Perio", "3m"), ("Prophy", "6m1d")):
        r = await client.put(f"{API}/recalls/SwitchType", headers=h, json={"PatNum": 1})
        assert (r.status_code, r.content) == (200, b"")
        [row] = (await client.get(f"{API}/recalls", headers=h, params={"PatNum": 1})).json()
        assert row["RecallNum"] == made["RecallNum"]
        assert (row["RecallTypeNum"], row["RecallInterval"]) == (recall_types[expected], interval)


async def test_switch_type_without_a_prophy_or_perio_recall_is_a_400(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    r = await client.put(f"{API}/recalls/SwitchType", headers=practice.a(), json={"PatNum": 2})
    assert r.status_code == 400
    assert "neither a Prophy nor a Perio" in r.json()["message"]


async def test_recall_types_read_with_open_dentals_fields(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    every = (await client.get(f"{API}/recalltypes", headers=practice.a())).json()
    assert every[0] == {
        "RecallTypeNum": recall_types["Prophy"],
        "Description": "Prophy",
        "DefaultInterval": "6m1d",
        "TimePattern": "/XXXX/",
        "Procedures": "D1110",
        "AppendToSpecial": "false",
    }
    one = await client.get(f"{API}/recalltypes/{recall_types['Pano']}", headers=practice.a())
    assert (one.json()["DefaultInterval"], one.json()["AppendToSpecial"]) == ("5y", "true")
    missing = await client.get(f"{API}/recalltypes/999", headers=practice.a())
    assert missing.status_code == 404 and "RecallTypeNum 999" in missing.json()["message"]


# -- the Recall List -----------------------------------------------------------------------


def _due(practice: Practice, recall_types: dict[str, int]) -> dict[str, int]:
    """Jane's Prophy due in 10 days, Tommy's Prophy 20 days ago, Jane's Pano scheduled,
    Tommy's Perio disabled, Bob's (inactive) Prophy due: only the first two are listed."""
    today = office_now(practice.db).date()
    with practice.db.transaction() as s:

        def add(pat: int, kind: str, days: int, **kw: Any) -> Recall:
            row = Recall(PatNum=pat, RecallTypeNum=recall_types[kind], RecallInterval=60001,
                         DateDue=today + dt.timedelta(days=days), DateTStamp=dt.datetime(2026, 1, 1),
                         **kw)  # fmt: skip
            s.add(row)
            return row

        jane = add(1, "Prophy", 5, RecallStatus=DO_NOT_CALL, Note="Prefers mornings")
        tommy = add(2, "Prophy", -20)
        add(1, "Pano", 3, DateScheduled=today + dt.timedelta(days=30))
        add(2, "Perio", 2, IsDisabled=1)
        add(3, "Prophy", 1)
        s.flush()
        return {"jane": jane.RecallNum, "tommy": tommy.RecallNum}


async def test_the_recall_list_shows_due_unscheduled_recalls_soonest_first(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    _due(practice, recall_types)
    today = office_now(practice.db).date()
    r = await client.get(f"{API}/recalls/List", headers=practice.a())
    assert r.status_code == 200, r.text
    rows = r.json()
    assert [list(row) for row in rows] == [LIST_FIELDS, LIST_FIELDS]
    tommy, jane = rows
    due = today + dt.timedelta(days=5)
    assert jane == {
        "DueDate": f"{due.month}/{due.day}/{due.year}",
        "PatNum": 1,
        "Patient": "Smith, Jane",
        "Age": jane["Age"],
        "Type": "Prophy",
        "Interval": "6m1d",
        "NumRemind": "",
        "LastRemind": "",
        "Contact": "",
        "Status": "Do Not Call",
        "ClinicNum": 1,
        "Note": "Prefers mornings",
    }
    assert int(jane["Age"]) >= 50
    assert (tommy["PatNum"], tommy["Type"]) == (2, "Prophy")


async def test_the_recall_list_filters_by_range_type_provider_and_clinic(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    _due(practice, recall_types)
    today = office_now(practice.db).date()
    h = practice.a()

    async def pats(**params: Any) -> list[int]:
        r = await client.get(f"{API}/recalls/List", headers=h, params=params)
        assert r.status_code == 200, r.text
        return [row["PatNum"] for row in r.json()]

    assert await pats(DateStart=str(today)) == [1]
    assert await pats(DateEnd=str(today)) == [2]
    assert await pats(RecallType="prophy") == [2, 1]
    assert await pats(RecallType="Pano") == []
    assert await pats(ProvNum=2) == []
    assert await pats(ProvNum=1, ClinicNum=1) == [2, 1]
    assert await pats(ClinicNum=0) == []
    assert await pats(Offset=1, Limit=1) == [1]


async def test_the_recall_list_leaves_out_the_reminded_unless_asked(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    _due(practice, recall_types)
    with practice.db.transaction() as s:
        s.add(Commlog(PatNum=1, CommDateTime=dt.datetime(2026, 3, 4, 10, 0), CommType=13,
                      Note="Recall reminder", DateTStamp=dt.datetime(2026, 3, 4)))  # fmt: skip
    h = practice.a()
    plain = (await client.get(f"{API}/recalls/List", headers=h)).json()
    assert [row["PatNum"] for row in plain] == [2]
    asked = await client.get(f"{API}/recalls/List", headers=h, params={"IncludeReminded": "true"})
    jane = asked.json()[1]
    assert (jane["PatNum"], jane["NumRemind"], jane["LastRemind"]) == (1, "1", "3/4/2026")


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"DateStart": "2026-13-01"}, "DateStart"),
        ({"DateStart": "2026-05-01", "DateEnd": "2026-04-01"}, "before"),
        ({"RecallType": "Fluoride"}, "Fluoride"),
        ({"IncludeReminded": "yes"}, "IncludeReminded"),
        ({"ProvNum": "doc"}, "ProvNum"),
    ],
)
async def test_a_bad_recall_list_filter_is_a_400_naming_it(
    practice: Practice,
    recall_types: dict[str, int],
    client: httpx.AsyncClient,
    params: dict[str, str],
    names: str,
) -> None:
    r = await client.get(f"{API}/recalls/List", headers=practice.a(), params=params)
    assert r.status_code == 400, r.text
    assert names in r.json()["message"]


async def test_a_shortquery_of_recall_reads_what_the_api_wrote(
    practice: Practice, recall_types: dict[str, int], client: httpx.AsyncClient
) -> None:
    await _post(client, practice, {"PatNum": 2, "RecallTypeNum": recall_types["Prophy"]})
    sql = (
        "SELECT r.PatNum, r.RecallInterval, t.Description FROM recall r "
        "INNER JOIN recalltype t ON t.RecallTypeNum = r.RecallTypeNum"
    )
    r = await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"PatNum": 2, "RecallInterval": 60001, "Description": "Prophy"}]
