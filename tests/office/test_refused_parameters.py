"""Parameters Open Dental refuses are refused the same way; the ones it ignores are ignored."""

from __future__ import annotations

import httpx
import pytest

from tests.office.conftest import Practice

OD_TEXT = "'DateTStamp' is not a valid parameter."


@pytest.mark.parametrize(
    "query", ["DateTStamp=", "DateTStamp=2026-03-01%2000:00:00", "datetstamp=2026-03-01"]
)
async def test_the_patient_search_refuses_datetstamp_with_open_dentals_text(
    practice: Practice, client: httpx.AsyncClient, query: str
) -> None:
    r = await client.get(f"/api/v1/patients?{query}", headers=practice.a())
    assert r.status_code == 400
    assert r.json()["message"].startswith(OD_TEXT)
    assert "/patients/Simple" in r.json()["message"]


async def test_patients_simple_still_takes_datetstamp(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    r = await client.get("/api/v1/patients/Simple?DateTStamp=2026-03-01", headers=practice.a())
    assert r.status_code == 200


async def test_the_patient_search_ignores_a_parameter_it_does_not_know(
    practice: Practice, client: httpx.AsyncClient
) -> None:
    plain = await client.get("/api/v1/patients", headers=practice.a())
    odd = await client.get("/api/v1/patients?Flavour=mint", headers=practice.a())
    assert odd.status_code == 200
    assert odd.json() == plain.json()
