"""/medications and /medicationpats: the office's list, what a patient takes, and refusals."""

from __future__ import annotations

import httpx

from tests.office_clinical.conftest import Clinic

API = "/api/v1"


async def test_a_brand_named_with_its_generic_links_to_it_and_lists_both(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    r = await client.post(
        f"{API}/medications", headers=h, json={"MedName": "Glucophage", "genericName": "Metformin"}
    )
    assert r.status_code == 201, r.text
    brand = r.json()
    assert brand["genericName"] == "Metformin" and brand["GenericNum"] != brand["MedicationNum"]
    assert r.headers["Location"].endswith(f"/api/v1/medications/{brand['MedicationNum']}")
    meds = (await client.get(f"{API}/medications", headers=h)).json()
    generic = next(m for m in meds if m["MedName"] == "Metformin")
    assert generic["GenericNum"] == generic["MedicationNum"] == brand["GenericNum"]
    assert generic["genericName"] == "Metformin" and generic["IsHidden"] == "false"
    single = await client.get(f"{API}/medications/{brand['MedicationNum']}", headers=h)
    assert single.json() == brand


async def test_notes_go_on_generics_only_and_put_hides_a_medication(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    r = await client.post(
        f"{API}/medications",
        headers=h,
        json={"MedName": "Lipitor", "genericName": "Atorvastatin", "Notes": "x"},
    )
    assert r.status_code == 400 and "generic" in r.json()["message"]
    made = (
        await client.post(
            f"{API}/medications", headers=h, json={"MedName": "Atorvastatin", "Notes": "Statin"}
        )
    ).json()
    url = f"{API}/medications/{made['MedicationNum']}"
    r = await client.put(url, headers=h, json={"Notes": "Lowers cholesterol", "IsHidden": "true"})
    assert r.status_code == 200, r.text
    assert (r.json()["Notes"], r.json()["IsHidden"]) == ("Lowers cholesterol", "true")
    for body, word in (({"MedName": ""}, "MedName"), ({"MedName": "Atorvastatin"}, "already")):
        r = await client.post(f"{API}/medications", headers=h, json=body)
        assert r.status_code == 400 and word in r.json()["message"]
    assert (await client.get(f"{API}/medications/999", headers=h)).status_code == 404


async def test_a_patients_medication_by_name_is_listed_changed_and_deleted(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    body = {
        "PatNum": 1,
        "medName": "Metformin",
        "PatNote": "500mg, taken twice a day.",
        "DateStart": "2006-02-01",
        "ProvNum": 1,
    }
    r = await client.post(f"{API}/medicationpats", headers=h, json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["medName"], made["PatNote"], made["DateStart"], made["DateStop"]) == (
        "Metformin",
        "500mg, taken twice a day.",
        "2006-02-01",
        "0001-01-01",
    )
    await client.post(
        f"{API}/medicationpats", headers=h, json={"PatNum": 3, "medName": "metformin"}
    )
    listed = (await client.get(f"{API}/medicationpats?PatNum=1", headers=h)).json()
    assert listed == [made]
    meds = (await client.get(f"{API}/medications", headers=h)).json()
    assert [m["MedName"] for m in meds] == ["Metformin"]  # matched by name, one row
    url = f"{API}/medicationpats/{made['MedicationPatNum']}"
    r = await client.put(url, headers=h, json={"DateStop": "2022-05-11", "DateStart": ""})
    assert r.status_code == 200, r.text
    assert (r.json()["DateStart"], r.json()["DateStop"]) == ("0001-01-01", "2022-05-11")
    assert (await client.delete(url, headers=h)).status_code == 200
    assert (await client.get(f"{API}/medicationpats?PatNum=1", headers=h)).json() == []
    assert (await client.delete(url, headers=h)).status_code == 404


async def test_medicationpat_refusals_name_what_is_wrong(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    for body, status, words in (
        ({"medName": "Metformin"}, 400, "PatNum"),
        ({"PatNum": 1}, 400, "medName"),
        ({"PatNum": 1, "medName": "Metformin", "DateStart": "June"}, 400, "DateStart"),
        ({"PatNum": 404, "medName": "Metformin"}, 404, "PatNum 404"),
        ({"PatNum": 1, "medName": "Metformin", "ProvNum": 77}, 404, "ProvNum 77"),
        ({"PatNum": 1, "MedicationNum": 77}, 404, "MedicationNum 77"),
    ):
        r = await client.post(f"{API}/medicationpats", headers=h, json=body)
        assert r.status_code == status, (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    r = await client.put(f"{API}/medicationpats/777", headers=h, json={"PatNote": "x"})
    assert r.status_code == 404


async def test_another_offices_medications_are_not_found(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    url = f"{API}/medicationpats/{clinic.b_medicationpat}"
    r = await client.put(url, headers=clinic.a(), json={"PatNote": "x"})
    assert r.status_code == 404
    assert (await client.delete(url, headers=clinic.a())).status_code == 404
    assert (await client.get(f"{API}/medications/900", headers=clinic.a())).status_code == 404
    assert (await client.get(f"{API}/medications/900", headers=clinic.b())).status_code == 200
    assert (await client.get(f"{API}/medicationpats", headers=clinic.a())).json() == []
