"""What a client sends never reaches the logs raw, and no key sent in a path or header leaks.

The attack: control bytes in a request path (terminal escapes, forged line breaks) were written
to the log as they came, a CustomerKey in ``/apikeys/{CustomerKey}`` was logged in clear, and a
malformed Authorization header was echoed back in the 401.
"""

from __future__ import annotations

import io
import re

import httpx
import pytest
import structlog
from structlog.testing import capture_logs

from dentin import logs
from tests.conftest import World

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _request_lines(captured: list[dict[str, object]]) -> list[dict[str, object]]:
    return [line for line in captured if line.get("event") == "request"]


async def test_control_bytes_in_a_path_are_escaped_in_the_request_log(
    world: World, client: httpx.AsyncClient
) -> None:
    with capture_logs() as captured:
        await client.get(
            "/api/v1/patients/%1b%5b2J%00%0d%0a2026-01-01 level=info forged%7f",
            headers=world.odfhir(),
        )
    (line,) = _request_lines(captured)
    path = str(line["path"])
    assert not CONTROL.search(path)
    assert "\\x1b[2J\\x00\\x0d\\x0a" in path and path.endswith("forged\\x7f")


async def test_a_customer_key_in_a_path_is_masked_in_the_request_log(
    world: World, client: httpx.AsyncClient
) -> None:
    key = world.office_a.customer_key
    with capture_logs() as captured:
        response = await client.get(f"/api/v1/apikeys/{key}", headers=world.portal())
    assert response.status_code == 200
    (line,) = _request_lines(captured)
    assert line["path"] == f"/api/v1/apikeys/…{key[-4:]}"
    assert key not in repr(captured)


def test_the_console_log_escapes_control_bytes_and_masks_keys_whoever_logs(
    world: World,
) -> None:
    out = io.StringIO()
    logger = structlog.wrap_logger(
        structlog.PrintLogger(out), processors=logs.processors(json=False)
    )
    key = world.office_a.customer_key
    token = "dnt_us_" + "A" * 36
    logger.error("unhandled_error", path=f"/api/v1/apikeys/{key}\x1b[31m", detail="a\x00b")
    logger.info("request", path=f"/api/v1/x/{token}/y\r\nforged")
    text = out.getvalue()
    assert not CONTROL.search(text.replace("\n", ""))
    assert text.count("\n") == 2  # no forged line
    assert key not in text and token not in text
    assert f"…{key[-4:]}" in text and "dnt_us_…AAAA" in text
    assert "\\x1b[31m" in text and "a\\x00b" in text


@pytest.mark.parametrize(
    "header",
    [
        "ODFHIR{developer_key}/{customer_key}",  # the space forgotten
        "{developer_key}/{customer_key}",  # no scheme at all
        "{customer_key}",
        "{developer_key}{customer_key} extra",
        "odfhir:{developer_key}:{customer_key}",
    ],
)
async def test_a_malformed_authorization_is_not_echoed_back(
    world: World, client: httpx.AsyncClient, header: str
) -> None:
    value = header.format(
        developer_key=world.developer_key, customer_key=world.office_a.customer_key
    )
    for path in ("/api/v1/preferences", "/api/v1/apikeys"):
        response = await client.get(path, headers={"Authorization": value})
        assert response.status_code == 401
        for secret in (world.developer_key, world.office_a.customer_key):
            for start in range(len(secret) - 5):
                assert secret[start : start + 6] not in response.text


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/api/v1/patients/42", "/api/v1/patients/42"),
        ("/api/v1/appointments/ASAP", "/api/v1/appointments/ASAP"),
        ("/api/v1/procedurelogs/InsuranceHistory", "/api/v1/procedurelogs/InsuranceHistory"),
        ("/api/v1/apikeys/Short8ch", "/api/v1/apikeys/…t8ch"),
        ("/portal/customer-keys/abcdEFGH12", "/portal/customer-keys/…GH12"),
        ("/portal/api-setup/keys/abcdEFGH12/revoke", "/portal/api-setup/keys/…GH12/revoke"),
        ("/api/v1/patients/AbCdEfGh12345678xyz", "/api/v1/patients/…8xyz"),
        ("/api/v1/patients/1234567890123456789", "/api/v1/patients/1234567890123456789"),
        ("/x/dnt_live_abcd1234efgh", "/x/dnt_live_…efgh"),
    ],
)
def test_only_keys_in_a_path_are_masked_and_route_words_pass_as_they_are(
    world: World, path: str, logged: str
) -> None:  # world: an app was built, so its route words are known
    assert logs.mask_path(path) == logged
