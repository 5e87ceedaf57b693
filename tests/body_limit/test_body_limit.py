"""The body limit is enforced before the body is read: on ``Content-Length`` at once, and while
a chunked upload streams in, on unauthenticated routes too (issue 11, item 12)."""

from __future__ import annotations

import orjson
import pytest

from dentin.bodies import MAX_BODY
from dentin.body_limit import PORTAL_MAX_BODY
from tests.body_limit.conftest import Address, chunked_upload, declared_upload
from tests.conftest import World

MB = 1_000_000
SLACK = 1 * MB  # socket buffers on both ends (64 KB each, doubled by the kernel) and a chunk

UNAUTHENTICATED = ["/api/v1/developer-applications", "/api/v1/practice/sessions"]


def assert_explained_413(status: int, body: bytes, limit: int) -> None:
    assert status == 413, body[:300]
    error = orjson.loads(body)
    assert error["code"] == "payload_too_large"
    assert f"{limit:,} bytes" in error["message"]


@pytest.mark.parametrize("path", UNAUTHENTICATED)
def test_a_chunked_20_mb_upload_is_cut_off_at_the_limit_with_413(
    tight_server: Address, path: str
) -> None:
    upload = chunked_upload(tight_server, path, 20 * MB)
    assert_explained_413(upload.status, upload.body, MAX_BODY)
    assert upload.sent < MAX_BODY + SLACK, f"the server read {upload.sent:,} bytes"


def test_a_chunked_upload_with_a_credential_is_cut_off_the_same_way(
    tight_server: Address, world: World
) -> None:
    upload = chunked_upload(tight_server, "/api/v1/patients", 20 * MB, world.odfhir())
    assert_explained_413(upload.status, upload.body, MAX_BODY)
    assert upload.sent < MAX_BODY + SLACK


@pytest.mark.parametrize("path", [*UNAUTHENTICATED, "/api/v1/token-leaks"])
def test_a_large_content_length_is_refused_before_the_body_is_sent(
    tight_server: Address, path: str
) -> None:
    upload = declared_upload(tight_server, path, 50 * MB)  # times out unless answered at once
    assert_explained_413(upload.status, upload.body, MAX_BODY)


def test_portal_forms_take_at_most_1_mb(tight_server: Address) -> None:
    declared = declared_upload(tight_server, "/portal/developer/sign-in", 2 * MB)
    assert_explained_413(declared.status, declared.body, PORTAL_MAX_BODY)
    streamed = chunked_upload(
        tight_server,
        "/portal/developer/sign-in",
        20 * MB,
        content_type="application/x-www-form-urlencoded",
    )
    assert_explained_413(streamed.status, streamed.body, PORTAL_MAX_BODY)
    assert streamed.sent < PORTAL_MAX_BODY + SLACK


def test_a_body_under_the_limit_still_reaches_the_route(tight_server: Address) -> None:
    total = 16 * 64 * 1024  # whole chunks
    upload = chunked_upload(tight_server, "/api/v1/practice/sessions", total)
    assert upload.sent == total
    assert upload.status == 400  # read whole, then refused as not JSON: the limit did not interfere
