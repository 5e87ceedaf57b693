"""``GET /appointments/SlotsWebSched``, ``POST /appointments/WebSched`` and
``GET /appointments/WebSched`` (apiappointments.html)."""

from __future__ import annotations

import httpx
import pytest

from dentin.office.models import AppointmentType, DefLink, Operatory
from tests.office.conftest import Practice
from tests.office_account.conftest import API

NEW_PATIENT_EXAM = 326  # office migration 0009's Web Sched kinds
EXISTING_CLEANING = 327


@pytest.fixture
def web(practice: Practice) -> int:
    """Operatory 1 takes Web Sched; the new-patient kind books a 30-minute "New Patient"."""
    with practice.db.transaction() as s:
        kind = AppointmentType(AppointmentTypeName="New Patient", Pattern="/XXXX/", CodeStr="D0120")
        s.add(kind)
        s.flush()
        s.add(DefLink(DefNum=NEW_PATIENT_EXAM, FKey=kind.AppointmentTypeNum, LinkType=2))
        s.get(Operatory, 1).IsWebSched = 1  # type: ignore[union-attr]
        return kind.AppointmentTypeNum


async def test_slots_are_cut_to_the_kinds_length_in_web_sched_operatories(
    practice: Practice, web: int, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        f"{API}/appointments/SlotsWebSched",
        params={"date": "2030-03-04", "defNumApptType": NEW_PATIENT_EXAM},
        headers=practice.a(),
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert got[0] == {
        "DateTimeStart": "2030-03-04 08:00:00",
        "DateTimeEnd": "2030-03-04 08:30:00",
        "ProvNum": 1,
        "OpNum": 1,
    }
    assert len(got) == 8  # provider 1's 08:00-12:00 in operatory 1, in half hours
    assert {s["OpNum"] for s in got} == {1}  # operatory 2 does not take Web Sched
    default = await client.get(
        f"{API}/appointments/SlotsWebSched",
        params={"date": "2030-03-04", "isNewPatient": "true"},
        headers=practice.a(),
    )
    assert default.json() == got


async def test_booking_a_slot_logs_it_and_takes_it_off_the_list(
    practice: Practice, web: int, client: httpx.AsyncClient
) -> None:
    body = {
        "PatNum": 3,
        "dateTimeStart": "2030-03-04 09:00:00",
        "dateTimeEnd": "2030-03-04 09:30:00",
        "ProvNum": 1,
        "OpNum": 1,
        "defNumApptType": NEW_PATIENT_EXAM,
    }
    r = await client.post(f"{API}/appointments/WebSched", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    apt = r.json()
    assert (apt["confirmed"], apt["Note"], apt["IsNewPatient"], apt["Pattern"]) == (
        "Created from Web Sched",
        "Appointment Reason: New Patient Exam",
        "true",
        "/XXXX/",
    )
    assert apt["ProcDescript"] == "PerEx" and apt["AppointmentTypeNum"] == web
    again = await client.post(f"{API}/appointments/WebSched", headers=practice.a(), json=body)
    assert again.status_code == 400 and "not an open Web Sched slot" in again.json()["message"]
    r = await client.get(
        f"{API}/appointments/WebSched", params={"date": "2030-03-04"}, headers=practice.a()
    )
    rows = {a["AptNum"]: a for a in r.json()}
    assert rows[apt["AptNum"]]["eServiceLogType"] == "NewPat"
    assert rows[apt["AptNum"]]["IsHygiene"] == "False"
    slots = await client.get(
        f"{API}/appointments/SlotsWebSched",
        params={"date": "2030-03-04", "defNumApptType": NEW_PATIENT_EXAM},
        headers=practice.a(),
    )
    assert "2030-03-04 09:00:00" not in {s["DateTimeStart"] for s in slots.json()}


async def test_web_sched_mistakes_are_explained(
    practice: Practice, web: int, client: httpx.AsyncClient
) -> None:
    cases = [
        ({"date": "2030-03-04", "defNumApptType": 19}, "not a Web Sched appointment kind"),
        ({"date": "2030-03-04", "defNumApptType": EXISTING_CLEANING}, "not linked"),
        ({"date": "2030-03-04", "isNewPatient": "maybe"}, "isNewPatient"),
        ({"date": "2030-03-04"}, "no Web Sched appointment kinds for existing"),
    ]
    for params, words in cases:
        r = await client.get(
            f"{API}/appointments/SlotsWebSched", params=params, headers=practice.a()
        )
        assert r.status_code == 400 and words in r.json()["message"], (params, r.text)
    r = await client.post(f"{API}/appointments/WebSched", headers=practice.a(), json={"PatNum": 1})
    assert r.status_code == 400 and "dateTimeStart" in r.json()["message"]
    r = await client.get(f"{API}/appointments/WebSched", headers=practice.b())
    assert r.status_code == 200 and r.json() == []
