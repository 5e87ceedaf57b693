"""``POST /providers`` and ``PUT /providers/{ProvNum}`` (apiproviders.html)."""

from __future__ import annotations

import httpx

from tests.office.conftest import Practice
from tests.office_account.conftest import API


async def test_a_new_provider_is_answered_whole_and_shows_in_the_list(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    body = {
        "Abbr": "DOCE",
        "LName": "Fisher",
        "FName": "Ethan",
        "Suffix": "DDS",
        "SSN": "123859778",
        "IsHiddenReport": "true",
        "Birthdate": "1987-07-17",
        "SchedNote": "Root canals only.",
        "PreferredName": "Doc E.",
    }
    r = await client.post(f"{API}/providers", headers=practice.a(), json=body)
    assert r.status_code == 201, r.text
    got = r.json()
    assert r.headers["Location"].endswith(f"/api/v1/providers/{got['ProvNum']}")
    assert (got["Abbr"], got["LName"], got["Suffix"], got["SSN"]) == (
        "DOCE",
        "Fisher",
        "DDS",
        "123859778",
    )
    assert (got["IsHiddenReport"], got["UsingTIN"], got["Birthdate"]) == (
        "true",
        "true",
        "1987-07-17",
    )
    assert got["SchedNote"] == "Root canals only." and got["serverDateTime"] == ""
    assert got["Specialty"] == 262  # the first specialty definition
    listed = await client.get(f"{API}/providers", headers=practice.a())
    assert "DOCE" in [p["Abbr"] for p in listed.json()]


async def test_put_changes_only_what_is_sent_and_moves_datetstamp(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    before = (await client.get(f"{API}/providers/1", headers=practice.a())).json()
    r = await client.put(
        f"{API}/providers/1",
        headers=practice.a(),
        json={"PreferredName": "Phil", "Specialty": 264, "UsingTIN": "false", "SigOnFile": "true"},
    )
    assert r.status_code == 200, r.text
    got = r.json()
    assert (got["PreferredName"], got["Specialty"], got["UsingTIN"], got["SigOnFile"]) == (
        "Phil",
        264,
        "false",
        "true",
    )
    assert got["Abbr"] == before["Abbr"] and got["LName"] == before["LName"]
    assert got["DateTStamp"] > before["DateTStamp"]


async def test_a_renamed_abbreviation_shows_on_appointments_at_once(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    """The lookup cache follows provider writes (change-generation triggers)."""
    r = await client.post(
        f"{API}/appointments",
        headers=practice.a(),
        json={"PatNum": 1, "Op": 1, "AptDateTime": "2030-03-04 08:00:00"},
    )
    apt = r.json()["AptNum"]
    assert (await client.get(f"{API}/appointments/{apt}", headers=practice.a())).json()[
        "provAbbr"
    ] == "DOC1"
    await client.put(f"{API}/providers/1", headers=practice.a(), json={"Abbr": "DRDOE"})
    got = (await client.get(f"{API}/appointments/{apt}", headers=practice.a())).json()
    assert got["provAbbr"] == "DRDOE"


async def test_bad_provider_writes_are_refused_with_a_sentence(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    cases = [
        ({"LName": "NoAbbr"}, "Abbr"),
        ({"Abbr": "DOC1"}, "already used"),
        ({"Abbr": "X1", "Specialty": 5}, "Specialty 5"),
        ({"Abbr": "X2", "SSN": "123-45-6789"}, "SSN"),
        ({"Abbr": "X3", "IsNotPerson": "true", "FName": "Ann"}, "IsNotPerson"),
        ({"Abbr": "X4", "IsHidden": "maybe"}, "IsHidden"),
    ]
    for body, words in cases:
        r = await client.post(f"{API}/providers", headers=practice.a(), json=body)
        assert r.status_code == 400, (body, r.text)
        assert words in r.json()["message"], (body, r.text)
    r = await client.put(f"{API}/providers/1", headers=practice.a(), json={"Abbr": " "})
    assert r.status_code == 400
    r = await client.put(f"{API}/providers/99", headers=practice.a(), json={"LName": "X"})
    assert r.status_code == 404 and "ProvNum 99" in r.json()["message"]
    r = await client.put(f"{API}/providers/abc", headers=practice.a(), json={"LName": "X"})
    assert r.status_code == 400


async def test_office_b_cannot_change_office_as_provider(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.put(f"{API}/providers/1", headers=practice.b(), json={"LName": "Hacked"})
    assert r.status_code == 404
    got = (await client.get(f"{API}/providers/1", headers=practice.a())).json()
    assert got["LName"] == "Doe"
