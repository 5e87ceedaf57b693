"""providers, operatories, clinics, userods and preferences: lists, singles, shapes, paging."""

from __future__ import annotations

import httpx

from tests.office.conftest import Practice

USEROD_FIELDS = [
    *("UserNum", "UserName", "userGroupNums", "EmployeeNum", "employeeName", "ProviderNum"),
    *("providerName", "ClinicNum", "emailAddress", "IsHidden", "UserNumCEMT"),
    "IsPasswordResetRequired",
]


async def test_providers_list_and_single_in_open_dental_shape(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/providers", headers=practice.a())
    assert r.status_code == 200
    rows = r.json()
    assert [p["ProvNum"] for p in rows] == [1, 2]
    assert rows[0]["Abbr"] == "DOC1" and rows[0]["IsHidden"] == "false"
    assert rows[0]["ProvStatus"] == "Active" and "serverDateTime" in rows[0]
    one = await client.get("/api/v1/providers/2", headers=practice.a())
    assert one.json()["Abbr"] == "HYG1"
    assert (await client.get("/api/v1/providers/9", headers=practice.a())).status_code == 404


async def test_providers_by_clinic_answer_an_empty_serverdatetime(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/providers?ClinicNum=1", headers=practice.a())
    assert [p["ProvNum"] for p in r.json()] == [1]
    # apiproviders.html: no server time with ClinicNum; its example shows the field empty.
    assert r.json()[0]["serverDateTime"] == ""
    r = await client.get("/api/v1/providers?DateTStamp=2027-01-01 00:00:00", headers=practice.a())
    assert r.json() == []


async def test_operatories_list_filter_and_single(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/operatories", headers=practice.a())
    assert [o["OperatoryNum"] for o in r.json()] == [1, 2]
    assert r.json()[1]["IsHygiene"] == "true" and r.json()[1]["ProvHygienist"] == 2
    r = await client.get("/api/v1/operatories?ClinicNum=1", headers=practice.a())
    assert [o["OpName"] for o in r.json()] == ["Op 1"]
    one = await client.get("/api/v1/operatories/2", headers=practice.a())
    assert one.json()["Abbrev"] == "HYG"
    missing = await client.get("/api/v1/operatories/3", headers=practice.a())
    assert missing.status_code == 404 and "OperatoryNum 3" in missing.json()["message"]


async def test_clinics_list_and_single(practice: Practice, client: httpx.AsyncClient) -> None:
    r = await client.get("/api/v1/clinics", headers=practice.a())
    assert r.json() == [
        {
            "ClinicNum": 1,
            "Description": "Main Street",
            "Address": "1 Main St",
            "Address2": "",
            "City": "Salem",
            "State": "OR",
            "Zip": "97301",
            "BillingAddress": "",
            "BillingAddress2": "",
            "BillingCity": "",
            "BillingState": "",
            "BillingZip": "",
            "PayToAddress": "",
            "PayToAddress2": "",
            "PayToCity": "",
            "PayToState": "",
            "PayToZip": "",
            "Phone": "5035550100",
            "Abbr": "MAIN",
            "IsHidden": "false",
        }
    ]
    assert (await client.get("/api/v1/clinics/1", headers=practice.a())).json()["Abbr"] == "MAIN"
    assert (await client.get("/api/v1/clinics/2", headers=practice.a())).status_code == 404
    assert (await client.get("/api/v1/clinics", headers=practice.b())).json() == []


async def test_userods_never_carry_a_password_field(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/userods", headers=practice.a())
    assert r.status_code == 200
    assert [u["UserName"] for u in r.json()] == ["admin", "frontdesk"]
    assert "argon2" not in r.text
    for row in r.json():
        # Exactly apiuserods.html's fields: its only "pass" field says whether a reset is due.
        assert list(row) == USEROD_FIELDS
        assert not any("pass" in key.lower() for key in row if key != "IsPasswordResetRequired")
        assert row["IsPasswordResetRequired"] in ("true", "false")
    r = await client.get("/api/v1/userods?ClinicNum=1", headers=practice.a())
    assert [u["UserNum"] for u in r.json()] == [2]


async def test_preferences_without_prefname_list_all_paged_in_prefnum_order(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/preferences", headers=practice.a())
    assert r.status_code == 200
    rows = r.json()
    names = [p["PrefName"] for p in rows]
    assert {"ProgramVersion", "DateLastAging", "AgingServiceTimeDue"} <= set(names)
    assert [p["PrefNum"] for p in rows] == sorted(p["PrefNum"] for p in rows)
    assert all(set(p) == {"PrefNum", "PrefName", "ValueString"} for p in rows)
    page = (await client.get("/api/v1/preferences?Offset=2&Limit=3", headers=practice.a())).json()
    assert page == rows[2:5]
    one = await client.get("/api/v1/preferences?prefname=programversion", headers=practice.a())
    assert [p["PrefName"] for p in one.json()] == ["ProgramVersion"]
    bad = await client.get("/api/v1/preferences?Offset=-5", headers=practice.a())
    assert bad.status_code == 400 and "Offset" in bad.json()["message"]
