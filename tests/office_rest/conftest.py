"""The small practice of ``tests/office`` and the insured family of ``tests/office_insurance``,
for the rest of issue 15 (family module, recalls, referrals, lab cases, perio, documents,
task notes, sheet fields)."""

from __future__ import annotations

from tests.office.conftest import Practice, practice  # noqa: F401 - fixtures, re-exported
from tests.office_insurance.conftest import Insured, insured  # noqa: F401

API = "/api/v1"
