"""``dentin migrate``: HQ first, then every office HQ hosts, one at a time, with a progress bar.

Resumable by construction: an office already current is skipped, and each office is migrated
in one transaction on PostgreSQL (``OfficeRegistry.provision``), so a run stopped anywhere
leaves every office either done or untouched, and the next run continues with the rest. An
office that fails is reported and the others still go ahead; the command then exits 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dentin.errors import DentinError
from dentin.hq import offices
from dentin.hq.offices import OfficeView
from dentin.runtime import Runtime

INTERRUPTED = 130  # the shell's code for a run stopped with Ctrl-C


@dataclass
class Tally:
    migrated: int = 0
    current: int = 0
    connected: int = 0
    failed: list[tuple[OfficeView, str]] = field(default_factory=list)


def reason(exc: BaseException) -> str:
    """One line on why an office failed: the database's own first line, never a traceback
    (nor the URL: SQLAlchemy's messages carry the statement, not the password)."""
    orig = getattr(exc, "orig", None) or exc
    first = (str(orig).strip().splitlines() or [""])[0]
    return f"{type(orig).__name__}: {first}"[:300] if first else type(orig).__name__


def migrate_offices(rt: Runtime, console: Console) -> Tally:
    tally = Tally()
    listed = offices.list_offices(rt.hq)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("offices", total=len(listed))
        for office in listed:
            progress.update(task, description=f"office {office.id} ({office.name})")
            try:
                if rt.reach.relayed(office.id):
                    tally.connected += 1  # its database lives at the office, which migrates it
                elif rt.offices.current(office.id):
                    tally.current += 1
                else:
                    rt.offices.provision(office.id)
                    tally.migrated += 1
                    console.print(f"office {office.id} ({office.name}) migrated")
            except Exception as exc:  # any cause: report it and go on with the others
                why = exc.message if isinstance(exc, DentinError) else reason(exc)
                tally.failed.append((office, why))
                console.print(f"[red]office {office.id} ({office.name}) failed: {why}[/red]")
            progress.advance(task)
        progress.update(task, description="offices")
    return tally


def run(rt: Runtime, console: Console) -> None:
    rt.migrate_hq()
    console.print("[green]HQ migrated[/green]")
    try:
        tally = migrate_offices(rt, console)
    except KeyboardInterrupt:
        console.print(
            "[yellow]Interrupted. Offices already migrated stay migrated; run `dentin migrate` "
            "again to continue with the rest.[/yellow]"
        )
        raise typer.Exit(INTERRUPTED) from None
    summary = (
        f"Offices: {tally.migrated} migrated, {tally.current} already current, "
        f"{len(tally.failed)} failed"
    )
    if tally.connected:
        summary += f", {tally.connected} connected (migrated at the office)"
    console.print(summary + ".")
    if tally.failed:
        console.print(
            "[red]Fix what each failed office names and run `dentin migrate` again: offices "
            "already current are skipped.[/red]"
        )
        raise typer.Exit(1)
