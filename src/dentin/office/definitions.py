"""Open Dental's default pick-list definitions, and reading them by number or by name.

Several wire fields carry a definition number and a lower-camel display name beside it
(``Confirmed: 19`` with ``confirmed: "Not Called"``). A new Open Dental database ships with a
standard set; the office migration inserts the same rows, numbered so that Open Dental's
documented examples (``Confirmed: 19`` is "Not Called") read the same here.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dentin.errors import BadRequest, NotFound
from dentin.office.models import Definition

# Open Dental's DefCat numbers for the categories the API reads.
ADJ_TYPES = 1
BILLING_TYPES = 4
APPT_CONFIRMED = 2
PAYMENT_TYPES = 10
TX_PRIORITIES = 20
RECALL_UNSCHED_STATUS = 13
COMMLOG_TYPES = 27
PROC_CODE_CATS = 11

# (DefNum, Category, ItemOrder, ItemName, ItemValue)
DEFAULT_DEFINITIONS: tuple[tuple[int, int, int, str, str], ...] = (
    (1, BILLING_TYPES, 0, "Standard Account", ""),
    (2, BILLING_TYPES, 1, "Bill Guarantor", ""),
    (3, BILLING_TYPES, 2, "Collections", "C"),
    (4, BILLING_TYPES, 3, "Finance Charge", ""),
    (5, PAYMENT_TYPES, 0, "Check", ""),
    (6, PAYMENT_TYPES, 1, "Cash", ""),
    (7, PAYMENT_TYPES, 2, "Credit Card", ""),
    (8, PAYMENT_TYPES, 3, "Care Credit", ""),
    (9, PAYMENT_TYPES, 4, "Online Payment", ""),
    (10, COMMLOG_TYPES, 0, "Appt Related", "APPT"),
    (11, COMMLOG_TYPES, 1, "Insurance", "INS"),
    (12, COMMLOG_TYPES, 2, "Financial", "FIN"),
    (13, COMMLOG_TYPES, 3, "Recall", "RECALL"),
    (14, COMMLOG_TYPES, 4, "Misc", "MISC"),
    (15, COMMLOG_TYPES, 5, "Text", "TEXT"),
    (16, TX_PRIORITIES, 0, "1", ""),
    (17, TX_PRIORITIES, 1, "2", ""),
    (18, TX_PRIORITIES, 2, "3", ""),
    (19, APPT_CONFIRMED, 0, "Not Called", ""),
    (20, APPT_CONFIRMED, 1, "Unconfirmed", ""),
    (21, APPT_CONFIRMED, 2, "Appointment Confirmed", "C"),
    (22, APPT_CONFIRMED, 3, "Left Msg", ""),
    (23, APPT_CONFIRMED, 4, "eConfirm Sent", ""),
    (24, APPT_CONFIRMED, 5, "eConfirm Not Accepted", ""),
    (25, APPT_CONFIRMED, 6, "eConfirm Failed", ""),
    (26, RECALL_UNSCHED_STATUS, 0, "Do Not Call", ""),
    (27, RECALL_UNSCHED_STATUS, 1, "Patient Will Call", ""),
    (28, PROC_CODE_CATS, 0, "Diagnostic", ""),
    (29, PROC_CODE_CATS, 1, "Preventive", ""),
    (30, PROC_CODE_CATS, 2, "Restorative", ""),
    # ItemValue "+" adds to the balance, "-" takes from it, as in Open Dental.
    (31, ADJ_TYPES, 0, "Cash Discount", "-"),
    (32, ADJ_TYPES, 1, "Finance Charge", "+"),
    (33, ADJ_TYPES, 2, "Professional Courtesy", "-"),
)

# The eConfirm status words of ``PUT /appointments/{AptNum}/Confirm`` → the definition they set.
CONFIRM_VALUES: dict[str, str] = {
    "none": "Not Called",
    "sent": "eConfirm Sent",
    "confirmed": "Appointment Confirmed",
    "not accepted": "eConfirm Not Accepted",
    "failed": "eConfirm Failed",
}


@dataclass(frozen=True)
class Defs:
    """The definitions a request needs, loaded once per request (the table is small)."""

    names: dict[int, str]
    categories: dict[int, int]

    @classmethod
    def load(cls, session: Session) -> Defs:
        rows = session.execute(select(Definition.DefNum, Definition.Category, Definition.ItemName))
        names: dict[int, str] = {}
        cats: dict[int, int] = {}
        for num, cat, name in rows:
            names[num] = name
            cats[num] = cat
        return cls(names, cats)

    def name(self, def_num: int) -> str:
        return self.names.get(def_num, "")

    def require(self, def_num: int, category: int, field: str) -> int:
        """The number itself, if it is a definition of the category; 400 otherwise."""
        if self.categories.get(def_num) != category:
            raise BadRequest(
                f"{field} {def_num} is not a definition of the right kind; use one of "
                f"{self._choices(category)}."
            )
        return def_num

    def by_name(self, name: str, category: int, field: str) -> int:
        wanted = name.strip().lower()
        for num, cat in self.categories.items():
            if cat == category and self.names[num].lower() == wanted:
                return num
        raise BadRequest(f"{field} {name!r} is not known; use one of {self._choices(category)}.")

    def first(self, category: int) -> int:
        nums = [n for n, c in self.categories.items() if c == category]
        if not nums:
            raise NotFound(f"The office has no definitions of category {category}.")
        return min(nums)

    def _choices(self, category: int) -> str:
        items = sorted((n, self.names[n]) for n, c in self.categories.items() if c == category)
        return ", ".join(f"{n} ({name})" for n, name in items) or "(none defined)"
