"""Claims made from procedures, their claimprocs, checks, and what aging sees of each step."""

from __future__ import annotations

from typing import Any

from tests.office_insurance.conftest import API, Insured


async def _aging(ins: Insured) -> dict[str, Any]:
    """The Smith family's aging row (none while the family owes and expects nothing)."""
    rows = await ins.ok("GET", "/reports/Aging")
    empty = {"PatNum": 1, "BalTotal": 0.0, "InsPayEst": 0.0}
    return next((r for r in rows if r["PatNum"] == 1), empty)


async def test_a_claim_made_of_procedures_turns_their_estimates_into_pending_insurance(
    insured: Insured,
) -> None:
    before = await _aging(insured)
    first, second = await insured.procedure("100.00"), await insured.procedure("50.00")
    claim = await insured.claim(first, second)
    assert claim["ClaimStatus"] == "W"
    assert (claim["PlanNum"], claim["InsSubNum"], claim["ClaimType"]) == (
        insured.plan,
        insured.sub,
        "P",
    )
    assert (claim["ClaimFee"], claim["InsPayEst"]) == (150.0, 120.0)  # the plan's 80%
    assert claim["DateService"] == "2026-11-02" and claim["PatRelat"] == "Self"
    procs = await insured.ok("GET", "/claimprocs", ClaimNum=claim["ClaimNum"])
    assert sorted(p["ProcNum"] for p in procs) == [first, second]
    assert {p["Status"] for p in procs} == {"NotReceived"}
    assert {p["CodeSent"] for p in procs} == {"D0120"}
    after = await _aging(insured)
    assert round(after["InsPayEst"] - before["InsPayEst"], 2) == 120.0


async def test_receiving_a_claimproc_credits_the_account_and_a_check_finalizes_it(
    insured: Insured,
) -> None:
    claim = await insured.claim()
    before = await _aging(insured)
    cp = (await insured.ok("GET", "/claimprocs", ClaimNum=claim["ClaimNum"]))[0]
    got = await insured.ok(
        "PUT", f"/claimprocs/{cp['ClaimProcNum']}", {"Status": "Received", "InsPayAmt": "75.00"}
    )
    assert got["Status"] == "Received" and got["InsPayAmt"] == 75.0
    after = await _aging(insured)
    assert round(before["BalTotal"] - after["BalTotal"], 2) == 75.0
    assert round(before["InsPayEst"] - after["InsPayEst"], 2) == 80.0
    assert (await insured.ok("GET", f"/claims/{claim['ClaimNum']}"))["InsPayAmt"] == 75.0
    r = await insured.client.post(
        f"{API}/claimpayments",
        headers=insured.a(),
        json={"claimNum": claim["ClaimNum"], "CheckAmt": "70.00"},
    )
    assert r.status_code == 400 and "75.00" in r.json()["message"]
    pay = await insured.ok(
        "POST", "/claimpayments", {"claimNum": claim["ClaimNum"], "CheckAmt": "75.00"}
    )
    assert (pay["CheckAmt"], pay["CarrierName"], pay["payType"]) == ("75", "Dental Guard", "Check")
    cp = await insured.ok("GET", f"/claimprocs/{cp['ClaimProcNum']}")
    assert cp["ClaimPaymentNum"] == pay["ClaimPaymentNum"]
    listed = await insured.ok("GET", "/claimprocs", ClaimPaymentNum=pay["ClaimPaymentNum"])
    assert [c["ClaimProcNum"] for c in listed] == [cp["ClaimProcNum"]]
    r = await insured.client.put(
        f"{API}/claimprocs/{cp['ClaimProcNum']}", headers=insured.a(), json={"InsPayAmt": "10"}
    )
    assert r.status_code == 400 and "claim payment" in r.json()["message"]
    r = await insured.client.delete(f"{API}/claims/{claim['ClaimNum']}", headers=insured.a())
    assert r.status_code == 400 and "cannot be deleted" in r.json()["message"]
    updated = await insured.ok(
        "PUT", f"/claimpayments/{pay['ClaimPaymentNum']}", {"CheckNum": "1234", "CheckAmt": "80"}
    )
    assert (updated["CheckNum"], updated["IsPartial"]) == ("1234", "true")
    await insured.ok("DELETE", f"/claimpayments/{pay['ClaimPaymentNum']}")
    cp = await insured.ok("GET", f"/claimprocs/{cp['ClaimProcNum']}")
    assert cp["ClaimPaymentNum"] == 0


