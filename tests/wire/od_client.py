"""A small strict Open Dental client, written the way a third party would write one: pydantic
models taken from the example objects on Open Dental's API pages, in strict mode (no coercion:
a number where the page shows a string is an error) and forbidding fields the page does not
show, except those in ``extras.py``.

It deliberately does not import dentin's enum tables or the golden corpus: its types are read
off Open Dental's pages by hand, so it is a second, independent reader of the same wire.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, StringConstraints, TypeAdapter

Date = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
DateTime = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")]
IsoDateTime = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
Time = Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}:\d{2}$")]
Money = Annotated[str, StringConstraints(pattern=r"^-?\d+\.\d{2}$")]  # ProcFee "130.00"
Amount = Annotated[str, StringConstraints(pattern=r"^-?\d+(\.\d*[1-9])?$")]  # PayAmt "339"
Digits = Annotated[str, StringConstraints(pattern=r"^\d+$")]  # ClinicNum "0", CommType "239"
Rgb = Annotated[str, StringConstraints(pattern=r"^\d{1,3},\d{1,3},\d{1,3}$")]
Flag = Literal["true", "false"]
ServerDateTime = DateTime | Literal[""]

PatStatus = Literal["Patient", "NonPatient", "Inactive", "Archived", "Deceased", "Prospective"]
Gender = Literal["Male", "Female", "Unknown", "Other"]
Position = Literal["Single", "Married", "Child", "Widowed", "Divorced"]
ContactMethod = Literal[
    "None", "DoNotCall", "HmPhone", "WkPhone", "WirelessPh", "Email", "SeeNotes", "Mail",
    "TextMessage",
]  # fmt: skip
YesNo = Literal["Unknown", "Yes", "No"]
AptStatus = Literal[
    "Scheduled", "Complete", "UnschedList", "ASAP", "Broken", "Planned", "PtNote",
    "PtNoteCompleted",
]  # fmt: skip
ProcStatus = Literal["TP", "C", "EC", "EO", "R", "D", "Cn", "TPi"]
PlaceService = Literal[
    "Office", "PatientsHome", "InpatHospital", "OutpatHospital", "SkilledNursFac",
    "CustodialCareFacility", "OtherLocation", "MobileUnit", "School", "MilitaryTreatFac",
    "FederalHealthCenter", "PublicHealthClinic", "RuralHealthClinic", "EmergencyRoomHospital",
    "AmbulatorySurgicalCenter", "TelehealthOutsideHome", "TelehealthInHome",
    "OutreachSiteOrStreet",
]  # fmt: skip
# apicommlogs.html's POST spells the two-word modes with spaces; a read may show either.
CommMode = Literal[
    "None", "Email", "Mail", "Phone", "In Person", "InPerson", "Text", "Email and Text",
    "EmailAndText", "Phone and Text", "PhoneAndText", "Fax",
]  # fmt: skip


class OdModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class PatientBrief(OdModel):
    """apipatients.html § Patients GET (multiple)."""

    PatNum: int
    LName: str
    FName: str
    MiddleI: str
    Preferred: str
    PatStatus: PatStatus
    Birthdate: Date
    SSN: str
    Address: str
    Address2: str
    City: str
    State: str
    Zip: str
    HmPhone: str
    WkPhone: str
    WirelessPhone: str
    Email: str
    priProvAbbr: str
    secProvAbbr: str
    BillingType: str
    ChartNumber: str
    ClinicNum: int
    clinicAbbr: str
    siteDesc: str
    TxtMsgOk: YesNo


class Patient(OdModel):
    """apipatients.html § Patients GET (single)."""

    PatNum: int
    LName: str
    FName: str
    MiddleI: str
    Preferred: str
    PatStatus: PatStatus
    Gender: Gender
    Position: Position
    Birthdate: Date
    SSN: str
    Address: str
    Address2: str
    City: str
    State: str
    Zip: str
    HmPhone: str
    WkPhone: str
    WirelessPhone: str
    Guarantor: int
    Email: str
    EstBalance: float
    PriProv: int
    priProvAbbr: str
    SecProv: int
    secProvAbbr: str
    FeeSched: int
    BillingType: str
    ImageFolder: str
    FamFinUrgNote: str
    ChartNumber: str
    MedicaidID: str
    BalTotal: float
    EmployerNum: int
    DateFirstVisit: Date
    ClinicNum: int
    clinicAbbr: str
    Premed: Flag
    Ward: str
    PreferConfirmMethod: ContactMethod
    PreferContactMethod: ContactMethod
    PreferRecallMethod: ContactMethod
    Language: str
    AdmitDate: Date
    siteDesc: str
    DateTStamp: DateTime
    SuperFamily: int
    TxtMsgOk: YesNo
    SecDateEntry: Date


class PatientSimple(Patient):
    """apipatients.html § Patients GET Simple: the full patient and the server's time."""

    serverDateTime: DateTime


