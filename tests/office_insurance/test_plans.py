"""Insurance plans, subscriptions, coverage (PatPlans), benefits and verifications."""

from __future__ import annotations

from tests.office_insurance.conftest import API, Insured


async def test_plans_are_listed_by_type_and_carrier_and_updated(insured: Insured) -> None:
    plan = await insured.ok("GET", f"/insplans/{insured.plan}")
    assert (plan["PlanType"], plan["CobRule"], plan["ClaimFormNum"]) == ("", "Standard", 1)
    assert len(await insured.ok("GET", "/insplans", PlanType="percentage")) == 1
    assert await insured.ok("GET", "/insplans", PlanType="p") == []
    assert len(await insured.ok("GET", "/insplans", CarrierNum=insured.carrier)) == 1
    changed = await insured.ok(
        "PUT", f"/insplans/{insured.plan}", {"PlanType": "p", "MonthRenew": 7, "CobRule": "Basic"}
    )
    assert (changed["PlanType"], changed["MonthRenew"], changed["CobRule"]) == ("p", 7, "Basic")
    for body, words in (
        ({}, "CarrierNum is required"),
        ({"CarrierNum": 99}, "CarrierNum 99 was not found"),
        ({"CarrierNum": insured.carrier, "PlanType": "x"}, "PlanType must be"),
        ({"CarrierNum": insured.carrier, "MonthRenew": 13}, "MonthRenew must be between 0 and 12"),
        (
            {"CarrierNum": insured.carrier, "PlanType": "p", "IsBlueBookEnabled": "true"},
            "Percentage",
        ),
    ):
        r = await insured.client.post(f"{API}/insplans", headers=insured.a(), json=body)
        assert r.status_code in (400, 404) and words in r.json()["message"], (body, r.text)
    r = await insured.client.get(f"{API}/insplans?PlanType=z", headers=insured.a())
    assert r.status_code == 400


async def test_subscriptions_are_listed_changed_and_kept_while_they_cover_someone(
    insured: Insured,
) -> None:
    sub = await insured.ok("GET", f"/inssubs/{insured.sub}")
    assert (sub["Subscriber"], sub["SubscriberID"], sub["ReleaseInfo"]) == (1, "A1", "true")
    assert len(await insured.ok("GET", "/inssubs", Subscriber=1)) == 1
    assert await insured.ok("GET", "/inssubs", PlanNum=999) == []
    assert len(await insured.ok("GET", "/inssubs", SecDateTEdit="2000-01-01")) == 1
    assert await insured.ok("GET", "/inssubs", SecDateTEdit="2099-01-01 00:00:00") == []
    r = await insured.client.put(
        f"{API}/inssubs/{insured.sub}", headers=insured.a(), json={"SubscNote": "COB"}
    )
    assert (r.status_code, r.content) == (200, b"")
    assert (await insured.ok("GET", f"/inssubs/{insured.sub}"))["SubscNote"] == "COB"
    r = await insured.client.delete(f"{API}/inssubs/{insured.sub}", headers=insured.a())
    assert r.status_code == 400
    assert r.json()["message"] == "Can't delete InsSub because PatPlans are still attached."
    r = await insured.client.post(
        f"{API}/inssubs", headers=insured.a(), json={"PlanNum": insured.plan, "Subscriber": 1}
    )
    assert r.status_code == 400 and "SubscriberID is required" in r.json()["message"]


async def test_coverage_keeps_ordinals_in_order_and_drops(insured: Insured) -> None:
    second_sub = await insured.ok(
        "POST", "/inssubs", {"PlanNum": insured.plan, "Subscriber": 1, "SubscriberID": "B2"}
    )
    new = await insured.ok(
        "POST", "/patplans", {"PatNum": 1, "InsSubNum": second_sub["InsSubNum"], "Ordinal": 1}
    )
    mine = await insured.ok("GET", "/patplans", PatNum=1)
    assert [(p["PatPlanNum"], p["Ordinal"]) for p in mine] == [
        (insured.patplan, 2),
        (new["PatPlanNum"], 1),
    ]
    changed = await insured.ok(
        "PUT", f"/patplans/{new['PatPlanNum']}", {"Ordinal": 2, "PatID": "X"}
    )
    assert (changed["Ordinal"], changed["PatID"]) == (2, "X")
    await insured.ok("DELETE", f"/patplans/{insured.patplan}")
    assert [p["Ordinal"] for p in await insured.ok("GET", "/patplans", PatNum=1)] == [1]
    for body, status, words in (
        ({"PatNum": 999, "InsSubNum": insured.sub}, 404, "Patient does not exist."),
        ({"PatNum": 1, "InsSubNum": 999}, 404, "InsSub does not exist."),
        ({"PatNum": 2, "InsSubNum": insured.sub}, 400, "already covered"),
        ({"PatNum": 1, "InsSubNum": insured.sub, "Relationship": "Cousin"}, 400, "Relationship"),
    ):
        r = await insured.client.post(f"{API}/patplans", headers=insured.a(), json=body)
        assert r.status_code == status and words in r.json()["message"], (body, r.text)


