"""``/documents``: a patient's documents, their Image Info, and their files."""

from __future__ import annotations

import mimetypes

from fastapi import APIRouter, Request
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, Response

from dentin.bodies import Body, json_body
from dentin.errors import BadRequest
from dentin.office import documents, serialize
from dentin.office.definitions import Defs
from dentin.office.document_files import locate
from dentin.office.fields import Fields
from dentin.office.listing import get_or_404, path_id, server_now
from dentin.office.models import Document, Patient
from dentin.office.registry import OfficeDatabase
from dentin.office.routes.deps import OfficeDb
from dentin.query import Args, described
from dentin.responses import json_response

router = APIRouter(prefix="/api/v1", tags=["documents"])


def _render(db: OfficeDatabase, num: int) -> dict[str, object]:
    with db.session() as session:
        row = get_or_404(session, Document, num, "DocNum")
        return documents.document(row, Defs.load(session))


@router.get(
    "/documents",
    summary="A patient's documents, by DateCreated (PatNum required; Offset, Limit)",
    openapi_extra=described(ids=("PatNum",), paged=True),
)
def list_documents(request: Request, db: OfficeDb) -> Response:
    args = Args(request.query_params)
    pat_num = args.int("PatNum", minimum=0)
    if not pat_num:
        raise BadRequest("PatNum is required: the patient whose documents to list.")
    offset, limit = args.page()
    server = server_now(db)
    with db.session() as session:
        patient = get_or_404(session, Patient, pat_num, "PatNum")
        query = (
            select(*serialize.columns(Document))
            .where(Document.PatNum == pat_num)
            .order_by(Document.DateCreated, Document.DocNum)
            .offset(offset)
            .limit(limit)
        )
        rows = serialize.records(session, query)
        defs = db.tables().defs
        return json_response([documents.listed(r, patient, defs, db.images, server) for r in rows])


@router.get("/documents/{DocNum}", summary="One document's details (not its file)")
def get_document(DocNum: str, db: OfficeDb) -> Response:
    return json_response(_render(db, path_id(DocNum, "DocNum")))


@router.get(
    "/documents/{DocNum}/Download",
    summary="The document's file, from the office's image folder",
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def download_document(DocNum: str, db: OfficeDb) -> Response:
    num = path_id(DocNum, "DocNum")
    with db.session() as session:
        row = get_or_404(session, Document, num, "DocNum")
        patient = get_or_404(session, Patient, row.PatNum, "PatNum")
        path = locate(db.images, row, patient)
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return FileResponse(path, media_type=kind, filename=path.name)


@router.put(
    "/documents/{DocNum}",
    summary="Change a document's Image Info",
    openapi_extra=json_body(
        ids=("DocCategory", "ProvNum"),
        moments=("DateCreated",),
        texts=("Description", "ToothNumbers"),
        flags=("PrintHeading",),
        choices={"ImgType": documents.IMG_TYPE.accepted()},
        example={"Description": "Pano", "ImgType": "Radiograph", "ToothNumbers": "12-15,20"},
    ),
)
async def update_document(DocNum: str, request: Request, db: OfficeDb) -> Response:
    num = path_id(DocNum, "DocNum")
    fields = Fields(Body.parse(await request.body()))
    await run_in_threadpool(documents.update_document, db, num, fields)
    return json_response(await run_in_threadpool(_render, db, num))


@router.delete("/documents/{DocNum}", summary="Delete a document and its file")
def delete_document(DocNum: str, db: OfficeDb) -> Response:
    documents.delete_document(db, path_id(DocNum, "DocNum"))
    return Response(status_code=200)
