"""Developer applications: read, approve with chosen permissions, or reject with a reason."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin import scopes
from dentin.errors import DentinError
from dentin.hq import applications
from dentin.portal.routers.common import Operator, actor
from dentin.portal.web import (
    checked,
    csrf_protect,
    posted,
    redirect,
    render,
    runtime,
)

router = APIRouter(prefix="/admin", dependencies=[Depends(csrf_protect)])
STATUSES = ("pending", "approved", "rejected", "suspended")


@router.get("/applications")
def application_list(request: Request, me: Operator) -> Response:
    status = request.query_params.get("status", "pending")
    status = status if status in (*STATUSES, "all") else "pending"
    rows = applications.list_applications(runtime(request).hq, None if status == "all" else status)
    context = {"title": "Applications", "rows": rows, "status": status, "statuses": STATUSES}
    return render(request, "admin/applications.html", context, area="admin", session=me)


@router.get("/applications/{developer_id}")
def application_detail(request: Request, developer_id: int, me: Operator) -> Response:
    app = applications.get_application(runtime(request).hq, developer_id)
    return _detail(request, me, app, checked=app.permissions or app.requested_permissions)


def _detail(
    request: Request,
    me: Operator,
    app: applications.ApplicationView,
    *,
    checked: list[str],
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "title": f"Application: {app.company_name}",
        "app": app,
        "resources": scopes.RESOURCES,
        "actions": scopes.ACTIONS,
        "checked": checked,
        "errors": errors or {},
        "values": values or {},
    }
    return render(
        request, "admin/application.html", context, area="admin", session=me, status=status
    )


@router.post("/applications/{developer_id}/approve")
def application_approve(request: Request, developer_id: int, me: Operator) -> Response:
    hq = runtime(request).hq
    granted = checked(request, "grant")
    try:
        applications.approve(hq, developer_id, actor(request, me), grant=granted)
    except DentinError as exc:
        app = applications.get_application(hq, developer_id)
        return _detail(request, me, app, checked=granted, errors={"grant": exc.message}, status=400)
    app = applications.get_application(hq, developer_id)
    return redirect(
        request,
        "/admin/applications",
        flash=f"{app.company_name} approved with {len(granted)} permission(s). The developer "
        "signs in to the portal and issues their keys on the Keys page.",
    )


@router.post("/applications/{developer_id}/reject")
def application_reject(request: Request, developer_id: int, me: Operator) -> Response:
    hq = runtime(request).hq
    form = posted(request)
    reason = form.get("reason", "")
    if len(reason) > 500:
        app = applications.get_application(hq, developer_id)
        return _detail(
            request,
            me,
            app,
            checked=app.requested_permissions,
            status=400,
            errors={"reason": "Keep the reason under 500 characters."},
            values={"reason": reason},
        )
    app = applications.reject(hq, developer_id, actor(request, me), reason)
    return redirect(request, "/admin/applications", flash=f"{app.company_name} rejected.")
