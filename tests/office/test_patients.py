"""``/patients``: Open Dental's field names, spellings and rules, and nothing from another office."""

from __future__ import annotations

import httpx

from tests.office.conftest import Practice

FULL_FIELDS = [
    "PatNum",
    "LName",
    "FName",
    "MiddleI",
    "Preferred",
    "PatStatus",
    "Gender",
    "Position",
    "Birthdate",
    "SSN",
    "Address",
    "Address2",
    "City",
    "State",
    "Zip",
    "HmPhone",
    "WkPhone",
    "WirelessPhone",
    "Guarantor",
    "Email",
    "EstBalance",
    "PriProv",
    "priProvAbbr",
    "SecProv",
    "secProvAbbr",
    "FeeSched",
    "BillingType",
    "ImageFolder",
    "FamFinUrgNote",
    "ChartNumber",
    "MedicaidID",
    "BalTotal",
    "EmployerNum",
    "DateFirstVisit",
    "ClinicNum",
    "clinicAbbr",
    "Premed",
    "Ward",
    "PreferConfirmMethod",
    "PreferContactMethod",
    "PreferRecallMethod",
    "Language",
    "AdmitDate",
    "siteDesc",
    "DateTStamp",
    "SuperFamily",
    "TxtMsgOk",
    "SecDateEntry",
]