class Appointment(OdModel):
    """apiappointments.html § Appointments GET (single)."""

    serverDateTime: DateTime
    AptNum: int
    PatNum: int
    AptStatus: AptStatus
    Pattern: str
    Confirmed: int
    confirmed: str
    TimeLocked: Flag
    Op: int
    Note: str
    ProvNum: int
    provAbbr: str
    ProvHyg: int
    AptDateTime: DateTime
    NextAptNum: int
    UnschedStatus: int
    unschedStatus: str
    IsNewPatient: Flag
    ProcDescript: str
    ClinicNum: int
    IsHygiene: Flag
    DateTStamp: DateTime
    DateTimeArrived: DateTime
    DateTimeSeated: DateTime
    DateTimeDismissed: DateTime
    InsPlan1: int
    InsPlan2: int
    DateTimeAskedToArrive: DateTime
    colorOverride: Rgb
    AppointmentTypeNum: int
    SecUserNumEntry: int
    SecDateTEntry: DateTime
    Priority: Literal["Normal", "ASAP"]
    PatternSecondary: str
    ItemOrderPlanned: int


class Slot(OdModel):
    """apiappointments.html § Appointments GET Slots."""

    DateTimeStart: DateTime
    DateTimeEnd: DateTime
    ProvNum: int
    OpNum: int


class Provider(OdModel):
    """apiproviders.html § Providers GET (single) and (multiple)."""

    ProvNum: int
    Abbr: str
    LName: str
    FName: str
    MI: str
    Suffix: str
    FeeSched: int
    Specialty: int
    SSN: str
    StateLicense: str
    IsSecondary: Flag
    provColor: Rgb
    IsHidden: Flag
    UsingTIN: Flag
    SigOnFile: Flag
    NationalProvID: str
    DateTStamp: DateTime
    IsNotPerson: Flag
    ProvStatus: Literal["Active", "Deleted"]
    IsHiddenReport: Flag
    Birthdate: Date
    SchedNote: str
    PreferredName: str
    serverDateTime: ServerDateTime  # "" with ClinicNum


class Operatory(OdModel):
    """apioperatories.html § Operatories GET (single)."""

    OperatoryNum: int
    OpName: str
    Abbrev: str
    ItemOrder: int
    IsHidden: Flag
    ProvDentist: int
    ProvHygienist: int
    IsHygiene: Flag
    ClinicNum: int
    SetProspective: Flag
    IsWebSched: Flag
    OperatoryType: int
    operatoryType: str


class Clinic(OdModel):
    """apiclinics.html § Clinics GET."""

    ClinicNum: int
    Description: str
    Address: str
    Address2: str
    City: str
    State: str
    Zip: str
    BillingAddress: str
    BillingAddress2: str
    BillingCity: str
    BillingState: str
    BillingZip: str
    PayToAddress: str
    PayToAddress2: str
    PayToCity: str
    PayToState: str
    PayToZip: str
    Phone: str
    Abbr: str
    IsHidden: Flag


class Commlog(OdModel):
    """apicommlogs.html § Commlogs GET (single)."""

    CommlogNum: int
    PatNum: int
    CommDateTime: DateTime
    CommType: Digits
    commType: str
    Note: str
    Mode_: CommMode
    SentOrReceived: Literal["Neither", "Sent", "Received"]
    UserNum: int
    DateTStamp: DateTime
    CommSource: Literal[
        "User", "WebSched", "ProgramLink", "ApptReminder", "EServices", "SupplementalBackup",
        "ApptThankYou", "FHIR",
    ]  # fmt: skip
    ProgramNum: int
    DateTEntry: DateTime
    ReferralNum: int
    DateTimeEnd: DateTime  # allow-listed extra (extras.py)


