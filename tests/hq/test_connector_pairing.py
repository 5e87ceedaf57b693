"""Pairing a connector: one-time codes that expire, credentials that can be revoked, all audited."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select, text, update

from dentin.errors import NotFound, Unauthorized
from dentin.hq import connectors, offices
from dentin.hq.connector_models import ConnectorPairing
from dentin.hq.context import Actor
from dentin.hq.models import AuditEvent
from dentin.runtime import Runtime

ACTOR = Actor("operator:test", "127.0.0.1")
AT_OFFICE = Actor("connector", "198.51.100.7")


@pytest.fixture
def office_id(rt: Runtime) -> int:
    return offices.create_office(rt.hq, name="Remote Dental", actor=ACTOR, api_enabled=True).id


def _events(rt: Runtime, prefix: str) -> list[tuple[str, dict[str, object] | None, str]]:
    with rt.hq.read() as session:
        rows = session.execute(
            select(AuditEvent.event, AuditEvent.after, AuditEvent.subject)
            .where(AuditEvent.event.like(prefix + "%"))
            .order_by(AuditEvent.id)
        )
        return [(e, a, s) for e, a, s in rows]


def test_a_pairing_code_is_stored_only_as_a_hash_and_lasts_15_minutes(
    rt: Runtime, office_id: int
) -> None:
    pairing = connectors.create_pairing_code(rt.hq, office_id, ACTOR)
    assert len(connectors.normalize_code(pairing.code)) == 16
    with rt.hq.read() as session:
        stored = session.execute(text("SELECT code_hash, expires_at FROM connector_pairing"))
        (code_hash, _expires), *_ = list(stored)
    assert connectors.normalize_code(pairing.code) not in code_hash
    assert pairing.code not in code_hash
    lifetime = pairing.expires_at - dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert dt.timedelta(minutes=14) < lifetime <= dt.timedelta(minutes=15)


def test_redeeming_a_code_yields_a_credential_that_authenticates_and_marks_the_office_cloud(
    rt: Runtime, office_id: int
) -> None:
    pairing = connectors.create_pairing_code(rt.hq, office_id, ACTOR)
    typed = pairing.code.lower().replace("-", " ")  # as a person types it
    paired = connectors.redeem(rt.hq, typed, AT_OFFICE, version="0.1.0")
    assert paired.office_id == office_id
    assert paired.credential.startswith("dcn_")
    assert connectors.authenticate(rt.hq, f"Connector {paired.credential}", "198.51.100.7") == (
        office_id,
        paired.credential_id,
    )
    assert connectors.is_relayed(rt.hq, office_id)
    assert offices.get_office(rt.hq, office_id).api_mode == "Cloud"
    [view] = connectors.credentials(rt.hq, office_id)
    assert view.hint == paired.credential[-4:] and view.last_address == "198.51.100.7"
    assert [e for e, _a, _s in _events(rt, "connector.")] == [
        "connector.pairing_created",
        "connector.paired",
    ]


def test_a_reused_code_is_refused_with_when_it_was_used_and_audited(
    rt: Runtime, office_id: int
) -> None:
    pairing = connectors.create_pairing_code(rt.hq, office_id, ACTOR)
    connectors.redeem(rt.hq, pairing.code, AT_OFFICE)
    with pytest.raises(Unauthorized, match="already used on") as refused:
        connectors.redeem(rt.hq, pairing.code, AT_OFFICE)
    assert refused.value.code == "pairing_used"
    assert ("connector.pairing_refused", {"reason": "used"}, "") in _events(rt, "connector.")


def test_an_expired_code_is_refused_naming_its_expiry(rt: Runtime, office_id: int) -> None:
    pairing = connectors.create_pairing_code(rt.hq, office_id, ACTOR)
    with rt.hq.transaction() as session:
        session.execute(
            update(ConnectorPairing).values(
                expires_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)
            )
        )
    with pytest.raises(Unauthorized, match=r"expired at .* \(codes last 15 minutes\)") as refused:
        connectors.redeem(rt.hq, pairing.code, AT_OFFICE)
    assert refused.value.code == "pairing_expired"
    assert not connectors.is_relayed(rt.hq, office_id)


def test_a_bad_code_is_refused_and_audited(rt: Runtime, office_id: int) -> None:
    with pytest.raises(Unauthorized, match="not recognised") as refused:
        connectors.redeem(rt.hq, "AAAA-BBBB-CCCC-DDDD", AT_OFFICE)
    assert refused.value.code == "pairing_unknown"
    assert _events(rt, "connector.pairing_refused") == [
        ("connector.pairing_refused", {"reason": "unknown"}, "")
    ]


def test_two_connectors_racing_with_one_code_get_one_credential(
    rt: Runtime, office_id: int
) -> None:
    pairing = connectors.create_pairing_code(rt.hq, office_id, ACTOR)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def attempt() -> None:
        barrier.wait()
        try:
            connectors.redeem(rt.hq, pairing.code, AT_OFFICE)
            outcomes.append("paired")
        except Unauthorized as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # SQLite may report the lock; that is still a refusal
            outcomes.append(type(exc).__name__)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("paired") == 1
    assert len(connectors.credentials(rt.hq, office_id)) == 1


def test_a_revoked_credential_is_refused_with_the_date_and_audited(
    rt: Runtime, office_id: int
) -> None:
    paired = connectors.redeem(
        rt.hq, connectors.create_pairing_code(rt.hq, office_id, ACTOR).code, AT_OFFICE
    )
    assert connectors.revoke(rt.hq, office_id, ACTOR) == 1
    with pytest.raises(Unauthorized, match=r"revoked at HQ on \d{4}-\d\d-\d\d") as refused:
        connectors.authenticate(rt.hq, f"Connector {paired.credential}", "198.51.100.7")
    assert refused.value.code == "connector_revoked"
    assert paired.credential not in str(refused.value.message)
    events = _events(rt, "connector.")
    assert ("connector.revoked", None, f"…{paired.credential[-4:]}") in events
    assert events[-1][0] == "connector.refused"


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer dcn_x", "Connector", "Connector nope", "Connector dcn_" + "x" * 200],
)
def test_malformed_or_unknown_connector_headers_are_refused(
    rt: Runtime, office_id: int, header: str | None
) -> None:
    with pytest.raises(Unauthorized) as refused:
        connectors.authenticate(rt.hq, header, "198.51.100.7")
    assert refused.value.code in ("connector_malformed", "connector_unknown")


def test_pairing_an_unknown_office_is_a_404(rt: Runtime) -> None:
    with pytest.raises(NotFound):
        connectors.create_pairing_code(rt.hq, 999, ACTOR)
