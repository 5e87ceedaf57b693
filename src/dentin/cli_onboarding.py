"""CLI for developer onboarding and the office's API Setup (``dentin developer ...``,
``dentin office user ...``, ``dentin office api ...``).

Kept apart from ``cli.py`` so the main CLI stays small; ``register`` hangs these commands on
the ``developer`` and ``office`` groups. Every command calls the same actions as the HTTP routes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dentin.cli_office_db import DatabaseOpt, at_office, refuse_connected
from dentin.config import Settings
from dentin.connector.outbox import FileOutbox
from dentin.errors import DentinError
from dentin.hq import applications, office_setup
from dentin.hq.application_form import parse_form
from dentin.hq.context import Actor
from dentin.office import users
from dentin.office.outbound import Outbound
from dentin.office.registry import OfficeDatabase
from dentin.runtime import Runtime
from dentin.wire import od_datetime

# Who the audit log names for a command run at a connected office (``--database``).
AT_THE_OFFICE = Actor("office:cli", "office")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def register(
    developer_app: typer.Typer,
    office_app: typer.Typer,
    runtime: Callable[[], Runtime],
    console: Console,
) -> None:
    def fail(exc: DentinError) -> None:
        console.print(f"[red]{exc.message}[/red]")
        for name, problem in (exc.extra.get("fields") or {}).items():
            console.print(f"  [red]{name}[/red]: {problem}")
        raise typer.Exit(1)

    _developer_commands(developer_app, runtime, console, fail)
    _office_commands(office_app, runtime, console, fail)


def _developer_commands(
    developer_app: typer.Typer,
    runtime: Callable[[], Runtime],
    console: Console,
    fail: Callable[[DentinError], None],
) -> None:
    @developer_app.command("apply")
    def apply(
        company: Annotated[str, typer.Option(help="Product/integration owner (company name).")],
        phone: Annotated[str, typer.Option(help="Contact phone number.")],
        billing_email: Annotated[str, typer.Option(help="Email address for long-term billing.")],
        billing_address: Annotated[str, typer.Option(help="Mailing address for billing.")],
        permissions: Annotated[
            str, typer.Option(help="Comma-separated resource:action, e.g. patient:read.")
        ],
        description: Annotated[str, typer.Option(help="What the application does and why.")],
        third_party_name: Annotated[str, typer.Option(help="3rd-party developer name.")] = "",
        third_party_email: Annotated[str, typer.Option(help="3rd-party developer email.")] = "",
        login_email: Annotated[str, typer.Option(help="Developer Portal sign-in email.")] = "",
        with_password: Annotated[
            bool, typer.Option("--password", help="Prompt for a portal password.")
        ] = False,
    ) -> None:
        """Submit seed 000's developer application; it stays pending until approved."""
        password = (
            typer.prompt("Portal password", hide_input=True, confirmation_prompt=True)
            if with_password
            else None
        )
        rt = runtime()
        try:
            form = parse_form(
                {
                    "CompanyName": company,
                    "ContactPhone": phone,
                    "BillingEmail": billing_email,
                    "BillingAddress": billing_address,
                    "ThirdPartyDeveloperName": third_party_name,
                    "ThirdPartyDeveloperEmail": third_party_email,
                    "RequestedPermissions": _split(permissions),
                    "Description": description,
                    "LoginEmail": login_email,
                    "Password": password,
                }
            )
            view = applications.submit(rt.hq, form, Actor.cli())
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"Application {view.id} from {view.company_name} is pending.")

    @developer_app.command("applications")
    def list_pending(
        every: Annotated[
            bool, typer.Option("--all", help="Every account, not only pending.")
        ] = False,
    ) -> None:
        """List pending applications (oldest first)."""
        rt = runtime()
        table = Table("id", "company", "status", "submitted", "billing email", "requested")
        for view in applications.list_applications(rt.hq, None if every else "pending"):
            table.add_row(
                str(view.id),
                view.company_name,
                view.status,
                od_datetime(view.submitted_at),
                view.billing_email,
                ", ".join(view.requested_permissions),
            )
        console.print(table)

    @developer_app.command("approve")
    def approve(
        developer_id: int,
        grant: Annotated[
            str, typer.Option(help="Comma-separated permissions (default: what was requested).")
        ] = "",
    ) -> None:
        """Approve an application; prints the DeveloperKey and DeveloperPortalKey once."""
        rt = runtime()
        try:
            issued = applications.approve(
                rt.hq, developer_id, Actor.cli(), grant=_split(grant) if grant else None
            )
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"Developer {developer_id} approved. These keys are shown only once:")
        console.print(f"DeveloperKey       [bold]{issued.developer_key}[/bold]")
        console.print(f"DeveloperPortalKey [bold]{issued.portal_key}[/bold]")

    def transition(name: str, action: Callable[..., applications.ApplicationView]) -> None:
        @developer_app.command(name)
        def command(
            developer_id: int,
            reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")] = "",
        ) -> None:
            rt = runtime()
            try:
                view = action(rt.hq, developer_id, Actor.cli(), reason)
            except DentinError as exc:
                fail(exc)
                return
            console.print(f"Developer {developer_id} ({view.company_name}) is now {view.status}.")

        command.__doc__ = {
            "reject": "Reject a pending application.",
            "suspend": "Suspend a developer: every key is refused from the next request on.",
            "reinstate": "Lift a suspension.",
        }[name]

    transition("reject", applications.reject)
    transition("suspend", applications.suspend)
    transition("reinstate", applications.reinstate)

    @developer_app.command("grant")
    def grant_cmd(developer_id: int, permissions: str) -> None:
        """Grant comma-separated permissions (e.g. appointment:create,patient:update)."""
        rt = runtime()
        try:
            held = applications.grant(rt.hq, developer_id, _split(permissions), Actor.cli())
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"Developer {developer_id} now holds: {', '.join(held)}")

    @developer_app.command("revoke-grant")
    def revoke_cmd(developer_id: int, permissions: str) -> None:
        """Take comma-separated permissions away; calls needing them get 403 at once."""
        rt = runtime()
        try:
            held = applications.revoke_grant(rt.hq, developer_id, _split(permissions), Actor.cli())
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"Developer {developer_id} now holds: {', '.join(held) or 'nothing'}")

    @developer_app.command("set-password")
    def set_password(
        developer_id: int,
        login_email: Annotated[str, typer.Option(help="Also set the sign-in email.")] = "",
    ) -> None:
        """Set or reset a developer's portal password (prompts); clears a lockout."""
        password = typer.prompt("New portal password", hide_input=True, confirmation_prompt=True)
        rt = runtime()
        try:
            view = applications.set_password(
                rt.hq, developer_id, password, Actor.cli(), login_email=login_email or None
            )
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"Portal password set for {view.login_email}.")

    @developer_app.command("move-key")
    def move_key(
        customer_key: str,
        office_id: int,
        force: Annotated[
            bool, typer.Option("--force", help="Move even if that office holds none of its keys.")
        ] = False,
    ) -> None:
        """Move a CustomerKey to another office; effective on the next request."""
        rt = runtime()
        try:
            moved = office_setup.move_key(
                rt.hq,
                rt.reach,
                None,
                customer_key,
                office_id,
                Actor.cli(),
                require_trust=not force,
            )
        except DentinError as exc:
            fail(exc)
            return
        console.print(
            f"CustomerKey {moved.key.key} moved from office {moved.from_office_id or '-'} "
            f"to office {office_id}."
        )


