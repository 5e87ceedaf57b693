"""Preferences every Open Dental office has, so a new office answers like a real one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dentin.office.clock import DEFAULT_ZONE, ZONE_PREFERENCE
from dentin.office.models import Preference
from dentin.office.registry import OfficeDatabase
from dentin.wire import utcnow

PROGRAM_VERSION = "24.3.36.0"


def default_preferences(today: dt.date) -> dict[str, str]:
    return {
        "ProgramVersion": PROGRAM_VERSION,
        "DataBaseVersion": PROGRAM_VERSION,
        "PracticeTitle": "Demo Dental",
        "PracticePhone": "5035550100",
        "PracticeAddress": "100 Main St",
        "PracticeCity": "Salem",
        "PracticeST": "OR",
        "PracticeZip": "97301",
        "PracticeDefaultProv": "1",
        "DateLastAging": today.isoformat(),
        "AgingServiceTimeDue": "0001-01-01 02:00:00",
        "AgingCalculatedMonthlyInsteadOfDaily": "0",
        "AgingIsEnterprise": "0",
        "RecallDaysPast": "1095",
        "RecallDaysFuture": "7",
        "EasyNoClinics": "0",
        "TimeCardOvertimeFirstDayOfWeek": "0",
        "ApptBubbleDelay": "1",
        "PayPlansVersion": "2",
        "BillingDefaultsIntro": "",
        # Insurance History categories (ProcedureLogs GET/POST InsuranceHistory).
        "InsHistBWCodes": "D0272,D0274",
        "InsHistPanoCodes": "D0330",
        "InsHistExamCodes": "D0120,D0150",
        "InsHistProphyCodes": "D1110,D1120",
        "InsHistPerioURCodes": "D4341,D4342",
        "InsHistPerioULCodes": "D4341,D4342",
        "InsHistPerioLRCodes": "D4341,D4342",
        "InsHistPerioLLCodes": "D4341,D4342",
        "InsHistPerioMaintCodes": "D4910",
        "InsHistDebridementCodes": "D4355",
        # Not an Open Dental preference: the zone of the office's clock (office/clock.py).
        # UTC for an office that had none, the clock its stored stamps were written with.
        ZONE_PREFERENCE: DEFAULT_ZONE,
    }


def ensure_preferences(db: OfficeDatabase, title: str | None = None) -> int:
    """Add whichever defaults are missing; never overwrite what the office changed."""
    prefs = default_preferences(utcnow().date())
    if title:
        prefs["PracticeTitle"] = title
    with db.transaction() as session:
        existing = set(session.scalars(select(Preference.PrefName)))
        added = 0
        for name, value in prefs.items():
            if name not in existing:
                session.add(Preference(PrefName=name, ValueString=value))
                added += 1
    return added
