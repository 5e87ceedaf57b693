"""``GET /preferences``: Open Dental's shape, always an array (seed 000's aging recipe reads it)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import func, select
from starlette.responses import Response

from dentin.office.models import Preference
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["preferences"])


@router.get(
    "/preferences",
    summary="Preferences, optionally one by PrefName (always an array)",
    openapi_extra=described(texts=("PrefName",), paged=True),
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": [
                        {"PrefNum": 12, "PrefName": "DateLastAging", "ValueString": "2026-11-28"}
                    ]
                }
            }
        }
    },
)
def list_preferences(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    name = args.str("PrefName")
    offset, limit = args.page()
    query = select(Preference.PrefNum, Preference.PrefName, Preference.ValueString)
    if name is not None:
        query = query.where(func.lower(Preference.PrefName) == name.lower())
    query = query.order_by(Preference.PrefNum).offset(offset).limit(limit)
    with db.session() as session:
        rows = session.execute(query).all()
    return json_response([{"PrefNum": r[0], "PrefName": r[1], "ValueString": r[2]} for r in rows])
