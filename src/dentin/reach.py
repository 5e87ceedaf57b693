"""HQ's hands in an office's own rows: its database for an office HQ hosts, its link otherwise.

HQ never opens a connected office's database (Cloud and Service modes), so what HQ's features
need there (a practice user's sign-in, their session, the ``apikey`` copy, the API Events
report) is asked of the office over its link, on the office's own code path. What the office
records while answering (sign-ins, lockouts) comes back with the answer and is written to
HQ's audit log, as for an office HQ hosts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from dentin import errors
from dentin.connector.relay import Links, Relayed
from dentin.connector.wire_caller import event_from_wire
from dentin.errors import DentinError, OfficeUnavailable
from dentin.gateway.office_edge import OfficeModes
from dentin.hq import customer_keys
from dentin.hq.context import HQ
from dentin.hq.office_reach import HostedOffices
from dentin.office import users
from dentin.office.edge import HQ_QUESTIONS
from dentin.office.events import report
from dentin.office.registry import OfficeRegistry

APIKEYS_PATH = f"{HQ_QUESTIONS}/apikeys"
# The refusals an office gives HQ's questions in its own words (a wrong password, a lockout,
# a busy password hasher); anything else means the office cannot answer them (a 404 from an
# older version without the question, say) and becomes a 503.
_REFUSALS: dict[int, type[DentinError]] = {
    400: errors.BadRequest,
    401: errors.Unauthorized,
    429: errors.TooManyRequests,
}


class Reach(HostedOffices):
    def __init__(self, hq: HQ, registry: OfficeRegistry, modes: OfficeModes, links: Links) -> None:
        super().__init__(hq, registry)
        self.modes = modes
        self.links = links

    def relayed(self, office_id: int) -> bool:
        return self.modes.relayed(office_id)

    def sign_in(
        self, office_id: int, user_name: str, password: str, source: str
    ) -> users.PracticeUserView:
        if not self.relayed(office_id):
            return super().sign_in(office_id, user_name, password, source)
        body = {"UserName": user_name, "Password": password, "Source": source}
        found = self._ask(office_id, "POST", "/users/sign-in", body)
        return _user(office_id, found.get("User"))

    def user(self, office_id: int, user_num: int) -> users.PracticeUserView | None:
        if not self.relayed(office_id):
            return super().user(office_id, user_num)
        found = self._ask(office_id, "GET", f"/users/{user_num}")
        return None if found.get("User") is None else _user(office_id, found["User"])

    def rights(self, office_id: int, user_num: int) -> frozenset[str] | None:
        """A practice user's rights now, for the verdicts of their practice tokens."""
        if not self.relayed(office_id):
            return users.rights(self.registry.get(office_id), user_num)
        found = self._ask(office_id, "GET", f"/users/{user_num}/rights").get("Rights")
        return None if found is None else frozenset(str(r) for r in found)

    def copy_keys(
        self, office_id: int, upsert: Sequence[tuple[str, str]] = (), remove: Sequence[str] = ()
    ) -> None:
        """A connected office gets HQ's whole list now if its link is up (waited for, so the
        next ShortQuery sees it), else when it reconnects: HQ's key table is the queue."""
        if not self.relayed(office_id):
            super().copy_keys(office_id, upsert, remove)
            return
        self.links.mirror_now(office_id)

    def event_reports(
        self, office_id: int, customer_key: str, days: int
    ) -> list[report.SubscriptionReport]:
        if not self.relayed(office_id):
            return report.for_key(self.registry.get(office_id), customer_key, days)
        found = self._ask(
            office_id, "POST", "/events/report", {"CustomerKey": customer_key, "Days": days}
        )
        return report.from_json(found.get("Reports"))

    def _ask(
        self, office_id: int, method: str, path: str, body: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        answer = self.links.call_office(
            office_id, method, HQ_QUESTIONS + path, b"" if body is None else orjson.dumps(body)
        )
        self._record(office_id, answer)
        data = _json(answer.body)
        if answer.status == 200 and isinstance(data, dict):
            return data
        raise _refusal(office_id, answer, data)

    def _record(self, office_id: int, answer: Relayed) -> None:
        for data in answer.events:
            event = event_from_wire(data, office_id)
            if event is not None:
                self.hq.record(event)
        if answer.credentials_changed:
            self.hq.changed()


def apikeys_of(hq: HQ, office_id: int) -> bytes:
    """HQ's list of the office's CustomerKeys, as the office's ``apikey`` copy must hold it."""
    held = [
        {"CustomerKey": item.key.key, "DevName": item.developer_name}
        for item in customer_keys.office_keys(hq, office_id)
    ]
    return orjson.dumps({"Keys": held})


def _json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        return None


def _refusal(office_id: int, answer: Relayed, data: Any) -> DentinError:
    """The office's own refusal, in its own words (a wrong password, a lockout), or a 503."""
    kind = _REFUSALS.get(answer.status)
    if kind is None or not isinstance(data, dict) or not isinstance(data.get("message"), str):
        return OfficeUnavailable(
            f"Office {office_id} could not answer HQ's question ({answer.status}); update its "
            "dentin to HQ's version.",
            code="office_bad_answer",
        )
    code = data.get("code")
    extra = {k: v for k, v in data.items() if k not in ("code", "message")}
    retry = [v for k, v in answer.headers if k.lower() == "retry-after"]
    return kind(
        data["message"],
        code=code if isinstance(code, str) else None,
        headers={"Retry-After": retry[0]} if retry else None,
        extra=extra,
    )


def _user(office_id: int, data: Any) -> users.PracticeUserView:
    try:
        return users.PracticeUserView(
            office_id=office_id,
            user_num=int(data["UserNum"]),
            user_name=str(data["UserName"]),
            is_admin=bool(data["IsAdmin"]),
            is_hidden=bool(data["IsHidden"]),
            scopes=frozenset(str(s) for s in data["Scopes"]),
            stamp=str(data["Stamp"]),
        )
    except (KeyError, TypeError, ValueError):
        raise OfficeUnavailable(
            f"Office {office_id} sent a practice user HQ cannot read; update its dentin to "
            "HQ's version.",
            code="office_bad_answer",
        ) from None
