"""The practice database, with Open Dental's table and column names.

Columns are created unquoted in lower case (``patnum``) and mapped to Open Dental's PascalCase
attribute names (``PatNum``): PostgreSQL folds unquoted identifiers to lower case and SQLite
ignores case, so ``SELECT PatNum FROM patient`` and ``select patnum from PATIENT`` both work on
either backend, exactly as Open Dental users write them. Enumerations are stored as Open
Dental's integers so that published query examples (``WHERE PatStatus=0``) run unchanged; the
API layer turns them into Open Dental's text spellings.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Double,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
    func,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from dentin.db import OfficeBase


def col(name: str, type_: Any, **kw: Any) -> Any:
    """A column whose SQL name is the lower-cased Open Dental name."""
    return mapped_column(name.lower(), type_, **kw)


def text(name: str, length: int = 255) -> Any:
    return col(name, String(length), default="", nullable=False)


def num(name: str) -> Any:
    return col(name, Integer, default=0, nullable=False, index=False)


def money(name: str) -> Any:
    return col(name, Double, default=0.0, nullable=False)


def flag(name: str) -> Any:
    return col(name, SmallInteger, default=0, nullable=False)


def added_num(name: str, default: int = 0) -> Any:
    """An integer column added to an existing table: the default is the database's too, so
    the rows already there (and bulk writers that do not name it) get it."""
    return col(name, Integer, default=default, server_default=str(default), nullable=False)


def added_money(name: str, default: float = 0) -> Any:
    return col(name, Double, default=default, server_default=str(default), nullable=False)


def added_text(name: str, length: int | None) -> Any:
    type_: Any = Text if length is None else String(length)
    return col(name, type_, default="", server_default="", nullable=False)


def rowid_key_index(name: str, column: str) -> Index:
    """A copy of an integer primary key, created on SQLite only (office migration 0003).

    SQLite stores the table itself in rowid order, so paging by Offset over the key alone would
    read every skipped row; this narrow index lets it skip keys instead. PostgreSQL's
    primary-key index already is that copy.
    """
    index = Index(name, column)
    index.ddl_if(dialect="sqlite")
    return index


class Clinic(OfficeBase):
    __tablename__ = "clinic"
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description")
    Abbr: Mapped[str] = text("Abbr", 50)
    Address: Mapped[str] = text("Address")
    Address2: Mapped[str] = col(
        "Address2", String(255), default="", server_default="", nullable=False
    )
    City: Mapped[str] = text("City")
    State: Mapped[str] = text("State", 50)
    Zip: Mapped[str] = text("Zip", 20)
    Phone: Mapped[str] = text("Phone", 40)
    IsHidden: Mapped[int] = flag("IsHidden")


class Provider(OfficeBase):
    __tablename__ = "provider"
    ProvNum: Mapped[int] = col("ProvNum", Integer, primary_key=True)
    Abbr: Mapped[str] = text("Abbr", 50)
    LName: Mapped[str] = text("LName", 100)
    FName: Mapped[str] = text("FName", 100)
    MI: Mapped[str] = text("MI", 20)
    Suffix: Mapped[str] = text("Suffix", 50)
    FeeSched: Mapped[int] = num("FeeSched")
    Specialty: Mapped[int] = num("Specialty")
    IsSecondary: Mapped[int] = flag("IsSecondary")
    IsHidden: Mapped[int] = flag("IsHidden")
    NationalProvID: Mapped[str] = text("NationalProvID", 50)
    IsNotPerson: Mapped[int] = flag("IsNotPerson")
    ProvStatus: Mapped[int] = num("ProvStatus")
    Birthdate: Mapped[dt.date | None] = col("Birthdate", Date, nullable=True)
    PreferredName: Mapped[str] = text("PreferredName", 100)
    ItemOrder: Mapped[int] = num("ItemOrder")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False, index=True)
    # Open Dental's provider columns that its POST/PUT take (office migration 0009).
    SSN: Mapped[str] = col("SSN", String(12), default="", server_default="", nullable=False)
    StateLicense: Mapped[str] = col(
        "StateLicense", String(50), default="", server_default="", nullable=False
    )
    UsingTIN: Mapped[int] = col(
        "UsingTIN", SmallInteger, default=0, server_default="0", nullable=False
    )
    SigOnFile: Mapped[int] = col(
        "SigOnFile", SmallInteger, default=0, server_default="0", nullable=False
    )
    IsHiddenReport: Mapped[int] = col(
        "IsHiddenReport", SmallInteger, default=0, server_default="0", nullable=False
    )
    SchedNote: Mapped[str] = col(
        "SchedNote", String(255), default="", server_default="", nullable=False
    )


class Operatory(OfficeBase):
    __tablename__ = "operatory"
    OperatoryNum: Mapped[int] = col("OperatoryNum", Integer, primary_key=True)
    OpName: Mapped[str] = text("OpName", 100)
    Abbrev: Mapped[str] = text("Abbrev", 20)
    ItemOrder: Mapped[int] = num("ItemOrder")
    IsHidden: Mapped[int] = flag("IsHidden")
    ProvDentist: Mapped[int] = num("ProvDentist")
    ProvHygienist: Mapped[int] = num("ProvHygienist")
    IsHygiene: Mapped[int] = flag("IsHygiene")
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False, index=True)
    SetProspective: Mapped[int] = flag("SetProspective")
    IsWebSched: Mapped[int] = flag("IsWebSched")
    OperatoryType: Mapped[int] = num("OperatoryType")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False)


class Patient(OfficeBase):
    __tablename__ = "patient"
    __table_args__ = (
        Index("ix_patient_lname_fname", "lname", "fname"),
        Index("ix_patient_clinic_patnum", "clinicnum", "patnum"),
        # Offset paging of /patients/Simple (PatStatus != Deleted) from the index alone (0003).
        Index("ix_patient_patnum_patstatus", "patnum", "patstatus"),
        # The same, of the patients that are not Deleted only: Simple's Offset skips keys
        # without testing each one's PatStatus (0006).
        Index(
            "ix_patient_visible",
            "patnum",
            "patstatus",
            sqlite_where=sql_text("patstatus != 4"),
            postgresql_where=sql_text("patstatus != 4"),
        ),
    )
    PatNum: Mapped[int] = col("PatNum", Integer, primary_key=True)
    LName: Mapped[str] = text("LName", 100)
    FName: Mapped[str] = text("FName", 100)
    MiddleI: Mapped[str] = text("MiddleI", 100)
    Preferred: Mapped[str] = text("Preferred", 100)
    PatStatus: Mapped[int] = col("PatStatus", SmallInteger, default=0, nullable=False)
    Gender: Mapped[int] = col("Gender", SmallInteger, default=0, nullable=False)
    Position: Mapped[int] = col("Position", SmallInteger, default=0, nullable=False)
    Birthdate: Mapped[dt.date | None] = col("Birthdate", Date, nullable=True, index=True)
    SSN: Mapped[str] = text("SSN", 100)
    Address: Mapped[str] = text("Address")
    Address2: Mapped[str] = text("Address2")
    City: Mapped[str] = text("City", 100)
    State: Mapped[str] = text("State", 100)
    Zip: Mapped[str] = text("Zip", 100)
    HmPhone: Mapped[str] = text("HmPhone", 30)
    WkPhone: Mapped[str] = text("WkPhone", 30)
    WirelessPhone: Mapped[str] = text("WirelessPhone", 30)
    Guarantor: Mapped[int] = col("Guarantor", Integer, default=0, nullable=False, index=True)
    Email: Mapped[str] = text("Email", 100)
    EstBalance: Mapped[float] = money("EstBalance")
    PriProv: Mapped[int] = col("PriProv", Integer, default=0, nullable=False, index=True)
    SecProv: Mapped[int] = num("SecProv")
    FeeSched: Mapped[int] = num("FeeSched")
    BillingType: Mapped[int] = num("BillingType")
    ChartNumber: Mapped[str] = text("ChartNumber", 100)
    MedicaidID: Mapped[str] = text("MedicaidID", 20)
    Bal_0_30: Mapped[float] = money("Bal_0_30")
    Bal_31_60: Mapped[float] = money("Bal_31_60")
    Bal_61_90: Mapped[float] = money("Bal_61_90")
    BalOver90: Mapped[float] = money("BalOver90")
    InsEst: Mapped[float] = money("InsEst")
    BalTotal: Mapped[float] = money("BalTotal")
    EmployerNum: Mapped[int] = num("EmployerNum")
    DateFirstVisit: Mapped[dt.date | None] = col("DateFirstVisit", Date, nullable=True)
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False)
    PreferConfirmMethod: Mapped[int] = num("PreferConfirmMethod")
    PreferContactMethod: Mapped[int] = num("PreferContactMethod")
    PreferRecallMethod: Mapped[int] = num("PreferRecallMethod")
    Language: Mapped[str] = text("Language", 100)
    SuperFamily: Mapped[int] = num("SuperFamily")
    TxtMsgOk: Mapped[int] = num("TxtMsgOk")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False, index=True)
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)


# Name filters compare lower(name) ranges, so a prefix search uses an index on both backends
# (a plain LIKE cannot use one on PostgreSQL without text_pattern_ops).
Index("ix_patient_lower_lname", func.lower(Patient.LName))
Index("ix_patient_lower_fname", func.lower(Patient.FName))


class Appointment(OfficeBase):
    __tablename__ = "appointment"
    __table_args__ = (
        Index("ix_appointment_op_aptdatetime", "op", "aptdatetime"),
        Index("ix_appointment_aptdatetime", "aptdatetime"),
        rowid_key_index("ix_appointment_aptnum", "aptnum"),
        # The ASAP list (Priority 1) in AptNum order without a scan (office migration 0009).
        Index("ix_appointment_priority_aptnum", "priority", "aptnum"),
    )
    AptNum: Mapped[int] = col("AptNum", Integer, primary_key=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    AptStatus: Mapped[int] = col("AptStatus", SmallInteger, default=1, nullable=False)
    Pattern: Mapped[str] = text("Pattern")
    Confirmed: Mapped[int] = num("Confirmed")
    TimeLocked: Mapped[int] = flag("TimeLocked")
    Op: Mapped[int] = col("Op", Integer, default=0, nullable=False)
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    ProvNum: Mapped[int] = num("ProvNum")
    ProvHyg: Mapped[int] = num("ProvHyg")
    AptDateTime: Mapped[dt.datetime | None] = col("AptDateTime", DateTime, nullable=True)
    NextAptNum: Mapped[int] = num("NextAptNum")
    UnschedStatus: Mapped[int] = num("UnschedStatus")
    IsNewPatient: Mapped[int] = flag("IsNewPatient")
    ProcDescript: Mapped[str] = col("ProcDescript", Text, default="", nullable=False)
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False, index=True)
    IsHygiene: Mapped[int] = flag("IsHygiene")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False, index=True)
    DateTimeArrived: Mapped[dt.datetime | None] = col("DateTimeArrived", DateTime, nullable=True)
    DateTimeSeated: Mapped[dt.datetime | None] = col("DateTimeSeated", DateTime, nullable=True)
    DateTimeDismissed: Mapped[dt.datetime | None] = col(
        "DateTimeDismissed", DateTime, nullable=True
    )
    InsPlan1: Mapped[int] = num("InsPlan1")
    InsPlan2: Mapped[int] = num("InsPlan2")
    DateTimeAskedToArrive: Mapped[dt.datetime | None] = col(
        "DateTimeAskedToArrive", DateTime, nullable=True
    )
    ColorOverride: Mapped[str] = text("ColorOverride", 20)
    AppointmentTypeNum: Mapped[int] = num("AppointmentTypeNum")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateTEntry: Mapped[dt.datetime | None] = col("SecDateTEntry", DateTime, nullable=True)
    Priority: Mapped[int] = num("Priority")
    PatternSecondary: Mapped[str] = text("PatternSecondary")
    ItemOrderPlanned: Mapped[int] = num("ItemOrderPlanned")


class ProcedureCode(OfficeBase):
    __tablename__ = "procedurecode"
    __table_args__ = (rowid_key_index("ix_procedurecode_codenum", "codenum"),)
    CodeNum: Mapped[int] = col("CodeNum", Integer, primary_key=True)
    ProcCode: Mapped[str] = col("ProcCode", String(15), nullable=False, unique=True)
    Descript: Mapped[str] = text("Descript")
    AbbrDesc: Mapped[str] = text("AbbrDesc", 50)
    ProcTime: Mapped[str] = text("ProcTime", 24)
    ProcCat: Mapped[int] = num("ProcCat")
    IsHygiene: Mapped[int] = flag("IsHygiene")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False)
    # Open Dental's columns that apiprocedurecodes.html shows (office migration 0009).
    TreatArea: Mapped[int] = added_num("TreatArea")
    NoBillIns: Mapped[int] = added_num("NoBillIns")
    IsProsth: Mapped[int] = added_num("IsProsth")
    DefaultNote: Mapped[str] = added_text("DefaultNote", None)
    AlternateCode1: Mapped[str] = added_text("AlternateCode1", 15)
    MedicalCode: Mapped[str] = added_text("MedicalCode", 15)
    IsTaxed: Mapped[int] = added_num("IsTaxed")
    PaintType: Mapped[int] = added_num("PaintType")
    LaymanTerm: Mapped[str] = added_text("LaymanTerm", 255)
    IsCanadianLab: Mapped[int] = added_num("IsCanadianLab")
    BaseUnits: Mapped[int] = added_num("BaseUnits")
    SubstitutionCode: Mapped[str] = added_text("SubstitutionCode", 25)
    SubstOnlyIf: Mapped[int] = added_num("SubstOnlyIf")
    DrugNDC: Mapped[str] = added_text("DrugNDC", 255)
    RevenueCodeDefault: Mapped[str] = added_text("RevenueCodeDefault", 255)
    ProvNumDefault: Mapped[int] = added_num("ProvNumDefault")
    CanadaTimeUnits: Mapped[float] = added_money("CanadaTimeUnits")
    IsRadiology: Mapped[int] = added_num("IsRadiology")
    DefaultClaimNote: Mapped[str] = added_text("DefaultClaimNote", None)
    DefaultTPNote: Mapped[str] = added_text("DefaultTPNote", None)
    PaintText: Mapped[str] = added_text("PaintText", 255)
    AreaAlsoToothRange: Mapped[int] = added_num("AreaAlsoToothRange")
    DiagnosticCodes: Mapped[str] = added_text("DiagnosticCodes", 255)


class ProcedureLog(OfficeBase):
    __tablename__ = "procedurelog"
    __table_args__ = (
        Index("ix_procedurelog_patnum", "patnum"),
        Index("ix_procedurelog_aptnum", "aptnum"),
        Index("ix_procedurelog_status_date", "procstatus", "procdate"),
        rowid_key_index("ix_procedurelog_procnum", "procnum"),
    )
    ProcNum: Mapped[int] = col("ProcNum", Integer, primary_key=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False)
    AptNum: Mapped[int] = num("AptNum")
    ProcDate: Mapped[dt.date | None] = col("ProcDate", Date, nullable=True)
    ProcFee: Mapped[float] = money("ProcFee")
    Surf: Mapped[str] = text("Surf", 10)
    ToothNum: Mapped[str] = text("ToothNum", 2)
    ToothRange: Mapped[str] = text("ToothRange", 100)
    Priority: Mapped[int] = num("Priority")
    ProcStatus: Mapped[int] = col("ProcStatus", SmallInteger, default=1, nullable=False)
    ProvNum: Mapped[int] = num("ProvNum")
    Dx: Mapped[int] = num("Dx")
    PlannedAptNum: Mapped[int] = num("PlannedAptNum")
    PlaceService: Mapped[int] = num("PlaceService")
    Prosthesis: Mapped[str] = text("Prosthesis", 1)
    DateOriginalProsth: Mapped[dt.date | None] = col("DateOriginalProsth", Date, nullable=True)
    ClaimNote: Mapped[str] = text("ClaimNote", 80)
    DateEntryC: Mapped[dt.date | None] = col("DateEntryC", Date, nullable=True)
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False, index=True)
    CodeNum: Mapped[int] = num("CodeNum")
    UnitQty: Mapped[int] = col("UnitQty", Integer, default=1, nullable=False)
    BaseUnits: Mapped[int] = num("BaseUnits")
    DateTP: Mapped[dt.date | None] = col("DateTP", Date, nullable=True)
    HideGraphics: Mapped[int] = flag("HideGraphics")
    ProcTime: Mapped[str] = text("ProcTime", 8)
    ProcTimeEnd: Mapped[str] = text("ProcTimeEnd", 8)
    Prognosis: Mapped[int] = num("Prognosis")
    IsLocked: Mapped[int] = flag("IsLocked")
    BillingNote: Mapped[str] = col("BillingNote", Text, default="", nullable=False)
    Discount: Mapped[float] = money("Discount")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False, index=True)
    SecDateEntry: Mapped[dt.datetime | None] = col("SecDateEntry", DateTime, nullable=True)


class Adjustment(OfficeBase):
    __tablename__ = "adjustment"
    AdjNum: Mapped[int] = col("AdjNum", Integer, primary_key=True)
    AdjDate: Mapped[dt.date | None] = col("AdjDate", Date, nullable=True)
    AdjAmt: Mapped[float] = money("AdjAmt")
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    AdjType: Mapped[int] = num("AdjType")
    ProvNum: Mapped[int] = num("ProvNum")
    AdjNote: Mapped[str] = col("AdjNote", Text, default="", nullable=False)
    ProcDate: Mapped[dt.date | None] = col("ProcDate", Date, nullable=True)
    ProcNum: Mapped[int] = num("ProcNum")
    DateEntry: Mapped[dt.date | None] = col("DateEntry", Date, nullable=True)
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)


class Payment(OfficeBase):
    __tablename__ = "payment"
    __table_args__ = (rowid_key_index("ix_payment_paynum", "paynum"),)
    PayNum: Mapped[int] = col("PayNum", Integer, primary_key=True)
    PayType: Mapped[int] = num("PayType")
    PayDate: Mapped[dt.date | None] = col("PayDate", Date, nullable=True)
    PayAmt: Mapped[float] = money("PayAmt")
    CheckNum: Mapped[str] = text("CheckNum", 25)
    BankBranch: Mapped[str] = text("BankBranch", 25)
    PayNote: Mapped[str] = col("PayNote", Text, default="", nullable=False)
    IsSplit: Mapped[int] = flag("IsSplit")
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False)
    DateEntry: Mapped[dt.date | None] = col("DateEntry", Date, nullable=True, index=True)
    DepositNum: Mapped[int] = num("DepositNum")
    Receipt: Mapped[str] = col("Receipt", Text, default="", nullable=False)
    IsRecurringCC: Mapped[int] = flag("IsRecurringCC")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    PaymentSource: Mapped[int] = num("PaymentSource")
    ProcessStatus: Mapped[int] = num("ProcessStatus")


class PaySplit(OfficeBase):
    __tablename__ = "paysplit"
    # PaySplits GET ?ProcNum= without a scan; Offset paging by key (office migration 0009).
    __table_args__ = (
        Index("ix_paysplit_procnum", "procnum"),
        rowid_key_index("ix_paysplit_splitnum", "splitnum"),
    )
    SplitNum: Mapped[int] = col("SplitNum", Integer, primary_key=True)
    SplitAmt: Mapped[float] = money("SplitAmt")
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    PayNum: Mapped[int] = col("PayNum", Integer, nullable=False, index=True)
    ProvNum: Mapped[int] = num("ProvNum")
    DatePay: Mapped[dt.date | None] = col("DatePay", Date, nullable=True)
    ProcNum: Mapped[int] = num("ProcNum")
    DateEntry: Mapped[dt.date | None] = col("DateEntry", Date, nullable=True)
    UnearnedType: Mapped[int] = num("UnearnedType")
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False)
    AdjNum: Mapped[int] = num("AdjNum")
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    # The payment plan (charge) a split pays (office migration 0009).
    PayPlanNum: Mapped[int] = col(
        "PayPlanNum", Integer, default=0, server_default="0", nullable=False
    )
    PayPlanChargeNum: Mapped[int] = col(
        "PayPlanChargeNum", Integer, default=0, server_default="0", nullable=False
    )


class ClaimProc(OfficeBase):
    """Insurance's share of a procedure. Status follows Open Dental's ClaimProcStatus numbers:
    0 NotReceived, 1 Received, 2 Preauth, 3 Adjustment, 4 Supplemental, 6 Estimate, 7 CapComplete.
    """

    __tablename__ = "claimproc"
    __table_args__ = (
        Index("ix_claimproc_patnum", "patnum"),
        Index("ix_claimproc_procnum", "procnum"),
        Index("ix_claimproc_claimnum", "claimnum"),  # 0009: a claim's procedures
        Index("ix_claimproc_claimpaymentnum", "claimpaymentnum"),  # 0009: a check's
        Index("ix_claimproc_status", "status"),  # 0009: GET /claimprocs?Status=
        rowid_key_index("ix_claimproc_claimprocnum", "claimprocnum"),
    )
    ClaimProcNum: Mapped[int] = col("ClaimProcNum", Integer, primary_key=True)
    ProcNum: Mapped[int] = num("ProcNum")
    ClaimNum: Mapped[int] = num("ClaimNum")
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False)
    ProvNum: Mapped[int] = num("ProvNum")
    FeeBilled: Mapped[float] = money("FeeBilled")
    InsPayEst: Mapped[float] = money("InsPayEst")
    DedApplied: Mapped[float] = money("DedApplied")
    Status: Mapped[int] = col("Status", SmallInteger, default=0, nullable=False)
    InsPayAmt: Mapped[float] = money("InsPayAmt")
    WriteOff: Mapped[float] = money("WriteOff")
    WriteOffEst: Mapped[float] = money("WriteOffEst")
    InsEstTotal: Mapped[float] = money("InsEstTotal")
    PlanNum: Mapped[int] = num("PlanNum")
    DateCP: Mapped[dt.date | None] = col("DateCP", Date, nullable=True)
    ProcDate: Mapped[dt.date | None] = col("ProcDate", Date, nullable=True)
    DateEntry: Mapped[dt.date | None] = col("DateEntry", Date, nullable=True)
    ClinicNum: Mapped[int] = col("ClinicNum", Integer, default=0, nullable=False)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    # Open Dental's columns that apiclaimprocs.html shows (office migration 0009); the
    # overrides hold -1 for "none", as in Open Dental.
    Remarks: Mapped[str] = added_text("Remarks", 255)
    ClaimPaymentNum: Mapped[int] = added_num("ClaimPaymentNum")
    CodeSent: Mapped[str] = added_text("CodeSent", 15)
    AllowedOverride: Mapped[float] = added_money("AllowedOverride", -1)
    Percentage: Mapped[int] = added_num("Percentage", -1)
    PercentOverride: Mapped[int] = added_num("PercentOverride", -1)
    CopayAmt: Mapped[float] = added_money("CopayAmt", -1)
    NoBillIns: Mapped[int] = added_num("NoBillIns")
    PaidOtherIns: Mapped[float] = added_money("PaidOtherIns", -1)
    BaseEst: Mapped[float] = added_money("BaseEst")
    CopayOverride: Mapped[float] = added_money("CopayOverride", -1)
    DedEst: Mapped[float] = added_money("DedEst", -1)
    DedEstOverride: Mapped[float] = added_money("DedEstOverride", -1)
    InsEstTotalOverride: Mapped[float] = added_money("InsEstTotalOverride", -1)
    PaidOtherInsOverride: Mapped[float] = added_money("PaidOtherInsOverride", -1)
    EstimateNote: Mapped[str] = added_text("EstimateNote", 255)
    WriteOffEstOverride: Mapped[float] = added_money("WriteOffEstOverride", -1)
    InsSubNum: Mapped[int] = added_num("InsSubNum")
    PaymentRow: Mapped[int] = added_num("PaymentRow")
    PayPlanNum: Mapped[int] = added_num("PayPlanNum")
    ClaimPaymentTracking: Mapped[int] = added_num("ClaimPaymentTracking")
    SecUserNumEntry: Mapped[int] = added_num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    DateSuppReceived: Mapped[dt.date | None] = col("DateSuppReceived", Date, nullable=True)
    DateInsFinalized: Mapped[dt.date | None] = col("DateInsFinalized", Date, nullable=True)
    IsTransfer: Mapped[int] = added_num("IsTransfer")
    ClaimAdjReasonCodes: Mapped[str] = added_text("ClaimAdjReasonCodes", 255)


class Commlog(OfficeBase):
    __tablename__ = "commlog"
    __table_args__ = (rowid_key_index("ix_commlog_commlognum", "commlognum"),)
    CommlogNum: Mapped[int] = col("CommlogNum", Integer, primary_key=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    CommDateTime: Mapped[dt.datetime] = col("CommDateTime", DateTime, nullable=False)
    CommType: Mapped[int] = num("CommType")
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    Mode_: Mapped[int] = num("Mode_")
    SentOrReceived: Mapped[int] = num("SentOrReceived")
    UserNum: Mapped[int] = num("UserNum")
    DateTimeEnd: Mapped[dt.datetime | None] = col("DateTimeEnd", DateTime, nullable=True)
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False)
    # Open Dental's commlog columns that its API shows (office migration 0006).
    CommSource: Mapped[int] = col(
        "CommSource", Integer, default=0, server_default="0", nullable=False
    )
    ProgramNum: Mapped[int] = col(
        "ProgramNum", Integer, default=0, server_default="0", nullable=False
    )
    DateTEntry: Mapped[dt.datetime | None] = col("DateTEntry", DateTime, nullable=True)
    ReferralNum: Mapped[int] = col(
        "ReferralNum", Integer, default=0, server_default="0", nullable=False
    )


class Preference(OfficeBase):
    __tablename__ = "preference"
    PrefNum: Mapped[int] = col("PrefNum", Integer, primary_key=True)
    PrefName: Mapped[str] = col("PrefName", String(255), nullable=False, unique=True)
    ValueString: Mapped[str] = col("ValueString", Text, default="", nullable=False)
    Comments: Mapped[str] = col("Comments", Text, default="", nullable=False)


class Userod(OfficeBase):
    """A practice user. ``Password`` is an argon2 hash and is never serialized."""

    __tablename__ = "userod"
    UserNum: Mapped[int] = col("UserNum", Integer, primary_key=True)
    UserName: Mapped[str] = col("UserName", String(255), nullable=False, unique=True)
    Password: Mapped[str] = text("Password")
    UserGroupNum: Mapped[int] = num("UserGroupNum")
    EmployeeNum: Mapped[int] = num("EmployeeNum")
    ClinicNum: Mapped[int] = num("ClinicNum")
    ProvNum: Mapped[int] = num("ProvNum")
    IsHidden: Mapped[int] = flag("IsHidden")
    IsAdmin: Mapped[int] = flag("IsAdmin")
    Scopes: Mapped[str] = col("Scopes", Text, default="", nullable=False)
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False)
    # Open Dental's lockout columns: sign-in attempts reserved since the last success (or
    # reset), and when the latest was reserved; None when there is none.
    FailedAttempts: Mapped[int] = col(
        "FailedAttempts", Integer, default=0, server_default="0", nullable=False
    )
    DateTFailed: Mapped[dt.datetime | None] = col("DateTFailed", DateTime, nullable=True)


class ApiKey(OfficeBase):
    """The office's synchronized copy of the CustomerKeys it has added (seed 000).

    ``CustApiKey`` holds the key sealed (``dentin.keys.sealing``), found by ``KeyHash``, its
    keyed hash (office migration 0004); rows written before that hold the clear key and no
    hash until the office is next provisioned (``office.apikeys.seal_legacy``). ShortQuery never
    reads this table itself: it is served the caller's permitted rows, opened in Python.
    """

    __tablename__ = "apikey"
    __table_args__ = (UniqueConstraint("keyhash", name="uq_apikey_keyhash"),)
    APIKeyNum: Mapped[int] = col("APIKeyNum", Integer, primary_key=True)
    CustApiKey: Mapped[str] = col("CustApiKey", String(255), nullable=False, unique=True)
    DevName: Mapped[str] = text("DevName")
    KeyHash: Mapped[str | None] = col("KeyHash", String(64), nullable=True)


class DeletedObject(OfficeBase):
    """Open Dental's record of deletions, which the AppointmentDeleted event reads."""

    __tablename__ = "deletedobject"
    DeletedObjectNum: Mapped[int] = col("DeletedObjectNum", Integer, primary_key=True)
    ObjectNum: Mapped[int] = num("ObjectNum")
    ObjectType: Mapped[int] = num("ObjectType")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False, index=True)


