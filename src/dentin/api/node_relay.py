"""The internal listener's one route: answer, over a link this process holds, a request another
HQ process received for the office (``dentin.nodes.peer`` sends it).

It is served only on the process's internal port (never the public one) and refuses anything
not signed with the node secret for this very process (401, with the reason). The office's
answer goes back with its status, headers and body unchanged; the audit events it carries are
recorded by the process that received the request, not here, so each is recorded once.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dentin import metrics
from dentin.connector import frames
from dentin.connector.relay import Links
from dentin.errors import BadRequest, DentinError
from dentin.logs import get_logger
from dentin.nodes.cluster import Nodes
from dentin.nodes.peer import ANSWER, RELAY_PATH, answer_headers
from dentin.responses import json_response

log = get_logger("dentin.nodes")


def internal_app(links: Links, nodes: Nodes) -> Starlette:
    async def relay(request: Request) -> Response:
        body = await request.body()
        try:
            nodes.signer.verify(body, dict(request.headers), nodes.me.instance)
            office_id, header, payload, timeout = _request(body)
        except DentinError as exc:
            metrics.NODE_RELAYS.labels("served", "rejected").inc()
            return json_response(exc.body(), exc.status_code, headers=exc.headers or None)
        if not links.is_up(office_id):
            metrics.NODE_RELAYS.labels("served", "stale").inc()
            return json_response(
                {
                    "code": "link_not_here",
                    "message": f"This process holds no link for office {office_id}.",
                },
                503,
                headers={ANSWER: "not-here"},
            )
        try:
            answer = await links.forward_header(office_id, header, payload, timeout, here_only=True)
        except DentinError as exc:
            metrics.NODE_RELAYS.labels("served", "refused").inc()
            return json_response(
                exc.body(), exc.status_code, headers={**exc.headers, ANSWER: "refusal"}
            )
        except Exception as exc:  # never a 500 page: the peer passes on a sentence
            log.error("node_relay_failed", office_id=office_id, error=type(exc).__name__)
            return json_response(
                {
                    "code": "office_unavailable",
                    "message": f"Office {office_id}'s answer could not be relayed; retry.",
                },
                503,
                headers={ANSWER: "refusal", "Retry-After": "5"},
            )
        metrics.NODE_RELAYS.labels("served", "answered").inc()
        response = Response(answer.body, answer.status)
        response.raw_headers = [
            (b"content-length", str(len(answer.body)).encode()),
            *(
                (k.lower().encode("latin-1"), v.encode("latin-1"))
                for k, v in [*answer.headers, *answer_headers(answer)]
                if k.lower() != "content-length"
            ),
        ]
        return response

    return Starlette(routes=[Route(RELAY_PATH, relay, methods=["POST"])])


def _request(body: bytes) -> tuple[int, dict[str, Any], bytes, float | None]:
    try:
        frame = frames.decode(body)
    except frames.FrameError as exc:
        raise BadRequest(f"The relayed request is not a link frame: {exc}.") from None
    header = dict(frame.header)
    office_id = header.pop("o", None)
    timeout = header.pop("to", None)
    if frame.type != frames.REQUEST or not isinstance(office_id, int):
        raise BadRequest("The relayed request names no office; send a link request frame.")
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or timeout <= 0:
        timeout = None
    return office_id, header, frame.body, timeout
