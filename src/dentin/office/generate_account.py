"""The account part of a generated office: treatment plans, statements, payment plans, ASAP
appointments, appointment types, user groups and a task list, derived from the generated
patients and ledger in a few set-based statements (no per-patient round trips), so a
100,000-patient office gets them in seconds.

- every patient with treatment-planned procedures has an Active plan holding them, and every
  fourth such patient a Saved copy (``proctp``) as well;
- every guarantor with a balance (and every third guarantor) has a statement;
- every seventh guarantor has a dynamic payment plan with two monthly charges;
- the dentist of each Web Sched operatory has a provider schedule there on every future
  practice day (so ``scheduleop`` has rows);
- every patient with a Saved treatment plan has a task to call about it, and every fifth
  patient an exam sheet;
- every tenth scheduled appointment is on the ASAP list, and new patients' first visits
  are logged as Web Sched bookings; the first operatory of each clinic takes Web Sched.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.engine import Connection

from dentin.office.models import (
    AppointmentType,
    Definition,
    DefLink,
    Operatory,
    TaskList,
    UserGroup,
)
from dentin.office.registry import OfficeDatabase

NOTE = (
    "Please read this carefully: If you have insurance, THIS IS AN ESTIMATE ONLY. Insurance "
    "might not pay what we expect."
)


def _treatplan(heading: str, status: int, datetp: str, where: str) -> str:
    """One plan per patient with treatment-planned procedures (constants only, no input)."""
    return (
        "INSERT INTO treatplan (patnum, datetp, heading, note, signature, sigistopaz,"  # noqa: S608
        " responsparty, docnum, tpstatus, secusernumentry, secdateentry, secdatetedit,"
        " usernumpresenter, tptype, signaturepractice, signaturetext, signaturepracticetext,"
        f" mobileappdevicenum) SELECT DISTINCT patnum, {datetp}, '{heading}', :note, '', 0, 0,"
        f" 0, {status}, 0, :day, :stamp, 0, 0, '', '', '', 0 FROM procedurelog"
        f" WHERE procstatus = 1{where}"
    )


SQL: tuple[tuple[str, str], ...] = (
    ("treatplan", _treatplan("Active Treatment Plan", 1, "CAST(NULL AS DATE)", "")),
    (
        "treatplanattach",
        "INSERT INTO treatplanattach (treatplannum, procnum, priority)"
        " SELECT t.treatplannum, p.procnum, p.priority FROM procedurelog p"
        " JOIN treatplan t ON t.patnum = p.patnum AND t.tpstatus = 1 WHERE p.procstatus = 1",
    ),
    ("treatplan", _treatplan("Saved Treatment Plan", 0, ":day", " AND patnum % 4 = 0")),
    (
        "proctp",
        "INSERT INTO proctp (treatplannum, patnum, procnumorig, itemorder, priority, toothnumtp,"
        " surf, proccode, descript, feeamt, priinsamt, secinsamt, patamt, discount, prognosis,"
        " dx, procabbr, secusernumentry, secdateentry, secdatetedit, feeallowed, taxamt,"
        " provnum, datetp, clinicnum, catpercucr)"
        " SELECT t.treatplannum, p.patnum, p.procnum, 0, p.priority, p.toothnum, p.surf,"
        " c.proccode, c.descript, p.procfee, 0, 0, p.procfee, 0, '', '', c.abbrdesc, 0, :day,"
        " :stamp, 0, 0, p.provnum, p.datetp, p.clinicnum, p.procfee"
        " FROM procedurelog p JOIN treatplan t ON t.patnum = p.patnum AND t.tpstatus = 0"
        " JOIN procedurecode c ON c.codenum = p.codenum WHERE p.procstatus = 1",
    ),
    (
        "statement",
        "INSERT INTO statement (patnum, datesent, daterangefrom, daterangeto, note, notebold,"
        " mode_, hidepayment, singlepatient, intermingled, issent, docnum, datetstamp,"
        " isreceipt, isinvoice, isinvoicecopy, emailsubject, emailbody, superfamily,"
        " isbalvalid, insest, baltotal, statementtype, shortguid, statementurl,"
        " statementshorturl, smssendstatus, limitedcustomfamily)"
        " SELECT patnum, :day, :from_day, :day, '', '', 1, 0, 0, 0, 1, 0, :stamp, 0, 0, 0, '',"
        " '', 0, 1, insest, baltotal, 'NotSet', '', '', '', 0, 0 FROM patient"
        " WHERE patnum = guarantor AND (baltotal <> 0 OR patnum % 3 = 0)",
    ),
    (
        "payplan",
        "INSERT INTO payplan (patnum, guarantor, payplandate, apr, note, plannum, completedamt,"
        " inssubnum, payschedule, numberofpayments, payamt, downpayment, isclosed, signature,"
        " sigistopaz, plancategory, isdynamic, chargefrequency, datepayplanstart, islocked,"
        " dynamicpayplantpoption, mobileappdevicenum, securityhash, sheetdefnum)"
        " SELECT patnum, patnum, :plan_day, 0, :plan_note, 0, 100, 0, 0, 0, 50, 0, 0, '', 0, 0,"
        " 1, 3, :start_day, 0, 1, 0, '', 0 FROM patient WHERE patnum = guarantor"
        " AND patnum % 7 = 1",
    ),
    (
        "payplancharge",
        "INSERT INTO payplancharge (payplannum, guarantor, patnum, chargedate, principal,"
        " interest, note, provnum, chargetype, procnum, clinicnum, secdatetentry, secdatetedit,"
        " statementnum, fkey, linktype, isoffset)"
        " SELECT pp.payplannum, pp.guarantor, pp.patnum, d.day, 50, 0, '', p.priprov, 0, 0,"
        " p.clinicnum, :stamp, :stamp, 0, 0, 0, 0 FROM payplan pp"
        " JOIN patient p ON p.patnum = pp.patnum"
        " CROSS JOIN (SELECT :start_day AS day UNION ALL SELECT :next_day) d",
    ),
    (
        "appointment",
        "UPDATE appointment SET priority = 1 WHERE aptstatus = 1 AND aptnum % 10 = 0",
    ),
    (
        "schedule",
        "INSERT INTO schedule (scheddate, starttime, stoptime, schedtype, provnum, blockouttype,"
        " note, status, employeenum, clinicnum, datetstamp)"
        " SELECT s.scheddate, s.starttime, s.stoptime, 1, o.provdentist, 0, 'Web Sched', 0, 0,"
        " o.clinicnum, :stamp FROM schedule s JOIN operatory o ON o.iswebsched = 1"
        " WHERE s.schedtype = 0 AND s.scheddate >= :day AND o.provdentist <> 0",
    ),
    (
        "scheduleop",
        "INSERT INTO scheduleop (schedulenum, operatorynum) SELECT s.schedulenum, o.operatorynum"
        " FROM schedule s JOIN operatory o ON o.iswebsched = 1 AND o.provdentist = s.provnum"
        " AND o.clinicnum = s.clinicnum WHERE s.schedtype = 1 AND s.note = 'Web Sched'",
    ),
    (
        "task",
        "INSERT INTO task (tasklistnum, datetask, keynum, descript, taskstatus, isrepeating,"
        " datetype, fromnum, objecttype, datetimeentry, usernum, prioritydefnum,"
        " remindergroupid, remindertype, reminderfrequency, datetimeoriginal, secdatetedit,"
        " descriptoverride, isreadonly, triagecategory)"
        " SELECT (SELECT MIN(tasklistnum) FROM tasklist), NULL, patnum,"
        " 'Call to schedule the treatment plan.', 0, 0, 0, 0, 1, :stamp, 0, 0, '', 0, 0, :stamp,"
        " :stamp, '', 0, 0 FROM treatplan WHERE tpstatus = 0",
    ),
    (
        "sheet",
        "INSERT INTO sheet (sheettype, patnum, datetimesheet, fontsize, fontname, width, height,"
        " islandscape, internalnote, description, showinterminal, iswebform, ismultipage,"
        " isdeleted, sheetdefnum, docnum, clinicnum, datetsheetedited, hasmobilelayout, revid,"
        " webformsheetid) SELECT 13, patnum, :stamp, 11, 'Microsoft Sans Serif', 850, 1100, 0,"
        " '', 'Exam', 0, 0, 0, 0, 0, 0, clinicnum, :stamp, 0, 0, 0 FROM patient"
        " WHERE patnum % 5 = 0",
    ),
    (
        "eservicelog",
        "INSERT INTO eservicelog (logdatetime, patnum, eservicetype, eserviceaction, keytype,"
        " fkey, clinicnum) SELECT :stamp, patnum, 2, 0, 0, aptnum, clinicnum FROM appointment"
        " WHERE isnewpatient = 1",
    ),
)


def _params(dialect: str, as_of: dt.date) -> dict[str, Any]:
    start = as_of + dt.timedelta(days=30)
    values: dict[str, Any] = {
        "note": NOTE,
        "day": as_of,
        "from_day": as_of - dt.timedelta(days=90),
        "plan_day": as_of,
        "plan_note": f"{as_of:%m/%d/%Y} - Date of Agreement: {as_of:%m/%d/%Y}, "
        "Total Amount: 100.00, APR: 0, Total Cost of Loan: 100.00",
        "start_day": start,
        "next_day": start + dt.timedelta(days=30),
        "stamp": dt.datetime.combine(as_of, dt.time(16)),
    }
    if dialect == "sqlite":
        # SQLite keeps dates as ISO text, as the generator writes them.
        for key, value in values.items():
            if isinstance(value, dt.datetime):
                values[key] = value.strftime("%Y-%m-%d %H:%M:%S.000000")
            elif isinstance(value, dt.date):
                values[key] = value.isoformat()
    return values


def add_account_data(db: OfficeDatabase, as_of: dt.date) -> dict[str, int]:
    """Derive the account rows from the generated office; the number added per table."""
    counts: dict[str, int] = {}
    params = _params(db.dialect, as_of)
    with db.engine.begin() as conn:
        _setup_rows(conn)  # first: the Web Sched operatories are chosen here
        for table, sql in SQL:
            used = {k: v for k, v in params.items() if f":{k}" in sql}
            result = conn.execute(text(sql), used)
            if sql.startswith("INSERT"):  # the ASAP UPDATE adds no rows
                counts[table] = counts.get(table, 0) + max(result.rowcount or 0, 0)
    return counts


def _setup_rows(conn: Connection) -> None:
    """Appointment types, Web Sched links, user groups and a task list, once per office.

    Core inserts on a connection take column names (lower case), not attribute names.
    """
    if conn.execute(select(func.count()).select_from(AppointmentType)).scalar_one() == 0:
        conn.execute(
            insert(AppointmentType),
            [
                {
                    "appointmenttypename": name,
                    "appointmenttypecolor": color,
                    "itemorder": i,
                    "ishidden": 0,
                    "pattern": pattern,
                    "codestr": codes,
                    "codestrrequired": "",
                    "requiredproccodesneeded": 0,
                    "blockouttypes": "",
                }
                for i, (name, color, pattern, codes) in enumerate(
                    (
                        ("New Patient", 0x00B41E96, "/XXXXXX/", "D0150,D0210"),
                        ("Recall", 0x0080C0FF, "/XXXX/", "D0120,D1110"),
                        ("Emergency", 0x00FF4040, "/XX/", "D0140"),
                    )
                )
            ],
        )
    if conn.execute(select(func.count()).select_from(DefLink)).scalar_one() == 0:
        # Web Sched: the new-patient kind (definition 326) books "New Patient", the existing-
        # patient kind (327) "Recall", in the first operatory of each clinic.
        types = dict(
            conn.execute(
                select(AppointmentType.AppointmentTypeName, AppointmentType.AppointmentTypeNum)
            ).all()
        )
        kinds = dict(conn.execute(select(Definition.DefNum, Definition.Category)).all())
        links = [
            {"defnum": d, "fkey": types[name], "linktype": 2}
            for d, name in ((326, "New Patient"), (327, "Recall"))
            if d in kinds and name in types
        ]
        if links:
            conn.execute(insert(DefLink), links)
        first_ops = select(func.min(Operatory.OperatoryNum)).group_by(Operatory.ClinicNum)
        conn.execute(
            update(Operatory)
            .where(Operatory.OperatoryNum.in_(first_ops))
            .values({Operatory.IsWebSched: 1})
        )
    if conn.execute(select(func.count()).select_from(UserGroup)).scalar_one() == 0:
        conn.execute(
            insert(UserGroup),
            [
                {"description": "Admin", "usergroupnumcemt": 0},
                {"description": "Front Desk", "usergroupnumcemt": 0},
            ],
        )
    if conn.execute(select(func.count()).select_from(TaskList)).scalar_one() == 0:
        conn.execute(
            insert(TaskList),
            [
                {
                    "descript": "Follow up",
                    "parent": 0,
                    "isrepeating": 0,
                    "datetype": 0,
                    "fromnum": 0,
                    "objecttype": 0,
                    "globaltaskfiltertype": 0,
                    "taskliststatus": 0,
                }
            ],
        )
