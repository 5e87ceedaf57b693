"""Answering a request for a connected office: over its link, in its own words.

The gateway has already authenticated, authorized and rate-limited the caller; what crosses
the link is the request minus its credential, plus the verified caller. The office's answer
comes back byte for byte, with the audit events it produced, which HQ records.
"""

from __future__ import annotations

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.caller import Caller
from dentin.connector.relay import Links
from dentin.connector.wire_caller import caller_to_wire, event_from_wire
from dentin.errors import DentinError
from dentin.hq.context import HQ
from dentin.office.edge import RELAYED_CUSTOMER_KEY, customer_key_in
from dentin.responses import json_response

# Hop-by-hop and credential headers stay at HQ; the office gets the verified caller instead.
# Host and the scheme do travel: the office names its answers' URLs (Location) as HQ's.
_REQUEST_DROP = frozenset(
    {
        "authorization",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-authorization",
        "cookie",
    }
)
_ANSWER_DROP = frozenset(
    {"content-length", "connection", "transfer-encoding", "date", "server", "x-request-id"}
)


async def relay_to_office(links: Links, hq: HQ, request: Request, caller: Caller) -> Response:
    assert caller.office_id is not None
    body = await request.body()
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in _REQUEST_DROP]
    wire = caller_to_wire(caller)
    customer_key = customer_key_in(request.headers.get("authorization"))
    if caller.kind == "customer" and customer_key:  # API Events send it back (Open Dental)
        wire[RELAYED_CUSTOMER_KEY] = customer_key
    try:
        answer = await links.forward(
            caller.office_id,
            method=request.method,
            path=request.scope["path"],
            query=request.url.query,
            headers=headers,
            body=body,
            caller=wire,
            scheme=request.url.scheme,
        )
    except DentinError as exc:
        return json_response(exc.body(), exc.status_code, headers=exc.headers or None)
    if answer.events or answer.credentials_changed:
        await run_in_threadpool(
            _record, hq, caller.office_id, answer.events, answer.credentials_changed
        )
    response = Response(answer.body, answer.status)
    response.raw_headers = [
        (b"content-length", str(len(answer.body)).encode()),
        *(
            (k.lower().encode("latin-1"), v.encode("latin-1"))
            for k, v in answer.headers
            if k.lower() not in _ANSWER_DROP
        ),
    ]
    return response


def _record(hq: HQ, office_id: int, events: list[object], credentials_changed: bool) -> None:
    for data in events:
        event = event_from_wire(data, office_id)
        if event is not None:
            hq.record(event)
    if credentials_changed:
        hq.changed()
