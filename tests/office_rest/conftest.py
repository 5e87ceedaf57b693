"""The small practice of ``tests/office`` and the insured family of ``tests/office_insurance``,
for the rest of issue 15 (family module, recalls, referrals, lab cases, perio, documents,
task notes, sheet fields)."""

from __future__ import annotations

import pytest

from dentin.office.models import Definition, RecallType
from tests.office.conftest import Practice, practice  # noqa: F401 - fixtures, re-exported
from tests.office_insurance.conftest import Insured, insured  # noqa: F401

API = "/api/v1"


@pytest.fixture
def recall_types(practice: Practice) -> dict[str, int]:  # noqa: F811 - the imported fixture
    """The office's recall types (Open Dental's Recall Setup; no API route writes them)."""
    with practice.db.transaction() as s:
        rows = {
            "Prophy": RecallType(
                Description="Prophy", DefaultInterval=60001, TimePattern="/XXXX/",
                Procedures="D1110",
            ),
            "Perio": RecallType(
                Description="Perio", DefaultInterval=30000, TimePattern="/XXXXXX/",
                Procedures="D4910",
            ),
            "Pano": RecallType(
                Description="Pano", DefaultInterval=5_000_000, TimePattern="", Procedures="D0330",
                AppendToSpecial=1,
            ),
        }  # fmt: skip
        s.add_all(rows.values())
        s.flush()
        return {name: row.RecallTypeNum for name, row in rows.items()}


@pytest.fixture
def specialties(practice: Practice) -> dict[str, int]:  # noqa: F811 - the imported fixture
    """Provider specialties (definition category 35), which referral sources name."""
    with practice.db.transaction() as s:
        rows = {
            name: Definition(Category=35, ItemOrder=i, ItemName=name, ItemValue="")
            for i, name in enumerate(("Endodontics", "Surgery"))
        }
        s.add_all(rows.values())
        s.flush()
        return {name: row.DefNum for name, row in rows.items()}
