"""The office's local ``apikey`` table: a synchronized copy of the keys HQ says it holds.

Seed 000: "a copy of the keys are placed in a table in the customer's local database called
apikey", so ``SELECT CustApiKey FROM apikey WHERE DevName='...'`` finds them.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from dentin.office.models import ApiKey
from dentin.office.registry import OfficeDatabase


def upsert(db: OfficeDatabase, customer_key: str, dev_name: str) -> None:
    with db.transaction() as session:
        row = session.scalars(select(ApiKey).where(ApiKey.CustApiKey == customer_key)).first()
        if row is None:
            session.add(ApiKey(CustApiKey=customer_key, DevName=dev_name))
        else:
            row.DevName = dev_name


def remove(db: OfficeDatabase, customer_key: str) -> None:
    with db.transaction() as session:
        session.execute(delete(ApiKey).where(ApiKey.CustApiKey == customer_key))


def listed(db: OfficeDatabase) -> list[tuple[str, str]]:
    with db.session() as session:
        return [(r.CustApiKey, r.DevName) for r in session.scalars(select(ApiKey))]
