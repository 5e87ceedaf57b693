"""``GET /preferences``: Open Dental's shape, always an array (seed 000's aging recipe reads it)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from dentin.office.lookups import PrefRow
from dentin.office.routes.deps import OfficeDb
from dentin.office.routes.reads import office_point_read
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
async def list_preferences(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    name = args.str("PrefName")
    offset, limit = args.page()
    tables = await office_point_read(db, db.tables)  # the cached copy, or a small re-read
    if name is not None:
        one = tables.pref_by_name.get(name.lower())
        rows: tuple[PrefRow, ...] = (one,) if one is not None else ()
    else:
        rows = tables.prefs
    page = rows[offset : offset + limit]
    return json_response([{"PrefNum": r[0], "PrefName": r[1], "ValueString": r[2]} for r in page])
