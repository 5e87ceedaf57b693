"""``/perioexams`` and ``/periomeasures``: perio charts, tooth by tooth."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.office_rest.conftest import API, Practice

EXAM_FIELDS = ["PerioExamNum", "PatNum", "ExamDate", "ProvNum", "DateTMeasureEdit", "Note"]
MEASURE_FIELDS = [
    *("PerioMeasureNum", "PerioExamNum", "SequenceType", "IntTooth", "ToothValue", "MBvalue"),
    *("Bvalue", "DBvalue", "MLvalue", "Lvalue", "DLvalue", "SecDateTEdit"),
]


async def _ok(client: httpx.AsyncClient, practice: Practice, method: str, path: str,
              body: Any = None, **params: Any) -> Any:  # fmt: skip
    r = await client.request(method, f"{API}{path}", headers=practice.a(), json=body,
                             params=params or None)  # fmt: skip
    assert r.status_code in (200, 201), r.text
    return r.json() if r.content else None


async def _exam(client: httpx.AsyncClient, practice: Practice, **body: Any) -> Any:
    return await _ok(client, practice, "POST", "/perioexams", {"PatNum": 1, **body})


async def test_an_exam_defaults_to_today_and_the_patients_provider(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.post(f"{API}/perioexams", headers=practice.a(), json={"PatNum": 1})
    assert r.status_code == 201, r.text
    exam = r.json()
    assert list(exam) == EXAM_FIELDS
    assert (exam["PatNum"], exam["ProvNum"], exam["Note"]) == (1, 1, "")
    assert exam["ExamDate"] == exam["DateTMeasureEdit"][:10]
    assert r.headers["Location"].endswith(f"/api/v1/perioexams/{exam['PerioExamNum']}")
    assert await _ok(client, practice, "GET", f"/perioexams/{exam['PerioExamNum']}") == exam
    assert await _ok(client, practice, "GET", "/periomeasures",
                     PerioExamNum=exam["PerioExamNum"]) == []  # fmt: skip


async def test_a_chart_string_becomes_probing_and_bleeding_measurements(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    """Open Dental's own reading: "323b" is tooth 1's DB, B, MB = 3, 2, 3 and bleeding on MB;
    past the midline the surfaces run mesial first; lower teeth run from 32."""
    exam = await _exam(client, practice, UpperFacial="323b" + "000" * 7 + "4s56",
                       LowerLingual="12 3", ExamDate="2023-04-01", Note="Annual")  # fmt: skip
    assert (exam["ExamDate"], exam["Note"]) == ("2023-04-01", "Annual")
    rows = await _ok(client, practice, "GET", "/periomeasures", PerioExamNum=exam["PerioExamNum"])
    by = {(m["SequenceType"], m["IntTooth"]): m for m in rows}
    one = by[("Probing", 1)]
    assert (one["DBvalue"], one["Bvalue"], one["MBvalue"]) == (3, 2, 3)
    assert (one["MLvalue"], one["Lvalue"], one["DLvalue"], one["ToothValue"]) == (-1, -1, -1, -1)
    bleed = by[("BleedSupPlaqCalc", 1)]
    assert (bleed["MBvalue"], bleed["Bvalue"], bleed["DBvalue"]) == (1, 0, 0)
    nine = by[("Probing", 9)]
    assert (nine["MBvalue"], nine["Bvalue"], nine["DBvalue"]) == (4, 5, 6)
    assert by[("BleedSupPlaqCalc", 9)]["MBvalue"] == 2
    lower = by[("Probing", 32)]
    assert (lower["DLvalue"], lower["Lvalue"], lower["MLvalue"]) == (1, 2, 3)
    assert list(rows[0]) == MEASURE_FIELDS


async def test_a_chart_string_stops_when_its_region_is_measured(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    exam = await _exam(client, practice, LowerFacial="1" * 48 + "9999b")
    rows = await _ok(client, practice, "GET", "/periomeasures", PerioExamNum=exam["PerioExamNum"])
    assert len(rows) == 16
    assert {m["SequenceType"] for m in rows} == {"Probing"}
    assert all(m[s] == 1 for m in rows for s in ("MBvalue", "Bvalue", "DBvalue"))


async def test_an_exam_is_changed_and_deleted_with_its_measurements(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    exam = await _exam(client, practice, UpperFacial="333")
    num = exam["PerioExamNum"]
    changed = await _ok(
        client,
        practice,
        "PUT",
        f"/perioexams/{num}",
        {"ExamDate": "2023-06-15", "ProvNum": 2, "Note": "Overall improvement!"},
    )
    assert (changed["ExamDate"], changed["ProvNum"], changed["Note"]) == (
        "2023-06-15", 2, "Overall improvement!",
    )  # fmt: skip
    r = await client.delete(f"{API}/perioexams/{num}", headers=practice.a())
    assert (r.status_code, r.content) == (200, b"")
    assert await _ok(client, practice, "GET", "/periomeasures", PerioExamNum=num) == []
    r = await client.get(f"{API}/perioexams/{num}", headers=practice.a())
    assert r.status_code == 404 and f"PerioExamNum {num}" in r.json()["message"]


async def test_exams_list_by_patient_and_from_a_date(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    a = await _exam(client, practice, ExamDate="2023-01-10")
    b = await _exam(client, practice, PatNum=2, ExamDate="2023-04-01")
    c = await _exam(client, practice, ExamDate="2023-05-01")
    nums = [x["PerioExamNum"] for x in (a, b, c)]

    async def listed(**params: Any) -> list[int]:
        return [e["PerioExamNum"] for e in await _ok(client, practice, "GET", "/perioexams",
                                                     **params)]  # fmt: skip

    assert await listed() == nums
    assert await listed(PatNum=1) == [nums[0], nums[2]]
    assert await listed(ExamDate="2023-04-01") == nums[1:]
    assert await listed(PatNum=1, ExamDate="2023-04-01", Limit=1) == [nums[2]]
    r = await client.get(f"{API}/perioexams", headers=practice.a(), params={"ExamDate": "4/1"})
    assert r.status_code == 400 and "ExamDate" in r.json()["message"]


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [({}, 400, "PatNum"), ({"PatNum": 999}, 404, "PatNum 999"),
     ({"PatNum": 1, "ProvNum": 999}, 404, "ProvNum 999"),
     ({"PatNum": 1, "ExamDate": "2023-13-01"}, 400, "ExamDate"),
     ({"PatNum": 1, "UpperFacial": 323}, 400, "UpperFacial")],
)  # fmt: skip
async def test_a_bad_exam_is_refused_naming_the_field(
    practice: Practice, client: httpx.AsyncClient, body: dict[str, Any], status: int, names: str
) -> None:
    r = await client.post(f"{API}/perioexams", headers=practice.a(), json=body)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_a_measurement_is_added_changed_and_only_mobility_or_skip_deleted(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    exam = await _exam(client, practice)
    num = exam["PerioExamNum"]
    probe = await _ok(client, practice, "POST", "/periomeasures",
                      {"PerioExamNum": num, "SequenceType": "Probing", "IntTooth": 8,
                       "MBvalue": 2, "Bvalue": 3, "DBvalue": 2, "MLvalue": 2, "Lvalue": 2,
                       "DLvalue": 2})  # fmt: skip
    assert list(probe) == MEASURE_FIELDS
    assert (probe["SequenceType"], probe["ToothValue"], probe["Bvalue"]) == ("Probing", -1, 3)
    mobility = await _ok(client, practice, "POST", "/periomeasures",
                         {"PerioExamNum": num, "SequenceType": "Mobility", "IntTooth": 9,
                          "ToothValue": 4})  # fmt: skip
    assert (mobility["ToothValue"], mobility["MBvalue"]) == (4, -1)
    changed = await _ok(client, practice, "PUT", f"/periomeasures/{probe['PerioMeasureNum']}",
                        {"MBvalue": 3, "Lvalue": -1})  # fmt: skip
    assert (changed["MBvalue"], changed["Lvalue"], changed["Bvalue"]) == (3, -1, 3)
    r = await client.delete(f"{API}/periomeasures/{probe['PerioMeasureNum']}",
                            headers=practice.a())  # fmt: skip
    assert r.status_code == 400 and "Only Mobility and SkipTooth" in r.json()["message"]
    r = await client.delete(f"{API}/periomeasures/{mobility['PerioMeasureNum']}",
                            headers=practice.a())  # fmt: skip
    assert (r.status_code, r.content) == (200, b"")
    left = await _ok(client, practice, "GET", "/periomeasures", PerioExamNum=num)
    assert [m["PerioMeasureNum"] for m in left] == [probe["PerioMeasureNum"]]


@pytest.mark.parametrize(
    ("body", "status", "names"),
    [
        ({"SequenceType": "Probing", "IntTooth": 8, "MBvalue": 2}, 400, "PerioExamNum"),
        ({"PerioExamNum": "EXAM", "IntTooth": 8, "MBvalue": 2}, 400, "SequenceType"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Depth", "IntTooth": 8}, 400, "SequenceType"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Probing", "MBvalue": 2}, 400, "IntTooth"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Probing", "IntTooth": 33, "MBvalue": 2}, 400,
         "IntTooth"),
        ({"PerioExamNum": 999, "SequenceType": "Probing", "IntTooth": 8, "MBvalue": 2}, 404,
         "PerioExamNum 999"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Probing", "IntTooth": 8}, 400,
         "at least one surface"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Probing", "IntTooth": 8, "MBvalue": 20}, 400,
         "MBvalue"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Probing", "IntTooth": 8, "MBvalue": 2,
          "ToothValue": 1}, 400, "ToothValue"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Mobility", "IntTooth": 8, "ToothValue": 20},
         400, "ToothValue"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Mobility", "IntTooth": 8, "ToothValue": 1,
          "Bvalue": 2}, 400, "surface"),
        ({"PerioExamNum": "EXAM", "SequenceType": "SkipTooth", "IntTooth": 8, "ToothValue": 2},
         400, "ToothValue"),
        ({"PerioExamNum": "EXAM", "SequenceType": "GingMargin", "IntTooth": 8, "Bvalue": 120},
         400, "Bvalue"),
        ({"PerioExamNum": "EXAM", "SequenceType": "MGJ", "IntTooth": 8, "Lvalue": 2}, 400,
         "lingual"),
        ({"PerioExamNum": "EXAM", "SequenceType": "BleedSupPlaqCalc", "IntTooth": 8,
          "Bvalue": 16}, 400, "Bvalue"),
        ({"PerioExamNum": "EXAM", "SequenceType": "Probing", "IntTooth": 8, "MBvalue": -2}, 400,
         "MBvalue"),
        # Found by schemathesis: a null kind was a 500.
        ({"PerioExamNum": "EXAM", "SequenceType": None, "IntTooth": 9, "ToothValue": 4}, 400,
         "SequenceType is required"),
    ],
)  # fmt: skip
async def test_a_measurement_breaking_its_kinds_rules_is_refused(
    practice: Practice, client: httpx.AsyncClient, body: dict[str, Any], status: int, names: str
) -> None:
    exam = await _exam(client, practice)
    sent = {k: exam["PerioExamNum"] if v == "EXAM" else v for k, v in body.items()}
    r = await client.post(f"{API}/periomeasures", headers=practice.a(), json=sent)
    assert r.status_code == status, r.text
    assert names in r.json()["message"]


async def test_kinds_that_allow_them_take_negative_margins_and_flag_sums(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    exam = (await _exam(client, practice))["PerioExamNum"]
    margin = await _ok(client, practice, "POST", "/periomeasures",
                       {"PerioExamNum": exam, "SequenceType": "GingMargin", "IntTooth": 3,
                        "Bvalue": 105})  # fmt: skip
    assert margin["Bvalue"] == 105
    flags = await _ok(client, practice, "POST", "/periomeasures",
                      {"PerioExamNum": exam, "SequenceType": "BleedSupPlaqCalc", "IntTooth": 3,
                       "Bvalue": 13})  # fmt: skip
    assert (flags["Bvalue"], flags["MBvalue"]) == (13, 0)


async def test_a_second_measurement_of_the_same_kind_and_tooth_is_refused(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    exam = (await _exam(client, practice))["PerioExamNum"]
    body = {"PerioExamNum": exam, "SequenceType": "SkipTooth", "IntTooth": 16, "ToothValue": 1}
    first = await _ok(client, practice, "POST", "/periomeasures", body)
    r = await client.post(f"{API}/periomeasures", headers=practice.a(), json=body)
    assert r.status_code == 400
    assert f"PerioMeasureNum {first['PerioMeasureNum']}" in r.json()["message"]
    r = await client.put(f"{API}/periomeasures/{first['PerioMeasureNum']}", headers=practice.a(),
                         json={"IntTooth": 15})  # fmt: skip
    assert r.status_code == 400 and "IntTooth cannot be changed" in r.json()["message"]


async def test_another_offices_perio_chart_is_invisible(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    exam = await _exam(client, practice, UpperFacial="333")
    b = practice.b()
    assert (await client.get(f"{API}/perioexams", headers=b)).json() == []
    assert (await client.get(f"{API}/periomeasures", headers=b)).json() == []
    r = await client.put(f"{API}/perioexams/{exam['PerioExamNum']}", headers=b, json={"Note": "x"})
    assert r.status_code == 404
    r = await client.delete(f"{API}/perioexams/{exam['PerioExamNum']}", headers=b)
    assert r.status_code == 404


async def test_a_shortquery_reads_the_chart_with_open_dentals_columns(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    await _exam(client, practice, PatNum=2, UpperFacial="323")
    sql = ("SELECT e.PatNum, m.IntTooth, m.SequenceType, m.DBvalue FROM perioexam e "
           "INNER JOIN periomeasure m ON m.PerioExamNum = e.PerioExamNum")  # fmt: skip
    r = await client.put(
        f"{API}/queries/ShortQuery", headers=practice.a(), json={"SqlCommand": sql}
    )
    assert r.status_code == 200, r.text
    assert r.json() == [{"PatNum": 2, "IntTooth": 1, "SequenceType": 4, "DBvalue": 3}]
