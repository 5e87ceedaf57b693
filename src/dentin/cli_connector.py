"""CLI for API modes: pairing at HQ (``pair``, ``connectors``, ``connector-revoke``) and, at the
office, ``connect`` (Cloud mode: one outbound link to HQ, no inbound port)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console

from dentin.caller import Actor
from dentin.config import Settings
from dentin.errors import DentinError
from dentin.heap import settle_heap
from dentin.hq import connectors
from dentin.runtime import Runtime
from dentin.wire import od_datetime


def register(office_app: typer.Typer, runtime: Callable[[], Runtime], console: Console) -> None:
    def fail(exc: DentinError) -> None:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1)

    @office_app.command("pair")
    def pair(office_num: Annotated[int, typer.Argument(help="The office's number at HQ.")]) -> None:
        """Print a one-time pairing code (15 minutes) for the office's connector."""
        rt = runtime()
        try:
            code = connectors.create_pairing_code(rt.hq, office_num, Actor.cli())
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"Pairing code for office {office_num}: [bold]{code.code}[/bold]")
        console.print(f"It works once and expires at {od_datetime(code.expires_at)} UTC.")
        console.print(
            "At the office run: dentin office connect --hq <this HQ's URL> --code " + code.code
        )

    @office_app.command("connectors")
    def list_connectors(office_num: int) -> None:
        """The office's connector credentials: hint, paired, last seen, from where, version."""
        rt = runtime()
        for c in connectors.credentials(rt.hq, office_num):
            state = f"revoked {od_datetime(c.revoked_at)}" if c.revoked_at else "live"
            console.print(
                f"…{c.hint}  paired {od_datetime(c.created_at)}  last seen "
                f"{od_datetime(c.last_seen_at)} from {c.last_address or '-'}  "
                f"version {c.version or '-'}  {state}"
            )

    @office_app.command("connector-revoke")
    def revoke(office_num: int) -> None:
        """Revoke the office's connector credentials; a connected one is dropped within 1 s."""
        rt = runtime()
        count = connectors.revoke(rt.hq, office_num, Actor.cli())
        console.print(f"Revoked {count} connector credential(s) of office {office_num}.")

    _serve_command(office_app, console)

    @office_app.command("connect")
    def connect(
        hq: Annotated[str, typer.Option(help="HQ's base URL, e.g. https://api.example.com")],
        code: Annotated[
            str | None, typer.Option(help="The pairing code from `dentin office pair` (once).")
        ] = None,
        database: Annotated[
            str | None,
            typer.Option(help="The office database URL (default: SQLite in the data folder)."),
        ] = None,
    ) -> None:
        """Cloud mode: hold one outbound link to HQ and answer the requests it relays."""
        from dentin.connector import office_process
        from dentin.connector.office_link import ConnectorStopped

        settings = Settings()
        try:
            pairing, paired = office_process.prepare(settings, hq, code)
            if paired:
                saved = settings.data_dir / office_process.CREDENTIAL_FILE
                console.print(f"Paired with HQ as office {pairing.office_id} ({saved}).")
            url = database or office_process.default_database(settings)
            settle_heap()
            asyncio.run(_hold(settings, pairing, url, console))
        except ConnectorStopped as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None


def _serve_command(office_app: typer.Typer, console: Console) -> None:
    @office_app.command("serve")
    def serve(
        hq: Annotated[str | None, typer.Option(help="HQ's base URL (needed with --code).")] = None,
        code: Annotated[
            str | None, typer.Option(help="A pairing code from `dentin office pair` (once).")
        ] = None,
        local: Annotated[
            bool, typer.Option("--local", help="Local mode: 127.0.0.1:30222, this machine only.")
        ] = False,
        host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
        port: Annotated[int | None, typer.Option(help="Port (Service 30223, Local 30222).")] = None,
        database: Annotated[
            str | None,
            typer.Option(help="The office database URL (default: SQLite in the data folder)."),
        ] = None,
    ) -> None:
        """Service mode: serve /api/v1 on the office network (and hold the link to HQ)."""
        from dentin.connector import office_process
        from dentin.connector.office_link import ConnectorStopped
        from dentin.service import server

        settings = Settings()
        bind = host or ("127.0.0.1" if local else "0.0.0.0")  # noqa: S104 - the office network
        listen = port or (server.LOCAL_PORT if local else server.SERVICE_PORT)
        try:
            pairing, _paired = office_process.prepare(settings, hq, code)
            url = database or office_process.default_database(settings)
            console.print(
                f"Office {pairing.office_id} API on http://{bind}:{listen}/api/v1 "
                f"({'Local' if local else 'Service'} mode)"
            )
            settle_heap()
            asyncio.run(_serve(settings, pairing, url, bind, listen, console))
        except ConnectorStopped as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from None


async def _serve(
    settings: Settings, pairing: object, url: str, host: str, port: int, console: Console
) -> None:
    from dentin.connector import office_process
    from dentin.service import server

    assert isinstance(pairing, office_process.Pairing)
    stop = _stop_on_signals()

    def state(now: str) -> None:
        console.print(f"link to HQ {now}")

    await server.serve(settings, pairing, url, host=host, port=port, stop=stop, on_state=state)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    return stop


async def _hold(settings: Settings, pairing: object, url: str, console: Console) -> None:
    from dentin.connector import office_process

    assert isinstance(pairing, office_process.Pairing)
    stop = _stop_on_signals()

    def state(now: str) -> None:
        console.print(f"link to HQ {now}")

    await office_process.run(settings, pairing, url, stop, on_state=state)
