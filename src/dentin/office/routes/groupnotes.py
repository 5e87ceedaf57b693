"""``/procedurelogs/GroupNotes``, ``/procedurelogs/{ProcNum}/GroupNote`` (group notes) and
``/procedurelogs/InsuranceHistory``.

Registered before ``/procedurelogs/{ProcNum}`` so that ``GroupNotes`` and ``InsuranceHistory``
are not read as ProcNums. Open Dental's GET spells ``isSigned`` as C#'s ``True``/``False``; its POST and PUT
answers as ``true``/``false``: each is kept as its page shows it.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.office import group_notes, insurance_history, serialize
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, path_id
from dentin.office.models import ProcedureLog
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["procedurelogs"])


def wire(note: group_notes.GroupNote, *, capitalized: bool) -> dict[str, object]:
    signed = ("True" if note.signed else "False") if capitalized else str(note.signed).lower()
    return {
        "PatNum": note.PatNum,
        "ProvNum": note.ProvNum,
        "ProcNum": note.ProcNum,
        "ProcNums": note.ProcNums,
        "Note": note.Note,
        "isSigned": signed,
    }


def _read(db: OfficeDatabase, proc_num: int) -> dict[str, object]:
    with db.session() as session:
        return wire(group_notes.read_group_note(session, proc_num), capitalized=False)


@router.get(
    "/procedurelogs/GroupNotes",
    summary="A patient's group notes (PatNum required)",
    openapi_extra=described(ids=("PatNum",)),
)
def list_group_notes(request: Request, db: OfficeDb) -> Response:
    pat_num = Args(request.query_params).int("PatNum", minimum=0)
    if pat_num is None:
        raise BadRequest("PatNum is required: GET /procedurelogs/GroupNotes?PatNum=26.")
    with db.session() as session:
        notes = group_notes.list_group_notes(session, pat_num)
        return json_response([wire(n, capitalized=True) for n in notes])


_BODY = {"PatNum": 52, "ProvNum": 3, "ProcNums": [1470, 1472], "Note": "Medical: no changes"}


@router.post(
    "/procedurelogs/GroupNote",
    status_code=201,
    summary="Add a group note over procedures of one date, clinic and provider",
    openapi_extra=json_body(
        required=("PatNum", "ProcNums", "Note"),
        ids=("PatNum", "ProvNum"),
        texts=("Note",),
        flags=("isSigned",),
        example=_BODY,
    ),
)
async def create_group_note(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(group_notes.create_group_note, db, fields)
    row = await run_in_threadpool(_read, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/procedurelogs/{num}"})


@router.put(
    "/procedurelogs/{ProcNum}/GroupNote",
    summary="Change a group note's text (kept as history), signature or provider",
    openapi_extra=json_body(
        required=("PatNum", "Note"),
        ids=("PatNum", "ProvNum"),
        texts=("Note",),
        flags=("doAppendNote", "isSigned"),
        example={"PatNum": 30, "ProvNum": 3, "Note": "Dental exam"},
    ),
)
async def update_group_note(ProcNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(ProcNum, "ProcNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(group_notes.update_group_note, db, num, fields)
    return json_response(await run_in_threadpool(_read, db, num))


@router.delete("/procedurelogs/{ProcNum}/GroupNote", summary="Delete a group note")
def delete_group_note(ProcNum: str, db: OfficeDb) -> Response:
    group_notes.delete_group_note(db, path_id(ProcNum, "ProcNum"))
    return Response(status_code=200)


@router.get(
    "/procedurelogs/InsuranceHistory",
    summary="When the patient last had each insurance-limited kind of procedure",
    openapi_extra=described(ids=("PatNum", "InsSubNum")),
)
def get_insurance_history(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    pat_num, ins_sub = args.int("PatNum", minimum=0), args.int("InsSubNum", minimum=0)
    if pat_num is None or ins_sub is None:
        raise BadRequest(
            "PatNum and InsSubNum are required: "
            "GET /procedurelogs/InsuranceHistory?PatNum=2617&InsSubNum=2046."
        )
    with db.session() as session:
        return json_response(insurance_history.history(session, pat_num, ins_sub))


def _procedure(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        proc = get_or_404(session, ProcedureLog, num, "ProcNum")
        look = db.lookups(session)
        return serialize.procedurelog(proc, look, look.codes({proc.CodeNum}), "")


@router.post(
    "/procedurelogs/InsuranceHistory",
    status_code=201,
    summary="Record a date of insurance history (an EO procedure with an InsHist claimproc)",
    openapi_extra=json_body(
        required=("PatNum", "InsSubNum", "insHistPrefName", "ProcDate"),
        ids=("PatNum", "InsSubNum"),
        days=("ProcDate",),
        choices={"insHistPrefName": list(insurance_history.CATEGORIES)},
        example={
            "PatNum": 572,
            "InsSubNum": 49,
            "insHistPrefName": "InsHistExamCodes",
            "ProcDate": "2023-01-23",
        },
    ),
)
async def post_insurance_history(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(insurance_history.record, db, fields)
    row = await run_in_threadpool(_procedure, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/procedurelogs/{num}"})
