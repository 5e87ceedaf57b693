"""insurance: carriers, employers, plans, subscribers, coverage, benefits, coverage
categories, fee schedules and fees, claims, claim payments and verifications; the columns of
procedurecode and claimproc that Open Dental's API shows

Revision ID: 0010_insurance_tables
Revises: 0009_clinical_tables
Create Date: 2026-12-05 19:00:00

The tables carry Open Dental's names so ShortQuery texts written for Open Dental run
unchanged. procedurecode and claimproc gain columns by ``ADD COLUMN`` with database defaults
(no table rebuild, so the aging triggers of 0002 and the capture triggers stay in place); the
overrides of a claimproc default to -1, Open Dental's "none". Insurance's pick lists (payment
types, payment groups, verification statuses, payment tracking, custom tracking) get the rows
a new Open Dental database ships with.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_insurance_tables"
down_revision: str | None = "0009_clinical_tables"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_TABLES = [
    "carrier",
    "employer",
    "insplan",
    "inssub",
    "patplan",
    "benefit",
    "covcat",
    "feesched",
    "fee",
    "claim",
    "claimpayment",
    "insverify",
]

ROWID_KEYS = (
    ("carrier", "carriernum"),
    ("employer", "employernum"),
    ("insplan", "plannum"),
    ("inssub", "inssubnum"),
    ("patplan", "patplannum"),
    ("benefit", "benefitnum"),
    ("covcat", "covcatnum"),
    ("feesched", "feeschednum"),
    ("fee", "feenum"),
    ("claim", "claimnum"),
    ("claimpayment", "claimpaymentnum"),
    ("insverify", "insverifynum"),
    ("claimproc", "claimprocnum"),
    ("procedurecode", "codenum"),
)


def _added_columns() -> list[tuple[str, sa.Column[object]]]:
    """Fresh Column objects each run: alembic attaches them to a table as it adds them."""
    return [
        ("procedurecode", sa.Column("treatarea", sa.Integer(), nullable=False, server_default="0")),
        ("procedurecode", sa.Column("nobillins", sa.Integer(), nullable=False, server_default="0")),
        ("procedurecode", sa.Column("isprosth", sa.Integer(), nullable=False, server_default="0")),
        ("procedurecode", sa.Column("defaultnote", sa.Text(), nullable=False, server_default="")),
        (
            "procedurecode",
            sa.Column("alternatecode1", sa.String(length=15), nullable=False, server_default=""),
        ),
        (
            "procedurecode",
            sa.Column("medicalcode", sa.String(length=15), nullable=False, server_default=""),
        ),
        ("procedurecode", sa.Column("istaxed", sa.Integer(), nullable=False, server_default="0")),
        ("procedurecode", sa.Column("painttype", sa.Integer(), nullable=False, server_default="0")),
        (
            "procedurecode",
            sa.Column("laymanterm", sa.String(length=255), nullable=False, server_default=""),
        ),
        (
            "procedurecode",
            sa.Column("iscanadianlab", sa.Integer(), nullable=False, server_default="0"),
        ),
        ("procedurecode", sa.Column("baseunits", sa.Integer(), nullable=False, server_default="0")),
        (
            "procedurecode",
            sa.Column("substitutioncode", sa.String(length=25), nullable=False, server_default=""),
        ),
        (
            "procedurecode",
            sa.Column("substonlyif", sa.Integer(), nullable=False, server_default="0"),
        ),
        (
            "procedurecode",
            sa.Column("drugndc", sa.String(length=255), nullable=False, server_default=""),
        ),
        (
            "procedurecode",
            sa.Column(
                "revenuecodedefault", sa.String(length=255), nullable=False, server_default=""
            ),
        ),
        (
            "procedurecode",
            sa.Column("provnumdefault", sa.Integer(), nullable=False, server_default="0"),
        ),
        (
            "procedurecode",
            sa.Column("canadatimeunits", sa.Double(), nullable=False, server_default="0"),
        ),
        (
            "procedurecode",
            sa.Column("isradiology", sa.Integer(), nullable=False, server_default="0"),
        ),
        (
            "procedurecode",
            sa.Column("defaultclaimnote", sa.Text(), nullable=False, server_default=""),
        ),
        ("procedurecode", sa.Column("defaulttpnote", sa.Text(), nullable=False, server_default="")),
        (
            "procedurecode",
            sa.Column("painttext", sa.String(length=255), nullable=False, server_default=""),
        ),
        (
            "procedurecode",
            sa.Column("areaalsotoothrange", sa.Integer(), nullable=False, server_default="0"),
        ),
        (
            "procedurecode",
            sa.Column("diagnosticcodes", sa.String(length=255), nullable=False, server_default=""),
        ),
        (
            "claimproc",
            sa.Column("remarks", sa.String(length=255), nullable=False, server_default=""),
        ),
        (
            "claimproc",
            sa.Column("claimpaymentnum", sa.Integer(), nullable=False, server_default="0"),
        ),
        (
            "claimproc",
            sa.Column("codesent", sa.String(length=15), nullable=False, server_default=""),
        ),
        (
            "claimproc",
            sa.Column("allowedoverride", sa.Double(), nullable=False, server_default="-1"),
        ),
        ("claimproc", sa.Column("percentage", sa.Integer(), nullable=False, server_default="-1")),
        (
            "claimproc",
            sa.Column("percentoverride", sa.Integer(), nullable=False, server_default="-1"),
        ),
        ("claimproc", sa.Column("copayamt", sa.Double(), nullable=False, server_default="-1")),
        ("claimproc", sa.Column("nobillins", sa.Integer(), nullable=False, server_default="0")),
        ("claimproc", sa.Column("paidotherins", sa.Double(), nullable=False, server_default="-1")),
        ("claimproc", sa.Column("baseest", sa.Double(), nullable=False, server_default="0")),
        ("claimproc", sa.Column("copayoverride", sa.Double(), nullable=False, server_default="-1")),
        ("claimproc", sa.Column("dedest", sa.Double(), nullable=False, server_default="-1")),
        (
            "claimproc",
            sa.Column("dedestoverride", sa.Double(), nullable=False, server_default="-1"),
        ),
        (
            "claimproc",
            sa.Column("insesttotaloverride", sa.Double(), nullable=False, server_default="-1"),
        ),
        (
            "claimproc",
            sa.Column("paidotherinsoverride", sa.Double(), nullable=False, server_default="-1"),
        ),
        (
            "claimproc",
            sa.Column("estimatenote", sa.String(length=255), nullable=False, server_default=""),
        ),
        (
            "claimproc",
            sa.Column("writeoffestoverride", sa.Double(), nullable=False, server_default="-1"),
        ),
        ("claimproc", sa.Column("inssubnum", sa.Integer(), nullable=False, server_default="0")),
        ("claimproc", sa.Column("paymentrow", sa.Integer(), nullable=False, server_default="0")),
        ("claimproc", sa.Column("payplannum", sa.Integer(), nullable=False, server_default="0")),
        (
            "claimproc",
            sa.Column("claimpaymenttracking", sa.Integer(), nullable=False, server_default="0"),
        ),
        (
            "claimproc",
            sa.Column("secusernumentry", sa.Integer(), nullable=False, server_default="0"),
        ),
        ("claimproc", sa.Column("secdateentry", sa.Date(), nullable=True)),
        ("claimproc", sa.Column("datesuppreceived", sa.Date(), nullable=True)),
        ("claimproc", sa.Column("dateinsfinalized", sa.Date(), nullable=True)),
        ("claimproc", sa.Column("istransfer", sa.Integer(), nullable=False, server_default="0")),
        (
            "claimproc",
            sa.Column(
                "claimadjreasoncodes", sa.String(length=255), nullable=False, server_default=""
            ),
        ),
    ]


# (Category, ItemOrder, ItemName): Open Dental's DefCat 31 ClaimCustomTracking, 32
# InsurancePaymentType, 36 ClaimPaymentTracking, 38 InsuranceVerificationStatus, 40
# ClaimPaymentGroups.
DEFINITIONS: tuple[tuple[int, int, str], ...] = (
    (32, 0, "Check"),
    (32, 1, "EFT"),
    (40, 0, "Default"),
    (38, 0, "Verified"),
    (38, 1, "Need additional pat info"),
    (36, 0, "Paid In Full"),
    (36, 1, "Denied"),
    (31, 0, "review"),
)

# Open Dental's coverage categories as a new database ships them: (CovCatNum, Description,
# DefaultPercent, EbenefitCat number), in CovOrder.
COVCATS: tuple[tuple[int, str, int, int], ...] = (
    (1, "General", -1, 1),
    (2, "Diagnostic", 100, 2),
    (3, "X-Ray", 100, 13),
    (4, "Preventive", 100, 12),
    (5, "Restorative", 80, 4),
    (6, "Endo", 80, 5),
    (7, "Perio", 80, 3),
    (8, "Oral Surgery", 80, 11),
    (9, "Crowns", 50, 7),
    (10, "Prosthodontics", 50, 10),
    (11, "Maxillofacial Prosth", 50, 6),
    (12, "Accident", 100, 8),
    (13, "Orthodontics", 50, 9),
    (14, "Adjunctive General", 80, 14),
)


def upgrade() -> None:
    op.create_table(
        "carrier",
        sa.Column("carriernum", sa.Integer(), nullable=False),
        sa.Column("carriername", sa.String(length=255), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("address2", sa.String(length=255), nullable=False),
        sa.Column("city", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=50), nullable=False),
        sa.Column("zip", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("electid", sa.String(length=20), nullable=False),
        sa.Column("nosendelect", sa.Integer(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("carriernum"),
    )
    op.create_table(
        "employer",
        sa.Column("employernum", sa.Integer(), nullable=False),
        sa.Column("empname", sa.String(length=255), nullable=False),
        sa.Column("address", sa.String(length=255), nullable=False),
        sa.Column("address2", sa.String(length=255), nullable=False),
        sa.Column("city", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=50), nullable=False),
        sa.Column("zip", sa.String(length=20), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("employernum"),
    )
    op.create_table(
        "insplan",
        sa.Column("plannum", sa.Integer(), nullable=False),
        sa.Column("groupname", sa.String(length=255), nullable=False),
        sa.Column("groupnum", sa.String(length=25), nullable=False),
        sa.Column("plannote", sa.Text(), nullable=False),
        sa.Column("feesched", sa.Integer(), nullable=False),
        sa.Column("plantype", sa.String(length=1), nullable=False),
        sa.Column("claimformnum", sa.Integer(), nullable=False),
        sa.Column("claimsuseucr", sa.SmallInteger(), nullable=False),
        sa.Column("copayfeesched", sa.Integer(), nullable=False),
        sa.Column("employernum", sa.Integer(), nullable=False),
        sa.Column("carriernum", sa.Integer(), nullable=False),
        sa.Column("ismedical", sa.SmallInteger(), nullable=False),
        sa.Column("filingcode", sa.Integer(), nullable=False),
        sa.Column("showbaseunits", sa.SmallInteger(), nullable=False),
        sa.Column("codesubstnone", sa.SmallInteger(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("monthrenew", sa.Integer(), nullable=False),
        sa.Column("filingcodesubtype", sa.Integer(), nullable=False),
        sa.Column("cobrule", sa.Integer(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("billingtype", sa.Integer(), nullable=False),
        sa.Column("exclusionfeerule", sa.Integer(), nullable=False),
        sa.Column("manualfeeschednum", sa.Integer(), nullable=False),
        sa.Column("isbluebookenabled", sa.SmallInteger(), nullable=False),
        sa.Column("insplanszerowriteoffsonannualmaxoverride", sa.Integer(), nullable=False),
        sa.Column("insplanszerowriteoffsonfreqoragingoverride", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("plannum"),
    )
    op.create_index("ix_insplan_carriernum", "insplan", ["carriernum"])
    op.create_table(
        "inssub",
        sa.Column("inssubnum", sa.Integer(), nullable=False),
        sa.Column("plannum", sa.Integer(), nullable=False),
        sa.Column("subscriber", sa.Integer(), nullable=False),
        sa.Column("dateeffective", sa.Date(), nullable=True),
        sa.Column("dateterm", sa.Date(), nullable=True),
        sa.Column("releaseinfo", sa.SmallInteger(), nullable=False),
        sa.Column("assignben", sa.SmallInteger(), nullable=False),
        sa.Column("subscriberid", sa.String(length=255), nullable=False),
        sa.Column("benefitnotes", sa.Text(), nullable=False),
        sa.Column("subscnote", sa.Text(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("inssubnum"),
    )
    op.create_index("ix_inssub_plannum", "inssub", ["plannum"])
    op.create_index("ix_inssub_subscriber", "inssub", ["subscriber"])
    op.create_index("ix_inssub_secdatetedit", "inssub", ["secdatetedit"])
    op.create_table(
        "patplan",
        sa.Column("patplannum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("ispending", sa.SmallInteger(), nullable=False),
        sa.Column("relationship", sa.Integer(), nullable=False),
        sa.Column("patid", sa.String(length=100), nullable=False),
        sa.Column("inssubnum", sa.Integer(), nullable=False),
        sa.Column("orthoautofeebilledoverride", sa.Double(), nullable=False),
        sa.Column("orthoautonextclaimdate", sa.Date(), nullable=True),
        sa.Column("secdatetentry", sa.DateTime(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("patplannum"),
    )
    op.create_index("ix_patplan_inssubnum", "patplan", ["inssubnum"])
    op.create_index("ix_patplan_patnum", "patplan", ["patnum"])
    op.create_table(
        "benefit",
        sa.Column("benefitnum", sa.Integer(), nullable=False),
        sa.Column("plannum", sa.Integer(), nullable=False),
        sa.Column("patplannum", sa.Integer(), nullable=False),
        sa.Column("covcatnum", sa.Integer(), nullable=False),
        sa.Column("benefittype", sa.Integer(), nullable=False),
        sa.Column("percent", sa.Integer(), nullable=False),
        sa.Column("monetaryamt", sa.Double(), nullable=False),
        sa.Column("timeperiod", sa.Integer(), nullable=False),
        sa.Column("quantityqualifier", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("codenum", sa.Integer(), nullable=False),
        sa.Column("coveragelevel", sa.Integer(), nullable=False),
        sa.Column("secdatetentry", sa.DateTime(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("codegroupnum", sa.Integer(), nullable=False),
        sa.Column("treatarea", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("benefitnum"),
    )
    op.create_index("ix_benefit_patplannum", "benefit", ["patplannum"])
    op.create_index("ix_benefit_plannum", "benefit", ["plannum"])
    op.create_table(
        "covcat",
        sa.Column("covcatnum", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=50), nullable=False),
        sa.Column("defaultpercent", sa.Integer(), nullable=False),
        sa.Column("covorder", sa.Integer(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("ebenefitcat", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("covcatnum"),
    )
    op.create_table(
        "feesched",
        sa.Column("feeschednum", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("feeschedtype", sa.Integer(), nullable=False),
        sa.Column("itemorder", sa.Integer(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("isglobal", sa.SmallInteger(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("feeschednum"),
    )
    op.create_table(
        "fee",
        sa.Column("feenum", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Double(), nullable=False),
        sa.Column("oldcode", sa.String(length=15), nullable=False),
        sa.Column("feesched", sa.Integer(), nullable=False),
        sa.Column("usedefaultfee", sa.SmallInteger(), nullable=False),
        sa.Column("usedefaultcov", sa.SmallInteger(), nullable=False),
        sa.Column("codenum", sa.Integer(), nullable=False),
        sa.Column("clinicnum", sa.Integer(), nullable=False),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("feenum"),
    )
    op.create_index("ix_fee_feesched_codenum", "fee", ["feesched", "codenum"])
    op.create_table(
        "claim",
        sa.Column("claimnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("dateservice", sa.Date(), nullable=True),
        sa.Column("datesent", sa.Date(), nullable=True),
        sa.Column("claimstatus", sa.String(length=1), nullable=False),
        sa.Column("datereceived", sa.Date(), nullable=True),
        sa.Column("plannum", sa.Integer(), nullable=False),
        sa.Column("provtreat", sa.Integer(), nullable=False),
        sa.Column("claimfee", sa.Double(), nullable=False),
        sa.Column("inspayest", sa.Double(), nullable=False),
        sa.Column("inspayamt", sa.Double(), nullable=False),
        sa.Column("dedapplied", sa.Double(), nullable=False),
        sa.Column("preauthstring", sa.String(length=40), nullable=False),
        sa.Column("isprosthesis", sa.String(length=1), nullable=False),
        sa.Column("priordate", sa.Date(), nullable=True),
        sa.Column("reasonunderpaid", sa.String(length=255), nullable=False),
        sa.Column("claimnote", sa.Text(), nullable=False),
        sa.Column("claimtype", sa.String(length=255), nullable=False),
        sa.Column("provbill", sa.Integer(), nullable=False),
        sa.Column("referringprov", sa.Integer(), nullable=False),
        sa.Column("refnumstring", sa.String(length=40), nullable=False),
        sa.Column("placeservice", sa.Integer(), nullable=False),
        sa.Column("accidentrelated", sa.String(length=1), nullable=False),
        sa.Column("accidentdate", sa.Date(), nullable=True),
        sa.Column("accidentst", sa.String(length=2), nullable=False),
        sa.Column("employrelated", sa.Integer(), nullable=False),
        sa.Column("isortho", sa.SmallInteger(), nullable=False),
        sa.Column("orthoremainm", sa.Integer(), nullable=False),
        sa.Column("orthodate", sa.Date(), nullable=True),
        sa.Column("patrelat", sa.Integer(), nullable=False),
        sa.Column("plannum2", sa.Integer(), nullable=False),
        sa.Column("patrelat2", sa.Integer(), nullable=False),
        sa.Column("writeoff", sa.Double(), nullable=False),
        sa.Column("radiographs", sa.Integer(), nullable=False),
        sa.Column("clinicnum", sa.Integer(), nullable=False),
        sa.Column("claimform", sa.Integer(), nullable=False),
        sa.Column("inssubnum", sa.Integer(), nullable=False),
        sa.Column("inssubnum2", sa.Integer(), nullable=False),
        sa.Column("priorauthorizationnumber", sa.String(length=255), nullable=False),
        sa.Column("customtracking", sa.Integer(), nullable=False),
        sa.Column("claimidentifier", sa.String(length=255), nullable=False),
        sa.Column("orthototalm", sa.Integer(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("datesentorig", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("claimnum"),
    )
    op.create_index("ix_claim_claimstatus", "claim", ["claimstatus"])
    op.create_index("ix_claim_patnum", "claim", ["patnum"])
    op.create_index("ix_claim_secdatetedit", "claim", ["secdatetedit"])
    op.create_table(
        "claimpayment",
        sa.Column("claimpaymentnum", sa.Integer(), nullable=False),
        sa.Column("checkdate", sa.Date(), nullable=True),
        sa.Column("checkamt", sa.Double(), nullable=False),
        sa.Column("checknum", sa.String(length=25), nullable=False),
        sa.Column("bankbranch", sa.String(length=25), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("clinicnum", sa.Integer(), nullable=False),
        sa.Column("depositnum", sa.Integer(), nullable=False),
        sa.Column("carriername", sa.String(length=255), nullable=False),
        sa.Column("dateissued", sa.Date(), nullable=True),
        sa.Column("ispartial", sa.SmallInteger(), nullable=False),
        sa.Column("paytype", sa.Integer(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("paygroup", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("claimpaymentnum"),
    )
    op.create_index("ix_claimpayment_secdatetedit", "claimpayment", ["secdatetedit"])
    op.create_table(
        "insverify",
        sa.Column("insverifynum", sa.Integer(), nullable=False),
        sa.Column("datelastverified", sa.Date(), nullable=True),
        sa.Column("usernum", sa.Integer(), nullable=False),
        sa.Column("verifytype", sa.Integer(), nullable=False),
        sa.Column("fkey", sa.Integer(), nullable=False),
        sa.Column("defnum", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("datelastassigned", sa.Date(), nullable=True),
        sa.Column("datetimeentry", sa.DateTime(), nullable=True),
        sa.Column("hoursavailableforverification", sa.Double(), nullable=False),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("insverifynum"),
    )
    op.create_index("ix_insverify_type_fkey", "insverify", ["verifytype", "fkey"])

    for table, column in _added_columns():
        op.add_column(table, column)
    op.create_index("ix_claimproc_claimnum", "claimproc", ["claimnum"])
    op.create_index("ix_claimproc_claimpaymentnum", "claimproc", ["claimpaymentnum"])
    op.create_index("ix_claimproc_status", "claimproc", ["status"])
    if op.get_bind().dialect.name == "sqlite":
        # Copies of the integer keys (models.rowid_key_index): Offset paging skips keys, not rows.
        for table, pk in ROWID_KEYS:
            op.create_index(f"ix_{table}_{pk}", table, [pk])
    # What Open Dental would have recorded for the claimprocs already here.
    op.execute("UPDATE claimproc SET secdateentry = dateentry")
    op.execute(
        "UPDATE claimproc SET codesent = COALESCE((SELECT c.proccode FROM procedurelog p "
        "JOIN procedurecode c ON c.codenum = p.codenum WHERE p.procnum = claimproc.procnum), '')"
    )
    covcat = sa.table(
        "covcat",
        sa.column("covcatnum", sa.Integer()),
        sa.column("description", sa.String()),
        sa.column("defaultpercent", sa.Integer()),
        sa.column("covorder", sa.Integer()),
        sa.column("ishidden", sa.SmallInteger()),
        sa.column("ebenefitcat", sa.Integer()),
    )
    op.bulk_insert(
        covcat,
        [
            {
                "covcatnum": num,
                "description": name,
                "defaultpercent": pct,
                "covorder": order,
                "ishidden": 0,
                "ebenefitcat": cat,
            }
            for order, (num, name, pct, cat) in enumerate(COVCATS)
        ],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('covcat', 'covcatnum'), "
            "(SELECT MAX(covcatnum) FROM covcat))"
        )
    definition = sa.table(
        "definition",
        sa.column("category", sa.Integer()),
        sa.column("itemorder", sa.Integer()),
        sa.column("itemname", sa.String()),
        sa.column("itemvalue", sa.String()),
        sa.column("itemcolor", sa.Integer()),
        sa.column("ishidden", sa.SmallInteger()),
    )
    op.bulk_insert(
        definition,
        [
            {
                "category": c,
                "itemorder": o,
                "itemname": name,
                "itemvalue": "",
                "itemcolor": 0,
                "ishidden": 0,
            }
            for c, o, name in DEFINITIONS
        ],
    )


def downgrade() -> None:
    categories = ", ".join(sorted({str(c) for c, _o, _n in DEFINITIONS}))
    op.execute(f"DELETE FROM definition WHERE category IN ({categories})")  # noqa: S608
    if op.get_bind().dialect.name == "sqlite":
        for table, pk in ROWID_KEYS:
            if table in ("claimproc", "procedurecode"):
                op.drop_index(f"ix_{table}_{pk}", table)
    op.drop_index("ix_claimproc_status", "claimproc")
    op.drop_index("ix_claimproc_claimpaymentnum", "claimproc")
    op.drop_index("ix_claimproc_claimnum", "claimproc")
    for table, column in reversed(_added_columns()):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column.name)
    for table in reversed(NEW_TABLES):
        op.drop_table(table)
