"""The one catalogue mapping every ``/api/v1`` office route to exactly one ``resource:action``.

Every edge (HQ's gateway, the Service server) looks the matched route up here; a route missing from the catalogue is refused
(fail closed), and a test walks the app's route table so none can ship unguarded.
"""

from __future__ import annotations

from dentin.errors import Forbidden

ROUTE_PERMISSIONS: dict[tuple[str, str], str] = {
    ("GET", "/api/v1/preferences"): "preference:read",
    ("GET", "/api/v1/reports/Aging"): "report:read",
    ("PUT", "/api/v1/queries/ShortQuery"): "query:read",
    ("GET", "/api/v1/patients"): "patient:read",
    ("GET", "/api/v1/patients/Simple"): "patient:read",
    ("GET", "/api/v1/patients/{PatNum}"): "patient:read",
    ("POST", "/api/v1/patients"): "patient:create",
    ("PUT", "/api/v1/patients/{PatNum}"): "patient:update",
    ("GET", "/api/v1/appointments"): "appointment:read",
    ("GET", "/api/v1/appointments/Slots"): "appointment:read",
    ("GET", "/api/v1/appointments/{AptNum}"): "appointment:read",
    ("POST", "/api/v1/appointments"): "appointment:create",
    ("PUT", "/api/v1/appointments/{AptNum}"): "appointment:update",
    ("PUT", "/api/v1/appointments/{AptNum}/Break"): "appointment:update",
    ("PUT", "/api/v1/appointments/{AptNum}/Confirm"): "appointment:update",
    ("PUT", "/api/v1/appointments/{AptNum}/Note"): "appointment:update",
    ("DELETE", "/api/v1/appointments/{AptNum}"): "appointment:delete",
    ("GET", "/api/v1/providers"): "provider:read",
    ("GET", "/api/v1/providers/{ProvNum}"): "provider:read",
    ("GET", "/api/v1/operatories"): "operatory:read",
    ("GET", "/api/v1/operatories/{OperatoryNum}"): "operatory:read",
    ("GET", "/api/v1/clinics"): "clinic:read",
    ("GET", "/api/v1/clinics/{ClinicNum}"): "clinic:read",
    ("GET", "/api/v1/commlogs"): "commlog:read",
    ("GET", "/api/v1/commlogs/{CommlogNum}"): "commlog:read",
    ("POST", "/api/v1/commlogs"): "commlog:create",
    ("GET", "/api/v1/procedurelogs"): "procedurelog:read",
    ("GET", "/api/v1/procedurelogs/{ProcNum}"): "procedurelog:read",
    ("POST", "/api/v1/procedurelogs"): "procedurelog:create",
    ("GET", "/api/v1/payments"): "payment:read",
    ("GET", "/api/v1/payments/{PayNum}"): "payment:read",
    ("POST", "/api/v1/payments"): "payment:create",
    ("GET", "/api/v1/userods"): "user:read",
    # Issue 15, account part: the rest of the existing resources.
    ("GET", "/api/v1/appointments/ASAP"): "appointment:read",
    ("GET", "/api/v1/appointments/WebSched"): "appointment:read",
    ("GET", "/api/v1/appointments/SlotsWebSched"): "appointment:read",
    ("POST", "/api/v1/appointments/WebSched"): "appointment:create",
    ("POST", "/api/v1/appointments/Planned"): "appointment:create",
    ("POST", "/api/v1/appointments/SchedulePlanned"): "appointment:create",
    ("POST", "/api/v1/providers"): "provider:create",
    ("PUT", "/api/v1/providers/{ProvNum}"): "provider:update",
    ("PUT", "/api/v1/procedurelogs/{ProcNum}"): "procedurelog:update",
    ("DELETE", "/api/v1/procedurelogs/{ProcNum}"): "procedurelog:delete",
    ("GET", "/api/v1/procedurelogs/GroupNotes"): "procedurelog:read",
    ("GET", "/api/v1/procedurelogs/InsuranceHistory"): "procedurelog:read",
    ("POST", "/api/v1/procedurelogs/InsuranceHistory"): "procedurelog:create",
    ("POST", "/api/v1/procedurelogs/GroupNote"): "procedurelog:create",
    ("PUT", "/api/v1/procedurelogs/{ProcNum}/GroupNote"): "procedurelog:update",
    ("DELETE", "/api/v1/procedurelogs/{ProcNum}/GroupNote"): "procedurelog:delete",
    ("POST", "/api/v1/payments/Refund"): "payment:create",
    ("PUT", "/api/v1/payments/{PayNum}"): "payment:update",
    ("PUT", "/api/v1/payments/{PayNum}/Partial"): "payment:update",
    ("GET", "/api/v1/adjustments"): "adjustment:read",
    ("POST", "/api/v1/adjustments"): "adjustment:create",
    ("PUT", "/api/v1/adjustments/{AdjNum}"): "adjustment:update",
    ("GET", "/api/v1/paysplits"): "payment:read",
    ("GET", "/api/v1/payplans"): "payplan:read",
    ("GET", "/api/v1/payplans/{PayPlanNum}"): "payplan:read",
    ("GET", "/api/v1/payplancharges"): "payplan:read",
    ("GET", "/api/v1/statements"): "statement:read",
    ("GET", "/api/v1/statements/{StatementNum}"): "statement:read",
    ("GET", "/api/v1/treatplans"): "treatplan:read",
    ("POST", "/api/v1/treatplans"): "treatplan:create",
    ("GET", "/api/v1/proctps"): "treatplan:read",
    ("GET", "/api/v1/treatplanattaches"): "treatplan:read",
    ("GET", "/api/v1/accountmodules/{PatNum}/Aging"): "account:read",
    ("GET", "/api/v1/accountmodules/{PatNum}/PatientBalances"): "account:read",
    ("GET", "/api/v1/accountmodules/{PatNum}/ServiceDateView"): "account:read",
    ("GET", "/api/v1/chartmodules/{PatNum}/ProgNotes"): "chart:read",
    ("GET", "/api/v1/chartmodules/{PatNum}/PatientInfo"): "chart:read",
    ("GET", "/api/v1/chartmodules/{PatNum}/PlannedAppts"): "chart:read",
    ("GET", "/api/v1/schedules"): "schedule:read",
    ("GET", "/api/v1/schedules/{ScheduleNum}"): "schedule:read",
    ("GET", "/api/v1/scheduleops"): "schedule:read",
    ("GET", "/api/v1/appointmenttypes"): "appointmenttype:read",
    ("GET", "/api/v1/definitions"): "definition:read",
    ("GET", "/api/v1/usergroups"): "usergroup:read",
    ("GET", "/api/v1/tasklists"): "task:read",
    ("GET", "/api/v1/tasks"): "task:read",
    ("GET", "/api/v1/sheets"): "sheet:read",
    # Open Dental counts every Subscriptions method under ReadAll; watching a table also needs
    # that table's own read permission, which the subscription routes check themselves.
    ("GET", "/api/v1/subscriptions"): "subscription:read",
    ("GET", "/api/v1/subscriptions/{SubscriptionNum}"): "subscription:read",
    ("POST", "/api/v1/subscriptions"): "subscription:read",
    ("PUT", "/api/v1/subscriptions/{SubscriptionNum}"): "subscription:read",
    ("DELETE", "/api/v1/subscriptions/{SubscriptionNum}"): "subscription:read",
    ("PUT", "/api/v1/subscriptions/{SubscriptionNum}/RotateSecret"): "subscription:read",
    ("GET", "/api/v1/subscriptions/{SubscriptionNum}/Deliveries"): "subscription:read",
}

