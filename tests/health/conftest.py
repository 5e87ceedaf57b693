from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from dentin.app import create_app
from dentin.runtime import Runtime


@pytest.fixture
async def local(rt: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the machine itself (loopback), as a node-local Prometheus scrapes."""
    transport = httpx.ASGITransport(app=create_app(rt.settings, rt), client=("127.0.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c