class ProcedureLog(OdModel):
    """apiprocedurelogs.html § ProcedureLogs GET (single)."""

    ProcNum: int
    PatNum: int
    AptNum: int
    ProcDate: Date
    ProcFee: Money
    Surf: str
    ToothNum: str
    ToothRange: str
    Priority: int
    priority: str
    ProcStatus: ProcStatus
    ProvNum: int
    provAbbr: str
    Dx: int
    dxName: str
    PlannedAptNum: int
    PlaceService: PlaceService
    Prosthesis: Literal["", "I", "R"]
    DateOriginalProsth: Date
    ClaimNote: str
    DateEntryC: Date
    ClinicNum: int
    CodeNum: int
    procCode: str
    descript: str
    UnitQty: int
    BaseUnits: int
    DateTP: Date
    SiteNum: int
    HideGraphics: Flag
    CanadianTypeCodes: str
    ProcTime: Time
    ProcTimeEnd: Time
    DateTStamp: DateTime
    Prognosis: int
    IsLocked: Flag
    BillingNote: str
    Discount: float
    IsDateProsthEst: Flag
    SecDateEntry: DateTime
    serverDateTime: ServerDateTime


class Payment(OdModel):
    """apipayments.html § Payments GET."""

    PayNum: int
    PayType: int
    payType: str
    PayDate: Date
    PayAmt: Amount
    CheckNum: str
    BankBranch: str
    PayNote: str
    PatNum: int
    ClinicNum: Digits
    DateEntry: Date
    DepositNum: int
    Receipt: str
    IsRecurringCC: Flag
    SecUserNumEntry: int
    SecDateTEdit: DateTime
    PaymentSource: Literal[
        "None", "XServer", "XWeb", "PayConnect", "XServerPayConnect", "XWebPortalLogin",
        "PaySimple", "PaySimpleACH", "PayConnectPortal", "PayConnectPortalLogin", "CareCredit",
        "EdgeExpressRCM", "EdgeExpressCNP", "API",
    ]  # fmt: skip
    ProcessStatus: Literal["OfficeProcessed", "OnlinePending", "OnlineProcessed"]
    RecurringChargeDate: Date
    IsCcCompleted: Flag
    serverDateTime: ServerDateTime


class Userod(OdModel):
    """apiuserods.html § Userods GET."""

    UserNum: int
    UserName: str
    userGroupNums: list[int]
    EmployeeNum: int
    employeeName: str
    ProviderNum: int
    providerName: str
    ClinicNum: int
    emailAddress: str
    IsHidden: Flag
    UserNumCEMT: int
    IsPasswordResetRequired: Flag


class Preference(OdModel):
    """apipreferences.html § Preferences GET."""

    PrefNum: int
    PrefName: str
    ValueString: str


class AgingRow(OdModel):
    """apireports.html § Reports GET Aging."""

    PatNum: int
    patName: str
    Bal_0_30: float
    Bal_31_60: float
    Bal_61_90: float
    BalOver90: float
    BalTotal: float
    InsWoEst: float
    InsPayEst: float
    PatientPortion: float


# -- Clinical (issue 15, clinical part), from apiallergies.html, apiallergydefs.html,
# apimedications.html, apimedicationpats.html, apidiseases.html, apidiseasedefs.html and
# apipatientnotes.html.
SnomedAllergy = Literal[
    "None", "AllergyToSubstance", "DrugAllergy", "DrugIntolerance", "FoodAllergy",
    "FoodIntolerance", "AdverseReactions", "DrugAdverseReaction", "FoodAdverseReaction",
]  # fmt: skip


class Allergy(OdModel):
    AllergyNum: int
    AllergyDefNum: int
    PatNum: int
    defDescription: str
    defSnomedType: SnomedAllergy
    Reaction: str
    StatusIsActive: Flag
    DateTStamp: DateTime
    DateAdverseReaction: Date


class AllergyDef(OdModel):
    AllergyDefNum: int
    Description: str
    IsHidden: Flag
    DateTStamp: DateTime
    SnomedType: SnomedAllergy | Literal[""]
    MedicationNum: int
    UniiCode: str


class Medication(OdModel):
    MedicationNum: int
    MedName: str
    GenericNum: int
    genericName: str
    Notes: str
    DateTStamp: DateTime
    IsHidden: Flag


