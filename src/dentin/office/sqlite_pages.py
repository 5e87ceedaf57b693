"""Pages that SQLite writes whole (office/sqlite_wire.py says why): the fields of
``serialize.patients`` and ``serialize.appointments`` in the same order, from statements of
``serialize.columns(...)``.

The display names come from the tables themselves (joined by primary key) rather than from
the process's cached copy, which is at most a poll behind them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, String, Text, bindparam, cast, func, inspect
from sqlalchemy import literal_column as sql

from dentin.office import enums
from dentin.office.models import Appointment, Clinic, Definition, Patient, Provider
from dentin.office.sqlite_wire import (
    Wire,
    constant,
    day,
    enum_text,
    moment,
    money,
    name_of,
    od_bool,
    page,
    plain,
    text_or,
)

_DEF = (Definition.DefNum, Definition.ItemName)
_SERVER: tuple[str, Wire] = ("serverDateTime", plain(bindparam("server", type_=String)))


def _columns(model: type[Any]) -> dict[str, ColumnElement[Any]]:
    return {attr.key: attr.columns[0] for attr in inspect(model).column_attrs}


def _patient_fields() -> list[tuple[str, Wire]]:
    c = _columns(Patient)
    folder = func.replace(c["LName"] + c["FName"] + cast(c["PatNum"], Text), sql("' '"), sql("''"))
    return [
        *((name, plain(c[name])) for name in ("PatNum", "LName", "FName", "MiddleI")),
        ("Preferred", plain(c["Preferred"])),
        ("PatStatus", enum_text(c["PatStatus"], enums.PAT_STATUS)),
        ("Gender", enum_text(c["Gender"], enums.GENDER)),
        ("Position", enum_text(c["Position"], enums.POSITION)),
        ("Birthdate", day(c["Birthdate"])),
        *((name, plain(c[name])) for name in ("SSN", "Address", "Address2", "City", "State")),
        *((name, plain(c[name])) for name in ("Zip", "HmPhone", "WkPhone", "WirelessPhone")),
        ("Guarantor", plain(c["Guarantor"])),
        ("Email", plain(c["Email"])),
        ("EstBalance", money(c["EstBalance"])),
        ("PriProv", plain(c["PriProv"])),
        ("priProvAbbr", name_of(c["PriProv"], Provider.ProvNum, Provider.Abbr)),
        ("SecProv", plain(c["SecProv"])),
        ("secProvAbbr", name_of(c["SecProv"], Provider.ProvNum, Provider.Abbr)),
        ("FeeSched", plain(c["FeeSched"])),
        ("BillingType", name_of(c["BillingType"], *_DEF, zero_is_none=False)),
        ("ImageFolder", Wire(folder, needs_value=True)),  # NULL names: Python's "None"
        ("FamFinUrgNote", constant("")),
        ("ChartNumber", plain(c["ChartNumber"])),
        ("MedicaidID", plain(c["MedicaidID"])),
        ("BalTotal", money(c["BalTotal"])),
        ("EmployerNum", plain(c["EmployerNum"])),
        ("DateFirstVisit", day(c["DateFirstVisit"])),
        ("ClinicNum", plain(c["ClinicNum"])),
        ("clinicAbbr", name_of(c["ClinicNum"], Clinic.ClinicNum, Clinic.Abbr)),
        ("Premed", constant("false")),
        ("Ward", constant("")),
        ("PreferConfirmMethod", enum_text(c["PreferConfirmMethod"], enums.CONTACT_METHOD)),
        ("PreferContactMethod", enum_text(c["PreferContactMethod"], enums.CONTACT_METHOD)),
        ("PreferRecallMethod", enum_text(c["PreferRecallMethod"], enums.CONTACT_METHOD)),
        ("Language", plain(c["Language"])),
        ("AdmitDate", constant("0001-01-01")),
        ("siteDesc", constant("")),
        ("DateTStamp", moment(c["DateTStamp"])),
        ("SuperFamily", plain(c["SuperFamily"])),
        ("TxtMsgOk", enum_text(c["TxtMsgOk"], enums.YES_NO_UNKNOWN)),
        ("SecDateEntry", day(c["SecDateEntry"])),
    ]


def simple_page(statement: Select[Any]) -> Select[Any]:
    """``/patients/Simple``: the page of ``statement`` (paged by ``page_limit``) with the bind
    ``server`` as each row's ``serverDateTime``."""
    return page([_SERVER, *_patient_fields()], statement)


def patient_page(statement: Select[Any]) -> Select[Any]:
    """``GET /patients/{PatNum}``: the first row of ``statement``, without ``serverDateTime``."""
    return page(_patient_fields(), statement, limit=1)


def appointment_page(statement: Select[Any]) -> Select[Any]:
    """``GET /appointments``: the page of ``statement`` with ``server`` as ``serverDateTime``."""
    c = _columns(Appointment)
    prov = name_of(c["ProvNum"], Provider.ProvNum, Provider.Abbr)
    plain_names = ("Op", "Note", "ProvNum")
    return page(
        [
            _SERVER,
            ("AptNum", plain(c["AptNum"])),
            ("PatNum", plain(c["PatNum"])),
            ("AptStatus", enum_text(c["AptStatus"], enums.APT_STATUS)),
            ("Pattern", plain(c["Pattern"])),
            ("Confirmed", plain(c["Confirmed"])),
            ("confirmed", name_of(c["Confirmed"], *_DEF, zero_is_none=False)),
            ("TimeLocked", od_bool(c["TimeLocked"])),
            *((name, plain(c[name])) for name in plain_names),
            ("provAbbr", prov),
            ("ProvHyg", plain(c["ProvHyg"])),
            ("AptDateTime", moment(c["AptDateTime"])),
            ("NextAptNum", plain(c["NextAptNum"])),
            ("UnschedStatus", plain(c["UnschedStatus"])),
            ("unschedStatus", name_of(c["UnschedStatus"], *_DEF, zero_is_none=False)),
            ("IsNewPatient", od_bool(c["IsNewPatient"])),
            ("ProcDescript", plain(c["ProcDescript"])),
            ("ClinicNum", plain(c["ClinicNum"])),
            ("IsHygiene", od_bool(c["IsHygiene"])),
            ("DateTStamp", moment(c["DateTStamp"])),
            ("DateTimeArrived", moment(c["DateTimeArrived"])),
            ("DateTimeSeated", moment(c["DateTimeSeated"])),
            ("DateTimeDismissed", moment(c["DateTimeDismissed"])),
            ("InsPlan1", plain(c["InsPlan1"])),
            ("InsPlan2", plain(c["InsPlan2"])),
            ("DateTimeAskedToArrive", moment(c["DateTimeAskedToArrive"])),
            ("colorOverride", text_or(c["ColorOverride"], "0,0,0")),
            ("AppointmentTypeNum", plain(c["AppointmentTypeNum"])),
            ("SecUserNumEntry", plain(c["SecUserNumEntry"])),
            ("SecDateTEntry", moment(c["SecDateTEntry"])),
            ("Priority", enum_text(c["Priority"], enums.APT_PRIORITY)),
            ("PatternSecondary", plain(c["PatternSecondary"])),
            ("ItemOrderPlanned", plain(c["ItemOrderPlanned"])),
        ],
        statement,
    )