async def test_deleting_a_claim_returns_its_procedures_to_estimates_and_clears_pending(
    insured: Insured,
) -> None:
    before = await _aging(insured)
    proc = await insured.procedure()
    claim = await insured.claim(proc)
    r = await insured.client.delete(f"{API}/claims/{claim['ClaimNum']}", headers=insured.a())
    assert (r.status_code, r.content) == (200, b"")
    left = await insured.ok("GET", "/claimprocs", ProcNum=proc)
    assert [(c["Status"], c["ClaimNum"]) for c in left] == [("Estimate", 0)]
    assert (await _aging(insured))["InsPayEst"] == before["InsPayEst"]
    r = await insured.client.get(f"{API}/claims/{claim['ClaimNum']}", headers=insured.a())
    assert r.status_code == 404
    again = await insured.claim(proc)  # the Estimate is claimed again, not duplicated
    assert len(await insured.ok("GET", "/claimprocs", ProcNum=proc)) == 1
    assert again["InsPayEst"] == 80.0


async def test_claims_are_listed_by_patient_status_and_edit_time(insured: Insured) -> None:
    claim = await insured.claim()
    assert [c["ClaimNum"] for c in await insured.ok("GET", "/claims", PatNum=1)] == [
        claim["ClaimNum"]
    ]
    assert await insured.ok("GET", "/claims", ClaimStatus="R") == []
    assert len(await insured.ok("GET", "/claims", ClaimStatus="w")) == 1
    assert await insured.ok("GET", "/claims", SecDateTEdit="2099-01-01 00:00:00") == []
    assert len(await insured.ok("GET", "/claims", SecDateTEdit="2000-01-01 00:00:00")) == 1
    r = await insured.client.get(f"{API}/claims?PatNum=999", headers=insured.a())
    assert r.status_code == 404 and r.json()["message"] == "Patient not found."
    r = await insured.client.get(f"{API}/claims?ClaimStatus=X", headers=insured.a())
    assert r.status_code == 400 and "ClaimStatus" in r.json()["message"]


async def test_a_claim_is_updated_sent_and_split_as_open_dental_does(insured: Insured) -> None:
    one, two = await insured.procedure(), await insured.procedure("60.00")
    claim = await insured.claim(one, two)
    num = claim["ClaimNum"]
    got = await insured.ok(
        "PUT",
        f"/claims/{num}",
        {"ClaimNote": "x-rays attached", "AccidentRelated": "A", "AccidentST": "or",
         "IsOrtho": "true", "OrthoTotalM": 24, "PlaceService": "School"},
    )  # fmt: skip
    assert (got["ClaimNote"], got["AccidentRelated"], got["AccidentST"]) == (
        "x-rays attached",
        "A",
        "OR",
    )
    assert (got["IsOrtho"], got["OrthoTotalM"], got["PlaceService"]) == ("True", 24, "School")
    sent = await insured.ok("PUT", f"/claims/{num}/Status", {"DateSent": "2026-11-20"})
    assert (sent["ClaimStatus"], sent["DateSent"]) == ("S", "2026-11-20")
    r = await insured.client.put(
        f"{API}/claims/{num}/Split", headers=insured.a(), json={"ProcNums": [two]}
    )
    assert r.status_code == 201
    new = r.json()
    assert new["ProcNums"] == [two]
    old = await insured.ok("GET", f"/claims/{num}")
    split = await insured.ok("GET", f"/claims/{new['ClaimNum']}")
    assert (old["ClaimFee"], split["ClaimFee"]) == (100.0, 60.0)
    assert split["PlanNum"] == old["PlanNum"] and split["ClaimStatus"] == "S"
    r = await insured.client.put(
        f"{API}/claims/{num}/Split", headers=insured.a(), json={"ProcNums": [one]}
    )
    assert r.status_code == 400 and "at least one" in r.json()["message"]