class MedicationPat(OdModel):
    MedicationPatNum: int
    PatNum: int
    medName: str
    MedicationNum: int
    PatNote: str
    DateStart: Date
    DateStop: Date
    ProvNum: int


class Disease(OdModel):
    DiseaseNum: int
    PatNum: int
    DiseaseDefNum: int
    diseaseDefName: str
    PatNote: str
    ProbStatus: Literal["Active", "Resolved", "Inactive"]
    DateStart: Date
    DateStop: Date


class DiseaseDef(OdModel):
    DiseaseDefNum: int
    DiseaseName: str
    IsHidden: Flag
    DateTStamp: DateTime
    ICD9Code: str
    ICD10Code: str
    SnomedCode: str


class PatientNote(OdModel):
    PatNum: int
    FamFinancial: str
    Medical: str
    Service: str
    MedicalComp: str
    Treatment: str
    ICEName: str
    ICEPhone: str
    SecDateTEntry: DateTime
    SecDateTEdit: DateTime


class PatField(OdModel):
    PatFieldNum: int
    PatNum: int
    FieldName: str
    FieldValue: str
    SecDateEntry: Date
    SecDateTEdit: DateTime


class PatFieldDef(OdModel):
    PatFieldDefNum: int
    FieldName: str
    FieldType: Literal[
        "Text", "PickList", "Date", "Checkbox", "Currency", "CareCreditStatus",
        "CareCreditPreApprovalAmt", "CareCreditAvailableCredit",
    ]  # fmt: skip
    PickList: str
    IsHidden: Flag


class ToothInitial(OdModel):
    ToothInitialNum: int
    PatNum: int
    ToothNum: str
    InitialType: Literal[
        "Missing", "Hidden", "Primary", "ShiftM", "ShiftO", "ShiftB", "Rotate", "TipM", "TipB",
        "Drawing", "Text",
    ]  # fmt: skip
    Movement: Amount
    DrawingSegment: str
    ColorDraw: Rgb
    SecDateTEntry: DateTime
    SecDateTEdit: DateTime
    DrawText: str


# Every GET route of the office API: the model of what it answers, and whether it is a list.
ROUTES: dict[str, tuple[type[OdModel], bool]] = {
    "/patients": (PatientBrief, True),
    "/patients/Simple": (PatientSimple, True),
    "/patients/{PatNum}": (Patient, False),
    "/appointments": (Appointment, True),
    "/appointments/Slots": (Slot, True),
    "/appointments/{AptNum}": (Appointment, False),
    "/providers": (Provider, True),
    "/providers/{ProvNum}": (Provider, False),
    "/operatories": (Operatory, True),
    "/operatories/{OperatoryNum}": (Operatory, False),
    "/clinics": (Clinic, True),
    "/clinics/{ClinicNum}": (Clinic, False),
    "/commlogs": (Commlog, True),
    "/commlogs/{CommlogNum}": (Commlog, False),
    "/procedurelogs": (ProcedureLog, True),
    "/procedurelogs/{ProcNum}": (ProcedureLog, False),
    "/payments": (Payment, True),
    "/payments/{PayNum}": (Payment, False),
    "/userods": (Userod, True),
    "/preferences": (Preference, True),
    "/reports/Aging": (AgingRow, True),
    "/allergies": (Allergy, True),
    "/allergies/{AllergyNum}": (Allergy, False),
    "/allergydefs": (AllergyDef, True),
    "/medications": (Medication, True),
    "/medications/{MedicationNum}": (Medication, False),
    "/medicationpats": (MedicationPat, True),
    "/diseases": (Disease, True),
    "/diseases/{DiseaseNum}": (Disease, False),
    "/diseasedefs": (DiseaseDef, True),
    "/diseasedefs/{DiseaseDefNum}": (DiseaseDef, False),
    "/patientnotes": (PatientNote, True),
    "/patientnotes/{PatNum}": (PatientNote, False),
    "/patfields": (PatField, True),
    "/patfields/{PatFieldNum}": (PatField, False),
    "/patfielddefs": (PatFieldDef, True),
    "/toothinitials": (ToothInitial, True),
}


