"""The node secret: a relayed request is accepted once, recently, by the process it names."""

from __future__ import annotations

import time

import pytest

from dentin.errors import Unauthorized
from dentin.nodes import signing
from dentin.nodes.signing import NodeSigner, derive

PEPPER = b"test-secret-0123456789abcdef"
BODY = b"\x00\x00\x00\x02{}body"


def test_a_request_signed_for_this_process_is_accepted_once() -> None:
    signer = NodeSigner(derive(PEPPER, None))
    headers = signer.headers(BODY, "me")
    signer.verify(BODY, headers, "me")
    with pytest.raises(Unauthorized, match="already received once"):
        signer.verify(BODY, headers, "me")


@pytest.mark.parametrize(
    ("tamper", "why"),
    [
        (lambda h, b: ({}, b), "missing or wrong"),
        (lambda h, b: (h, b + b"x"), "missing or wrong"),
        (lambda h, b: ({**h, signing.TARGET_HEADER: "me"}, b), "missing or wrong"),
    ],
    ids=["unsigned", "body changed", "target changed"],
)
def test_a_request_not_signed_as_sent_is_refused_with_the_reason(tamper: object, why: str) -> None:
    signer = NodeSigner(derive(PEPPER, None))
    headers = signer.headers(BODY, "someone-else")
    sent_headers, sent_body = tamper(headers, BODY)  # type: ignore[operator]
    with pytest.raises(Unauthorized, match=why) as refused:
        signer.verify(sent_body, sent_headers, "me")
    assert refused.value.code == "node_signature_refused"


def test_a_request_for_another_process_is_refused_there() -> None:
    signer = NodeSigner(derive(PEPPER, None))
    with pytest.raises(Unauthorized, match="addressed to another process"):
        signer.verify(BODY, signer.headers(BODY, "someone-else"), "me")


def test_another_deployment_cannot_sign_for_this_one() -> None:
    ours, theirs = NodeSigner(derive(PEPPER, None)), NodeSigner(derive(b"x" * 32, None))
    with pytest.raises(Unauthorized, match="missing or wrong"):
        ours.verify(BODY, theirs.headers(BODY, "me"), "me")


def test_an_old_request_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    signer = NodeSigner(derive(PEPPER, None))
    headers = signer.headers(BODY, "me")
    later = time.time() + signing.WINDOW_SECONDS + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(Unauthorized, match="signed more than"):
        signer.verify(BODY, headers, "me")


def test_a_configured_node_secret_replaces_the_derived_one_and_must_be_long() -> None:
    assert derive(PEPPER, "a-node-secret-of-20ch") != derive(PEPPER, None)
    with pytest.raises(ValueError, match="at least 16"):
        derive(PEPPER, "short")
