"""Three offices with one and the same database content, one per API mode, on real processes.

Office "Embedded" is held by HQ itself; office "Cloud" is reached through `dentin office
connect`; office "Service" is served by `dentin office serve`. Each mode's office gets a fresh
byte-identical copy of one generated database, so the same writes give the same answers; each
office has its own keys from the same developers, so every mode starts with fresh rate-limit
counters and the same request suite sees the same budget in every mode.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import update

from dentin import scopes
from dentin.caller import PracticeIdentity
from dentin.config import Settings
from dentin.hq import connectors, customer_keys, developers, offices, practice_tokens, tiers
from dentin.hq.context import Actor
from dentin.hq.models import Developer
from dentin.office import apikeys, users
from dentin.office.generate import generate_office
from dentin.office.outbound import Collected
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime
from tests.conftest import TEST_SECRET
from tests.connector.sites import CLI, Proc, start
from tests.gateway.conftest import dentin_env
from tests.pg import free_port

ACTOR = Actor("test", "127.0.0.1")
PRACTICE = "Smile Dental"
# The "tiny" developer's tier: three requests a minute, so the suite reaches a 429 quickly.
TINY_TIER = "enterprise"
RATE_LIMITS = (
    '{"standard": ["600/minute", "6000/minute"], "professional": ["1200/minute", "12000/minute"],'
    f' "{TINY_TIER}": ["3/minute", "100/minute"]}}'
)


@dataclass
class Mode:
    """One way of reaching an office: where to send requests and which credentials to send."""

    name: str
    base: str
    office_id: int
    credentials: dict[str, str] = field(default_factory=dict)


@dataclass
class Modes:
    hq_env: dict[str, str]
    hq_base: str
    embedded: Mode
    cloud: Mode
    service: Mode

    @property
    def all(self) -> list[Mode]:
        return [self.embedded, self.cloud, self.service]


@dataclass
class _Developers:
    full: tuple[int, str]  # (developer id, DeveloperKey)
    readonly: tuple[int, str]
    tiny: tuple[int, str]


def _developers(rt: Runtime) -> _Developers:
    full = developers.create_developer(
        rt.hq, company_name="Acme Dental Apps", actor=ACTOR, permissions=sorted(scopes.ALL_SCOPES)
    )
    readonly = developers.create_developer(
        rt.hq, company_name="Read Only Apps", actor=ACTOR, permissions=["patient:read"]
    )
    tiny = developers.create_developer(
        rt.hq, company_name="Tiny Tier Apps", actor=ACTOR, permissions=["patient:read"]
    )
    with rt.hq.transaction() as session:
        session.execute(
            update(Developer).where(Developer.id == tiny.developer_id).values(tier=TINY_TIER)
        )
    rt.hq.changed()
    return _Developers(
        (full.developer_id, full.developer_key),
        (readonly.developer_id, readonly.developer_key),
        (tiny.developer_id, tiny.developer_key),
    )


def _office(rt: Runtime, name: str, url: str, devs: _Developers) -> Mode:
    """Register an office whose database (already at ``url``) is a copy of the template."""
    office = offices.create_office(
        rt.hq, name=name, actor=ACTOR, api_enabled=True, database_url=url
    )
    tiers.set_tier(rt.hq, office.id, ACTOR, tier="enterprise")  # practice tokens need API access
    db = rt.offices.provision(office.id)
    mode = Mode(name, "", office.id)
    for label, (developer_id, developer_key) in (
        ("full", devs.full),
        ("readonly", devs.readonly),
        ("tiny", devs.tiny),
    ):
        key = customer_keys.create_customer_key(rt.hq, developer_id, ACTOR)
        _view, dev_name = customer_keys.assign_customer_key(rt.hq, office.id, key.key, ACTOR)
        apikeys.upsert(db, key.key, dev_name)
        mode.credentials[label] = f"ODFHIR {developer_key}/{key.key}"
    # A practice user whose token once held patient:create, then lost the right: the token
    # must act with the intersection of its scopes and its creator's rights now.
    out = Collected([])
    granted = ["patient:read", "patient:create", "appointment:read"]
    user = users.add_user(
        out,
        db,
        "frontdesk",
        "correct horse battery staple",
        ACTOR,
        user_scopes=granted,
    )
    issued = practice_tokens.create_token(
        rt.hq,
        PracticeIdentity(office.id, user.user_num, user.user_name, False, frozenset(granted)),
        ACTOR,
        label="Front desk sync",
        requested_scopes=granted,
    )
    users.set_rights(out, db, "frontdesk", ["patient:read", "appointment:read"], ACTOR)
    mode.credentials["token"] = f"Bearer {issued.token}"
    mode.credentials["unknown"] = "ODFHIR AAAAAAAAAAAAAAAA/BBBBBBBBBBBBBBBB"
    mode.credentials["none"] = ""
    return mode


@pytest.fixture(scope="module")
def modes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Modes]:
    root = tmp_path_factory.mktemp("modes")
    settings = Settings(
        data_dir=root / "hq",
        hq_database_url=f"sqlite:///{root / 'hq.sqlite'}",
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
    )
    rt = Runtime.build(settings)
    procs: list[Proc] = []
    try:
        rt.migrate_hq()
        devs = _developers(rt)
        template = root / "template.sqlite"
        seeding = offices.create_office(
            rt.hq, name="template", actor=ACTOR, database_url=f"sqlite:///{template}"
        )
        db = rt.offices.provision(seeding.id)
        ensure_preferences(db, PRACTICE)
        generate_office(db, 30, seed=7)
        rt.offices.dispose()
        urls = {}
        for name in ("Embedded", "Cloud", "Service"):
            (root / name).mkdir()
            shutil.copy(template, root / name / "office.sqlite")
            urls[name] = f"sqlite:///{root / name / 'office.sqlite'}"
        embedded = _office(rt, "Embedded", urls["Embedded"], devs)
        cloud = _office(rt, "Cloud", urls["Cloud"], devs)
        service = _office(rt, "Service", urls["Service"], devs)
        rt.offices.dispose()

        hq_port = free_port()
        hq_env = {
            **dentin_env(settings),
            "DENTIN_HOST": "127.0.0.1",
            "DENTIN_PORT": str(hq_port),
            "DENTIN_RATE_LIMITS": RATE_LIMITS,
        }
        hq_base = f"http://127.0.0.1:{hq_port}"
        procs.append(_hq(hq_env, hq_base))
        embedded.base = cloud.base = hq_base

        def office_env(name: str) -> dict[str, str]:
            env = {k: v for k, v in os.environ.items() if not k.startswith("DENTIN_")}
            env.update(
                {
                    "DENTIN_DATA_DIR": str(root / name),
                    "DENTIN_SECRET_KEY": TEST_SECRET,  # the office sealed its apikey rows with it
                    "DENTIN_AGING_SCHEDULER": "false",
                }
            )
            return env

        connect = [*CLI, "office", "connect", "--hq", hq_base, "--database", urls["Cloud"]]
        procs.append(start([*connect, "--code", _pair(rt, cloud.office_id)], office_env("Cloud")))
        service_port = free_port()
        serve = [*CLI, "office", "serve", "--host", "127.0.0.1", "--port", str(service_port)]
        serve += ["--database", urls["Service"], "--hq", hq_base]
        procs.append(start([*serve, "--code", _pair(rt, service.office_id)], office_env("Service")))
        service.base = f"http://127.0.0.1:{service_port}"
        for proc in procs[1:]:
            proc.wait_linked()
        yield Modes(hq_env, hq_base, embedded, cloud, service)
    finally:
        for proc in reversed(procs):
            proc.stop()
        rt.close()


def _hq(env: dict[str, str], base: str) -> Proc:
    import time

    import httpx

    proc = start([*CLI, "serve"], env)
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.proc.poll() is not None or time.monotonic() > deadline:
            output = proc.output()[-3000:]
            proc.stop()
            raise AssertionError(f"HQ did not start: {output}")
        time.sleep(0.1)


def _pair(rt: Runtime, office_id: int) -> str:
    """As ``dentin office pair`` makes it, in this process (tests/connector runs the command)."""
    return connectors.create_pairing_code(rt.hq, office_id, ACTOR).code
