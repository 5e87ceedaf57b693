"""``/appointments``: Open Dental's shape, filters, verbs, and refusals that explain themselves."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from dentin.office.models import Appointment, DeletedObject
from tests.office.conftest import Practice

FIELDS = [
    "serverDateTime",
    "AptNum",
    "PatNum",
    "AptStatus",
    "Pattern",
    "Confirmed",
    "confirmed",
    "TimeLocked",
    "Op",
    "Note",
    "ProvNum",
    "provAbbr",
    "ProvHyg",
    "AptDateTime",
    "NextAptNum",
    "UnschedStatus",
    "unschedStatus",
    "IsNewPatient",
    "ProcDescript",
    "ClinicNum",
    "IsHygiene",
    "DateTStamp",
    "DateTimeArrived",
    "DateTimeSeated",
    "DateTimeDismissed",
    "InsPlan1",
    "InsPlan2",
    "DateTimeAskedToArrive",
    "colorOverride",
    "AppointmentTypeNum",
    "SecUserNumEntry",
    "SecDateTEntry",
    "Priority",
    "PatternSecondary",
    "ItemOrderPlanned",
]


async def book(
    client: httpx.AsyncClient, practice: Practice, when: str, **extra: object
) -> httpx.Response:
    body: dict[str, object] = {"PatNum": practice.smith, "Op": 1, "AptDateTime": when}
    body.update(extra)
    return await client.post("/api/v1/appointments", headers=practice.a(), json=body)


async def test_post_appointment_answers_201_with_location_and_open_dental_record(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await book(client, practice, "2030-03-04 09:00:00")
    assert r.status_code == 201, r.text
    body = r.json()
    # A POST answer has no serverDateTime (apiappointments.html's example); a GET leads with it.
    assert list(body) == FIELDS[1:]
    assert r.headers["Location"].endswith(f"/api/v1/appointments/{body['AptNum']}")
    assert body["AptStatus"] == "Scheduled"
    assert body["Pattern"] == "/XX/"
    assert (body["Confirmed"], body["confirmed"]) == (19, "Not Called")
    assert body["ProvNum"] == 1 and body["provAbbr"] == "DOC1"
    assert body["ClinicNum"] == 1
    assert body["IsHygiene"] == "false" and body["TimeLocked"] == "false"
    assert body["Priority"] == "Normal"
    assert body["colorOverride"] == "0,0,0"
    assert body["DateTimeArrived"] == "0001-01-01 00:00:00"
    single = await client.get(f"/api/v1/appointments/{body['AptNum']}", headers=practice.a())
    assert single.status_code == 200
    assert list(single.json()) == FIELDS
    assert {k: v for k, v in single.json().items() if k != "serverDateTime"} == {
        k: v for k, v in body.items() if k != "serverDateTime"
    }


async def test_overlapping_booking_in_same_operatory_is_409_naming_the_aptnum(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    first = (await book(client, practice, "2030-03-04 09:00:00", Pattern="//XXXX//")).json()
    clash = await book(client, practice, "2030-03-04 09:35:00")
    assert clash.status_code == 409
    assert str(first["AptNum"]) in clash.json()["message"]
    assert clash.json()["conflictingAptNum"] == first["AptNum"]
    # Right after the 40 minutes, or in another operatory, is fine.
    assert (await book(client, practice, "2030-03-04 09:40:00")).status_code == 201
    assert (await book(client, practice, "2030-03-04 09:00:00", Op=2)).status_code == 201


async def test_moving_an_appointment_onto_another_is_409_and_breaking_frees_the_time(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    a = (await book(client, practice, "2030-03-04 10:00:00")).json()
    b = (await book(client, practice, "2030-03-04 11:00:00")).json()
    r = await client.put(
        f"/api/v1/appointments/{b['AptNum']}",
        headers=practice.a(),
        json={"AptDateTime": "2030-03-04 10:05:00"},
    )
    assert r.status_code == 409 and str(a["AptNum"]) in r.json()["message"]
    r = await client.put(
        f"/api/v1/appointments/{a['AptNum']}/Break",
        headers=practice.a(),
        json={"sendToUnscheduledList": "true"},
    )
    assert r.status_code == 200 and r.content == b""
    r = await client.put(
        f"/api/v1/appointments/{b['AptNum']}",
        headers=practice.a(),
        json={"AptDateTime": "2030-03-04 10:05:00", "Note": "moved"},
    )
    assert r.status_code == 200
    assert r.json()["AptDateTime"] == "2030-03-04 10:05:00" and r.json()["Note"] == "moved"


async def test_break_only_works_on_scheduled_and_charts_missed_code(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    apt = (await book(client, practice, "2030-03-04 08:00:00")).json()["AptNum"]
    url = f"/api/v1/appointments/{apt}/Break"
    r = await client.put(url, headers=practice.a(), json={"breakType": "Missed"})
    assert r.status_code == 400 and "sendToUnscheduledList" in r.json()["message"]
    r = await client.put(
        url, headers=practice.a(), json={"sendToUnscheduledList": "false", "breakType": "Missed"}
    )
    assert r.status_code == 200
    got = (await client.get(f"/api/v1/appointments/{apt}", headers=practice.a())).json()
    assert got["AptStatus"] == "Broken"
    procs = (await client.get("/api/v1/procedurelogs?PatNum=1", headers=practice.a())).json()
    assert [p["procCode"] for p in procs] == ["D9986"]
    r = await client.put(url, headers=practice.a(), json={"sendToUnscheduledList": "true"})
    assert r.status_code == 400 and "Broken" in r.json()["message"]


async def test_confirm_takes_confirmval_or_defnum_but_not_both(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    apt = (await book(client, practice, "2030-03-04 08:00:00")).json()["AptNum"]
    url = f"/api/v1/appointments/{apt}/Confirm"
    assert (
        await client.put(url, headers=practice.a(), json={"confirmVal": "Confirmed"})
    ).status_code == 200
    got = (await client.get(f"/api/v1/appointments/{apt}", headers=practice.a())).json()
    assert got["confirmed"] == "Appointment Confirmed"
    assert (await client.put(url, headers=practice.a(), json={"defNum": 22})).status_code == 200
    got = (await client.get(f"/api/v1/appointments/{apt}", headers=practice.a())).json()
    assert (got["Confirmed"], got["confirmed"]) == (22, "Left Msg")
    for body in ({"confirmVal": "Sent", "defNum": 22}, {}, {"confirmVal": "Maybe"}, {"defNum": 5}):
        r = await client.put(url, headers=practice.a(), json=body)
        assert r.status_code == 400, body


async def test_note_appends_while_put_overwrites(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    apt = (await book(client, practice, "2030-03-04 08:00:00", Note="first")).json()["AptNum"]
    r = await client.put(
        f"/api/v1/appointments/{apt}/Note", headers=practice.a(), json={"Note": "second"}
    )
    assert r.status_code == 200
    got = (await client.get(f"/api/v1/appointments/{apt}", headers=practice.a())).json()
    assert got["Note"] == "first\nsecond"


async def test_delete_removes_the_row_and_records_it_in_deletedobject(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    apt = (await book(client, practice, "2030-03-04 08:00:00")).json()["AptNum"]
    r = await client.delete(f"/api/v1/appointments/{apt}", headers=practice.a())
    assert r.status_code == 200
    assert (
        await client.get(f"/api/v1/appointments/{apt}", headers=practice.a())
    ).status_code == 404
    with practice.db.session() as s:
        rows = s.scalars(select(DeletedObject)).all()
        assert [(d.ObjectNum, d.ObjectType) for d in rows] == [(apt, 0)]
        assert s.get(Appointment, apt) is None
    assert (
        await client.delete(f"/api/v1/appointments/{apt}", headers=practice.a())
    ).status_code == 404


async def test_list_filters_by_date_range_status_op_patient_and_clinic(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    a = (await book(client, practice, "2030-03-04 08:00:00")).json()["AptNum"]
    b = (await book(client, practice, "2030-03-05 08:00:00", Op=2, PatNum=practice.jones)).json()[
        "AptNum"
    ]
    c = (await book(client, practice, "2030-03-07 08:00:00", AptStatus="Planned")).json()["AptNum"]
    h = practice.a()

    async def nums(q: str) -> list[int]:
        r = await client.get(f"/api/v1/appointments?{q}", headers=h)
        assert r.status_code == 200, r.text
        return [x["AptNum"] for x in r.json()]

    assert await nums("date=2030-03-04") == [a]
    assert await nums("dateStart=2030-03-04&dateEnd=2030-03-05") == [a, b]
    assert await nums("datestart=2030-03-05&DATEEND=2030-03-07") == [b, c]
    assert await nums("AptStatus=Planned") == [c]
    assert await nums("Op=2") == [b]
    assert await nums("patnum=3") == [b]
    assert await nums("ClinicNum=0") == [b]
    assert await nums("Offset=1&Limit=1") == [b]
    assert await nums("DateTStamp=2000-01-01") == [a, b, c]


async def test_appointment_input_errors_are_400_or_404_naming_the_field(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    h = practice.a()
    cases400 = [
        ({"Op": 1, "AptDateTime": "2030-03-04 08:00:00"}, "PatNum"),
        ({"PatNum": 1, "Op": 1}, "AptDateTime"),
        ({"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04T08:00"}, "AptDateTime"),
        (
            {"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 08:00:00", "Pattern": "/XY/"},
            "Pattern",
        ),
        (
            {"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 08:00:00", "AptStatus": "Done"},
            "AptStatus",
        ),
        ({"PatNum": "one", "Op": 1, "AptDateTime": "2030-03-04 08:00:00"}, "PatNum"),
        (
            {"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 08:00:00", "IsHygiene": "yes"},
            "IsHygiene",
        ),
        (
            {"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 08:00:00", "colorOverride": "red"},
            "colorOverride",
        ),
    ]
    for body, word in cases400:
        r = await client.post("/api/v1/appointments", headers=h, json=body)
        assert r.status_code == 400, body
        assert word in r.json()["message"], (body, r.json())
    for body, word in (
        ({"PatNum": 999, "Op": 1, "AptDateTime": "2030-03-04 08:00:00"}, "PatNum 999"),
        ({"PatNum": 1, "Op": 99, "AptDateTime": "2030-03-04 08:00:00"}, "Op 99"),
        (
            {"PatNum": practice.b_patient, "Op": 1, "AptDateTime": "2030-03-04 08:00:00"},
            "PatNum 500",
        ),
    ):
        r = await client.post("/api/v1/appointments", headers=h, json=body)
        assert r.status_code == 404, body
        assert word in r.json()["message"]
    for q, word in (("date=2030-3-4x", "date"), ("AptStatus=Gone", "AptStatus"), ("Op=-1", "Op")):
        r = await client.get(f"/api/v1/appointments?{q}", headers=h)
        assert r.status_code == 400 and word in r.json()["message"], q
    for path in ("/api/v1/appointments/777", "/api/v1/appointments/777/Note"):
        r = await client.put(path, headers=h, json={"Note": "x"})
        assert r.status_code == 404 and "AptNum 777" in r.json()["message"]
