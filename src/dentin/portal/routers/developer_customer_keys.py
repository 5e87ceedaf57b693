"""CustomerKeys as seed 002's /apikeys lists them, with create, enable/disable, DevRefId, move."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.errors import DentinError
from dentin.hq import customer_keys, office_setup, offices
from dentin.portal.routers import developer_pages
from dentin.portal.routers.common import DeveloperSession, actor
from dentin.portal.web import csrf_protect, posted, redirect, render, runtime
from dentin.wire import parse_id

router = APIRouter(prefix="/developer", dependencies=[Depends(csrf_protect)])
PAGE = "/developer/customer-keys"


def _page(
    request: Request,
    me: DeveloperSession,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    dev = developer_pages.require_approved(request, me)
    hq = runtime(request).hq
    keys = customer_keys.list_customer_keys(hq, dev.id)
    office_ids = sorted({k.office_id for k in keys if k.office_id is not None})
    names = {i: offices.get_office(hq, i).name for i in office_ids}
    trusted = sorted(
        {
            k.office_id
            for k in keys
            if k.office_id is not None and k.status != customer_keys.DISABLED_BY_CUSTOMER
        }
    )
    context = {
        "title": "Customer keys",
        "keys": keys,
        "office_names": names,
        "move_targets": {k.key: [(i, names[i]) for i in trusted if i != k.office_id] for k in keys},
        "errors": errors or {},
        "values": values or {},
    }
    return render(
        request,
        "developer/customer_keys.html",
        context,
        area="developer",
        session=me,
        status=status,
    )


@router.get("/customer-keys")
def key_list(request: Request, me: DeveloperSession) -> Response:
    return _page(request, me)


@router.post("/customer-keys")
def key_create(request: Request, me: DeveloperSession) -> Response:
    dev = developer_pages.require_approved(request, me)
    form = posted(request)
    try:
        view = customer_keys.create_customer_key(
            runtime(request).hq, dev.id, actor(request, me), dev_ref_id=form.get("DevRefId", "")
        )
    except DentinError as exc:
        return _page(request, me, errors={"DevRefId": exc.message}, values=form, status=400)
    return redirect(
        request,
        PAGE,
        flash=f"CustomerKey {view.key} created. Give it to the practice: they paste it in "
        "API Setup > Add Key.",
    )


@router.post("/customer-keys/{key}/status")
def key_status(request: Request, key: str, me: DeveloperSession) -> Response:
    dev = developer_pages.require_approved(request, me)
    form = posted(request)
    status = (
        customer_keys.ENABLED
        if form.get("action") == "enable"
        else customer_keys.DISABLED_BY_DEVELOPER
    )
    try:
        customer_keys.update_customer_key(
            runtime(request).hq, dev.id, key, actor(request, me), status=status
        )
    except DentinError as exc:
        return _page(request, me, errors={"_form": exc.message}, status=exc.status_code)
    verb = "enabled" if status == customer_keys.ENABLED else "disabled"
    return redirect(request, PAGE, flash=f"CustomerKey {key} {verb}.")


@router.post("/customer-keys/{key}/dev-ref-id")
def key_dev_ref_id(request: Request, key: str, me: DeveloperSession) -> Response:
    dev = developer_pages.require_approved(request, me)
    form = posted(request)
    try:
        customer_keys.update_customer_key(
            runtime(request).hq,
            dev.id,
            key,
            actor(request, me),
            dev_ref_id=form.get("DevRefId", ""),
        )
    except DentinError as exc:
        return _page(request, me, errors={f"ref-{key}": exc.message}, status=exc.status_code)
    return redirect(request, PAGE, flash=f"DevRefId of {key} saved.")


@router.post("/customer-keys/{key}/move")
def key_move(request: Request, key: str, me: DeveloperSession) -> Response:
    dev = developer_pages.require_approved(request, me)
    form = posted(request)
    rt = runtime(request)
    raw_office = (form.get("office") or "").strip()
    if not raw_office:
        return _page(
            request, me, errors={f"move-{key}": "Choose the office to move it to."}, status=400
        )
    try:
        office_id = parse_id(raw_office, "office")
        moved = office_setup.move_key(rt.hq, rt.reach, dev.id, key, office_id, actor(request, me))
    except DentinError as exc:
        return _page(request, me, errors={f"move-{key}": exc.message}, status=exc.status_code)
    return redirect(
        request,
        PAGE,
        flash=f"CustomerKey {moved.key.key} now belongs to office {office_id}; "
        "this takes effect on the next request.",
    )
