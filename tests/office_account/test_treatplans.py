"""``/treatplans``, ``/proctps`` and ``/treatplanattaches``."""

from __future__ import annotations

import datetime as dt

import httpx

from dentin.office.models import ProcTP, TreatPlanAttach
from tests.office.conftest import STAMP, Practice
from tests.office_account.conftest import API


async def test_a_new_treatment_plan_is_inactive_and_listed(
    practice: Practice, ledger: dict[str, int], client: httpx.AsyncClient
) -> None:
    body = {"PatNum": 1, "Heading": "Fillings", "Note": "ONLY AN ESTIMATE.", "TPType": "Insurance"}
    r = await client.post(f"{API}/treatplans", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    plan = r.json()
    assert (plan["TPStatus"], plan["Heading"], plan["TPType"], plan["isSigned"]) == (
        "Inactive",
        "Fillings",
        "Insurance",
        "false",
    )
    assert plan["DateTP"] == "0001-01-01"
    num = plan["TreatPlanNum"]
    with practice.db.transaction() as s:
        s.add(TreatPlanAttach(TreatPlanNum=num, ProcNum=ledger["planned"], Priority=16))
    r = await client.get(
        f"{API}/treatplans", params={"PatNum": 1, "TPStatus": "Inactive"}, headers=practice.a()
    )
    assert [t["TreatPlanNum"] for t in r.json()] == [num]
    r = await client.get(
        f"{API}/treatplanattaches", params={"TreatPlanNum": num}, headers=practice.a()
    )
    assert [(a["ProcNum"], a["priority"]) for a in r.json()] == [(ledger["planned"], "1")]
    default = await client.post(f"{API}/treatplans", headers=practice.a(), json={"PatNum": 2})
    assert default.json()["Heading"] == "Inactive Treatment Plan"


async def test_saved_plan_copies_are_listed_by_plan(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(f"{API}/treatplans", headers=practice.a(), json={"PatNum": 1})
    num = r.json()["TreatPlanNum"]
    with practice.db.transaction() as s:
        s.add(
            ProcTP(
                TreatPlanNum=num,
                PatNum=1,
                ProcNumOrig=5,
                ToothNumTP="13",
                Surf="MOD",
                ProcCode="D2393",
                Descript="resin-based composite - three surfaces, posterior",
                FeeAmt=204,
                PriInsAmt=80,
                PatAmt=70,
                Discount=54,
                ProcAbbr="C3 (P)",
                SecDateEntry=dt.date(2025, 1, 24),
                SecDateTEdit=STAMP,
            )
        )
    r = await client.get(f"{API}/proctps", params={"TreatPlanNum": num}, headers=practice.a())
    assert r.status_code == 200, r.text
    got = r.json()[0]
    assert (got["ProcCode"], got["FeeAmt"], got["ToothNumTP"], got["priority"]) == (
        "D2393",
        204.0,
        "13",
        "",
    )


async def test_treatment_plan_mistakes_are_explained(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    cases = [
        ("post", "/treatplans", {}, 400, "PatNum"),
        ("post", "/treatplans", {"PatNum": 1, "TPType": "Cash"}, 400, "TPType"),
        ("post", "/treatplans", {"PatNum": 500}, 404, "PatNum 500"),
        ("get", "/treatplans?TPStatus=Done", None, 400, "TPStatus"),
        ("get", "/proctps", None, 400, "TreatPlanNum is required"),
        ("get", "/treatplanattaches?TreatPlanNum=77", None, 404, "TreatPlanNum 77"),
    ]
    for method, path, body, status, words in cases:
        r = await client.request(method, f"{API}{path}", headers=practice.a(), json=body)
        assert r.status_code == status and words in r.json()["message"], (path, r.text)
    r = await client.post(f"{API}/treatplans", headers=practice.a(), json={"PatNum": 1})
    num = r.json()["TreatPlanNum"]
    r = await client.get(f"{API}/proctps", params={"TreatPlanNum": num}, headers=practice.b())
    assert r.status_code == 404
