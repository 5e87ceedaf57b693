"""How the golden test asks dentin the account part's requests (issue 15): each call makes
what it needs through the API first (a payment to refund, a planned appointment to book...),
so it runs on any generated office."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from tests.office_account.subscribers import subscriber

API = "/api/v1"
Call = Callable[[httpx.AsyncClient, dict[str, Any]], Awaitable[httpx.Response]]


async def _ok(r: httpx.Response) -> dict[str, Any]:
    assert r.status_code in (200, 201), (r.request.url, r.text)
    body = r.json()
    return body[0] if isinstance(body, list) else body  # type: ignore[no-any-return]


async def _tp_procedure(c: httpx.AsyncClient, pat_num: int = 1) -> int:
    body = {"PatNum": pat_num, "ProcDate": "2024-04-25", "ProcStatus": "TP", "procCode": "D0120"}
    return int((await _ok(await c.post(f"{API}/procedurelogs", json=body)))["ProcNum"])


async def _completed(c: httpx.AsyncClient, fee: str = "75") -> int:
    body = {
        "PatNum": 1,
        "ProcDate": "2024-04-25",
        "ProcStatus": "C",
        "procCode": "D0120",
        "ProcFee": fee,
    }
    return int((await _ok(await c.post(f"{API}/procedurelogs", json=body)))["ProcNum"])


async def _payment(c: httpx.AsyncClient, ctx: dict[str, Any]) -> int:
    if "PayNum" not in ctx:
        r = await c.post(f"{API}/payments", json={"PayAmt": "129.99", "PatNum": 1})
        ctx["PayNum"] = (await _ok(r))["PayNum"]
    return int(ctx["PayNum"])


async def _refund(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    return await c.post(f"{API}/payments/Refund", json={"PayNum": await _payment(c, ctx)})


async def _put_payment(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"CheckNum": "7492", "BankBranch": "98-795", "PayNote": "12 months - 10% discount."}
    return await c.put(f"{API}/payments/{await _payment(c, ctx)}", json=body)


async def _partial(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    proc = await _completed(c)
    r = await c.post(f"{API}/payments", json={"PayAmt": "75", "PatNum": 1, "isPrepayment": "true"})
    num = (await _ok(r))["PayNum"]
    body = {"procNumsAndAmounts": [{"ProcNum": proc, "Amount": 75}]}
    return await c.put(f"{API}/payments/{num}/Partial", json=body)


async def _post_provider(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {
        "Abbr": "DOCE",
        "LName": "Fisher",
        "FName": "Ethan",
        "Suffix": "DDS",
        "SSN": "123859778",
        "IsHiddenReport": "true",
        "Birthdate": "1987-07-17",
        "SchedNote": "Root canals only.",
        "PreferredName": "Doc E.",
    }
    r = await c.post(f"{API}/providers", json=body)
    ctx["ProvNum"] = r.json().get("ProvNum") if r.status_code == 201 else None
    return r


async def _put_provider(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"PreferredName": "Phil", "NationalProvId": "1245319599", "UsingTIN": "false"}
    return await c.put(f"{API}/providers/{ctx.get('ProvNum') or 1}", json=body)


async def _planned(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"PatNum": 1, "procNums": [await _tp_procedure(c)], "Note": "Schedule in June"}
    r = await c.post(f"{API}/appointments/Planned", json=body)
    if r.status_code == 201:
        ctx["Planned"] = r.json()["AptNum"]
    return r


async def _schedule_planned(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if "Planned" not in ctx:
        await _planned(c, ctx)
    slot = await _ok(await c.get(f"{API}/appointments/Slots", params={"lengthMinutes": 60}))
    body = {
        "AptNum": ctx["Planned"],
        "AptDateTime": slot["DateTimeStart"],
        "ProvNum": slot["ProvNum"],
        "Op": slot["OpNum"],
    }
    return await c.post(f"{API}/appointments/SchedulePlanned", json=body)


async def _group_note(c: httpx.AsyncClient, ctx: dict[str, Any]) -> int:
    if "Group" not in ctx:
        body = {"PatNum": 1, "ProcNums": [await _completed(c)], "Note": "Medical: no changes"}
        ctx["Group"] = (await _ok(await c.post(f"{API}/procedurelogs/GroupNote", json=body)))[
            "ProcNum"
        ]
    return int(ctx["Group"])


async def _get_group_notes(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    await _group_note(c, ctx)
    return await c.get(f"{API}/procedurelogs/GroupNotes", params={"PatNum": 1})


async def _post_group_note(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {"PatNum": 1, "ProcNums": [await _completed(c)], "Note": "Pt concerns: none"}
    return await c.post(f"{API}/procedurelogs/GroupNote", json=body)


async def _put_group_note(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    num = await _group_note(c, ctx)
    return await c.put(
        f"{API}/procedurelogs/{num}/GroupNote", json={"PatNum": 1, "Note": "Dental exam"}
    )


async def _delete_group_note(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    return await c.delete(f"{API}/procedurelogs/{await _group_note(c, ctx)}/GroupNote")


async def _put_procedure(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {"ProcFee": "250", "ToothNum": "14", "Surf": "MO", "ProcTime": "12:10:00"}
    return await c.put(f"{API}/procedurelogs/{await _tp_procedure(c)}", json=body)


async def _delete_procedure(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.delete(f"{API}/procedurelogs/{await _tp_procedure(c)}")


async def _adjustment(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"PatNum": 1, "AdjType": 31, "AdjAmt": -24.99, "AdjDate": "2024-07-19"}
    r = await c.post(f"{API}/adjustments", json=body | {"AdjNote": "Discount"})
    if r.status_code == 201:
        ctx["AdjNum"] = r.json()["AdjNum"]
    return r


async def _get_adjustments(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if "AdjNum" not in ctx:
        await _adjustment(c, ctx)
    return await c.get(f"{API}/adjustments", params={"PatNum": 1})


async def _put_adjustment(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if "AdjNum" not in ctx:
        await _adjustment(c, ctx)
    return await c.put(f"{API}/adjustments/{ctx['AdjNum']}", json={"AdjAmt": -24.49})


def _get(path: str, **params: object) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.get(f"{API}{path}", params=params)

    return call


def _by(path: str, listed: str, key: str, param: str, **filters: object) -> Call:
    """``path?param=`` the ``key`` of the first row of ``listed`` (filtered)."""

    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        first = await _ok(await c.get(f"{API}{listed}", params={"Limit": 1, **filters}))
        return await c.get(f"{API}{path}", params={param: first[key]})

    return call


def _one(path: str, listed: str, key: str) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        first = await _ok(await c.get(f"{API}{listed}", params={"Limit": 1}))
        return await c.get(f"{API}{path}/{first[key]}")

    return call


async def _planned_appts(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if "Planned" not in ctx:
        await _planned(c, ctx)
    return await c.get(f"{API}/chartmodules/1/PlannedAppts")


async def _web_slot(c: httpx.AsyncClient) -> dict[str, Any]:
    r = await c.get(f"{API}/appointments/SlotsWebSched", params={"defNumApptType": 326})
    return await _ok(r)


async def _book_web(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    slot = await _web_slot(c)
    body = {
        "PatNum": 2,
        "dateTimeStart": slot["DateTimeStart"],
        "dateTimeEnd": slot["DateTimeEnd"],
        "ProvNum": slot["ProvNum"],
        "OpNum": slot["OpNum"],
        "defNumApptType": 326,
    }
    return await c.post(f"{API}/appointments/WebSched", json=body)


async def _schedule_day(c: httpx.AsyncClient) -> str:
    """A day with schedules: the first schedule linked to an operatory."""
    op = await _ok(await c.get(f"{API}/scheduleops", params={"Limit": 1}))
    r = await c.get(f"{API}/schedules/{op['ScheduleNum']}")
    return str((await _ok(r))["SchedDate"])


async def _schedules(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.get(f"{API}/schedules", params={"date": await _schedule_day(c)})


async def _schedule(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    op = await _ok(await c.get(f"{API}/scheduleops", params={"Limit": 1}))
    return await c.get(f"{API}/schedules/{op['ScheduleNum']}")


async def _insurance_history(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if "InsSubNum" not in ctx:
        ctx["InsSubNum"] = subscriber(ctx["office"].db, 1)
    return await c.get(
        f"{API}/procedurelogs/InsuranceHistory", params={"PatNum": 1, "InsSubNum": ctx["InsSubNum"]}
    )


async def _record_insurance_history(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if "InsSubNum" not in ctx:
        ctx["InsSubNum"] = subscriber(ctx["office"].db, 1)
    body = {
        "PatNum": 1,
        "InsSubNum": ctx["InsSubNum"],
        "insHistPrefName": "InsHistExamCodes",
        "ProcDate": "2023-01-23",
    }
    return await c.post(f"{API}/procedurelogs/InsuranceHistory", json=body)


ACCOUNT_CALLS: dict[str, Call] = {
    "GET /procedurelogs/InsuranceHistory": _insurance_history,
    "POST /procedurelogs/InsuranceHistory": _record_insurance_history,
    "GET /appointments/SlotsWebSched": _get("/appointments/SlotsWebSched", defNumApptType=326),
    "GET /appointments/WebSched": _get("/appointments/WebSched"),
    "POST /appointments/WebSched": _book_web,
    "GET /appointments/ASAP": _get("/appointments/ASAP"),
    "POST /appointments/Planned": _planned,
    "POST /appointments/SchedulePlanned": _schedule_planned,
    "POST /providers": _post_provider,
    "PUT /providers/{ProvNum}": _put_provider,
    "POST /payments/Refund": _refund,
    "PUT /payments/{PayNum}": _put_payment,
    "PUT /payments/{PayNum}/Partial": _partial,
    "GET /procedurelogs/GroupNotes": _get_group_notes,
    "POST /procedurelogs/GroupNote": _post_group_note,
    "PUT /procedurelogs/{ProcNum}": _put_procedure,
    "PUT /procedurelogs/{ProcNum}/GroupNote": _put_group_note,
    "DELETE /procedurelogs/{ProcNum}": _delete_procedure,
    "DELETE /procedurelogs/{ProcNum}/GroupNote": _delete_group_note,
    "GET /adjustments": _get_adjustments,
    "POST /adjustments": _adjustment,
    "PUT /adjustments/{AdjNum}": _put_adjustment,
    "GET /paysplits": _get("/paysplits"),
    "GET /payplans": _get("/payplans"),
    "GET /payplans/{PayPlanNum}": _one("/payplans", "/payplans", "PayPlanNum"),
    "GET /payplancharges": _by("/payplancharges", "/payplans", "PayPlanNum", "PayPlanNum"),
    "GET /statements": _get("/statements"),
    "GET /statements/{StatementNum}": _one("/statements", "/statements", "StatementNum"),
    "GET /treatplans": _get("/treatplans"),
    "POST /treatplans": lambda c, _ctx: c.post(
        f"{API}/treatplans",
        json={
            "PatNum": 1,
            "Heading": "Fillings",
            "Note": "ONLY AN ESTIMATE.",
            "TPType": "Insurance",
        },
    ),
    "GET /proctps": _by(
        "/proctps", "/treatplans", "TreatPlanNum", "TreatPlanNum", TPStatus="Saved"
    ),
    "GET /treatplanattaches": _by(
        "/treatplanattaches", "/treatplans", "TreatPlanNum", "TreatPlanNum", TPStatus="Active"
    ),
    "GET /accountmodules/{PatNum}/Aging": _get("/accountmodules/1/Aging"),
    "GET /accountmodules/{PatNum}/PatientBalances": _get("/accountmodules/1/PatientBalances"),
    "GET /accountmodules/{PatNum}/ServiceDateView": _get(
        "/accountmodules/1/ServiceDateView", isFamily="true"
    ),
    "GET /chartmodules/{PatNum}/ProgNotes": _get("/chartmodules/1/ProgNotes"),
    "GET /chartmodules/{PatNum}/PatientInfo": _get("/chartmodules/1/PatientInfo"),
    "GET /chartmodules/{PatNum}/PlannedAppts": _planned_appts,
    "GET /schedules": _schedules,
    "GET /schedules/{ScheduleNum}": _schedule,
    "GET /scheduleops": _get("/scheduleops"),
    "GET /appointmenttypes": _get("/appointmenttypes"),
    "GET /definitions": _get("/definitions"),
    "GET /usergroups": _get("/usergroups"),
    "GET /tasklists": _get("/tasklists"),
    "GET /tasks": _get("/tasks"),
    "GET /sheets": _get("/sheets", PatNum=5),
}
