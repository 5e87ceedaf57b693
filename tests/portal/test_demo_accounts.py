"""The demo's portal sign-ins work, and a second run changes nothing."""

from __future__ import annotations

from dentin.hq import applications, operators, practice_sessions
from dentin.portal.demo_accounts import ensure_demo_accounts
from tests.conftest import World


def test_demo_sign_ins_are_created_once_and_their_printed_passwords_work(world: World) -> None:
    rt = world.rt
    first = ensure_demo_accounts(rt, world.office_a.id, world.developer_id)
    second = ensure_demo_accounts(rt, world.office_a.id, world.developer_id)
    assert first == second
    assert operators.verify_login(rt.hq, first.operator_email, first.operator_password)
    login = applications.verify_login(rt.hq, first.developer_email, first.developer_password)
    assert login.developer_id == world.developer_id
    session = practice_sessions.sign_in(
        rt.hq, rt.offices, first.office_id, first.practice_user, first.practice_password
    )
    assert session.identity.is_admin
