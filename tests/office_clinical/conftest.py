"""Office A's small practice (tests/office) plus one allergy, medication and problem in office
B, so that every clinical route can be asked for another office's record."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from dentin.office.models import (
    Allergy,
    AllergyDef,
    Disease,
    DiseaseDef,
    Medication,
    MedicationPat,
    PatField,
    PatFieldDef,
    PatientNote,
    ToothInitial,
)
from tests.office.conftest import STAMP, Practice, practice

__all__ = ["Clinic", "Practice", "clinic", "practice"]


@dataclass
class Clinic:
    """The practice, and the numbers of office B's clinical rows."""

    practice: Practice
    b_allergy: int
    b_medicationpat: int
    b_disease: int
    b_patfield: int = 900
    b_toothinitial: int = 900

    def a(self) -> dict[str, str]:
        return self.practice.a()

    def b(self) -> dict[str, str]:
        return self.practice.b()


@pytest.fixture
def clinic(practice: Practice) -> Clinic:
    b = practice.b_patient
    with practice.db_b.transaction() as s:
        latex = AllergyDef(AllergyDefNum=900, Description="Latex", DateTStamp=STAMP)
        asthma = DiseaseDef(DiseaseDefNum=900, DiseaseName="Asthma", DateTStamp=STAMP)
        med = Medication(MedicationNum=900, MedName="Albuterol", DateTStamp=STAMP)
        s.add_all([latex, asthma, med])
        s.flush()
        allergy = Allergy(
            AllergyNum=900, PatNum=b, AllergyDefNum=latex.AllergyDefNum, DateTStamp=STAMP
        )
        disease = Disease(
            DiseaseNum=900, PatNum=b, DiseaseDefNum=asthma.DiseaseDefNum, DateTStamp=STAMP
        )
        taken = MedicationPat(
            MedicationPatNum=900, PatNum=b, MedicationNum=med.MedicationNum, DateTStamp=STAMP
        )
        s.add_all(
            [allergy, disease, taken, PatientNote(PatNum=b, Medical="B's", SecDateTEdit=STAMP)]
        )
        s.add(PatFieldDef(PatFieldDefNum=900, FieldName="Ins Verified", FieldType=0))
        s.add(
            PatField(
                PatFieldNum=900,
                PatNum=b,
                FieldName="Ins Verified",
                FieldValue="Yes",
                SecDateTEdit=STAMP,
            )
        )
        s.add(ToothInitial(ToothInitialNum=900, PatNum=b, ToothNum="1", SecDateTEdit=STAMP))
        s.flush()
        nums = allergy.AllergyNum, taken.MedicationPatNum, disease.DiseaseNum
    return Clinic(practice, *nums)
