"""The office's local ``apikey`` table: a synchronized copy of the keys HQ says it holds.

Seed 000: "a copy of the keys are placed in a table in the customer's local database called
apikey", so ``SELECT CustApiKey FROM apikey WHERE DevName='...'`` finds them.

The copy must show each key again, so it cannot be hashed away: ``CustApiKey`` is sealed with
AES-256-GCM under a key derived from the server secret and found by its keyed hash
(``KeyHash``), so a copied database file shows no CustomerKey. Rows written before sealing
existed still hold the clear key; they are sealed when the office is provisioned
(``seal_legacy``) and found by their clear value until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import Session

from dentin.errors import OfficeUnavailable
from dentin.keys.hashing import KeyHasher
from dentin.keys.sealing import Sealer, SealError, is_sealed
from dentin.office.models import ApiKey

if TYPE_CHECKING:
    from dentin.office.registry import OfficeDatabase

CONTEXT = "apikey"  # bound into every sealed value: a value moved to another column won't open


@dataclass(frozen=True)
class ApiKeyRow:
    """One ``apikey`` row with its key opened: what ShortQuery may show to a permitted caller."""

    APIKeyNum: int
    CustApiKey: str
    DevName: str


@dataclass(frozen=True)
class Keys:
    """The server secret's sealer and hasher for one office's stored secrets."""

    sealer: Sealer
    hasher: KeyHasher


def office_keys(db: OfficeDatabase, what: str) -> Keys:
    """``what`` names the secrets at stake in the 503 ("CustomerKeys", "subscriptions")."""
    if db.secret is None:
        raise OfficeUnavailable(
            f"Office {db.office_id}'s database was opened without the server secret, so its "
            f"{what} can be neither sealed nor opened; open it through the office registry."
        )
    return Keys(Sealer(db.secret), KeyHasher(db.secret))


def _keys(db: OfficeDatabase) -> Keys:
    return office_keys(db, "CustomerKeys")


def _find(session: Session, keys: Keys, customer_key: str) -> ApiKey | None:
    legacy = and_(ApiKey.KeyHash.is_(None), ApiKey.CustApiKey == customer_key)
    query = select(ApiKey).where(or_(ApiKey.KeyHash == keys.hasher.digest(customer_key), legacy))
    return session.scalars(query).first()


def upsert(db: OfficeDatabase, customer_key: str, dev_name: str) -> None:
    keys = _keys(db)
    with db.transaction() as session:
        row = _find(session, keys, customer_key)
        if row is None:
            row = ApiKey(DevName=dev_name)
            session.add(row)
        row.CustApiKey = keys.sealer.seal(customer_key, CONTEXT)
        row.KeyHash = keys.hasher.digest(customer_key)
        row.DevName = dev_name


def remove(db: OfficeDatabase, customer_key: str) -> None:
    keys = _keys(db)
    with db.transaction() as session:
        row = _find(session, keys, customer_key)
        if row is not None:
            session.execute(delete(ApiKey).where(ApiKey.APIKeyNum == row.APIKeyNum))


def mirror(db: OfficeDatabase, held: list[tuple[str, str]]) -> tuple[int, int]:
    """Make the table hold exactly ``held`` (CustomerKey, DevName): a connected office's copy of
    what HQ says it holds, sent whole, so a copy missed while the link was down is repaired by
    the next one. One transaction; returns (rows written, rows removed)."""
    keys = _keys(db)
    wanted = dict(held)
    written = removed = 0
    with db.transaction() as session:
        found: set[str] = set()
        for row in list(session.scalars(select(ApiKey).order_by(ApiKey.APIKeyNum))):
            try:
                clear: str | None = keys.sealer.open(row.CustApiKey, CONTEXT)
            except SealError:  # sealed under another secret: unreadable, and HQ's list rules
                clear = None
            if clear is None or clear not in wanted or clear in found:
                session.execute(delete(ApiKey).where(ApiKey.APIKeyNum == row.APIKeyNum))
                removed += 1
                continue
            found.add(clear)
            if row.DevName != wanted[clear] or row.KeyHash is None:
                row.CustApiKey = keys.sealer.seal(clear, CONTEXT)
                row.KeyHash = keys.hasher.digest(clear)
                row.DevName = wanted[clear]
                written += 1
        for key, dev_name in wanted.items():
            if key not in found:
                session.add(
                    ApiKey(
                        CustApiKey=keys.sealer.seal(key, CONTEXT),
                        KeyHash=keys.hasher.digest(key),
                        DevName=dev_name,
                    )
                )
                written += 1
    return written, removed


def rows(db: OfficeDatabase) -> list[ApiKeyRow]:
    """Every row with its key opened, in ``APIKeyNum`` order."""
    with db.session() as session:
        stored = list(session.scalars(select(ApiKey).order_by(ApiKey.APIKeyNum)))
    if not stored:
        return []
    sealer = _keys(db).sealer if any(is_sealed(r.CustApiKey) for r in stored) else None
    try:
        return [ApiKeyRow(r.APIKeyNum, _open(sealer, r.CustApiKey), r.DevName) for r in stored]
    except SealError:
        raise OfficeUnavailable(
            f"Office {db.office_id}'s CustomerKey copies were sealed under another server "
            "secret (DENTIN_SECRET_KEY); restore that secret, or add the keys again."
        ) from None


def _open(sealer: Sealer | None, stored: str) -> str:
    return sealer.open(stored, CONTEXT) if sealer is not None else stored


def listed(db: OfficeDatabase) -> list[tuple[str, str]]:
    return [(r.CustApiKey, r.DevName) for r in rows(db)]


def seal_legacy(db: OfficeDatabase) -> int:
    """Seal every row still holding its key in clear; returns how many were sealed."""
    with db.session() as session:
        pending = session.scalar(select(ApiKey.APIKeyNum).where(ApiKey.KeyHash.is_(None)).limit(1))
    if pending is None:
        return 0
    keys = _keys(db)
    sealed = 0
    with db.transaction() as session:
        for row in session.scalars(select(ApiKey).where(ApiKey.KeyHash.is_(None))):
            clear = keys.sealer.open(row.CustApiKey, CONTEXT)
            row.CustApiKey = keys.sealer.seal(clear, CONTEXT)
            row.KeyHash = keys.hasher.digest(clear)
            sealed += 1
    return sealed
