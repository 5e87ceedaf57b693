"""What real Open Dental clients send: any-case paths and parameters, GETs without a
Content-Type, bodies with or without a charset, many requests at once, garbage (never a 500)."""

from __future__ import annotations

import asyncio

import httpx
import orjson

from dentin.app import create_app
from dentin.office.permissions import NOT_OFFICE_ROUTES, permission_for
from dentin.routes import iter_routes
from tests.office.conftest import Practice

WRITES = [
    ("POST", "/api/v1/patients"),
    ("PUT", "/api/v1/patients/1"),
    ("POST", "/api/v1/appointments"),
    ("PUT", "/api/v1/appointments/1"),
    ("PUT", "/api/v1/appointments/1/Break"),
    ("PUT", "/api/v1/appointments/1/Confirm"),
    ("PUT", "/api/v1/appointments/1/Note"),
    ("POST", "/api/v1/commlogs"),
    ("POST", "/api/v1/procedurelogs"),
    ("POST", "/api/v1/payments"),
]
GARBAGE: list[bytes] = [
    b"",
    b"null",
    b'"text"',
    b"[1]",
    b"{not json",
    b"\xff\xfe",
    b"{}",
    orjson.dumps({"PatNum": {"a": 1}, "Op": [1], "AptDateTime": 5, "LName": ["x"], "FName": 1}),
    orjson.dumps({"PatNum": 1e300, "Op": True, "AptDateTime": "2030-02-30 10:00:00"}),
    orjson.dumps({"PatNum": "99999999999999999999", "PayAmt": "NaN", "Pattern": "/" * 5000}),
    orjson.dumps({"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 08:00:00", "Pattern": ""}),
    orjson.dumps({"PayAmt": 1e12, "PatNum": 1, "sendToUnscheduledList": 3, "confirmVal": 4}),
]


async def test_gets_need_no_content_type(practice: Practice, client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/patients/1", "/api/v1/appointments", "/api/v1/providers"):
        request = client.build_request("GET", path, headers=practice.a())
        assert "content-type" not in request.headers
        assert (await client.send(request)).status_code == 200


async def test_bodies_are_read_with_or_without_a_charset(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    for n, content_type in enumerate(
        ("application/json", "application/json; charset=utf-8", "application/json;charset=UTF-8")
    ):
        body = orjson.dumps({"LName": "Ünïcode", "FName": f"Test{n}"})
        r = await client.post(
            "/api/v1/patients",
            content=body,
            headers={**practice.a(), "Content-Type": content_type},
        )
        assert r.status_code == 201, (content_type, r.text)
        assert r.json()["LName"] == "Ünïcode"


async def test_paths_and_parameter_names_match_in_any_case(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    a = await client.get("/api/v1/patients/Simple?LName=smith&Offset=1", headers=h)
    b = await client.get("/API/V1/PATIENTS/SIMPLE?lname=SMITH&OFFSET=1", headers=h)
    assert a.status_code == b.status_code == 200
    assert [p["PatNum"] for p in a.json()] == [p["PatNum"] for p in b.json()] == [2]
    assert (
        await client.get("/api/v1/appointments/slots?DATE=2030-03-04", headers=h)
    ).status_code == 200
    apt = (
        await client.post(
            "/api/v1/Appointments",
            headers=h,
            json={"patnum": 1, "OP": 1, "aptdatetime": "2030-03-04 08:00:00"},
        )
    ).json()["AptNum"]
    r = await client.put(f"/api/v1/appointments/{apt}/note", headers=h, json={"note": "hi"})
    assert r.status_code == 200
    r = await client.put(
        f"/api/v1/APPOINTMENTS/{apt}/break", headers=h, json={"SendToUnscheduledList": "True"}
    )
    assert r.status_code == 200


async def test_many_requests_from_one_key_at_once_all_succeed(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    paths = [
        "/api/v1/patients/Simple",
        "/api/v1/appointments",
        "/api/v1/patients/1",
        "/api/v1/operatories",
        "/api/v1/userods",
    ] * 6
    responses = await asyncio.gather(*(client.get(p, headers=practice.a()) for p in paths))
    assert [r.status_code for r in responses] == [200] * len(paths)


async def test_garbage_bodies_get_a_4xx_sentence_never_a_500(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    for method, path in WRITES:
        for body in GARBAGE:
            r = await client.request(
                method,
                path,
                content=body,
                headers={**practice.a(), "Content-Type": "application/json"},
            )
            assert r.status_code < 500, (method, path, body, r.text)
            if (method == "POST" and body != b"{}") or r.status_code >= 400:
                # PUT ignores fields a resource does not have, as Open Dental does.
                assert r.status_code >= 400, (method, path, body)
                assert r.json()["message"], (method, path, body)


async def test_huge_or_odd_ids_and_parameters_are_4xx(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    for path in (
        "/api/v1/patients/99999999999999999999",
        "/api/v1/patients/-1",
        "/api/v1/appointments/1.5",
        "/api/v1/patients/Simple?Offset=99999999999999999999999",
        "/api/v1/appointments?PatNum=99999999999999999999999",
        "/api/v1/appointments?dateStart=0000-00-00",
        "/api/v1/payments?PatNum=%00",
        "/api/v1/patients?clinicNums=1,x",
        "/api/v1/patients?guarOnly=maybe",
    ):
        r = await client.get(path, headers=h)
        assert 400 <= r.status_code < 500, (path, r.text)
    capped = await client.get("/api/v1/patients/Simple?Limit=99999999999999999999", headers=h)
    assert capped.status_code == 200 and len(capped.json()) == 3


def test_every_office_route_has_exactly_one_permission(practice: Practice) -> None:
    app = create_app(practice.world.rt.settings, practice.world.rt)
    mine = (
        "/api/v1/patients",
        "/api/v1/appointments",
        "/api/v1/providers",
        "/api/v1/operatories",
        "/api/v1/clinics",
        "/api/v1/commlogs",
        "/api/v1/procedurelogs",
        "/api/v1/payments",
        "/api/v1/userods",
    )
    seen = 0
    for methods, path in iter_routes(app.router.routes):
        if path in NOT_OFFICE_ROUTES or not path.startswith(mine):
            continue
        for method in methods - {"HEAD"}:
            assert permission_for(method, path) is not None, (method, path)
            seen += 1
    assert seen == 49  # 30, and 19 more from issue 15 (account part)
