"""ASGI guards that turn a request away before any work is spent on it.

Pure ASGI (like ``dentin.middleware``), placed inside ``RequestContext`` so that what they turn
away is still logged with its request id.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

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

