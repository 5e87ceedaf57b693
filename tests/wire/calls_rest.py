"""How the golden test asks dentin the requests of the rest of issue 15 (family module,
recalls, referrals, lab cases, perio, documents, task notes, sheet fields)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

API = "/api/v1"
Call = Callable[[httpx.AsyncClient, dict[str, Any]], Awaitable[httpx.Response]]


async def _insured_patient(c: httpx.AsyncClient) -> int:
    r = await c.get(f"{API}/patplans", params={"Limit": 1})
    assert r.status_code == 200 and r.json(), r.text
    return int(r.json()[0]["PatNum"])


async def _family_insurance(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.get(f"{API}/familymodules/{await _insured_patient(c)}/Insurance")


REST_CALLS: dict[str, Call] = {
    "GET /familymodules/{PatNum}/Insurance": _family_insurance,
}


async def _first(c: httpx.AsyncClient, path: str, key: str, **params: Any) -> Any:
    r = await c.get(f"{API}{path}", params={"Limit": 1, **params})
    assert r.status_code == 200 and r.json(), (path, r.text)
    return r.json()[0][key]


def _get(path: str, **params: Any) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.get(f"{API}{path}", params=params)

    return call


async def _recall(c: httpx.AsyncClient, ctx: dict[str, Any]) -> int:
    """A Pano recall of patient 3's, made through the API (the generator gives none)."""
    if "RecallNum" not in ctx:
        pano = next(
            t["RecallTypeNum"]
            for t in (await c.get(f"{API}/recalltypes")).json()
            if t["Description"] == "Pano"
        )
        body = {"PatNum": 3, "RecallTypeNum": pano, "RecallInterval": "0y6m0w1d",
                "RecallStatus": 0, "Note": "New patient, try to get appoinment around the "
                "same time as child."}  # fmt: skip
        r = await c.post(f"{API}/recalls", json=body)
        assert r.status_code == 201, r.text
        ctx["RecallNum"] = r.json()["RecallNum"]
        ctx["recall_response"] = r
    return int(ctx["RecallNum"])


