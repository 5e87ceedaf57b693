"""The strict client's models of the GET routes of the rest of issue 15, read off Open Dental's
pages by hand like ``od_client``'s: strict types, no fields beyond the page's."""

from __future__ import annotations

from typing import Literal

from tests.wire.od_client import Flag, OdModel

Relationship = Literal[
    "Self", "Spouse", "Child", "Employee", "HandicapDep", "SignifOther", "InjuredPlaintiff",
    "LifePartner", "Dependent",
]  # fmt: skip


class FamilyInsurance(OdModel):
    """apifamilymodules.html § FamilyModules GET Insurance."""

    PatNum: int
    InsSubNum: int
    Subscriber: int
    subscriber: str
    SubscriberID: str
    SubscNote: str
    PatPlanNum: int
    Ordinal: int
    ordinal: Literal["Primary", "Secondary", "Medical", "Other"]
    IsPending: Flag
    Relationship: Relationship
    PatID: str
    CarrierNum: int
    CarrierName: str
    PlanNum: int
    GroupName: str
    GroupNum: str
    PlanNote: str
    FeeSched: int
    feeSchedule: str
    PlanType: Literal["", "p", "f", "c"]
    planType: Literal[
        "Category Percentage", "PPO Fixed Benefit", "PPO Percentage", "Medicaid or Flat Co-pay",
        "Capitation",
    ]  # fmt: skip
    CopayFeeSched: int
    EmployerNum: int
    employer: str
    IsMedical: Flag


# GET route template -> (model, whether the answer is a list)
REST_ROUTES: dict[str, tuple[type[OdModel], bool]] = {
    "/familymodules/{PatNum}/Insurance": (FamilyInsurance, True),
}
