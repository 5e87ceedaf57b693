"""A developer's life at HQ: application, decision, permissions, suspension and portal sign-in.

An application is a ``Developer`` row in status ``pending``; nothing can authenticate as it until
an operator approves it, which is also the only moment its two secrets exist in plain text.
Every change that the gateway could have cached (status, permissions) ends with ``hq.changed()``
so the very next request sees it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dentin import passwords, scopes
from dentin.errors import BadRequest, Conflict, NotFound, Unauthorized
from dentin.hq import audit, company_names, sign_in_lockout
from dentin.hq.application_form import ApplicationForm, invalid, valid_email
from dentin.hq.context import HQ, Actor
from dentin.hq.developers import IssuedSecrets, _add_secret
from dentin.hq.models import Developer, DeveloperPermission
from dentin.keys import formats
from dentin.wire import utcnow

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
SUSPENDED = "suspended"

MAX_FAILED_LOGINS = 5
LOCKOUT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class ApplicationView:
    """An application (or the developer it became) without any secret or password hash."""

    id: int
    company_name: str
    contact_phone: str
    billing_email: str
    billing_address: str
    third_party_name: str
    third_party_email: str
    requested_permissions: list[str]
    description: str
    login_email: str | None
    status: str
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    permissions: list[str]


@dataclass(frozen=True)
class DeveloperLogin:
    """Who signed in to the portal; the portal decides what each status may see."""

    developer_id: int
    company_name: str
    login_email: str
    status: str
    # Portal cookies name it; a cookie naming an older one is signed out.
    session_version: int = 0


def _view(dev: Developer) -> ApplicationView:
    return ApplicationView(
        id=dev.id,
        company_name=dev.company_name,
        contact_phone=dev.contact_phone,
        billing_email=dev.billing_email,
        billing_address=dev.billing_address,
        third_party_name=dev.third_party_name,
        third_party_email=dev.third_party_email,
        requested_permissions=list(dev.requested_permissions or []),
        description=dev.description,
        login_email=dev.login_email,
        status=dev.status,
        submitted_at=dev.created_at,
        decided_at=dev.decided_at,
        permissions=_held(dev),
    )


def _held(dev: Developer) -> list[str]:
    return scopes.normalize_all(p.permission for p in dev.permissions)


def _load(session: Session, developer_id: int) -> Developer:
    dev = session.get(Developer, developer_id)
    if dev is None:
        raise NotFound(f"There is no developer application {developer_id}.")
    return dev


def _login_taken(session: Session, login_email: str, except_id: int | None = None) -> bool:
    query = select(Developer.id).where(func.lower(Developer.login_email) == login_email.lower())
    if except_id is not None:
        query = query.where(Developer.id != except_id)
    return session.scalars(query).first() is not None


def _login_conflict() -> Conflict:
    return Conflict(
        "LoginEmail is already used by another developer account; sign in with it or choose "
        "another address.",
        code="login_email_taken",
        extra={"fields": {"LoginEmail": "LoginEmail is already used by another account."}},
    )


# -- the application -------------------------------------------------------------------------


def submit(hq: HQ, form: ApplicationForm, actor: Actor) -> ApplicationView:
    """Record an application as pending; the password, if any, is stored only as argon2."""
    password_hash = passwords.hash_password(form.password) if form.password else None
    try:
        with hq.transaction() as session:
            if form.login_email and _login_taken(session, form.login_email):
                raise _login_conflict()
            company_names.ensure_free(session, form.company_name)
            dev = Developer(
                company_name=form.company_name,
                contact_phone=form.contact_phone,
                billing_email=form.billing_email,
                billing_address=form.billing_address,
                third_party_name=form.third_party_name,
                third_party_email=form.third_party_email,
                requested_permissions=form.requested_permissions,
                description=form.description,
                status=PENDING,
                login_email=form.login_email,
                password_hash=password_hash,
            )
            session.add(dev)
            session.flush()
            audit.record(
                session,
                "developer.apply",
                actor,
                developer_id=dev.id,
                subject=dev.company_name,
                after={
                    "status": PENDING,
                    "requested_permissions": form.requested_permissions,
                    "billing_email": form.billing_email,
                    "login_email": form.login_email,
                },
            )
            view = _view(dev)
    except IntegrityError:
        raise _login_conflict() from None
    return view


def list_applications(hq: HQ, status: str | None = PENDING) -> list[ApplicationView]:
    """Applications oldest first; ``status=None`` lists every developer account."""
    query = select(Developer).order_by(Developer.id)
    if status is not None:
        query = query.where(Developer.status == status)
    with hq.read() as session:
        return [_view(d) for d in session.scalars(query)]


def get_application(hq: HQ, developer_id: int) -> ApplicationView:
    with hq.read() as session:
        return _view(_load(session, developer_id))


# -- decisions -------------------------------------------------------------------------------


def approve(
    hq: HQ, developer_id: int, actor: Actor, grant: list[str] | None = None
) -> IssuedSecrets:
    """Approve a pending application and issue both secrets, returned this once only.

    ``grant`` defaults to what was requested; the operator may grant less (or more).
    """
    developer_key = formats.new_developer_key()
    portal_key = formats.new_portal_key()
    with hq.transaction() as session:
        dev = _load(session, developer_id)
        if dev.status != PENDING:
            raise Conflict(
                f"Application {developer_id} is {dev.status}, not pending; only a pending "
                "application can be approved."
            )
        company_names.ensure_free(
            session, dev.company_name, except_id=dev.id, among=company_names.LIVE
        )
        granted = _normalize(grant if grant is not None else list(dev.requested_permissions))
        if not granted:
            raise BadRequest("Grant at least one permission, e.g. --grant patient:read.")
        dev.status = APPROVED
        dev.decided_at = utcnow()
        for permission in granted:
            session.add(DeveloperPermission(developer_id=dev.id, permission=permission))
        _add_secret(hq, session, dev.id, "developer", developer_key)
        _add_secret(hq, session, dev.id, "portal", portal_key)
        audit.record(
            session,
            "developer.approve",
            actor,
            developer_id=dev.id,
            subject=dev.company_name,
            before={"status": PENDING, "permissions": []},
            after={"status": APPROVED, "permissions": granted},
        )
        audit.record(
            session,
            "developer_key.create",
            actor,
            developer_id=dev.id,
            subject=formats.mask(developer_key),
        )
        audit.record(
            session,
            "portal_key.create",
            actor,
            developer_id=dev.id,
            subject=formats.mask(portal_key),
        )
    hq.changed()
    return IssuedSecrets(developer_id, developer_key, portal_key)


def _normalize(permissions: list[str]) -> list[str]:
    try:
        return scopes.normalize_all(permissions)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


def _transition(
    hq: HQ,
    developer_id: int,
    actor: Actor,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    event: str,
    reason: str,
) -> ApplicationView:
    with hq.transaction() as session:
        dev = _load(session, developer_id)
        if dev.status not in allowed_from:
            raise Conflict(
                f"Developer {developer_id} is {dev.status}; this can only be done when it is "
                f"{' or '.join(allowed_from)}."
            )
        before = dev.status
        dev.status = to
        dev.decided_at = utcnow()
        if to in (SUSPENDED, REJECTED):
            dev.session_version = (dev.session_version or 0) + 1  # signed out everywhere
        after: dict[str, object] = {"status": to}
        if reason:
            after["reason"] = reason
        audit.record(
            session,
            event,
            actor,
            developer_id=developer_id,
            subject=dev.company_name,
            before={"status": before},
            after=after,
        )
        view = _view(dev)
    hq.changed()
    return view


def reject(hq: HQ, developer_id: int, actor: Actor, reason: str = "") -> ApplicationView:
    return _transition(
        hq,
        developer_id,
        actor,
        allowed_from=(PENDING,),
        to=REJECTED,
        event="developer.reject",
        reason=reason,
    )


def suspend(hq: HQ, developer_id: int, actor: Actor, reason: str = "") -> ApplicationView:
    """Every key of the developer is refused from the next request on (the cache is dropped)."""
    return _transition(
        hq,
        developer_id,
        actor,
        allowed_from=(APPROVED,),
        to=SUSPENDED,
        event="developer.suspend",
        reason=reason,
    )


def reinstate(hq: HQ, developer_id: int, actor: Actor, reason: str = "") -> ApplicationView:
    return _transition(
        hq,
        developer_id,
        actor,
        allowed_from=(SUSPENDED,),
        to=APPROVED,
        event="developer.reinstate",
        reason=reason,
    )


# -- permissions -----------------------------------------------------------------------------


def grant(hq: HQ, developer_id: int, permissions: list[str], actor: Actor) -> list[str]:
    """Add permissions; returns everything the developer now holds."""
    wanted = _normalize(permissions)
    if not wanted:
        raise BadRequest("Name at least one permission to grant, e.g. appointment:create.")
    return _change_permissions(hq, developer_id, actor, add=wanted)


def revoke_grant(hq: HQ, developer_id: int, permissions: list[str], actor: Actor) -> list[str]:
    """Remove permissions; calls needing them get 403 from the next request on."""
    unwanted = _normalize(permissions)
    if not unwanted:
        raise BadRequest("Name at least one permission to revoke, e.g. appointment:create.")
    return _change_permissions(hq, developer_id, actor, remove=unwanted)


def _change_permissions(
    hq: HQ,
    developer_id: int,
    actor: Actor,
    *,
    add: list[str] | None = None,
    remove: list[str] | None = None,
) -> list[str]:
    with hq.transaction() as session:
        dev = _load(session, developer_id)
        if dev.status in (PENDING, REJECTED):
            raise Conflict(
                f"Developer {developer_id} is {dev.status}; approve the application (with "
                "--grant) instead of granting permissions to it."
            )
        before = _held(dev)
        for permission in add or []:
            if permission not in before:
                dev.permissions.append(DeveloperPermission(permission=permission))
        for row in list(dev.permissions):
            if row.permission in (remove or []):
                dev.permissions.remove(row)
        session.flush()
        after = _held(dev)
        if after != before:
            audit.record(
                session,
                "developer.grant" if add else "developer.revoke_grant",
                actor,
                developer_id=developer_id,
                subject=dev.company_name,
                before={"permissions": before},
                after={"permissions": after},
            )
    if after != before:
        hq.changed()
    return after


# -- portal sign-in --------------------------------------------------------------------------


def set_password(
    hq: HQ, developer_id: int, password: str, actor: Actor, *, login_email: str | None = None
) -> ApplicationView:
    """Set (or reset) the portal password and clear any lockout; the old password stops working."""
    problems: dict[str, str] = {}
    problem = passwords.problem(password)
    if problem is not None:
        problems["Password"] = problem
    if login_email is not None:
        login_email = login_email.strip().lower()
        if not valid_email(login_email):
            problems["LoginEmail"] = f"LoginEmail {login_email!r} is not an email address."
    if problems:
        raise invalid(problems)
    password_hash = passwords.hash_password(password)
    try:
        with hq.transaction() as session:
            dev = _load(session, developer_id)
            new_email = login_email or dev.login_email
            if new_email is None:
                raise BadRequest(
                    "This developer has no LoginEmail yet; give one (--login-email) with the "
                    "password.",
                    extra={"fields": {"LoginEmail": "LoginEmail is required."}},
                )
            if _login_taken(session, new_email, except_id=dev.id):
                raise _login_conflict()
            before = {"login_email": dev.login_email, "locked": dev.locked_until is not None}
            dev.login_email = new_email
            dev.password_hash = password_hash
            dev.failed_logins = 0
            dev.locked_until = None
            dev.session_version = (dev.session_version or 0) + 1  # signed out everywhere
            audit.record(
                session,
                "developer.password_set",
                actor,
                developer_id=dev.id,
                subject=dev.company_name,
                before=before,
                after={"login_email": new_email, "locked": False},
            )
            view = _view(dev)
    except IntegrityError:
        raise _login_conflict() from None
    return view


def verify_login(hq: HQ, login_email: str, password: str, source: str = "") -> DeveloperLogin:
    """Check a portal sign-in; after 5 failures in a row the account is locked for 15 minutes.

    Unknown email and wrong password get the same answer (and cost the same time), so the
    form cannot be used to find out which addresses hold accounts. The attempt is counted
    before the password is checked (``sign_in_lockout``), so concurrent guesses cannot get
    past the lock.
    """
    wrong = Unauthorized("The email or password is wrong.", code="bad_login")
    login_email = login_email.strip().lower()
    with hq.read() as session:
        dev = session.scalars(
            select(Developer).where(func.lower(Developer.login_email) == login_email)
        ).first()
        found = None if dev is None or not dev.password_hash else (dev.id, dev.password_hash)
    if found is None:
        passwords.verify(None, password)
        raise wrong
    developer_id, stored = found
    # The hashing slot is taken first, so a busy server answers 429 without using an attempt.
    with passwords.slot():
        attempt = sign_in_lockout.reserve(
            hq, Developer, developer_id, limit=MAX_FAILED_LOGINS, lockout=LOCKOUT
        )
        if attempt.refused_until is not None:
            raise _locked(attempt.refused_until)
        ok = passwords.verify(stored, password)
        rehashed = (
            passwords.hash_password(password) if ok and passwords.needs_rehash(stored) else ""
        )
    if not ok and attempt.locks_until is None:
        raise wrong
    with hq.transaction() as session:
        dev = session.get(Developer, developer_id)
        if dev is None:
            raise wrong
        if ok:
            dev.failed_logins = 0  # also lifts the lock this attempt may have reserved
            dev.locked_until = None
            if rehashed:
                dev.password_hash = rehashed
            return DeveloperLogin(
                dev.id, dev.company_name, login_email, dev.status, dev.session_version or 0
            )
        until = attempt.locks_until or utcnow() + LOCKOUT
        audit.record(
            session,
            "developer.login_locked",
            Actor(f"login:{login_email}", source),
            developer_id=dev.id,
            subject=dev.company_name,
            after={"locked_until": until.isoformat(sep=" ")},
        )
    raise _locked(until)


def end_sessions(hq: HQ, developer_id: int, actor: Actor) -> None:
    """Sign the developer out everywhere: every portal cookie issued so far stops working."""
    with hq.transaction() as session:
        dev = session.get(Developer, developer_id)
        if dev is None:
            return
        dev.session_version = (dev.session_version or 0) + 1
        audit.record(
            session, "developer.sign_out", actor, developer_id=dev.id, subject=dev.company_name
        )


def session_version(hq: HQ, developer_id: int) -> int | None:
    """The version a live portal session must name, or None when the developer is gone."""
    with hq.read() as session:
        version = session.scalar(
            select(Developer.session_version).where(Developer.id == developer_id)
        )
    return None if version is None else int(version)


def _locked(until: dt.datetime) -> Unauthorized:
    return Unauthorized(
        f"This account is locked after {MAX_FAILED_LOGINS} failed sign-ins; try again after "
        f"{until:%Y-%m-%d %H:%M} UTC or ask an operator to reset the password.",
        code="account_locked",
    )
