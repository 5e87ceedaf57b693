"""``PUT /queries/ShortQuery``: read-only SQL as Open Dental integrators write it.

Every attempt, refused or not, lands in the HQ audit log with its SQL text, as Open Dental's
Audit Trail logs it. Queries run in the office registry's own bounded pool (``workpool``), never
in the server's shared one, so one key's slow queries cannot stall other offices.

Which ``apikey`` rows a query sees: a developer's key sees its developer's own CustomerKeys; a
practice token sees every key of its office only with ``ALL_KEYS_SCOPE`` (no ``apikey`` scope
exists; changing practice users' rights is the administrative one), and otherwise no rows, so
the seed's query still runs and simply finds nothing.
"""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body
from dentin.caller import Actor, Caller
from dentin.errors import BadRequest, DentinError
from dentin.office.outbound import OfficeEvent, Outbound
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeAdmitted, OfficeDb, OfficeEdgeDep
from dentin.office.shortquery import ShortQueryCaller, plan, run_short_query
from dentin.office.shortquery.execute import Page
from dentin.query import MAX_LIMIT, Args
from dentin.responses import json_response
from dentin.wire import ascii_digits

router = APIRouter(prefix="/api/v1", tags=["queries"])
AUDIT_EVENT = "query.shortquery"
ALL_KEYS_SCOPE = "user:update"  # a practice token with it sees every apikey row of its office


def _page(args: Args, body: Body) -> tuple[int, int]:
    offset, limit = args.page()
    for name in ("Offset", "Limit"):
        if args.str(name) is None and body.has(name):
            value = body.get(name)
            if isinstance(value, str) and ascii_digits(value.strip()):
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise BadRequest(f"{name} must be a whole number of 0 or more.")
            if name == "Offset":
                offset = value
            else:
                limit = min(value or MAX_LIMIT, MAX_LIMIT)
    return int(offset), int(limit)


def _plan_and_run(
    db: OfficeDatabase,
    sql: str,
    *,
    offset: int,
    limit: int,
    timeout: float,
    caller: ShortQueryCaller,
) -> Page:
    return run_short_query(
        db, plan(sql), offset=offset, limit=limit, timeout=timeout, caller=caller
    )


def shortquery_caller(caller: Caller) -> ShortQueryCaller:
    if caller.kind == "token":
        return ShortQueryCaller("practice", may_see_all_keys=ALL_KEYS_SCOPE in caller.permissions)
    return ShortQueryCaller("developer", developer_name=caller.developer_name)


def _audit(out: Outbound, caller: Caller, source: str, sql: str, offset: int, outcome: str) -> None:
    sql = sql.replace("\x00", "\\0")  # PostgreSQL text cannot hold NUL; keep it visible
    assert caller.office_id is not None
    out.record(
        OfficeEvent(
            AUDIT_EVENT,
            Actor(f"developer:{caller.developer_name}", source),
            caller.office_id,
            developer_id=caller.developer_id,
            subject=sql[:200],
            after={"SqlCommand": sql, "Offset": offset, "outcome": outcome},
        )
    )


@router.put(
    "/queries/ShortQuery",
    summary="Run one read-only query (MySQL dialect); at most 100 rows per call, page with Offset",
    responses={
        200: {"content": {"application/json": {"example": [{"patnum": 11, "baltotal": 370.0}]}}}
    },
)
async def short_query(
    request: Request, db: OfficeDb, admitted: OfficeAdmitted, edge: OfficeEdgeDep
) -> Response:
    caller = admitted.caller
    body = Body.parse(await request.body())
    sql = body.str("SqlCommand", required=True) or ""
    offset, limit = _page(Args(request.query_params), body)
    source = request.client.host if request.client else ""
    outcome = "ok"
    try:
        assert caller.office_id is not None  # an office caller always has its office
        # Admitted (or refused with 429) before any parsing: a refusal costs next to nothing.
        future = edge.long_work.submit(
            caller.meter_id or f"developer:{caller.developer_id}",
            caller.office_id,
            _plan_and_run,
            db,
            sql,
            offset=offset,
            limit=limit,
            timeout=edge.settings.shortquery_timeout_seconds,
            caller=shortquery_caller(caller),
        )
        page = await asyncio.wrap_future(future)
    except DentinError as exc:
        outcome = exc.code
        raise
    finally:
        await run_in_threadpool(_audit, admitted.out, caller, source, sql, offset, outcome)
    return json_response(page.rows)
