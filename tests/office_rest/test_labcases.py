"""``/labcases`` and ``/laboratories``: work sent to a lab, and the labs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from dentin.office.models import Appointment
from tests.office.conftest import STAMP
from tests.office_rest.conftest import API, Practice

FIELDS = [
    *("LabCaseNum", "PatNum", "LaboratoryNum", "AptNum", "PlannedAptNum", "DateTimeDue"),
    *("DateTimeCreated", "DateTimeSent", "DateTimeRecd", "DateTimeChecked", "ProvNum"),
    *("Instructions", "LabFee", "DateTStamp", "InvoiceNum"),
]
LAB_FIELDS = [
    *("LaboratoryNum", "Description", "Phone", "Notes", "Slip", "Address", "City", "State"),
    *("Zip", "Email", "WirelessPhone", "IsHidden"),
]
GO_SMILES = {
    "Description": "Go Smiles Lab", "Phone": "(503)240-1910", "Notes": "Implants.", "Slip": 0,
    "Address": "231 Hoyt Rd", "City": "Glendale", "State": "OR", "Zip": "91124",
    "Email": "GoSmilesLab@mail.com", "WirelessPhone": "(503)981-5555", "IsHidden": "false",
}  # fmt: skip


async def _ok(client: httpx.AsyncClient, practice: Practice, method: str, path: str,
              body: Any = None) -> Any:  # fmt: skip
    r = await client.request(method, f"{API}{path}", headers=practice.a(), json=body)
    assert r.status_code in (200, 201), r.text
    return r.json()


def _appointments(practice: Practice) -> dict[str, int]:
    """Jane's scheduled and planned appointments, and Tommy's scheduled one."""
    with practice.db.transaction() as s:
        rows = {
            "scheduled": Appointment(PatNum=1, AptStatus=1, Op=1, ProvNum=1,
                                     AptDateTime=dt.datetime(2030, 3, 4, 9), Pattern="/XX/", DateTStamp=STAMP),
            "planned": Appointment(PatNum=1, AptStatus=6, Op=0, ProvNum=1,
                                   AptDateTime=dt.datetime(2030, 3, 4, 9), Pattern="/XX/", DateTStamp=STAMP),
            "other": Appointment(PatNum=2, AptStatus=1, Op=1, ProvNum=1,
                                 AptDateTime=dt.datetime(2030, 3, 5, 9), Pattern="/XX/", DateTStamp=STAMP),
        }  # fmt: skip
        s.add_all(rows.values())
        s.flush()
        return {k: v.AptNum for k, v in rows.items()}


async def test_a_laboratory_is_added_read_and_changed_with_open_dentals_fields(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(f"{API}/laboratories", headers=practice.a(), json=GO_SMILES)
    assert r.status_code == 201, r.text
    lab = r.json()
    assert list(lab) == LAB_FIELDS
    assert {k: v for k, v in lab.items() if k != "LaboratoryNum"} == GO_SMILES
    num = lab["LaboratoryNum"]
    assert r.headers["Location"].endswith(f"/api/v1/laboratories/{num}")
    assert await _ok(client, practice, "GET", f"/laboratories/{num}") == lab
    changed = await _ok(client, practice, "PUT", f"/laboratories/{num}",
                        {"Notes": "Implant Specialists.", "IsHidden": "true"})  # fmt: skip
    assert (changed["Notes"], changed["IsHidden"], changed["Phone"]) == (
        "Implant Specialists.", "true", "(503)240-1910",
    )  # fmt: skip
    listed = await _ok(client, practice, "GET", "/laboratories")
    assert listed == [changed]


@pytest.mark.parametrize(
    ("body", "names"),
    [({}, "Description"), ({"Description": " "}, "Description"),
     ({"Description": "Lab", "Zip": "9112"}, "Zip"),
     ({"Description": "Lab", "IsHidden": "no"}, "IsHidden"),
     ({"Description": "Lab", "Slip": -1}, "Slip")],
)  # fmt: skip
async def test_a_bad_laboratory_is_a_400_naming_the_field(
    practice: Practice, client: httpx.AsyncClient, body: dict[str, Any], names: str
) -> None:
    r = await client.post(f"{API}/laboratories", headers=practice.a(), json=body)
    assert r.status_code == 400, r.text
    assert names in r.json()["message"]


async def test_a_lab_case_is_created_for_a_scheduled_appointment_and_changed(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    apts = _appointments(practice)
    lab = await _ok(client, practice, "POST", "/laboratories", {"Description": "Lab"})
    r = await client.post(
        f"{API}/labcases",
        headers=practice.a(),
        json={"PatNum": 1, "LaboratoryNum": lab["LaboratoryNum"], "ProvNum": 1,
              "AptNum": apts["scheduled"], "PlannedAptNum": apts["planned"],
              "DateTimeDue": "2022-10-04 14:23:12", "DateTimeSent": "2022-10-03 14:24:12",
              "Instructions": "Repair clasps on Max partial", "LabFee": 0.0},
    )  # fmt: skip
    assert r.status_code == 201, r.text
    case = r.json()
    assert list(case) == FIELDS
    assert (case["AptNum"], case["PlannedAptNum"]) == (apts["scheduled"], apts["planned"])
    assert (case["DateTimeDue"], case["DateTimeRecd"]) == ("2022-10-04 14:23:12",
                                                           "0001-01-01 00:00:00")  # fmt: skip
    assert case["DateTimeCreated"] != "0001-01-01 00:00:00"
    assert case["LabFee"] == 0.0 and isinstance(case["LabFee"], float)
    num = case["LabCaseNum"]
    assert r.headers["Location"].endswith(f"/api/v1/labcases/{num}")
    changed = await _ok(
        client,
        practice,
        "PUT",
        f"/labcases/{num}",
        {
            "Instructions": "PFM crown #28. Shade A1",
            "LabFee": 17.50,
            "InvoiceNum": "271828",
            "DateTimeRecd": "2022-12-05 09:45:00",
        },
    )
    assert (changed["LabFee"], changed["InvoiceNum"]) == (17.5, "271828")
    assert changed["DateTimeRecd"] == "2022-12-05 09:45:00"
    assert await _ok(client, practice, "GET", f"/labcases/{num}") == changed


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ({"LaboratoryNum": "LAB", "ProvNum": 1}, 400, "PatNum"),
        ({"PatNum": 1, "ProvNum": 1}, 400, "LaboratoryNum"),
        ({"PatNum": 1, "LaboratoryNum": "LAB"}, 400, "ProvNum"),
        ({"PatNum": 999, "LaboratoryNum": "LAB", "ProvNum": 1}, 404, "PatNum 999"),
        ({"PatNum": 1, "LaboratoryNum": 999, "ProvNum": 1}, 404, "LaboratoryNum 999"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 999}, 404, "ProvNum 999"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 1, "AptNum": "planned"}, 400,
         "Scheduled"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 1, "AptNum": "other"}, 400,
         "PatNum 1's"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 1, "PlannedAptNum": "scheduled"},
         400, "Planned"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 1, "AptNum": 9999}, 404, "AptNum"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 1, "DateTimeDue": "tomorrow"}, 400,
         "DateTimeDue"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 1, "LabFee": -3}, 400, "LabFee"),
        ({"PatNum": 1, "LaboratoryNum": "LAB", "ProvNum": 1, "LabFee": "lots"}, 400, "LabFee"),
    ],
)  # fmt: skip
async def test_a_bad_lab_case_is_refused_with_a_sentence_naming_the_field(
    practice: Practice,
    client: httpx.AsyncClient,
    body: dict[str, Any],
    status: int,
    names: str,
) -> None:
    apts = _appointments(practice)
    lab = await _ok(client, practice, "POST", "/laboratories", {"Description": "Lab"})
    sent = {k: lab["LaboratoryNum"] if v == "LAB" else apts.get(v, v) if isinstance(v, str)
            else v for k, v in body.items()}  # fmt: skip
    r = await client.post(f"{API}/labcases", headers=practice.a(), json=sent)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_lab_cases_list_by_each_filter_and_delete(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    apts = _appointments(practice)
    one = await _ok(client, practice, "POST", "/laboratories", {"Description": "One"})
    two = await _ok(client, practice, "POST", "/laboratories", {"Description": "Two"})
    a = await _ok(
        client,
        practice,
        "POST",
        "/labcases",
        {
            "PatNum": 1,
            "ProvNum": 1,
            "LaboratoryNum": one["LaboratoryNum"],
            "AptNum": apts["scheduled"],
        },
    )
    b = await _ok(
        client,
        practice,
        "POST",
        "/labcases",
        {"PatNum": 2, "ProvNum": 2, "LaboratoryNum": two["LaboratoryNum"], "AptNum": apts["other"]},
    )
    c = await _ok(
        client,
        practice,
        "POST",
        "/labcases",
        {
            "PatNum": 1,
            "ProvNum": 1,
            "LaboratoryNum": two["LaboratoryNum"],
            "PlannedAptNum": apts["planned"],
        },
    )
    h = practice.a()

    async def nums(**params: Any) -> list[int]:
        r = await client.get(f"{API}/labcases", headers=h, params=params)
        assert r.status_code == 200, r.text
        return [row["LabCaseNum"] for row in r.json()]

    ids = [x["LabCaseNum"] for x in (a, b, c)]
    assert await nums() == ids
    assert await nums(PatNum=1) == [ids[0], ids[2]]
    assert await nums(LaboratoryNum=two["LaboratoryNum"]) == ids[1:]
    assert await nums(AptNum=apts["scheduled"]) == [ids[0]]
    assert await nums(PlannedAptNum=apts["planned"]) == [ids[2]]
    assert await nums(AptNum=apts["other"], ProvNum=2) == [ids[1]]
    assert await nums(ProvNum=1, Offset=1) == [ids[2]]
    r = await client.get(f"{API}/labcases", headers=h, params={"AptNum": "-2"})
    assert r.status_code == 400 and "AptNum" in r.json()["message"]
    r = await client.delete(f"{API}/labcases/{ids[0]}", headers=h)
    assert (r.status_code, r.content) == (200, b"")
    assert await nums() == ids[1:]
    r = await client.get(f"{API}/labcases/{ids[0]}", headers=h)
    assert r.status_code == 404 and f"LabCaseNum {ids[0]}" in r.json()["message"]


async def test_another_offices_lab_cases_and_labs_are_404s(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    lab = await _ok(client, practice, "POST", "/laboratories", {"Description": "Lab"})
    case = await _ok(
        client,
        practice,
        "POST",
        "/labcases",
        {"PatNum": 1, "ProvNum": 1, "LaboratoryNum": lab["LaboratoryNum"]},
    )
    b = practice.b()
    for method, path in (("GET", f"/labcases/{case['LabCaseNum']}"),
                         ("PUT", f"/labcases/{case['LabCaseNum']}"),
                         ("DELETE", f"/labcases/{case['LabCaseNum']}"),
                         ("GET", f"/laboratories/{lab['LaboratoryNum']}"),
                         ("PUT", f"/laboratories/{lab['LaboratoryNum']}")):  # fmt: skip
        body = {"Notes": "x"} if method == "PUT" else None
        r = await client.request(method, f"{API}{path}", headers=b, json=body)
        assert r.status_code == 404, (method, path, r.text)
    assert (await client.get(f"{API}/labcases", headers=b)).json() == []


async def test_a_shortquery_reads_labcase_with_laboratory(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    lab = await _ok(client, practice, "POST", "/laboratories", {"Description": "Go Smiles"})
    await _ok(
        client,
        practice,
        "POST",
        "/labcases",
        {"PatNum": 2, "ProvNum": 1, "LaboratoryNum": lab["LaboratoryNum"], "LabFee": 12},
    )
    sql = ("SELECT lc.PatNum, lc.LabFee, l.Description FROM labcase lc INNER JOIN laboratory l "
           "ON l.LaboratoryNum = lc.LaboratoryNum")  # fmt: skip
    r = await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"PatNum": 2, "LabFee": 12.0, "Description": "Go Smiles"}]
