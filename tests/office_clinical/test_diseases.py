"""/diseases and /diseasedefs (Open Dental's problems): list, single, create, update, delete."""

from __future__ import annotations

import httpx

from tests.office_clinical.conftest import Clinic

API = "/api/v1"


async def test_a_problem_posted_by_name_reads_back_with_its_status_and_dates(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    body = {
        "PatNum": 1,
        "DiseaseDefName": "Severe Back Pain",
        "PatNote": "Patient underwent corrective surgery 04/11/2019",
        "ProbStatus": "Resolved",
        "DateStart": "2016-01-01",
        "DateStop": "2019-04-30",
    }
    r = await client.post(f"{API}/diseases", headers=h, json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/diseases/{made['DiseaseNum']}")
    assert (made["diseaseDefName"], made["ProbStatus"], made["DateStop"]) == (
        "Severe Back Pain",
        "Resolved",
        "2019-04-30",
    )
    plain = await client.post(
        f"{API}/diseases", headers=h, json={"PatNum": 2, "diseaseDefName": "Asthma"}
    )
    assert plain.json()["ProbStatus"] == "Active" and plain.json()["DateStart"] == "0001-01-01"
    assert (await client.get(f"{API}/diseases?PatNum=1", headers=h)).json() == [made]
    assert len((await client.get(f"{API}/diseases", headers=h)).json()) == 2
    assert (await client.get(f"{API}/diseases/{made['DiseaseNum']}", headers=h)).json() == made
    defs = (await client.get(f"{API}/diseasedefs", headers=h)).json()
    assert [d["DiseaseName"] for d in defs] == ["Severe Back Pain", "Asthma"]
    one = await client.get(f"{API}/diseasedefs/{made['DiseaseDefNum']}", headers=h)
    assert one.json() == defs[0] and one.json()["IsHidden"] == "false"


async def test_put_changes_a_problem_and_delete_removes_it(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    made = (
        await client.post(
            f"{API}/diseases", headers=h, json={"PatNum": 3, "diseaseDefName": "Asthma"}
        )
    ).json()
    url = f"{API}/diseases/{made['DiseaseNum']}"
    r = await client.put(
        url, headers=h, json={"ProbStatus": "inactive", "DateStart": "2020-10-01", "PatNote": "x"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["ProbStatus"], r.json()["DateStart"], r.json()["PatNote"]) == (
        "Inactive",
        "2020-10-01",
        "x",
    )
    assert (await client.delete(url, headers=h)).status_code == 200
    assert (await client.get(url, headers=h)).status_code == 404


async def test_disease_refusals_name_what_is_wrong(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    for body, status, words in (
        ({"diseaseDefName": "Asthma"}, 400, "PatNum"),
        ({"PatNum": 1}, 400, "diseaseDefName"),
        ({"PatNum": 1, "diseaseDefName": "Asthma", "ProbStatus": "Cured"}, 400, '"Resolved"'),
        ({"PatNum": 404, "diseaseDefName": "Asthma"}, 404, "PatNum 404"),
        ({"PatNum": 1, "DiseaseDefNum": 77}, 404, "DiseaseDefNum 77"),
    ):
        r = await client.post(f"{API}/diseases", headers=h, json=body)
        assert r.status_code == status, (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    r = await client.post(f"{API}/diseasedefs", headers=h, json={})
    assert r.status_code == 400 and r.json()["message"].startswith("DiseaseName is required")
    await client.post(f"{API}/diseasedefs", headers=h, json={"DiseaseName": "Shingles"})
    r = await client.post(f"{API}/diseasedefs", headers=h, json={"DiseaseName": "shingles"})
    assert r.status_code == 400
    assert r.json()["message"].startswith("A DiseaseDef with that name already exists")
    assert (await client.get(f"{API}/diseasedefs/x", headers=h)).status_code == 400


async def test_another_offices_problem_is_not_found(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    url = f"{API}/diseases/{clinic.b_disease}"
    assert (await client.get(url, headers=clinic.b())).json()["diseaseDefName"] == "Asthma"
    assert (await client.get(url, headers=clinic.a())).status_code == 404
    assert (await client.put(url, headers=clinic.a(), json={"PatNote": "x"})).status_code == 404
    assert (await client.delete(url, headers=clinic.a())).status_code == 404
    assert (await client.get(f"{API}/diseasedefs/900", headers=clinic.a())).status_code == 404
