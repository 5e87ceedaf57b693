"""/toothinitials: missing, hidden and primary teeth, listed, added and removed."""

from __future__ import annotations

import httpx

from dentin.office.models import ToothInitial
from tests.office.conftest import STAMP
from tests.office_clinical.conftest import Clinic

API = "/api/v1"


async def test_a_missing_tooth_is_added_listed_and_removed(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    r = await client.post(
        f"{API}/toothinitials",
        headers=h,
        json={"PatNum": 1, "ToothNum": 32, "InitialType": "Missing"},
    )
    assert r.status_code == 201, r.text
    made = r.json()
    assert {k: made[k] for k in ("PatNum", "ToothNum", "InitialType", "Movement", "ColorDraw")} == {
        "PatNum": 1,
        "ToothNum": "32",
        "InitialType": "Missing",
        "Movement": "0",
        "ColorDraw": "0,0,0",
    }
    await client.post(
        f"{API}/toothinitials",
        headers=h,
        json={"PatNum": 2, "ToothNum": "c", "InitialType": "primary"},
    )
    assert (await client.get(f"{API}/toothinitials?PatNum=1", headers=h)).json() == [made]
    everyone = (await client.get(f"{API}/toothinitials", headers=h)).json()
    assert [(t["ToothNum"], t["InitialType"]) for t in everyone] == [
        ("32", "Missing"),
        ("C", "Primary"),
    ]
    url = f"{API}/toothinitials/{made['ToothInitialNum']}"
    assert (await client.delete(url, headers=h)).status_code == 200
    assert (await client.get(f"{API}/toothinitials?PatNum=1", headers=h)).json() == []
    assert (await client.delete(url, headers=h)).status_code == 404


async def test_a_drawn_initial_reads_with_its_movement_and_colour_but_is_not_deleted(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    with clinic.practice.db.transaction() as s:
        s.add(
            ToothInitial(
                ToothInitialNum=50, PatNum=3, ToothNum="22", InitialType=6, Movement=-20,
                ColorDraw=-16744448, SecDateTEdit=STAMP,
            )
        )  # fmt: skip
    [row] = (await client.get(f"{API}/toothinitials?PatNum=3", headers=clinic.a())).json()
    assert (row["InitialType"], row["Movement"], row["ColorDraw"]) == ("Rotate", "-20", "0,128,0")
    r = await client.delete(f"{API}/toothinitials/50", headers=clinic.a())
    assert r.status_code == 400 and '"Missing"' in r.json()["message"]


async def test_toothinitial_refusals_name_what_is_wrong(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    h = clinic.a()
    for body, status, words in (
        ({"ToothNum": 3, "InitialType": "Missing"}, 400, "PatNum"),
        ({"PatNum": 1, "InitialType": "Missing"}, 400, "ToothNum is required"),
        ({"PatNum": 1, "ToothNum": 33, "InitialType": "Missing"}, 400, "1-32 or A-T"),
        ({"PatNum": 1, "ToothNum": "U", "InitialType": "Missing"}, 400, "1-32 or A-T"),
        ({"PatNum": 1, "ToothNum": 3}, 400, "InitialType is required"),
        ({"PatNum": 1, "ToothNum": 3, "InitialType": "Rotate"}, 400, '"Primary"'),
        ({"PatNum": 404, "ToothNum": 3, "InitialType": "Missing"}, 404, "PatNum 404"),
    ):
        r = await client.post(f"{API}/toothinitials", headers=h, json=body)
        assert r.status_code == status, (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    assert (await client.get(f"{API}/toothinitials?PatNum=x", headers=h)).status_code == 400


async def test_another_offices_tooth_initial_is_not_found(
    clinic: Clinic, client: httpx.AsyncClient
) -> None:
    url = f"{API}/toothinitials/{clinic.b_toothinitial}"
    assert (await client.delete(url, headers=clinic.a())).status_code == 404
    assert (await client.get(f"{API}/toothinitials", headers=clinic.a())).json() == []
    assert len((await client.get(f"{API}/toothinitials", headers=clinic.b())).json()) == 1
