"""Pairing an office's connector with HQ, and checking the credential it presents.

The operator (or the practice's admin) asks HQ for a pairing code, types it into the
connector at the office, and the connector trades it once for a long-lived credential. Codes
are short enough to read over the phone, so they expire in 15 minutes, work once, and every
refusal is audited; the credential is 256 random bits and is what a revoke takes away.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from dentin.errors import NotFound, Unauthorized
from dentin.hq import audit
from dentin.hq.connector_models import ConnectorCredential, ConnectorPairing
from dentin.hq.context import HQ, Actor
from dentin.hq.models import Office
from dentin.wire import od_datetime, utcnow

PAIRING_LIFETIME = dt.timedelta(minutes=15)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CODE_GROUPS = 4  # 4 groups of 4: 80 bits
CREDENTIAL_PREFIX = "dcn_"
SCHEME = "Connector"


@dataclass(frozen=True)
class PairingCode:
    office_id: int
    code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Paired:
    office_id: int
    credential: str
    credential_id: int


@dataclass(frozen=True)
class CredentialView:
    id: int
    office_id: int
    hint: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_seen_at: dt.datetime | None
    last_address: str
    version: str


def normalize_code(code: str) -> str:
    """People type codes with spaces, dashes and lower case; none of that matters."""
    return "".join(c for c in code.upper() if c.isalnum())


def create_pairing_code(hq: HQ, office_id: int, actor: Actor) -> PairingCode:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * CODE_GROUPS))
    code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    now = utcnow()
    with hq.transaction() as session:
        if session.get(Office, office_id) is None:
            raise NotFound(f"There is no office {office_id}.")
        session.add(
            ConnectorPairing(
                office_id=office_id,
                code_hash=hq.hasher.digest(normalize_code(code)),
                created_at=now,
                expires_at=now + PAIRING_LIFETIME,
                created_by=actor.name,
            )
        )
        audit.record(
            session,
            "connector.pairing_created",
            actor,
            office_id=office_id,
            after={"expires_at": od_datetime(now + PAIRING_LIFETIME)},
        )
    return PairingCode(office_id, code, now + PAIRING_LIFETIME)


def redeem(hq: HQ, code: str, actor: Actor, *, version: str = "") -> Paired:
    """Trade a pairing code for a connector credential; the office is then reached through it."""
    digest = hq.hasher.digest(normalize_code(code))
    now = utcnow()
    try:
        return _redeem(hq, digest, actor, now, version)
    except _Refusal as refusal:
        # Audited after the redeeming transaction has ended: on SQLite it may hold the write
        # lock (the losing racer's UPDATE), and a second writer would wait for it forever.
        _refused(hq, actor, "connector.pairing_refused", refusal.reason, refusal.office_id)
        raise Unauthorized(refusal.message, code=f"pairing_{refusal.reason}") from None


class _Refusal(Exception):
    def __init__(self, reason: str, message: str, office_id: int | None) -> None:
        super().__init__(reason)
        self.reason, self.message, self.office_id = reason, message, office_id


def _redeem(hq: HQ, digest: str, actor: Actor, now: dt.datetime, version: str) -> Paired:
    with hq.transaction() as session:
        row = session.scalars(
            select(ConnectorPairing).where(ConnectorPairing.code_hash == digest)
        ).first()
        problem = _pairing_problem(row, now)
        if problem is not None or row is None:
            reason, message = problem or ("unknown", "")
            raise _Refusal(reason, message, None if row is None else row.office_id)
        # Conditional: of two connectors racing with one code, exactly one wins.
        won = (
            session.connection()
            .execute(
                update(ConnectorPairing)
                .where(ConnectorPairing.id == row.id, ConnectorPairing.used_at.is_(None))
                .values(used_at=now)
            )
            .rowcount
        )
        if not won:
            raise _Refusal(
                "used",
                "This pairing code was already used; ask HQ for a new one with "
                "`dentin office pair`.",
                row.office_id,
            )
        credential = CREDENTIAL_PREFIX + secrets.token_urlsafe(32)
        record = ConnectorCredential(
            office_id=row.office_id,
            secret_hash=hq.hasher.digest(credential),
            hint=credential[-4:],
            created_at=now,
            version=version[:40],
            last_address=actor.source[:64],
        )
        session.add(record)
        office = session.get(Office, row.office_id)
        assert office is not None
        office.api_mode = "Cloud"
        session.flush()
        audit.record(
            session,
            "connector.paired",
            actor,
            office_id=row.office_id,
            subject=f"…{record.hint}",
            after={"version": version[:40]},
        )
        paired = Paired(row.office_id, credential, record.id)
    hq.changed()
    return paired


def _pairing_problem(row: ConnectorPairing | None, now: dt.datetime) -> tuple[str, str] | None:
    if row is None:
        return (
            "unknown",
            "This pairing code is not recognised; check it, or ask HQ for a new one with "
            "`dentin office pair`.",
        )
    if row.used_at is not None:
        return (
            "used",
            f"This pairing code was already used on {od_datetime(row.used_at)} UTC; ask HQ for "
            "a new one with `dentin office pair`.",
        )
    if row.expires_at <= now:
        return (
            "expired",
            f"This pairing code expired at {od_datetime(row.expires_at)} UTC (codes last 15 "
            "minutes); ask HQ for a new one with `dentin office pair`.",
        )
    return None


def _refused(hq: HQ, actor: Actor, event: str, reason: str, office_id: int | None) -> None:
    with hq.transaction() as session:
        audit.record(session, event, actor, office_id=office_id, after={"reason": reason})


def authenticate(hq: HQ, header: str | None, address: str) -> tuple[int, int]:
    """(office, credential id) of a connector's ``Authorization: Connector dcn_…``."""
    scheme, _, credential = (header or "").partition(" ")
    credential = credential.strip()
    actor = Actor("connector", address)
    if scheme != SCHEME or not credential.startswith(CREDENTIAL_PREFIX) or len(credential) > 100:
        _refused(hq, actor, "connector.refused", "malformed", None)
        raise Unauthorized(
            "A connector must send `Authorization: Connector dcn_…`, the credential it got "
            "when it was paired.",
            code="connector_malformed",
        )
    now = utcnow()
    with hq.transaction() as session:
        row = session.scalars(
            select(ConnectorCredential).where(
                ConnectorCredential.secret_hash == hq.hasher.digest(credential)
            )
        ).first()
        if row is not None and row.revoked_at is None:
            row.last_seen_at = now
            row.last_address = address[:64]
            return row.office_id, row.id
        office_id = None if row is None else row.office_id
        hint = "" if row is None else row.hint
        revoked_at = None if row is None else row.revoked_at
    # The refusal is recorded in a transaction of its own: raising inside one would undo it.
    with hq.transaction() as session:
        audit.record(
            session,
            "connector.refused",
            actor,
            office_id=office_id,
            subject=f"…{hint}" if hint else "",
            after={"reason": "unknown" if office_id is None else "revoked"},
        )
    if office_id is None:
        raise Unauthorized(
            "This connector credential is not recognised; pair the connector again "
            "with a code from `dentin office pair`.",
            code="connector_unknown",
        )
    raise Unauthorized(
        f"This connector credential (…{hint}) was revoked at HQ on "
        f"{od_datetime(revoked_at)} UTC; pair the connector again with a new code.",
        code="connector_revoked",
    )