class Definition(OfficeBase):
    """Open Dental's practice-editable pick lists (``definition`` table, one row per item).

    Several wire fields are definition numbers rendered by name: ``Confirmed``/``confirmed``
    (category 2), ``BillingType`` (4), ``PayType``/``payType`` (10), ``CommType`` (27).
    """

    __tablename__ = "definition"
    __table_args__ = (Index("ix_definition_category", "category", "itemorder"),)
    DefNum: Mapped[int] = col("DefNum", Integer, primary_key=True)
    Category: Mapped[int] = num("Category")
    ItemOrder: Mapped[int] = num("ItemOrder")
    ItemName: Mapped[str] = text("ItemName")
    ItemValue: Mapped[str] = text("ItemValue")
    ItemColor: Mapped[int] = num("ItemColor")
    IsHidden: Mapped[int] = flag("IsHidden")


class Schedule(OfficeBase):
    """Open Dental's ``schedule``: when the practice or a provider works on one day.

    ``SchedType`` 0 (Practice) opens every operatory; 1 (Provider) opens the operatories linked
    in ``scheduleop`` for that provider. Appointment slots are derived from these rows.
    """

    __tablename__ = "schedule"
    __table_args__ = (Index("ix_schedule_scheddate", "scheddate", "schedtype"),)
    ScheduleNum: Mapped[int] = col("ScheduleNum", Integer, primary_key=True)
    SchedDate: Mapped[dt.date] = col("SchedDate", Date, nullable=False)
    StartTime: Mapped[dt.time] = col("StartTime", Time, nullable=False)
    StopTime: Mapped[dt.time] = col("StopTime", Time, nullable=False)
    SchedType: Mapped[int] = num("SchedType")
    ProvNum: Mapped[int] = num("ProvNum")
    BlockoutType: Mapped[int] = num("BlockoutType")
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    Status: Mapped[int] = num("Status")
    EmployeeNum: Mapped[int] = num("EmployeeNum")
    ClinicNum: Mapped[int] = num("ClinicNum")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False)


