"""``/tasknotes`` (notes on tasks) and ``/sheetfields`` (the fields of sheets, read)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from dentin.bodies import Body, json_body
from dentin.office import serialize, task_notes
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, paged, path_id
from dentin.office.models import SheetField, TaskNote
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["tasknotes"])


def _note(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        return task_notes.tasknote(get_or_404(session, TaskNote, num, "TaskNoteNum"))


@router.get(
    "/tasknotes",
    summary="Task notes (TaskNum, UserNum; Offset, Limit)",
    openapi_extra=described(ids=("TaskNum", "UserNum"), paged=True),
)
def list_tasknotes(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(TaskNote))
    for name in ("TaskNum", "UserNum"):
        value = args.int(name, minimum=0)
        if value is not None:
            query = query.where(getattr(TaskNote, name) == value)
    with db.session() as session:
        rows = serialize.records(session, paged(query, TaskNote.TaskNoteNum, args))
        return json_response([task_notes.tasknote(r) for r in rows])


@router.get("/tasknotes/{TaskNoteNum}", summary="One task note")
def get_tasknote(TaskNoteNum: str, db: OfficeDb) -> Response:
    return json_response(_note(db, path_id(TaskNoteNum, "TaskNoteNum")))


@router.post(
    "/tasknotes",
    status_code=201,
    summary="Add a note to a task (TaskNum, UserNum, Note)",
    openapi_extra=json_body(
        required=("TaskNum", "UserNum", "Note"),
        ids=("TaskNum", "UserNum"),
        texts=("Note",),
        example={"TaskNum": 1, "UserNum": 1, "Note": "Sending back to mark done."},
    ),
)
async def create_tasknote(request: Request, db: OfficeDb) -> Response:
    fields = Fields(Body.parse(await request.body()))
    num = await run_in_threadpool(task_notes.create_tasknote, db, fields)
    row = await run_in_threadpool(_note, db, num)
    return json_response(row, 201, {"Location": f"{request.base_url}api/v1/tasknotes/{num}"})


@router.put(
    "/tasknotes/{TaskNoteNum}",
    summary="Change a task note's text or time",
    openapi_extra=json_body(moments=("DateTimeNote",), texts=("Note",)),
)
async def update_tasknote(TaskNoteNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(TaskNoteNum, "TaskNoteNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(task_notes.update_tasknote, db, num, fields)
    return json_response(await run_in_threadpool(_note, db, num))


@router.get(
    "/sheetfields",
    summary="Sheet fields (SheetNum; Offset, Limit)",
    openapi_extra=described(ids=("SheetNum",), paged=True),
)
def list_sheetfields(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(SheetField))
    sheet = args.int("SheetNum", minimum=0)
    if sheet is not None:
        query = query.where(SheetField.SheetNum == sheet)
    with db.session() as session:
        rows = serialize.records(session, paged(query, SheetField.SheetFieldNum, args))
        return json_response([task_notes.sheetfield(r) for r in rows])


@router.get("/sheetfields/{SheetFieldNum}", summary="One sheet field")
def get_sheetfield(SheetFieldNum: str, db: OfficeDb) -> Response:
    num = path_id(SheetFieldNum, "SheetFieldNum")
    with db.session() as session:
        return json_response(
            task_notes.sheetfield(get_or_404(session, SheetField, num, "SheetFieldNum"))
        )
