"""Reading seed 000's developer application form, naming every bad field at once.

The form arrives as JSON from the API, as posted fields from the portal and as options from the
CLI, so names match loosely (``BillingEmail``, ``billing_email`` and ``billingemail`` are one
field) and a whole form's problems come back together instead of one per attempt.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dentin import passwords, scopes
from dentin.errors import BadRequest

COMPANY_MAX = 200
PHONE_MAX = 40
EMAIL_MAX = 254
ADDRESS_MAX = 1000
DESCRIPTION_MAX = 5000

# Wire name first; the rest are accepted spellings (compared without case, "_", "-" or spaces).
FIELDS: dict[str, tuple[str, ...]] = {
    "CompanyName": ("company_name", "company", "ProductOwner"),
    "ContactPhone": ("contact_phone", "phone"),
    "BillingEmail": ("billing_email",),
    "BillingAddress": ("billing_address", "BillingMailingAddress", "MailingAddress"),
    "ThirdPartyDeveloperName": ("third_party_name", "ThirdPartyName"),
    "ThirdPartyDeveloperEmail": ("third_party_email", "ThirdPartyEmail"),
    "RequestedPermissions": ("requested_permissions", "permissions"),
    "Description": ("description",),
    "LoginEmail": ("login_email",),
    "Password": ("password",),
}

_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_PHONE_BODY = re.compile(r"\+?[0-9 ().\-/]+")
_PHONE_EXTENSION = re.compile(r"(?i)\s*(?:x|ext\.?|extension)\s*(\d{1,6})$")


@dataclass(frozen=True)
class ApplicationForm:
    """A validated application; ``password`` is plain only until ``submit`` hashes it."""

    company_name: str
    contact_phone: str
    billing_email: str
    billing_address: str
    third_party_name: str
    third_party_email: str
    requested_permissions: list[str]
    description: str
    login_email: str | None = None
    password: str | None = None


def _squash(name: str) -> str:
    return re.sub(r"[\s_\-]", "", name).lower()


_ALIASES = {_squash(alias): wire for wire, rest in FIELDS.items() for alias in (wire, *rest)}


def _canonical(data: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in data.items():
        wire = _ALIASES.get(_squash(str(key)))
        if wire is not None and wire not in found:
            found[wire] = value
    return found


def valid_email(value: str) -> bool:
    return len(value) <= EMAIL_MAX and _EMAIL.fullmatch(value) is not None


def valid_phone(value: str) -> bool:
    body = _PHONE_EXTENSION.sub("", value).strip()
    if _PHONE_BODY.fullmatch(body) is None:
        return False
    digits = sum(ch.isdigit() for ch in body)
    return 7 <= digits <= 15


class _Collector:
    """Gathers one sentence per bad field while reading the form."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.problems: dict[str, str] = {}

    def text(self, name: str, *, required: bool, max_length: int) -> str:
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems[name] = f"{name} is required."
            return ""
        if not isinstance(value, str):
            self.problems[name] = f"{name} must be text."
            return ""
        value = value.strip()
        if len(value) > max_length:
            self.problems[name] = (
                f"{name} is {len(value)} characters long; the most allowed is {max_length}."
            )
        return value

    def email(self, name: str, *, required: bool) -> str:
        value = self.text(name, required=required, max_length=EMAIL_MAX)
        if value and name not in self.problems and not valid_email(value):
            self.problems[name] = f"{name} {value!r} is not an email address like name@example.com."
        return value

    def phone(self, name: str) -> str:
        value = self.text(name, required=True, max_length=PHONE_MAX)
        if value and name not in self.problems and not valid_phone(value):
            self.problems[name] = (
                f"{name} {value!r} is not a phone number: use 7 to 15 digits, optionally with "
                "+, spaces, dashes, brackets and an extension such as x123."
            )
        return value

    def permissions(self, name: str) -> list[str]:
        raw = self.data.get(name)
        if isinstance(raw, str):
            raw = [part for part in re.split(r"[,\s]+", raw) if part]
        if raw is None or raw == []:
            self.problems[name] = (
                f"{name} is required: list at least one permission as resource:action, "
                "e.g. patient:read."
            )
            return []
        if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
            self.problems[name] = f'{name} must be a list of texts such as "patient:read".'
            return []
        try:
            return scopes.normalize_all(raw)
        except ValueError as exc:
            self.problems[name] = str(exc)
            return []


def parse_form(data: Mapping[str, Any]) -> ApplicationForm:
    """Validate every field; raises BadRequest naming each bad one (``extra["fields"]``)."""
    form = _Collector(_canonical(data))
    company = form.text("CompanyName", required=True, max_length=COMPANY_MAX)
    phone = form.phone("ContactPhone")
    billing_email = form.email("BillingEmail", required=True)
    address = form.text("BillingAddress", required=True, max_length=ADDRESS_MAX)
    third_name = form.text("ThirdPartyDeveloperName", required=False, max_length=COMPANY_MAX)
    third_email = form.email("ThirdPartyDeveloperEmail", required=False)
    requested = form.permissions("RequestedPermissions")
    description = form.text("Description", required=True, max_length=DESCRIPTION_MAX)
    login_email = form.email("LoginEmail", required=False) or None
    password = _password(form)
    if password is not None and login_email is None and "LoginEmail" not in form.problems:
        form.problems["LoginEmail"] = "LoginEmail is required when a Password is given."
    if login_email is not None and password is None and "Password" not in form.problems:
        form.problems["Password"] = "Password is required when a LoginEmail is given."  # noqa: S105
    if form.problems:
        raise invalid(form.problems)
    return ApplicationForm(
        company_name=company,
        contact_phone=phone,
        billing_email=billing_email,
        billing_address=address,
        third_party_name=third_name,
        third_party_email=third_email,
        requested_permissions=requested,
        description=description,
        login_email=login_email.lower() if login_email else None,
        password=password,
    )


def _password(form: _Collector) -> str | None:
    value = form.data.get("Password")
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        form.problems["Password"] = "Password must be text."  # noqa: S105
        return None
    problem = passwords.problem(value)
    if problem is not None:
        form.problems["Password"] = problem
        return None
    return value


def invalid(problems: dict[str, str]) -> BadRequest:
    """One sentence naming every bad field, with each field's own sentence alongside."""
    names = ", ".join(problems)
    return BadRequest(
        f"The application has {len(problems)} field(s) to correct ({names}): "
        + " ".join(problems.values()),
        code="invalid_fields",
        extra={"fields": problems},
    )
