"""A synthetic practice: families, a few years of visits and a consistent ledger, made in bulk.

Benchmarks, the demo and aging need an office that looks like a real one at real volume
(100,000 patients, millions of ledger rows), and tests need the same rows for the same seed.
So everything is drawn from one ``random.Random(seed)`` in a fixed order, dates hang off an
``as_of`` day rather than the clock, and rows go in as DB-API ``executemany`` batches (COPY on
PostgreSQL): the ORM, one object at a time, would take an hour for what this does in minutes.

The ledger balances the way Open Dental's does. Charges are completed procedures (and positive
adjustments); credits are pay splits (each pointing at the procedure it pays), negative
adjustments, and Received claimprocs' InsPayAmt + WriteOff; NotReceived claimprocs and the
Estimates on treatment-planned work carry InsPayEst. Money is whole cents throughout.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from dentin.db import OfficeBase
from dentin.errors import Conflict
from dentin.office import generate_clinical
from dentin.office.clock import office_now
from dentin.office.generate_account import add_account_data
from dentin.office.generate_rest import add_rest_data
from dentin.office.models import Definition, Patient, ProcedureCode
from dentin.office.registry import OfficeDatabase
from dentin.office.schemas import enter_raw

Row = tuple[Any, ...]
Progress = Callable[[str, int], None]
"""Called with a phase description and the number of patients generated so far."""


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


LEDGER_TABLES = ("procedurelog", "claimproc", "paysplit", "adjustment")
BULK_TABLES = _words(
    "patient appointment procedurelog claimproc payment paysplit adjustment patplan claim"
)

# ProcCode, Descript, AbbrDesc, minutes, ProcCat, IsHygiene, fee in cents, coverage class
# (0 diagnostic/preventive, 1 basic, 2 major). Fees are a plausible 2024 US fee schedule.
CODES: tuple[tuple[str, str, str, int, int, int, int, int], ...] = (
    ("D0120", "periodic oral evaluation - established patient", "PerEx", 10, 1, 0, 6500, 0),
    ("D0140", "limited oral evaluation - problem focused", "LimEx", 20, 1, 0, 9000, 0),
    ("D0150", "comprehensive oral evaluation - new or established", "CompEx", 30, 1, 0, 11500, 0),
    ("D0210", "intraoral - comprehensive series of radiographic images", "FMX", 20, 2, 0, 15500, 0),
    ("D0220", "intraoral - periapical first radiographic image", "PA", 10, 2, 0, 3500, 0),
    ("D0272", "bitewings - two radiographic images", "2BW", 10, 2, 0, 5500, 0),
    ("D0274", "bitewings - four radiographic images", "4BW", 10, 2, 0, 7500, 0),
    ("D0330", "panoramic radiographic image", "Pano", 10, 2, 0, 13000, 0),
    ("D1110", "prophylaxis - adult", "Pro", 40, 3, 1, 11500, 0),
    ("D1120", "prophylaxis - child", "ChPro", 30, 3, 1, 8000, 0),
    ("D1206", "topical application of fluoride varnish", "FlVarn", 10, 3, 1, 4500, 0),
    ("D1351", "sealant - per tooth", "Seal", 10, 3, 1, 5800, 0),
    ("D2140", "amalgam - one surface, primary or permanent", "A1", 30, 4, 0, 15000, 1),
    ("D2150", "amalgam - two surfaces, primary or permanent", "A2", 40, 4, 0, 18500, 1),
    ("D2330", "resin-based composite - one surface, anterior", "C1", 30, 4, 0, 17000, 1),
    ("D2331", "resin-based composite - two surfaces, anterior", "C2", 40, 4, 0, 21000, 1),
    ("D2391", "resin-based composite - one surface, posterior", "C1(P)", 30, 4, 0, 19000, 1),
    ("D2392", "resin-based composite - two surfaces, posterior", "C2(P)", 40, 4, 0, 24000, 1),
    ("D2393", "resin-based composite - three surfaces, posterior", "C3(P)", 50, 4, 0, 29500, 1),
    ("D2740", "crown - porcelain/ceramic", "PFC", 60, 5, 0, 135000, 2),
    ("D2750", "crown - porcelain fused to high noble metal", "PFM", 60, 5, 0, 128000, 2),
    ("D2950", "core buildup, including any pins when required", "BU", 20, 5, 0, 31500, 2),
    ("D3310", "endodontic therapy, anterior tooth", "RCT-A", 60, 6, 0, 92000, 1),
    ("D3330", "endodontic therapy, molar tooth", "RCT-M", 90, 6, 0, 135000, 1),
    (
        "D4341",
        "periodontal scaling and root planing - 4+ teeth per quadrant",
        "SRP",
        50,
        7,
        1,
        27500,
        1,
    ),
    ("D4910", "periodontal maintenance", "PerioM", 50, 7, 1, 16500, 1),
    ("D7140", "extraction, erupted tooth or exposed root", "Ext", 30, 8, 0, 21000, 1),
    ("D7210", "extraction, erupted tooth requiring removal of bone", "SurgExt", 45, 8, 0, 34500, 1),
    ("D9110", "palliative treatment of dental pain - per visit", "Palliat", 20, 9, 0, 13000, 1),
)
_CODE = {c[0]: i for i, c in enumerate(CODES)}


_LAST = _words(
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez "
    "Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris "
    "Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill "
    "Flores Green Adams Nelson Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips "
    "Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook "
    "Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward "
    "Richardson Watson Brooks Chavez Wood James Bennett Gray Mendoza Ruiz Hughes Price Alvarez "
    "Castillo Sanders Patel Myers Long Ross Foster Jimenez Powell Jenkins Perry Russell Sullivan "
    "Bell Coleman Butler Henderson Barnes Gonzales Fisher Vasquez Simmons Romero Jordan Patterson "
    "Alexander Hamilton Graham Reynolds Griffin Wallace Moreno West Cole Hayes Bryant Herrera "
    "Gibson Ellis Tran Medina Aguilar Stevens Murray Ford Castro Marshall Owens Harrison "
    "Fernandez McDonald Woods Washington Kennedy Wells Vargas Henry Chen Freeman Webb Tucker "
    "Guzman Burns Crawford Olson Simpson Porter Hunter Gordon Mendez Silva Shaw Snyder Mason "
    "Dixon Munoz Hunt Hicks Holmes Palmer Wagner Black Robertson Boyd Rose Stone Salazar Fox "
    "Warren Mills Meyer Rice Schmidt Garza Daniels Ferguson Nichols Stephens Soto Weaver Ryan "
    "Gardner Payne Grant Dunn Kelley Spencer Hawkins Arnold Pierce Vazquez Hansen Peters Santos "
    "Hart Bradley Knight Elliott Cunningham Duncan Armstrong Hudson Carroll Lane Riley Andrews "
    "Alvarado Ray Delgado Berry Perkins Hoffman Johnston Matthews Pena Richards Contreras Willis "
    "Carpenter Lawrence Sandoval Okafor Yamamoto Kowalski Novak Larsen Lindqvist O'Brien"
)
_MALE = _words(
    "James Robert John Michael David William Richard Joseph Thomas Christopher Charles Daniel "
    "Matthew Anthony Mark Donald Steven Andrew Paul Joshua Kenneth Kevin Brian George Timothy "
    "Ronald Jason Edward Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin "
    "Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack Dennis Jerry "
    "Tyler Aaron Jose Adam Nathan Henry Zachary Douglas Peter Kyle Noah Ethan Jeremy Walter "
    "Christian Keith Roger Terry Austin Sean Gerald Carl Harold Dylan Arthur Lawrence Jordan "
    "Jesse Bryan Billy Bruce Gabriel Joe Logan Alan Juan Albert Willie Elijah Wayne Randy Vincent "
    "Mason Roy Ralph Bobby Russell Bradley Philip Eugene Liam Oliver Lucas Mateo Hiroshi Wei"
)
_FEMALE = _words(
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty "
    "Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie "
    "Dorothy Rebecca Sharon Laura Cynthia Amy Kathleen Angela Shirley Brenda Emma Anna Pamela "
    "Nicole Samantha Katherine Christine Helen Debra Rachel Carolyn Janet Maria Catherine Heather "
    "Diane Olivia Julie Joyce Victoria Ruth Virginia Lauren Kelly Christina Joan Evelyn Judith "
    "Andrea Hannah Megan Cheryl Jacqueline Martha Madison Teresa Gloria Sara Janice Ann Kathryn "
    "Abigail Sophia Frances Jean Alice Judy Isabella Julia Grace Amber Denise Danielle Marilyn "
    "Beverly Charlotte Natalie Theresa Diana Brittany Doris Kayla Alexis Lori Marie Ava Mia Zoe"
)
_STREETS = _words(
    "Main Oak Pine Maple Cedar Elm Washington Lake Hill Park Walnut Sunset Lincoln Jackson "
    "Cherry Highland Madison Willow Ridge Meadow River Church Spring Forest Chestnut Court "
    "Mill Jefferson Center Franklin Adams Hickory Birch Valley Dogwood Laurel Aspen Sycamore"
)
_SUFFIXES = ("St", "Ave", "Rd", "Dr", "Ln", "Ct", "Way", "Blvd", "Pl")
# City, State, first three digits of the ZIP code, area code.
_CITIES = (
    ("Salem", "OR", "973", "503"),
    ("Portland", "OR", "972", "503"),
    ("Eugene", "OR", "974", "541"),
    ("Bend", "OR", "977", "541"),
    ("Vancouver", "WA", "986", "360"),
    ("Tacoma", "WA", "984", "253"),
    ("Spokane", "WA", "992", "509"),
    ("Boise", "ID", "837", "208"),
    ("Sacramento", "CA", "958", "916"),
    ("Reno", "NV", "895", "775"),
    ("Medford", "OR", "975", "541"),
    ("Olympia", "WA", "985", "360"),
)
_TIMES = tuple(f" {8 + u // 6:02d}:{(u % 6) * 10:02d}:00.000000" for u in range(60))
_UNITS_PER_DAY = 54  # 08:00 to 17:00 in ten-minute units
# Insurance (issue 15): carriers (name, city, state, zip, phone, payer id), employers, and
# which coverage categories (office migration 0009's covcat numbers) each coverage class of
# ``CODES`` (0 diagnostic/preventive, 1 basic, 2 major) pays at.
_CARRIERS = (
    ("Delta Dental of Oregon", "Portland", "OR", "97208", "(800)452-1058", "CDOR1"),
    ("MetLife Dental", "Utica", "NY", "13504", "(800)942-0854", "65978"),
    ("Cigna Dental", "Chattanooga", "TN", "37422", "(800)244-6224", "62308"),
    ("Aetna Dental", "Lexington", "KY", "40512", "(877)238-6200", "60054"),
    ("Guardian Dental", "Appleton", "WI", "54912", "(800)541-7846", "64246"),
    ("United Concordia", "Harrisburg", "PA", "17106", "(866)851-7568", "CX028"),
)
_EMPLOYERS = _words("Intel Nike Providence Kaiser Salem-Keizer Legacy Safeway Costco")
_COVERED = ((2, 0), (3, 0), (4, 0), (5, 1), (6, 1), (7, 1), (8, 1), (9, 2), (10, 2))
_POSTERIOR = _words("2 3 4 5 12 13 14 15 18 19 20 21 28 29 30 31")
_ANTERIOR = ("6", "7", "8", "9", "10", "11", "22", "23", "24", "25", "26", "27")
_MOLARS = ("2", "3", "14", "15", "18", "19", "30", "31")
_SURF1P, _SURF2P, _SURF3P = ("O", "B", "L"), ("MO", "DO", "OB", "OL"), ("MOD", "MOB", "DOL")
_SURF1A, _SURF2A = ("M", "D", "F", "L"), ("MF", "DF", "ML", "DL")
# Open Dental keeps these as definition numbers; these are the office migration's defaults
# (dentin.office.definitions): payment types, appointment confirmation, billing type and
# procedure code categories. Adjustment types have no default definitions yet.
PAY_CHECK, PAY_CASH, PAY_CARD, PAY_CARE_CREDIT = 5, 6, 7, 8
CONFIRM_NOT_CALLED, CONFIRM_UNCONFIRMED, CONFIRM_CONFIRMED, CONFIRM_LEFT_MSG = 19, 20, 21, 22
BILLING_STANDARD = 1
PROC_CATS = {1: 28, 2: 28, 3: 29}  # Diagnostic, Preventive; everything else Restorative (30)
ADJ_CASH_DISCOUNT, ADJ_FINANCE_CHARGE = 1, 2
_PAY_MIX = (PAY_CHECK, PAY_CASH, PAY_CARD, PAY_CARD, PAY_CARD, PAY_CARE_CREDIT)


@dataclass(frozen=True)
class GenerateResult:
    patients: int
    families: int
    counts: dict[str, int]
    seconds: float
    seed: int
    as_of: dt.date

    @property
    def ledger_rows(self) -> int:
        return sum(self.counts.get(t, 0) for t in LEDGER_TABLES)


class _Sink(Protocol):
    def write(self, table: str, columns: Sequence[str], rows: list[Row]) -> None: ...
    def finish(self, on_phase: Callable[[str], None]) -> None: ...
    def abort(self) -> None: ...


class _SqliteSink:
    """One connection of its own, tuned for a bulk load and returned to safe settings after.

    Secondary indexes of the big tables are dropped and rebuilt in the same transaction (sorting
    once beats a million random B-tree inserts), and a failure rolls all of it back.
    """

    def __init__(self, path: str) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, timeout=60)
        for pragma in (
            "synchronous = OFF",
            "cache_size = -500000",
            "temp_store = MEMORY",
            "foreign_keys = OFF",
            "busy_timeout = 60000",
        ):
            self.conn.execute(f"PRAGMA {pragma}")
        self.conn.execute("BEGIN IMMEDIATE")
        names = ",".join(f"'{t}'" for t in BULK_TABLES)
        self.indexes = self.conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
            f"AND tbl_name IN ({names})"
        ).fetchall()
        for name, _sql in self.indexes:
            self.conn.execute(f'DROP INDEX "{name}"')

    def write(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        marks = ",".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})"  # noqa: S608
        self.conn.executemany(sql, rows)

    def finish(self, on_phase: Callable[[str], None]) -> None:
        try:
            for name, sql in self.indexes:
                on_phase(f"indexing {name}")
                self.conn.execute(sql)
            on_phase("analyzing")
            self.conn.execute("PRAGMA analysis_limit = 1000")
            self.conn.execute("ANALYZE")
            self.conn.execute("COMMIT")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            self.abort()

    def abort(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.close()


class _PostgresSink:
    """COPY into each table over one connection; sequences move past the ids it wrote."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.raw = engine.raw_connection()
        self.conn: Any = self.raw.driver_connection
        self.tables: set[str] = set()
        enter_raw(self.raw, engine)  # an office in a shared database: its schema

    def write(self, table: str, columns: Sequence[str], rows: list[Row]) -> None:
        self.tables.add(table)
        with (
            self.conn.cursor() as cur,
            cur.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def finish(self, on_phase: Callable[[str], None]) -> None:
        on_phase("analyzing")
        try:
            with self.conn.cursor() as cur:
                for table in sorted(self.tables):
                    pk = _PRIMARY_KEYS.get(table)
                    if pk is None:  # keyed by another table's number (patientnote)
                        continue
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', '{pk}'), "  # noqa: S608
                        f"(SELECT COALESCE(MAX({pk}), 0) + 1 FROM {table}), false) "
                        f"WHERE pg_get_serial_sequence('{table}', '{pk}') IS NOT NULL"
                    )
            self.raw.commit()
            enter_raw(self.raw, self.engine)
            with self.conn.cursor() as cur:
                for table in sorted(self.tables):
                    cur.execute(f"ANALYZE {table}")
            self.raw.commit()
        finally:
            self.raw.close()

    def abort(self) -> None:
        self.raw.rollback()
        self.raw.close()


