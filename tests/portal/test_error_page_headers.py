"""The portal's error pages keep the error's headers: Retry-After on a 429 or 503, Allow on a 405."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy.exc import TimeoutError as PoolTimeout

from dentin.errors import TooManyRequests
from dentin.hq import offices, operators
from dentin.runtime import Runtime
from tests.conftest import ACTOR
from tests.portal.helpers import sign_in_operator

EMAIL, PASSWORD = "ops@dentin.example", "operator-password-1"


def _busy(*_args: object, **_kwargs: object) -> object:
    raise TooManyRequests(
        "Too many requests right now; retry after 7 seconds.",
        code="rate_limited",
        headers={"Retry-After": "7"},
    )


def _pool_exhausted(*_args: object, **_kwargs: object) -> object:
    raise PoolTimeout("QueuePool limit of size 5 overflow 10 reached")


@pytest.fixture
async def operator_client(client: httpx.AsyncClient, rt: Runtime) -> httpx.AsyncClient:
    operators.create_operator(rt.hq, EMAIL, PASSWORD, ACTOR)
    await sign_in_operator(client, EMAIL, PASSWORD)
    return client


@pytest.mark.parametrize("htmx", [False, True])
async def test_a_429_page_keeps_the_errors_retry_after_header(
    operator_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, htmx: bool
) -> None:
    monkeypatch.setattr(offices, "list_offices", _busy)
    headers = {"HX-Request": "true"} if htmx else {}
    response = await operator_client.get("/portal/admin/offices", headers=headers)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "7"
    assert response.headers["content-type"].startswith("text/html")
    assert "retry after 7 seconds" in response.text


async def test_a_405_page_keeps_the_allow_header(client: httpx.AsyncClient) -> None:
    response = await client.delete("/portal/developer/sign-in")
    assert response.status_code == 405
    # Starlette names the methods of the first route matching the path (here the GET form).
    assert "GET" in response.headers["allow"]
    assert "DELETE is not allowed on this page" in response.text


async def test_an_exhausted_database_pool_is_a_503_page_with_retry_after_not_a_500(
    operator_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(offices, "list_offices", _pool_exhausted)
    response = await operator_client.get("/portal/admin/offices")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert "The database is busy" in response.text
    assert "QueuePool" not in response.text