async def test_benefits_of_a_plan_and_of_a_coverage(insured: Insured) -> None:
    rows = await insured.ok("GET", "/benefits", PlanNum=insured.plan)
    assert [(b["BenefitType"], b["Percent"], b["TimePeriod"]) for b in rows] == [
        ("CoInsurance", 80, "CalendarYear")
    ]
    made = await insured.ok(
        "POST",
        "/benefits",
        {"PatPlanNum": insured.patplan, "BenefitType": "WaitingPeriod", "CoverageLevel": "Family",
         "QuantityQualifier": "Months", "Quantity": 6, "procCode": "D1110"},
    )  # fmt: skip
    assert (made["CodeNum"], made["procCode"], made["PlanNum"]) == (2, "D1110", 0)
    assert [
        b["BenefitNum"] for b in await insured.ok("GET", "/benefits", PatPlanNum=insured.patplan)
    ] == [made["BenefitNum"]]
    changed = await insured.ok("PUT", f"/benefits/{made['BenefitNum']}", {"Quantity": 9})
    assert changed["Quantity"] == 9
    await insured.ok("DELETE", f"/benefits/{made['BenefitNum']}")
    base = {"PlanNum": insured.plan, "CoverageLevel": "None"}
    for body, words in (
        ({"BenefitType": "CoInsurance", "CoverageLevel": "None"}, "PlanNum or PatPlanNum"),
        (base, "BenefitType is required"),
        (base | {"BenefitType": "Deductible", "Percent": 50}, "Percent is allowed only"),
        (base | {"BenefitType": "CoInsurance", "Percent": 150}, "between -1 and 100"),
        (base | {"BenefitType": "WaitingPeriod"}, 'must be "Months" or "Years"'),
        (base | {"BenefitType": "Limitations", "QuantityQualifier": "AgeLimit"}, "greater than 0"),
        (
            base | {"BenefitType": "Limitations", "CovCatNum": 1, "CodeNum": 1},
            "only when CovCatNum",
        ),
    ):
        r = await insured.client.post(f"{API}/benefits", headers=insured.a(), json=body)
        assert r.status_code == 400 and words in r.json()["message"], (body, r.text)


async def test_a_verification_is_kept_one_per_coverage_and_updated_in_place(
    insured: Insured,
) -> None:
    body = {
        "VerifyType": "PatientEnrollment",
        "FKey": insured.patplan,
        "DateLastVerified": "2026-11-01",
    }
    first = await insured.ok("PUT", "/insverifies", body)
    again = await insured.ok("PUT", "/insverifies", body | {"Note": "Need additional pat info"})
    assert again["InsVerifyNum"] == first["InsVerifyNum"]
    assert (again["Note"], again["DateLastVerified"]) == ("Need additional pat info", "2026-11-01")
    listed = await insured.ok(
        "GET", "/insverifies", VerifyType="PatientEnrollment", FKey=insured.patplan
    )
    assert [v["InsVerifyNum"] for v in listed] == [first["InsVerifyNum"]]
    assert await insured.ok("GET", "/insverifies", VerifyType="InsuranceBenefit") == []
    one = await insured.ok("GET", f"/insverifies/{first['InsVerifyNum']}")
    assert one["VerifyType"] == "PatientEnrollment"
    r = await insured.client.get(f"{API}/insverifies?FKey=1", headers=insured.a())
    assert r.status_code == 400 and "VerifyType is required" in r.json()["message"]
    for payload, status in (
        ({"FKey": 1}, 400),
        (body | {"VerifyType": "None"}, 400),
        (body | {"FKey": 999}, 404),
        (body | {"DefNum": 1}, 400),
    ):
        r = await insured.client.put(f"{API}/insverifies", headers=insured.a(), json=payload)
        assert r.status_code == status, (payload, r.text)