# Routes that do not act on office data and authenticate differently (or not at all).
NOT_OFFICE_ROUTES: frozenset[str] = frozenset(
    {
        "/api/v1/apikeys",
        "/api/v1/usage",
        "/api/v1/practice/features",
        "/api/v1/practice/tokens",
        "/api/v1/practice/tokens/{TokenNum}/revoke",
        "/api/v1/practice/tokens/{TokenNum}/rotate",
        "/api/v1/token-leaks",
        "/api/v1/apikeys/{CustomerKey}",
        "/api/v1/apikeys/move",
        "/api/v1/developer-applications",
        "/api/v1/practice/sessions",
        "/api/v1/practice/api-setup",
        "/api/v1/practice/api-setup/keys",
    }
)


def permission_for(method: str, path_template: str) -> str | None:
    if method == "HEAD":
        method = "GET"
    return ROUTE_PERMISSIONS.get((method, path_template))


def require(method: str, template: str, permissions: frozenset[str], *, token: bool) -> None:
    """Refuse (403, naming the permission) a caller whose permissions do not cover the route.

    A route missing from the catalogue is refused too: nothing ships unguarded.
    """
    needed = permission_for(method, template)
    if needed is None:
        raise Forbidden(
            f"{method} {template} is not in the permission catalogue, so no key may call it.",
            code="route_not_catalogued",
        )
    if needed not in permissions:
        raise Forbidden(
            f"This API key lacks the scope {needed}; generate a key that includes it."
            if token
            else f"This key's developer lacks the permission {needed}; ask the platform "
            "operator to grant it.",
            code="missing_permission",
            extra={"missing_permission": needed},
        )
