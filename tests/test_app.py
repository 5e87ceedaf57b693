"""The app's edges: docs, unknown endpoints, case-insensitive paths, request ids, no 500s."""

from __future__ import annotations

import httpx
import pytest
from structlog.testing import capture_logs

from tests.conftest import World


async def test_openapi_document_and_docs_are_published(
    rt: object, client: httpx.AsyncClient
) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert "/api/v1/apikeys" in spec["paths"]
    assert "/api/v1/preferences" in spec["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


async def test_unknown_endpoint_is_a_404_that_says_so(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.get("/api/v1/nonsense", headers=world.odfhir())
    assert response.status_code == 404
    assert "no endpoint GET /api/v1/nonsense" in response.json()["message"]


async def test_wrong_method_is_a_405_with_an_explanation(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.delete("/api/v1/apikeys", headers=world.portal())
    assert response.status_code == 405
    assert "DELETE is not allowed" in response.json()["message"]


@pytest.mark.parametrize(
    "path", ["/api/v1/PREFERENCES", "/API/V1/preferences", "/api/v1/Preferences"]
)
async def test_paths_match_case_insensitively(
    world: World, client: httpx.AsyncClient, path: str
) -> None:
    response = await client.get(path, params={"prefname": "DateLastAging"}, headers=world.odfhir())
    assert response.status_code == 200
    assert response.json()[0]["PrefName"] == "DateLastAging"


async def test_query_parameter_names_match_case_insensitively(
    world: World, client: httpx.AsyncClient
) -> None:
    upper = await client.get("/api/v1/preferences?OFFSET=2&LIMIT=3", headers=world.odfhir())
    lower = await client.get("/api/v1/preferences?offset=2&limit=3", headers=world.odfhir())
    assert upper.status_code == lower.status_code == 200
    assert upper.json() == lower.json()
    assert len(upper.json()) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Offset=-1", "Offset must be 0 or more"), ("Limit=abc", "Limit must be a whole number")],
)
async def test_bad_paging_parameters_get_400_naming_them(
    world: World, client: httpx.AsyncClient, query: str, expected: str
) -> None:
    response = await client.get(f"/api/v1/preferences?{query}", headers=world.odfhir())
    assert response.status_code == 400
    assert expected in response.json()["message"]


async def test_a_large_limit_is_capped_at_100_not_refused(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await client.get("/api/v1/preferences?Limit=5000", headers=world.odfhir())
    assert response.status_code == 200
    assert len(response.json()) <= 100


async def test_every_response_carries_a_request_id(world: World, client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/preferences", headers=world.odfhir())
    assert len(response.headers["x-request-id"]) >= 8
    echoed = await client.get(
        "/api/v1/preferences", headers={**world.odfhir(), "X-Request-Id": "abc-123"}
    )
    assert echoed.headers["x-request-id"] == "abc-123"


async def test_no_log_line_contains_a_secret(world: World, client: httpx.AsyncClient) -> None:
    with capture_logs() as logs:
        await client.get("/api/v1/preferences", headers=world.odfhir())
        await client.get("/api/v1/apikeys", headers=world.portal())
        await client.post("/api/v1/apikeys", headers=world.portal())
        await client.get(
            "/api/v1/preferences",
            headers={"Authorization": f"ODFHIR {world.developer_key}/XXXXXXXXXXXXXXXX"},
        )
    text = repr(logs)
    assert logs, "the request logger should have logged"
    for secret in (world.developer_key, world.portal_key, world.office_a.customer_key):
        assert secret not in text
    assert all("request_id" in line for line in logs if line.get("event") == "request")


async def test_an_unexpected_error_is_a_500_without_a_trace(
    rt: object, client: httpx.AsyncClient
) -> None:
    from fastapi import FastAPI

    app: FastAPI = client._transport.app  # type: ignore[attr-defined]

    @app.get("/boom-for-test")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        response = await c.get("/boom-for-test")
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert "request id" in response.json()["message"]
