"""/allergies and /allergydefs: list, single, create by name or number, update, delete, and the
refusals Open Dental documents."""

from __future__ import annotations

import httpx

from tests.office_clinical.conftest import Clinic

API = "/api/v1"


async def test_posting_an_allergy_by_name_creates_its_definition_and_lists_it_for_the_patient(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    body = {
        "PatNum": 1,
        "defDescription": "Penicillin",
        "Reaction": "Hives",
        "DateAdverseReaction": "2019-09-23",
    }
    r = await client.post(f"{API}/allergies", headers=h, json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/allergies/{made['AllergyNum']}")
    assert made["defDescription"] == "Penicillin" and made["defSnomedType"] == "None"
    assert (made["Reaction"], made["StatusIsActive"], made["DateAdverseReaction"]) == (
        "Hives",
        "true",
        "2019-09-23",
    )
    again = await client.post(
        f"{API}/allergies", headers=h, json={"PatNum": 3, "defDescription": "penicillin"}
    )
    assert again.json()["AllergyDefNum"] == made["AllergyDefNum"]  # matched, not duplicated
    assert again.json()["DateAdverseReaction"] == "0001-01-01"
    listed = (await client.get(f"{API}/allergies?PatNum=1", headers=h)).json()
    assert listed == [made]
    everyone = (await client.get(f"{API}/allergies", headers=h)).json()
    assert [a["PatNum"] for a in everyone] == [1, 3]
    defs = (await client.get(f"{API}/allergydefs", headers=h)).json()
    assert [d["Description"] for d in defs] == ["Penicillin"]
    single = await client.get(f"{API}/allergies/{made['AllergyNum']}", headers=h)
    assert single.json() == made


async def test_an_allergy_can_name_its_definition_by_number(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    d = await client.post(f"{API}/allergydefs", headers=h, json={"Description": "Tylenol"})
    assert d.status_code == 201, d.text
    assert d.json()["Description"] == "Tylenol" and d.json()["SnomedType"] == ""
    num = d.json()["AllergyDefNum"]
    r = await client.post(
        f"{API}/allergies", headers=h, json={"PatNum": 2, "AllergyDefNum": str(num)}
    )
    assert r.status_code == 201 and r.json()["defDescription"] == "Tylenol"


async def test_put_changes_an_allergy_and_delete_removes_it(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    made = (
        await client.post(
            f"{API}/allergies", headers=h, json={"PatNum": 1, "defDescription": "Latex"}
        )
    ).json()
    url = f"{API}/allergies/{made['AllergyNum']}"
    r = await client.put(
        url,
        headers=h,
        json={"Reaction": "Rash", "DateAdverseReaction": "2022-04-13", "StatusIsActive": "false"},
    )
    assert r.status_code == 200, r.text
    assert (r.json()["Reaction"], r.json()["StatusIsActive"]) == ("Rash", "false")
    assert (await client.get(url, headers=h)).json() == r.json()
    gone = await client.delete(url, headers=h)
    assert gone.status_code == 200 and gone.content == b""
    assert (await client.get(url, headers=h)).status_code == 404
    assert (await client.delete(url, headers=h)).status_code == 404


async def test_allergy_refusals_name_what_is_wrong(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    for body, status, words in (
        ({"defDescription": "Latex"}, 400, "PatNum"),
        ({"PatNum": 1}, 400, "defDescription"),
        ({"PatNum": "one", "defDescription": "Latex"}, 400, "PatNum"),
        (
            {"PatNum": 1, "defDescription": "Latex", "StatusIsActive": "maybe"},
            400,
            "StatusIsActive",
        ),
        (
            {"PatNum": 1, "defDescription": "Latex", "DateAdverseReaction": "4/13/22"},
            400,
            "yyyy-MM-dd",
        ),
        ({"PatNum": 404, "defDescription": "Latex"}, 404, "PatNum 404"),
        ({"PatNum": 1, "AllergyDefNum": 77}, 404, "AllergyDefNum 77"),
    ):
        r = await client.post(f"{API}/allergies", headers=h, json=body)
        assert r.status_code == status, (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    assert (await client.get(f"{API}/allergies/x1", headers=h)).status_code == 400
    assert (await client.get(f"{API}/allergies?PatNum=-1", headers=h)).status_code == 400
    assert (await client.get(f"{API}/allergies/12345", headers=h)).status_code == 404
    r = await client.put(f"{API}/allergies/12345", headers=h, json={"Reaction": "x"})
    assert r.status_code == 404


async def test_allergydefs_refuse_a_missing_or_repeated_description_in_open_dentals_words(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    r = await client.post(f"{API}/allergydefs", headers=h, json={"Description": " "})
    assert r.status_code == 400 and r.json()["message"].startswith("Description is required")
    await client.post(f"{API}/allergydefs", headers=h, json={"Description": "Latex"})
    r = await client.post(f"{API}/allergydefs", headers=h, json={"Description": "LATEX"})
    assert r.status_code == 400
    assert r.json()["message"].startswith("An AllergyDef with that name already exists")


async def test_another_offices_allergy_is_not_found(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    url = f"{API}/allergies/{clinic.b_allergy}"
    assert (await client.get(url, headers=clinic.b())).status_code == 200
    for method in ("GET", "DELETE"):
        r = await client.request(method, url, headers=clinic.a())
        assert r.status_code == 404, method
    r = await client.put(url, headers=clinic.a(), json={"Reaction": "x"})
    assert r.status_code == 404
    assert (await client.get(f"{API}/allergies?PatNum=500", headers=clinic.a())).json() == []
    r = await client.post(
        f"{API}/allergies", headers=clinic.a(), json={"PatNum": 500, "defDescription": "Latex"}
    )
    assert r.status_code == 404
