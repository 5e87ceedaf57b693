"""``/clinics``: the office's locations, list and single (ClinicNum 0 means "no clinic")."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import Response

from dentin.office import serialize
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import Clinic
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["clinics"])


@router.get(
    "/clinics",
    summary="Clinics (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_clinics(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    with db.session() as session:
        rows = session.scalars(paged(select(Clinic), Clinic.ClinicNum, args)).all()
        return json_response([serialize.clinic(c) for c in rows])


@router.get("/clinics/{ClinicNum}", summary="One clinic")
def get_clinic(ClinicNum: str, db: OfficeDb) -> Response:
    with db.session() as session:
        clinic = get_or_404(session, Clinic, path_id(ClinicNum, "ClinicNum"), "ClinicNum")
        return json_response(serialize.clinic(clinic))
