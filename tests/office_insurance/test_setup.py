"""Carriers, employers, coverage categories, fee schedules and fees."""

from __future__ import annotations

from tests.office_insurance.conftest import API, Insured


async def test_carriers_are_created_listed_and_updated_with_no_body_in_the_answer(
    insured: Insured,
) -> None:
    one = await insured.ok("GET", f"/carriers/{insured.carrier}")
    assert (one["CarrierName"], one["Zip"], one["NoSendElect"], one["IsHidden"]) == (
        "Dental Guard",
        "97035",
        "SendElect",
        "false",
    )
    r = await insured.client.put(
        f"{API}/carriers/{insured.carrier}",
        headers=insured.a(),
        json={"IsHidden": "true", "NoSendElect": "NoSendElect", "ElectID": "54651"},
    )
    assert (r.status_code, r.content) == (200, b"")
    rows = await insured.ok("GET", "/carriers")
    assert [(c["IsHidden"], c["NoSendElect"], c["ElectID"]) for c in rows] == [
        ("true", "NoSendElect", "54651")
    ]
    for body, words in (
        ({}, "CarrierName is required"),
        ({"CarrierName": "X", "Zip": "9"}, "Zip must be a US zip"),
        ({"CarrierName": "X", "NoSendElect": "Never"}, "NoSendElect must be one of"),
        ({"CarrierName": "X", "IsHidden": "yes"}, 'IsHidden must be "true" or "false"'),
    ):
        r = await insured.client.post(f"{API}/carriers", headers=insured.a(), json=body)
        assert r.status_code == 400 and words in r.json()["message"], (body, r.text)


async def test_employers_are_renamed_and_deleted_unless_in_use(insured: Insured) -> None:
    made = await insured.ok("POST", "/employers", {"EmpName": "Store Mart"})
    num = made["EmployerNum"]
    assert await insured.ok("PUT", f"/employers/{num}", {"EmpName": "Store Mart Inc"}) == {
        "EmployerNum": num,
        "EmpName": "Store Mart Inc",
    }
    await insured.ok("PUT", f"/insplans/{insured.plan}", {"EmployerNum": num})
    r = await insured.client.delete(f"{API}/employers/{num}", headers=insured.a())
    assert r.status_code == 400 and "used by an insurance plan" in r.json()["message"]
    await insured.ok("PUT", f"/insplans/{insured.plan}", {"EmployerNum": 0})
    await insured.ok("DELETE", f"/employers/{num}")
    r = await insured.client.get(f"{API}/employers/{num}", headers=insured.a())
    assert r.status_code == 404
    r = await insured.client.put(f"{API}/employers/{num}", headers=insured.a(), json={})
    assert r.status_code == 400 and "EmpName is required" in r.json()["message"]


async def test_coverage_categories_ship_with_the_office_and_new_ones_go_last(
    insured: Insured,
) -> None:
    rows = await insured.ok("GET", "/covcats")
    assert rows[0] == {
        "CovCatNum": 1,
        "Description": "General",
        "DefaultPercent": -1,
        "CovOrder": 0,
        "IsHidden": "false",
        "EbenefitCat": "General",
    }
    made = await insured.ok(
        "POST", "/covcats", {"Description": "Implants", "DefaultPercent": 80, "EbenefitCat": "None"}
    )
    assert made["CovOrder"] == len(rows)
    changed = await insured.ok("PUT", f"/covcats/{made['CovCatNum']}", {"IsHidden": "true"})
    assert changed["IsHidden"] == "true"
    r = await insured.client.post(
        f"{API}/covcats", headers=insured.a(), json={"Description": "x", "DefaultPercent": 101}
    )
    assert r.status_code == 400 and "DefaultPercent must be between -1 and 100" in r.text


async def test_fee_schedules_and_their_fees(insured: Insured) -> None:
    sched = await insured.ok(
        "POST",
        "/feescheds",
        {"Description": "PPO 2030", "FeeSchedType": "Normal", "IsGlobal": "false"},
    )
    assert (sched["FeeSchedType"], sched["IsGlobal"]) == ("Normal", "false")
    r = await insured.client.put(
        f"{API}/feescheds/{sched['FeeSchedNum']}",
        headers=insured.a(),
        json={"FeeSchedType": "CoPay"},
    )
    assert r.status_code == 400 and "cannot be changed" in r.json()["message"]
    body = {"Amount": "99.99", "FeeSched": sched["FeeSchedNum"], "CodeNum": 1}
    made = await insured.ok("POST", "/fees", body | {"ClinicNum": 1, "ProvNum": 1})
    assert made["Amount"] == "99.99"  # a string in the answer to a write, as Open Dental's
    read = await insured.ok("GET", f"/fees/{made['FeeNum']}")
    assert read["Amount"] == 99.99
    assert [
        f["FeeNum"] for f in await insured.ok("GET", "/fees", FeeSched=sched["FeeSchedNum"])
    ] == [made["FeeNum"]]
    assert await insured.ok("GET", "/fees", CodeNum=2) == []
    r = await insured.client.post(
        f"{API}/fees", headers=insured.a(), json=body | {"ClinicNum": 1, "ProvNum": 1}
    )
    assert r.status_code == 400 and "already holds this fee" in r.json()["message"]
    changed = await insured.ok("PUT", f"/fees/{made['FeeNum']}", {"Amount": "79.99"})
    assert changed["Amount"] == "79.99"
    await insured.ok("DELETE", f"/fees/{made['FeeNum']}")
    for payload, words in (
        ({"FeeSched": 1, "CodeNum": 1}, "Amount is required"),
        (body | {"Amount": "-1"}, "may not be negative"),
        (body | {"CodeNum": 99}, "CodeNum 99 was not found"),
        ({"Description": "x"}, "FeeSchedType is required"),
    ):
        path = "/feescheds" if "Description" in payload else "/fees"
        r = await insured.client.post(f"{API}{path}", headers=insured.a(), json=payload)
        assert r.status_code in (400, 404) and words in r.json()["message"], (payload, r.text)
