"""A strict typed Open Dental client (``od_client``) reads every list and single-record route
of the demo office; one field of the wrong type or format anywhere fails the suite."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from pydantic import ValidationError

from tests.wire.od_client import ROUTES, ProcedureLog, StrictClient
from tests.wire.od_client_account import ACCOUNT_ROUTES
from tests.wire.od_client_events import EVENTS_ROUTES
from tests.wire.od_client_rest import FILE_ROUTES, REST_ROUTES
from tests.wire.test_golden_examples import served_routes

MAX_PAGES = 1_000  # every row of every list (the demo's longest runs to a few thousand)


def test_the_strict_client_has_a_model_for_every_get_route_dentin_serves() -> None:
    gets = {
        r.split(" ", 1)[1] for r in served_routes() if r.startswith("GET ") and r not in FILE_ROUTES
    }
    # account part: test_strict_client_account; API Events: _events; the rest: _rest
    assert gets == set(ROUTES) | set(ACCOUNT_ROUTES) | set(EVENTS_ROUTES) | set(REST_ROUTES)


async def test_a_strict_client_reads_every_list_and_record_of_the_demo_office(
    demo: httpx.AsyncClient,
) -> None:
    client = StrictClient(demo)
    today = dt.date.today()
    listed_rows: dict[str, list[object]] = {}
    for path, (_model, listed) in ROUTES.items():
        if not listed:
            continue
        params: dict[str, object] = {}
        if path == "/appointments/Slots":
            params = {"dateStart": str(today), "dateEnd": str(today + dt.timedelta(days=14))}
        rows = []
        for page in range(MAX_PAGES):
            got = await client.list(path, **params, Offset=page * 100)
            rows += got
            if len(got) < 100 or path == "/appointments/Slots":
                break
        assert rows, f"{path} answered no rows: the strict client checked nothing"
        listed_rows[path] = list(rows)
    assert await client.list("/providers", ClinicNum=1)
    for template, (_model, listed) in ROUTES.items():
        if listed:
            continue
        collection, key = template.rstrip("}").split("/{", 1)
        rows = listed_rows["/patients/Simple" if collection == "/patients" else collection]
        nums = [int(getattr(row, key)) for row in rows]
        for num in dict.fromkeys([*nums[:5], nums[-1]]):
            await client.one(template, num)


def test_the_strict_client_refuses_an_enum_sent_as_a_number() -> None:
    row = {
        "ProcNum": 1, "PatNum": 1, "AptNum": 0, "ProcDate": "2022-05-05", "ProcFee": "130.00",
        "Surf": "", "ToothNum": "", "ToothRange": "", "Priority": 0, "priority": "",
        "ProcStatus": "C", "ProvNum": 1, "provAbbr": "DOC1", "Dx": 0, "dxName": "",
        "PlannedAptNum": 0, "PlaceService": "Office", "Prosthesis": "",
        "DateOriginalProsth": "0001-01-01", "ClaimNote": "", "DateEntryC": "2022-04-17",
        "ClinicNum": 0, "CodeNum": 2, "procCode": "D0120", "descript": "exam", "UnitQty": 1,
        "BaseUnits": 0, "DateTP": "2022-04-17", "SiteNum": 0, "HideGraphics": "false",
        "CanadianTypeCodes": "", "ProcTime": "00:00:00", "ProcTimeEnd": "00:00:00",
        "DateTStamp": "2022-05-05 07:00:34", "Prognosis": 0, "IsLocked": "false",
        "BillingNote": "", "Discount": 0.0, "IsDateProsthEst": "false",
        "SecDateEntry": "2022-04-17 09:38:21", "serverDateTime": "2025-06-17 09:00:34",
    }  # fmt: skip
    ProcedureLog.model_validate(row)
    with pytest.raises(ValidationError, match="PlaceService"):
        ProcedureLog.model_validate({**row, "PlaceService": 0})
    with pytest.raises(ValidationError, match="ProcFee"):
        ProcedureLog.model_validate({**row, "ProcFee": 130.0})
    with pytest.raises(ValidationError, match="extra_field"):
        ProcedureLog.model_validate({**row, "extra_field": 1})
