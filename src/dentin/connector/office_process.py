"""``dentin office connect``: pair once, keep the credential, hold the link, serve the office.

The office's database lives at the office (SQLite by default, PostgreSQL with ``--database``);
HQ never opens it. The credential is written 0600 next to the office's data, so a restart
reconnects without a new pairing code.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from dentin import __version__
from dentin.config import Settings, local_secret
from dentin.connector import outbox
from dentin.connector.office_app import create_office_app
from dentin.connector.office_link import ConnectorStopped, OfficeLink
from dentin.connector.routes import LINK_PATH, PAIR_PATH
from dentin.logs import get_logger
from dentin.office import aging_service
from dentin.office.events import delivery
from dentin.office.registry import OfficeDatabase, OfficeRegistry
from dentin.office.seed import ensure_preferences
from dentin.private_files import write_private_text

log = get_logger("dentin.connector")
CREDENTIAL_FILE = "connector.json"
OUTBOX_EVERY = 1.0


@dataclass(frozen=True)
class Pairing:
    hq_url: str
    office_id: int
    credential: str


def pair(hq_url: str, code: str) -> Pairing:
    """Trade a pairing code at HQ; a refusal stops with HQ's own sentence."""
    hq_url = hq_url.rstrip("/")
    try:
        answer = httpx.post(
            hq_url + PAIR_PATH, json={"Code": code, "Version": __version__}, timeout=30
        )
    except httpx.HTTPError as exc:
        raise ConnectorStopped(f"HQ at {hq_url} could not be reached to pair: {exc}.") from None
    if answer.status_code != 201:
        try:
            message = str(answer.json().get("message", answer.text))
        except ValueError:
            message = answer.text[:300]
        raise ConnectorStopped(f"HQ refused the pairing code ({answer.status_code}): {message}")
    data = answer.json()
    return Pairing(hq_url, int(data["OfficeNum"]), str(data["Credential"]))


def save(data_dir: Path, pairing: Pairing) -> Path:
    path = data_dir / CREDENTIAL_FILE
    if path.exists():
        path.unlink()
    write_private_text(
        path,
        json.dumps(
            {"hq": pairing.hq_url, "office": pairing.office_id, "credential": pairing.credential}
        ),
    )
    return path


def load(data_dir: Path) -> Pairing:
    path = data_dir / CREDENTIAL_FILE
    try:
        data = json.loads(path.read_text())
        return Pairing(str(data["hq"]), int(data["office"]), str(data["credential"]))
    except FileNotFoundError:
        raise ConnectorStopped(
            f"This office is not paired yet ({path} does not exist): run "
            "`dentin office connect --hq URL --code CODE` with a code from `dentin office pair`."
        ) from None
    except (ValueError, KeyError, TypeError):
        raise ConnectorStopped(f"{path} is damaged; pair again with a new code.") from None


def link_url(hq_url: str) -> str:
    base = hq_url.rstrip("/")
    if base.startswith("https://"):
        return "wss://" + base.removeprefix("https://") + LINK_PATH
    return "ws://" + base.removeprefix("http://") + LINK_PATH


async def run(
    settings: Settings,
    pairing: Pairing,
    database_url: str,
    stop: asyncio.Event,
    on_state: Callable[[str], None] | None = None,
) -> None:
    """Serve relayed requests until ``stop``; raises ConnectorStopped when HQ says stop."""
    registry = OfficeRegistry(settings, lambda _office_id: database_url)
    db = await asyncio.to_thread(registry.provision, pairing.office_id)
    await asyncio.to_thread(ensure_preferences, db, f"Office {pairing.office_id}")
    app = create_office_app(settings, registry, pairing.office_id)
    link = OfficeLink(link_url(pairing.hq_url), pairing.credential, app, on_state=on_state)
    scheduler = aging_service.start(lambda: [db]) if settings.aging_scheduler else None
    events = start_events(settings, db)
    sender = asyncio.create_task(send_outbox(settings.data_dir, link))
    try:
        await link.run(stop)
    finally:
        sender.cancel()
        if events is not None:
            await asyncio.to_thread(events.stop)
        if scheduler is not None:
            await scheduler.stop()
        registry.dispose()


async def send_outbox(data_dir: Path, link: OfficeLink) -> None:
    """Report what commands run at the office recorded (``outbox``) whenever the link is up."""
    while True:
        await asyncio.sleep(OUTBOX_EVERY)
        if link.connected.is_set():
            try:
                await outbox.flush(Path(data_dir), link.report)
            except OSError as exc:  # the next round tries again; the file is kept
                log.warning("outbox_send_failed", error=type(exc).__name__)


def start_events(settings: Settings, db: OfficeDatabase) -> delivery.Worker | None:
    """API Events are delivered from the office itself, whatever HQ or any workstation does."""
    if not settings.events_worker:
        return None
    worker = delivery.Worker(
        delivery.Policy.of(settings),
        lambda: [db],
        poll=settings.events_poll_seconds,
        threads=settings.events_threads,
    )
    worker.start()
    return worker


def prepare(settings: Settings, hq_url: str | None, code: str | None) -> tuple[Pairing, bool]:
    """The office's pairing for ``connect`` and ``serve``: trade ``code`` once, else the saved one.

    Also makes sure the office has a secret of its own (kept 0600 in its data folder) when
    none is configured. Returns (pairing, whether it was just paired).
    """
    if settings.secret_key is None:
        local_secret(settings.data_dir)
    if not code:
        return load(settings.data_dir), False
    if not hq_url:
        raise ConnectorStopped("--code needs --hq, the HQ to pair with.")
    pairing = pair(hq_url, code)
    save(settings.data_dir, pairing)
    return pairing, True


def default_database(settings: Settings) -> str:
    return f"sqlite:///{(Path(settings.data_dir) / 'office.sqlite').resolve()}"
