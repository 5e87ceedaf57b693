"""Every clinical table Open Dental's users query exists under its name, on both backends."""

from __future__ import annotations

import httpx
import pytest

from tests.office_clinical.conftest import Clinic

TABLES = [
    "vitalsign",
    "medication",
    "medicationpat",
    "allergy",
    "allergydef",
    "disease",
    "diseasedef",
    "patientnote",
    "patfield",
    "patfielddef",
    "recall",
    "recalltype",
    "toothinitial",
    "perioexam",
    "periomeasure",
    "labcase",
    "laboratory",
    "referral",
    "refattach",
    "document",
]


@pytest.mark.parametrize("table", TABLES)
async def test_a_shortquery_of_each_clinical_table_answers_rows_not_no_such_table(
    table: str, clinic: Clinic, client: httpx.AsyncClient
) -> None:
    r = await client.put(
        "/api/v1/queries/ShortQuery",
        headers=clinic.b(),
        json={"SqlCommand": f"SELECT * FROM {table}"},
    )
    assert r.status_code == 200, r.text
    assert isinstance(r.json(), list)


async def test_open_dental_column_names_work_in_a_clinical_query(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    sql = (
        "SELECT a.PatNum, d.Description, a.StatusIsActive FROM allergy a "
        "INNER JOIN allergydef d ON d.AllergyDefNum = a.AllergyDefNum WHERE a.PatNum = 500"
    )
    r = await client.put("/api/v1/queries/ShortQuery", headers=clinic.b(), json={"SqlCommand": sql})
    assert r.status_code == 200, r.text
    assert [(row["PatNum"], row["Description"]) for row in r.json()] == [(500, "Latex")]
