"""Office B's insurance is not office A's, and every insurance table answers ShortQuery."""

from __future__ import annotations

import pytest

from tests.office_insurance.conftest import API, Insured

SINGLES = (
    "/procedurecodes/{}",
    "/carriers/{}",
    "/employers/{}",
    "/covcats/{}",
    "/fees/{}",
    "/insplans/{}",
    "/inssubs/{}",
    "/benefits/{}",
    "/insverifies/{}",
    "/claims/{}",
    "/claimprocs/{}",
    "/claimpayments/{}",
)
TABLES = [
    "carrier",
    "employer",
    "insplan",
    "inssub",
    "patplan",
    "benefit",
    "claim",
    "claimproc",
    "claimpayment",
    "insverify",
    "feesched",
    "fee",
    "covcat",
    "procedurecode",
]


async def test_a_key_for_office_b_gets_404_for_office_as_insurance_records(
    insured: Insured,
) -> None:
    claim = await insured.claim()
    cp = (await insured.ok("GET", "/claimprocs", ClaimNum=claim["ClaimNum"]))[0]
    await insured.ok(
        "PUT", f"/claimprocs/{cp['ClaimProcNum']}", {"Status": "Received", "InsPayAmt": "10"}
    )
    pay = await insured.ok(
        "POST", "/claimpayments", {"claimNum": claim["ClaimNum"], "CheckAmt": "10"}
    )
    fee = await insured.ok("POST", "/feescheds", {"Description": "F", "FeeSchedType": "Normal"})
    fee_num = (
        await insured.ok(
            "POST", "/fees", {"Amount": 1, "FeeSched": fee["FeeSchedNum"], "CodeNum": 1}
        )
    )["FeeNum"]
    verify = await insured.ok(
        "PUT", "/insverifies", {"VerifyType": "InsuranceBenefit", "FKey": insured.plan}
    )
    employer = await insured.ok("POST", "/employers", {"EmpName": "E"})
    benefit = (await insured.ok("GET", "/benefits"))[0]["BenefitNum"]
    nums = {
        "/procedurecodes/{}": 1,
        "/carriers/{}": insured.carrier,
        "/employers/{}": employer["EmployerNum"],
        "/covcats/{}": 20,  # office A's own (added by the tests); B has only the 14 it ships with
        "/fees/{}": fee_num,
        "/insplans/{}": insured.plan,
        "/inssubs/{}": insured.sub,
        "/benefits/{}": benefit,
        "/insverifies/{}": verify["InsVerifyNum"],
        "/claims/{}": claim["ClaimNum"],
        "/claimprocs/{}": cp["ClaimProcNum"],
        "/claimpayments/{}": pay["ClaimPaymentNum"],
    }
    while len(await insured.ok("GET", "/covcats")) < 20:
        await insured.ok("POST", "/covcats", {"Description": "More"})
    for template in SINGLES:
        path = API + template.format(nums[template])
        mine = await insured.client.get(path, headers=insured.a())
        theirs = await insured.client.get(path, headers=insured.b())
        assert mine.status_code == 200, (path, mine.text)
        assert theirs.status_code == 404, (path, theirs.text)
    r = await insured.client.put(
        f"{API}/claims/{claim['ClaimNum']}", headers=insured.b(), json={"ClaimNote": "x"}
    )
    assert r.status_code == 404
    assert (await insured.client.get(f"{API}/patplans", headers=insured.b())).json() == []


@pytest.mark.parametrize("table", TABLES)
async def test_shortquery_reads_every_insurance_table_by_open_dentals_names(
    insured: Insured, table: str
) -> None:
    r = await insured.client.put(
        f"{API}/queries/ShortQuery",
        headers=insured.b(),
        json={"SqlCommand": f"SELECT * FROM {table}"},
    )
    assert r.status_code == 200, r.text
    assert isinstance(r.json(), list)
    rows = await insured.ok(
        "PUT", "/queries/ShortQuery", {"SqlCommand": f"SELECT * FROM {table.upper()} LIMIT 1"}
    )
    assert isinstance(rows, list)


async def test_shortquery_joins_coverage_the_way_open_dental_queries_do(insured: Insured) -> None:
    sql = (
        "SELECT p.LName, c.CarrierName, ip.GroupName, pp.Ordinal FROM patplan pp "
        "INNER JOIN inssub ib ON ib.InsSubNum = pp.InsSubNum "
        "INNER JOIN insplan ip ON ip.PlanNum = ib.PlanNum "
        "INNER JOIN carrier c ON c.CarrierNum = ip.CarrierNum "
        "INNER JOIN patient p ON p.PatNum = pp.PatNum ORDER BY pp.PatPlanNum"
    )
    rows = await insured.ok("PUT", "/queries/ShortQuery", {"SqlCommand": sql})
    assert [(r["LName"], r["CarrierName"], r["GroupName"], r["Ordinal"]) for r in rows] == [
        ("Smith", "Dental Guard", "Acme", 1),
        ("Smith", "Dental Guard", "Acme", 1),
    ]
