"""The developer's account: status, granted permissions and editable company details."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from dentin.errors import DentinError
from dentin.hq import developers
from dentin.hq.applications import ApplicationView
from dentin.portal.routers import developer_pages
from dentin.portal.routers.common import DeveloperSession, actor
from dentin.portal.web import csrf_protect, posted, redirect, render, runtime

router = APIRouter(prefix="/developer", dependencies=[Depends(csrf_protect)])
DETAILS: list[tuple[str, str, str]] = [
    ("ContactPhone", "Contact phone number", "tel"),
    ("BillingEmail", "Email address for long-term billing", "email"),
    ("BillingAddress", "Mailing address for long-term billing", "textarea"),
    ("ThirdPartyDeveloperName", "3rd party developer name (if any)", "text"),
    ("ThirdPartyDeveloperEmail", "3rd party developer email address", "email"),
    ("Description", "Description of the application", "textarea"),
]


def _values(dev: ApplicationView) -> dict[str, str]:
    return {
        "ContactPhone": dev.contact_phone,
        "BillingEmail": dev.billing_email,
        "BillingAddress": dev.billing_address,
        "ThirdPartyDeveloperName": dev.third_party_name,
        "ThirdPartyDeveloperEmail": dev.third_party_email,
        "Description": dev.description,
    }


def _page(
    request: Request,
    me: DeveloperSession,
    dev: ApplicationView,
    values: dict[str, str],
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "title": "Account",
        "dev": dev,
        "fields": DETAILS,
        "values": values,
        "errors": errors or {},
    }
    return render(
        request, "developer/account.html", context, area="developer", session=me, status=status
    )


@router.get("/account")
def account(request: Request, me: DeveloperSession) -> Response:
    dev = developer_pages.current(request, me)
    return _page(request, me, dev, _values(dev))


@router.post("/account")
def account_save(request: Request, me: DeveloperSession) -> Response:
    dev = developer_pages.current(request, me)
    form = posted(request)
    details = {name: form.get(name, "") for name, _label, _type in DETAILS}
    try:
        developers.update_details(runtime(request).hq, dev.id, details, actor(request, me))
    except DentinError as exc:
        errors = exc.extra.get("fields") or {"_form": exc.message}
        return _page(request, me, dev, details, errors, status=400)
    return redirect(request, "/developer/account", flash="Company details saved.")
