"""Which office database a CLI command may open: HQ's, for an office HQ hosts, or the office's
own (``--database URL``, run at the office) for one connected through its connector.

The CLI holds no link to any office, and HQ never opens a connected office's database; so a
command that needs one stops with a sentence saying where to run it instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from dentin.config import Settings, local_secret
from dentin.office.registry import OfficeDatabase, OfficeRegistry
from dentin.runtime import Runtime

CREDENTIAL_FILE = "connector.json"  # as ``connector.office_process`` saves the pairing

DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        help="At a connected office: its own database URL (the one `dentin office connect` "
        "or `dentin office serve` uses)."
    ),
]


def refuse_connected(rt: Runtime, office_id: int, what: str, console: Console) -> None:
    """Exit 1 with where to run it, when ``office_id`` is reached through its connector."""
    if not rt.reach.relayed(office_id):
        return
    console.print(
        f"[red]Office {office_id} is connected to HQ through its connector, so {what} live in "
        "its own database at the office, which HQ never opens: run this command at the "
        "office, with --database and the database URL its `dentin office connect` or "
        "`dentin office serve` uses.[/red]"
    )
    raise typer.Exit(1)


def paired_office(settings: Settings) -> int | None:
    """The office number this data folder's connector was paired as, if it was."""
    try:
        return int(json.loads((settings.data_dir / CREDENTIAL_FILE).read_text())["office"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextmanager
def at_office(
    settings: Settings, office_id: int | None, database: str, console: Console
) -> Iterator[OfficeDatabase]:
    """The office's own database, opened at the office with the office's own secret."""
    paired = paired_office(settings)
    if paired is not None and office_id is not None and office_id != paired:
        console.print(
            f"[red]This office's connector is paired as office {paired}, not {office_id}; "
            f"name office {paired}.[/red]"
        )
        raise typer.Exit(1)
    number = office_id or paired or 1
    try:
        if settings.secret_key is None:
            local_secret(settings.data_dir)  # the office's own secret, as `office serve`
        registry = OfficeRegistry(settings, lambda _office_id: database)
        db = registry.provision(number)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    except SQLAlchemyError as exc:
        console.print(
            f"[red]The office database at --database could not be opened "
            f"({type(exc).__name__}); check the URL.[/red]"
        )
        raise typer.Exit(2) from None
    try:
        yield db
    finally:
        registry.dispose()