def revoke(hq: HQ, office_id: int, actor: Actor) -> int:
    """Revoke every live credential of the office's connectors; returns how many."""
    now = utcnow()
    with hq.transaction() as session:
        rows = list(
            session.scalars(
                select(ConnectorCredential).where(
                    ConnectorCredential.office_id == office_id,
                    ConnectorCredential.revoked_at.is_(None),
                )
            )
        )
        for row in rows:
            row.revoked_at = now
            audit.record(
                session, "connector.revoked", actor, office_id=office_id, subject=f"…{row.hint}"
            )
    hq.changed()
    return len(rows)


def credentials(hq: HQ, office_id: int) -> list[CredentialView]:
    with hq.read() as session:
        rows = session.scalars(
            select(ConnectorCredential)
            .where(ConnectorCredential.office_id == office_id)
            .order_by(ConnectorCredential.id)
        )
        return [_credential_view(r) for r in rows]


def credentials_by_office(hq: HQ) -> dict[int, list[CredentialView]]:
    """Every office's connector credentials in one read, for a list of all offices."""
    found: dict[int, list[CredentialView]] = {}
    with hq.read() as session:
        rows = session.scalars(select(ConnectorCredential).order_by(ConnectorCredential.id))
        for r in rows:
            found.setdefault(r.office_id, []).append(_credential_view(r))
    return found


def _credential_view(r: ConnectorCredential) -> CredentialView:
    return CredentialView(
        r.id,
        r.office_id,
        r.hint,
        r.created_at,
        r.revoked_at,
        r.last_seen_at,
        r.last_address,
        r.version,
    )


def is_relayed(hq: HQ, office_id: int) -> bool:
    """True when the office is reached through a connector: HQ never opens its database."""
    with hq.read() as session:
        office = session.get(Office, office_id)
        return office is not None and office.api_mode == "Cloud"


def live_credentials(hq: HQ, credential_ids: set[int]) -> set[int]:
    """Which of these connector credentials are not revoked (a relay drops the others)."""
    if not credential_ids:
        return set()
    with hq.read() as session:
        return set(
            session.scalars(
                select(ConnectorCredential.id).where(
                    ConnectorCredential.id.in_(credential_ids),
                    ConnectorCredential.revoked_at.is_(None),
                )
            )
        )
