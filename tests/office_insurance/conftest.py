"""An insured family in office A: a carrier, a plan with benefits, Jane Smith's subscription
covering her and her son, and completed procedures to claim (all made through the API)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.office.conftest import Practice, practice  # noqa: F401 - the fixture, re-exported

API = "/api/v1"
PROC_DATE = "2026-11-02"  # before any "today" these tests run on, so aging counts it


@dataclass
class Insured:
    practice: Practice
    client: httpx.AsyncClient
    carrier: int
    plan: int
    sub: int
    patplan: int  # Jane's (primary)
    child_patplan: int

    def a(self) -> dict[str, str]:
        return self.practice.a()

    def b(self) -> dict[str, str]:
        return self.practice.b()

    async def ok(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        r = await self.client.request(
            method, f"{API}{path}", headers=self.a(), json=body, params=params or None
        )
        assert r.status_code in (200, 201), (method, path, r.status_code, r.text)
        return r.json() if r.content else None

    async def procedure(self, fee: str = "100.00", status: str = "C", pat: int = 1) -> int:
        body = {
            "PatNum": pat,
            "ProcDate": PROC_DATE,
            "ProcStatus": status,
            "procCode": "D0120",
            "ProcFee": fee,
        }
        return int((await self.ok("POST", "/procedurelogs", body))["ProcNum"])

    async def claim(self, *procs: int, kind: str = "P") -> dict[str, Any]:
        nums = list(procs) or [await self.procedure()]
        claim: dict[str, Any] = await self.ok(
            "POST", "/claims", {"PatNum": 1, "procNums": nums, "ClaimType": kind}
        )
        return claim


@pytest.fixture
async def insured(practice: Practice, client: httpx.AsyncClient) -> Insured:  # noqa: F811
    h = practice.a()

    async def post(path: str, body: dict[str, Any]) -> dict[str, Any]:
        r = await client.post(f"{API}{path}", headers=h, json=body)
        assert r.status_code == 201, (path, r.text)
        out: dict[str, Any] = r.json()
        return out

    carrier = (await post("/carriers", {"CarrierName": "Dental Guard", "Zip": "97035"}))[
        "CarrierNum"
    ]
    plan = (await post("/insplans", {"CarrierNum": carrier, "GroupName": "Acme"}))["PlanNum"]
    await post(
        "/benefits",
        {"PlanNum": plan, "BenefitType": "CoInsurance", "CoverageLevel": "None", "Percent": 80,
         "CovCatNum": 1},
    )  # fmt: skip
    sub = (await post("/inssubs", {"PlanNum": plan, "Subscriber": 1, "SubscriberID": "A1"}))[
        "InsSubNum"
    ]
    mine = await post("/patplans", {"PatNum": 1, "InsSubNum": sub})
    child = await post("/patplans", {"PatNum": 2, "InsSubNum": sub, "Relationship": "Child"})
    return Insured(practice, client, carrier, plan, sub, mine["PatPlanNum"], child["PatPlanNum"])
