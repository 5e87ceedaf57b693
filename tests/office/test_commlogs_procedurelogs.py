"""commlogs and procedurelogs: lists, creates with 201 + Location, and explained refusals."""

from __future__ import annotations

import httpx

from tests.office.conftest import Practice


async def test_post_commlog_answers_201_and_lists_by_patnum(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/commlogs",
        headers=practice.a(),
        json={
            "PatNum": 1,
            "Note": "Called about recall",
            "CommDateTime": "2030-03-01 10:15:00",
            "commType": "Recall",
            "Mode_": "Phone",
            "SentOrReceived": "Sent",
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/commlogs/{body['CommlogNum']}")
    assert body["CommDateTime"] == "2030-03-01 10:15:00"
    assert (body["commType"], body["Mode_"], body["SentOrReceived"]) == ("Recall", "Phone", "Sent")
    await client.post("/api/v1/commlogs", headers=practice.a(), json={"PatNum": 3, "Note": "x"})
    rows = (await client.get("/api/v1/commlogs?PatNum=1", headers=practice.a())).json()
    assert [c["CommlogNum"] for c in rows] == [body["CommlogNum"]]
    single = await client.get(f"/api/v1/commlogs/{body['CommlogNum']}", headers=practice.a())
    assert single.json() == body


async def test_commlog_refusals_name_the_field(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    for body, status, word in (
        ({"Note": "x"}, 400, "PatNum"),
        ({"PatNum": 1}, 400, "Note"),
        ({"PatNum": 1, "Note": "x", "Mode_": "Pigeon"}, 400, "Mode_"),
        ({"PatNum": 1, "Note": "x", "CommDateTime": "yesterday"}, 400, "CommDateTime"),
        ({"PatNum": 1, "Note": "x", "CommType": 5}, 400, "CommType"),
        ({"PatNum": 404, "Note": "x"}, 404, "PatNum 404"),
    ):
        r = await client.post("/api/v1/commlogs", headers=h, json=body)
        assert r.status_code == status, body
        assert word in r.json()["message"], body


async def test_post_procedurelog_by_proccode_and_fee_as_string(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/procedurelogs",
        headers=practice.a(),
        json={
            "PatNum": 1,
            "ProcDate": "2030-03-04",
            "ProcStatus": "C",
            "procCode": "D0120",
            "ProcFee": "130",
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/procedurelogs/{body['ProcNum']}")
    assert body["ProcFee"] == "130.00"
    assert (body["procCode"], body["descript"], body["ProcStatus"]) == (
        "D0120",
        "Periodic oral evaluation",
        "C",
    )
    assert body["provAbbr"] == "DOC1" and body["ClinicNum"] == 1
    assert body["DateEntryC"] != "0001-01-01" and "serverDateTime" in body
    single = await client.get(f"/api/v1/procedurelogs/{body['ProcNum']}", headers=practice.a())
    assert {k: v for k, v in single.json().items() if k != "serverDateTime"} == {
        k: v for k, v in body.items() if k != "serverDateTime"
    }


async def test_procedurelogs_list_filters(practice: Practice, client: httpx.AsyncClient) -> None:
    h = practice.a()
    for pat, status, code in ((1, "C", 1), (1, "TP", 2), (3, "C", 2)):
        r = await client.post(
            "/api/v1/procedurelogs",
            headers=h,
            json={"PatNum": pat, "ProcDate": "2030-03-04", "ProcStatus": status, "CodeNum": code},
        )
        assert r.status_code == 201

    async def nums(q: str) -> list[int]:
        r = await client.get(f"/api/v1/procedurelogs?{q}", headers=h)
        assert r.status_code == 200, r.text
        return [p["ProcNum"] for p in r.json()]

    assert await nums("PatNum=1") == [1, 2]
    assert await nums("ProcStatus=TP") == [2]
    assert await nums("procstatus=c&patnum=3") == [3]
    assert await nums("CodeNum=2") == [2, 3]
    assert await nums("ClinicNum=0") == [3]
    assert await nums("DateTStamp=2999-01-01") == []
    r = await client.get("/api/v1/procedurelogs?ProcStatus=Done", headers=h)
    assert r.status_code == 400 and "ProcStatus" in r.json()["message"]


async def test_procedurelog_refusals_name_the_field(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    base = {"PatNum": 1, "ProcDate": "2030-03-04", "ProcStatus": "C", "CodeNum": 1}
    h = practice.a()
    for change, status, word in (
        ({"ProcDate": None}, 400, "ProcDate"),
        ({"ProcStatus": "Finished"}, 400, "ProcStatus"),
        ({"CodeNum": None}, 400, "procCode"),
        ({"CodeNum": None, "procCode": "D9999"}, 404, "D9999"),
        ({"ProcFee": "lots"}, 400, "ProcFee"),
        ({"AptNum": 12345}, 404, "AptNum 12345"),
        ({"PatNum": 77}, 404, "PatNum 77"),
    ):
        body = {**base, **change}
        body = {k: v for k, v in body.items() if v is not None}
        r = await client.post("/api/v1/procedurelogs", headers=h, json=body)
        assert r.status_code == status, body
        assert word in r.json()["message"], body
