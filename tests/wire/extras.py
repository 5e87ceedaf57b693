"""The one allow-list: what dentin sends or serves beyond Open Dental's pages, and why.

The golden test (``test_golden_examples``) and the strict client (``od_client``) both read it,
so a field or route that is not here and not on Open Dental's page fails the suite.
"""

from __future__ import annotations

# (resource, field) -> why dentin sends it although Open Dental's examples do not.
EXTRA_FIELDS: dict[tuple[str, str], str] = {
    ("commlogs", "DateTimeEnd"): (
        "Open Dental's commlog column for when a call ended, which its API does not show; "
        "dentin's POST /commlogs accepts it, so a read shows what a write stored "
        '("0001-01-01 00:00:00" when none). Always the last field.'
    ),
}

# "METHOD /path" -> why dentin serves a route Open Dental's pages do not document.
EXTRA_ROUTES: dict[str, str] = {
    "DELETE /appointments/{AptNum}": (
        "deletes an appointment and records it in deletedobject for the AppointmentDeleted "
        "event; answers 200 with no body, like Open Dental's other appointment verbs"
    ),
    # Clinical (issue 15, clinical part): routes Open Dental documents with a status alone
    # ("201 Created", "200 OK"); dentin answers them as the resource's other writes do.
    "POST /allergydefs": (
        "documented on apiallergydefs.html with only 201 Created shown; dentin answers the new "
        "definition as GET /allergydefs shows it, so a client learns its AllergyDefNum"
    ),
    "PUT /allergies/{AllergyNum}": (
        "documented on apiallergies.html with only 200 OK shown; dentin answers the changed "
        "allergy as GET /allergies/{AllergyNum} shows it, as Diseases PUT does on its page"
    ),
    "PUT /medications/{MedicationNum}": (
        "documented on apimedications.html (version 26.1.14) without an example answer; dentin "
        "answers the changed medication as GET /medications/{MedicationNum} shows it"
    ),
    "POST /medicationpats": (
        "documented on apimedicationpats.html with only 201 Created shown; dentin answers the "
        "new row as GET /medicationpats shows it, so a client learns its MedicationPatNum"
    ),
    "PUT /medicationpats/{MedicationPatNum}": (
        "documented on apimedicationpats.html with only 200 OK shown; dentin answers the "
        "changed row as GET /medicationpats shows it, as Diseases PUT does on its page"
    ),
    "POST /diseasedefs": (
        "documented on apidiseasedefs.html with only 201 Created shown; dentin answers the new "
        "definition as GET /diseasedefs/{DiseaseDefNum} shows it, with its number"
    ),
    # Issue 15, the rest.
    "GET /documents/{DocNum}/Download": (
        "answers the document's file itself from the office's image folder, where Open "
        "Dental's POST /documents/DownloadSftp would put it on the caller's SFTP site; a 400 "
        "says so where the deployment keeps no images"
    ),
}

# API Events' routes (issue 13) are held to Open Dental's apisubscriptions page field by field in
# tests/events/test_subscriptions.py; their golden example in od_examples is still to be written.
# The two dentin-only routes (RotateSecret, Deliveries) have no Open Dental page at all.
SUBSCRIPTION_ROUTES = (
    "GET /subscriptions",
    "GET /subscriptions/{SubscriptionNum}",
    "POST /subscriptions",
    "PUT /subscriptions/{SubscriptionNum}",
    "DELETE /subscriptions/{SubscriptionNum}",
    "PUT /subscriptions/{SubscriptionNum}/RotateSecret",
    "GET /subscriptions/{SubscriptionNum}/Deliveries",
)
EXTRA_ROUTES.update(
    dict.fromkeys(
        SUBSCRIPTION_ROUTES,
        "API Events: checked against apisubscriptions in tests/events (golden file pending)",
    )
)


def extra_fields(resource: str) -> set[str]:
    return {name for (res, name) in EXTRA_FIELDS if res == resource}
