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
    ("subscriptions", "SigningSecret"): (
        "the secret dentin signs this subscription's events with (Standard Webhooks, whsec_...), "
        "shown once, in POST's answer only, as the last field; Open Dental does not sign events"
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

# API Events: the two routes dentin adds to apisubscriptions.html's four verbs.
EXTRA_ROUTES.update(
    {
        "PUT /subscriptions/{SubscriptionNum}/RotateSecret": (
            "dentin signs every event (Standard Webhooks) and Open Dental does not; this makes a "
            "new SigningSecret, shown once in the answer (the subscription as GET shows it, then "
            "SigningSecret and PreviousSecretValidUntil), while the old one also signs for 24 hours"
        ),
        "GET /subscriptions/{SubscriptionNum}/Deliveries": (
            "dentin pushes events from its server and keeps a log of every delivery attempt, "
            "which Open Dental's workstation-side polling has no equivalent of; newest first, "
            "paged with Offset and Limit like Open Dental's lists"
        ),
    }
)


def extra_fields(resource: str) -> set[str]:
    return {name for (res, name) in EXTRA_FIELDS if res == resource}
