"""``GET /familymodules/{PatNum}/Insurance``: the Family Module's insurance rows."""

from __future__ import annotations

import httpx

from tests.office_rest.conftest import API, Insured, Practice

FIELDS = [
    *("PatNum", "InsSubNum", "Subscriber", "subscriber", "SubscriberID", "SubscNote"),
    *("PatPlanNum", "Ordinal", "ordinal", "IsPending", "Relationship", "PatID"),
    *("CarrierNum", "CarrierName", "PlanNum", "GroupName", "GroupNum", "PlanNote"),
    *("FeeSched", "feeSchedule", "PlanType", "planType", "CopayFeeSched", "EmployerNum"),
    *("employer", "IsMedical"),
]


async def _secondary(insured: Insured) -> dict[str, int]:
    """A second plan for Jane: PPO with a fee schedule and an employer."""
    emp = await insured.ok("POST", "/employers", {"EmpName": "Happy Dental"})
    sched = await insured.ok(
        "POST", "/feescheds", {"Description": "PPO Fees", "FeeSchedType": "Normal"}
    )
    carrier = await insured.ok("POST", "/carriers", {"CarrierName": "Metlife Dental"})
    plan = await insured.ok(
        "POST",
        "/insplans",
        {
            "CarrierNum": carrier["CarrierNum"],
            "PlanType": "p",
            "FeeSched": sched["FeeSchedNum"],
            "EmployerNum": emp["EmployerNum"],
            "PlanNote": "Insurance plan note.",
        },
    )
    sub = await insured.ok(
        "POST", "/inssubs", {"PlanNum": plan["PlanNum"], "Subscriber": 1, "SubscriberID": "987"}
    )
    pp = await insured.ok(
        "POST", "/patplans", {"PatNum": 1, "InsSubNum": sub["InsSubNum"], "Ordinal": 2}
    )
    return {"plan": plan["PlanNum"], "patplan": pp["PatPlanNum"], "emp": emp["EmployerNum"]}


async def test_a_patients_insurance_lists_each_coverage_with_open_dentals_fields_in_order(
    insured: Insured, client: httpx.AsyncClient
) -> None:
    second = await _secondary(insured)
    r = await client.get(f"{API}/familymodules/1/Insurance", headers=insured.a())
    assert r.status_code == 200
    rows = r.json()
    assert [list(row) for row in rows] == [FIELDS, FIELDS]
    primary, secondary = rows
    assert primary["PatPlanNum"] == insured.patplan
    assert (primary["Ordinal"], primary["ordinal"]) == (1, "Primary")
    assert primary["subscriber"] == "Jane Smith"
    assert primary["CarrierName"] == "Dental Guard"
    assert primary["Relationship"] == "Self"
    assert primary["IsPending"] == "false"
    assert (primary["PlanType"], primary["planType"]) == ("", "Category Percentage")
    assert (secondary["Ordinal"], secondary["ordinal"]) == (2, "Secondary")
    assert secondary["PatPlanNum"] == second["patplan"]
    assert (secondary["PlanType"], secondary["planType"]) == ("p", "PPO Percentage")
    assert secondary["feeSchedule"] == "PPO Fees"
    assert (secondary["EmployerNum"], secondary["employer"]) == (second["emp"], "Happy Dental")
    assert secondary["PlanNote"] == "Insurance plan note."


async def test_a_ppo_plan_with_a_fixed_benefit_copay_schedule_reads_ppo_fixed_benefit(
    insured: Insured, client: httpx.AsyncClient
) -> None:
    fixed = await insured.ok(
        "POST", "/feescheds", {"Description": "Fixed", "FeeSchedType": "FixedBenefit"}
    )
    await insured.ok(
        "PUT",
        f"/insplans/{insured.plan}",
        {"PlanType": "p", "CopayFeeSched": fixed["FeeSchedNum"]},
    )
    [row] = (await client.get(f"{API}/familymodules/2/Insurance", headers=insured.a())).json()
    assert (row["PlanType"], row["planType"]) == ("p", "PPO Fixed Benefit")
    assert row["CopayFeeSched"] == fixed["FeeSchedNum"]


async def test_a_dependent_sees_the_subscribers_name_and_their_relationship(
    insured: Insured, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/familymodules/2/Insurance", headers=insured.a())
    [row] = r.json()
    assert (row["PatNum"], row["Subscriber"], row["subscriber"]) == (2, 1, "Jane Smith")
    assert row["Relationship"] == "Child"


async def test_a_patient_without_insurance_gets_an_empty_list(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/familymodules/3/Insurance", headers=practice.a())
    assert (r.status_code, r.json()) == (200, [])


async def test_an_unknown_patient_is_a_404_that_names_it(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/familymodules/999/Insurance", headers=practice.a())
    assert r.status_code == 404
    assert "PatNum 999" in r.json()["message"]


async def test_another_offices_patient_is_a_404(
    insured: Insured, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/familymodules/1/Insurance", headers=insured.b())
    assert r.status_code == 404


async def test_a_path_id_that_is_not_a_number_is_a_400(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"{API}/familymodules/abc/Insurance", headers=practice.a())
    assert r.status_code == 400
    assert "PatNum" in r.json()["message"]
