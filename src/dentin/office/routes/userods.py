"""``/userods``: the practice's users. No password field ever leaves, not even empty."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import Response

from dentin.office import serialize
from dentin.office.listing import paged
from dentin.office.models import Userod
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["userods"])


@router.get(
    "/userods",
    summary="Practice users (Offset, Limit); never a password",
    openapi_extra=described(ids=("ClinicNum",), paged=True),
)
def list_userods(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(Userod)
    clinic = args.int("ClinicNum", minimum=0)
    if clinic is not None:
        query = query.where(Userod.ClinicNum == clinic)
    with db.session() as session:
        rows = session.scalars(paged(query, Userod.UserNum, args)).all()
        names = serialize.provider_names(session) if any(u.ProvNum for u in rows) else {}
        return json_response([serialize.userod(u, names) for u in rows])
