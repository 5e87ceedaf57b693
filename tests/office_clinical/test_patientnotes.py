"""/patientnotes: one note per patient, the family's financial note on the guarantor's."""

from __future__ import annotations

import httpx

from tests.office_clinical.conftest import Clinic

API = "/api/v1"


async def test_a_patient_with_no_note_reads_as_an_empty_one(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/patientnotes/3", headers=clinic.a())
    assert r.status_code == 200
    assert r.json() == {
        "PatNum": 3,
        "FamFinancial": "",
        "Medical": "",
        "Service": "",
        "MedicalComp": "",
        "Treatment": "",
        "ICEName": "",
        "ICEPhone": "",
        "SecDateTEntry": "0001-01-01 00:00:00",
        "SecDateTEdit": "0001-01-01 00:00:00",
    }
    assert (await client.get(f"{API}/patientnotes", headers=clinic.a())).json() == []


async def test_put_replaces_only_the_fields_sent_and_shares_the_family_note(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    r = await client.put(
        f"{API}/patientnotes/2",
        headers=h,
        json={"Medical": "Asthma.", "ICEName": "Herbert Grayson", "FamFinancial": "Pays monthly"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["Medical"], r.json()["ICEName"], r.json()["FamFinancial"]) == (
        "Asthma.",
        "Herbert Grayson",
        "Pays monthly",
    )
    r = await client.put(f"{API}/patientnotes/2", headers=h, json={"ICEPhone": "(134) 721-1321"})
    assert (r.json()["Medical"], r.json()["ICEPhone"]) == ("Asthma.", "(134) 721-1321")
    assert r.json()["SecDateTEdit"] != "0001-01-01 00:00:00"
    guarantor = (await client.get(f"{API}/patientnotes/1", headers=h)).json()
    assert guarantor["FamFinancial"] == "Pays monthly" and guarantor["Medical"] == ""
    assert (await client.get(f"{API}/patientnotes/3", headers=h)).json()["FamFinancial"] == ""
    listed = (await client.get(f"{API}/patientnotes", headers=h)).json()
    assert [n["PatNum"] for n in listed] == [1, 2]
    assert listed[1] == (await client.get(f"{API}/patientnotes/2", headers=h)).json()


async def test_patientnote_refusals_and_other_offices(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    assert (await client.get(f"{API}/patientnotes/404", headers=h)).status_code == 404
    assert (await client.get(f"{API}/patientnotes/abc", headers=h)).status_code == 400
    r = await client.put(f"{API}/patientnotes/1", headers=h, json={"Medical": 5})
    assert r.status_code == 400 and "Medical" in r.json()["message"]
    r = await client.put(f"{API}/patientnotes/1", headers=h, json={"ICEPhone": "1" * 31})
    assert r.status_code == 400 and "ICEPhone" in r.json()["message"]
    b = clinic.practice.b_patient
    assert (await client.get(f"{API}/patientnotes/{b}", headers=h)).status_code == 404
    r = await client.put(f"{API}/patientnotes/{b}", headers=h, json={"Medical": "x"})
    assert r.status_code == 404
    assert (await client.get(f"{API}/patientnotes/{b}", headers=clinic.b())).json()[
        "Medical"
    ] == "B's"
