"""/procedurecodes: list (DateTStamp), single, POST and PUT with Open Dental's rules."""

from __future__ import annotations

from tests.office_insurance.conftest import API, Insured


async def test_procedure_codes_are_listed_changed_since_and_read_one_by_one(
    insured: Insured,
) -> None:
    rows = await insured.ok("GET", "/procedurecodes")
    assert [r["ProcCode"] for r in rows] == ["D0120", "D1110"]
    assert rows[0]["TreatArea"] == "None" and rows[0]["SubstOnlyIf"] == "Always"
    assert rows[0]["CanadaTimeUnits"] == 0.0 and rows[0]["IsHygiene"] == "false"
    assert await insured.ok("GET", "/procedurecodes", DateTStamp="2099-01-01 00:00:00") == []
    one = await insured.ok("GET", "/procedurecodes/2")
    assert one == rows[1]
    r = await insured.client.get(f"{API}/procedurecodes/99", headers=insured.a())
    assert r.status_code == 404 and "CodeNum 99" in r.json()["message"]


async def test_a_procedure_code_is_created_by_category_name_and_updated(insured: Insured) -> None:
    body = {"ProcCode": "G0140", "Descript": "limited exam", "AbbrDesc": "LimEx",
            "procCat": "Diagnostic", "TreatArea": "Mouth", "DiagnosticCodes": "B08.09"}  # fmt: skip
    r = await insured.client.post(f"{API}/procedurecodes", headers=insured.a(), json=body)
    assert r.status_code == 201, r.text
    made = r.json()
    assert r.headers["Location"].endswith(f"/procedurecodes/{made['CodeNum']}")
    assert (made["ProcCat"], made["procCat"], made["ProcTime"]) == (28, "Diagnostic", "/X/")
    assert (made["TreatArea"], made["DiagnosticCodes"]) == ("Mouth", "B08.09")
    changed = await insured.ok(
        "PUT", f"/procedurecodes/{made['CodeNum']}", {"PaintType": "Text", "PaintText": "Watch"}
    )
    assert (changed["PaintType"], changed["PaintText"], changed["ProcCode"]) == (
        "Text",
        "Watch",
        "G0140",
    )


async def test_procedure_code_refusals_name_the_field(insured: Insured) -> None:
    base = {"ProcCode": "G1", "Descript": "d", "AbbrDesc": "a", "ProcCat": 28}
    for body, words in (
        ({k: v for k, v in base.items() if k != "ProcCode"}, "ProcCode is required"),
        ({k: v for k, v in base.items() if k != "ProcCat"}, "ProcCat or procCat is required"),
        (base | {"ProcCode": "D0120"}, "already exists"),
        (base | {"ProcCat": 1}, "not a definition of the right kind"),
        (base | {"TreatArea": "Elbow"}, "TreatArea must be one of"),
        (base | {"ProcTime": "/Y/"}, "ProcTime must be made of"),
        (base | {"DrugNDC": "123"}, "DrugNDC must be 11 digits"),
        (base | {"PaintText": "x"}, 'PaintText needs PaintType "Text"'),
        (base | {"DiagnosticCodes": "A, B"}, "DiagnosticCodes holds up to 4"),
    ):
        r = await insured.client.post(f"{API}/procedurecodes", headers=insured.a(), json=body)
        assert r.status_code == 400 and words in r.json()["message"], (body, r.text)
    r = await insured.client.put(
        f"{API}/procedurecodes/1", headers=insured.a(), json={"ProcCode": "X"}
    )
    assert r.status_code == 400 and "cannot be changed" in r.json()["message"]
    r = await insured.client.put(f"{API}/procedurecodes/abc", headers=insured.a(), json={})
    assert r.status_code == 400 and "CodeNum in the path" in r.json()["message"]
