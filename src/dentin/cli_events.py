"""``dentin events ...``: run the delivery worker on its own, list dead letters, replay.

Offices are HQ's (``--office N``, default every Embedded office), or one office database of
its own (``--database URL``, at an office running Cloud or Service mode, with the office's
secret from its data folder).
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dentin.cli_office_db import refuse_connected
from dentin.config import Settings, local_secret
from dentin.errors import DentinError
from dentin.hq import offices
from dentin.logs import configure
from dentin.office.events import delivery
from dentin.office.registry import OfficeDatabase, OfficeRegistry
from dentin.runtime import Runtime
from dentin.wire import utcnow

events_app = typer.Typer(no_args_is_help=True, help="API Events: delivery, dead letters, replay.")
console = Console()

OfficeOpt = Annotated[int | None, typer.Option(help="Only this office (HQ's office id).")]
DatabaseOpt = Annotated[
    str | None,
    typer.Option(help="An office's own database (Cloud/Service mode) instead of HQ's offices."),
]


@contextmanager
def _databases(office: int | None, database: str | None) -> Iterator[list[OfficeDatabase]]:
    settings = Settings()
    if database is not None:
        try:
            if settings.secret_key is None:
                local_secret(settings.data_dir)  # the office's own secret, as `office serve`
            registry = OfficeRegistry(settings, lambda _office_id: database)
            db = registry.provision(office or 1)
        except ValueError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
        try:
            yield [db]
        finally:
            registry.dispose()
        return
    try:
        rt = Runtime.build(settings)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    try:
        chosen = [
            o
            for o in offices.list_offices(rt.hq)
            if (office is None and o.api_mode == "Embedded") or o.id == office
        ]
        if office is not None and not chosen:
            console.print(f"[red]Office {office} does not exist at this HQ.[/red]")
            raise typer.Exit(1)
        if office is not None:
            refuse_connected(rt, office, "its API Events", console)
        yield [rt.offices.get(o.id) for o in chosen]
    finally:
        rt.close()


def _one(dbs: list[OfficeDatabase]) -> OfficeDatabase:
    if len(dbs) != 1:
        console.print(
            "[red]Name the office with --office N (or --database URL): subscription "
            "numbers are per office.[/red]"
        )
        raise typer.Exit(2)
    return dbs[0]


@events_app.command("work")
def work(office: OfficeOpt = None, database: DatabaseOpt = None) -> None:
    """Deliver API Events until stopped (Ctrl-C), apart from `dentin serve`."""
    settings = Settings()
    configure(json=settings.log_json)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with _databases(office, database) as dbs:
        worker = delivery.Worker(
            delivery.Policy.of(settings),
            lambda: dbs,
            poll=settings.events_poll_seconds,
            threads=settings.events_threads,
        )
        console.print(f"delivering API Events for {len(dbs)} office(s); Ctrl-C stops")
        worker.run(stop)


@events_app.command("dead")
def dead(
    subscription: Annotated[int | None, typer.Argument(help="Only this SubscriptionNum.")] = None,
    office: OfficeOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """List dead letters: messages whose three days of retries ran out."""
    with _databases(office, database) as dbs:
        table = Table("office", "subscription", "webhook-id", "table", "size", "first event")
        for db in dbs:
            for m in delivery.dead_letters(db, subscription):
                table.add_row(
                    str(db.office_id),
                    str(m.SubscriptionNum),
                    m.WebhookId,
                    m.WatchTable,
                    str(m.BatchSize),
                    f"{m.FirstEventAt:%Y-%m-%d %H:%M:%S}",
                )
        console.print(table)


@events_app.command("replay")
def replay(
    subscription: Annotated[int, typer.Argument(help="The SubscriptionNum.")],
    since: Annotated[
        str, typer.Option(help="Resend messages formed since (yyyy-MM-dd[ HH:mm:ss], UTC).")
    ],
    office: OfficeOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Send a subscription's messages again (delivered and dead alike), in order."""
    moment = _moment(since)
    settings = Settings()
    with _databases(office, database) as dbs:
        db = _one(dbs)
        try:
            count = delivery.replay(db, subscription, moment, delivery.Policy.of(settings))
        except DentinError as exc:
            console.print(f"[red]{exc.message}[/red]")
            raise typer.Exit(1) from None
    console.print(
        f"{count} message(s) of subscription {subscription} queued again since "
        f"{moment:%Y-%m-%d %H:%M:%S}; the worker sends them in order."
    )


def _moment(value: str) -> dt.datetime:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        if moment > utcnow():
            break
        return moment
    console.print(
        f"[red]--since must be a past yyyy-MM-dd or yyyy-MM-dd HH:mm:ss, got {value!r}[/red]"
    )
    raise typer.Exit(2)
