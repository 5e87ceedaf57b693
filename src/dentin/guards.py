"""ASGI guards that turn a request away before any work is spent on it.

Pure ASGI (like ``dentin.middleware``), placed inside ``RequestContext`` so that what they turn
away is still logged with its request id.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dentin import metrics
from dentin.gateway.refusals import RefusalBudget
from dentin.responses import json_response

MAX_AUTHORIZATION_BYTES = 8 * 1024
MAX_HEADER_BYTES = 64 * 1024


class HeaderLimits:
    """431 for an Authorization header over 8 KB or headers over 64 KB in all.

    No credential is longer than about 100 bytes; anything bigger is padding, and every later
    step (parsing, hashing, the verification cache, logs) would pay for it.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            total = 0
            problem = ""
            for name, value in scope["headers"]:
                total += len(name) + len(value)
                if name == b"authorization" and len(value) > MAX_AUTHORIZATION_BYTES:
                    problem = (
                        f"The Authorization header is {len(value)} bytes long; at most "
                        f"{MAX_AUTHORIZATION_BYTES} are accepted. Send only "
                        "`ODFHIR {DeveloperKey}/{CustomerKey}` or `Bearer {token}`."
                    )
                    break
            if not problem and total > MAX_HEADER_BYTES:
                problem = (
                    f"The request headers add up to {total} bytes; at most {MAX_HEADER_BYTES} "
                    "are accepted. Drop the headers (or cookies) the API does not need."
                )
            if problem:
                response = json_response({"code": "header_too_large", "message": problem}, 431)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class RefusalGuard:
    """Counts 401/403 answers per address and key; 429 once a budget is spent (see refusals)."""

    def __init__(self, app: ASGIApp, budget: RefusalBudget) -> None:
        self.app = app
        self.budget = budget

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        host: str | None = client[0] if client else None
        budget = self.budget
        if budget.blocking:
            blocked = budget.check(host, _authorization(scope))
            if blocked is not None:
                metrics.RATE_LIMITED.labels("refusals").inc()
                response = json_response(
                    {"code": "too_many_refusals", "message": blocked.message},
                    429,
                    headers={"Retry-After": str(blocked.retry_after)},
                )
                await response(scope, receive, send)
                return

        async def send_counting(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (401, 403):
                budget.refused(host, _authorization(scope))
            await send(message)

        await self.app(scope, receive, send_counting)


def _authorization(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return str(value.decode("latin-1"))
    return None