class ScheduleOp(OfficeBase):
    """Which operatories a provider's schedule row covers (Open Dental's ``scheduleop``)."""

    __tablename__ = "scheduleop"
    ScheduleOpNum: Mapped[int] = col("ScheduleOpNum", Integer, primary_key=True)
    ScheduleNum: Mapped[int] = col("ScheduleNum", Integer, nullable=False, index=True)
    OperatoryNum: Mapped[int] = num("OperatoryNum")


class ChangeGeneration(OfficeBase):
    """dentin's own: one counter per cached table, moved by a trigger on every write to it.

    Each server process caches the small tables that display fields name (office/lookups.py);
    the office database is the one thing every process (other workers, the CLI, Open Dental
    itself writing the same tables) shares, so its triggers tell them all (migration 0006).
    """

    __tablename__ = "changegeneration"
    TableName: Mapped[str] = col("TableName", String(64), primary_key=True)
    Generation: Mapped[int] = col("Generation", Integer, default=0, nullable=False)


# -- Clinical (issue 15, clinical part): Open Dental's medical-history, chart and imaging tables.
# Each keeps Open Dental's columns (so its ShortQuery examples run unchanged); the API routes
# read and write the subset its pages show.


def stamp(name: str) -> Any:
    return col(name, DateTime, nullable=False)


def maybe_date(name: str) -> Any:
    return col(name, Date, nullable=True)


def maybe_moment(name: str) -> Any:
    return col(name, DateTime, nullable=True)


def note(name: str) -> Any:
    return col(name, Text, default="", nullable=False)


def keyed(name: str) -> Any:
    """A foreign number that lists filter by (``PatNum``): indexed."""
    return col(name, Integer, default=0, nullable=False, index=True)


class AllergyDef(OfficeBase):
    __tablename__ = "allergydef"
    AllergyDefNum: Mapped[int] = col("AllergyDefNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description")
    IsHidden: Mapped[int] = flag("IsHidden")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    SnomedType: Mapped[int] = num("SnomedType")
    MedicationNum: Mapped[int] = num("MedicationNum")
    UniiCode: Mapped[str] = text("UniiCode")


