"""``/tasklists``, ``/tasks`` and ``/sheets``: task lists, tasks and a patient's sheets (reads)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.responses import Response

from dentin.errors import BadRequest
from dentin.office import enums, serialize
from dentin.office import serialize_account as wire
from dentin.office.listing import exists_or_404, paged
from dentin.office.models import Patient, Sheet, Task, TaskList
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["tasks"])


@router.get(
    "/tasklists",
    summary="Task lists (TaskListStatus: Active by default, or Archived)",
    openapi_extra=described(
        choices={"TaskListStatus": enums.TASK_LIST_STATUS.accepted()}, paged=True
    ),
)
def list_tasklists(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    raw = args.str("TaskListStatus")
    status = enums.TASK_LIST_STATUS.parse(raw, "TaskListStatus") if raw is not None else 0
    query = select(*serialize.columns(TaskList)).where(TaskList.TaskListStatus == status)
    with db.session() as session:
        rows = serialize.records(session, paged(query, TaskList.TaskListNum, args))
        return json_response([wire.tasklist(t) for t in rows])


@router.get(
    "/tasks",
    summary="Tasks (TaskListNum, KeyNum with ObjectType, TaskStatus, DateTimeOriginal)",
    openapi_extra=described(
        ids=("TaskListNum", "KeyNum"),
        moments=("DateTimeOriginal",),
        choices={
            "ObjectType": enums.TASK_OBJECT_TYPE.accepted(),
            "TaskStatus": enums.TASK_STATUS.accepted(),
        },
        paged=True,
    ),
)
def list_tasks(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    query = select(*serialize.columns(Task))
    for name in ("TaskListNum", "KeyNum"):
        number = args.int(name, minimum=0)
        if number is not None:
            query = query.where(getattr(Task, name) == number)
    for name, kind in (("ObjectType", enums.TASK_OBJECT_TYPE), ("TaskStatus", enums.TASK_STATUS)):
        raw = args.str(name)
        if raw is not None:
            query = query.where(getattr(Task, name) == kind.parse(raw, name))
    since = args.datetime("DateTimeOriginal")
    if since is not None:
        query = query.where(Task.DateTimeOriginal >= since)
    with db.session() as session:
        rows = serialize.records(session, paged(query, Task.TaskNum, args))
        return json_response([wire.task(t) for t in rows])


@router.get(
    "/sheets",
    summary="A patient's sheets (PatNum required)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_sheets(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    pat_num = args.int("PatNum", minimum=0)
    if pat_num is None:
        raise BadRequest("PatNum is required: GET /sheets?PatNum=123.")
    query = select(*serialize.columns(Sheet)).where(Sheet.PatNum == pat_num, Sheet.IsDeleted == 0)
    with db.session() as session:
        exists_or_404(session, Patient, pat_num, "PatNum")
        rows = serialize.records(session, paged(query, Sheet.SheetNum, args))
        return json_response([wire.sheet(s) for s in rows])
