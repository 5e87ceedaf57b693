"""Account part of issue 15: treatment plans, statements, payment plans, tasks, appointment
types, user groups, sheets, group notes and the eService log

Revision ID: 0011_account_tables
Revises: 0010_insurance_tables
Create Date: 2026-12-05 19:00:00

Open Dental's tables under its own names and columns, so that ShortQuery texts written for
Open Dental (``SELECT * FROM treatplan``) run unchanged: the API routes of the account and
chart modules read them, and the ones no route writes yet still answer ``[]``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_account_tables"
down_revision: str | None = "0010_insurance_tables"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "treatplan",
    "proctp",
    "treatplanattach",
    "statement",
    "payplan",
    "payplancharge",
    "tasklist",
    "task",
    "tasknote",
    "appointmenttype",
    "usergroup",
    "sheet",
    "sheetfield",
    "procgroupitem",
    "procnote",
    "eservicelog",
    "deflink",
)


# Definitions the account routes name: provider specialties (category 35), Web Sched
# appointment kinds (42 new patient, 51 existing patient) and the confirmation status a Web
# Sched booking gets, numbered as in Open Dental's examples (Specialty 263, defNumApptType 326,
# Confirmed 395).
DEFINITIONS = (
    (262, 35, 0, "General", ""),
    (263, 35, 1, "Dentist", ""),
    (264, 35, 2, "Hygienist", ""),
    (265, 35, 3, "Endodontics", ""),
    (326, 42, 0, "New Patient Exam", ""),
    (327, 51, 0, "Existing Patient Cleaning", ""),
    (395, 2, 7, "Created from Web Sched", ""),
)
PROVIDER_COLUMNS = (
    ("ssn", sa.String(length=12), ""),
    ("statelicense", sa.String(length=50), ""),
    ("usingtin", sa.SmallInteger(), "0"),
    ("sigonfile", sa.SmallInteger(), "0"),
    ("ishiddenreport", sa.SmallInteger(), "0"),
    ("schednote", sa.String(length=255), ""),
)


def upgrade() -> None:
    # Plain ADD COLUMN (no batch rebuild): the change-generation, aging and event triggers
    # of provider and paysplit stay in place.
    op.create_index("ix_appointment_priority_aptnum", "appointment", ["priority", "aptnum"])
    op.create_index("ix_paysplit_procnum", "paysplit", ["procnum"])
    if op.get_bind().dialect.name == "sqlite":
        # Offset paging through keys alone (see office migration 0003), for the big new lists.
        op.create_index("ix_paysplit_splitnum", "paysplit", ["splitnum"])
    for name in ("payplannum", "payplanchargenum"):
        op.add_column("paysplit", sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    for name, type_, default in PROVIDER_COLUMNS:
        op.add_column("provider", sa.Column(name, type_, nullable=False, server_default=default))
    definition = sa.table(
        "definition",
        sa.column("defnum", sa.Integer()),
        sa.column("category", sa.Integer()),
        sa.column("itemorder", sa.Integer()),
        sa.column("itemname", sa.String()),
        sa.column("itemvalue", sa.String()),
        sa.column("itemcolor", sa.Integer()),
        sa.column("ishidden", sa.SmallInteger()),
    )
    conn = op.get_bind()
    taken = {n for (n,) in conn.execute(sa.text("SELECT defnum FROM definition"))}
    op.bulk_insert(
        definition,
        [
            {
                "defnum": n,
                "category": c,
                "itemorder": o,
                "itemname": name,
                "itemvalue": value,
                "itemcolor": 0,
                "ishidden": 0,
            }
            for n, c, o, name, value in DEFINITIONS
            if n not in taken
        ],
    )
    if conn.dialect.name == "postgresql":
        # Explicit ids were inserted; move the serial past them.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('definition', 'defnum'), "
            "(SELECT MAX(defnum) FROM definition))"
        )
    op.create_table(
        "treatplan",
        sa.Column("treatplannum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("datetp", sa.Date(), nullable=True),
        sa.Column("heading", sa.String(length=255), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("sigistopaz", sa.SmallInteger(), nullable=False),
        sa.Column("responsparty", sa.Integer(), nullable=False),
        sa.Column("docnum", sa.Integer(), nullable=False),
        sa.Column("tpstatus", sa.Integer(), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("usernumpresenter", sa.Integer(), nullable=False),
        sa.Column("tptype", sa.Integer(), nullable=False),
        sa.Column("signaturepractice", sa.Text(), nullable=False),
        sa.Column("datetsigned", sa.DateTime(), nullable=True),
        sa.Column("datetpracticesigned", sa.DateTime(), nullable=True),
        sa.Column("signaturetext", sa.String(length=255), nullable=False),
        sa.Column("signaturepracticetext", sa.String(length=255), nullable=False),
        sa.Column("mobileappdevicenum", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("treatplannum"),
    )
    op.create_index("ix_treatplan_patnum", "treatplan", ["patnum"])
    op.create_table(
        "proctp",
        sa.Column("proctpnum", sa.Integer(), nullable=False),
        sa.Column("treatplannum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("procnumorig", sa.Integer(), nullable=False),
        sa.Column("itemorder", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("toothnumtp", sa.String(length=255), nullable=False),
        sa.Column("surf", sa.String(length=255), nullable=False),
        sa.Column("proccode", sa.String(length=15), nullable=False),
        sa.Column("descript", sa.String(length=255), nullable=False),
        sa.Column("feeamt", sa.Double(), nullable=False),
        sa.Column("priinsamt", sa.Double(), nullable=False),
        sa.Column("secinsamt", sa.Double(), nullable=False),
        sa.Column("patamt", sa.Double(), nullable=False),
        sa.Column("discount", sa.Double(), nullable=False),
        sa.Column("prognosis", sa.String(length=255), nullable=False),
        sa.Column("dx", sa.String(length=255), nullable=False),
        sa.Column("procabbr", sa.String(length=50), nullable=False),
        sa.Column("secusernumentry", sa.Integer(), nullable=False),
        sa.Column("secdateentry", sa.Date(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("feeallowed", sa.Double(), nullable=False),
        sa.Column("taxamt", sa.Double(), nullable=False),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("datetp", sa.Date(), nullable=True),
        sa.Column("clinicnum", sa.Integer(), nullable=False),
        sa.Column("catpercucr", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("proctpnum"),
    )
    op.create_index("ix_proctp_patnum", "proctp", ["patnum"])
    op.create_index("ix_proctp_treatplannum", "proctp", ["treatplannum"])
    op.create_table(
        "treatplanattach",
        sa.Column("treatplanattachnum", sa.Integer(), nullable=False),
        sa.Column("treatplannum", sa.Integer(), nullable=False),
        sa.Column("procnum", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("treatplanattachnum"),
    )
    op.create_index("ix_treatplanattach_procnum", "treatplanattach", ["procnum"])
    op.create_index("ix_treatplanattach_treatplannum", "treatplanattach", ["treatplannum"])
    op.create_table(
        "statement",
        sa.Column("statementnum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("datesent", sa.Date(), nullable=True),
        sa.Column("daterangefrom", sa.Date(), nullable=True),
        sa.Column("daterangeto", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("notebold", sa.Text(), nullable=False),
        sa.Column("mode_", sa.Integer(), nullable=False),
        sa.Column("hidepayment", sa.SmallInteger(), nullable=False),
        sa.Column("singlepatient", sa.SmallInteger(), nullable=False),
        sa.Column("intermingled", sa.SmallInteger(), nullable=False),
        sa.Column("issent", sa.SmallInteger(), nullable=False),
        sa.Column("docnum", sa.Integer(), nullable=False),
        sa.Column("datetstamp", sa.DateTime(), nullable=False),
        sa.Column("isreceipt", sa.SmallInteger(), nullable=False),
        sa.Column("isinvoice", sa.SmallInteger(), nullable=False),
        sa.Column("isinvoicecopy", sa.SmallInteger(), nullable=False),
        sa.Column("emailsubject", sa.String(length=255), nullable=False),
        sa.Column("emailbody", sa.Text(), nullable=False),
        sa.Column("superfamily", sa.Integer(), nullable=False),
        sa.Column("isbalvalid", sa.SmallInteger(), nullable=False),
        sa.Column("insest", sa.Double(), nullable=False),
        sa.Column("baltotal", sa.Double(), nullable=False),
        sa.Column("statementtype", sa.String(length=50), nullable=False),
        sa.Column("shortguid", sa.String(length=30), nullable=False),
        sa.Column("statementurl", sa.String(length=255), nullable=False),
        sa.Column("statementshorturl", sa.String(length=255), nullable=False),
        sa.Column("smssendstatus", sa.Integer(), nullable=False),
        sa.Column("limitedcustomfamily", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("statementnum"),
    )
    op.create_index("ix_statement_patnum", "statement", ["patnum"])
    op.create_table(
        "payplan",
        sa.Column("payplannum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("guarantor", sa.Integer(), nullable=False),
        sa.Column("payplandate", sa.Date(), nullable=True),
        sa.Column("apr", sa.Double(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("plannum", sa.Integer(), nullable=False),
        sa.Column("completedamt", sa.Double(), nullable=False),
        sa.Column("inssubnum", sa.Integer(), nullable=False),
        sa.Column("payschedule", sa.Integer(), nullable=False),
        sa.Column("numberofpayments", sa.Integer(), nullable=False),
        sa.Column("payamt", sa.Double(), nullable=False),
        sa.Column("downpayment", sa.Double(), nullable=False),
        sa.Column("isclosed", sa.SmallInteger(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("sigistopaz", sa.SmallInteger(), nullable=False),
        sa.Column("plancategory", sa.Integer(), nullable=False),
        sa.Column("isdynamic", sa.SmallInteger(), nullable=False),
        sa.Column("chargefrequency", sa.Integer(), nullable=False),
        sa.Column("datepayplanstart", sa.Date(), nullable=True),
        sa.Column("islocked", sa.SmallInteger(), nullable=False),
        sa.Column("dateintereststart", sa.Date(), nullable=True),
        sa.Column("dynamicpayplantpoption", sa.Integer(), nullable=False),
        sa.Column("mobileappdevicenum", sa.Integer(), nullable=False),
        sa.Column("securityhash", sa.String(length=255), nullable=False),
        sa.Column("sheetdefnum", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("payplannum"),
    )
    op.create_index("ix_payplan_guarantor", "payplan", ["guarantor"])
    op.create_index("ix_payplan_patnum", "payplan", ["patnum"])
    op.create_table(
        "payplancharge",
        sa.Column("payplanchargenum", sa.Integer(), nullable=False),
        sa.Column("payplannum", sa.Integer(), nullable=False),
        sa.Column("guarantor", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("chargedate", sa.Date(), nullable=True),
        sa.Column("principal", sa.Double(), nullable=False),
        sa.Column("interest", sa.Double(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("provnum", sa.Integer(), nullable=False),
        sa.Column("chargetype", sa.Integer(), nullable=False),
        sa.Column("procnum", sa.Integer(), nullable=False),
        sa.Column("clinicnum", sa.Integer(), nullable=False),
        sa.Column("secdatetentry", sa.DateTime(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("statementnum", sa.Integer(), nullable=False),
        sa.Column("fkey", sa.Integer(), nullable=False),
        sa.Column("linktype", sa.Integer(), nullable=False),
        sa.Column("isoffset", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("payplanchargenum"),
    )
    op.create_index("ix_payplancharge_patnum", "payplancharge", ["patnum"])
    op.create_index("ix_payplancharge_payplannum", "payplancharge", ["payplannum"])
    op.create_table(
        "tasklist",
        sa.Column("tasklistnum", sa.Integer(), nullable=False),
        sa.Column("descript", sa.String(length=255), nullable=False),
        sa.Column("parent", sa.Integer(), nullable=False),
        sa.Column("datetl", sa.Date(), nullable=True),
        sa.Column("isrepeating", sa.SmallInteger(), nullable=False),
        sa.Column("datetype", sa.Integer(), nullable=False),
        sa.Column("fromnum", sa.Integer(), nullable=False),
        sa.Column("objecttype", sa.Integer(), nullable=False),
        sa.Column("datetimeentry", sa.DateTime(), nullable=True),
        sa.Column("globaltaskfiltertype", sa.Integer(), nullable=False),
        sa.Column("taskliststatus", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tasklistnum"),
    )
    op.create_table(
        "task",
        sa.Column("tasknum", sa.Integer(), nullable=False),
        sa.Column("tasklistnum", sa.Integer(), nullable=False),
        sa.Column("datetask", sa.Date(), nullable=True),
        sa.Column("keynum", sa.Integer(), nullable=False),
        sa.Column("descript", sa.Text(), nullable=False),
        sa.Column("taskstatus", sa.Integer(), nullable=False),
        sa.Column("isrepeating", sa.SmallInteger(), nullable=False),
        sa.Column("datetype", sa.Integer(), nullable=False),
        sa.Column("fromnum", sa.Integer(), nullable=False),
        sa.Column("objecttype", sa.Integer(), nullable=False),
        sa.Column("datetimeentry", sa.DateTime(), nullable=True),
        sa.Column("usernum", sa.Integer(), nullable=False),
        sa.Column("datetimefinished", sa.DateTime(), nullable=True),
        sa.Column("prioritydefnum", sa.Integer(), nullable=False),
        sa.Column("remindergroupid", sa.String(length=255), nullable=False),
        sa.Column("remindertype", sa.Integer(), nullable=False),
        sa.Column("reminderfrequency", sa.Integer(), nullable=False),
        sa.Column("datetimeoriginal", sa.DateTime(), nullable=True),
        sa.Column("secdatetedit", sa.DateTime(), nullable=False),
        sa.Column("descriptoverride", sa.String(length=255), nullable=False),
        sa.Column("isreadonly", sa.SmallInteger(), nullable=False),
        sa.Column("triagecategory", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tasknum"),
    )
    op.create_index("ix_task_tasklistnum", "task", ["tasklistnum"])
    op.create_table(
        "tasknote",
        sa.Column("tasknotenum", sa.Integer(), nullable=False),
        sa.Column("tasknum", sa.Integer(), nullable=False),
        sa.Column("usernum", sa.Integer(), nullable=False),
        sa.Column("datetimenote", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("tasknotenum"),
    )
    op.create_index("ix_tasknote_tasknum", "tasknote", ["tasknum"])
    op.create_table(
        "appointmenttype",
        sa.Column("appointmenttypenum", sa.Integer(), nullable=False),
        sa.Column("appointmenttypename", sa.String(length=255), nullable=False),
        sa.Column("appointmenttypecolor", sa.Integer(), nullable=False),
        sa.Column("itemorder", sa.Integer(), nullable=False),
        sa.Column("ishidden", sa.SmallInteger(), nullable=False),
        sa.Column("pattern", sa.String(length=255), nullable=False),
        sa.Column("codestr", sa.Text(), nullable=False),
        sa.Column("codestrrequired", sa.Text(), nullable=False),
        sa.Column("requiredproccodesneeded", sa.Integer(), nullable=False),
        sa.Column("blockouttypes", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint("appointmenttypenum"),
    )
    op.create_table(
        "usergroup",
        sa.Column("usergroupnum", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("usergroupnumcemt", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("usergroupnum"),
    )
    op.create_table(
        "sheet",
        sa.Column("sheetnum", sa.Integer(), nullable=False),
        sa.Column("sheettype", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("datetimesheet", sa.DateTime(), nullable=True),
        sa.Column("fontsize", sa.Double(), nullable=False),
        sa.Column("fontname", sa.String(length=255), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("islandscape", sa.SmallInteger(), nullable=False),
        sa.Column("internalnote", sa.Text(), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=False),
        sa.Column("showinterminal", sa.Integer(), nullable=False),
        sa.Column("iswebform", sa.SmallInteger(), nullable=False),
        sa.Column("ismultipage", sa.SmallInteger(), nullable=False),
        sa.Column("isdeleted", sa.SmallInteger(), nullable=False),
        sa.Column("sheetdefnum", sa.Integer(), nullable=False),
        sa.Column("docnum", sa.Integer(), nullable=False),
        sa.Column("clinicnum", sa.Integer(), nullable=False),
        sa.Column("datetsheetedited", sa.DateTime(), nullable=True),
        sa.Column("hasmobilelayout", sa.SmallInteger(), nullable=False),
        sa.Column("revid", sa.Integer(), nullable=False),
        sa.Column("webformsheetid", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sheetnum"),
    )
    op.create_index("ix_sheet_patnum", "sheet", ["patnum"])
    op.create_table(
        "sheetfield",
        sa.Column("sheetfieldnum", sa.Integer(), nullable=False),
        sa.Column("sheetnum", sa.Integer(), nullable=False),
        sa.Column("fieldtype", sa.Integer(), nullable=False),
        sa.Column("fieldname", sa.String(length=255), nullable=False),
        sa.Column("fieldvalue", sa.Text(), nullable=False),
        sa.Column("fontsize", sa.Double(), nullable=False),
        sa.Column("fontname", sa.String(length=255), nullable=False),
        sa.Column("fontisbold", sa.SmallInteger(), nullable=False),
        sa.Column("xpos", sa.Integer(), nullable=False),
        sa.Column("ypos", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("growthbehavior", sa.Integer(), nullable=False),
        sa.Column("radiobuttonvalue", sa.String(length=255), nullable=False),
        sa.Column("radiobuttongroup", sa.String(length=255), nullable=False),
        sa.Column("isrequired", sa.SmallInteger(), nullable=False),
        sa.Column("taborder", sa.Integer(), nullable=False),
        sa.Column("reportablename", sa.String(length=255), nullable=False),
        sa.Column("textalign", sa.Integer(), nullable=False),
        sa.Column("islocked", sa.SmallInteger(), nullable=False),
        sa.Column("itemcolor", sa.Integer(), nullable=False),
        sa.Column("datetimesig", sa.DateTime(), nullable=True),
        sa.Column("tabordermobile", sa.Integer(), nullable=False),
        sa.Column("uilabelmobile", sa.String(length=255), nullable=False),
        sa.Column("uilabelmobileradiobutton", sa.String(length=255), nullable=False),
        sa.Column("sheetfielddefnum", sa.Integer(), nullable=False),
        sa.Column("canelectronicallysign", sa.SmallInteger(), nullable=False),
        sa.Column("issigprovrestricted", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("sheetfieldnum"),
    )
    op.create_index("ix_sheetfield_sheetnum", "sheetfield", ["sheetnum"])
    op.create_table(
        "procgroupitem",
        sa.Column("procgroupitemnum", sa.Integer(), nullable=False),
        sa.Column("procnum", sa.Integer(), nullable=False),
        sa.Column("groupnum", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("procgroupitemnum"),
    )
    op.create_index("ix_procgroupitem_groupnum", "procgroupitem", ["groupnum"])
    op.create_index("ix_procgroupitem_procnum", "procgroupitem", ["procnum"])
    op.create_table(
        "procnote",
        sa.Column("procnotenum", sa.Integer(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("procnum", sa.Integer(), nullable=False),
        sa.Column("entrydatetime", sa.DateTime(), nullable=False),
        sa.Column("usernum", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("sigistopaz", sa.SmallInteger(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("procnotenum"),
    )
    op.create_index("ix_procnote_patnum", "procnote", ["patnum"])
    op.create_index("ix_procnote_procnum", "procnote", ["procnum"])
    op.create_table(
        "eservicelog",
        sa.Column("eservicelognum", sa.Integer(), nullable=False),
        sa.Column("logdatetime", sa.DateTime(), nullable=False),
        sa.Column("patnum", sa.Integer(), nullable=False),
        sa.Column("eservicetype", sa.Integer(), nullable=False),
        sa.Column("eserviceaction", sa.Integer(), nullable=False),
        sa.Column("keytype", sa.Integer(), nullable=False),
        sa.Column("fkey", sa.Integer(), nullable=False),
        sa.Column("clinicnum", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("eservicelognum"),
    )
    op.create_index("ix_eservicelog_fkey", "eservicelog", ["fkey"])
    op.create_table(
        "deflink",
        sa.Column("deflinknum", sa.Integer(), nullable=False),
        sa.Column("defnum", sa.Integer(), nullable=False),
        sa.Column("fkey", sa.Integer(), nullable=False),
        sa.Column("linktype", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("deflinknum"),
    )
    op.create_index("ix_deflink_defnum", "deflink", ["defnum"])
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("ix_treatplan_treatplannum", "treatplan", ["treatplannum"])
        op.create_index("ix_statement_statementnum", "statement", ["statementnum"])


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
    for num, *_rest in DEFINITIONS:
        op.execute(sa.text("DELETE FROM definition WHERE defnum = :n").bindparams(n=num))
    for name, _type, _default in reversed(PROVIDER_COLUMNS):
        op.drop_column("provider", name)
    for name in ("payplanchargenum", "payplannum"):
        op.drop_column("paysplit", name)
    op.drop_index("ix_paysplit_procnum", "paysplit")
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("ix_paysplit_splitnum", "paysplit")
    op.drop_index("ix_appointment_priority_aptnum", "appointment")
