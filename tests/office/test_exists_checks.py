"""Reads that only check a row is there (``exists_or_404``) answer as before: the row's data when
it is in this office, a 404 naming the key when it is missing or is another office's."""

from __future__ import annotations

import httpx
import pytest

from dentin.errors import NotFound
from dentin.office.listing import exists_or_404
from dentin.office.models import Patient, PayPlan, TreatPlan
from tests.office.conftest import Practice

API = "/api/v1"
PATIENT_READS = [
    "/adjustments?PatNum={p}",
    "/payplans?PatNum={p}",
    "/sheets?PatNum={p}",
    "/patientnotes/{p}",
    "/chartmodules/{p}/ProgNotes",
    "/chartmodules/{p}/PlannedAppts",
    "/familymodules/{p}/Insurance",
    "/procedurelogs/InsuranceHistory?PatNum={p}&InsSubNum=1",
]


@pytest.mark.parametrize("path", PATIENT_READS)
async def test_a_patients_reads_answer_for_this_offices_patient_only(
    practice: Practice, client: httpx.AsyncClient, path: str
) -> None:
    found = await client.get(API + path.format(p=practice.smith), headers=practice.a())
    assert found.status_code in (200, 404), found.text
    if found.status_code == 404:  # the InsSubNum, never the patient
        assert "PatNum" not in found.json()["message"]
    for other in (999_999, practice.b_patient):  # missing, and office B's patient
        r = await client.get(API + path.format(p=other), headers=practice.a())
        assert r.status_code == 404, r.text
        assert r.json()["message"] == f"PatNum {other} was not found in this office."


@pytest.mark.parametrize(
    "path",
    ["/payplancharges?PayPlanNum=", "/proctps?TreatPlanNum=", "/treatplanattaches?TreatPlanNum="],
)
async def test_reads_of_a_missing_plan_answer_404_naming_it(
    practice: Practice, client: httpx.AsyncClient, path: str
) -> None:
    r = await client.get(f"{API}{path}424242", headers=practice.a())
    assert r.status_code == 404
    name = path.split("?")[1].rstrip("=")
    assert r.json()["message"] == f"{name} 424242 was not found in this office."


def test_exists_or_404_reads_the_key_in_the_sessions_own_database(practice: Practice) -> None:
    with practice.db.session() as session:
        exists_or_404(session, Patient, practice.smith, "PatNum")
        with pytest.raises(NotFound, match="PatNum 500 was not found"):
            exists_or_404(session, Patient, practice.b_patient, "PatNum")
        for model, what in ((PayPlan, "PayPlanNum"), (TreatPlan, "TreatPlanNum")):
            with pytest.raises(NotFound, match=f"{what} 7 was not found"):
                exists_or_404(session, model, 7, what)
    with practice.db_b.session() as session:
        exists_or_404(session, Patient, practice.b_patient, "PatNum")