_PRIMARY_KEYS = {
    "clinic": "clinicnum",
    "provider": "provnum",
    "operatory": "operatorynum",
    "procedurecode": "codenum",
    "patient": "patnum",
    "appointment": "aptnum",
    "procedurelog": "procnum",
    "claimproc": "claimprocnum",
    "payment": "paynum",
    "paysplit": "splitnum",
    "adjustment": "adjnum",
    "schedule": "schedulenum",
    # Insurance (issue 15)
    "carrier": "carriernum",
    "employer": "employernum",
    "feesched": "feeschednum",
    "fee": "feenum",
    "insplan": "plannum",
    "benefit": "benefitnum",
    "inssub": "inssubnum",
    "patplan": "patplannum",
    "claim": "claimnum",
    "claimpayment": "claimpaymentnum",
    "insverify": "insverifynum",
}
_COLUMNS: dict[str, tuple[str, ...]] = {
    "clinic": _words("clinicnum description abbr address city state zip phone ishidden"),
    "provider": _words(
        "provnum abbr lname fname mi suffix feesched specialty issecondary ishidden "
        "nationalprovid isnotperson provstatus birthdate preferredname itemorder datetstamp"
    ),
    "operatory": _words(
        "operatorynum opname abbrev itemorder ishidden provdentist provhygienist ishygiene "
        "clinicnum setprospective iswebsched operatorytype datetstamp"
    ),
    "procedurecode": _words(
        "codenum proccode descript abbrdesc proctime proccat ishygiene datetstamp"
    ),
    "patient": _words(
        "patnum lname fname middlei preferred patstatus gender position birthdate ssn address "
        "address2 city state zip hmphone wkphone wirelessphone guarantor email estbalance "
        "priprov secprov feesched billingtype chartnumber medicaidid bal_0_30 bal_31_60 "
        "bal_61_90 balover90 insest baltotal employernum datefirstvisit clinicnum "
        "preferconfirmmethod prefercontactmethod preferrecallmethod language superfamily "
        "txtmsgok datetstamp secdateentry"
    ),
    "appointment": _words(
        "aptnum patnum aptstatus pattern confirmed timelocked op note provnum provhyg "
        "aptdatetime nextaptnum unschedstatus isnewpatient procdescript clinicnum ishygiene "
        "datetstamp datetimearrived datetimeseated datetimedismissed insplan1 insplan2 "
        "datetimeaskedtoarrive coloroverride appointmenttypenum secusernumentry secdatetentry "
        "priority patternsecondary itemorderplanned"
    ),
    "procedurelog": _words(
        "procnum patnum aptnum procdate procfee surf toothnum toothrange priority procstatus "
        "provnum dx plannedaptnum placeservice prosthesis dateoriginalprosth claimnote "
        "dateentryc clinicnum codenum unitqty baseunits datetp hidegraphics proctime "
        "proctimeend prognosis islocked billingnote discount datetstamp secdateentry"
    ),
    "claimproc": _words(
        "claimprocnum procnum claimnum patnum provnum feebilled inspayest dedapplied status "
        "inspayamt writeoff writeoffest insesttotal plannum datecp procdate dateentry "
        "clinicnum secdatetedit inssubnum claimpaymentnum codesent secdateentry"
    ),
    "payment": _words(
        "paynum paytype paydate payamt checknum bankbranch paynote issplit patnum clinicnum "
        "dateentry depositnum receipt isrecurringcc secusernumentry secdatetedit "
        "paymentsource processstatus"
    ),
    "paysplit": _words(
        "splitnum splitamt patnum paynum provnum datepay procnum dateentry unearnedtype "
        "clinicnum adjnum secdatetedit"
    ),
    "adjustment": _words(
        "adjnum adjdate adjamt patnum adjtype provnum adjnote procdate procnum dateentry "
        "clinicnum secdatetedit"
    ),
    "schedule": _words(
        "schedulenum scheddate starttime stoptime schedtype provnum blockouttype note status "
        "employeenum clinicnum datetstamp"
    ),
    # Insurance (issue 15): what Open Dental keeps beside the claimprocs above.
    "carrier": _words(
        "carriernum carriername address address2 city state zip phone electid nosendelect "
        "ishidden secusernumentry secdateentry secdatetedit"
    ),
    "employer": _words("employernum empname address address2 city state zip phone"),
    "feesched": _words(
        "feeschednum description feeschedtype itemorder ishidden isglobal secusernumentry "
        "secdateentry secdatetedit"
    ),
    "fee": _words(
        "feenum amount oldcode feesched usedefaultfee usedefaultcov codenum clinicnum provnum "
        "secusernumentry secdateentry secdatetedit"
    ),
    "insplan": _words(
        "plannum groupname groupnum plannote feesched plantype claimformnum claimsuseucr "
        "copayfeesched employernum carriernum ismedical filingcode showbaseunits codesubstnone "
        "ishidden monthrenew filingcodesubtype cobrule secusernumentry secdateentry "
        "secdatetedit billingtype exclusionfeerule manualfeeschednum isbluebookenabled "
        "insplanszerowriteoffsonannualmaxoverride insplanszerowriteoffsonfreqoragingoverride"
    ),
    "benefit": _words(
        "benefitnum plannum patplannum covcatnum benefittype percent monetaryamt timeperiod "
        "quantityqualifier quantity codenum coveragelevel secdatetentry secdatetedit "
        "codegroupnum treatarea"
    ),
    "inssub": _words(
        "inssubnum plannum subscriber dateeffective dateterm releaseinfo assignben "
        "subscriberid benefitnotes subscnote secusernumentry secdateentry secdatetedit"
    ),
    "patplan": _words(
        "patplannum patnum ordinal ispending relationship patid inssubnum "
        "orthoautofeebilledoverride orthoautonextclaimdate secdatetentry secdatetedit"
    ),
    "claim": _words(
        "claimnum patnum dateservice datesent claimstatus datereceived plannum provtreat "
        "claimfee inspayest inspayamt dedapplied preauthstring isprosthesis priordate "
        "reasonunderpaid claimnote claimtype provbill referringprov refnumstring placeservice "
        "accidentrelated accidentdate accidentst employrelated isortho orthoremainm orthodate "
        "patrelat plannum2 patrelat2 writeoff radiographs clinicnum claimform inssubnum "
        "inssubnum2 priorauthorizationnumber customtracking claimidentifier orthototalm "
        "secusernumentry secdateentry secdatetedit datesentorig"
    ),
    "claimpayment": _words(
        "claimpaymentnum checkdate checkamt checknum bankbranch note clinicnum depositnum "
        "carriername dateissued ispartial paytype secusernumentry secdateentry secdatetedit "
        "paygroup"
    ),
    "insverify": _words(
        "insverifynum datelastverified usernum verifytype fkey defnum note datelastassigned "
        "datetimeentry hoursavailableforverification secdatetedit"
    ),
}
# Clinical (issue 15): allergies, medications, problems and notes (generate_clinical.py).
_PRIMARY_KEYS.update(generate_clinical.PRIMARY_KEYS)
_COLUMNS.update(generate_clinical.COLUMNS)


