"""dentin's answers, field by field, against Open Dental's own examples (``od_examples/``).

For every example object on Open Dental's page of every resource dentin serves, dentin's
answer to the same request has the same field names (same case, same order where the page's
order is stable) and each field the same JSON type and format; fields beyond Open Dental's are
only those in ``extras.py``, each with its reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from dentin.office.enums import FIELD_ENUMS
from dentin.office.routes import office_routers
from tests.wire import corpus
from tests.wire.calls_account import ACCOUNT_CALLS
from tests.wire.calls_events import EVENTS_CALLS
from tests.wire.calls_insurance import INSURANCE_CALLS
from tests.wire.calls_rest import REST_CALLS
from tests.wire.conftest import Office
from tests.wire.extras import EXTRA_FIELDS, EXTRA_ROUTES, extra_fields

API = "/api/v1"
Call = Callable[[httpx.AsyncClient, dict[str, Any]], Awaitable[httpx.Response]]


async def _first(c: httpx.AsyncClient, path: str, key: str) -> int:
    r = await c.get(f"{API}{path}", params={"Limit": 1})
    assert r.status_code == 200 and r.json(), (path, r.text)
    return int(r.json()[0][key])


def _get_list(path: str, **params: object) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.get(f"{API}{path}", params=params)

    return call


def _get_one(path: str, listed: str, key: str) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.get(f"{API}{path}/{await _first(c, listed, key)}")

    return call


async def _appointment(c: httpx.AsyncClient, ctx: dict[str, Any]) -> int:
    if "AptNum" not in ctx:
        op = await _first(c, "/operatories", "OperatoryNum")
        r = await c.post(
            f"{API}/appointments",
            json={"PatNum": 1, "Op": op, "AptDateTime": "2031-07-31 09:00:00"},
        )
        assert r.status_code == 201, r.text
        ctx["AptNum"] = r.json()["AptNum"]
    return int(ctx["AptNum"])


async def _post_appointment(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    op = await _first(c, "/operatories", "OperatoryNum")
    body = {
        "PatNum": 2,
        "Op": op,
        "AptDateTime": "2031-07-30 09:00:00",
        "colorOverride": "100,0,255",
    }
    return await c.post(f"{API}/appointments", json=body)


def _put_appointment(suffix: str, body: dict[str, Any]) -> Call:
    async def call(c: httpx.AsyncClient, ctx: dict[str, Any]) -> httpx.Response:
        return await c.put(f"{API}/appointments/{await _appointment(c, ctx)}{suffix}", json=body)

    return call


async def _slots(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    today = dt.date.today()
    start, end = today + dt.timedelta(days=1), today + dt.timedelta(days=14)
    return await c.get(
        f"{API}/appointments/Slots",
        params={"dateStart": start.isoformat(), "dateEnd": end.isoformat()},
    )


async def _put_patient(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    num = await _first(c, "/patients/Simple", "PatNum")
    body = {"Preferred": "Jo", "PreferContactMethod": "WirelessPh", "DateFirstVisit": "2023-04-25"}
    return await c.put(f"{API}/patients/{num}", json=body)


def _post(path: str, body: dict[str, Any]) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.post(f"{API}{path}", json=body)

    return call


async def _short_query(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    sql = (
        "SELECT ScheduleNum AS PayPeriodNum, SchedDate AS DateStart, SchedDate AS DateStop, "
        "SchedDate AS DatePaycheck FROM schedule ORDER BY ScheduleNum"
    )
    return await c.put(f"{API}/queries/ShortQuery", json={"SqlCommand": sql})


def _delete_new(path: str, body: dict[str, Any], key: str) -> Call:
    """Add a record through the API, then delete it (so no example's record is lost)."""

    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        r = await c.post(f"{API}{path}", json=body)
        assert r.status_code == 201, r.text
        return await c.delete(f"{API}{path}/{r.json()[key]}")

    return call


def _put(path: str, body: dict[str, Any]) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.put(f"{API}{path}", json=body)

    return call


def _put_first(path: str, key: str, body: dict[str, Any]) -> Call:
    async def call(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
        return await c.put(f"{API}{path}/{await _first(c, path, key)}", json=body)

    return call


async def _post_patfield(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    """A field of its own, so that no generated patient already has it."""
    r = await c.post(f"{API}/patfielddefs", json={"FieldName": "Golden Check", "FieldType": "Text"})
    assert r.status_code == 201, r.text
    body = {"PatNum": 10, "FieldName": "Golden Check", "FieldValue": "Yes"}
    return await c.post(f"{API}/patfields", json=body)


async def _delete_patfield(c: httpx.AsyncClient, _ctx: dict[str, Any]) -> httpx.Response:
    body = {"PatNum": 11, "FieldName": "Deposit", "FieldValue": "25.00"}
    r = await c.put(f"{API}/patfields", json=body)
    assert r.status_code == 200, r.text
    return await c.delete(f"{API}/patfields/{r.json()['PatFieldNum']}")


# How to ask dentin each request an example answers, in an order where each has what it needs
# (the appointment verbs run on one appointment, Break last).
CALLS: dict[str, Call] = {
    "GET /patients/{PatNum}": _get_one("/patients", "/patients/Simple", "PatNum"),
    "GET /patients/Simple": _get_list("/patients/Simple"),
    "GET /patients": _get_list("/patients"),
    # Open Dental's own example request, whole.
    "POST /patients": _post(
        "/patients",
        {
            "LName": "Smith",
            "FName": "Jane",
            "Gender": "Female",
            "Position": "Single",
            "Birthdate": "1976-05-24",
            "Address": "125 Satin Heights",
            "City": "San Jose",
            "State": "CA",
            "Zip": "97301",
            "HmPhone": "(536)624-5871",
            "WkPhone": "(536)987-4822",
            "WirelessPhone": "",
            "Email": "smithfam@yahoo.com",
            "PreferConfirmMethod": "HmPhone",
            "Language": "spa",
            "TxtMsgOk": "Yes",
        },
    ),
    "PUT /patients/{PatNum}": _put_patient,
    "GET /appointments/{AptNum}": _get_one("/appointments", "/appointments", "AptNum"),
    "GET /appointments": _get_list("/appointments"),
    "GET /appointments/Slots": _slots,
    "POST /appointments": _post_appointment,
    "PUT /appointments/{AptNum}": _put_appointment("", {"Note": "Note on appointment."}),
    "PUT /appointments/{AptNum}/Note": _put_appointment("/Note", {"Note": "Requests reschedule"}),
    "PUT /appointments/{AptNum}/Confirm": _put_appointment("/Confirm", {"confirmVal": "Confirmed"}),
    "PUT /appointments/{AptNum}/Break": _put_appointment(
        "/Break", {"sendToUnscheduledList": "true"}
    ),
    "GET /providers/{ProvNum}": _get_one("/providers", "/providers", "ProvNum"),
    "GET /providers": _get_list("/providers"),
    "GET /providers?ClinicNum={ClinicNum}": _get_list("/providers", ClinicNum=1),
    "GET /operatories/{OperatoryNum}": _get_one("/operatories", "/operatories", "OperatoryNum"),
    "GET /operatories": _get_list("/operatories"),
    "GET /clinics": _get_list("/clinics"),
    "GET /clinics/{ClinicNum}": _get_one("/clinics", "/clinics", "ClinicNum"),
    "GET /commlogs/{CommlogNum}": _get_one("/commlogs", "/commlogs", "CommlogNum"),
    "GET /commlogs": _get_list("/commlogs"),
    "POST /commlogs": _post(
        "/commlogs",
        {
            "PatNum": 1,
            "commType": "Appt Related",
            "CommDateTime": "2025-01-21 11:15:00",
            "Mode_": "Text",
            "SentOrReceived": "Received",
            "Note": "Appointment confirmed for 9:15am.",
        },
    ),
    "GET /procedurelogs/{ProcNum}": _get_one("/procedurelogs", "/procedurelogs", "ProcNum"),
    "GET /procedurelogs": _get_list("/procedurelogs"),
    "POST /procedurelogs": _post(
        "/procedurelogs",
        {
            "PatNum": 1,
            "ProcDate": "2030-04-25",
            "ProcStatus": "TP",
            "procCode": "D0120",
            "PlaceService": "Office",
        },
    ),
    "GET /payments": _get_list("/payments"),
    "GET /payments/{PayNum}": _get_one("/payments", "/payments", "PayNum"),
    "POST /payments": _post("/payments", {"PayAmt": "129.99", "PatNum": 1}),
    "GET /userods": _get_list("/userods"),
    "GET /preferences": _get_list("/preferences"),
    "GET /reports/Aging": _get_list("/reports/Aging"),
    "PUT /queries/ShortQuery": _short_query,
    # Clinical (issue 15, clinical part): Open Dental's own example requests where it gives them.
    "GET /allergies/{AllergyNum}": _get_one("/allergies", "/allergies", "AllergyNum"),
    "GET /allergies": _get_list("/allergies"),
    "POST /allergies": _post(
        "/allergies",
        {
            "PatNum": 1,
            "defDescription": "Penicillin",
            "Reaction": "Hives",
            "DateAdverseReaction": "2019-09-23",
        },
    ),
    "DELETE /allergies/{AllergyNum}": _delete_new(
        "/allergies", {"PatNum": 1, "defDescription": "Latex"}, "AllergyNum"
    ),
    "GET /allergydefs": _get_list("/allergydefs"),
    "GET /medications/{MedicationNum}": _get_one("/medications", "/medications", "MedicationNum"),
    "GET /medications": _get_list("/medications"),
    "POST /medications": _post(
        "/medications", {"MedName": "Glucophage XR", "genericName": "Metformin"}
    ),
    "GET /medicationpats": _get_list("/medicationpats"),
    "DELETE /medicationpats/{MedicationPatNum}": _delete_new(
        "/medicationpats", {"PatNum": 1, "medName": "Metformin"}, "MedicationPatNum"
    ),
    "GET /diseases/{DiseaseNum}": _get_one("/diseases", "/diseases", "DiseaseNum"),
    "GET /diseases": _get_list("/diseases"),
    "POST /diseases": _post(
        "/diseases",
        {
            "PatNum": 1,
            "DiseaseDefName": "Severe Back Pain",
            "PatNote": "Patient underwent corrective surgery 04/11/2019",
            "ProbStatus": "Resolved",
            "DateStart": "2016-01-01",
            "DateStop": "2019-04-30",
        },
    ),
    "PUT /diseases/{DiseaseNum}": _put_first(
        "/diseases",
        "DiseaseNum",
        {"ProbStatus": "Resolved", "DateStart": "2020-10-01", "DateStop": "2022-05-25"},
    ),
    "DELETE /diseases/{DiseaseNum}": _delete_new(
        "/diseases", {"PatNum": 1, "diseaseDefName": "Shingles"}, "DiseaseNum"
    ),
    "GET /diseasedefs/{DiseaseDefNum}": _get_one("/diseasedefs", "/diseasedefs", "DiseaseDefNum"),
    "GET /diseasedefs": _get_list("/diseasedefs"),
    "GET /patientnotes/{PatNum}": _get_one("/patientnotes", "/patientnotes", "PatNum"),
    "GET /patientnotes": _get_list("/patientnotes"),
    "PUT /patientnotes/{PatNum}": _put_first(
        "/patientnotes", "PatNum", {"ICEName": "Herbert Grayson", "ICEPhone": "(134) 721-1321"}
    ),
    "GET /patfields/{PatFieldNum}": _get_one("/patfields", "/patfields", "PatFieldNum"),
    "GET /patfields": _get_list("/patfields"),
    "POST /patfields": _post_patfield,
    "PUT /patfields": _put(
        "/patfields", {"PatNum": 10, "FieldName": "Ins Verified", "FieldValue": "No"}
    ),
    "DELETE /patfields/{PatFieldNum}": _delete_patfield,
    "GET /patfielddefs": _get_list("/patfielddefs"),
    "POST /patfielddefs": _post(
        "/patfielddefs",
        {
            "FieldName": "Favorite Color",
            "FieldType": "PickList",
            "PickList": "Red\r\nBlue\r\nYellow",
        },
    ),
    "PUT /patfielddefs/{PatFieldDefNum}": _put_first(
        "/patfielddefs", "PatFieldDefNum", {"IsHidden": "false"}
    ),
    "DELETE /patfielddefs/{PatFieldDefNum}": _delete_new(
        "/patfielddefs", {"FieldName": "Golden Delete", "FieldType": "Text"}, "PatFieldDefNum"
    ),
    "GET /toothinitials": _get_list("/toothinitials"),
    "POST /toothinitials": _post(
        "/toothinitials", {"PatNum": 13, "ToothNum": 32, "InitialType": "Missing"}
    ),
    "DELETE /toothinitials/{ToothInitialNum}": _delete_new(
        "/toothinitials", {"PatNum": 13, "ToothNum": 1, "InitialType": "Hidden"}, "ToothInitialNum"
    ),
    **INSURANCE_CALLS,
}
CALLS.update(ACCOUNT_CALLS)  # issue 15, account part (tests/wire/calls_account.py)
CALLS.update(EVENTS_CALLS)  # API Events' subscriptions (tests/wire/calls_events.py)
CALLS.update(REST_CALLS)  # issue 15, the rest (tests/wire/calls_rest.py)


def _template(request: str) -> str:
    method, path = request.split(" ", 1)
    return f"{method} {path.split('?', 1)[0]}".lower()


def served_routes() -> set[str]:
    routes = set()
    for router in office_routers():
        for route in router.routes:
            for method in getattr(route, "methods", ()):
                routes.add(f"{method} {route.path.removeprefix(API)}")  # type: ignore[attr-defined]
    return routes


def test_every_route_dentin_serves_has_an_open_dental_example_or_an_allow_listed_reason() -> None:
    documented = {_template(r) for res in corpus.load() for ex in res.examples for r in ex.requests}
    allowed = {_template(r) for r in EXTRA_ROUTES}
    missing = sorted(r for r in served_routes() if r.lower() not in documented | allowed)
    assert not missing, f"routes with no golden example in tests/wire/od_examples: {missing}"
    stale = sorted(documented - {r.lower() for r in served_routes()})
    assert not stale, f"golden examples for routes dentin does not serve: {stale}"


def test_every_example_names_its_page_and_section_and_how_dentin_is_asked() -> None:
    for res in corpus.load():
        assert res.page.startswith("https://www.opendental.com/site/api"), res.name
        for ex in res.examples:
            assert ex.page.startswith("https://www.opendental.com/site/api"), ex.where
            assert ex.section and (ex.objects or ex.no_body), ex.where
            for request in ex.requests:
                assert request in CALLS, f"{ex.where}: no way to ask dentin {request!r}"


def test_open_dentals_enum_values_are_all_in_dentins_tables() -> None:
    for res in corpus.load():
        for ex in res.examples:
            for obj in ex.objects:
                for name, value in obj.items():
                    # A page may use a name another enumeration has (sheetfield's FieldType,
                    # not patfielddef's): its data file declares the field's format instead.
                    if name in res.formats:
                        continue
                    if name in FIELD_ENUMS and isinstance(value, str) and value:
                        assert value in FIELD_ENUMS[name].words, (ex.where, name, value)


def test_every_allow_listed_extra_says_why_in_a_sentence() -> None:
    for what, reason in (*EXTRA_FIELDS.items(), *EXTRA_ROUTES.items()):
        assert len(reason.split()) >= 8, what


async def test_dentins_answers_match_open_dentals_examples_field_for_field(
    office: Office, od: httpx.AsyncClient
) -> None:
    ctx: dict[str, Any] = {"office": office}  # calls_account makes what it needs in it
    problems: list[str] = []
    seen_extras: set[tuple[str, str]] = set()
    for res in corpus.load():
        extras = extra_fields(res.name)
        for ex in res.examples:
            for request in ex.requests:
                r = await CALLS[request](od, ctx)
                where = f"{ex.where} ({request})"
                if ex.no_body:
                    if r.status_code != 200 or r.content:
                        problems.append(f"{where}: {r.status_code} {r.text!r}, not 200 no body")
                    continue
                if r.status_code not in (200, 201):
                    problems.append(f"{where}: {r.status_code} {r.text}")
                    continue
                body = r.json()
                answers = body if isinstance(body, list) else [body]
                if not answers:
                    problems.append(f"{where}: dentin answered an empty list; nothing compared")
                for answer in answers:
                    seen_extras |= {(res.name, k) for k in answer if k in extras}
                    problems += corpus.compare(res, ex, answer, extras)
    assert not problems, "\n".join(dict.fromkeys(problems))
    assert seen_extras == set(EXTRA_FIELDS), "allow-listed fields dentin no longer sends"