async def test_claim_refusals_say_what_to_fix(insured: Insured) -> None:
    tp = await insured.procedure(status="TP")
    done = await insured.procedure()
    cases: list[tuple[str, str, dict[str, Any], str]] = [
        ("POST", "/claims", {"PatNum": 1, "procNums": [done]}, "ClaimType is required"),
        ("POST", "/claims", {"PatNum": 1, "ClaimType": "P"}, "procNums is required"),
        ("POST", "/claims", {"PatNum": 1, "procNums": [tp], "ClaimType": "P"}, "is TP"),
        ("POST", "/claims", {"PatNum": 1, "procNums": [done], "ClaimType": "S"}, "no secondary"),
        ("POST", "/claims", {"PatNum": 3, "procNums": [done], "ClaimType": "P"}, "no primary"),
        ("POST", "/claims", {"PatNum": 1, "procNums": [done], "ClaimType": "PreAuth"}, "InsSubNum"),
        ("POST", "/claims", {"PatNum": 1, "procNums": ["x"], "ClaimType": "P"}, "whole number"),
        ("PUT", "/claims/1/Status", {}, "DateSent is required"),
        ("PUT", "/claimprocs/InsAdjust", {"PatPlanNum": 1}, "insUsed or deductibleUsed"),
    ]
    for method, path, body, words in cases:
        r = await insured.client.request(method, f"{API}{path}", headers=insured.a(), json=body)
        assert r.status_code == 400 and words in r.json()["message"], (path, body, r.text)
    r = await insured.client.put(
        f"{API}/claims/999/Status", headers=insured.a(), json={"DateSent": "2026-01-01"}
    )
    assert r.status_code == 404 and r.json()["message"] == "Claim not found"
    claim = await insured.claim(done)
    r = await insured.client.post(
        f"{API}/claims",
        headers=insured.a(),
        json={"PatNum": 1, "procNums": [done], "ClaimType": "P"},
    )
    assert (
        r.status_code == 400 and f"already on ClaimNum {claim['ClaimNum']}" in r.json()["message"]
    )


async def test_a_preauthorization_takes_planned_work_and_leaves_the_balance_alone(
    insured: Insured,
) -> None:
    before = await _aging(insured)
    tp = await insured.procedure(status="TP")
    claim = await insured.ok(
        "POST",
        "/claims",
        {"PatNum": 1, "procNums": [tp], "ClaimType": "PreAuth", "InsSubNum": insured.sub,
         "PatRelat": "Self"},
    )  # fmt: skip
    assert (claim["ClaimType"], claim["DateService"]) == ("PreAuth", "0001-01-01")
    cps = await insured.ok("GET", "/claimprocs", ClaimNum=claim["ClaimNum"])
    assert [c["Status"] for c in cps] == ["Preauth"]
    assert await _aging(insured) == before


async def test_ins_adjust_keeps_one_adjustment_that_makes_the_used_totals_read_as_sent(
    insured: Insured,
) -> None:
    body = {"PatPlanNum": insured.patplan, "date": "2026-06-01", "insUsed": "300"}
    r = await insured.client.put(f"{API}/claimprocs/InsAdjust", headers=insured.a(), json=body)
    assert (r.status_code, r.content) == (200, b"")
    adj = await insured.ok("GET", "/claimprocs", PatNum=1, Status="Adjustment")
    assert [(a["InsPayAmt"], a["ProcDate"], a["PlanNum"]) for a in adj] == [
        (300.0, "2026-06-01", insured.plan)
    ]
    body |= {"insUsed": "250", "deductibleUsed": "50"}
    await insured.ok("PUT", "/claimprocs/InsAdjust", body)
    adj = await insured.ok("GET", "/claimprocs", PatNum=1, Status="Adjustment")
    assert [(a["InsPayAmt"], a["DedApplied"]) for a in adj] == [(250.0, 50.0)]
    await insured.ok("PUT", "/claimprocs/InsAdjust", body | {"insUsed": "0", "deductibleUsed": "0"})
    assert await insured.ok("GET", "/claimprocs", PatNum=1, Status="Adjustment") == []
    r = await insured.client.put(
        f"{API}/claimprocs/{1}", headers=insured.a(), json={"Remarks": "x"}
    )
    assert r.status_code in (400, 404)


async def test_claimproc_updates_apply_overrides_and_refuse_statuses_put_cannot_set(
    insured: Insured,
) -> None:
    claim = await insured.claim()
    cp = (await insured.ok("GET", "/claimprocs", ClaimNum=claim["ClaimNum"]))[0]
    path = f"/claimprocs/{cp['ClaimProcNum']}"
    got = await insured.ok(
        "PUT", path, {"InsEstTotalOverride": "60", "Remarks": "EOB", "ClaimPaymentTracking": 0}
    )
    assert (got["InsPayEst"], got["InsEstTotalOverride"], got["Remarks"]) == (60.0, 60.0, "EOB")
    assert (await insured.ok("GET", f"/claims/{claim['ClaimNum']}"))["InsPayEst"] == 60.0
    for body, words in (
        ({"Status": "Adjustment"}, "Status must be one of"),
        ({"Status": "Bogus"}, "Status must be one of"),
        ({"PercentOverride": 101}, "between -1 and 100"),
        ({"InsPayAmt": "lots"}, "InsPayAmt must be an amount"),
    ):
        r = await insured.client.put(f"{API}{path}", headers=insured.a(), json=body)
        assert r.status_code == 400 and words in r.json()["message"], (body, r.text)
