"""The strict client (``od_client_rest``) reads every GET route of the rest of issue 15 on the
demo office: one field of the wrong type or format anywhere fails the suite."""

from __future__ import annotations

from typing import Any

import httpx

from tests.wire.od_client_rest import REST_ROUTES
from tests.wire.strict_reads import API, first_key, read_strict


async def _read(http: httpx.AsyncClient, template: str, path: str, **params: Any) -> int:
    return await read_strict(http, REST_ROUTES, template, path, **params)


_first = first_key


async def test_a_strict_client_reads_every_route_of_the_rest_on_the_demo_office(
    demo: httpx.AsyncClient,
) -> None:
    http = demo
    insured = await _first(http, "/patplans", "PatNum")
    recall_type = await _first(http, "/recalltypes", "RecallTypeNum")
    referral = await _first(http, "/referrals", "ReferralNum")
    labcase = await _first(http, "/labcases", "LabCaseNum")
    lab = await _first(http, "/laboratories", "LaboratoryNum")
    exam = await _first(http, "/perioexams", "PerioExamNum")
    documented = 0
    for pat in range(5, 200, 5):
        if (await http.get(f"{API}/documents", params={"PatNum": pat})).json():
            documented = pat
            break
    doc = await _first(http, "/documents", "DocNum", PatNum=documented)
    note = await _first(http, "/tasknotes", "TaskNoteNum")
    field = await _first(http, "/sheetfields", "SheetFieldNum")
    reads: list[tuple[str, str, dict[str, Any]]] = [
        ("/familymodules/{PatNum}/Insurance", f"/familymodules/{insured}/Insurance", {}),
        ("/recalls", "/recalls", {}),
        ("/recalls/List", "/recalls/List", {"IncludeReminded": "true"}),
        ("/recalltypes", "/recalltypes", {}),
        ("/recalltypes/{RecallTypeNum}", f"/recalltypes/{recall_type}", {}),
        ("/referrals", "/referrals", {}),
        ("/referrals/{ReferralNum}", f"/referrals/{referral}", {}),
        ("/refattaches", "/refattaches", {}),
        ("/labcases", "/labcases", {}),
        ("/labcases/{LabCaseNum}", f"/labcases/{labcase}", {}),
        ("/laboratories", "/laboratories", {}),
        ("/laboratories/{LaboratoryNum}", f"/laboratories/{lab}", {}),
        ("/perioexams", "/perioexams", {}),
        ("/perioexams/{PerioExamNum}", f"/perioexams/{exam}", {}),
        ("/periomeasures", "/periomeasures", {"PerioExamNum": exam}),
        ("/documents", "/documents", {"PatNum": documented}),
        ("/documents/{DocNum}", f"/documents/{doc}", {}),
        ("/tasknotes", "/tasknotes", {}),
        ("/tasknotes/{TaskNoteNum}", f"/tasknotes/{note}", {}),
        ("/sheetfields", "/sheetfields", {}),
        ("/sheetfields/{SheetFieldNum}", f"/sheetfields/{field}", {}),
    ]
    # The file route answers bytes, not JSON (the demo keeps no images: tests/office_rest).
    assert {t for t, _, _ in reads} == set(REST_ROUTES)
    for template, path, params in reads:
        assert await _read(http, template, path, **params), f"{path} answered no rows"