async def test_get_patient_returns_open_dental_fields_in_order(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get(f"/api/v1/patients/{practice.smith}", headers=practice.a())
    assert r.status_code == 200
    body = r.json()
    assert list(body) == FULL_FIELDS
    assert body["PatStatus"] == "Patient"
    assert body["Gender"] == "Female"
    assert body["Position"] == "Single"
    assert body["Birthdate"] == "1976-05-24"
    assert body["DateFirstVisit"] == "0001-01-01"
    assert body["priProvAbbr"] == "DOC1"
    assert body["clinicAbbr"] == "MAIN"
    assert body["BillingType"] == "Standard Account"
    assert body["EstBalance"] == 12.5
    assert body["BalTotal"] == 111.9
    assert body["TxtMsgOk"] == "Unknown"
    assert body["DateTStamp"] == "2026-01-05 09:00:00"


async def test_unknown_patnum_is_404_naming_it(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/patients/999999", headers=practice.a())
    assert r.status_code == 404
    assert "PatNum 999999" in r.json()["message"]


async def test_non_numeric_patnum_is_400_naming_it(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/patients/abc", headers=practice.a())
    assert r.status_code == 400
    assert "PatNum" in r.json()["message"]


async def test_office_b_patient_is_404_with_office_a_key_exactly_like_a_missing_one(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    other = await client.get(f"/api/v1/patients/{practice.b_patient}", headers=practice.a())
    own = await client.get(f"/api/v1/patients/{practice.b_patient}", headers=practice.b())
    missing = await client.get("/api/v1/patients/501", headers=practice.a())
    assert own.status_code == 200 and own.json()["LName"] == "Bee"
    assert other.status_code == 404
    assert other.json()["message"].replace("500", "N") == missing.json()["message"].replace(
        "501", "N"
    )
    assert set(other.json()) == set(missing.json())


async def test_office_b_patient_cannot_be_changed_with_office_a_key(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.put(
        f"/api/v1/patients/{practice.b_patient}", headers=practice.a(), json={"FName": "X"}
    )
    assert r.status_code == 404
    own = await client.get(f"/api/v1/patients/{practice.b_patient}", headers=practice.b())
    assert own.json()["FName"] == "Office"


async def test_simple_filters_by_partial_case_insensitive_name(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/patients/simple?lname=SMI", headers=practice.a())
    assert r.status_code == 200
    rows = r.json()
    assert [p["PatNum"] for p in rows] == [1, 2]
    assert all("serverDateTime" in p for p in rows)
    r = await client.get("/api/v1/patients/Simple?LName=smith&FName=tom", headers=practice.a())
    assert [p["FName"] for p in r.json()] == ["Tommy"]


async def test_simple_filters_by_status_gender_guarantor_birthdate_and_clinic(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    assert [
        p["PatNum"]
        for p in (await client.get("/api/v1/patients/Simple?PatStatus=Inactive", headers=h)).json()
    ] == [3]
    assert [
        p["PatNum"]
        for p in (await client.get("/api/v1/patients/Simple?Gender=Male", headers=h)).json()
    ] == [2, 3]
    assert [
        p["PatNum"]
        for p in (await client.get("/api/v1/patients/Simple?Guarantor=1", headers=h)).json()
    ] == [1, 2]
    assert [
        p["PatNum"]
        for p in (
            await client.get("/api/v1/patients/Simple?Birthdate=1960-01-01", headers=h)
        ).json()
    ] == [3]
    assert [
        p["PatNum"]
        for p in (await client.get("/api/v1/patients/Simple?ClinicNum=0", headers=h)).json()
    ] == [3]
    assert [
        p["PatNum"]
        for p in (
            await client.get("/api/v1/patients/Simple?PriProv=1&Position=Child", headers=h)
        ).json()
    ] == [2]


async def test_simple_datetstamp_returns_only_rows_changed_since(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        "/api/v1/patients/Simple?DateTStamp=2026-03-01 00:00:00", headers=practice.a()
    )
    assert [p["PatNum"] for p in r.json()] == [3]
    server = r.json()[0]["serverDateTime"]
    await client.put("/api/v1/patients/1", headers=practice.a(), json={"Preferred": "JJ"})
    r = await client.get(f"/api/v1/patients/Simple?DateTStamp={server}", headers=practice.a())
    assert [p["PatNum"] for p in r.json()] == [1]


async def test_simple_pages_in_patnum_order_with_offset_and_limit(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    first = (await client.get("/api/v1/patients/Simple?Limit=2", headers=h)).json()
    rest = (await client.get("/api/v1/patients/Simple?offset=2&limit=2", headers=h)).json()
    assert [p["PatNum"] for p in first] == [1, 2]
    assert [p["PatNum"] for p in rest] == [3]
    capped = await client.get("/api/v1/patients/Simple?Limit=5000", headers=h)
    assert capped.status_code == 200


async def test_bad_filters_are_400_naming_the_parameter(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    for query, word in (
        ("Offset=-1", "Offset"),
        ("Limit=ten", "Limit"),
        ("PatStatus=Alive", "PatStatus"),
        ("Birthdate=24/05/1976", "Birthdate"),
        ("DateTStamp=yesterday", "DateTStamp"),
        ("Guarantor=x", "Guarantor"),
    ):
        r = await client.get(f"/api/v1/patients/Simple?{query}", headers=h)
        assert r.status_code == 400, query
        assert word in r.json()["message"], query


async def test_search_list_returns_reduced_rows_and_hides_archived(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/patients?LName=sm", headers=practice.a())
    assert r.status_code == 200
    rows = r.json()
    assert [p["PatNum"] for p in rows] == [1, 2]
    assert "serverDateTime" not in rows[0] and "DateTStamp" not in rows[0]
    assert rows[0]["priProvAbbr"] == "DOC1"
    r = await client.get("/api/v1/patients?guarOnly=true", headers=practice.a())
    assert [p["PatNum"] for p in r.json()] == [1, 3]
    r = await client.get("/api/v1/patients?hideInactive=true", headers=practice.a())
    assert [p["PatNum"] for p in r.json()] == [1, 2]
    r = await client.get("/api/v1/patients?LName=nobody", headers=practice.a())
    assert r.json() == []


async def test_post_patient_needs_only_names_and_answers_201_with_location_and_record(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/patients", headers=practice.a(), json={"LName": "Newman", "FName": "Ann"}
    )
    assert r.status_code == 201
    body = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/patients/{body['PatNum']}")
    assert body["Guarantor"] == body["PatNum"]
    assert body["PatStatus"] == "Patient"
    assert body["Gender"] == "Unknown"
    again = await client.get(f"/api/v1/patients/{body['PatNum']}", headers=practice.a())
    assert again.json() == body


async def test_post_patient_takes_enum_text_dates_and_zip(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/patients",
        headers=practice.a(),
        json={
            "lname": "Garcia",
            "FName": "Luz",
            "Gender": "female",
            "Position": "Married",
            "Birthdate": "1990-04-02",
            "Zip": "97301-1234",
            "PreferContactMethod": "TextMessage",
            "TxtMsgOk": "Yes",
            "Guarantor": 1,
            "ClinicNum": 1,
            "Language": "spa",
        },
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["Gender"], body["Position"], body["Birthdate"]) == (
        "Female",
        "Married",
        "1990-04-02",
    )
    assert body["PreferContactMethod"] == "TextMessage"
    assert body["Guarantor"] == 1 and body["clinicAbbr"] == "MAIN"


async def test_post_patient_refuses_bad_input_naming_the_field(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    cases = [
        ({"FName": "Ann"}, "LName"),
        ({"LName": "A", "FName": ""}, "FName"),
        ({"LName": "A", "FName": "B", "Zip": "ABCDE"}, "Zip"),
        ({"LName": "A", "FName": "B", "Gender": "M"}, "Gender"),
        ({"LName": "A", "FName": "B", "Birthdate": "1990-13-40"}, "Birthdate"),
        ({"LName": "A", "FName": "B", "PriProv": "one"}, "PriProv"),
        ({"LName": 5, "FName": "B"}, "LName"),
        ({"LName": "A", "FName": "B", "PatStatus": "Deleted"}, "PatStatus"),
    ]
    for body, word in cases:
        r = await client.post("/api/v1/patients", headers=h, json=body)
        assert r.status_code == 400, body
        assert word in r.json()["message"], body
    r = await client.post(
        "/api/v1/patients", headers=h, json={"LName": "A", "FName": "B", "PriProv": 77}
    )
    assert r.status_code == 404 and "PriProv 77" in r.json()["message"]
    r = await client.post("/api/v1/patients", headers=h, content=b"[1,2]")
    assert r.status_code == 400


async def test_post_duplicate_patient_is_refused_naming_the_existing_one(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/patients",
        headers=practice.a(),
        json={
            "LName": "smith",
            "FName": "JANE",
            "Birthdate": "1976-05-24",
            "Email": "Jane@example.com",
        },
    )
    assert r.status_code == 400
    assert "Patient 1" in r.json()["message"]


async def test_put_patient_changes_only_what_is_sent_and_empty_string_clears(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    r = await client.put("/api/v1/patients/1", headers=h, json={"Email": "", "City": "Keizer"})
    assert r.status_code == 200
    body = r.json()
    assert body["Email"] == "" and body["City"] == "Keizer" and body["FName"] == "Jane"
    r = await client.put("/api/v1/patients/1", headers=h, json={"LName": ""})
    assert r.status_code == 400 and "LName" in r.json()["message"]
    r = await client.put("/api/v1/patients/424242", headers=h, json={"City": "X"})
    assert r.status_code == 404


async def test_patients_cannot_be_deleted(practice: Practice, client: httpx.AsyncClient) -> None:
    r = await client.delete("/api/v1/patients/1", headers=practice.a())
    assert r.status_code == 405
