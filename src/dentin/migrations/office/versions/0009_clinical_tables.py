"""Clinical tables (issue 15): medical history, chart, recall, perio, lab, referral and imaging

Revision ID: 0009_clinical_tables
Revises: 0008_api_events
Create Date: 2026-12-05 19:00:00

Open Dental's own tables and columns, lower-cased as the other office tables are, so that the
ShortQuery texts written for Open Dental (``SELECT * FROM allergy``) run unchanged; the API's
clinical routes read and write them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from dentin.office.events import capture

revision: str = "0009_clinical_tables"
down_revision: str | None = "0008_api_events"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "allergydef",
        sa.Column("allergydefnum", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("snomedtype", sa.Integer(), nullable=False),
        sa.Column("medicationnum", sa.Integer(), nullable=False),
        sa.Column("uniicode", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("allergydefnum"),
    )
    op.create_table(
        "allergy",
        sa.Column("allergynum", sa.Integer(), nullable=False),
        sa.Column("allergydefnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("reaction", sa.String(length=255), nullable=False),
        sa.Column("statusisactive", sa.SmallInteger(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("dateadversereaction", sa.Date(), nullable=True),
        sa.Column("snomedreaction", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("allergynum"),
    )
    op.create_index(op.f("ix_allergy_patnum"), "allergy", ["patnum"], unique=False)
    op.create_table(
        "medication",
        sa.Column("medicationnum", sa.Integer(), nullable=False),
        sa.Column("medname", sa.String(length=255), nullable=False),
        sa.Column("genericnum", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("rxcui", sa.Integer(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("medicationnum"),
    )
    op.create_table(
        "medicationpat",
        sa.Column("medicationpatnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("medicationnum", sa.Integer(), nullable=False),
        sa.Column("patnote", sa.Text(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("datestart", sa.Date(), nullable=True),
        sa.Column("datestop", sa.Date(), nullable=True),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("meddescript", sa.String(length=255), nullable=False),
        sa.Column("rxcui", sa.Integer(), nullable=False),
        sa.Column("erxguid", sa.String(length=255), nullable=False),
        sa.Column("iscpoe", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("medicationpatnum"),
    )
    op.create_index(op.f("ix_medicationpat_patnum"), "medicationpat", ["patnum"], unique=False)
    op.create_table(
        "diseasedef",
        sa.Column("diseasedefnum", sa.Integer(), nullable=False),
        sa.Column("diseasename", sa.String(length=255), nullable=False),
        sa.Column("itemorder", sa.Integer(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("icd9code", sa.String(length=255), nullable=False),
        sa.Column("snomedcode", sa.String(length=255), nullable=False),
        sa.Column("icd10code", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("diseasedefnum"),
    )
    op.create_table(
        "disease",
        sa.Column("diseasenum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("diseasedefnum", sa.Integer(), nullable=False),
        sa.Column("patnote", sa.Text(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("probstatus", sa.Integer(), nullable=False),
        sa.Column("datestart", sa.Date(), nullable=True),
        sa.Column("datestop", sa.Date(), nullable=True),
        sa.Column("snomedproblemtype", sa.String(length=255), nullable=False),
        sa.Column("functionstatus", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("diseasenum"),
    )
    op.create_index(op.f("ix_disease_patnum"), "disease", ["patnum"], unique=False)
    op.create_table(
        "patientnote",
        sa.Column("patnum", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("famfinancial", sa.Text(), nullable=False),
        sa.Column("apptphone", sa.Text(), nullable=False),
        sa.Column("medical", sa.Text(), nullable=False),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("medicalcomp", sa.Text(), nullable=False),
        sa.Column("treatment", sa.Text(), nullable=False),
        sa.Column("icename", sa.String(length=255), nullable=False),
        sa.Column("icephone", sa.String(length=30), nullable=False),
        sa.Column("orthomonthstreatoverride", sa.Integer(), nullable=False),
        sa.Column("dateorthoplacementoverride", sa.Date(), nullable=True),
        sa.Column("secdatetentry", sa.DateTime(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("consent", sa.Integer(), nullable=False),
        sa.Column("usernumortholocked", sa.Integer(), nullable=False),
        sa.Column("pronoun", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("patnum"),
    )
    op.create_table(
        "vitalsign",
        sa.Column("vitalsignnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("height", sa.Double(), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("bpsystolic", sa.Integer(), nullable=False),
        sa.Column("bpdiastolic", sa.Integer(), nullable=False),
        sa.Column("datetaken", sa.Date(), nullable=True),
        sa.Column("hasfollowupplan", sa.SmallInteger(), nullable=False),
        sa.Column("isineligible", sa.SmallInteger(), nullable=False),
        sa.Column("documentation", sa.Text(), nullable=False),
        sa.Column("childgotnutrition", sa.SmallInteger(), nullable=False),
        sa.Column("childgotphyscouns", sa.SmallInteger(), nullable=False),
        sa.Column("weightcode", sa.String(length=255), nullable=False),
        sa.Column("heightexamcode", sa.String(length=255), nullable=False),
        sa.Column("weightexamcode", sa.String(length=255), nullable=False),
        sa.Column("bmiexamcode", sa.String(length=255), nullable=False),
        sa.Column("ehrnotperformednum", sa.Integer(), nullable=False),
        sa.Column("pregdiseasenum", sa.Integer(), nullable=False),
        sa.Column("bmipercentile", sa.Integer(), nullable=False),
        sa.Column("pulse", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("vitalsignnum"),
    )
    op.create_index(op.f("ix_vitalsign_patnum"), "vitalsign", ["patnum"], unique=False)
    op.create_table(
        "patfielddef",
        sa.Column("patfielddefnum", sa.Integer(), nullable=False),
        sa.Column("fieldname", sa.String(length=255), nullable=False),
        sa.Column("fieldtype", sa.Integer(), nullable=False),
        sa.Column("picklist", sa.Text(), nullable=False),
        sa.Column("itemorder", sa.Integer(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("patfielddefnum"),
    )
    op.create_table(
        "patfieldpickitem",
        sa.Column("patfieldpickitemnum", sa.Integer(), nullable=False),
        sa.Column("patfielddefnum", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("abbreviation", sa.String(length=255), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("itemorder", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("patfieldpickitemnum"),
    )
    op.create_index(
        op.f("ix_patfieldpickitem_patfielddefnum"),
        "patfieldpickitem",
        ["patfielddefnum"],
        unique=False,
    )
    op.create_table(
        "patfield",
        sa.Column("patfieldnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("fieldname", sa.String(length=255), nullable=False),
        sa.Column("fieldvalue", sa.Text(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("patfieldnum"),
    )
    op.create_index(op.f("ix_patfield_patnum"), "patfield", ["patnum"], unique=False)
    op.create_table(
        "recalltype",
        sa.Column("recalltypenum", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("defaultinterval", sa.Integer(), nullable=False),
        sa.Column("timepattern", sa.String(length=255), nullable=False),
        sa.Column("procedures", sa.String(length=255), nullable=False),
        sa.Column("appendtospecial", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("recalltypenum"),
    )
    op.create_table(
        "recall",
        sa.Column("recallnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("dateduecalc", sa.Date(), nullable=True),
        sa.Column("datedue", sa.Date(), nullable=True),
        sa.Column("dateprevious", sa.Date(), nullable=True),
        sa.Column("recallinterval", sa.Integer(), nullable=False),
        sa.Column("recallstatus", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("isdisabled", sa.SmallInteger(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("recalltypenum", sa.Integer(), nullable=False),
        sa.Column("disableuntilbalance", sa.Double(), nullable=False),
        sa.Column("disableuntildate", sa.Date(), nullable=True),
        sa.Column("datescheduled", sa.Date(), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("timepatternoverride", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("recallnum"),
    )
    op.create_index(op.f("ix_recall_patnum"), "recall", ["patnum"], unique=False)
    op.create_table(
        "toothinitial",
        sa.Column("toothinitialnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("toothnum", sa.String(length=2), nullable=False),
        sa.Column("initialtype", sa.Integer(), nullable=False),
        sa.Column("movement", sa.Double(), nullable=False),
        sa.Column("drawingsegment", sa.Text(), nullable=False),
        sa.Column("colordraw", sa.Integer(), nullable=False),
        sa.Column("secdatetentry", sa.DateTime(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("drawtext", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("toothinitialnum"),
    )
    op.create_index(op.f("ix_toothinitial_patnum"), "toothinitial", ["patnum"], unique=False)
    op.create_table(
        "perioexam",
        sa.Column("perioexamnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("examdate", sa.Date(), nullable=True),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("datetmeasureedit", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("perioexamnum"),
    )
    op.create_index(op.f("ix_perioexam_patnum"), "perioexam", ["patnum"], unique=False)
    op.create_table(
        "periomeasure",
        sa.Column("periomeasurenum", sa.Integer(), nullable=False),
        sa.Column("perioexamnum", sa.Integer(), nullable=False),
        sa.Column("sequencetype", sa.Integer(), nullable=False),
        sa.Column("inttooth", sa.Integer(), nullable=False),
        sa.Column("toothvalue", sa.Integer(), nullable=False),
        sa.Column("mbvalue", sa.Integer(), nullable=False),
        sa.Column("bvalue", sa.Integer(), nullable=False),
        sa.Column("dbvalue", sa.Integer(), nullable=False),
        sa.Column("mlvalue", sa.Integer(), nullable=False),
        sa.Column("lvalue", sa.Integer(), nullable=False),
        sa.Column("dlvalue", sa.Integer(), nullable=False),
        sa.Column("secdatetentry", sa.DateTime(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("periomeasurenum"),
    )
    op.create_index(
        op.f("ix_periomeasure_perioexamnum"), "periomeasure", ["perioexamnum"], unique=False
    )
    op.create_table(
        "laboratory",
        sa.Column("laboratorynum", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("phone", sa.String(length=255), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("slip", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("city", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=255), nullable=False),
        sa.Column("zip", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("wirelessphone", sa.String(length=255), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("laboratorynum"),
    )
    op.create_table(
        "labcase",
        sa.Column("labcasenum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("laboratorynum", sa.Integer(), nullable=False),
        sa.Column("aptnum", sa.Integer(), nullable=False),
        sa.Column("plannedaptnum", sa.Integer(), nullable=False),
        sa.Column("datetimedue", sa.DateTime(), nullable=True),
        sa.Column("datetimecreated", sa.DateTime(), nullable=True),
        sa.Column("datetimesent", sa.DateTime(), nullable=True),
        sa.Column("datetimerecd", sa.DateTime(), nullable=True),
        sa.Column("datetimechecked", sa.DateTime(), nullable=True),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("labfee", sa.Double(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("invoicenum", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("labcasenum"),
    )
    op.create_index(op.f("ix_labcase_patnum"), "labcase", ["patnum"], unique=False)
    op.create_table(
        "referral",
        sa.Column("referralnum", sa.Integer(), nullable=False),
        sa.Column("lname", sa.String(length=100), nullable=False),
        sa.Column("fname", sa.String(length=100), nullable=False),
        sa.Column("mname", sa.String(length=100), nullable=False),
        sa.Column("ssn", sa.String(length=9), nullable=False),
        sa.Column("usingtin", sa.SmallInteger(), nullable=False),
        sa.Column("specialty", sa.Integer(), nullable=False),
        sa.Column("st", sa.String(length=2), nullable=False),
        sa.Column("telephone", sa.String(length=10), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("address2", sa.String(length=100), nullable=False),
        sa.Column("city", sa.String(length=50), nullable=False),
        sa.Column("zip", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("phone2", sa.String(length=30), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("notperson", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("nationalprovid", sa.String(length=255), nullable=False),
        sa.Column("slip", sa.Integer(), nullable=False),
        sa.Column("isdoctor", sa.SmallInteger(), nullable=False),
        sa.Column("istrusteddirect", sa.SmallInteger(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("ispreferred", sa.SmallInteger(), nullable=False),
        sa.Column("businessname", sa.String(length=255), nullable=False),
        sa.Column("displaynote", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("referralnum"),
    )
    op.create_table(
        "refattach",
        sa.Column("refattachnum", sa.Integer(), nullable=False),
        sa.Column("referralnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("itemorder", sa.Integer(), nullable=False),
        sa.Column("refdate", sa.Date(), nullable=True),
        sa.Column("reftype", sa.Integer(), nullable=False),
        sa.Column("reftostatus", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("istransitionofcare", sa.SmallInteger(), nullable=False),
        sa.Column("procnum", sa.Integer(), nullable=False),
        sa.Column("dateproccomplete", sa.Date(), nullable=True),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("refattachnum"),
    )
    op.create_index(op.f("ix_refattach_patnum"), "refattach", ["patnum"], unique=False)
    op.create_table(
        "document",
        sa.Column("docnum", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("datecreated", sa.DateTime(), nullable=True),
        sa.Column("doccategory", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("imgtype", sa.Integer(), nullable=False),
        sa.Column("isflipped", sa.SmallInteger(), nullable=False),
        sa.Column("degreesrotated", sa.Double(), nullable=False),
        sa.Column("toothnumbers", sa.String(length=255), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sigistopaz", sa.SmallInteger(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("cropx", sa.Integer(), nullable=False),
        sa.Column("cropy", sa.Integer(), nullable=False),
        sa.Column("cropw", sa.Integer(), nullable=False),
        sa.Column("croph", sa.Integer(), nullable=False),
        sa.Column("windowingmin", sa.Integer(), nullable=False),
        sa.Column("windowingmax", sa.Integer(), nullable=False),
        sa.Column("mountitemnum", sa.Integer(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("rawbase64", sa.Text(), nullable=False),
        sa.Column("thumbnail", sa.Text(), nullable=False),
        sa.Column("externalguid", sa.String(length=255), nullable=False),
        sa.Column("externalsource", sa.Integer(), nullable=False),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("iscropold", sa.SmallInteger(), nullable=False),
        sa.Column("ocrresponsedata", sa.Text(), nullable=False),
        sa.Column("imagecapturetype", sa.Integer(), nullable=False),
        sa.Column("printheading", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("docnum"),
    )
    op.create_index(op.f("ix_document_patnum"), "document", ["patnum"], unique=False)
    # PatField and ToothInitial are watchable (API Events): their capture triggers.
    capture.install(op.get_bind())


def downgrade() -> None:
    op.drop_table("document")
    op.drop_table("refattach")
    op.drop_table("referral")
    op.drop_table("labcase")
    op.drop_table("laboratory")
    op.drop_table("periomeasure")
    op.drop_table("perioexam")
    op.drop_table("toothinitial")
    op.drop_table("recall")
    op.drop_table("recalltype")
    op.drop_table("patfield")
    op.drop_table("patfieldpickitem")
    op.drop_table("patfielddef")
    op.drop_table("vitalsign")
    op.drop_table("patientnote")
    op.drop_table("disease")
    op.drop_table("diseasedef")
    op.drop_table("medicationpat")
    op.drop_table("medication")
    op.drop_table("allergy")
    op.drop_table("allergydef")