class Allergy(OfficeBase):
    __tablename__ = "allergy"
    AllergyNum: Mapped[int] = col("AllergyNum", Integer, primary_key=True)
    AllergyDefNum: Mapped[int] = num("AllergyDefNum")
    PatNum: Mapped[int] = keyed("PatNum")
    Reaction: Mapped[str] = text("Reaction")
    StatusIsActive: Mapped[int] = col("StatusIsActive", SmallInteger, default=1, nullable=False)
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    DateAdverseReaction: Mapped[dt.date | None] = maybe_date("DateAdverseReaction")
    SnomedReaction: Mapped[str] = text("SnomedReaction")


class Medication(OfficeBase):
    __tablename__ = "medication"
    MedicationNum: Mapped[int] = col("MedicationNum", Integer, primary_key=True)
    MedName: Mapped[str] = text("MedName")
    GenericNum: Mapped[int] = num("GenericNum")
    Notes: Mapped[str] = note("Notes")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    RxCui: Mapped[int] = num("RxCui")
    IsHidden: Mapped[int] = flag("IsHidden")


class MedicationPat(OfficeBase):
    __tablename__ = "medicationpat"
    MedicationPatNum: Mapped[int] = col("MedicationPatNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    MedicationNum: Mapped[int] = num("MedicationNum")
    PatNote: Mapped[str] = note("PatNote")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    DateStart: Mapped[dt.date | None] = maybe_date("DateStart")
    DateStop: Mapped[dt.date | None] = maybe_date("DateStop")
    ProvNum: Mapped[int] = num("ProvNum")
    MedDescript: Mapped[str] = text("MedDescript")
    RxCui: Mapped[int] = num("RxCui")
    ErxGuid: Mapped[str] = text("ErxGuid")
    IsCpoe: Mapped[int] = flag("IsCpoe")


class DiseaseDef(OfficeBase):
    __tablename__ = "diseasedef"
    DiseaseDefNum: Mapped[int] = col("DiseaseDefNum", Integer, primary_key=True)
    DiseaseName: Mapped[str] = text("DiseaseName")
    ItemOrder: Mapped[int] = num("ItemOrder")
    IsHidden: Mapped[int] = flag("IsHidden")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    ICD9Code: Mapped[str] = text("ICD9Code")
    SnomedCode: Mapped[str] = text("SnomedCode")
    Icd10Code: Mapped[str] = text("Icd10Code")


class Disease(OfficeBase):
    __tablename__ = "disease"
    DiseaseNum: Mapped[int] = col("DiseaseNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    DiseaseDefNum: Mapped[int] = num("DiseaseDefNum")
    PatNote: Mapped[str] = note("PatNote")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    ProbStatus: Mapped[int] = num("ProbStatus")
    DateStart: Mapped[dt.date | None] = maybe_date("DateStart")
    DateStop: Mapped[dt.date | None] = maybe_date("DateStop")
    SnomedProblemType: Mapped[str] = text("SnomedProblemType")
    FunctionStatus: Mapped[int] = num("FunctionStatus")


class PatientNote(OfficeBase):
    """One row per patient, keyed by PatNum; ``FamFinancial`` lives on the guarantor's row."""

    __tablename__ = "patientnote"
    PatNum: Mapped[int] = col("PatNum", Integer, primary_key=True, autoincrement=False)
    FamFinancial: Mapped[str] = note("FamFinancial")
    ApptPhone: Mapped[str] = note("ApptPhone")
    Medical: Mapped[str] = note("Medical")
    Service: Mapped[str] = note("Service")
    MedicalComp: Mapped[str] = note("MedicalComp")
    Treatment: Mapped[str] = note("Treatment")
    ICEName: Mapped[str] = text("ICEName")
    ICEPhone: Mapped[str] = text("ICEPhone", 30)
    OrthoMonthsTreatOverride: Mapped[int] = col(
        "OrthoMonthsTreatOverride", Integer, default=-1, nullable=False
    )
    DateOrthoPlacementOverride: Mapped[dt.date | None] = maybe_date("DateOrthoPlacementOverride")
    SecDateTEntry: Mapped[dt.datetime | None] = maybe_moment("SecDateTEntry")
    SecDateTEdit: Mapped[dt.datetime] = stamp("SecDateTEdit")
    Consent: Mapped[int] = num("Consent")
    UserNumOrthoLocked: Mapped[int] = num("UserNumOrthoLocked")
    Pronoun: Mapped[int] = num("Pronoun")


class VitalSign(OfficeBase):
    __tablename__ = "vitalsign"
    VitalsignNum: Mapped[int] = col("VitalsignNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    Height: Mapped[float] = money("Height")
    Weight: Mapped[float] = money("Weight")
    BpSystolic: Mapped[int] = num("BpSystolic")
    BpDiastolic: Mapped[int] = num("BpDiastolic")
    DateTaken: Mapped[dt.date | None] = maybe_date("DateTaken")
    HasFollowupPlan: Mapped[int] = flag("HasFollowupPlan")
    IsIneligible: Mapped[int] = flag("IsIneligible")
    Documentation: Mapped[str] = note("Documentation")
    ChildGotNutrition: Mapped[int] = flag("ChildGotNutrition")
    ChildGotPhysCouns: Mapped[int] = flag("ChildGotPhysCouns")
    WeightCode: Mapped[str] = text("WeightCode")
    HeightExamCode: Mapped[str] = text("HeightExamCode")
    WeightExamCode: Mapped[str] = text("WeightExamCode")
    BMIExamCode: Mapped[str] = text("BMIExamCode")
    EhrNotPerformedNum: Mapped[int] = num("EhrNotPerformedNum")
    PregDiseaseNum: Mapped[int] = num("PregDiseaseNum")
    BMIPercentile: Mapped[int] = num("BMIPercentile")
    Pulse: Mapped[int] = num("Pulse")


class PatFieldDef(OfficeBase):
    __tablename__ = "patfielddef"
    PatFieldDefNum: Mapped[int] = col("PatFieldDefNum", Integer, primary_key=True)
    FieldName: Mapped[str] = text("FieldName")
    FieldType: Mapped[int] = num("FieldType")
    PickList: Mapped[str] = note("PickList")
    ItemOrder: Mapped[int] = num("ItemOrder")
    IsHidden: Mapped[int] = flag("IsHidden")


class PatFieldPickItem(OfficeBase):
    """A PickList field's choices (Open Dental 24.1 moved them here from patfielddef.PickList)."""

    __tablename__ = "patfieldpickitem"
    PatFieldPickItemNum: Mapped[int] = col("PatFieldPickItemNum", Integer, primary_key=True)
    PatFieldDefNum: Mapped[int] = keyed("PatFieldDefNum")
    Name: Mapped[str] = text("Name")
    Abbreviation: Mapped[str] = text("Abbreviation")
    IsHidden: Mapped[int] = flag("IsHidden")
    ItemOrder: Mapped[int] = num("ItemOrder")


class PatField(OfficeBase):
    __tablename__ = "patfield"
    PatFieldNum: Mapped[int] = col("PatFieldNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    FieldName: Mapped[str] = text("FieldName")
    FieldValue: Mapped[str] = note("FieldValue")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = maybe_date("SecDateEntry")
    SecDateTEdit: Mapped[dt.datetime] = stamp("SecDateTEdit")


class RecallType(OfficeBase):
    __tablename__ = "recalltype"
    RecallTypeNum: Mapped[int] = col("RecallTypeNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description")
    DefaultInterval: Mapped[int] = num("DefaultInterval")
    TimePattern: Mapped[str] = text("TimePattern")
    Procedures: Mapped[str] = text("Procedures")
    AppendToSpecial: Mapped[int] = flag("AppendToSpecial")


class Recall(OfficeBase):
    __tablename__ = "recall"
    __table_args__ = (
        Index("ix_recall_datedue", "datedue"),
        rowid_key_index("ix_recall_recallnum", "recallnum"),
    )
    RecallNum: Mapped[int] = col("RecallNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    DateDueCalc: Mapped[dt.date | None] = maybe_date("DateDueCalc")
    DateDue: Mapped[dt.date | None] = maybe_date("DateDue")
    DatePrevious: Mapped[dt.date | None] = maybe_date("DatePrevious")
    RecallInterval: Mapped[int] = num("RecallInterval")
    RecallStatus: Mapped[int] = num("RecallStatus")
    Note: Mapped[str] = note("Note")
    IsDisabled: Mapped[int] = flag("IsDisabled")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    RecallTypeNum: Mapped[int] = num("RecallTypeNum")
    DisableUntilBalance: Mapped[float] = money("DisableUntilBalance")
    DisableUntilDate: Mapped[dt.date | None] = maybe_date("DisableUntilDate")
    DateScheduled: Mapped[dt.date | None] = maybe_date("DateScheduled")
    Priority: Mapped[int] = num("Priority")
    TimePatternOverride: Mapped[str] = text("TimePatternOverride")


class ToothInitial(OfficeBase):
    __tablename__ = "toothinitial"
    ToothInitialNum: Mapped[int] = col("ToothInitialNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    ToothNum: Mapped[str] = text("ToothNum", 2)
    InitialType: Mapped[int] = num("InitialType")
    Movement: Mapped[float] = money("Movement")
    DrawingSegment: Mapped[str] = note("DrawingSegment")
    ColorDraw: Mapped[int] = num("ColorDraw")
    SecDateTEntry: Mapped[dt.datetime | None] = maybe_moment("SecDateTEntry")
    SecDateTEdit: Mapped[dt.datetime] = stamp("SecDateTEdit")
    DrawText: Mapped[str] = text("DrawText")


class PerioExam(OfficeBase):
    __tablename__ = "perioexam"
    __table_args__ = (
        Index("ix_perioexam_examdate", "examdate"),
        rowid_key_index("ix_perioexam_perioexamnum", "perioexamnum"),
    )
    PerioExamNum: Mapped[int] = col("PerioExamNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    ExamDate: Mapped[dt.date | None] = maybe_date("ExamDate")
    ProvNum: Mapped[int] = num("ProvNum")
    DateTMeasureEdit: Mapped[dt.datetime] = stamp("DateTMeasureEdit")
    Note: Mapped[str] = note("Note")


class PerioMeasure(OfficeBase):
    __tablename__ = "periomeasure"
    __table_args__ = (rowid_key_index("ix_periomeasure_periomeasurenum", "periomeasurenum"),)
    PerioMeasureNum: Mapped[int] = col("PerioMeasureNum", Integer, primary_key=True)
    PerioExamNum: Mapped[int] = keyed("PerioExamNum")
    SequenceType: Mapped[int] = num("SequenceType")
    IntTooth: Mapped[int] = num("IntTooth")
    ToothValue: Mapped[int] = num("ToothValue")
    MBvalue: Mapped[int] = num("MBvalue")
    Bvalue: Mapped[int] = num("Bvalue")
    DBvalue: Mapped[int] = num("DBvalue")
    MLvalue: Mapped[int] = num("MLvalue")
    Lvalue: Mapped[int] = num("Lvalue")
    DLvalue: Mapped[int] = num("DLvalue")
    SecDateTEntry: Mapped[dt.datetime | None] = maybe_moment("SecDateTEntry")
    SecDateTEdit: Mapped[dt.datetime] = stamp("SecDateTEdit")


class Laboratory(OfficeBase):
    __tablename__ = "laboratory"
    LaboratoryNum: Mapped[int] = col("LaboratoryNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description")
    Phone: Mapped[str] = text("Phone")
    Notes: Mapped[str] = note("Notes")
    Slip: Mapped[int] = num("Slip")
    Address: Mapped[str] = text("Address")
    City: Mapped[str] = text("City")
    State: Mapped[str] = text("State")
    Zip: Mapped[str] = text("Zip")
    Email: Mapped[str] = text("Email")
    WirelessPhone: Mapped[str] = text("WirelessPhone")
    IsHidden: Mapped[int] = flag("IsHidden")


class LabCase(OfficeBase):
    __tablename__ = "labcase"
    __table_args__ = (
        Index("ix_labcase_laboratorynum", "laboratorynum"),
        Index("ix_labcase_aptnum", "aptnum"),
        Index("ix_labcase_plannedaptnum", "plannedaptnum"),
        Index("ix_labcase_provnum", "provnum"),
        rowid_key_index("ix_labcase_labcasenum", "labcasenum"),
    )
    LabCaseNum: Mapped[int] = col("LabCaseNum", Integer, primary_key=True)
    PatNum: Mapped[int] = keyed("PatNum")
    LaboratoryNum: Mapped[int] = num("LaboratoryNum")
    AptNum: Mapped[int] = num("AptNum")
    PlannedAptNum: Mapped[int] = num("PlannedAptNum")
    DateTimeDue: Mapped[dt.datetime | None] = maybe_moment("DateTimeDue")
    DateTimeCreated: Mapped[dt.datetime | None] = maybe_moment("DateTimeCreated")
    DateTimeSent: Mapped[dt.datetime | None] = maybe_moment("DateTimeSent")
    DateTimeRecd: Mapped[dt.datetime | None] = maybe_moment("DateTimeRecd")
    DateTimeChecked: Mapped[dt.datetime | None] = maybe_moment("DateTimeChecked")
    ProvNum: Mapped[int] = num("ProvNum")
    Instructions: Mapped[str] = note("Instructions")
    LabFee: Mapped[float] = money("LabFee")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    InvoiceNum: Mapped[str] = text("InvoiceNum")


class Referral(OfficeBase):
    __tablename__ = "referral"
    ReferralNum: Mapped[int] = col("ReferralNum", Integer, primary_key=True)
    LName: Mapped[str] = text("LName", 100)
    FName: Mapped[str] = text("FName", 100)
    MName: Mapped[str] = text("MName", 100)
    SSN: Mapped[str] = text("SSN", 9)
    UsingTIN: Mapped[int] = flag("UsingTIN")
    Specialty: Mapped[int] = num("Specialty")
    ST: Mapped[str] = text("ST", 2)
    Telephone: Mapped[str] = text("Telephone", 10)
    Address: Mapped[str] = text("Address", 100)
    Address2: Mapped[str] = text("Address2", 100)
    City: Mapped[str] = text("City", 50)
    Zip: Mapped[str] = text("Zip", 10)
    Note: Mapped[str] = note("Note")
    Phone2: Mapped[str] = text("Phone2", 30)
    IsHidden: Mapped[int] = flag("IsHidden")
    NotPerson: Mapped[int] = flag("NotPerson")
    Title: Mapped[str] = text("Title")
    EMail: Mapped[str] = text("EMail")
    PatNum: Mapped[int] = num("PatNum")
    NationalProvID: Mapped[str] = text("NationalProvID")
    Slip: Mapped[int] = num("Slip")
    IsDoctor: Mapped[int] = flag("IsDoctor")
    IsTrustedDirect: Mapped[int] = flag("IsTrustedDirect")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    IsPreferred: Mapped[int] = flag("IsPreferred")
    BusinessName: Mapped[str] = text("BusinessName")
    DisplayNote: Mapped[str] = text("DisplayNote")


class RefAttach(OfficeBase):
    __tablename__ = "refattach"
    __table_args__ = (
        Index("ix_refattach_referralnum", "referralnum"),
        Index("ix_refattach_datetstamp", "datetstamp"),
        rowid_key_index("ix_refattach_refattachnum", "refattachnum"),
    )
    RefAttachNum: Mapped[int] = col("RefAttachNum", Integer, primary_key=True)
    ReferralNum: Mapped[int] = num("ReferralNum")
    PatNum: Mapped[int] = keyed("PatNum")
    ItemOrder: Mapped[int] = num("ItemOrder")
    RefDate: Mapped[dt.date | None] = maybe_date("RefDate")
    RefType: Mapped[int] = num("RefType")
    RefToStatus: Mapped[int] = num("RefToStatus")
    Note: Mapped[str] = note("Note")
    IsTransitionOfCare: Mapped[int] = flag("IsTransitionOfCare")
    ProcNum: Mapped[int] = num("ProcNum")
    DateProcComplete: Mapped[dt.date | None] = maybe_date("DateProcComplete")
    ProvNum: Mapped[int] = num("ProvNum")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")


class Document(OfficeBase):
    __tablename__ = "document"
    DocNum: Mapped[int] = col("DocNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description")
    DateCreated: Mapped[dt.datetime | None] = maybe_moment("DateCreated")
    DocCategory: Mapped[int] = num("DocCategory")
    PatNum: Mapped[int] = keyed("PatNum")
    FileName: Mapped[str] = text("FileName")
    ImgType: Mapped[int] = num("ImgType")
    IsFlipped: Mapped[int] = flag("IsFlipped")
    DegreesRotated: Mapped[float] = money("DegreesRotated")
    ToothNumbers: Mapped[str] = text("ToothNumbers")
    Note: Mapped[str] = note("Note")
    SigIsTopaz: Mapped[int] = flag("SigIsTopaz")
    Signature: Mapped[str] = note("Signature")
    CropX: Mapped[int] = num("CropX")
    CropY: Mapped[int] = num("CropY")
    CropW: Mapped[int] = num("CropW")
    CropH: Mapped[int] = num("CropH")
    WindowingMin: Mapped[int] = num("WindowingMin")
    WindowingMax: Mapped[int] = num("WindowingMax")
    MountItemNum: Mapped[int] = num("MountItemNum")
    DateTStamp: Mapped[dt.datetime] = stamp("DateTStamp")
    RawBase64: Mapped[str] = note("RawBase64")
    Thumbnail: Mapped[str] = note("Thumbnail")
    ExternalGUID: Mapped[str] = text("ExternalGUID")
    ExternalSource: Mapped[int] = num("ExternalSource")
    ProvNum: Mapped[int] = num("ProvNum")
    IsCropOld: Mapped[int] = flag("IsCropOld")
    OcrResponseData: Mapped[str] = note("OcrResponseData")
    ImageCaptureType: Mapped[int] = num("ImageCaptureType")
    PrintHeading: Mapped[int] = flag("PrintHeading")


# -- Insurance and claims (issue 15, insurance part): Open Dental's tables and column names,
# so ShortQuery texts written for Open Dental (``SELECT * FROM inssub``) run unchanged.
# Enumerations are stored as Open Dental's integers (office/enums.py speaks them as words);
# ``insplan.PlanType``, ``claim.ClaimStatus``/``ClaimType`` are the letters Open Dental stores.


class Carrier(OfficeBase):
    __tablename__ = "carrier"
    __table_args__ = (rowid_key_index("ix_carrier_carriernum", "carriernum"),)
    CarrierNum: Mapped[int] = col("CarrierNum", Integer, primary_key=True)
    CarrierName: Mapped[str] = text("CarrierName")
    Address: Mapped[str] = text("Address")
    Address2: Mapped[str] = text("Address2")
    City: Mapped[str] = text("City")
    State: Mapped[str] = text("State", 50)
    Zip: Mapped[str] = text("Zip", 20)
    Phone: Mapped[str] = text("Phone", 40)
    ElectID: Mapped[str] = text("ElectID", 20)
    NoSendElect: Mapped[int] = num("NoSendElect")
    IsHidden: Mapped[int] = flag("IsHidden")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)


class Employer(OfficeBase):
    __tablename__ = "employer"
    __table_args__ = (rowid_key_index("ix_employer_employernum", "employernum"),)
    EmployerNum: Mapped[int] = col("EmployerNum", Integer, primary_key=True)
    EmpName: Mapped[str] = text("EmpName")
    Address: Mapped[str] = text("Address")
    Address2: Mapped[str] = text("Address2")
    City: Mapped[str] = text("City")
    State: Mapped[str] = text("State", 50)
    Zip: Mapped[str] = text("Zip", 20)
    Phone: Mapped[str] = text("Phone", 40)


class InsPlan(OfficeBase):
    __tablename__ = "insplan"
    __table_args__ = (
        Index("ix_insplan_carriernum", "carriernum"),
        rowid_key_index("ix_insplan_plannum", "plannum"),
    )
    PlanNum: Mapped[int] = col("PlanNum", Integer, primary_key=True)
    GroupName: Mapped[str] = text("GroupName")
    GroupNum: Mapped[str] = text("GroupNum", 25)
    PlanNote: Mapped[str] = col("PlanNote", Text, default="", nullable=False)
    FeeSched: Mapped[int] = num("FeeSched")
    PlanType: Mapped[str] = text("PlanType", 1)
    ClaimFormNum: Mapped[int] = num("ClaimFormNum")
    ClaimsUseUCR: Mapped[int] = flag("ClaimsUseUCR")
    CopayFeeSched: Mapped[int] = num("CopayFeeSched")
    EmployerNum: Mapped[int] = num("EmployerNum")
    CarrierNum: Mapped[int] = num("CarrierNum")
    IsMedical: Mapped[int] = flag("IsMedical")
    FilingCode: Mapped[int] = num("FilingCode")
    ShowBaseUnits: Mapped[int] = flag("ShowBaseUnits")
    CodeSubstNone: Mapped[int] = flag("CodeSubstNone")
    IsHidden: Mapped[int] = flag("IsHidden")
    MonthRenew: Mapped[int] = num("MonthRenew")
    FilingCodeSubtype: Mapped[int] = num("FilingCodeSubtype")
    CobRule: Mapped[int] = num("CobRule")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    BillingType: Mapped[int] = num("BillingType")
    ExclusionFeeRule: Mapped[int] = num("ExclusionFeeRule")
    ManualFeeSchedNum: Mapped[int] = num("ManualFeeSchedNum")
    IsBlueBookEnabled: Mapped[int] = flag("IsBlueBookEnabled")
    InsPlansZeroWriteOffsOnAnnualMaxOverride: Mapped[int] = num(
        "InsPlansZeroWriteOffsOnAnnualMaxOverride"
    )
    InsPlansZeroWriteOffsOnFreqOrAgingOverride: Mapped[int] = num(
        "InsPlansZeroWriteOffsOnFreqOrAgingOverride"
    )


class InsSub(OfficeBase):
    """A subscriber's link to a plan; ``patplan`` says who it covers."""

    __tablename__ = "inssub"
    __table_args__ = (
        Index("ix_inssub_plannum", "plannum"),
        Index("ix_inssub_subscriber", "subscriber"),
        Index("ix_inssub_secdatetedit", "secdatetedit"),
        rowid_key_index("ix_inssub_inssubnum", "inssubnum"),
    )
    InsSubNum: Mapped[int] = col("InsSubNum", Integer, primary_key=True)
    PlanNum: Mapped[int] = num("PlanNum")
    Subscriber: Mapped[int] = num("Subscriber")
    DateEffective: Mapped[dt.date | None] = col("DateEffective", Date, nullable=True)
    DateTerm: Mapped[dt.date | None] = col("DateTerm", Date, nullable=True)
    ReleaseInfo: Mapped[int] = flag("ReleaseInfo")
    AssignBen: Mapped[int] = flag("AssignBen")
    SubscriberID: Mapped[str] = text("SubscriberID")
    BenefitNotes: Mapped[str] = col("BenefitNotes", Text, default="", nullable=False)
    SubscNote: Mapped[str] = col("SubscNote", Text, default="", nullable=False)
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)


class PatPlan(OfficeBase):
    """Coverage: a patient covered by a subscriber's plan, in ``Ordinal`` order (1 primary)."""

    __tablename__ = "patplan"
    __table_args__ = (
        Index("ix_patplan_patnum", "patnum"),
        Index("ix_patplan_inssubnum", "inssubnum"),
        rowid_key_index("ix_patplan_patplannum", "patplannum"),
    )
    PatPlanNum: Mapped[int] = col("PatPlanNum", Integer, primary_key=True)
    PatNum: Mapped[int] = num("PatNum")
    Ordinal: Mapped[int] = num("Ordinal")
    IsPending: Mapped[int] = flag("IsPending")
    Relationship: Mapped[int] = num("Relationship")
    PatID: Mapped[str] = text("PatID", 100)
    InsSubNum: Mapped[int] = num("InsSubNum")
    OrthoAutoFeeBilledOverride: Mapped[float] = col(
        "OrthoAutoFeeBilledOverride", Double, default=-1.0, nullable=False
    )
    OrthoAutoNextClaimDate: Mapped[dt.date | None] = col(
        "OrthoAutoNextClaimDate", Date, nullable=True
    )
    SecDateTEntry: Mapped[dt.datetime | None] = col("SecDateTEntry", DateTime, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)


class Benefit(OfficeBase):
    __tablename__ = "benefit"
    __table_args__ = (
        Index("ix_benefit_plannum", "plannum"),
        Index("ix_benefit_patplannum", "patplannum"),
        rowid_key_index("ix_benefit_benefitnum", "benefitnum"),
    )
    BenefitNum: Mapped[int] = col("BenefitNum", Integer, primary_key=True)
    PlanNum: Mapped[int] = num("PlanNum")
    PatPlanNum: Mapped[int] = num("PatPlanNum")
    CovCatNum: Mapped[int] = num("CovCatNum")
    BenefitType: Mapped[int] = num("BenefitType")
    Percent: Mapped[int] = col("Percent", Integer, default=-1, nullable=False)
    MonetaryAmt: Mapped[float] = col("MonetaryAmt", Double, default=-1.0, nullable=False)
    TimePeriod: Mapped[int] = num("TimePeriod")
    QuantityQualifier: Mapped[int] = num("QuantityQualifier")
    Quantity: Mapped[int] = num("Quantity")
    CodeNum: Mapped[int] = num("CodeNum")
    CoverageLevel: Mapped[int] = num("CoverageLevel")
    SecDateTEntry: Mapped[dt.datetime | None] = col("SecDateTEntry", DateTime, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    CodeGroupNum: Mapped[int] = num("CodeGroupNum")
    TreatArea: Mapped[int] = num("TreatArea")


class CovCat(OfficeBase):
    __tablename__ = "covcat"
    __table_args__ = (rowid_key_index("ix_covcat_covcatnum", "covcatnum"),)
    CovCatNum: Mapped[int] = col("CovCatNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description", 50)
    DefaultPercent: Mapped[int] = col("DefaultPercent", Integer, default=-1, nullable=False)
    CovOrder: Mapped[int] = num("CovOrder")
    IsHidden: Mapped[int] = flag("IsHidden")
    EbenefitCat: Mapped[int] = num("EbenefitCat")


class FeeSched(OfficeBase):
    __tablename__ = "feesched"
    __table_args__ = (rowid_key_index("ix_feesched_feeschednum", "feeschednum"),)
    FeeSchedNum: Mapped[int] = col("FeeSchedNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description")
    FeeSchedType: Mapped[int] = num("FeeSchedType")
    ItemOrder: Mapped[int] = num("ItemOrder")
    IsHidden: Mapped[int] = flag("IsHidden")
    IsGlobal: Mapped[int] = flag("IsGlobal")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)


class Fee(OfficeBase):
    __tablename__ = "fee"
    __table_args__ = (
        Index("ix_fee_feesched_codenum", "feesched", "codenum"),
        rowid_key_index("ix_fee_feenum", "feenum"),
    )
    FeeNum: Mapped[int] = col("FeeNum", Integer, primary_key=True)
    Amount: Mapped[float] = money("Amount")
    OldCode: Mapped[str] = text("OldCode", 15)
    FeeSched: Mapped[int] = num("FeeSched")
    UseDefaultFee: Mapped[int] = flag("UseDefaultFee")
    UseDefaultCov: Mapped[int] = flag("UseDefaultCov")
    CodeNum: Mapped[int] = num("CodeNum")
    ClinicNum: Mapped[int] = num("ClinicNum")
    ProvNum: Mapped[int] = num("ProvNum")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)


class Claim(OfficeBase):
    """A claim (or preauthorization) to a plan; its procedures are its ``claimproc`` rows."""

    __tablename__ = "claim"
    __table_args__ = (
        Index("ix_claim_patnum", "patnum"),
        Index("ix_claim_claimstatus", "claimstatus"),
        Index("ix_claim_secdatetedit", "secdatetedit"),
        rowid_key_index("ix_claim_claimnum", "claimnum"),
    )
    ClaimNum: Mapped[int] = col("ClaimNum", Integer, primary_key=True)
    PatNum: Mapped[int] = num("PatNum")
    DateService: Mapped[dt.date | None] = col("DateService", Date, nullable=True)
    DateSent: Mapped[dt.date | None] = col("DateSent", Date, nullable=True)
    ClaimStatus: Mapped[str] = text("ClaimStatus", 1)
    DateReceived: Mapped[dt.date | None] = col("DateReceived", Date, nullable=True)
    PlanNum: Mapped[int] = num("PlanNum")
    ProvTreat: Mapped[int] = num("ProvTreat")
    ClaimFee: Mapped[float] = money("ClaimFee")
    InsPayEst: Mapped[float] = money("InsPayEst")
    InsPayAmt: Mapped[float] = money("InsPayAmt")
    DedApplied: Mapped[float] = money("DedApplied")
    PreAuthString: Mapped[str] = text("PreAuthString", 40)
    IsProsthesis: Mapped[str] = text("IsProsthesis", 1)
    PriorDate: Mapped[dt.date | None] = col("PriorDate", Date, nullable=True)
    ReasonUnderPaid: Mapped[str] = text("ReasonUnderPaid")
    ClaimNote: Mapped[str] = col("ClaimNote", Text, default="", nullable=False)
    ClaimType: Mapped[str] = text("ClaimType", 255)
    ProvBill: Mapped[int] = num("ProvBill")
    ReferringProv: Mapped[int] = num("ReferringProv")
    RefNumString: Mapped[str] = text("RefNumString", 40)
    PlaceService: Mapped[int] = num("PlaceService")
    AccidentRelated: Mapped[str] = text("AccidentRelated", 1)
    AccidentDate: Mapped[dt.date | None] = col("AccidentDate", Date, nullable=True)
    AccidentST: Mapped[str] = text("AccidentST", 2)
    EmployRelated: Mapped[int] = num("EmployRelated")
    IsOrtho: Mapped[int] = flag("IsOrtho")
    OrthoRemainM: Mapped[int] = num("OrthoRemainM")
    OrthoDate: Mapped[dt.date | None] = col("OrthoDate", Date, nullable=True)
    PatRelat: Mapped[int] = num("PatRelat")
    PlanNum2: Mapped[int] = num("PlanNum2")
    PatRelat2: Mapped[int] = num("PatRelat2")
    WriteOff: Mapped[float] = money("WriteOff")
    Radiographs: Mapped[int] = num("Radiographs")
    ClinicNum: Mapped[int] = num("ClinicNum")
    ClaimForm: Mapped[int] = num("ClaimForm")
    InsSubNum: Mapped[int] = num("InsSubNum")
    InsSubNum2: Mapped[int] = num("InsSubNum2")
    PriorAuthorizationNumber: Mapped[str] = text("PriorAuthorizationNumber")
    CustomTracking: Mapped[int] = num("CustomTracking")
    ClaimIdentifier: Mapped[str] = text("ClaimIdentifier")
    OrthoTotalM: Mapped[int] = num("OrthoTotalM")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    DateSentOrig: Mapped[dt.date | None] = col("DateSentOrig", Date, nullable=True)


class ClaimPayment(OfficeBase):
    """An insurance check (or EFT) finalizing the received procedures of a claim."""

    __tablename__ = "claimpayment"
    __table_args__ = (
        Index("ix_claimpayment_secdatetedit", "secdatetedit"),
        rowid_key_index("ix_claimpayment_claimpaymentnum", "claimpaymentnum"),
    )
    ClaimPaymentNum: Mapped[int] = col("ClaimPaymentNum", Integer, primary_key=True)
    CheckDate: Mapped[dt.date | None] = col("CheckDate", Date, nullable=True)
    CheckAmt: Mapped[float] = money("CheckAmt")
    CheckNum: Mapped[str] = text("CheckNum", 25)
    BankBranch: Mapped[str] = text("BankBranch", 25)
    Note: Mapped[str] = text("Note")
    ClinicNum: Mapped[int] = num("ClinicNum")
    DepositNum: Mapped[int] = num("DepositNum")
    CarrierName: Mapped[str] = text("CarrierName")
    DateIssued: Mapped[dt.date | None] = col("DateIssued", Date, nullable=True)
    IsPartial: Mapped[int] = flag("IsPartial")
    PayType: Mapped[int] = num("PayType")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    PayGroup: Mapped[int] = num("PayGroup")


class InsVerify(OfficeBase):
    """When a patient's eligibility (``FKey`` a PatPlanNum) or a plan's benefits (a PlanNum)
    were last verified."""

    __tablename__ = "insverify"
    __table_args__ = (
        Index("ix_insverify_type_fkey", "verifytype", "fkey"),
        rowid_key_index("ix_insverify_insverifynum", "insverifynum"),
    )
    InsVerifyNum: Mapped[int] = col("InsVerifyNum", Integer, primary_key=True)
    DateLastVerified: Mapped[dt.date | None] = col("DateLastVerified", Date, nullable=True)
    UserNum: Mapped[int] = num("UserNum")
    VerifyType: Mapped[int] = num("VerifyType")
    FKey: Mapped[int] = num("FKey")
    DefNum: Mapped[int] = num("DefNum")
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    DateLastAssigned: Mapped[dt.date | None] = col("DateLastAssigned", Date, nullable=True)
    DateTimeEntry: Mapped[dt.datetime | None] = col("DateTimeEntry", DateTime, nullable=True)
    HoursAvailableForVerification: Mapped[float] = money("HoursAvailableForVerification")
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)


# --- Issue 15, account part: treatment plans, statements, payment plans, tasks, setup, sheets,
# group notes. Open Dental's table and column names, so its ShortQuery texts run unchanged.


class TreatPlan(OfficeBase):
    """``TPStatus`` 0 Saved, 1 Active, 2 Inactive; ``TPType`` 0 Insurance, 1 Discount."""

    __tablename__ = "treatplan"
    __table_args__ = (rowid_key_index("ix_treatplan_treatplannum", "treatplannum"),)
    TreatPlanNum: Mapped[int] = col("TreatPlanNum", Integer, primary_key=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    DateTP: Mapped[dt.date | None] = col("DateTP", Date, nullable=True)
    Heading: Mapped[str] = text("Heading")
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    Signature: Mapped[str] = col("Signature", Text, default="", nullable=False)
    SigIsTopaz: Mapped[int] = flag("SigIsTopaz")
    ResponsParty: Mapped[int] = num("ResponsParty")
    DocNum: Mapped[int] = num("DocNum")
    TPStatus: Mapped[int] = num("TPStatus")
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    UserNumPresenter: Mapped[int] = num("UserNumPresenter")
    TPType: Mapped[int] = num("TPType")
    SignaturePractice: Mapped[str] = col("SignaturePractice", Text, default="", nullable=False)
    DateTSigned: Mapped[dt.datetime | None] = col("DateTSigned", DateTime, nullable=True)
    DateTPracticeSigned: Mapped[dt.datetime | None] = col(
        "DateTPracticeSigned", DateTime, nullable=True
    )
    SignatureText: Mapped[str] = text("SignatureText")
    SignaturePracticeText: Mapped[str] = text("SignaturePracticeText")
    MobileAppDeviceNum: Mapped[int] = num("MobileAppDeviceNum")


class ProcTP(OfficeBase):
    """A procedure as it stood when a treatment plan was saved (a frozen copy)."""

    __tablename__ = "proctp"
    ProcTPNum: Mapped[int] = col("ProcTPNum", Integer, primary_key=True)
    TreatPlanNum: Mapped[int] = col("TreatPlanNum", Integer, nullable=False, index=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    ProcNumOrig: Mapped[int] = num("ProcNumOrig")
    ItemOrder: Mapped[int] = num("ItemOrder")
    Priority: Mapped[int] = num("Priority")
    ToothNumTP: Mapped[str] = text("ToothNumTP")
    Surf: Mapped[str] = text("Surf")
    ProcCode: Mapped[str] = text("ProcCode", 15)
    Descript: Mapped[str] = text("Descript")
    FeeAmt: Mapped[float] = money("FeeAmt")
    PriInsAmt: Mapped[float] = money("PriInsAmt")
    SecInsAmt: Mapped[float] = money("SecInsAmt")
    PatAmt: Mapped[float] = money("PatAmt")
    Discount: Mapped[float] = money("Discount")
    Prognosis: Mapped[str] = text("Prognosis")
    Dx: Mapped[str] = text("Dx")
    ProcAbbr: Mapped[str] = text("ProcAbbr", 50)
    SecUserNumEntry: Mapped[int] = num("SecUserNumEntry")
    SecDateEntry: Mapped[dt.date | None] = col("SecDateEntry", Date, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    FeeAllowed: Mapped[float] = money("FeeAllowed")
    TaxAmt: Mapped[float] = money("TaxAmt")
    ProvNum: Mapped[int] = num("ProvNum")
    DateTP: Mapped[dt.date | None] = col("DateTP", Date, nullable=True)
    ClinicNum: Mapped[int] = num("ClinicNum")
    CatPercUCR: Mapped[float] = money("CatPercUCR")


class TreatPlanAttach(OfficeBase):
    """Which procedures an active or inactive treatment plan holds, with their priority."""

    __tablename__ = "treatplanattach"
    TreatPlanAttachNum: Mapped[int] = col("TreatPlanAttachNum", Integer, primary_key=True)
    TreatPlanNum: Mapped[int] = col("TreatPlanNum", Integer, nullable=False, index=True)
    ProcNum: Mapped[int] = col("ProcNum", Integer, nullable=False, index=True)
    Priority: Mapped[int] = num("Priority")


class Statement(OfficeBase):
    """``Mode_`` 0 InPerson, 1 Mail, 2 Email, 3 Electronic; ``StatementType`` NotSet/LimitedStatement."""

    __tablename__ = "statement"
    __table_args__ = (rowid_key_index("ix_statement_statementnum", "statementnum"),)
    StatementNum: Mapped[int] = col("StatementNum", Integer, primary_key=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    DateSent: Mapped[dt.date | None] = col("DateSent", Date, nullable=True)
    DateRangeFrom: Mapped[dt.date | None] = col("DateRangeFrom", Date, nullable=True)
    DateRangeTo: Mapped[dt.date | None] = col("DateRangeTo", Date, nullable=True)
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    NoteBold: Mapped[str] = col("NoteBold", Text, default="", nullable=False)
    Mode_: Mapped[int] = num("Mode_")
    HidePayment: Mapped[int] = flag("HidePayment")
    SinglePatient: Mapped[int] = flag("SinglePatient")
    Intermingled: Mapped[int] = flag("Intermingled")
    IsSent: Mapped[int] = flag("IsSent")
    DocNum: Mapped[int] = num("DocNum")
    DateTStamp: Mapped[dt.datetime] = col("DateTStamp", DateTime, nullable=False)
    IsReceipt: Mapped[int] = flag("IsReceipt")
    IsInvoice: Mapped[int] = flag("IsInvoice")
    IsInvoiceCopy: Mapped[int] = flag("IsInvoiceCopy")
    EmailSubject: Mapped[str] = text("EmailSubject")
    EmailBody: Mapped[str] = col("EmailBody", Text, default="", nullable=False)
    SuperFamily: Mapped[int] = num("SuperFamily")
    IsBalValid: Mapped[int] = flag("IsBalValid")
    InsEst: Mapped[float] = money("InsEst")
    BalTotal: Mapped[float] = money("BalTotal")
    StatementType: Mapped[str] = text("StatementType", 50)
    ShortGUID: Mapped[str] = text("ShortGUID", 30)
    StatementURL: Mapped[str] = text("StatementURL")
    StatementShortURL: Mapped[str] = text("StatementShortURL")
    SmsSendStatus: Mapped[int] = num("SmsSendStatus")
    LimitedCustomFamily: Mapped[int] = num("LimitedCustomFamily")


class PayPlan(OfficeBase):
    """A payment plan: ``PlanNum`` 0 for a patient plan; ``IsDynamic`` for a dynamic plan."""

    __tablename__ = "payplan"
    PayPlanNum: Mapped[int] = col("PayPlanNum", Integer, primary_key=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    Guarantor: Mapped[int] = col("Guarantor", Integer, nullable=False, index=True)
    PayPlanDate: Mapped[dt.date | None] = col("PayPlanDate", Date, nullable=True)
    APR: Mapped[float] = money("APR")
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    PlanNum: Mapped[int] = num("PlanNum")
    CompletedAmt: Mapped[float] = money("CompletedAmt")
    InsSubNum: Mapped[int] = num("InsSubNum")
    PaySchedule: Mapped[int] = num("PaySchedule")
    NumberOfPayments: Mapped[int] = num("NumberOfPayments")
    PayAmt: Mapped[float] = money("PayAmt")
    DownPayment: Mapped[float] = money("DownPayment")
    IsClosed: Mapped[int] = flag("IsClosed")
    Signature: Mapped[str] = col("Signature", Text, default="", nullable=False)
    SigIsTopaz: Mapped[int] = flag("SigIsTopaz")
    PlanCategory: Mapped[int] = num("PlanCategory")
    IsDynamic: Mapped[int] = flag("IsDynamic")
    ChargeFrequency: Mapped[int] = num("ChargeFrequency")
    DatePayPlanStart: Mapped[dt.date | None] = col("DatePayPlanStart", Date, nullable=True)
    IsLocked: Mapped[int] = flag("IsLocked")
    DateInterestStart: Mapped[dt.date | None] = col("DateInterestStart", Date, nullable=True)
    DynamicPayPlanTPOption: Mapped[int] = num("DynamicPayPlanTPOption")
    MobileAppDeviceNum: Mapped[int] = num("MobileAppDeviceNum")
    SecurityHash: Mapped[str] = text("SecurityHash")
    SheetDefNum: Mapped[int] = num("SheetDefNum")


class PayPlanCharge(OfficeBase):
    """``ChargeType`` 0 Debit (a charge due), 1 Credit (what the plan covers)."""

    __tablename__ = "payplancharge"
    PayPlanChargeNum: Mapped[int] = col("PayPlanChargeNum", Integer, primary_key=True)
    PayPlanNum: Mapped[int] = col("PayPlanNum", Integer, nullable=False, index=True)
    Guarantor: Mapped[int] = num("Guarantor")
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    ChargeDate: Mapped[dt.date | None] = col("ChargeDate", Date, nullable=True)
    Principal: Mapped[float] = money("Principal")
    Interest: Mapped[float] = money("Interest")
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    ProvNum: Mapped[int] = num("ProvNum")
    ChargeType: Mapped[int] = num("ChargeType")
    ProcNum: Mapped[int] = num("ProcNum")
    ClinicNum: Mapped[int] = num("ClinicNum")
    SecDateTEntry: Mapped[dt.datetime | None] = col("SecDateTEntry", DateTime, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    StatementNum: Mapped[int] = num("StatementNum")
    FKey: Mapped[int] = num("FKey")
    LinkType: Mapped[int] = num("LinkType")
    IsOffset: Mapped[int] = flag("IsOffset")


class TaskList(OfficeBase):
    __tablename__ = "tasklist"
    TaskListNum: Mapped[int] = col("TaskListNum", Integer, primary_key=True)
    Descript: Mapped[str] = text("Descript")
    Parent: Mapped[int] = num("Parent")
    DateTL: Mapped[dt.date | None] = col("DateTL", Date, nullable=True)
    IsRepeating: Mapped[int] = flag("IsRepeating")
    DateType: Mapped[int] = num("DateType")
    FromNum: Mapped[int] = num("FromNum")
    ObjectType: Mapped[int] = num("ObjectType")
    DateTimeEntry: Mapped[dt.datetime | None] = col("DateTimeEntry", DateTime, nullable=True)
    GlobalTaskFilterType: Mapped[int] = num("GlobalTaskFilterType")
    TaskListStatus: Mapped[int] = num("TaskListStatus")


class Task(OfficeBase):
    """``TaskStatus`` 0 New, 1 Viewed, 2 Done; ``ObjectType`` 0 None, 1 Patient, 2 Appointment."""

    __tablename__ = "task"
    TaskNum: Mapped[int] = col("TaskNum", Integer, primary_key=True)
    TaskListNum: Mapped[int] = col("TaskListNum", Integer, nullable=False, index=True)
    DateTask: Mapped[dt.date | None] = col("DateTask", Date, nullable=True)
    KeyNum: Mapped[int] = num("KeyNum")
    Descript: Mapped[str] = col("Descript", Text, default="", nullable=False)
    TaskStatus: Mapped[int] = num("TaskStatus")
    IsRepeating: Mapped[int] = flag("IsRepeating")
    DateType: Mapped[int] = num("DateType")
    FromNum: Mapped[int] = num("FromNum")
    ObjectType: Mapped[int] = num("ObjectType")
    DateTimeEntry: Mapped[dt.datetime | None] = col("DateTimeEntry", DateTime, nullable=True)
    UserNum: Mapped[int] = num("UserNum")
    DateTimeFinished: Mapped[dt.datetime | None] = col("DateTimeFinished", DateTime, nullable=True)
    PriorityDefNum: Mapped[int] = num("PriorityDefNum")
    ReminderGroupId: Mapped[str] = text("ReminderGroupId")
    ReminderType: Mapped[int] = num("ReminderType")
    ReminderFrequency: Mapped[int] = num("ReminderFrequency")
    DateTimeOriginal: Mapped[dt.datetime | None] = col("DateTimeOriginal", DateTime, nullable=True)
    SecDateTEdit: Mapped[dt.datetime] = col("SecDateTEdit", DateTime, nullable=False)
    DescriptOverride: Mapped[str] = text("DescriptOverride")
    IsReadOnly: Mapped[int] = flag("IsReadOnly")
    TriageCategory: Mapped[int] = num("TriageCategory")


class TaskNote(OfficeBase):
    __tablename__ = "tasknote"
    __table_args__ = (
        Index("ix_tasknote_usernum", "usernum"),
        rowid_key_index("ix_tasknote_tasknotenum", "tasknotenum"),
    )
    TaskNoteNum: Mapped[int] = col("TaskNoteNum", Integer, primary_key=True)
    TaskNum: Mapped[int] = col("TaskNum", Integer, nullable=False, index=True)
    UserNum: Mapped[int] = num("UserNum")
    DateTimeNote: Mapped[dt.datetime | None] = col("DateTimeNote", DateTime, nullable=True)
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)


class AppointmentType(OfficeBase):
    """``CodeStr`` the procedure codes it adds, comma-separated; ``Pattern`` its length."""

    __tablename__ = "appointmenttype"
    AppointmentTypeNum: Mapped[int] = col("AppointmentTypeNum", Integer, primary_key=True)
    AppointmentTypeName: Mapped[str] = text("AppointmentTypeName")
    AppointmentTypeColor: Mapped[int] = num("AppointmentTypeColor")
    ItemOrder: Mapped[int] = num("ItemOrder")
    IsHidden: Mapped[int] = flag("IsHidden")
    Pattern: Mapped[str] = text("Pattern")
    CodeStr: Mapped[str] = col("CodeStr", Text, default="", nullable=False)
    CodeStrRequired: Mapped[str] = col("CodeStrRequired", Text, default="", nullable=False)
    RequiredProcCodesNeeded: Mapped[int] = num("RequiredProcCodesNeeded")
    BlockoutTypes: Mapped[str] = text("BlockoutTypes")


class UserGroup(OfficeBase):
    __tablename__ = "usergroup"
    UserGroupNum: Mapped[int] = col("UserGroupNum", Integer, primary_key=True)
    Description: Mapped[str] = text("Description")
    UserGroupNumCEMT: Mapped[int] = num("UserGroupNumCEMT")


class Sheet(OfficeBase):
    __tablename__ = "sheet"
    SheetNum: Mapped[int] = col("SheetNum", Integer, primary_key=True)
    SheetType: Mapped[int] = num("SheetType")
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    DateTimeSheet: Mapped[dt.datetime | None] = col("DateTimeSheet", DateTime, nullable=True)
    FontSize: Mapped[float] = money("FontSize")
    FontName: Mapped[str] = text("FontName")
    Width: Mapped[int] = num("Width")
    Height: Mapped[int] = num("Height")
    IsLandscape: Mapped[int] = flag("IsLandscape")
    InternalNote: Mapped[str] = col("InternalNote", Text, default="", nullable=False)
    Description: Mapped[str] = text("Description")
    ShowInTerminal: Mapped[int] = num("ShowInTerminal")
    IsWebForm: Mapped[int] = flag("IsWebForm")
    IsMultiPage: Mapped[int] = flag("IsMultiPage")
    IsDeleted: Mapped[int] = flag("IsDeleted")
    SheetDefNum: Mapped[int] = num("SheetDefNum")
    DocNum: Mapped[int] = num("DocNum")
    ClinicNum: Mapped[int] = num("ClinicNum")
    DateTSheetEdited: Mapped[dt.datetime | None] = col("DateTSheetEdited", DateTime, nullable=True)
    HasMobileLayout: Mapped[int] = flag("HasMobileLayout")
    RevID: Mapped[int] = num("RevID")
    WebFormSheetID: Mapped[int] = num("WebFormSheetID")


class SheetField(OfficeBase):
    __tablename__ = "sheetfield"
    __table_args__ = (rowid_key_index("ix_sheetfield_sheetfieldnum", "sheetfieldnum"),)
    SheetFieldNum: Mapped[int] = col("SheetFieldNum", Integer, primary_key=True)
    SheetNum: Mapped[int] = col("SheetNum", Integer, nullable=False, index=True)
    FieldType: Mapped[int] = num("FieldType")
    FieldName: Mapped[str] = text("FieldName")
    FieldValue: Mapped[str] = col("FieldValue", Text, default="", nullable=False)
    FontSize: Mapped[float] = money("FontSize")
    FontName: Mapped[str] = text("FontName")
    FontIsBold: Mapped[int] = flag("FontIsBold")
    XPos: Mapped[int] = num("XPos")
    YPos: Mapped[int] = num("YPos")
    Width: Mapped[int] = num("Width")
    Height: Mapped[int] = num("Height")
    GrowthBehavior: Mapped[int] = num("GrowthBehavior")
    RadioButtonValue: Mapped[str] = text("RadioButtonValue")
    RadioButtonGroup: Mapped[str] = text("RadioButtonGroup")
    IsRequired: Mapped[int] = flag("IsRequired")
    TabOrder: Mapped[int] = num("TabOrder")
    ReportableName: Mapped[str] = text("ReportableName")
    TextAlign: Mapped[int] = num("TextAlign")
    IsLocked: Mapped[int] = flag("IsLocked")
    ItemColor: Mapped[int] = num("ItemColor")
    DateTimeSig: Mapped[dt.datetime | None] = col("DateTimeSig", DateTime, nullable=True)
    TabOrderMobile: Mapped[int] = num("TabOrderMobile")
    UiLabelMobile: Mapped[str] = text("UiLabelMobile")
    UiLabelMobileRadioButton: Mapped[str] = text("UiLabelMobileRadioButton")
    SheetFieldDefNum: Mapped[int] = num("SheetFieldDefNum")
    CanElectronicallySign: Mapped[int] = flag("CanElectronicallySign")
    IsSigProvRestricted: Mapped[int] = flag("IsSigProvRestricted")


class ProcGroupItem(OfficeBase):
    """Which procedures a group note (a ``~GRP~`` procedure, ``GroupNum``) covers."""

    __tablename__ = "procgroupitem"
    ProcGroupItemNum: Mapped[int] = col("ProcGroupItemNum", Integer, primary_key=True)
    ProcNum: Mapped[int] = col("ProcNum", Integer, nullable=False, index=True)
    GroupNum: Mapped[int] = col("GroupNum", Integer, nullable=False, index=True)


class ProcNote(OfficeBase):
    """A procedure's note history: the newest row is the note; ``Signature`` non-empty when signed."""

    __tablename__ = "procnote"
    ProcNoteNum: Mapped[int] = col("ProcNoteNum", Integer, primary_key=True)
    PatNum: Mapped[int] = col("PatNum", Integer, nullable=False, index=True)
    ProcNum: Mapped[int] = col("ProcNum", Integer, nullable=False, index=True)
    EntryDateTime: Mapped[dt.datetime] = col("EntryDateTime", DateTime, nullable=False)
    UserNum: Mapped[int] = num("UserNum")
    Note: Mapped[str] = col("Note", Text, default="", nullable=False)
    SigIsTopaz: Mapped[int] = flag("SigIsTopaz")
    Signature: Mapped[str] = col("Signature", Text, default="", nullable=False)


class EServiceLog(OfficeBase):
    """Open Dental's log of eService actions; dentin records the Web Sched bookings it makes
    (``EServiceType`` 1 Recall, 2 NewPat, 3 ExistingPat, 4 ASAP; ``FKey`` the AptNum)."""

    __tablename__ = "eservicelog"
    EServiceLogNum: Mapped[int] = col("EServiceLogNum", Integer, primary_key=True)
    LogDateTime: Mapped[dt.datetime] = col("LogDateTime", DateTime, nullable=False)
    PatNum: Mapped[int] = num("PatNum")
    EServiceType: Mapped[int] = num("EServiceType")
    EServiceAction: Mapped[int] = num("EServiceAction")
    KeyType: Mapped[int] = num("KeyType")
    FKey: Mapped[int] = col("FKey", Integer, default=0, nullable=False, index=True)
    ClinicNum: Mapped[int] = num("ClinicNum")


class DefLink(OfficeBase):
    """Links a definition to another row (``LinkType`` 2: a Web Sched appointment kind,
    definition category 42 or 51, to its ``appointmenttype``), as Open Dental's ``deflink``."""

    __tablename__ = "deflink"
    DefLinkNum: Mapped[int] = col("DefLinkNum", Integer, primary_key=True)
    DefNum: Mapped[int] = col("DefNum", Integer, nullable=False, index=True)
    FKey: Mapped[int] = num("FKey")
    LinkType: Mapped[int] = num("LinkType")
