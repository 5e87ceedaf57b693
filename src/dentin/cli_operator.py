"""``dentin operator ...``: accounts for the people who run the platform (/portal/admin)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from dentin.config import Settings
from dentin.errors import DentinError
from dentin.hq import operators
from dentin.hq.context import Actor
from dentin.runtime import Runtime

operator_app = typer.Typer(no_args_is_help=True, help="Operators who sign in to /portal/admin.")
console = Console()

PasswordOption = Annotated[
    str,
    typer.Option(
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="DENTIN_OPERATOR_PASSWORD",
        help=f"At least {operators.MIN_PASSWORD_LENGTH} characters; prompted when omitted.",
    ),
]


def _runtime() -> Runtime:
    try:
        return Runtime.build(Settings())
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@operator_app.command("add")
def operator_add(
    email: str,
    password: PasswordOption,
    name: Annotated[str, typer.Option(help="Display name.")] = "",
) -> None:
    """Create an operator account."""
    rt = _runtime()
    try:
        view = operators.create_operator(rt.hq, email, password, Actor.cli(), name=name)
    except DentinError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    finally:
        rt.close()
    console.print(f"Operator {view.email} created; sign in at /portal/admin.")


@operator_app.command("set-password")
def operator_set_password(email: str, password: PasswordOption) -> None:
    """Reset an operator's password (this also lifts a lockout)."""
    rt = _runtime()
    try:
        view = operators.set_password(rt.hq, email, password, Actor.cli())
    except DentinError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    finally:
        rt.close()
    console.print(f"Password for {view.email} changed.")