async def _post_recall(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    await _recall(c, ctx)
    response: httpx.Response = ctx["recall_response"]
    return response


async def _put_recall(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"DateDue": "2022-09-09", "RecallInterval": "0y6m0w1d", "Note": "Call first."}
    return await c.put(f"{API}/recalls/{await _recall(c, ctx)}", json=body)


async def _recall_status(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    pat = await _first(c, "/recalls", "PatNum")
    kind = await _first(c, "/recalls", "RecallTypeNum")
    name = (await c.get(f"{API}/recalltypes/{kind}")).json()["Description"]
    body = {"PatNum": pat, "recallType": name, "commlogMode": "Phone"}
    return await c.put(f"{API}/recalls/Status", json=body)


async def _switch(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    prophy = next(
        t["RecallTypeNum"]
        for t in (await c.get(f"{API}/recalltypes")).json()
        if t["Description"] == "Prophy"
    )
    pat = await _first(c, "/recalls", "PatNum", Limit=1)
    for row in (await c.get(f"{API}/recalls", params={"Limit": 100})).json():
        if row["RecallTypeNum"] == prophy:
            pat = row["PatNum"]
            break
    return await c.put(f"{API}/recalls/SwitchType", json={"PatNum": pat})


REST_CALLS.update(
    {
        "GET /recalls": _get("/recalls"),
        "GET /recalls/List": _get("/recalls/List", IncludeReminded="true"),
        "POST /recalls": _post_recall,
        "PUT /recalls/{RecallNum}": _put_recall,
        "PUT /recalls/Status": _recall_status,
        "PUT /recalls/SwitchType": _switch,
        "GET /recalltypes": _get("/recalltypes"),
        "GET /recalltypes/{RecallTypeNum}": _get("/recalltypes/1"),
    }
)


async def _refattach(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    """An outgoing referral of patient 4's to the first specialist, made through the API."""
    if "refattach" not in ctx:
        doctor = await _first(c, "/referrals", "ReferralNum", IsDoctor="true")
        proc = await _first(c, "/procedurelogs", "ProcNum", PatNum=4)
        body = {"PatNum": 4, "ReferralNum": doctor, "ReferralType": "RefTo",
                "RefToStatus": "Scheduled", "Note": "Called to confirm.",
                "RefDate": "2023-12-05", "ProvNum": 1, "ProcNum": proc}  # fmt: skip
        ctx["refattach"] = await c.post(f"{API}/refattaches", json=body)
    response: httpx.Response = ctx["refattach"]
    return response


async def _put_refattach(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    num = (await _refattach(c, ctx)).json()["RefAttachNum"]
    body = {"RefToStatus": "Complete", "DateProcComplete": "2023-12-14", "Note": "Completed."}
    return await c.put(f"{API}/refattaches/{num}", json=body)


async def _delete_refattach(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    r = await c.post(f"{API}/refattaches", json={"PatNum": 5, "referralName": "Golden Radio"})
    assert r.status_code == 201, r.text
    return await c.delete(f"{API}/refattaches/{r.json()['RefAttachNum']}")


async def _put_referral(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    num = await _first(c, "/referrals", "ReferralNum", IsDoctor="true")
    body = {"Title": "DDS", "Note": "Out on Thursdays", "Telephone": "5033635432"}
    return await c.put(f"{API}/referrals/{num}", json=body)


async def _post_referral(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    patient = (await c.get(f"{API}/patients/6")).json()
    return await c.post(f"{API}/referrals", json={"LName": patient["LName"], "PatNum": 6})


async def _one_referral(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.get(f"{API}/referrals/{await _first(c, '/referrals', 'ReferralNum')}")


REST_CALLS.update(
    {
        "GET /referrals/{ReferralNum}": _one_referral,
        "GET /referrals": _get("/referrals"),
        "POST /referrals": _post_referral,
        "PUT /referrals/{ReferralNum}": _put_referral,
        "GET /refattaches": _get("/refattaches"),
        "POST /refattaches": _refattach,
        "PUT /refattaches/{RefAttachNum}": _put_refattach,
        "DELETE /refattaches/{RefAttachNum}": _delete_refattach,
    }
)


async def _labcase(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    """A case for a scheduled appointment, with Open Dental's example fields."""
    if "labcase" not in ctx:
        r = await c.get(f"{API}/appointments", params={"AptStatus": "Scheduled", "Limit": 1})
        apt = r.json()[0]
        lab = await _first(c, "/laboratories", "LaboratoryNum")
        body = {"PatNum": apt["PatNum"], "LaboratoryNum": lab, "AptNum": apt["AptNum"],
                "PlannedAptNum": 0, "DateTimeDue": "2022-10-04 14:23:12",
                "DateTimeCreated": "2022-09-30 14:23:12", "DateTimeSent": "2022-10-03 14:24:12",
                "DateTimeRecd": "2022-10-04 14:24:12", "DateTimeChecked": "2022-10-05 14:24:12",
                "ProvNum": apt["ProvNum"], "Instructions": "Repair clasps on Max partial",
                "LabFee": 0.0, "InvoiceNum": ""}  # fmt: skip
        ctx["labcase"] = await c.post(f"{API}/labcases", json=body)
    response: httpx.Response = ctx["labcase"]
    return response


async def _put_labcase(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    num = (await _labcase(c, ctx)).json()["LabCaseNum"]
    body = {"DateTimeDue": "2022-12-05 09:30:00", "Instructions": "PFM crown #28. Shade A1",
            "LabFee": 17.50, "InvoiceNum": "271828"}  # fmt: skip
    return await c.put(f"{API}/labcases/{num}", json=body)


async def _delete_labcase(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    lab = await _first(c, "/laboratories", "LaboratoryNum")
    r = await c.post(f"{API}/labcases", json={"PatNum": 2, "LaboratoryNum": lab, "ProvNum": 1})
    assert r.status_code == 201, r.text
    return await c.delete(f"{API}/labcases/{r.json()['LabCaseNum']}")


def _one(path: str, key: str) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.get(f"{API}{path}/{await _first(c, path, key)}")

    return call


GO_SMILES = {
    "Description": "Go Smiles Lab", "Phone": "(503)240-1910", "Notes": "Implants.", "Slip": 0,
    "Address": "231 Hoyt Rd", "City": "Glendale", "State": "OR", "Zip": "91124",
    "Email": "GoSmilesLab@mail.com", "WirelessPhone": "(503)981-5555", "IsHidden": "false",
}  # fmt: skip


async def _post_lab(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.post(f"{API}/laboratories", json=GO_SMILES)


async def _put_lab(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    num = await _first(c, "/laboratories", "LaboratoryNum")
    body = {"Notes": "Implant Specialists.", "Email": "GoSmilesImplantSpecialists@mail.com"}
    return await c.put(f"{API}/laboratories/{num}", json=body)


REST_CALLS.update(
    {
        "GET /labcases/{LabCaseNum}": _one("/labcases", "LabCaseNum"),
        "GET /labcases": _get("/labcases"),
        "POST /labcases": _labcase,
        "PUT /labcases/{LabCaseNum}": _put_labcase,
        "DELETE /labcases/{LabCaseNum}": _delete_labcase,
        "GET /laboratories/{LaboratoryNum}": _one("/laboratories", "LaboratoryNum"),
        "GET /laboratories": _get("/laboratories"),
        "POST /laboratories": _post_lab,
        "PUT /laboratories/{LaboratoryNum}": _put_lab,
    }
)


async def _perioexam(c: httpx.AsyncClient, ctx: dict[str, Any]) -> int:
    if "PerioExamNum" not in ctx:
        r = await c.post(f"{API}/perioexams", json={"PatNum": 20, "UpperFacial": "32b4b3"})
        assert r.status_code == 201, r.text
        ctx["PerioExamNum"] = r.json()["PerioExamNum"]
        ctx["perioexam"] = r
    return int(ctx["PerioExamNum"])


async def _post_perioexam(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    await _perioexam(c, ctx)
    response: httpx.Response = ctx["perioexam"]
    return response


async def _put_perioexam(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"ExamDate": "2023-06-15", "ProvNum": 2, "Note": "Overall improvement!"}
    return await c.put(f"{API}/perioexams/{await _perioexam(c, ctx)}", json=body)


async def _delete_perioexam(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    r = await c.post(f"{API}/perioexams", json={"PatNum": 21, "LowerFacial": "333"})
    assert r.status_code == 201, r.text
    return await c.delete(f"{API}/perioexams/{r.json()['PerioExamNum']}")


async def _post_periomeasure(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"PerioExamNum": await _perioexam(c, ctx), "SequenceType": "Mobility",
            "IntTooth": 9, "ToothValue": 4}  # fmt: skip
    r = await c.post(f"{API}/periomeasures", json=body)
    ctx["PerioMeasureNum"] = r.json().get("PerioMeasureNum")
    return r


async def _put_periomeasure(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if ctx.get("PerioMeasureNum") is None:
        await _post_periomeasure(c, ctx)
    return await c.put(f"{API}/periomeasures/{ctx['PerioMeasureNum']}", json={"ToothValue": 3})


async def _delete_periomeasure(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    body = {"PerioExamNum": await _perioexam(c, ctx), "SequenceType": "SkipTooth",
            "IntTooth": 16, "ToothValue": 1}  # fmt: skip
    r = await c.post(f"{API}/periomeasures", json=body)
    assert r.status_code == 201, r.text
    return await c.delete(f"{API}/periomeasures/{r.json()['PerioMeasureNum']}")


REST_CALLS.update(
    {
        "GET /perioexams/{PerioExamNum}": _one("/perioexams", "PerioExamNum"),
        "GET /perioexams": _get("/perioexams"),
        "POST /perioexams": _post_perioexam,
        "PUT /perioexams/{PerioExamNum}": _put_perioexam,
        "DELETE /perioexams/{PerioExamNum}": _delete_perioexam,
        "GET /periomeasures": _get("/periomeasures"),
        "POST /periomeasures": _post_periomeasure,
        "PUT /periomeasures/{PerioMeasureNum}": _put_periomeasure,
        "DELETE /periomeasures/{PerioMeasureNum}": _delete_periomeasure,
    }
)


async def _documented_patient(c: httpx.AsyncClient) -> int:
    """The first patient with a document (the generator gives every fifth one seen a pano)."""
    for pat in range(5, 41, 5):
        r = await c.get(f"{API}/documents", params={"PatNum": pat})
        if r.status_code == 200 and r.json():
            return pat
    raise AssertionError("the generated office has no documents")


async def _list_documents(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    return await c.get(f"{API}/documents", params={"PatNum": await _documented_patient(c)})


async def _one_document(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    pat = await _documented_patient(c)
    num = (await c.get(f"{API}/documents", params={"PatNum": pat})).json()[0]["DocNum"]
    return await c.get(f"{API}/documents/{num}")


async def _put_document(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    pat = await _documented_patient(c)
    num = (await c.get(f"{API}/documents", params={"PatNum": pat})).json()[0]["DocNum"]
    body = {"Description": "Pano", "DateCreated": "2024-01-25 07:45:35", "ImgType": "Radiograph",
            "ToothNumbers": "12-15,20,21", "ProvNum": 2, "PrintHeading": "true"}  # fmt: skip
    return await c.put(f"{API}/documents/{num}", json=body)


async def _delete_document(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    """A document row of its own (no route adds one), then deleted through the API."""
    from dentin.office.models import Document
    from dentin.wire import utcnow

    db = ctx["office"].db
    with db.transaction() as session:
        row = Document(PatNum=3, FileName="golden.jpg", DateCreated=utcnow(),
                       DateTStamp=utcnow())  # fmt: skip
        session.add(row)
        session.flush()
        num = row.DocNum
    return await c.delete(f"{API}/documents/{num}")


REST_CALLS.update(
    {
        "GET /documents/{DocNum}": _one_document,
        "GET /documents": _list_documents,
        "PUT /documents/{DocNum}": _put_document,
        "DELETE /documents/{DocNum}": _delete_document,
    }
)


async def _tasknote(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    if "tasknote" not in ctx:
        task = await _first(c, "/tasks", "TaskNum")
        body = {"TaskNum": task, "UserNum": 1, "Note": "Sending back to mark done."}
        ctx["tasknote"] = await c.post(f"{API}/tasknotes", json=body)
    response: httpx.Response = ctx["tasknote"]
    return response


async def _put_tasknote(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
    num = (await _tasknote(c, ctx)).json()["TaskNoteNum"]
    body = {"DateTimeNote": "2025-01-16 09:12:00", "Note": "Actually, I still need this open."}
    return await c.put(f"{API}/tasknotes/{num}", json=body)


REST_CALLS.update(
    {
        "GET /tasknotes/{TaskNoteNum}": _one("/tasknotes", "TaskNoteNum"),
        "GET /tasknotes": _get("/tasknotes"),
        "POST /tasknotes": _tasknote,
        "PUT /tasknotes/{TaskNoteNum}": _put_tasknote,
        "GET /sheetfields/{SheetFieldNum}": _one("/sheetfields", "SheetFieldNum"),
        "GET /sheetfields": _get("/sheetfields"),
    }
)