class StrictClient:
    """Reads one office through dentin's API and validates every answer strictly."""

    def __init__(self, http: httpx.AsyncClient, base: str = "/api/v1") -> None:
        self.http = http
        self.base = base

    async def list(self, path: str, **params: Any) -> list[OdModel]:
        model, listed = ROUTES[path]
        assert listed, path
        r = await self.http.get(f"{self.base}{path}", params=params)
        r.raise_for_status()
        return list(TypeAdapter(list[model]).validate_json(r.content))  # type: ignore[valid-type]

    async def one(self, template: str, num: int) -> OdModel:
        model, listed = ROUTES[template]
        assert not listed, template
        path = template.split("{", 1)[0] + str(num)
        r = await self.http.get(f"{self.base}{path}")
        r.raise_for_status()
        return model.model_validate_json(r.content)


# -- Insurance and claims (issue 15): read off apiprocedurecodes.html ... apiinsverifies.html.

TreatArea = Literal["None", "Surf", "Tooth", "Mouth", "Quad", "Sextant", "Arch", "ToothRange"]
Relat = Literal[
    "Self", "Spouse", "Child", "Employee", "HandicapDep", "SignifOther", "InjuredPlaintiff",
    "LifePartner", "Dependent",
]  # fmt: skip
CapBool = Literal["True", "False"]  # a claim's IsOrtho


class ProcedureCode(OdModel):
    """apiprocedurecodes.html § ProcedureCodes GET (single)."""

    CodeNum: int
    ProcCode: str
    Descript: str
    AbbrDesc: str
    ProcTime: str
    ProcCat: int
    procCat: str
    TreatArea: TreatArea
    NoBillIns: Flag
    IsProsth: Flag
    DefaultNote: str
    IsHygiene: Flag
    AlternateCode1: str
    MedicalCode: str
    IsTaxed: Flag
    PaintType: Literal[
        "None", "Extraction", "Implant", "RCT", "PostBU", "FillingDark", "FillingLight",
        "CrownDark", "CrownLight", "BridgeDark", "BridgeLight", "DentureDark", "DentureLight",
        "Sealant", "Veneer", "Text", "RetainedRoot", "SpaceMaintainer",
    ]  # fmt: skip
    LaymanTerm: str
    IsCanadianLab: Flag
    BaseUnits: int
    SubstitutionCode: str
    SubstOnlyIf: Literal["Always", "Molar", "SecondMolar", "Never", "Posterior"]
    DateTStamp: DateTime
    DrugNDC: str
    RevenueCodeDefault: str
    ProvNumDefault: int
    CanadaTimeUnits: float
    IsRadiology: Flag
    DefaultClaimNote: str
    DefaultTPNote: str
    PaintText: str
    AreaAlsoToothRange: Flag
    DiagnosticCodes: str


class Carrier(OdModel):
    """apicarriers.html § Carriers GET (single)."""

    CarrierNum: int
    CarrierName: str
    Address: str
    Address2: str
    City: str
    State: str
    Zip: str
    Phone: str
    ElectID: str
    NoSendElect: Literal["SendElect", "NoSendElect", "NoSendSecondaryElect"]
    IsHidden: Flag


class Employer(OdModel):
    """apiemployers.html § Employers GET (single)."""

    EmployerNum: int
    EmpName: str


class CovCat(OdModel):
    """apicovcats.html § CovCats GET (single)."""

    CovCatNum: int
    Description: str
    DefaultPercent: int
    CovOrder: int
    IsHidden: Flag
    EbenefitCat: Literal[
        "None", "General", "Diagnostic", "Periodontics", "Restorative", "Endodontics",
        "MaxillofacialProsth", "Crowns", "Accident", "Orthodontics", "Prosthodontics",
        "OralSurgery", "RoutinePreventive", "DiagnosticXRay", "Adjunctive",
    ]  # fmt: skip


class FeeSched(OdModel):
    """apifeescheds.html § FeeScheds GET."""

    FeeSchedNum: int
    Description: str
    FeeSchedType: Literal["Normal", "CoPay", "OutNetwork", "FixedBenefit", "ManualBlueBook"]
    ItemOrder: int
    IsHidden: Flag
    IsGlobal: Flag
    SecUserNumEntry: int
    SecDateEntry: Date
    SecDateTEdit: DateTime


