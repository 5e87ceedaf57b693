"""API Setup for a connected office: a key added (or moved) at HQ reaches the office's own
``apikey`` table over its link at once, and a change made while the office is offline is
not lost: HQ's key table is the queue, and the office gets the whole list when it reconnects."""

from __future__ import annotations

import time

import httpx
import pytest

from dentin.office import apikeys
from tests.conftest import World
from tests.connected.conftest import Linked
from tests.gateway.conftest import run_cli

pytestmark = pytest.mark.slow
SELECT_APIKEYS = "SELECT * FROM apikey"


def _listed(linked: Linked) -> str:
    """What a developer's relayed ShortQuery shows of the office's ``apikey`` table."""
    r = linked.shortquery(SELECT_APIKEYS)
    assert r.status_code == 200, r.text
    return r.text


def test_add_key_in_api_setup_puts_the_key_in_the_connected_offices_apikey_table_at_once(
    linked: Linked,
) -> None:
    token = linked.sign_in().json()["Token"]
    key = linked.new_key()
    assert key not in _listed(linked)
    added = httpx.post(
        linked.site.base + "/api/v1/practice/api-setup/keys",
        json={"CustomerKey": key},
        headers={"Authorization": f"Practice {token}"},
        timeout=30,
    )
    assert added.status_code == 201, added.text
    assert added.json()["CustomerKey"] == key
    shown = _listed(linked)  # no waiting: Add Key answers once the office holds the copy
    assert key in shown
    assert "Acme Dental Apps" in shown
    with linked.at_office() as db:
        assert (key, "Acme Dental Apps") in apikeys.listed(db)


def test_a_key_added_or_moved_away_while_the_office_is_offline_is_copied_when_it_reconnects(
    cloud: Linked,
) -> None:
    added = cloud.new_key()
    moved_away = cloud.new_key()
    run_cli(cloud.site.env, "office", "api", "add-key", str(cloud.office_id), moved_away)
    assert _until_listed(cloud, moved_away, True)
    cloud.stop_office()
    run_cli(cloud.site.env, "office", "api", "add-key", str(cloud.office_id), added)
    run_cli(cloud.site.env, "office", "add", "Harbor Dental")
    harbor = _office_named(cloud, "Harbor Dental")
    run_cli(cloud.site.env, "developer", "move-key", moved_away, str(harbor), "--force")
    with cloud.at_office() as db:  # nothing reached the office while it was offline
        held = [k for k, _dev in apikeys.listed(db)]
        assert added not in held and moved_away in held
    cloud.start_office()
    assert _until_listed(cloud, added, True)
    assert _until_listed(cloud, moved_away, False)


def _until_listed(linked: Linked, key: str, present: bool, within: float = 15.0) -> bool:
    deadline = time.monotonic() + within
    while (key in _listed(linked)) != present:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _office_named(linked: Linked, name: str) -> int:
    from dentin.hq import offices

    found = offices.find_office(linked.rt.hq, name)
    assert found is not None
    return found.id


def test_the_copy_of_hqs_list_adds_renames_and_removes_rows_and_leaves_the_rest_alone(
    world: World,
) -> None:
    db = world.rt.offices.get(world.office_a.id)
    already = apikeys.listed(db)
    apikeys.upsert(db, "KeepKey000000001", "Old Name")
    apikeys.upsert(db, "GoneKey000000001", "Gone Apps")
    kept_num = {r.CustApiKey: r.APIKeyNum for r in apikeys.rows(db)}["KeepKey000000001"]
    held = [*already, ("KeepKey000000001", "New Name"), ("NewKey0000000001", "New Name")]
    assert apikeys.mirror(db, held) == (2, 1)
    assert apikeys.listed(db) == held
    assert {r.CustApiKey: r.APIKeyNum for r in apikeys.rows(db)}["KeepKey000000001"] == kept_num
    assert apikeys.mirror(db, held) == (0, 0)  # the same list again changes nothing
