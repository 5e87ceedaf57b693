"""The operator CLI. Every command calls the same service functions as the HTTP routes."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dentin import cli_connector, cli_onboarding, scopes
from dentin.cli_aging import aging_app
from dentin.cli_events import events_app
from dentin.cli_generate import generate_app
from dentin.cli_operator import operator_app
from dentin.config import Settings
from dentin.errors import DentinError
from dentin.hq import audit, developers, offices
from dentin.hq.context import Actor
from dentin.logs import configure
from dentin.runtime import Runtime

app = typer.Typer(no_args_is_help=True, help="dentin: the API platform for dental practices.")
developer_app = typer.Typer(no_args_is_help=True, help="Developers and their keys.")
office_app = typer.Typer(no_args_is_help=True, help="Offices (practices).")
app.add_typer(developer_app, name="developer")
app.add_typer(office_app, name="office")
office_app.add_typer(aging_app, name="aging")
app.add_typer(operator_app, name="operator")
app.add_typer(generate_app, name="generate")
app.add_typer(events_app, name="events")
console = Console()


def _runtime(demo: bool = False) -> Runtime:
    settings = Settings(demo=demo) if demo else Settings()
    try:
        rt = Runtime.build(settings)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    _open_runtimes.append(rt)
    return rt


_open_runtimes: list[Runtime] = []


@app.callback()
def _root(ctx: typer.Context) -> None:
    """Close every pool a command opened when it ends, so no connection outlives it."""

    def close_all() -> None:
        while _open_runtimes:
            _open_runtimes.pop().close()

    ctx.call_on_close(close_all)


def _fail(exc: DentinError) -> None:
    console.print(f"[red]{exc.message}[/red]")
    raise typer.Exit(1)


@app.command()
def migrate() -> None:
    """Bring HQ and then every office database to the newest schema (resumable: offices
    already current are skipped; one that fails is reported and the rest go on)."""
    from dentin import cli_migrate

    cli_migrate.run(_runtime(), console)


def _serve(rt: Runtime, host: str, port: int) -> None:
    import uvicorn

    from dentin.app import create_app
    from dentin.heap import settle_heap

    configure(json=rt.settings.log_json)
    asgi = create_app(rt.settings, rt)
    settle_heap()
    uvicorn.run(asgi, host=host, port=port, log_level="warning", access_log=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (DENTIN_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (DENTIN_PORT).")] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Server processes sharing the port (one per core).")
    ] = 1,
) -> None:
    """Run the production server with settings from the environment."""
    # The options are settings too: each worker, and the internal port for node-to-node
    # relay (DENTIN_NODE_HOST defaults to the host), read them from the environment.
    if host:
        os.environ["DENTIN_HOST"] = host
    if port:
        os.environ["DENTIN_PORT"] = str(port)
    rt = _runtime()
    host, port = host or rt.settings.host, port or rt.settings.port
    if workers == 1:
        _serve(rt, host, port)
        return
    import uvicorn

    from dentin.serving import share_metrics, warn_unshared

    share_metrics()
    warning = warn_unshared(rt.settings, workers)
    if warning:
        console.print(f"[yellow]{warning}[/yellow]")
    _open_runtimes.remove(rt)
    rt.close()  # each worker builds its own runtime from the same environment
    uvicorn.run(
        "dentin.serving:worker_app",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
    )


@app.command()
def demo(
    port: Annotated[int | None, typer.Option(help="Port (DENTIN_PORT, default 8000).")] = None,
    serve_: Annotated[bool, typer.Option("--serve/--no-serve", help="Start the server.")] = True,
) -> None:
    """Set up (idempotently) and run HQ with a demo office on SQLite."""
    from dentin.demo import seed_demo

    rt = _runtime(demo=True)
    creds = seed_demo(rt)
    port = port or rt.settings.port
    base = f"http://{rt.settings.host}:{port}"
    console.rule("[bold]dentin demo[/bold]")
    console.print(f"Data folder        {rt.settings.data_dir.resolve()}")
    console.print(f"DeveloperKey       [bold]{creds.developer_key}[/bold]")
    console.print(
        f"CustomerKey        [bold]{creds.customer_key}[/bold]  (office {creds.office_id})"
    )
    console.print(f"DeveloperPortalKey [bold]{creds.portal_key}[/bold]")
    console.print(f"API docs           {base}/docs")
    _print_portal_sign_ins(rt, creds.office_id, creds.developer_id, base)
    console.print("Try:")
    console.print(
        f"  curl -H 'Authorization: ODFHIR {creds.developer_key}/{creds.customer_key}' "
        f"'{base}/api/v1/preferences?PrefName=DateLastAging'",
        soft_wrap=True,
    )
    console.print(
        f"  curl -H 'Authorization: ODFHIR {creds.developer_key}/{creds.portal_key}' "
        f"'{base}/api/v1/apikeys'",
        soft_wrap=True,
    )
    if serve_:
        _serve(rt, rt.settings.host, port)


def _print_portal_sign_ins(rt: Runtime, office_id: int, developer_id: int, base: str) -> None:
    from dentin.portal.demo_accounts import ensure_demo_accounts

    who = ensure_demo_accounts(rt, office_id, developer_id)
    console.print(f"Portal             {base}/portal/")
    console.print(
        f"  operator         {base}/portal/admin/  {who.operator_email} / {who.operator_password}",
        soft_wrap=True,
    )
    console.print(
        f"  practice admin   {base}/portal/practice/  office {who.office_id}, "
        f"user {who.practice_user} / {who.practice_password}",
        soft_wrap=True,
    )
    console.print(
        f"  developer        {base}/portal/developer/  "
        f"{who.developer_email} / {who.developer_password}",
        soft_wrap=True,
    )


@developer_app.command("add")
def developer_add(
    name: Annotated[str, typer.Argument(help="Company name (shown to offices as DevName).")],
    grant: Annotated[
        str, typer.Option(help="Comma-separated permissions, e.g. patient:read.")
    ] = "",
    email: Annotated[str, typer.Option(help="Billing email.")] = "",
    phone: Annotated[str, typer.Option(help="Contact phone.")] = "",
) -> None:
    """Create an approved developer and print its DeveloperKey and DeveloperPortalKey once."""
    rt = _runtime()
    try:
        issued = developers.create_developer(
            rt.hq,
            company_name=name,
            actor=Actor.cli(),
            permissions=[g for g in grant.split(",") if g.strip()],
            billing_email=email,
            contact_phone=phone,
        )
    except DentinError as exc:
        _fail(exc)
        return
    console.print(f"Developer {issued.developer_id} created. These keys are shown only once:")
    console.print(f"DeveloperKey       [bold]{issued.developer_key}[/bold]")
    console.print(f"DeveloperPortalKey [bold]{issued.portal_key}[/bold]")


@developer_app.command("list")
def developer_list() -> None:
    """List developers with their status, permissions and key hints."""
    rt = _runtime()
    table = Table("id", "company", "status", "DeveloperKey", "PortalKey", "permissions")
    for dev in developers.list_developers(rt.hq):
        table.add_row(
            str(dev.id),
            dev.company_name,
            dev.status,
            f"…{dev.developer_key_hint}",
            f"…{dev.portal_key_hint}",
            ", ".join(dev.permissions)
            if len(dev.permissions) < 8
            else f"{len(dev.permissions)} permissions",
        )
    console.print(table)


@developer_app.command("rotate-key")
def developer_rotate_key(
    developer_id: int,
    portal: Annotated[
        bool, typer.Option("--portal", help="Rotate the DeveloperPortalKey.")
    ] = False,
) -> None:
    """Replace the DeveloperKey (or portal key); the old one is refused at once."""
    rt = _runtime()
    try:
        value = developers.rotate_secret(
            rt.hq, developer_id, "portal" if portal else "developer", Actor.cli()
        )
    except DentinError as exc:
        _fail(exc)
        return
    label = "DeveloperPortalKey" if portal else "DeveloperKey"
    console.print(f"New {label} (shown only once): [bold]{value}[/bold]")


@office_app.command("add")
def office_add(
    name: str,
    enable_api: Annotated[
        bool, typer.Option("--enable-api", help="Check API Setup's Enabled box.")
    ] = False,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="Office database URL (default SQLite); PostgreSQL with ?office_schema=NAME "
            "keeps the office in that schema of a shared database."
        ),
    ] = None,
    region: Annotated[str | None, typer.Option(help="Region (default this HQ's).")] = None,
    time_zone: Annotated[
        str,
        typer.Option(help="The office's IANA time zone: stamps and serverDateTime use it."),
    ] = "UTC",
) -> None:
    """Register an office and create its database."""
    from dentin.office import schemas
    from dentin.office.clock import set_office_zone, zone_named

    rt = _runtime()
    try:
        where = schemas.locate(database_url) if database_url else None
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    try:
        zone_named(time_zone)
        view = offices.create_office(
            rt.hq,
            name=name,
            actor=Actor.cli(),
            api_enabled=enable_api,
            database_url=database_url,
            region=region,
        )
    except DentinError as exc:
        _fail(exc)
        return
    from sqlalchemy.exc import SQLAlchemyError

    from dentin.cli_migrate import reason
    from dentin.office.seed import ensure_preferences

    try:
        db = rt.offices.provision(view.id)
        ensure_preferences(db, name)
        zone = set_office_zone(db, time_zone)
    except SQLAlchemyError as exc:
        console.print(
            f"[red]Office {view.id} ({view.name}) is registered, but its database could not be "
            f"set up ({reason(exc)}); fix that and run `dentin migrate`.[/red]"
        )
        raise typer.Exit(1) from None
    console.print(
        f"Office {view.id} ({view.name}) created; API {'enabled' if enable_api else 'disabled'}; "
        f"time zone {zone.key}."
    )
    if where is not None and where.schema is not None:
        server = schemas.display(where.server_url)
        console.print(f"Its data lives in schema {where.schema} of {server} (one shared pool).")


@office_app.command("list")
def office_list() -> None:
    rt = _runtime()
    table = Table("id", "name", "region", "API", "tier", "mode")
    for o in offices.list_offices(rt.hq):
        table.add_row(
            str(o.id),
            o.name,
            o.region,
            "enabled" if o.api_enabled else "disabled",
            o.tier,
            o.api_mode,
        )
    console.print(table)


@app.command("audit")
def audit_cmd(
    limit: int = 50,
    developer: Annotated[int | None, typer.Option(help="Only this developer id.")] = None,
    office: Annotated[int | None, typer.Option(help="Only this office id.")] = None,
    since: Annotated[str | None, typer.Option(help="Only events on or after yyyy-MM-dd.")] = None,
) -> None:
    """The latest audit events, newest first."""
    rt = _runtime()
    since_dt = None
    if since:
        try:
            since_dt = dt.datetime.strptime(since, "%Y-%m-%d")
        except ValueError:
            console.print("[red]--since must be yyyy-MM-dd[/red]")
            raise typer.Exit(2) from None
    table = Table("id", "at", "event", "actor", "source", "developer", "office", "subject")
    for row in audit.latest(
        rt.hq, limit=limit, developer_id=developer, office_id=office, since=since_dt
    ):
        table.add_row(
            str(row.id),
            row.at.isoformat(sep=" "),
            row.event,
            row.actor,
            row.source,
            str(row.developer_id or ""),
            str(row.office_id or ""),
            row.subject,
        )
    console.print(table)


@app.command("scopes")
def scopes_cmd() -> None:
    """List every permission (resource:action) in the catalogue."""
    for scope in sorted(scopes.ALL_SCOPES):
        console.print(scope)


cli_onboarding.register(developer_app, office_app, _runtime, console)
cli_connector.register(office_app, _runtime, console)


@app.command("usage")
def usage_cmd(days: Annotated[int, typer.Option(help="How many days back.")] = 30) -> None:
    """Requests and errors per credential across the platform, busiest first."""
    from dentin.hq import usage

    rt = _runtime()
    table = Table("credential", "developer", "office", "requests", "4xx", "5xx", "error rate")
    for row in usage.platform_totals(rt.hq, days):
        rate = (row.errors_4xx + row.errors_5xx) / row.requests if row.requests else 0.0
        table.add_row(
            row.meter_id,
            str(row.developer_id or ""),
            str(row.office_id or ""),
            str(row.requests),
            str(row.errors_4xx),
            str(row.errors_5xx),
            f"{rate:.1%}",
        )
    console.print(table)


@office_app.command("tier")
def office_tier(
    office_id: int,
    set_tier: Annotated[
        str | None, typer.Option("--set", help="standard, professional or enterprise.")
    ] = None,
    add_addon: Annotated[
        list[str] | None, typer.Option("--add-addon", help="e.g. api-access")
    ] = None,
    remove_addon: Annotated[list[str] | None, typer.Option("--remove-addon")] = None,
) -> None:
    """Show or change an office's subscription tier and add-ons (API access is gated by it)."""
    from dentin.hq import tiers

    rt = _runtime()
    try:
        if set_tier is None and not add_addon and not remove_addon:
            features = tiers.features(rt.hq, office_id)
        else:
            features = tiers.set_tier(
                rt.hq, office_id, Actor.cli(), tier=set_tier, add=add_addon, remove=remove_addon
            )
    except DentinError as exc:
        _fail(exc)
        return
    access = f"on (via {features.api_access_via})" if features.api_access else "locked"
    console.print(
        f"Office {office_id}: tier {features.tier}, add-ons {', '.join(features.addons) or 'none'}, "
        f"API access {access}"
    )


@office_app.command("token-expiry")
def office_token_expiry(
    office_id: int,
    days: Annotated[int, typer.Argument(help="Days without use after which a key expires.")],
) -> None:
    """Set how many days without use expire this office's practice tokens (default 14)."""
    from dentin.hq import offices

    rt = _runtime()
    try:
        offices.set_unused_token_days(rt.hq, office_id, days, Actor.cli())
    except DentinError as exc:
        _fail(exc)
        return
    console.print(f"Office {office_id}: practice tokens expire after {days} days without use.")
