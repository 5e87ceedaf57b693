"""/patfields and /patfielddefs: custom patient fields, each value checked against its type."""

from __future__ import annotations

import httpx
import pytest

from tests.office_clinical.conftest import Clinic

API = "/api/v1"


async def _define(client: httpx.AsyncClient, h: dict[str, str], **body: object) -> dict:  # type: ignore[type-arg]
    r = await client.post(f"{API}/patfielddefs", headers=h, json=body)
    assert r.status_code == 201, r.text
    return dict(r.json())


async def test_a_field_is_defined_set_for_a_patient_listed_changed_and_deleted(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    made_def = await _define(client, h, FieldName="Ins Verified", FieldType="Text")
    assert made_def == {
        "PatFieldDefNum": made_def["PatFieldDefNum"],
        "FieldName": "Ins Verified",
        "FieldType": "Text",
        "PickList": "",
        "IsHidden": "false",
    }
    body = {"PatNum": 1, "FieldName": "Ins Verified", "FieldValue": "Yes"}
    r = await client.post(f"{API}/patfields", headers=h, json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/patfields/{made['PatFieldNum']}")
    assert (made["FieldValue"], made["SecDateEntry"]) == ("Yes", made["SecDateTEdit"][:10])
    assert (await client.get(f"{API}/patfields/{made['PatFieldNum']}", headers=h)).json() == made
    for query in ("PatNum=1", "FieldName=Ins%20Verified", "PatNum=1&FieldName=Ins%20Verified"):
        assert (await client.get(f"{API}/patfields?{query}", headers=h)).json() == [made], query
    assert (await client.get(f"{API}/patfields?FieldName=ins%20verified", headers=h)).json() == []
    later = await client.get(f"{API}/patfields?SecDateTEdit=2999-01-01%2000:00:00", headers=h)
    assert later.json() == []
    r = await client.post(f"{API}/patfields", headers=h, json=body)
    assert r.status_code == 400 and "PUT /patfields" in r.json()["message"]
    r = await client.put(f"{API}/patfields", headers=h, json={**body, "FieldValue": "No"})
    assert r.status_code == 200 and r.json()["PatFieldNum"] == made["PatFieldNum"]
    assert r.json()["FieldValue"] == "No"
    r = await client.put(f"{API}/patfields", headers=h, json={**body, "PatNum": 2})
    assert r.status_code == 200 and r.json()["PatNum"] == 2  # a patient without one gets one
    in_use = await client.delete(f"{API}/patfielddefs/{made_def['PatFieldDefNum']}", headers=h)
    assert in_use.status_code == 400 and "in use" in in_use.json()["message"]
    url = f"{API}/patfields/{made['PatFieldNum']}"
    assert (await client.delete(url, headers=h)).status_code == 200
    assert (await client.get(url, headers=h)).status_code == 404


@pytest.mark.parametrize(
    ("kind", "good", "stored", "bad"),
    [
        ("Date", "2024-05-30", "2024-05-30", "05/30/2024"),
        ("Checkbox", "1", "1", "yes"),
        ("Currency", "450.2", "450.20", "lots"),
    ],
)
async def test_a_fields_value_must_fit_its_type(
    kind: str, good: str, stored: str, bad: str, clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    await _define(client, h, FieldName=kind, FieldType=kind)
    body = {"PatNum": 1, "FieldName": kind}
    r = await client.post(f"{API}/patfields", headers=h, json={**body, "FieldValue": bad})
    assert r.status_code == 400 and "FieldValue" in r.json()["message"], r.text
    r = await client.post(f"{API}/patfields", headers=h, json={**body, "FieldValue": good})
    assert r.status_code == 201 and r.json()["FieldValue"] == stored


async def test_a_pick_list_takes_only_its_choices_and_renaming_carries_the_values(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    made = await _define(
        client, h, FieldName="Favorite Color", FieldType="PickList", PickList="Red\r\nBlue"
    )
    assert made["PickList"] == ""  # choices live in patfieldpickitem, as in Open Dental 24.1
    body = {"PatNum": 1, "FieldName": "Favorite Color"}
    r = await client.post(f"{API}/patfields", headers=h, json={**body, "FieldValue": "Green"})
    assert r.status_code == 400 and "'Red', 'Blue'" in r.json()["message"]
    r = await client.post(f"{API}/patfields", headers=h, json={**body, "FieldValue": "Blue"})
    assert r.status_code == 201
    url = f"{API}/patfielddefs/{made['PatFieldDefNum']}"
    r = await client.put(url, headers=h, json={"FieldName": "Colour", "IsHidden": "true"})
    assert r.status_code == 200 and (r.json()["FieldName"], r.json()["IsHidden"]) == (
        "Colour",
        "true",
    )
    values = (await client.get(f"{API}/patfields?PatNum=1", headers=h)).json()
    assert [(v["FieldName"], v["FieldValue"]) for v in values] == [("Colour", "Blue")]
    r = await client.post(
        f"{API}/patfields",
        headers=h,
        json={"PatNum": 2, "FieldName": "Colour", "FieldValue": "Red"},
    )
    assert r.status_code == 400 and "hidden" in r.json()["message"]
    r = await client.put(url, headers=h, json={"PickList": "Green"})
    assert r.status_code == 400 and "PickList" in r.json()["message"]


async def test_patfielddef_refusals_name_what_is_wrong(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    await _define(client, h, FieldName="Deposit", FieldType="Currency")
    for body, words in (
        ({"FieldType": "Text"}, "FieldName"),
        ({"FieldName": "X"}, "FieldType is required"),
        ({"FieldName": "X", "FieldType": "Colour"}, '"Checkbox"'),
        ({"FieldName": "X", "FieldType": "InCaseOfEmergency"}, "FieldType"),
        ({"FieldName": "X", "FieldType": "PickList"}, "PickList is required"),
        ({"FieldName": "X", "FieldType": "Text", "PickList": "a"}, "only allowed"),
        ({"FieldName": "Deposit", "FieldType": "Text"}, "unique"),
    ):
        r = await client.post(f"{API}/patfielddefs", headers=h, json=body)
        assert r.status_code == 400, (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    assert (await client.put(f"{API}/patfielddefs/77", headers=h, json={})).status_code == 404
    assert (await client.delete(f"{API}/patfielddefs/77", headers=h)).status_code == 404
    for body, status, words in (
        ({"FieldName": "Deposit", "FieldValue": "1"}, 400, "PatNum"),
        ({"PatNum": 1, "FieldValue": "1"}, 400, "FieldName"),
        ({"PatNum": 1, "FieldName": "Deposit"}, 400, "FieldValue"),
        ({"PatNum": 1, "FieldName": "Nope", "FieldValue": "1"}, 404, "GET /patfielddefs"),
        ({"PatNum": 404, "FieldName": "Deposit", "FieldValue": "1"}, 404, "PatNum 404"),
    ):
        r = await client.post(f"{API}/patfields", headers=h, json=body)
        assert r.status_code == status, (body, r.text)
        assert words in r.json()["message"], (body, r.text)


async def test_another_offices_patient_fields_are_not_found(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    url = f"{API}/patfields/{clinic.b_patfield}"
    assert (await client.get(url, headers=clinic.b())).json()["FieldValue"] == "Yes"
    assert (await client.get(url, headers=clinic.a())).status_code == 404
    assert (await client.delete(url, headers=clinic.a())).status_code == 404
    assert (await client.get(f"{API}/patfields", headers=clinic.a())).json() == []
    assert (await client.get(f"{API}/patfielddefs", headers=clinic.a())).json() == []
    r = await client.put(
        f"{API}/patfields",
        headers=clinic.a(),
        json={"PatNum": 500, "FieldName": "Ins Verified", "FieldValue": "No"},
    )
    assert r.status_code == 404
