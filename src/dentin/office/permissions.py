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
    # Open Dental counts every Subscriptions method under ReadAll; watching a table also needs
    # that table's own read permission, which the subscription routes check themselves.
    ("GET", "/api/v1/subscriptions"): "subscription:read",
    ("GET", "/api/v1/subscriptions/{SubscriptionNum}"): "subscription:read",
    ("POST", "/api/v1/subscriptions"): "subscription:read",
    ("PUT", "/api/v1/subscriptions/{SubscriptionNum}"): "subscription:read",
    ("DELETE", "/api/v1/subscriptions/{SubscriptionNum}"): "subscription:read",
    ("PUT", "/api/v1/subscriptions/{SubscriptionNum}/RotateSecret"): "subscription:read",
    ("GET", "/api/v1/subscriptions/{SubscriptionNum}/Deliveries"): "subscription:read",
    # Clinical (issue 15, clinical part): a patient's medical history.
    ("GET", "/api/v1/allergies"): "allergy:read",
    ("GET", "/api/v1/allergies/{AllergyNum}"): "allergy:read",
    ("POST", "/api/v1/allergies"): "allergy:create",
    ("PUT", "/api/v1/allergies/{AllergyNum}"): "allergy:update",
    ("DELETE", "/api/v1/allergies/{AllergyNum}"): "allergy:delete",
    ("GET", "/api/v1/allergydefs"): "allergy:read",
    ("POST", "/api/v1/allergydefs"): "allergy:create",
    ("GET", "/api/v1/medications"): "medication:read",
    ("GET", "/api/v1/medications/{MedicationNum}"): "medication:read",
    ("POST", "/api/v1/medications"): "medication:create",
    ("PUT", "/api/v1/medications/{MedicationNum}"): "medication:update",
    ("GET", "/api/v1/medicationpats"): "medication:read",
    ("POST", "/api/v1/medicationpats"): "medication:create",
    ("PUT", "/api/v1/medicationpats/{MedicationPatNum}"): "medication:update",
    ("DELETE", "/api/v1/medicationpats/{MedicationPatNum}"): "medication:delete",
    ("GET", "/api/v1/diseases"): "disease:read",
    ("GET", "/api/v1/diseases/{DiseaseNum}"): "disease:read",
    ("POST", "/api/v1/diseases"): "disease:create",
    ("PUT", "/api/v1/diseases/{DiseaseNum}"): "disease:update",
    ("DELETE", "/api/v1/diseases/{DiseaseNum}"): "disease:delete",
    ("GET", "/api/v1/diseasedefs"): "disease:read",
    ("GET", "/api/v1/diseasedefs/{DiseaseDefNum}"): "disease:read",
    ("POST", "/api/v1/diseasedefs"): "disease:create",
    ("GET", "/api/v1/patientnotes"): "patientnote:read",
    ("GET", "/api/v1/patientnotes/{PatNum}"): "patientnote:read",
    ("PUT", "/api/v1/patientnotes/{PatNum}"): "patientnote:update",
    ("GET", "/api/v1/patfields"): "patfield:read",
    ("GET", "/api/v1/patfields/{PatFieldNum}"): "patfield:read",
    ("POST", "/api/v1/patfields"): "patfield:create",
    ("PUT", "/api/v1/patfields"): "patfield:update",
    ("DELETE", "/api/v1/patfields/{PatFieldNum}"): "patfield:delete",
    ("GET", "/api/v1/patfielddefs"): "patfield:read",
    ("POST", "/api/v1/patfielddefs"): "patfield:create",
    ("PUT", "/api/v1/patfielddefs/{PatFieldDefNum}"): "patfield:update",
    ("DELETE", "/api/v1/patfielddefs/{PatFieldDefNum}"): "patfield:delete",
    ("GET", "/api/v1/toothinitials"): "toothinitial:read",
    ("POST", "/api/v1/toothinitials"): "toothinitial:create",
    ("DELETE", "/api/v1/toothinitials/{ToothInitialNum}"): "toothinitial:delete",
    # Insurance and claims (issue 15)
    ("GET", "/api/v1/procedurecodes"): "procedurecode:read",
    ("GET", "/api/v1/procedurecodes/{CodeNum}"): "procedurecode:read",
    ("POST", "/api/v1/procedurecodes"): "procedurecode:create",
    ("PUT", "/api/v1/procedurecodes/{CodeNum}"): "procedurecode:update",
    ("GET", "/api/v1/carriers"): "carrier:read",
    ("GET", "/api/v1/carriers/{CarrierNum}"): "carrier:read",
    ("POST", "/api/v1/carriers"): "carrier:create",
    ("PUT", "/api/v1/carriers/{CarrierNum}"): "carrier:update",
    ("GET", "/api/v1/employers"): "employer:read",
    ("GET", "/api/v1/employers/{EmployerNum}"): "employer:read",
    ("POST", "/api/v1/employers"): "employer:create",
    ("PUT", "/api/v1/employers/{EmployerNum}"): "employer:update",
    ("DELETE", "/api/v1/employers/{EmployerNum}"): "employer:delete",
    ("GET", "/api/v1/covcats"): "covcat:read",
    ("GET", "/api/v1/covcats/{CovCatNum}"): "covcat:read",
    ("POST", "/api/v1/covcats"): "covcat:create",
    ("PUT", "/api/v1/covcats/{CovCatNum}"): "covcat:update",
    ("GET", "/api/v1/feescheds"): "feesched:read",
    ("POST", "/api/v1/feescheds"): "feesched:create",
    ("PUT", "/api/v1/feescheds/{FeeSchedNum}"): "feesched:update",
    ("GET", "/api/v1/fees"): "fee:read",
    ("GET", "/api/v1/fees/{FeeNum}"): "fee:read",
    ("POST", "/api/v1/fees"): "fee:create",
    ("PUT", "/api/v1/fees/{FeeNum}"): "fee:update",
    ("DELETE", "/api/v1/fees/{FeeNum}"): "fee:delete",
    ("GET", "/api/v1/insplans"): "insplan:read",
    ("GET", "/api/v1/insplans/{PlanNum}"): "insplan:read",
    ("POST", "/api/v1/insplans"): "insplan:create",
    ("PUT", "/api/v1/insplans/{PlanNum}"): "insplan:update",
    ("GET", "/api/v1/inssubs"): "inssub:read",
    ("GET", "/api/v1/inssubs/{InsSubNum}"): "inssub:read",
    ("POST", "/api/v1/inssubs"): "inssub:create",
    ("PUT", "/api/v1/inssubs/{InsSubNum}"): "inssub:update",
    ("DELETE", "/api/v1/inssubs/{InsSubNum}"): "inssub:delete",
    ("GET", "/api/v1/patplans"): "patplan:read",
    ("POST", "/api/v1/patplans"): "patplan:create",
    ("PUT", "/api/v1/patplans/{PatPlanNum}"): "patplan:update",
    ("DELETE", "/api/v1/patplans/{PatPlanNum}"): "patplan:delete",
    ("GET", "/api/v1/benefits"): "benefit:read",
    ("GET", "/api/v1/benefits/{BenefitNum}"): "benefit:read",
    ("POST", "/api/v1/benefits"): "benefit:create",
    ("PUT", "/api/v1/benefits/{BenefitNum}"): "benefit:update",
    ("DELETE", "/api/v1/benefits/{BenefitNum}"): "benefit:delete",
    ("GET", "/api/v1/insverifies"): "insverify:read",
    ("GET", "/api/v1/insverifies/{InsVerifyNum}"): "insverify:read",
    ("PUT", "/api/v1/insverifies"): "insverify:update",
    ("GET", "/api/v1/claims"): "claim:read",
    ("GET", "/api/v1/claims/{ClaimNum}"): "claim:read",
    ("POST", "/api/v1/claims"): "claim:create",
    ("PUT", "/api/v1/claims/{ClaimNum}"): "claim:update",
    ("PUT", "/api/v1/claims/{ClaimNum}/Status"): "claim:update",
    ("PUT", "/api/v1/claims/{ClaimNum}/Split"): "claim:update",
    ("DELETE", "/api/v1/claims/{ClaimNum}"): "claim:delete",
    ("GET", "/api/v1/claimprocs"): "claimproc:read",
    ("GET", "/api/v1/claimprocs/{ClaimProcNum}"): "claimproc:read",
    ("PUT", "/api/v1/claimprocs/{ClaimProcNum}"): "claimproc:update",
    ("PUT", "/api/v1/claimprocs/InsAdjust"): "claimproc:update",
    ("GET", "/api/v1/claimpayments"): "claimpayment:read",
    ("GET", "/api/v1/claimpayments/{ClaimPaymentNum}"): "claimpayment:read",
    ("POST", "/api/v1/claimpayments"): "claimpayment:create",
    ("PUT", "/api/v1/claimpayments/{ClaimPaymentNum}"): "claimpayment:update",
    ("DELETE", "/api/v1/claimpayments/{ClaimPaymentNum}"): "claimpayment:delete",
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
