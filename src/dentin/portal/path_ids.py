"""Whole-number path parameters of portal pages (``/admin/offices/{office_id}/api``), bounded.

FastAPI turns ``{office_id}`` into an ``int`` of any size, and a 30-digit one reached the
database as an ``OverflowError`` (a 500 page). One portal-wide dependency refuses any ``int``
path parameter outside 0..``wire.MAX_ID`` with a 400 page, so no page has to remember to.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.routing import APIRoute

from dentin.errors import DentinError
from dentin.portal.web import PortalRefusal
from dentin.wire import parse_id


def path_ids_in_range(request: Request) -> None:
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    for param in route.dependant.path_params:
        if param.field_info.annotation is not int:
            continue
        raw = request.path_params.get(param.alias)
        if raw is None:
            continue
        try:
            parse_id(str(raw), param.alias, minimum=0)
        except DentinError as exc:
            raise PortalRefusal(400, "That address is not valid", exc.message) from None