def _fill_columns(engine: Engine, table: str) -> tuple[tuple[str, ...], Row]:
    """Required columns added to the schema since this generator was written, with defaults.

    Lets a later migration add a NOT NULL column without breaking generation, as long as the
    model gives it a plain default.
    """
    known = set(_COLUMNS[table])
    model = OfficeBase.metadata.tables[table]
    names: list[str] = []
    values: list[Any] = []
    for column in inspect(engine).get_columns(table):
        name = str(column["name"])
        if name in known or column["nullable"] or column.get("default") is not None:
            continue
        default = model.c[name].default if name in model.c else None
        arg = getattr(default, "arg", None)
        if arg is None or callable(arg):
            raise RuntimeError(f"The generator does not know how to fill {table}.{name}.")
        names.append(name)
        values.append(arg)
    return tuple(names), tuple(values)


def office_has_patients(db: OfficeDatabase) -> bool:
    with db.session() as session:
        return session.scalars(select(Patient.PatNum).limit(1)).first() is not None


def generate_office(
    db: OfficeDatabase,
    patients: int,
    *,
    seed: int = 0,
    as_of: dt.date | None = None,
    years: int = 3,
    on_progress: Progress | None = None,
    batch_rows: int = 100_000,
) -> GenerateResult:
    """Fill an office database that has no patients yet with a practice of ``patients`` people.

    ``as_of`` is the practice's "today" (default: the real one): history runs ``years`` back
    from it and booked appointments up to four months ahead.
    """
    if patients < 1:
        raise ValueError("patients must be at least 1")
    if office_has_patients(db):
        raise Conflict(
            f"Office {db.office_id} already has patients; generate into a new office instead."
        )
    started = time.perf_counter()
    progress = on_progress or (lambda _phase, _done: None)
    with db.session() as session:
        starts = _next_ids(session)
        codes = dict(session.execute(select(ProcedureCode.ProcCode, ProcedureCode.CodeNum)).all())
        ins_defs = _first_definitions(session, (32, 40))
    fills = {t: _fill_columns(db.engine, t) for t in _COLUMNS}
    sink: _Sink
    if db.dialect == "sqlite":
        sink = _SqliteSink(str(db.engine.url.database))
    else:
        sink = _PostgresSink(db.engine)
    try:
        # fmt: off
        now = office_now(db)
        practice = _Practice(
            random.Random(seed), patients, as_of or now.date(), years, starts, sink, fills,
            batch_rows, codes,
            newest=(now - dt.timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S.000000"),
            ins_defs=ins_defs,
        )
        # fmt: on
        practice.run(lambda phase: progress(phase, practice.patients_made))
    except BaseException:
        sink.abort()
        raise
    sink.finish(lambda phase: progress(phase, practice.patients_made))
    account = add_account_data(db, practice.as_of)  # issue 15, account part
    for table, added in add_rest_data(db, practice.as_of).items():  # issue 15, the rest
        account[table] = account.get(table, 0) + added
    progress("done", practice.patients_made)
    return GenerateResult(
        patients=practice.patients_made,
        families=practice.families_made,
        counts={
            t: practice.counts.get(t, 0) + account.get(t, 0) for t in {*practice.counts, *account}
        },
        seconds=time.perf_counter() - started,
        seed=seed,
        as_of=practice.as_of,
    )


def _first_definitions(session: Session, categories: tuple[int, ...]) -> dict[int, int]:
    """The first DefNum of each category (office migration 0009 numbers them itself)."""
    rows = session.execute(
        select(Definition.Category, func.min(Definition.DefNum))
        .where(Definition.Category.in_(categories))
        .group_by(Definition.Category)
    )
    return {int(cat): int(num) for cat, num in rows}


def _next_ids(session: Session) -> dict[str, int]:
    """Ids continue after whatever the office already holds (clinics, providers...)."""
    starts = {}
    for table, pk in _PRIMARY_KEYS.items():
        sql = text(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
        starts[table] = int(session.execute(sql).scalar_one()) + 1
    return starts


@dataclass
class _Plan:
    num: int
    allowed: float  # the PPO's allowed fee as a share of the office fee
    pct: tuple[int, int, int]  # coverage % for preventive, basic, major


@dataclass
class _Pat:
    num: int
    guarantor: int
    age: int
    clinic: int
    prov: int
    hyg: int
    active_until: int  # ordinal day after which the patient has no visits
    plans: tuple[_Plan, ...]
    kid: bool
    perio: bool
    seen: bool = False
    first_visit: int = 0
    last_change: int = 0
    subs: tuple[int, ...] = ()  # the InsSubNum of each of ``plans``, in order
    relat: int = 0  # Relat to the subscriber (the guarantor): Self, Spouse or Child


@dataclass
class _ClinicInfo:
    num: int
    city: tuple[str, str, str, str]
    dentists: list[int]
    hygienists: list[int]
    dentist_ops: list[int]
    hygiene_ops: list[int]


@dataclass
class _ClaimSums:
    """What one claim adds up to, in cents, while its procedures are written."""

    prov: int = 0
    fee: int = 0
    ins: int = 0
    wo: int = 0
    paid: int = 0
    pay_num: int = 0

    def add(self, prov: int, fee: int, ins: int, wo: int) -> None:
        self.prov = self.prov or prov
        self.fee += fee
        self.ins += ins
        self.wo += wo

    def payment(self, practice: _Practice, p: _Pat, day: str) -> int:
        """The ClaimPaymentNum of the check that pays this claim (one per received claim)."""
        if not self.pay_num:
            self.pay_num = next(practice.ids["claimpayment"])
        return self.pay_num


# fmt: off
# Rows are written as flat tuples in column order, one table row per source line group.
@dataclass
class _Practice:
    rng: random.Random
    target: int
    as_of: dt.date
    years: int
    starts: dict[str, int]
    sink: _Sink
    fills: dict[str, tuple[tuple[str, ...], Row]]
    batch_rows: int
    known_codes: dict[str, int]
    patients_made: int = 0
    families_made: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    pending: int = 0
    # The latest time stamp a row may carry: just before the office's clock at the start, so
    # that a history reaching "today" never stamps a change later than now (a DateTStamp in
    # the future breaks incremental sync) and a sync started after generating sees none of it.
    newest: str = "9999-12-31 23:59:59.999999"
    # The office's clinical lists (generate_clinical.setup).
    allergy_defs: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    medications: list[tuple[int, str]] = field(default_factory=list)
    problems: list[tuple[int, bool]] = field(default_factory=list)
    # The first definition of each insurance pick list (claim payment type 32, group 40).
    ins_defs: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.today = self.as_of.toordinal()
        self.window_start = self.today - 365 * self.years
        self.horizon = self.today + 120
        self.ids = {t: itertools.count(n) for t, n in self.starts.items()}
        self.rows = {t: [] for t in _COLUMNS}
        self.counts = dict.fromkeys(_COLUMNS, 0)
        self._dates: dict[int, str] = {}
        self.occupied: dict[tuple[int, int], int] = {}
        # Insurance rows draw from a generator of their own, so that adding them left every
        # other row of a seed exactly as it was.
        self.ins_rng = random.Random(f"insurance {self.target} {self.as_of.isoformat()}")

    # -- output ---------------------------------------------------------------------------

    def d(self, ordinal: int) -> str:
        """The day as SQLAlchemy stores a Date on SQLite (and PostgreSQL's COPY accepts)."""
        s = self._dates.get(ordinal)
        if s is None:
            s = self._dates[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return s

    def stamp(self, text: str) -> str:
        """``text`` (a stored date-time), or ``newest`` if it would be later."""
        return text if text <= self.newest else self.newest

    def emit(self, table: str, row: Row) -> None:
        self.rows[table].append(row)

    def flush(self, force: bool = False) -> None:
        for table, rows in self.rows.items():
            if rows and (force or len(rows) >= self.batch_rows // 4):
                names, values = self.fills[table]
                if names:
                    rows = [r + values for r in rows]
                self.sink.write(table, _COLUMNS[table] + names, rows)
                self.counts[table] += len(rows)
                self.rows[table] = []

    # -- the practice ---------------------------------------------------------------------

    def run(self, on_phase: Callable[[str], None]) -> None:
        self._setup()
        self.flush(force=True)
        on_phase("patients")
        done_reported = 0
        while self.patients_made < self.target:
            self._family()
            if self.patients_made - done_reported >= 500:
                done_reported = self.patients_made
                on_phase("patients")
            if len(self.rows["procedurelog"]) >= self.batch_rows:
                self.flush(force=True)
        self.flush(force=True)
        on_phase("patients")

    def _setup(self) -> None:
        rng = self.rng
        n_clinics = max(2, -(-self.target // 6000))
        stamp = self.stamp(self.d(self.window_start) + " 09:00:00.000000")
        self.code_nums: list[int] = []
        for c in CODES:
            num = self.known_codes.get(c[0], 0)
            if num:
                self.code_nums.append(num)
                continue
            num = next(self.ids["procedurecode"])
            self.code_nums.append(num)
            pattern = ("/" + "X" * max(0, c[3] // 5 - 2) + "/")[:24]
            cat = PROC_CATS.get(c[4], 30)
            self.emit("procedurecode", (num, c[0], c[1], c[2], pattern, cat, c[5], stamp))
        self.plans = [
            _Plan(next(self.ids["insplan"]), rng.choice((0.72, 0.78, 0.82, 0.86, 0.9, 1.0)),
                  (rng.choice((100, 100, 100, 90, 80)), rng.choice((80, 80, 70, 60)),
                   rng.choice((50, 50, 60, 40))))
            for i in range(max(8, n_clinics * 4))
        ]
        self._insurance_setup(stamp)
        for day in range(self.window_start, self.horizon + 7):
            if (day - 1) % 7 < 5:  # the practice is open 08:00-17:00 on weekdays
                self.emit("schedule", (next(self.ids["schedule"]), self.d(day), "08:00:00.000000",
                                       "17:00:00.000000", 0, 0, 0, "", 0, 0, 0, stamp))
        self.clinics: list[_ClinicInfo] = []
        order = itertools.count(1)
        for i in range(n_clinics):
            city = _CITIES[i % len(_CITIES)]
            num = next(self.ids["clinic"])
            name = f"{city[0]} {'Family' if i % 2 == 0 else 'Smiles'} Dental"
            if i >= len(_CITIES):
                name += f" {i // len(_CITIES) + 1}"
            abbr = f"{city[0][:3].upper()}{i + 1}"
            self.emit("clinic", (num, name, abbr, f"{100 + 10 * i} {_STREETS[i % 39]} St",
                                 city[0], city[1], f"{city[2]}{10 + i % 90:02d}",
                                 f"{city[3]}555{1000 + i:04d}", 0))
            info = _ClinicInfo(num, city, [], [], [], [])
            for kind, count in (("dentist", 2), ("hygienist", 3)):
                for _ in range(count):
                    prov = next(self.ids["provider"])
                    female = rng.random() < 0.55
                    fname = rng.choice(_FEMALE if female else _MALE)
                    lname = rng.choice(_LAST)
                    abbr_p = (("DR" if kind == "dentist" else "HYG") + lname[:3].upper()
                              + str(prov))
                    born = self.d(self.today - rng.randrange(28 * 365, 65 * 365))
                    self.emit("provider", (
                        prov, abbr_p, lname, fname, "", "DDS" if kind == "dentist" else "RDH",
                        0, 0 if kind == "dentist" else 1, int(kind != "dentist"), 0,
                        f"{1000000000 + rng.randrange(10**9)}"[:10], 0, 0, born, "",
                        next(order), stamp))
                    (info.dentists if kind == "dentist" else info.hygienists).append(prov)
            for kind, count in (("dentist", 3), ("hygiene", 4)):
                for j in range(count):
                    op = next(self.ids["operatory"])
                    hyg = kind == "hygiene"
                    provs = info.hygienists if hyg else info.dentists
                    self.emit("operatory", (
                        op, f"{abbr} {'Hyg' if hyg else 'Op'} {j + 1}",
                        f"{'H' if hyg else 'D'}{i + 1}-{j + 1}", j, 0,
                        0 if hyg else info.dentists[j % 2], provs[j % len(provs)] if hyg else 0,
                        int(hyg), num, 0, int(hyg), 0, stamp))
                    (info.hygiene_ops if hyg else info.dentist_ops).append(op)
            self.clinics.append(info)
        generate_clinical.setup(self, stamp)

    # -- insurance (issue 15) -------------------------------------------------------------

    def _insurance_setup(self, stamp: str) -> None:
        """The fee schedule, carriers, employers, plans, their benefits and verifications."""
        day = stamp[:10]
        self.ins_stamp = stamp
        sched = next(self.ids["feesched"])
        self.emit("feesched", (sched, "Standard", 0, 0, 0, 1, 0, day, stamp))
        for code, num in zip(CODES, self.code_nums, strict=True):
            self.emit("fee", (next(self.ids["fee"]), code[6] / 100, "", sched, 0, 0, num, 0, 0,
                              0, day, stamp))
        carriers = []
        for name, city, state, zip_, phone, elect in _CARRIERS:
            num = next(self.ids["carrier"])
            carriers.append((num, name))
            self.emit("carrier", (num, name, f"PO Box {1000 + num}", "", city, state, zip_,
                                  phone, elect, 0, 0, 0, day, stamp))
        employers = []
        for name in _EMPLOYERS:
            num = next(self.ids["employer"])
            employers.append((num, name))
            self.emit("employer", (num, name, "", "", "", "", "", ""))
        self.carrier_names: dict[int, str] = {}
        for i, plan in enumerate(self.plans):
            carrier, carrier_name = carriers[i % len(carriers)]
            employer, employer_name = employers[i % len(employers)]
            self.carrier_names[plan.num] = carrier_name
            self.emit("insplan", (
                plan.num, employer_name, f"G{100000 + plan.num * 7919 % 900000}", "", 0,
                "p" if plan.allowed < 1.0 else "", 1, 0, 0, employer, carrier, 0, 0, 0, 0, 0,
                0, 0, 1, 0, day, stamp, 0, 0, 0, 0, 0, 0))
            for covcat, share in _COVERED:
                self.emit("benefit", (next(self.ids["benefit"]), plan.num, 0, covcat, 1,
                                      plan.pct[share], -1.0, 2, 0, 0, 0, 0, stamp, stamp, 0, 0))
            yearly_max = 1000.0 + 500 * (i % 3)
            for kind, amount in ((5, yearly_max), (2, 50.0)):  # Limitations, Deductible
                self.emit("benefit", (next(self.ids["benefit"]), plan.num, 0, 1, kind, -1,
                                      amount, 2, 0, 0, 0, 1, stamp, stamp, 0, 0))
            self.emit("insverify", (next(self.ids["insverify"]), day, 0, 2, plan.num, 0, "",
                                    None, stamp, 0.0, stamp))

    def _subscribe(self, guarantor: int, plans: tuple[_Plan, ...]) -> list[tuple[int, int]]:
        """The guarantor's subscriptions, (InsSubNum, PlanNum) in coverage order. A family
        without insurance in its history has just enrolled: covered from today on."""
        since = self.d(self.window_start)
        if not plans:
            plans = (self.plans[int(self.ins_rng.random() * len(self.plans))],)
            since = self.d(self.today)
        subs = []
        for plan in plans:
            num = next(self.ids["inssub"])
            member = f"{int(self.ins_rng.random() * 900_000_000) + 100_000_000}"
            self.emit("inssub", (num, plan.num, guarantor, since, None, 1, 1, member, "", "",
                                 0, since, self.ins_stamp))
            subs.append((num, plan.num))
        return subs

    def _cover(self, pat: int, coverage: list[tuple[int, int]], relat: int) -> None:
        for ordinal, (sub, _plan) in enumerate(coverage, start=1):
            self.emit("patplan", (next(self.ids["patplan"]), pat, ordinal, 0, relat, "", sub,
                                  -1.0, None, self.ins_stamp, self.ins_stamp))

    def _claim(self, p: _Pat, num: int, plan: _Plan, sub: int, ordinal: int,
               sums: _ClaimSums, day: int, received_on: int | None) -> None:
        """A claim of a visit's completed work to one plan, sent the next day; received (and
        paid by one check) when ``received_on`` is not None."""
        ds = self.d(day)
        sent = self.d(min(day + 1, self.today))
        rs = self.d(received_on) if received_on is not None else None
        stamp = self.stamp((rs or sent) + " 10:00:00.000000")
        other = [s for s in p.subs if s != sub][:1]
        plan2 = [q.num for q in p.plans if q.num != plan.num][:1]
        self.emit("claim", (
            num, p.num, ds, sent, "R" if rs else "S", rs, plan.num, sums.prov, sums.fee / 100,
            sums.ins / 100, sums.paid / 100 if rs else 0.0, 0.0, "", "N", None, "", "",
            "P" if ordinal == 0 else "S", sums.prov, 0, "", 0, "", None, "", 0, 0, 0, None,
            p.relat, plan2[0] if plan2 else 0, p.relat if plan2 else 0, sums.wo / 100, 0,
            p.clinic, 1, sub, other[0] if other else 0, "", 0, "", 0, 0, ds, stamp, sent))
        if rs and sums.pay_num:
            self.emit("claimpayment", (
                sums.pay_num, rs, sums.paid / 100, str(100000 + sums.pay_num), "", "", p.clinic,
                0, self.carrier_names.get(plan.num, ""), rs, 0, self.ins_defs.get(32, 0), 0, rs,
                stamp, self.ins_defs.get(40, 0)))

    def _family(self) -> None:
        rng = self.rng
        r = rng.random
        left = self.target - self.patients_made
        size = min(left, (1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 6)[int(r() * 13)])
        clinic = self.clinics[int(r() * len(self.clinics))]
        city, state, zip3, area = clinic.city
        lname = rng.choice(_LAST)
        address = f"{int(r() * 9800) + 100} {rng.choice(_STREETS)} {rng.choice(_SUFFIXES)}"
        zip_ = f"{zip3}{int(r() * 90) + 10:02d}"
        home = f"({area}){555 + int(r() * 400)}-{int(r() * 10000):04d}"
        guarantor = next(self.ids["patient"])
        g_age = 24 + int(r() * 58)
        insured = r() < 0.72
        plans: tuple[_Plan, ...] = ()
        if insured:
            plans = (self.plans[int(r() * len(self.plans))],)
            if r() < 0.12:
                plans = (*plans, self.plans[int(r() * len(self.plans))])
        family_gone = r() < 0.07
        spouse = size >= 2 and r() < (0.8 if size == 2 else 0.75)
        self.families_made += 1
        coverage = self._subscribe(guarantor, plans)
        for k in range(size):
            num = guarantor if k == 0 else next(self.ids["patient"])
            if k == 0:
                age, female, position = g_age, r() < 0.55, 1 if spouse else int(r() < 0.3) * 4
            elif k == 1 and spouse:
                age = max(19, g_age + int(r() * 11) - 5)
                female, position = r() < 0.5, 1
            else:
                age = min(int(r() * max(1, g_age - 18)), 25)
                female, position = r() < 0.5, 2
            fname = rng.choice(_FEMALE if female else _MALE)
            status = 0
            active_until = self.horizon
            if family_gone or r() < 0.04:
                status = 2 if r() < 0.8 else 3
                active_until = self.window_start + int(r() * (self.today - self.window_start))
            elif age > 75 and r() < 0.05:
                status = 4
                active_until = self.window_start + int(r() * (self.today - self.window_start))
            elif k == 0 and size > 1 and not spouse and r() < 0.25:
                status = 1  # a parent who pays for the children but is not seen here
            born = self.today - age * 365 - int(r() * 365)
            dentist = clinic.dentists[int(r() * len(clinic.dentists))]
            hyg = clinic.hygienists[int(r() * len(clinic.hygienists))]
            pat = _Pat(num, guarantor, age, clinic.num, dentist, hyg, active_until, plans,
                       age < 14, age > 40 and r() < 0.12)
            pat.relat = 0 if k == 0 else 1 if (k == 1 and spouse) else 2  # Self, Spouse, Child
            pat.subs = tuple(sub for sub, _plan in coverage) if plans else ()
            self._cover(num, coverage, pat.relat)
            pat.last_change = self.window_start
            if status != 1 and age >= 2:
                self._history(pat, clinic)
            email = f"{fname}.{lname}{num % 97}@example.com".lower().replace("'", "")
            wireless = f"({area}){555 + int(r() * 400)}-{int(r() * 10000):04d}" if age > 13 else ""
            first = self.d(pat.first_visit) if pat.seen else None
            entry = self.d(pat.first_visit - int(r() * 20)) if pat.seen else self.d(
                self.window_start + int(r() * (self.today - self.window_start)))
            self.emit("patient", (
                num, lname, fname, chr(65 + int(r() * 26)) if r() < 0.3 else "", "", status,
                int(female), position, self.d(born), "", address, "", city, state, zip_, home,
                "", wireless, guarantor, email if age > 13 else "", 0.0, dentist,
                hyg, 0, BILLING_STANDARD, "", "", 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, first,
                clinic.num,
                0, (0, 2, 4, 5, 8)[int(r() * 5)], (0, 4, 5, 8)[int(r() * 4)],
                "spa" if r() < 0.06 else "", 0, (0, 1, 2)[int(r() * 3)],
                self.stamp(self.d(pat.last_change) + " 17:30:00.000000"), entry))
            generate_clinical.patient(self, num, age, k == 0, home,
                                      self.stamp(self.d(pat.last_change) + " 17:30:00.000000"))
            self.patients_made += 1

    # -- one patient's years --------------------------------------------------------------

    def _history(self, p: _Pat, clinic: _ClinicInfo) -> None:
        r = self.rng.random
        established = r() < 0.55
        if established:
            t = self.window_start + int(r() * 182)
        else:
            t = self.window_start + int(r() * (self.today - self.window_start))
        end = min(p.active_until, self.today)
        new_patient = not established
        while t <= end:
            if r() < 0.9:
                self._recall_visit(p, clinic, t, new_patient)
                new_patient = False
            t += 161 + int(r() * 42)
        if p.active_until > self.today and t <= self.horizon and r() < 0.75:
            self._future_recall(p, clinic, t)
        for _ in range(sum(r() < 0.06 for _ in range(self.years))):
            day = self.window_start + int(r() * (end - self.window_start + 1))
            if day > self.window_start and day <= end:
                self._emergency(p, clinic, day)

    def _recall_codes(self, p: _Pat, new_patient: bool, year_xray: bool) -> list[int]:
        r = self.rng.random
        if new_patient:
            codes = ["D0150", "D0210" if not p.kid else "D0272"]
        else:
            codes = ["D0120"]
            if year_xray:
                codes.append("D0272" if p.kid else "D0274")
        codes.append("D1120" if p.kid else "D4910" if p.perio else "D1110")
        if p.kid and r() < 0.7:
            codes.append("D1206")
        return [_CODE[c] for c in codes]

    def _recall_visit(self, p: _Pat, clinic: _ClinicInfo, day: int, new_patient: bool) -> None:
        r = self.rng.random
        codes = self._recall_codes(p, new_patient, r() < 0.5)
        minutes = 60 if new_patient else 50
        booked = self._book(clinic.hygiene_ops, day, minutes // 10)
        if booked is None:
            return
        op, day, unit = booked
        if day > self.today:
            return
        if not p.seen:
            p.seen, p.first_visit = True, day
        if r() < 0.05:
            self._appointment(p, 5, op, day, unit, minutes, p.prov, p.hyg, 1, codes, new_patient)
            return
        apt = self._appointment(p, 2, op, day, unit, minutes, p.prov, p.hyg, 1, codes,
                                new_patient)
        self._complete(p, apt, day, [(c, "", "", p.hyg if CODES[c][5] else p.prov)
                                     for c in codes])
        if r() < (0.12 if p.kid else 0.34):
            self._treatment(p, clinic, day)

    def _future_recall(self, p: _Pat, clinic: _ClinicInfo, day: int) -> None:
        codes = self._recall_codes(p, not p.seen, self.rng.random() < 0.5)
        booked = self._book(clinic.hygiene_ops, max(day, self.today + 1), 5)
        if booked is None:
            return
        op, day, unit = booked
        apt = self._appointment(p, 1, op, day, unit, 50, p.prov, p.hyg, 1, codes, not p.seen)
        self._planned(p, apt, day, day, [(c, "", "", p.hyg if CODES[c][5] else p.prov)
                                          for c in codes])

    def _findings(self, p: _Pat) -> list[tuple[int, str, str, int]]:
        rng = self.rng
        r = rng.random
        out: list[tuple[int, str, str, int]] = []
        kind = r()
        if kind < 0.7 or p.kid:
            for _ in range(1 + int(r() * 2.2)):
                if r() < 0.7:
                    tooth = rng.choice(_POSTERIOR)
                    n = 1 + int(r() * 2.6)
                    surf = rng.choice((_SURF1P, _SURF2P, _SURF3P)[n - 1])
                    code = ("D2391", "D2392", "D2393")[n - 1] if r() < 0.85 else (
                        "D2140" if n == 1 else "D2150")
                else:
                    tooth = rng.choice(_ANTERIOR)
                    n = 1 + int(r() * 2)
                    surf = rng.choice((_SURF1A, _SURF2A)[n - 1])
                    code = ("D2330", "D2331")[n - 1]
                out.append((_CODE[code], tooth, surf, p.prov))
        elif kind < 0.85:
            tooth = rng.choice(_POSTERIOR)
            out.append((_CODE["D2950"], tooth, "", p.prov))
            out.append((_CODE["D2740" if r() < 0.6 else "D2750"], tooth, "", p.prov))
        elif kind < 0.91:
            tooth = rng.choice(_MOLARS)
            out.append((_CODE["D3330"], tooth, "", p.prov))
            out.append((_CODE["D2950"], tooth, "", p.prov))
        elif kind < 0.96:
            out.append((_CODE["D7140" if r() < 0.7 else "D7210"], rng.choice(_POSTERIOR), "",
                        p.prov))
        else:
            out.extend((_CODE["D4341"], "", quad, p.hyg) for quad in ("UR", "UL", "LR", "LL"))
        return out

    def _treatment(self, p: _Pat, clinic: _ClinicInfo, found: int) -> None:
        """Treatment found at an exam: planned that day, then done, broken, booked or left."""
        r = self.rng.random
        procs = self._findings(p)
        minutes = min(90, 20 + sum(CODES[c][3] for c, *_ in procs))
        fate = r()
        if fate < 0.2:
            self._planned(p, 0, found, found, procs)
            return
        day = found + 7 + int(r() * 38)
        if day > p.active_until:
            self._planned(p, 0, found, found, procs)
            return
        booked = self._book(clinic.dentist_ops, day, -(-minutes // 10))
        if booked is None:
            self._planned(p, 0, found, found, procs)
            return
        op, day, unit = booked
        codes = [c for c, *_ in procs]
        if day > self.today:
            apt = self._appointment(p, 1, op, day, unit, minutes, p.prov, 0, 0, codes, False)
            self._planned(p, apt, found, day, procs)
        elif fate < 0.26:
            self._appointment(p, 5, op, day, unit, minutes, p.prov, 0, 0, codes, False)
            self._planned(p, 0, found, found, procs)
        else:
            apt = self._appointment(p, 2, op, day, unit, minutes, p.prov, 0, 0, codes, False)
            self._complete(p, apt, day, procs)

    def _emergency(self, p: _Pat, clinic: _ClinicInfo, day: int) -> None:
        r = self.rng.random
        procs = [(_CODE["D0140"], "", "", p.prov),
                 (_CODE["D0220"], self.rng.choice(_POSTERIOR), "", p.prov)]
        if r() < 0.3:
            procs.append((_CODE["D7140"], procs[1][1], "", p.prov))
        elif r() < 0.5:
            procs.append((_CODE["D9110"], "", "", p.prov))
        booked = self._book(clinic.dentist_ops, day, 4)
        if booked is None:
            return
        op, day, unit = booked
        if day > self.today:
            return
        if not p.seen:
            p.seen, p.first_visit = True, day
        apt = self._appointment(p, 2, op, day, unit, 40, p.prov, 0, 0,
                                [c for c, *_ in procs], False)
        self._complete(p, apt, day, procs)

    # -- rows -----------------------------------------------------------------------------

    def _book(self, ops: list[int], day: int, units: int) -> tuple[int, int, int] | None:
        """A free run of ``units`` ten-minute slots: no two appointments overlap in an op."""
        r = self.rng.random
        occupied = self.occupied
        need = (1 << units) - 1
        last = _UNITS_PER_DAY - units
        for _ in range(15):
            weekday = (day - 1) % 7
            if weekday >= 5:
                day += 7 - weekday
            first = int(r() * len(ops))
            for i in range(len(ops)):
                op = ops[(first + i) % len(ops)]
                key = (op, day)
                busy = occupied.get(key, 0)
                start = int(r() * (last + 1))
                for s in itertools.chain(range(start, last + 1), range(start)):
                    if not busy & (need << s):
                        occupied[key] = busy | (need << s)
                        return op, day, s
            day += 1
        return None

    def _appointment(
        self, p: _Pat, status: int, op: int, day: int, unit: int, minutes: int, prov: int,
        hyg: int, is_hyg: int, codes: list[int], new_patient: bool,
    ) -> int:
        apt = next(self.ids["appointment"])
        ds = self.d(day)
        when = ds + _TIMES[unit]
        done = status == 2
        booked = self.d(min(day, self.today) - 1 - int(self.rng.random() * 40))
        stamp = self.stamp(
            (ds + _TIMES[unit + minutes // 10]) if done else booked + " 11:00:00.000000"
        )
        pattern = "/" + "X" * (minutes // 5 - 2) + "/"
        if done:
            confirmed = CONFIRM_CONFIRMED
        else:
            confirmed = (CONFIRM_NOT_CALLED, CONFIRM_UNCONFIRMED, CONFIRM_CONFIRMED,
                         CONFIRM_LEFT_MSG)[int(self.rng.random() * 4)]
        descript = ", ".join(CODES[c][2] for c in codes)
        self.emit("appointment", (
            apt, p.num, status, pattern, confirmed, 0, op, "", prov, hyg, when, 0, 0,
            int(new_patient),
            descript, p.clinic, is_hyg, stamp,
            ds + _TIMES[max(0, unit - 1)] if done else None, when if done else None,
            ds + _TIMES[unit + minutes // 10] if done else None,
            p.plans[0].num if p.plans else 0, p.plans[1].num if len(p.plans) > 1 else 0,
            None, "", 0, 0, self.stamp(booked + " 11:00:00.000000"), 0, "", 0))
        p.last_change = max(p.last_change, min(day, self.today))
        return apt

    def _estimate(self, p: _Pat, code: int) -> tuple[int, list[tuple[int, int]]]:
        """Office fee and, per plan, (insurance estimate, write-off) in cents."""
        fee = CODES[code][6]
        shares: list[tuple[int, int]] = []
        left = fee
        for i, plan in enumerate(p.plans):
            allowed = round(fee * plan.allowed)
            pct = plan.pct[CODES[code][7]]
            ins = min(left - (fee - allowed if i == 0 else 0), round(allowed * pct / 100))
            wo = fee - allowed if i == 0 else 0
            shares.append((max(0, ins), wo))
            left -= max(0, ins) + wo
        return fee, shares

    def _planned(
        self, p: _Pat, apt: int, date_tp: int, day: int, procs: list[tuple[int, str, str, int]]
    ) -> None:
        """Treatment-planned procedures, each with an insurance Estimate per plan."""
        tp = self.d(date_tp)
        ds = self.d(day)
        stamp = self.stamp(tp + " 16:00:00.000000")
        for code, tooth, surf, prov in procs:
            num = next(self.ids["procedurelog"])
            fee, shares = self._estimate(p, code)
            self.emit("procedurelog", (
                num, p.num, apt, ds, fee / 100, surf, tooth, "", 0, 1, prov, 0, 0, 0, "",
                None, "", None, p.clinic, self.code_nums[code], 1, 0, tp, 0, "", "", 0, 0,
                "", 0.0, stamp, stamp))
            for plan, sub, (ins, wo) in zip(p.plans, p.subs, shares, strict=True):
                self.emit("claimproc", (
                    next(self.ids["claimproc"]), num, 0, p.num, prov, 0.0, ins / 100, 0.0, 6,
                    0.0, 0.0, wo / 100, ins / 100, plan.num, None, ds, tp, p.clinic, stamp,
                    sub, 0, CODES[code][0], tp))

    def _complete(
        self, p: _Pat, apt: int, day: int, procs: list[tuple[int, str, str, int]]
    ) -> None:
        """Completed work: the procedures, their claim, and what the family paid and when."""
        r = self.rng.random
        ds = self.d(day)
        stamp = self.stamp(ds + " 17:00:00.000000")
        owed: list[tuple[int, int, int]] = []  # (ProcNum, ProvNum, patient portion in cents)
        claims = [next(self.ids["claim"]) for _plan in p.plans]  # one claim per plan
        billed = [_ClaimSums() for _plan in p.plans]
        lag = 12 + int(r() * 40)
        received_on = day + lag
        received = received_on <= self.today
        for code, tooth, surf, prov in procs:
            num = next(self.ids["procedurelog"])
            fee, shares = self._estimate(p, code)
            self.emit("procedurelog", (
                num, p.num, apt, ds, fee / 100, surf, tooth, "", 0, 2, prov, 0, 0, 0, "",
                None, "", ds, p.clinic, self.code_nums[code], 1, 0, ds, 0, "", "", 0, 0, "",
                0.0, stamp, stamp))
            portion = fee
            for i, (plan, (ins, wo)) in enumerate(zip(p.plans, shares, strict=True)):
                portion -= ins + wo
                claim, sums, sub = claims[i], billed[i], p.subs[i]
                sums.add(prov, fee, ins, wo)
                if received:
                    paid = ins if r() < 0.95 else round(ins * 0.8)
                    sums.paid += paid
                    rs = self.d(received_on)
                    self.emit("claimproc", (
                        next(self.ids["claimproc"]), num, claim, p.num, prov, fee / 100,
                        ins / 100, 0.0, 1, paid / 100, wo / 100, wo / 100, ins / 100, plan.num,
                        rs, ds, ds, p.clinic, self.stamp(rs + " 10:00:00.000000"), sub,
                        sums.payment(self, p, rs), CODES[code][0], ds))
                else:
                    self.emit("claimproc", (
                        next(self.ids["claimproc"]), num, claim, p.num, prov, fee / 100,
                        ins / 100, 0.0, 0, 0.0, wo / 100, wo / 100, ins / 100, plan.num, ds, ds,
                        ds, p.clinic, stamp, sub, 0, CODES[code][0], ds))
            if portion > 0:
                owed.append((num, prov, portion))
        for i, (plan, sums) in enumerate(zip(p.plans, billed, strict=True)):
            self._claim(p, claims[i], plan, p.subs[i], i, sums, day,
                        received_on if received else None)
        p.last_change = max(p.last_change, min(received_on, self.today))
        if owed:
            self._pay(p, day, owed)

    def _pay(self, p: _Pat, day: int, owed: list[tuple[int, int, int]]) -> None:
        r = self.rng.random
        total = sum(c for *_, c in owed)
        if not p.plans and r() < 0.25:
            discount = round(total * 0.05)
            if discount > 0:
                self._adjust(p, day, -discount, ADJ_CASH_DISCOUNT, "Cash discount 5%", owed[0][1])
                num, prov, cents = owed[0]
                owed[0] = (num, prov, max(0, cents - discount))
                total -= discount
        fate = r()
        if fate < 0.78:
            self._payment(p, day, owed, total)
        elif fate < 0.88:
            later = day + 10 + int(r() * 65)
            if later <= self.today:
                self._payment(p, later, owed, total)
        elif fate < 0.95:
            self._payment(p, day, owed, round(total * 0.5))
        elif day + 60 <= self.today and r() < 0.5:
            charge = max(100, round(total * 0.015))
            self._adjust(p, day + 60, charge, ADJ_FINANCE_CHARGE, "Finance charge",
                         owed[0][1])

    def _adjust(self, p: _Pat, day: int, cents: int, kind: int, note: str, prov: int) -> None:
        ds = self.d(day)
        self.emit("adjustment", (
            next(self.ids["adjustment"]), ds, cents / 100, p.num, kind, prov, note, ds, 0, ds,
            p.clinic, self.stamp(ds + " 12:00:00.000000")))

    def _payment(self, p: _Pat, day: int, owed: list[tuple[int, int, int]], amount: int) -> None:
        """One payment by the guarantor, split onto the procedures oldest first."""
        if amount <= 0:
            return
        r = self.rng.random
        num = next(self.ids["payment"])
        ds = self.d(day)
        stamp = self.stamp(ds + " 15:00:00.000000")
        pay_type = _PAY_MIX[int(r() * len(_PAY_MIX))]
        left = amount
        splits = 0
        for proc, prov, cents in owed:
            part = min(cents, left)
            if part <= 0:
                break
            self.emit("paysplit", (
                next(self.ids["paysplit"]), part / 100, p.num, num, prov, ds, proc, ds, 0,
                p.clinic, 0, stamp))
            left -= part
            splits += 1
        self.emit("payment", (
            num, pay_type, ds, amount / 100,
            str(1000 + int(r() * 9000)) if pay_type == PAY_CHECK else "",
            "", "", int(splits > 1), p.guarantor, p.clinic, ds, 0, "", 0, 0, stamp, 0, 0))
