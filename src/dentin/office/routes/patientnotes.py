"""``/patientnotes``: the notes each patient has one of (medical, service, emergency contact).

Open Dental makes a patient's note row on first use, so a patient who has none reads as an
empty note; ``FamFinancial`` is the family's, read from and written to the guarantor's row.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import clinical_writes as writes
from dentin.office import serialize
from dentin.office import serialize_clinical as clinical
from dentin.office.fields import Fields
from dentin.office.listing import exists_or_404, paged, path_id
from dentin.office.models import Patient, PatientNote
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["patientnotes"])


def _family_notes(session: Session, pat_nums: set[int]) -> dict[int, str]:
    """PatNum → its family's FamFinancial (the guarantor's row)."""
    if not pat_nums:
        return {}
    guarantors = dict(
        session.execute(
            select(Patient.PatNum, Patient.Guarantor).where(Patient.PatNum.in_(pat_nums))
        ).all()
    )
    heads = {g or p for p, g in guarantors.items()}
    notes = dict(
        session.execute(
            select(PatientNote.PatNum, PatientNote.FamFinancial).where(
                PatientNote.PatNum.in_(heads)
            )
        ).all()
    )
    return {p: notes.get(g or p, "") for p, g in guarantors.items()}


def _render(db: OfficeDatabase, pat_num: int) -> dict[str, object]:
    with db.session() as session:
        exists_or_404(session, Patient, pat_num, "PatNum")
        row = session.get(PatientNote, pat_num)
        family = _family_notes(session, {pat_num})
        return clinical.patientnote(pat_num, row, family.get(pat_num, ""))


@router.get(
    "/patientnotes",
    summary="Patient notes that have been written (Offset, Limit)",
    openapi_extra=described(paged=True),
)
def list_patientnotes(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(PatientNote))
    with db.session() as session:
        rows = serialize.records(session, paged(query, PatientNote.PatNum, args))
        family = _family_notes(session, {r.PatNum for r in rows})
        return json_response(
            [clinical.patientnote(r.PatNum, r, family.get(r.PatNum, "")) for r in rows]
        )


@router.get("/patientnotes/{PatNum}", summary="One patient's notes")
def get_patientnote(PatNum: str, db: OfficeDb) -> Response:
    return json_response(_render(db, path_id(PatNum, "PatNum")))


@router.put(
    "/patientnotes/{PatNum}",
    summary="Replace a patient's notes, field by field (append yourself: GET, then PUT)",
    openapi_extra=json_body(
        texts=("FamFinancial", *writes.NOTE_FIELDS),
        example={"ICEName": "Herbert Grayson", "ICEPhone": "(134) 721-1321"},
    ),
)
async def update_patientnote(PatNum: str, request: Request, db: OfficeDb) -> Response:
    pat_num = path_id(PatNum, "PatNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(writes.update_patientnote, db, pat_num, fields)
    return json_response(await run_in_threadpool(_render, db, pat_num))