class Fee(OdModel):
    """apifees.html § Fees GET (single): Amount a number when read."""

    FeeNum: int
    Amount: float
    FeeSched: int
    CodeNum: int
    ClinicNum: int
    ProvNum: int
    SecUserNumEntry: int
    SecDateEntry: Date
    SecDateTEdit: DateTime


class InsPlan(OdModel):
    """apiinsplans.html § InsPlans GET (single)."""

    PlanNum: int
    GroupName: str
    GroupNum: str
    PlanNote: str
    FeeSched: int
    PlanType: Literal["", "p", "f", "c"]
    ClaimFormNum: int
    ClaimsUseUCR: Flag
    CopayFeeSched: int
    EmployerNum: int
    CarrierNum: int
    IsMedical: Flag
    FilingCode: int
    ShowBaseUnits: Flag
    CodeSubstNone: Flag
    IsHidden: Flag
    MonthRenew: int
    FilingCodeSubtype: int
    CobRule: Literal["Basic", "Standard", "CarveOut", "SecondaryMedicaid"]
    SecUserNumEntry: int
    SecDateEntry: Date
    SecDateTEdit: DateTime
    BillingType: int
    ExclusionFeeRule: Literal["PracticeDefault", "DoNothing", "UseUcrFee"]
    ManualFeeSchedNum: int
    IsBlueBookEnabled: Flag
    InsPlansZeroWriteOffsOnAnnualMaxOverride: Literal["Default", "Yes", "No"]
    InsPlansZeroWriteOffsOnFreqOrAgingOverride: Literal["Default", "Yes", "No"]


class InsSub(OdModel):
    """apiinssubs.html § InsSubs GET (single)."""

    InsSubNum: int
    PlanNum: int
    Subscriber: int
    DateEffective: Date
    DateTerm: Date
    SubscriberID: str
    BenefitNotes: str
    ReleaseInfo: Flag
    AssignBen: Flag
    SubscNote: str
    SecDateTEdit: DateTime


class PatPlan(OdModel):
    """apipatplans.html § PatPlans GET."""

    PatPlanNum: int
    PatNum: int
    Ordinal: int
    IsPending: Flag
    Relationship: Relat
    PatID: str
    InsSubNum: int
    OrthoAutoFeeBilledOverride: float
    OrthoAutoNextClaimDate: Date
    SecDateTEntry: DateTime
    SecDateTEdit: DateTime


class Benefit(OdModel):
    """apibenefits.html § Benefits GET (single)."""

    BenefitNum: int
    PlanNum: int
    PatPlanNum: int
    CovCatNum: int
    BenefitType: Literal[
        "ActiveCoverage", "CoInsurance", "Deductible", "CoPayment", "Exclusions", "Limitations",
        "WaitingPeriod",
    ]  # fmt: skip
    Percent: int
    MonetaryAmt: float
    TimePeriod: Literal[
        "None", "ServiceYear", "CalendarYear", "Lifetime", "Years", "NumberInLast12Months"
    ]
    QuantityQualifier: Literal["None", "NumberOfServices", "AgeLimit", "Visits", "Years", "Months"]
    Quantity: int
    CodeNum: int
    procCode: str
    CoverageLevel: Literal["None", "Individual", "Family"]
    SecDateTEntry: DateTime
    SecDateTEdit: DateTime
    CodeGroupNum: int
    TreatArea: TreatArea


class InsVerify(OdModel):
    """apiinsverifies.html § InsVerifies GET (single)."""

    InsVerifyNum: int
    DateLastVerified: Date
    UserNum: int
    VerifyType: Literal["PatientEnrollment", "InsuranceBenefit"]
    FKey: int
    DefNum: int
    Note: str
    DateLastAssigned: Date
    SecDateTEdit: DateTime


