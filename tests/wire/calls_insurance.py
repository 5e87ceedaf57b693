"""How the golden walk asks dentin each insurance request (issue 15), in an order where each
call makes what it needs: a fresh claim of a fresh procedure, a fee schedule of its own..."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

API = "/api/v1"
Call = Callable[[httpx.AsyncClient, dict[str, Any]], Awaitable[httpx.Response]]


async def _ok(r: httpx.Response) -> Any:
    assert r.status_code in (200, 201), (r.request.url, r.text)
    return r.json()


async def _first(c: httpx.AsyncClient, path: str, key: str, **params: object) -> int:
    rows = await _ok(await c.get(f"{API}{path}", params={"Limit": 1, **params}))
    assert rows, path
    return int(rows[0][key])


def _list(path: str, **params: object) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.get(f"{API}{path}", params=params)

    return call


def _one(path: str, key: str) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.get(f"{API}{path}/{await _first(c, path, key)}")

    return call


def _post(path: str, body: dict[str, Any]) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.post(f"{API}{path}", json=body)

    return call


def _put_first(path: str, key: str, body: dict[str, Any]) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.put(f"{API}{path}/{await _first(c, path, key)}", json=body)

    return call


async def _make(c: httpx.AsyncClient, path: str, body: dict[str, Any], key: str) -> int:
    return int((await _ok(await c.post(f"{API}{path}", json=body)))[key])


def _delete_new(path: str, key: str, body: Callable[[httpx.AsyncClient], Awaitable[Any]]) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        num = await _make(c, path, await body(c), key)
        return await c.delete(f"{API}{path}/{num}")

    return call


async def _procedure(c: httpx.AsyncClient, status: str = "C") -> int:
    body = {"PatNum": 1, "ProcDate": "2030-04-25", "ProcStatus": status, "procCode": "D0120"}
    return await _make(c, "/procedurelogs", body, "ProcNum")


async def _claim(c: httpx.AsyncClient, procedures: int = 1) -> int:
    procs = [await _procedure(c) for _ in range(procedures)]
    body = {"PatNum": 1, "procNums": procs, "ClaimType": "P"}
    return await _make(c, "/claims", body, "ClaimNum")


async def _received_claim(c: httpx.AsyncClient) -> int:
    claim = await _claim(c)
    cp = await _first(c, "/claimprocs", "ClaimProcNum", ClaimNum=claim)
    body = {"Status": "Received", "InsPayAmt": "50.00"}
    await _ok(await c.put(f"{API}/claimprocs/{cp}", json=body))
    return claim


async def _fee_sched(c: httpx.AsyncClient) -> int:
    body = {"Description": "BCBS_2023", "FeeSchedType": "Normal", "IsGlobal": "false"}
    return await _make(c, "/feescheds", body, "FeeSchedNum")


async def _fee_body(c: httpx.AsyncClient) -> dict[str, Any]:
    code = await _first(c, "/procedurecodes", "CodeNum")
    return {"Amount": "99.99", "FeeSched": await _fee_sched(c), "CodeNum": code}


async def _post_fee(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = await _fee_body(c) | {"ClinicNum": 1, "ProvNum": 1}
    return await c.post(f"{API}/fees", json=body)


async def _sub_body(c: httpx.AsyncClient) -> dict[str, Any]:
    return {
        "PlanNum": await _first(c, "/insplans", "PlanNum"),
        "Subscriber": 2,
        "DateEffective": "2019-01-01",
        "DateTerm": "2019-12-31",
        "SubscriberID": "8645332",
        "BenefitNotes": "Waiting period on crowns.",
        "ReleaseInfo": "true",
        "AssignBen": "true",
        "SubscNote": "Other info",
    }


async def _post_inssub(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.post(f"{API}/inssubs", json=await _sub_body(c))


async def _patplan_body(c: httpx.AsyncClient) -> dict[str, Any]:
    sub = await _make(c, "/inssubs", await _sub_body(c), "InsSubNum")
    return {"PatNum": 2, "Ordinal": 1, "Relationship": "Self", "InsSubNum": sub}


async def _post_patplan(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.post(f"{API}/patplans", json=await _patplan_body(c))


async def _benefit_body(c: httpx.AsyncClient) -> dict[str, Any]:
    return {
        "PlanNum": await _first(c, "/insplans", "PlanNum"),
        "CoverageLevel": "None",
        "BenefitType": "Limitations",
        "TimePeriod": "None",
        "QuantityQualifier": "Years",
        "Quantity": 2,
        "CodeGroupNum": 3,
        "TreatArea": "Quad",
    }


async def _post_benefit(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.post(f"{API}/benefits", json=await _benefit_body(c))


async def _post_insplan(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    carrier = await _first(c, "/carriers", "CarrierNum")
    body = {
        "GroupName": "Walmart",
        "GroupNum": "W4875",
        "PlanNote": "Copayments",
        "PlanType": "f",
        "ClaimsUseUCR": "false",
        "CarrierNum": carrier,
        "IsMedical": "false",
        "ShowBaseUnits": "true",
        "CodeSubstNone": "false",
        "IsHidden": "false",
        "MonthRenew": 12,
        "CobRule": "Basic",
        "ExclusionFeeRule": "DoNothing",
        "IsBlueBookEnabled": "false",
    }
    return await c.post(f"{API}/insplans", json=body)


async def _put_covcat(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    num = await _make(c, "/covcats", {"Description": "Sealant"}, "CovCatNum")
    body = {
        "Description": "Sealants",
        "DefaultPercent": 80,
        "CovOrder": 17,
        "IsHidden": "false",
        "EbenefitCat": "None",
    }
    return await c.put(f"{API}/covcats/{num}", json=body)


async def _put_procedurecode(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {"ProcCode": "G0141", "Descript": "limited oral evaluation", "AbbrDesc": "LimEx"}
    num = await _make(c, "/procedurecodes", body | {"procCat": "Diagnostic"}, "CodeNum")
    return await c.put(
        f"{API}/procedurecodes/{num}", json={"PaintType": "Text", "PaintText": "Watch"}
    )


async def _insverify(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {
        "DateLastVerified": "2024-03-27",
        "VerifyType": "PatientEnrollment",
        "FKey": await _first(c, "/patplans", "PatPlanNum"),
        "Note": "Need additional pat info",
    }
    return await c.put(f"{API}/insverifies", json=body)


async def _post_claim(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {"PatNum": 1, "procNums": [await _procedure(c)], "ClaimType": "P"}
    return await c.post(f"{API}/claims", json=body)


async def _put_claim(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {
        "ClaimStatus": "R",
        "DateReceived": "2021-05-25",
        "ProvTreat": 1,
        "IsProsthesis": "N",
        "PriorDate": "2020-06-26",
        "ClaimNote": "Existing RCT from 2019-05-14.",
        "ProvBill": 1,
        "PlaceService": "Office",
        "AccidentRelated": "O",
        "AccidentDate": "2021-05-15",
        "AccidentST": "MO",
        "IsOrtho": "true",
        "OrthoRemainM": 12,
        "OrthoDate": "2021-05-25",
        "PatRelat2": "Spouse",
        "ClaimForm": 0,
        "PriorAuthorizationNumber": "6549848516",
        "OrthoTotalM": 36,
    }
    return await c.put(f"{API}/claims/{await _claim(c)}", json=body)


async def _claim_status(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {"DateSent": "2021-09-13", "DateSentOrig": "2021-09-01"}
    return await c.put(f"{API}/claims/{await _claim(c)}/Status", json=body)


async def _claim_split(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    claim = await _claim(c, procedures=2)
    proc = (await _ok(await c.get(f"{API}/claimprocs", params={"ClaimNum": claim})))[0]
    return await c.put(f"{API}/claims/{claim}/Split", json={"ProcNums": [proc["ProcNum"]]})


async def _claim_delete(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.delete(f"{API}/claims/{await _claim(c)}")


async def _put_claimproc(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    cp = await _first(c, "/claimprocs", "ClaimProcNum", ClaimNum=await _claim(c))
    body = {
        "ProvNum": 1,
        "FeeBilled": "65.00",
        "DedApplied": "5",
        "Status": "Received",
        "InsPayAmt": "50.00",
        "Remarks": "Patient has reached their annual limit",
        "WriteOff": "5",
        "CodeSent": "D0021",
        "PercentOverride": "-1",
        "CopayOverride": "-1",
        "DedEstOverride": "-1",
        "InsEstTotalOverride": "50",
        "PaidOtherInsOverride": "-1",
        "WriteOffEstOverride": "-1",
    }
    return await c.put(f"{API}/claimprocs/{cp}", json=body)


async def _ins_adjust(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {
        "PatPlanNum": await _first(c, "/patplans", "PatPlanNum"),
        "date": "2020-01-01",
        "insUsed": "300",
        "deductibleUsed": "25",
    }
    return await c.put(f"{API}/claimprocs/InsAdjust", json=body)


async def _payment_body(c: httpx.AsyncClient) -> dict[str, Any]:
    return {
        "claimNum": await _received_claim(c),
        "CheckAmt": "50.00",
        "CheckDate": "2022-10-25",
        "CheckNum": "1234",
        "BankBranch": "124-85425",
        "Note": "Check was lost in mail, but envelope is dated appropriately.",
        "ClinicNum": 1,
        "CarrierName": "Great Insurance",
        "DateIssued": "2022-10-20",
    }


async def _post_payment(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.post(f"{API}/claimpayments", json=await _payment_body(c))


INSURANCE_CALLS: dict[str, Call] = {
    "GET /benefits/{BenefitNum}": _one("/benefits", "BenefitNum"),
    "GET /benefits": _list("/benefits"),
    "POST /benefits": _post_benefit,
    "PUT /benefits/{BenefitNum}": _put_first("/benefits", "BenefitNum", {"Quantity": 18}),
    "DELETE /benefits/{BenefitNum}": _delete_new("/benefits", "BenefitNum", _benefit_body),
    "GET /carriers/{CarrierNum}": _one("/carriers", "CarrierNum"),
    "GET /carriers": _list("/carriers"),
    "POST /carriers": _post(
        "/carriers",
        {
            "CarrierName": "Dental Guard",
            "Address": "123 Elen St",
            "Address2": "",
            "City": "Portland",
            "State": "OR",
            "Zip": "97035",
            "Phone": "503-456-8910",
            "ElectID": "54651",
            "NoSendElect": "SendElect",
            "IsHidden": "false",
        },
    ),
    "PUT /carriers/{CarrierNum}": _put_first(
        "/carriers", "CarrierNum", {"Phone": "503-456-8910", "IsHidden": "false"}
    ),
    "GET /claimpayments/{ClaimPaymentNum}": _one("/claimpayments", "ClaimPaymentNum"),
    "GET /claimpayments": _list("/claimpayments"),
    "POST /claimpayments": _post_payment,
    "PUT /claimpayments/{ClaimPaymentNum}": _put_first(
        "/claimpayments",
        "ClaimPaymentNum",
        {
            "CheckNum": "758946",
            "BankBranch": "124-85425",
            "Note": "Check was lost in mail, but envelope is dated appropriately.",
            "CarrierName": "ODS Oregon Dental Service",
        },
    ),
    "DELETE /claimpayments/{ClaimPaymentNum}": _delete_new(
        "/claimpayments", "ClaimPaymentNum", _payment_body
    ),
    "GET /claimprocs/{ClaimProcNum}": _one("/claimprocs", "ClaimProcNum"),
    "GET /claimprocs": _list("/claimprocs"),
    "PUT /claimprocs/{ClaimProcNum}": _put_claimproc,
    "PUT /claimprocs/InsAdjust": _ins_adjust,
    "GET /claims/{ClaimNum}": _one("/claims", "ClaimNum"),
    "GET /claims": _list("/claims"),
    "POST /claims": _post_claim,
    "PUT /claims/{ClaimNum}": _put_claim,
    "PUT /claims/{ClaimNum}/Status": _claim_status,
    "PUT /claims/{ClaimNum}/Split": _claim_split,
    "DELETE /claims/{ClaimNum}": _claim_delete,
    "GET /covcats/{CovCatNum}": _one("/covcats", "CovCatNum"),
    "GET /covcats": _list("/covcats"),
    "POST /covcats": _post(
        "/covcats",
        {
            "Description": "Implants",
            "DefaultPercent": 80,
            "IsHidden": "false",
            "EbenefitCat": "None",
        },
    ),
    "PUT /covcats/{CovCatNum}": _put_covcat,
    "GET /employers/{EmployerNum}": _one("/employers", "EmployerNum"),
    "GET /employers": _list("/employers"),
    "POST /employers": _post("/employers", {"EmpName": "James Smith Confectionery Co."}),
    "PUT /employers/{EmployerNum}": _put_first(
        "/employers", "EmployerNum", {"EmpName": "Jamie Smith Confectionery Co."}
    ),
    "DELETE /employers/{EmployerNum}": _delete_new(
        "/employers", "EmployerNum", lambda _c: _value({"EmpName": "Gone Co."})
    ),
    "GET /feescheds": _list("/feescheds"),
    "POST /feescheds": _post("/feescheds", {"Description": "BCBS_2023", "FeeSchedType": "Normal"}),
    "PUT /feescheds/{FeeSchedNum}": _put_first(
        "/feescheds", "FeeSchedNum", {"Description": "BCBS_outdated", "IsHidden": "true"}
    ),
    "GET /fees/{FeeNum}": _one("/fees", "FeeNum"),
    "GET /fees": _list("/fees"),
    "POST /fees": _post_fee,
    "PUT /fees/{FeeNum}": _put_first("/fees", "FeeNum", {"Amount": "79.99"}),
    "DELETE /fees/{FeeNum}": _delete_new("/fees", "FeeNum", _fee_body),
    "GET /insplans/{PlanNum}": _one("/insplans", "PlanNum"),
    "GET /insplans": _list("/insplans"),
    "POST /insplans": _post_insplan,
    "PUT /insplans/{PlanNum}": _put_first(
        "/insplans", "PlanNum", {"FeeSched": 0, "PlanType": "", "MonthRenew": 0}
    ),
    "GET /insverifies/{InsVerifyNum}": _one("/insverifies", "InsVerifyNum"),
    "GET /insverifies": _list("/insverifies"),
    "PUT /insverifies": _insverify,
    "GET /inssubs/{InsSubNum}": _one("/inssubs", "InsSubNum"),
    "GET /inssubs": _list("/inssubs"),
    "POST /inssubs": _post_inssub,
    "PUT /inssubs/{InsSubNum}": _put_first("/inssubs", "InsSubNum", {"SubscNote": "Other info"}),
    "DELETE /inssubs/{InsSubNum}": _delete_new("/inssubs", "InsSubNum", _sub_body),
    "GET /patplans": _list("/patplans"),
    "POST /patplans": _post_patplan,
    "PUT /patplans/{PatPlanNum}": _put_first(
        "/patplans", "PatPlanNum", {"Ordinal": 1, "Relationship": "Self", "PatID": ""}
    ),
    "DELETE /patplans/{PatPlanNum}": _delete_new("/patplans", "PatPlanNum", _patplan_body),
    "GET /procedurecodes/{CodeNum}": _one("/procedurecodes", "CodeNum"),
    "GET /procedurecodes": _list("/procedurecodes"),
    "POST /procedurecodes": _post(
        "/procedurecodes",
        {
            "ProcCode": "G0140",
            "Descript": "limited oral evaluation - problem focused",
            "AbbrDesc": "LimEx",
            "ProcCat": 28,
            "DiagnosticCodes": "B08.09",
        },
    ),
    "PUT /procedurecodes/{CodeNum}": _put_procedurecode,
}


async def _value(value: dict[str, Any]) -> dict[str, Any]:
    return value
