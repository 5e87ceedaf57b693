"""The strict client's models of API Events' GET routes, read off apisubscriptions.html and
apievents.html by hand like ``od_client``'s: strict types, no fields beyond the page's.

``Delivery`` is dentin's own (GET .../Deliveries has no Open Dental page): it is typed from
dentin's README, so a change to that log's shape is a visible change here too.
"""

from __future__ import annotations

from typing import Literal

from tests.wire.od_client import DateTime, OdModel

# apievents.html § Database Event, its list of types (ToothInitial from the newest copy);
# "" on a UI event's subscription.
WatchTable = Literal[
    "", "Appointment", "AppointmentDeleted", "Operatory", "PatField", "Patient", "Provider",
    "Schedule", "ToothInitial",
]  # fmt: skip
UiEventType = Literal["", "PatientSelected"]  # apievents.html § UI Event


class Subscription(OdModel):
    """apisubscriptions.html § Subscriptions GET."""

    SubscriptionNum: int
    EndPointUrl: str
    Workstation: str
    CustomerKey: str
    WatchTable: WatchTable
    PollingSeconds: int
    UiEventType: UiEventType
    DateTimeStart: DateTime
    DateTimeStop: DateTime
    Note: str


class Delivery(OdModel):
    """One attempt of the delivery log (README, API Events: "time, batch size, status,
    latency, response code, next retry")."""

    AttemptNum: int
    SubscriptionNum: int
    WebhookId: str
    DateTimeAttempt: DateTime
    BatchSize: int
    Status: Literal["delivered", "failed", "refused", "disabled", "dead"]
    ResponseCode: int
    LatencyMs: int
    DateTimeNextRetry: DateTime
    Error: str


EVENTS_ROUTES: dict[str, tuple[type[OdModel], bool]] = {
    "/subscriptions": (Subscription, True),
    "/subscriptions/{SubscriptionNum}": (Subscription, False),
    "/subscriptions/{SubscriptionNum}/Deliveries": (Delivery, True),
}