class Claim(OdModel):
    """apiclaims.html § Claims GET (single)."""

    ClaimNum: int
    PatNum: int
    DateService: Date
    DateSent: Date
    ClaimStatus: Literal["U", "H", "W", "S", "R", "I"]
    DateReceived: Date
    PlanNum: int
    ProvTreat: int
    ClaimFee: float
    InsPayEst: float
    InsPayAmt: float
    DedApplied: float
    IsProsthesis: Literal["N", "I", "R"]
    PriorDate: Date
    ReasonUnderPaid: str
    ClaimNote: str
    ClaimType: Literal["P", "S", "PreAuth", "Other", "Cap"]
    ProvBill: int
    PlaceService: PlaceService
    AccidentRelated: Literal["", "A", "E", "O"]
    AccidentDate: Date
    AccidentST: str
    IsOrtho: CapBool
    OrthoRemainM: int
    OrthoDate: Date
    PatRelat: Relat
    PlanNum2: int
    PatRelat2: Relat
    WriteOff: float
    ClaimForm: Digits
    InsSubNum: int
    InsSubNum2: int
    PriorAuthorizationNumber: str
    CustomTracking: int
    customTracking: str
    OrthoTotalM: int
    SecDateTEdit: DateTime


class ClaimProc(OdModel):
    """apiclaimprocs.html § ClaimProcs GET (single)."""

    ClaimProcNum: int
    ProcNum: int
    ClaimNum: int
    PatNum: int
    ProvNum: int
    FeeBilled: float
    InsPayEst: float
    DedApplied: float
    Status: Literal[
        "NotReceived", "Received", "Preauth", "Adjustment", "Supplemental", "CapClaim",
        "Estimate", "CapComplete", "CapEstimate", "InsHist",
    ]  # fmt: skip
    InsPayAmt: float
    Remarks: str
    ClaimPaymentNum: int
    PlanNum: int
    DateCP: Date
    WriteOff: float
    CodeSent: str
    AllowedOverride: float
    Percentage: int
    PercentOverride: int
    CopayAmt: float
    NoBillIns: Flag
    PaidOtherIns: float
    BaseEst: float
    CopayOverride: float
    ProcDate: Date
    DateEntry: Date
    DedEst: float
    DedEstOverride: float
    InsEstTotal: float
    InsEstTotalOverride: float
    PaidOtherInsOverride: float
    EstimateNote: str
    WriteOffEst: float
    WriteOffEstOverride: float
    ClinicNum: int
    InsSubNum: int
    PaymentRow: int
    PayPlanNum: int
    ClaimPaymentTracking: int
    claimPaymentTracking: str
    SecUserNumEntry: int
    SecDateEntry: Date
    SecDateTEdit: DateTime
    DateSuppReceived: Date
    DateInsFinalized: Date
    IsTransfer: Flag
    ClaimAdjReasonCodes: str


class ClaimPayment(OdModel):
    """apiclaimpayments.html § ClaimPayments GET (single): CheckAmt spelled like PayAmt."""

    ClaimPaymentNum: int
    CheckDate: Date
    CheckAmt: Amount
    CheckNum: str
    BankBranch: str
    Note: str
    ClinicNum: int
    DepositNum: int
    CarrierName: str
    DateIssued: Date
    IsPartial: Flag
    PayType: int
    payType: str
    SecUserNumEntry: int
    SecDateEntry: Date
    SecDateTEdit: DateTime
    PayGroup: int
    payGroup: str


ROUTES.update(
    {
        "/procedurecodes": (ProcedureCode, True),
        "/procedurecodes/{CodeNum}": (ProcedureCode, False),
        "/carriers": (Carrier, True),
        "/carriers/{CarrierNum}": (Carrier, False),
        "/employers": (Employer, True),
        "/employers/{EmployerNum}": (Employer, False),
        "/covcats": (CovCat, True),
        "/covcats/{CovCatNum}": (CovCat, False),
        "/feescheds": (FeeSched, True),
        "/fees": (Fee, True),
        "/fees/{FeeNum}": (Fee, False),
        "/insplans": (InsPlan, True),
        "/insplans/{PlanNum}": (InsPlan, False),
        "/inssubs": (InsSub, True),
        "/inssubs/{InsSubNum}": (InsSub, False),
        "/patplans": (PatPlan, True),
        "/benefits": (Benefit, True),
        "/benefits/{BenefitNum}": (Benefit, False),
        "/insverifies": (InsVerify, True),
        "/insverifies/{InsVerifyNum}": (InsVerify, False),
        "/claims": (Claim, True),
        "/claims/{ClaimNum}": (Claim, False),
        "/claimprocs": (ClaimProc, True),
        "/claimprocs/{ClaimProcNum}": (ClaimProc, False),
        "/claimpayments": (ClaimPayment, True),
        "/claimpayments/{ClaimPaymentNum}": (ClaimPayment, False),
    }
)
