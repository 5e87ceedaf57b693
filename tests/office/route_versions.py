"""Reads ``route_versions.csv``: every office route, the Open Dental version it appeared in
("Version Added" on its apiXXX page; "dentin" for a route Open Dental does not document), and
its permission. ``test_route_versions.py`` keeps the table and the app's route table in step."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

TABLE = Path(__file__).with_name("route_versions.csv")


@dataclass(frozen=True)
class RouteRow:
    method: str
    path: str
    version: str
    permission: str


def rows() -> list[RouteRow]:
    with TABLE.open(newline="") as handle:
        return [
            RouteRow(r["method"], r["path"], r["open_dental_version"], r["permission"])
            for r in csv.DictReader(handle)
        ]
