"""``/subscriptions``: API Events subscriptions in Open Dental's shape, one CustomerKey's own.

``office.events.subscriptions`` does the work; this module only translates. Subscriptions
belong to the CustomerKey that made them, so a practice token (which has none) is refused.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import Forbidden
from dentin.office.events import subscriptions
from dentin.office.listing import path_id
from dentin.office.routes.deps import OfficeCaller, OfficeCustomerKey, OfficeDb, OfficeEdgeDep
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["subscriptions"])

EXAMPLE = {
    "SubscriptionNum": 1,
    "EndPointUrl": "https://myserver/apievents/",
    "Workstation": "",
    "CustomerKey": "VzkmZEaUWOjnQX2z",
    "WatchTable": "Appointment",
    "PollingSeconds": 5,
    "UiEventType": "",
    "DateTimeStart": "2026-11-28 15:04:31",
    "DateTimeStop": "0001-01-01 00:00:00",
    "Note": "",
}
MOMENTS = ("DateTimeStart", "DateTimeStop")
TEXTS = ("EndPointUrl", "Workstation", "WatchTable", "UiEventType", "Note")


def _owner(caller: OfficeCaller, customer_key: OfficeCustomerKey) -> subscriptions.Owner:
    if customer_key is None:
        raise Forbidden(
            "Subscriptions belong to a CustomerKey, and events are sent back with it: call "
            "with `Authorization: ODFHIR {DeveloperKey}/{CustomerKey}`.",
            code="customer_key_required",
        )
    return subscriptions.Owner(customer_key, caller.permissions)


def _allow_private(edge: OfficeEdgeDep) -> bool:
    return edge.settings.events_allow_private or edge.settings.demo


@router.get(
    "/subscriptions",
    summary="This CustomerKey's subscriptions",
    responses={200: {"content": {"application/json": {"example": [EXAMPLE]}}}},
)
def list_subscriptions(
    db: OfficeDb, caller: OfficeCaller, customer_key: OfficeCustomerKey
) -> Response:
    return json_response(subscriptions.listed(db, _owner(caller, customer_key)))


@router.get(
    "/subscriptions/{SubscriptionNum}",
    summary="One subscription",
    responses={200: {"content": {"application/json": {"example": EXAMPLE}}}},
)
def get_subscription(
    SubscriptionNum: str, db: OfficeDb, caller: OfficeCaller, customer_key: OfficeCustomerKey
) -> Response:
    num = path_id(SubscriptionNum, "SubscriptionNum")
    return json_response(subscriptions.get(db, _owner(caller, customer_key), num))


@router.post(
    "/subscriptions",
    status_code=201,
    summary="Subscribe an https endpoint to a table's changes (the answer shows SigningSecret once)",
    openapi_extra=json_body(
        required=("EndPointUrl",),
        example={"EndPointUrl": "https://myserver/apievents/", "WatchTable": "Appointment"},
        ids=("PollingSeconds",),
        moments=MOMENTS,
        texts=TEXTS,
    ),
)
async def create_subscription(
    request: Request,
    db: OfficeDb,
    caller: OfficeCaller,
    customer_key: OfficeCustomerKey,
    edge: OfficeEdgeDep,
) -> Response:
    owner = _owner(caller, customer_key)
    body = Body.parse(await request.body())
    row = await run_in_threadpool(
        subscriptions.create, db, owner, body, allow_private=_allow_private(edge)
    )
    return json_response(
        row,
        201,
        {
            "Location": f"{request.base_url}api/v1/subscriptions/{row['SubscriptionNum']}",
            "Cache-Control": "no-store",
        },
    )


@router.put(
    "/subscriptions/{SubscriptionNum}",
    summary="Change a subscription (enables one a receiver disabled with 410); 200 OK, no body",
    openapi_extra=json_body(ids=("PollingSeconds",), moments=MOMENTS, texts=TEXTS),
)
async def update_subscription(
    SubscriptionNum: str,
    request: Request,
    db: OfficeDb,
    caller: OfficeCaller,
    customer_key: OfficeCustomerKey,
    edge: OfficeEdgeDep,
) -> Response:
    num = path_id(SubscriptionNum, "SubscriptionNum")
    owner = _owner(caller, customer_key)
    body = Body.parse(await request.body())
    await run_in_threadpool(
        subscriptions.update, db, owner, num, body, allow_private=_allow_private(edge)
    )
    return Response(status_code=200)


@router.delete("/subscriptions/{SubscriptionNum}", summary="Stop and remove a subscription")
def delete_subscription(
    SubscriptionNum: str, db: OfficeDb, caller: OfficeCaller, customer_key: OfficeCustomerKey
) -> Response:
    num = path_id(SubscriptionNum, "SubscriptionNum")
    subscriptions.remove(db, _owner(caller, customer_key), num)
    return Response(status_code=200)


@router.put(
    "/subscriptions/{SubscriptionNum}/RotateSecret",
    summary="A new SigningSecret (shown once); the old one also signs for 24 hours",
)
def rotate_secret(
    SubscriptionNum: str, db: OfficeDb, caller: OfficeCaller, customer_key: OfficeCustomerKey
) -> Response:
    num = path_id(SubscriptionNum, "SubscriptionNum")
    row = subscriptions.rotate_secret(db, _owner(caller, customer_key), num)
    return json_response(row, headers={"Cache-Control": "no-store"})


@router.get(
    "/subscriptions/{SubscriptionNum}/Deliveries",
    summary="The delivery log, newest first (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_deliveries(
    SubscriptionNum: str,
    request: Request,
    db: OfficeDb,
    caller: OfficeCaller,
    customer_key: OfficeCustomerKey,
) -> Response:
    num = path_id(SubscriptionNum, "SubscriptionNum")
    offset, limit = Args(request.query_params).page()
    owner = _owner(caller, customer_key)
    return json_response(subscriptions.deliveries(db, owner, num, offset, limit))
