"""``dentin office aging ...``: run the aging service now, or look at an aging report."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from dentin.cli_office_db import DatabaseOpt, at_office, refuse_connected
from dentin.config import Settings
from dentin.hq import offices
from dentin.office import aging
from dentin.runtime import Runtime

aging_app = typer.Typer(no_args_is_help=True, help="Aging: family balances and DateLastAging.")
console = Console()


def _runtime() -> Runtime:
    try:
        return Runtime.build(Settings())
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _day(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        console.print(f"[red]--date must be yyyy-MM-dd, got {value!r}[/red]")
        raise typer.Exit(2) from None


@aging_app.command("run")
def run(
    office: Annotated[int | None, typer.Option(help="Only this office id (default: all).")] = None,
    date: Annotated[str | None, typer.Option(help="Age as of yyyy-MM-dd (default today).")] = None,
    database: DatabaseOpt = None,
) -> None:
    """Recompute every family's aging now and set DateLastAging, as the nightly run does."""
    day = _day(date)
    if database is not None:
        with at_office(Settings(), office, database, console) as db:
            _print_run(db.office_id, aging.recompute(db, day))
        return
    rt = _runtime()
    try:
        if office is not None:
            refuse_connected(rt, office, "its accounts", console)
            ids = [office]
        else:
            ids = [o.id for o in offices.list_offices(rt.hq)]
        for office_id in ids:
            if rt.reach.relayed(office_id):
                console.print(f"office {office_id}: connected; it ages itself at the office")
                continue
            _print_run(office_id, aging.recompute(rt.offices.get(office_id), day))
    finally:
        rt.close()


def _print_run(office_id: int, result: aging.AgingRun) -> None:
    console.print(
        f"office {office_id}: aged as of {result.as_of}, "
        f"{result.patients_changed} patients changed in {result.seconds:.2f} s"
    )


@aging_app.command("report")
def report(
    office: Annotated[int, typer.Argument(help="Office id.")],
    date: Annotated[str | None, typer.Option(help="As of yyyy-MM-dd (default today).")] = None,
    clinic: Annotated[int | None, typer.Option(help="Only this clinic's entries.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 20,
    database: DatabaseOpt = None,
) -> None:
    """Show the aging report (what GET /reports/Aging returns) without changing accounts."""
    day = _day(date)
    if database is not None:
        with at_office(Settings(), office, database, console) as db:
            rows = aging.family_aging(db, day, clinic)
    else:
        rt = _runtime()
        try:
            refuse_connected(rt, office, "its accounts", console)
            rows = aging.family_aging(rt.offices.get(office), day, clinic)
        finally:
            rt.close()
    table = Table("PatNum", "patName", "0-30", "31-60", "61-90", "90+", "Total", "InsEst", "Pat")
    for row in rows[:limit]:
        table.add_row(
            str(row.PatNum),
            row.patName,
            f"{row.Bal_0_30:.2f}",
            f"{row.Bal_31_60:.2f}",
            f"{row.Bal_61_90:.2f}",
            f"{row.BalOver90:.2f}",
            f"{row.BalTotal:.2f}",
            f"{row.InsPayEst + row.InsWoEst:.2f}",
            f"{row.PatientPortion:.2f}",
        )
    console.print(table)
    console.print(f"{len(rows)} families with a balance or pending insurance")
