"""An insurance subscriber for the InsuranceHistory tests, whichever part of the schema is in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Double, Integer, SmallInteger, insert, text

from dentin.db import OfficeBase
from dentin.office.registry import OfficeDatabase
from tests.office.conftest import STAMP


def _blank(column: Any) -> Any:
    if isinstance(column.type, Integer | SmallInteger | Boolean):
        return 0
    if isinstance(column.type, Double):
        return 0.0
    if isinstance(column.type, Date | DateTime):
        return None if column.nullable else STAMP
    return ""


def subscriber(db: OfficeDatabase, plan_num: int) -> int:
    """An insurance subscriber on ``plan_num``: through the insurance part's ``inssub`` table
    where the schema has it, else a bare stand-in with Open Dental's two columns read here."""
    table = OfficeBase.metadata.tables.get("inssub")
    with db.engine.begin() as conn:
        if table is None:
            conn.execute(
                text(
                    "CREATE TABLE IF NOT EXISTS inssub "
                    "(inssubnum INTEGER PRIMARY KEY, plannum INTEGER NOT NULL)"
                )
            )
            conn.execute(
                text("INSERT INTO inssub (inssubnum, plannum) VALUES (49, :p)"), {"p": plan_num}
            )
            return 49
        row = {c.name: _blank(c) for c in table.columns if not c.primary_key}
        row["plannum"] = plan_num
        return int(
            conn.execute(insert(table).values(row).returning(*table.primary_key)).scalar_one()
        )
