"""Sign-ins for the demo's portal: an operator, a practice admin and the demo developer.

Their passwords are derived from the data folder's secret (as the demo portal key is), so every
run of the demo prints the same working passwords without storing them anywhere in plain text.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from dentin.hq import applications, operators
from dentin.hq.context import Actor
from dentin.keys.formats import BASE62
from dentin.office import users
from dentin.runtime import Runtime

DEMO_OPERATOR = "operator@dentin.example"
DEMO_PRACTICE_USER = "admin"
DEMO_DEVELOPER_LOGIN = "developer@dentin.example"


@dataclass(frozen=True)
class DemoSignIns:
    operator_email: str
    operator_password: str
    office_id: int
    practice_user: str
    practice_password: str
    developer_email: str
    developer_password: str


def derived_password(rt: Runtime, label: str) -> str:
    digest = hmac.new(rt.settings.pepper(), f"dentin-demo-{label}".encode(), hashlib.sha256)
    number = int.from_bytes(digest.digest(), "big")
    chars = []
    for _ in range(16):
        number, rem = divmod(number, 62)
        chars.append(BASE62[rem])
    return "".join(chars)


def ensure_demo_accounts(rt: Runtime, office_id: int, developer_id: int) -> DemoSignIns:
    """Create (once) the three demo sign-ins; a second run finds them and changes nothing."""
    actor = Actor("demo-seed", "local")
    op_password = derived_password(rt, "operator-password")
    if operators.find_operator(rt.hq, DEMO_OPERATOR) is None:
        operators.create_operator(rt.hq, DEMO_OPERATOR, op_password, actor, name="Demo operator")
    practice_password = derived_password(rt, "practice-admin-password")
    if rt.reach.relayed(office_id):
        # A connected office's users live in its own database, which HQ never opens: its
        # practice signs in with the users it made there (`dentin office user` at the office).
        practice_password = ""
    else:
        db = rt.offices.get(office_id)
        if not any(u.user_name == DEMO_PRACTICE_USER for u in users.list_users(db)):
            users.add_user(rt.hq, db, DEMO_PRACTICE_USER, practice_password, actor, is_admin=True)
    dev_password = derived_password(rt, "developer-password")
    if applications.get_application(rt.hq, developer_id).login_email is None:
        applications.set_password(
            rt.hq, developer_id, dev_password, actor, login_email=DEMO_DEVELOPER_LOGIN
        )
    return DemoSignIns(
        DEMO_OPERATOR,
        op_password,
        office_id,
        DEMO_PRACTICE_USER,
        practice_password,
        DEMO_DEVELOPER_LOGIN,
        dev_password,
    )
