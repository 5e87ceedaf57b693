"""``dentin generate office NAME --patients N``: a synthetic practice for benches and demos.

Re-running with the same name finds the office and leaves a populated one alone, so scripts
(the office-reads bench among them) can call it to make sure the office exists.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from dentin.config import Settings
from dentin.errors import DentinError
from dentin.hq import offices
from dentin.hq.context import Actor
from dentin.office.generate import GenerateResult, generate_office, office_has_patients
from dentin.office.seed import ensure_preferences
from dentin.runtime import Runtime

generate_app = typer.Typer(no_args_is_help=True, help="Synthetic data for benches and demos.")
console = Console()


@generate_app.command("office")
def generate_office_cmd(
    name: Annotated[str, typer.Argument(help="Office name; registered at HQ if missing.")],
    patients: Annotated[int, typer.Option(min=1, help="How many patients to make.")] = 1000,
    seed: Annotated[int, typer.Option(help="Same seed, same practice.")] = 0,
    as_of: Annotated[
        str | None, typer.Option(help="The practice's today, yyyy-MM-dd (default: today).")
    ] = None,
    database_url: Annotated[
        str | None, typer.Option(help="Database URL for a new office (default SQLite).")
    ] = None,
) -> None:
    """Register the office (API enabled) if needed and fill it with families, visits and ledger."""
    day = None
    if as_of:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            console.print("[red]--as-of must be a date in the form yyyy-MM-dd.[/red]")
            raise typer.Exit(2) from None
    try:
        rt = Runtime.build(Settings())
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None
    try:
        result = _generate(rt, name, patients, seed, day, database_url)
    except DentinError as exc:
        console.print(f"[red]{exc.message}[/red]")
        raise typer.Exit(1) from None
    finally:
        rt.close()
    if result is not None:
        _report(name, result)


def _generate(
    rt: Runtime, name: str, patients: int, seed: int, as_of: dt.date | None, url: str | None
) -> GenerateResult | None:
    rt.migrate_hq()
    office = offices.find_office(rt.hq, name)
    if office is None:
        # Enterprise, like the demo: API access comes with that tier (seed 003), and a synthetic
        # practice exists to be read through the API.
        office = offices.create_office(
            rt.hq, name=name, actor=Actor.cli(), api_enabled=True, database_url=url,
            tier="enterprise",
        )  # fmt: skip
        console.print(f"Office {office.id} ({office.name}) registered with the API enabled.")
    db = rt.offices.provision(office.id)
    ensure_preferences(db, office.name)
    if office_has_patients(db):
        console.print(f"Office {office.id} ({office.name}) already has patients; left as it is.")
        return None
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("patients"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("patients", total=patients)

        def update(phase: str, done: int) -> None:
            progress.update(task, description=phase, completed=done)

        return generate_office(db, patients, seed=seed, as_of=as_of, on_progress=update)


def _report(name: str, result: GenerateResult) -> None:
    table = Table("table", "rows", title=f"{name}: seed {result.seed}, as of {result.as_of}")
    for table_name, count in result.counts.items():
        table.add_row(table_name, f"{count:,}")
    table.add_row("[bold]ledger rows[/bold]", f"[bold]{result.ledger_rows:,}[/bold]")
    console.print(table)
    console.print(
        f"{result.patients:,} patients in {result.families:,} families, "
        f"{result.ledger_rows:,} ledger rows in {result.seconds:.1f} s."
    )