def _office_commands(
    office_app: typer.Typer,
    runtime: Callable[[], Runtime],
    console: Console,
    fail: Callable[[DentinError], None],
) -> None:
    user_app = typer.Typer(no_args_is_help=True, help="Practice users (userod).")
    api_app = typer.Typer(no_args_is_help=True, help="The office's API Setup.")
    office_app.add_typer(user_app, name="user")
    office_app.add_typer(api_app, name="api")

    @contextmanager
    def office_users(
        office_id: int, database: str | None
    ) -> Iterator[tuple[OfficeDatabase, Outbound, Actor]]:
        """HQ's copy of a hosted office, or (``--database``, at the office) the office's own;
        there the events wait in the data folder until the office's connector reports them."""
        if database is not None:
            settings = Settings()
            with at_office(settings, office_id, database, console) as db:
                yield db, FileOutbox(settings.data_dir), AT_THE_OFFICE
            console.print("HQ's audit log gets this when the office's connector is next linked.")
            return
        rt = runtime()
        refuse_connected(rt, office_id, "its practice users", console)
        yield rt.offices.get(office_id), rt.hq, Actor.cli()

    @user_app.command("add")
    def user_add(
        office_id: int,
        user_name: str,
        admin: Annotated[bool, typer.Option("--admin", help="A practice administrator.")] = False,
        database: DatabaseOpt = None,
    ) -> None:
        """Add a practice user (prompts for the password)."""
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            with office_users(office_id, database) as (db, out, actor):
                view = users.add_user(out, db, user_name, password, actor, is_admin=admin)
                role = "administrator" if view.is_admin else "user"
                console.print(f"User {view.user_num} ({view.user_name}) added as {role}.")
        except DentinError as exc:
            fail(exc)

    @user_app.command("set-password")
    def user_password(office_id: int, user_name: str, database: DatabaseOpt = None) -> None:
        """Reset a practice user's password (prompts); ends their sessions, lifts a lockout."""
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
        try:
            with office_users(office_id, database) as (db, out, actor):
                users.set_password(out, db, user_name, password, actor)
                console.print(f"Password reset for {user_name}.")
        except DentinError as exc:
            fail(exc)

    @user_app.command("disable")
    def user_disable(office_id: int, user_name: str, database: DatabaseOpt = None) -> None:
        """Hide a practice user: sign-in and sessions stop at once."""
        try:
            with office_users(office_id, database) as (db, out, actor):
                users.disable_user(out, db, user_name, actor)
                console.print(f"User {user_name} disabled.")
        except DentinError as exc:
            fail(exc)

    @user_app.command("rights")
    def user_rights(
        office_id: int,
        user_name: str,
        user_scopes: Annotated[
            str,
            typer.Option(
                "--scopes",
                help="The user's whole set of rights, comma-separated resource:action "
                '(e.g. patient:read,appointment:read); "" for none.',
            ),
        ],
        admin: Annotated[
            bool | None,
            typer.Option("--admin/--no-admin", help="Make or unmake a practice administrator."),
        ] = None,
        database: DatabaseOpt = None,
    ) -> None:
        """Replace a practice user's rights; their API keys lose what they lose, at once."""
        try:
            with office_users(office_id, database) as (db, out, actor):
                view = users.set_rights(
                    out, db, user_name, _split(user_scopes), actor, is_admin=admin
                )
                held = (
                    "every right (administrator)"
                    if view.is_admin
                    else ", ".join(sorted(view.scopes))
                )
                console.print(f"User {view.user_name} now holds: {held or 'no rights'}.")
        except DentinError as exc:
            fail(exc)

    def set_enabled(office_id: int, enabled: bool) -> None:
        rt = runtime()
        try:
            view = office_setup.set_enabled(rt.hq, office_id, enabled, Actor.cli())
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"API {'enabled' if view.enabled else 'disabled'} for office {office_id}.")

    @api_app.command("enable")
    def api_enable(office_id: int) -> None:
        """Check API Setup's Enabled box."""
        set_enabled(office_id, True)

    @api_app.command("disable")
    def api_disable(office_id: int) -> None:
        """Uncheck Enabled: every key of the office is refused from the next request on."""
        set_enabled(office_id, False)

    @api_app.command("add-key")
    def api_add_key(office_id: int, customer_key: str) -> None:
        """Add Key: assign a developer's CustomerKey to this office."""
        rt = runtime()
        try:
            item = office_setup.add_key(rt.hq, rt.reach, office_id, customer_key, Actor.cli())
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"CustomerKey {item.key.key} of {item.developer_name} added.")

    @api_app.command("keys")
    def api_keys(office_id: int) -> None:
        """The API Setup window: Enabled, each key and its developer's (read-only) permissions."""
        rt = runtime()
        try:
            view = office_setup.setup_view(rt.hq, office_id)
        except DentinError as exc:
            fail(exc)
            return
        console.print(
            f"Office {view.office_id} ({view.office_name}): API "
            f"{'enabled' if view.enabled else 'disabled'}. Information from HQ."
        )
        table = Table("CustomerKey", "status", "developer", "assigned", "permissions")
        for item in view.keys:
            table.add_row(
                item.key.key,
                item.key.status,
                item.developer_name,
                od_datetime(item.key.datetime_assigned),
                ", ".join(item.permissions),
            )
        console.print(table)

    def key_status(office_id: int, customer_key: str, status: str) -> None:
        rt = runtime()
        try:
            item = office_setup.set_key_status(rt.hq, office_id, customer_key, status, Actor.cli())
        except DentinError as exc:
            fail(exc)
            return
        console.print(f"CustomerKey {item.key.key} is now {item.key.status}.")

    @api_app.command("disable-key")
    def api_disable_key(office_id: int, customer_key: str) -> None:
        """Disable a key from the practice side (DisabledByCustomer)."""
        key_status(office_id, customer_key, "DisabledByCustomer")

    @api_app.command("enable-key")
    def api_enable_key(office_id: int, customer_key: str) -> None:
        """Enable a key the practice had disabled."""
        key_status(office_id, customer_key, "Enabled")
