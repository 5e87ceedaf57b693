"""Out-of-range numbers and dates, replayed as the outside attack sent them: each is a 400 that
names the field and the accepted range, never a 500 (``OverflowError``)."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import World
from tests.portal.helpers import csrf_of

PAST_32_BITS = 2**31  # PostgreSQL casts it to the INTEGER column: a DataError
PAST_64_BITS = 2**63  # SQLite cannot even bind it: an OverflowError
HUGE_DIGITS = "9" * 30


def assert_explained_400(response: httpx.Response, *words: str) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert set(body) >= {"code", "message"}, body
    for word in words:
        assert word in body["message"], body["message"]


async def test_clinic_nums_past_the_id_range_is_refused_with_400(
    world: World, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        "/api/v1/patients", params={"clinicNums": "1,9223372036854775808"}, headers=world.odfhir()
    )
    assert_explained_400(r, "clinicNums", "2147483647")


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/userods?ClinicNum=9223372036854775806",
        "/api/v1/operatories?ClinicNum=2147483648",
        "/api/v1/payments?PayType=87178291200",
        "/api/v1/procedurelogs?CodeNum=4503599627370495",
        "/api/v1/patients/Simple?Offset=6643994355",
    ],
)
async def test_filters_past_the_32_bit_columns_are_refused_with_400(
    world: World, client: httpx.AsyncClient, query: str
) -> None:
    r = await client.get(query, headers=world.odfhir())
    assert_explained_400(r, "2147483647 or less")


@pytest.mark.parametrize("path", ["/api/v1/appointments", "/api/v1/appointments/Slots"])
async def test_appointment_date_at_the_end_of_time_is_refused_with_400(
    world: World, client: httpx.AsyncClient, path: str
) -> None:
    r = await client.get(path, params={"date": "9999-12-31"}, headers=world.odfhir())
    assert_explained_400(r, "date", "9998-12-31")


async def test_slots_date_start_at_the_end_of_time_is_refused_with_400(
    world: World, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        "/api/v1/appointments/Slots", params={"dateStart": "9999-12-30"}, headers=world.odfhir()
    )
    assert_explained_400(r, "dateStart", "9998-12-31")


async def test_aging_as_of_the_first_days_of_year_one_is_refused_with_400(
    world: World, client: httpx.AsyncClient
) -> None:
    r = await client.get(
        "/api/v1/reports/Aging", params={"DateAsOf": "0001-01-02"}, headers=world.odfhir()
    )
    assert_explained_400(r, "DateAsOf", "1000-01-01")


async def test_booking_at_the_last_minute_of_time_is_refused_with_400(
    seeded: World, client: httpx.AsyncClient
) -> None:
    r = await client.post(
        "/api/v1/appointments",
        json={"PatNum": 1, "Op": 1, "AptDateTime": "9999-12-31 23:59:00", "Pattern": "//XX//"},
        headers=seeded.odfhir(),
    )
    assert_explained_400(r, "AptDateTime", "9998-12-31")


@pytest.mark.parametrize(
    "office", [PAST_32_BITS, PAST_64_BITS, str(PAST_64_BITS), HUGE_DIGITS, "9" * 5000]
)
async def test_key_move_to_an_office_past_the_id_range_is_refused_with_400(
    world: World, client: httpx.AsyncClient, office: int | str
) -> None:
    r = await client.put(
        "/api/v1/apikeys/move",
        json={"CustomerKey": world.office_a.customer_key, "OfficeNum": office},
        headers=world.portal(),
    )
    assert_explained_400(r, "OfficeNum")
    assert "OfficeNum" in r.json()["fields"]


@pytest.mark.parametrize("office", [PAST_32_BITS, PAST_64_BITS, str(PAST_64_BITS), "9" * 5000])
async def test_practice_sign_in_to_an_office_past_the_id_range_is_refused_with_400(
    world: World, client: httpx.AsyncClient, office: int | str
) -> None:
    r = await client.post(
        "/api/v1/practice/sessions",
        json={"OfficeNum": office, "UserName": "admin", "Password": "whatever it is"},
    )
    assert_explained_400(r, "OfficeNum")


@pytest.mark.parametrize("action", ["revoke", "rotate"])
async def test_token_number_past_the_id_range_in_the_path_is_refused_with_400(
    client: httpx.AsyncClient, practice_admin: dict[str, str], action: str
) -> None:
    r = await client.post(
        f"/api/v1/practice/tokens/99999999999999999999999/{action}", headers=practice_admin
    )
    assert_explained_400(r, "TokenNum")


async def test_portal_key_move_to_a_30_digit_office_is_refused_with_400(
    world: World, developer_portal: httpx.AsyncClient
) -> None:
    page = await developer_portal.get("/portal/developer/customer-keys")
    r = await developer_portal.post(
        f"/portal/developer/customer-keys/{world.office_a.customer_key}/move",
        data={"office": HUGE_DIGITS, "csrf_token": csrf_of(page.text)},
    )
    assert r.status_code == 400, r.text
    assert "office" in r.text and "Something went wrong" not in r.text


async def test_portal_page_with_a_30_digit_office_in_its_address_is_refused_with_400(
    client: httpx.AsyncClient, operator_portal: httpx.AsyncClient
) -> None:
    page = await operator_portal.get("/portal/admin/offices")
    r = await operator_portal.post(
        f"/portal/admin/offices/{HUGE_DIGITS}/api",
        data={"enabled": "1", "csrf_token": csrf_of(page.text)},
    )
    assert r.status_code == 400, r.text
    assert "office_id must be a whole number" in r.text
