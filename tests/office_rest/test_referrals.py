"""``/referrals`` and ``/refattaches``: referral sources and the patients attached to them."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.office_rest.conftest import API, Practice

FIELDS = [
    *("ReferralNum", "LName", "FName", "MName", "SSN", "UsingTIN", "Specialty", "specialty"),
    *("ST", "Telephone", "Address", "Address2", "City", "Zip", "Note", "Phone2", "IsHidden"),
    *("NotPerson", "Title", "EMail", "PatNum", "IsDoctor", "DateTStamp", "IsPreferred"),
    *("BusinessName", "DisplayNote", "isPatient"),
]
ATTACH_FIELDS = [
    *("RefAttachNum", "ReferralNum", "referralName", "PatNum", "ItemOrder", "RefDate"),
    *("ReferralType", "RefToStatus", "Note", "IsTransitionOfCare", "ProcNum"),
    *("DateProcComplete", "ProvNum", "DateTStamp"),
]


async def _ok(client: httpx.AsyncClient, practice: Practice, method: str, path: str,
              body: Any = None) -> Any:  # fmt: skip
    r = await client.request(method, f"{API}{path}", headers=practice.a(), json=body)
    assert r.status_code in (200, 201), r.text
    return r.json()


async def test_a_source_with_neither_patient_nor_specialty_is_a_non_person(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(f"{API}/referrals", headers=practice.a(), json={"LName": "Yellow Pages"})
    assert r.status_code == 201, r.text
    body = r.json()
    assert list(body) == FIELDS
    assert (body["NotPerson"], body["IsDoctor"], body["isPatient"]) == ("false", "false", "false")[
        :0
    ] or (body["NotPerson"], body["IsDoctor"], body["isPatient"]) == ("true", "false", "false")
    assert r.headers["Location"].endswith(f"/api/v1/referrals/{body['ReferralNum']}")


async def test_a_source_with_a_specialty_is_a_doctor_named_by_the_specialty(
    practice: Practice, specialties: dict[str, int], client: httpx.AsyncClient
) -> None:
    body = await _ok(client, practice, "POST", "/referrals",
                     {"LName": "Smith", "FName": "John", "specialty": "surgery", "Title": "DDS",
                      "Telephone": "5033635432", "ST": "OR"})  # fmt: skip
    assert (body["Specialty"], body["specialty"]) == (specialties["Surgery"], "Surgery")
    assert (body["IsDoctor"], body["NotPerson"], body["isPatient"]) == ("true", "false", "false")
    by_num = await _ok(client, practice, "POST", "/referrals",
                       {"LName": "Davidson", "Specialty": specialties["Endodontics"]})  # fmt: skip
    assert by_num["specialty"] == "Endodontics"


async def test_a_patient_source_copies_the_patient_and_keeps_only_its_notes_changeable(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = await _ok(client, practice, "POST", "/referrals", {"LName": "smith", "PatNum": 1})
    assert (body["LName"], body["FName"], body["PatNum"]) == ("Smith", "Jane", 1)
    assert (body["isPatient"], body["IsDoctor"], body["NotPerson"]) == ("true", "false", "false")
    num = body["ReferralNum"]
    changed = await _ok(client, practice, "PUT", f"/referrals/{num}",
                        {"Note": "Referral credit added", "DisplayNote": "Thank her"})  # fmt: skip
    assert (changed["Note"], changed["DisplayNote"]) == ("Referral credit added", "Thank her")
    r = await client.put(f"{API}/referrals/{num}", headers=practice.a(), json={"FName": "Janet"})
    assert r.status_code == 400
    assert "only Note and DisplayNote" in r.json()["message"]


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ({}, 400, "LName"),
        ({"LName": "   "}, 400, "LName"),
        ({"LName": "Jones", "PatNum": 1}, 400, "does not match"),
        ({"LName": "Smith", "PatNum": 999}, 404, "PatNum 999"),
        ({"LName": "Dr", "specialty": "Astrology"}, 400, "specialty"),
        ({"LName": "Dr", "Specialty": 19}, 400, "Specialty"),
        ({"LName": "Dr", "Telephone": "555-1234"}, 400, "Telephone"),
        ({"LName": "Dr", "ST": "Oregon"}, 400, "ST"),
        ({"LName": "Dr", "SSN": "123-45-6789"}, 400, "SSN"),
        ({"LName": "Dr", "IsDoctor": "yes"}, 400, "IsDoctor"),
    ],
)
async def test_a_bad_referral_is_refused_with_a_sentence_naming_the_field(
    practice: Practice,
    specialties: dict[str, int],
    client: httpx.AsyncClient,
    body: dict[str, Any],
    status: int,
    names: str,
) -> None:
    r = await client.post(f"{API}/referrals", headers=practice.a(), json=body)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_referrals_list_filters_by_kind_and_business_name(
    practice: Practice, specialties: dict[str, int], client: httpx.AsyncClient
) -> None:
    ad = await _ok(
        client,
        practice,
        "POST",
        "/referrals",
        {"LName": "Facebook Ad", "BusinessName": "Facebook", "IsPreferred": "true"},
    )
    doc = await _ok(
        client,
        practice,
        "POST",
        "/referrals",
        {"LName": "Davidson", "specialty": "Endodontics", "IsHidden": "true"},
    )
    pat = await _ok(client, practice, "POST", "/referrals", {"LName": "Smith", "PatNum": 1})  # fmt: skip
    h = practice.a()

    async def nums(**params: Any) -> list[int]:
        r = await client.get(f"{API}/referrals", headers=h, params=params)
        assert r.status_code == 200, r.text
        return [row["ReferralNum"] for row in r.json()]

    every = [ad["ReferralNum"], doc["ReferralNum"], pat["ReferralNum"]]
    assert await nums() == every
    assert await nums(IsPreferred="true") == [ad["ReferralNum"]]
    assert await nums(IsHidden="true") == [doc["ReferralNum"]]
    assert await nums(NotPerson="true") == [ad["ReferralNum"]]
    assert await nums(IsDoctor="true") == [doc["ReferralNum"]]
    assert await nums(isPatient="true") == [pat["ReferralNum"]]
    assert await nums(isPatient="false") == every[:2]
    assert await nums(BusinessName="book") == [ad["ReferralNum"]]
    assert await nums(Offset=1, Limit=1) == [doc["ReferralNum"]]
    r = await client.get(f"{API}/referrals", headers=h, params={"IsDoctor": "maybe"})
    assert r.status_code == 400 and "IsDoctor" in r.json()["message"]
    one = await client.get(f"{API}/referrals/{doc['ReferralNum']}", headers=h)
    assert one.json() == (await client.get(f"{API}/referrals", headers=h)).json()[1]


async def test_a_missing_or_foreign_referral_is_a_404(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    made = await _ok(client, practice, "POST", "/referrals", {"LName": "Yellow Pages"})
    for path in (f"/referrals/{made['ReferralNum']}",):
        r = await client.get(f"{API}{path}", headers=practice.b())
        assert r.status_code == 404 and "ReferralNum" in r.json()["message"]
        r = await client.put(f"{API}{path}", headers=practice.b(), json={"Note": "x"})
        assert r.status_code == 404
    assert (await client.get(f"{API}/referrals", headers=practice.b())).json() == []


async def test_attaching_by_name_finds_the_source_or_makes_a_non_person_one(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    src = await _ok(
        client,
        practice,
        "POST",
        "/referrals",
        {"LName": "Stevens", "FName": "Steve", "MName": "N", "Title": "DDS", "NotPerson": "false"},
    )
    r = await client.post(
        f"{API}/refattaches",
        headers=practice.a(),
        json={"PatNum": 1, "referralName": "stevens", "Note": "Sent x-rays"},
    )
    assert r.status_code == 201, r.text
    first = r.json()
    assert list(first) == ATTACH_FIELDS
    assert (first["ReferralNum"], first["referralName"]) == (
        src["ReferralNum"],
        "Steve N Stevens, DDS",
    )
    assert (first["ReferralType"], first["RefToStatus"], first["ItemOrder"]) == (
        "RefFrom",
        "None",
        0,
    )
    assert first["RefDate"] != "0001-01-01" and first["Note"] == "Sent x-rays"
    second = await _ok(
        client, practice, "POST", "/refattaches", {"PatNum": 1, "referralName": "Radio Spot"}
    )
    assert second["ItemOrder"] == 1 and second["referralName"] == "Radio Spot"
    made = await _ok(client, practice, "GET", f"/referrals/{second['ReferralNum']}")
    assert made["NotPerson"] == "true"  # fmt: skip


async def test_an_outgoing_referral_takes_a_provider_and_a_status(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    src = await _ok(client, practice, "POST", "/referrals", {"LName": "Bokish"})
    body = await _ok(
        client,
        practice,
        "POST",
        "/refattaches",
        {
            "PatNum": 2,
            "ReferralNum": src["ReferralNum"],
            "ReferralType": "RefTo",
            "RefToStatus": "Scheduled",
            "RefDate": "2023-12-05",
            "ProvNum": 1,
        },
    )
    assert (body["ReferralType"], body["RefToStatus"], body["ProvNum"]) == ("RefTo", "Scheduled", 1)
    changed = await _ok(client, practice, "PUT", f"/refattaches/{body['RefAttachNum']}",
                        {"RefToStatus": "Complete", "DateProcComplete": "2023-12-14",
                         "Note": "Dr. Bokish confirmed."})  # fmt: skip
    assert (changed["RefToStatus"], changed["DateProcComplete"]) == ("Complete", "2023-12-14")
    assert changed["RefDate"] == "2023-12-05"
    r = await client.put(f"{API}/refattaches/{body['RefAttachNum']}", headers=practice.a(),
                         json={"ReferralType": "RefFrom"})  # fmt: skip
    assert r.status_code == 400 and "RefTo" in r.json()["message"]


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ({"referralName": "Ad"}, 400, "PatNum"),
        ({"PatNum": 1}, 400, "referralName"),
        ({"PatNum": 999, "referralName": "Ad"}, 404, "PatNum 999"),
        ({"PatNum": 1, "ReferralNum": 999}, 404, "ReferralNum 999"),
        ({"PatNum": 1, "referralName": "Ad", "ReferralType": "Sideways"}, 400, "ReferralType"),
        ({"PatNum": 1, "referralName": "Ad", "RefToStatus": "Lost"}, 400, "RefToStatus"),
        ({"PatNum": 1, "referralName": "Ad", "ProvNum": 1}, 400, "RefTo"),
        ({"PatNum": 1, "referralName": "Ad", "ProcNum": 999}, 404, "ProcNum 999"),
        ({"PatNum": 1, "referralName": "Ad", "RefDate": "12/05/2023"}, 400, "RefDate"),
    ],
)
async def test_a_bad_attachment_is_refused_with_a_sentence_naming_the_field(
    practice: Practice,
    client: httpx.AsyncClient,
    body: dict[str, Any],
    status: int,
    names: str,
) -> None:
    r = await client.post(f"{API}/refattaches", headers=practice.a(), json=body)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_attachments_list_filters_and_delete_removes_one(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    a = await _ok(client, practice, "POST", "/refattaches", {"PatNum": 1, "referralName": "Ad"})
    b = await _ok(client, practice, "POST", "/refattaches", {"PatNum": 2, "referralName": "Web"})
    h = practice.a()

    async def nums(**params: Any) -> list[int]:
        r = await client.get(f"{API}/refattaches", headers=h, params=params)
        assert r.status_code == 200, r.text
        return [row["RefAttachNum"] for row in r.json()]

    assert await nums() == [a["RefAttachNum"], b["RefAttachNum"]]
    assert await nums(PatNum=2) == [b["RefAttachNum"]]
    assert await nums(ReferralNum=a["ReferralNum"]) == [a["RefAttachNum"]]
    assert await nums(DateTStamp="2099-01-01 00:00:00") == []
    assert await nums(DateTStamp=a["DateTStamp"]) == [a["RefAttachNum"], b["RefAttachNum"]]
    r = await client.get(f"{API}/refattaches", headers=h, params={"DateTStamp": "yesterday"})
    assert r.status_code == 400 and "DateTStamp" in r.json()["message"]
    r = await client.delete(f"{API}/refattaches/{a['RefAttachNum']}", headers=practice.b())
    assert r.status_code == 404
    r = await client.delete(f"{API}/refattaches/{a['RefAttachNum']}", headers=h)
    assert (r.status_code, r.content) == (200, b"")
    assert await nums() == [b["RefAttachNum"]]
    r = await client.delete(f"{API}/refattaches/{a['RefAttachNum']}", headers=h)
    assert r.status_code == 404 and "RefAttachNum" in r.json()["message"]


async def test_a_shortquery_joins_refattach_and_referral_as_in_open_dental(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    await _ok(client, practice, "POST", "/refattaches", {"PatNum": 2, "referralName": "Web"})
    sql = ("SELECT ra.PatNum, r.LName FROM refattach ra INNER JOIN referral r "
           "ON r.ReferralNum = ra.ReferralNum")  # fmt: skip
    r = await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"PatNum": 2, "LName": "Web"}]
