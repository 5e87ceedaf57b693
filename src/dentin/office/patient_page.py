"""``/patients/Simple``'s rows as SQLite spells them (office/sqlite_wire.py says why): the
fields of ``serialize.patients`` with ``serverDateTime`` first, in the same order, from a
page statement of ``serialize.columns(Patient)``.

The display names come from the tables themselves (by primary key, a lookup per row) rather
than from the process's cached copy, which is at most a poll behind them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Text,
    bindparam,
    cast,
    func,
    inspect,
    literal_column,
    select,
)

from dentin.office import enums
from dentin.office.models import Clinic, Definition, Patient, Provider
from dentin.office.sqlite_wire import Wire, constant, day, enum_text, moment, money, page, plain


def _abbr(num: ColumnElement[Any], key: Any, abbr: Any) -> Wire:
    """``look.prov_abbr.get(num, "") if num else ""``."""
    found = select(abbr).where(key == num).scalar_subquery()
    none: ColumnElement[str] = literal_column("''")
    return Wire(
        func.iif(num.is_(None) | (num == literal_column("0")), none, func.coalesce(found, none))
    )


def simple_page(statement: Select[Any]) -> Select[Any]:
    """The page of ``statement`` (``serialize.columns(Patient)`` in PatNum order, paged by
    ``page_limit``) as one JSON text; the bind ``server`` is ``serverDateTime``."""
    c = {attr.key: attr.columns[0] for attr in inspect(Patient).column_attrs}
    folder = func.replace(
        c["LName"] + c["FName"] + cast(c["PatNum"], Text),
        literal_column("' '"),
        literal_column("''"),
    )
    billing = select(Definition.ItemName).where(Definition.DefNum == c["BillingType"])
    fields: list[tuple[str, Wire]] = [
        ("serverDateTime", plain(bindparam("server", type_=String))),
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
        ("priProvAbbr", _abbr(c["PriProv"], Provider.ProvNum, Provider.Abbr)),
        ("SecProv", plain(c["SecProv"])),
        ("secProvAbbr", _abbr(c["SecProv"], Provider.ProvNum, Provider.Abbr)),
        ("FeeSched", plain(c["FeeSched"])),
        ("BillingType", Wire(func.coalesce(billing.scalar_subquery(), literal_column("''")))),
        ("ImageFolder", Wire(folder, needs_value=True)),  # NULL names: Python's "None"
        ("FamFinUrgNote", constant("")),
        ("ChartNumber", plain(c["ChartNumber"])),
        ("MedicaidID", plain(c["MedicaidID"])),
        ("BalTotal", money(c["BalTotal"])),
        ("EmployerNum", plain(c["EmployerNum"])),
        ("DateFirstVisit", day(c["DateFirstVisit"])),
        ("ClinicNum", plain(c["ClinicNum"])),
        ("clinicAbbr", _abbr(c["ClinicNum"], Clinic.ClinicNum, Clinic.Abbr)),
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
    return page(fields, statement)
